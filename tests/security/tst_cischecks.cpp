// The CIS checks of tests/common/cischecks.h must be able to fail: each one is fed the inspect JSON
// of a container created (never started) with exactly what it forbids.
#include "cischecks.h"
#include "docker/dockerclient.h"
#include "testutil.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ff;

class TestCisChecks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void badContainerFails_data();
    void badContainerFails();
    void everyCheckIsCovered();
    void cleanupTestCase();

private:
    QString create(const QStringList &options);
    QJsonObject inspect(const QString &id);

    docker::DockerClient *m_client = nullptr;
    QTemporaryDir m_tmp;
    QStringList m_created;
    QJsonObject m_hostile;   // host namespaces, privileged, sensitive binds, …
    QJsonObject m_published; // a published port (not possible with the host network)
    QStringList m_seen;
};

QString TestCisChecks::create(const QStringList &options)
{
    QProcess p;
    p.start(QStringLiteral("docker"),
            QStringList{QStringLiteral("create"), QStringLiteral("--label"),
                        QStringLiteral("fuzzforge.test=tst_cischecks")} +
                options + QStringList{QStringLiteral("debian:bookworm-slim"), QStringLiteral("true")});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        qWarning("docker create: %s", p.readAllStandardError().constData());
        return {};
    }
    const QString id = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    m_created << id;
    return id;
}

QJsonObject TestCisChecks::inspect(const QString &id)
{
    const auto info = test::wait(m_client->inspectContainer(id));
    return info ? info->raw : QJsonObject();
}

void TestCisChecks::initTestCase()
{
    m_client = docker::DockerClient::fromEnvironment(this);
    QVERIFY2(test::wait(m_client->ping()).ok(), "the Docker engine must answer");
    QVERIFY(m_tmp.isValid());
    const QString hostile = create({
        QStringLiteral("--privileged"),
        QStringLiteral("--cap-add=SYS_ADMIN"),
        QStringLiteral("--network=host"),
        QStringLiteral("--pid=host"),
        QStringLiteral("--ipc=host"),
        QStringLiteral("--user=0:0"),
        QStringLiteral("--security-opt=seccomp=unconfined"),
        QStringLiteral("--device=/dev/null:/dev/xnull"),
        QStringLiteral("-v"),
        QStringLiteral("/etc:/host-etc:ro"),
        QStringLiteral("-v"),
        QStringLiteral("/var/run/docker.sock:/var/run/docker.sock"),
        QStringLiteral("-v"),
        m_tmp.path() + QStringLiteral(":/target"),
    });
    QVERIFY(!hostile.isEmpty());
    m_hostile = inspect(hostile);
    QVERIFY(!m_hostile.isEmpty());
    const QString published = create({QStringLiteral("-p"), QStringLiteral("127.0.0.1::8080")});
    QVERIFY(!published.isEmpty());
    m_published = inspect(published);
    QVERIFY(!m_published.isEmpty());
}

void TestCisChecks::cleanupTestCase()
{
    for (const QString &id : std::as_const(m_created))
        test::wait(m_client->removeContainer(id, true));
}

void TestCisChecks::badContainerFails_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("published");
    for (const auto &c : test::cis::checks())
        QTest::addRow("%s %s", qPrintable(c.id), qPrintable(c.name))
            << c.id << (c.id == QLatin1String("ff.ports"));
}

void TestCisChecks::badContainerFails()
{
    QFETCH(QString, id);
    QFETCH(bool, published);
    const auto all = test::cis::checks();
    const auto c =
        std::find_if(all.cbegin(), all.cend(), [&id](const test::cis::Check &x) { return x.id == id; });
    QVERIFY(c != all.cend());
    const QString failure = c->failure(published ? m_published : m_hostile, QStringLiteral("none"));
    QVERIFY2(!failure.isEmpty(), "the check passed a container built to fail it");
    m_seen << id;
}

void TestCisChecks::everyCheckIsCovered()
{
    // The rows above ran every check of the header (none missing, none left out by a filter).
    QCOMPARE(m_seen.size(), test::cis::checks().size());
    // 5.5 and 5.31 on what the engine reports for the hostile container, by name.
    const auto all = test::cis::checks();
    for (const auto &c : all)
        if (c.id == QLatin1String("5.5"))
            QVERIFY(c.failure(m_hostile, {}).contains(QLatin1String("/etc")));
}

QTEST_GUILESS_MAIN(TestCisChecks)
#include "tst_cischecks.moc"

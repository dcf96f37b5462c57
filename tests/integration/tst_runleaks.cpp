// What a run leaves on the real engine: nothing. The anonymous volume an image declares
// (VOLUME) goes with the container, and a network the engine creates after the run was
// cancelled is removed, not lost.
#include "docker/dockerclient.h"
#include "testutil.h"
#include "workflowfixture.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace ff;
using namespace ff::run;

class TestRunLeaks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void anonymousVolumeOfTheImageIsRemoved();
    void cancelDuringNetworkCreationLeavesNoNetwork();

private:
    RunSpec userSpec(const QString &id, const QString &script, const QString &extraYaml,
                     const QString &dockerfileExtra = {});
    QList<docker::NetworkInfo> networksOf(const QString &runId);

    docker::DockerClient *m_client = nullptr;
    QTemporaryDir m_tmp;
};

static const QString kEmptySarif =
    QStringLiteral("echo '{\"version\":\"2.1.0\",\"runs\":[]}' > /results/out.sarif");

void TestRunLeaks::initTestCase()
{
    m_client = docker::DockerClient::fromEnvironment(this);
    QVERIFY2(test::wait(m_client->ping()).ok(), "the Docker engine must answer (run packaging/setup.sh)");
    QVERIFY(m_tmp.isValid());
}

RunSpec TestRunLeaks::userSpec(const QString &id, const QString &script, const QString &extraYaml,
                               const QString &dockerfileExtra)
{
    const QString folder = test::writeUserWorkflow(m_tmp.filePath(id), id, script, extraYaml);
    if (!dockerfileExtra.isEmpty()) {
        QFile dockerfile(folder + QStringLiteral("/Dockerfile"));
        if (dockerfile.open(QIODevice::Append))
            dockerfile.write(dockerfileExtra.toUtf8());
    }
    QList<workflow::ManifestError> errors;
    QFile f(folder + QStringLiteral("/workflow.yaml"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto m = workflow::parseManifest(f.readAll(), f.fileName(), folder, &errors);
    if (!m) {
        qWarning("%s", qPrintable(errors.value(0).toString()));
        return {};
    }
    RunSpec spec;
    spec.workflow = m.value();
    spec.parameters = m->resolveParameters({}).value();
    spec.projectPath = m_tmp.filePath(QStringLiteral("project"));
    QDir().mkpath(spec.projectPath);
    spec.outputDir = m_tmp.filePath(QStringLiteral("runs/") + id);
    return spec;
}

QList<docker::NetworkInfo> TestRunLeaks::networksOf(const QString &runId)
{
    docker::Filter filter;
    filter.labels << kLabelRun + QLatin1Char('=') + runId;
    const auto networks = test::wait(m_client->listNetworks(filter));
    if (!networks)
        qWarning("%s", qPrintable(networks.error().toString()));
    return networks ? networks.value() : QList<docker::NetworkInfo>{};
}

void TestRunLeaks::anonymousVolumeOfTheImageIsRemoved()
{
    // An image that declares a volume: the engine gives every container of it an anonymous one.
    RunSpec spec =
        userSpec(QStringLiteral("probe-anonvolume"),
                 QStringLiteral("echo data > /data/x 2>/dev/null; ") + kEmptySarif + QLatin1Char('\n'), {},
                 QStringLiteral("VOLUME /data\n"));
    QVERIFY(!spec.workflow.id.isEmpty());
    WorkflowRun run(m_client, spec);
    QString anonymous;
    connect(&run, &WorkflowRun::containerCreated, this, [this, &anonymous](const QString &id) {
        const auto info = test::wait(m_client->inspectContainer(id));
        if (!info)
            return;
        for (const auto &m : info->raw.value(QLatin1String("Mounts")).toArray()) {
            const QJsonObject mount = m.toObject();
            if (mount.value(QLatin1String("Destination")).toString() == QLatin1String("/data"))
                anonymous = mount.value(QLatin1String("Name")).toString();
        }
    });
    QSignalSpy done(&run, &WorkflowRun::finished);
    run.start();
    QVERIFY(done.wait(600000));
    const RunResult r = done.first().first().value<RunResult>();
    QVERIFY2(r.succeeded(), qPrintable(r.error));
    QVERIFY2(!anonymous.isEmpty(), "the container has an anonymous volume at /data");
    QCOMPARE(test::wait(m_client->inspectContainer(r.containerId)).error().kind, Error::Kind::NotFound);
    QCOMPARE(test::wait(m_client->inspectVolume(r.volumeName)).error().kind, Error::Kind::NotFound);
    const auto left = test::wait(m_client->inspectVolume(anonymous));
    if (left.ok())
        test::wait(m_client->removeVolume(anonymous, true)); // the next run of the test starts clean
    QVERIFY2(!left.ok(), qPrintable(QStringLiteral("volume %1 was left behind").arg(anonymous)));
    QCOMPARE(left.error().kind, Error::Kind::NotFound);
}

void TestRunLeaks::cancelDuringNetworkCreationLeavesNoNetwork()
{
    RunSpec spec = userSpec(QStringLiteral("probe-cancelnet"), QStringLiteral("sleep 60\n") + kEmptySarif,
                            QStringLiteral("network: bridge\n"));
    QVERIFY(!spec.workflow.id.isEmpty());
    WorkflowRun run(m_client, spec);
    bool cancelledAtNetwork = false;
    // Cancel as soon as the network is asked for: its id arrives after the cancel.
    connect(&run, &WorkflowRun::stateChanged, this,
            [&run, &cancelledAtNetwork](RunState state, const QString &detail) {
                if (state == RunState::Preparing && detail == QLatin1String("network") &&
                    !cancelledAtNetwork) {
                    cancelledAtNetwork = true;
                    run.cancel();
                }
            });
    QSignalSpy done(&run, &WorkflowRun::finished);
    run.start();
    QVERIFY(done.wait(600000));
    const RunResult r = done.first().first().value<RunResult>();
    QVERIFY(cancelledAtNetwork);
    QCOMPARE(r.state, RunState::Cancelled);
    QVERIFY(r.containerId.isEmpty()); // cancelled before the container
    const auto left = networksOf(spec.runId.isEmpty() ? r.runId : spec.runId);
    for (const auto &n : left)
        test::wait(m_client->removeNetwork(n.id)); // the next run of the test starts clean
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("%1 network(s) left behind").arg(left.size())));
    QCOMPARE(test::wait(m_client->inspectVolume(r.volumeName)).error().kind, Error::Kind::NotFound);
}

QTEST_GUILESS_MAIN(TestRunLeaks)
#include "tst_runleaks.moc"

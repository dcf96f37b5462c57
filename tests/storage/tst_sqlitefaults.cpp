// What goes wrong with a SQLite file, and the upgrade of an older one in place.
#include "storage/connection.h"
#include "storage/runrecorder.h"
#include "storage/schema.h"
#include "storage/store.h"
#include "testutil.h"

#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ff;
using namespace ff::storage;

class TestSqliteFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void walMode();
    void upgradesAnOlderDatabaseInPlace();
    void notADatabase();
    void fullDiskLosesNothingCommitted();
    void downsamplingKeepsTheShape();

private:
    static run::RunResult bigRun(int i)
    {
        run::RunResult r;
        r.runId = QStringLiteral("big%1").arg(i);
        r.workflowId = QStringLiteral("wf");
        r.workflowVersion = QStringLiteral("1");
        r.projectPath = QStringLiteral("/p");
        r.state = run::RunState::Succeeded;
        for (int k = 0; k < 20; ++k) {
            findings::Finding f;
            f.workflow = r.workflowId;
            f.tool = QStringLiteral("t");
            f.ruleId = QStringLiteral("R%1").arg(k);
            f.message = QString(2000, QLatin1Char('x')); // fills a small disk fast
            f.fingerprint = QStringLiteral("fp-%1-%2").arg(i).arg(k);
            r.findings << f;
        }
        return r;
    }
    QTemporaryDir m_tmp;
};

void TestSqliteFaults::walMode()
{
    auto store = Store::open(
        DatabaseUrl::parse(QStringLiteral("sqlite:") + m_tmp.filePath(QStringLiteral("wal.sqlite"))).value());
    QVERIFY(store.ok());
    auto db = store.value()->reader();
    QVERIFY(db.ok());
    QSqlQuery q(db.value());
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
}

void TestSqliteFaults::upgradesAnOlderDatabaseInPlace()
{
    // A database as version 1 left it, with a run in it.
    const QString path = m_tmp.filePath(QStringLiteral("old.sqlite"));
    const DatabaseUrl url = DatabaseUrl::parse(QStringLiteral("sqlite:") + path).value();
    {
        auto db = openConnection(url, QStringLiteral("v1"));
        QVERIFY(db.ok());
        QVERIFY(
            exec(db.value(), QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)")).ok());
        for (const QString &sql : migrationStatements(1, false))
            QVERIFY2(exec(db.value(), sql).ok(), qPrintable(sql));
        QVERIFY(exec(db.value(), QStringLiteral("INSERT INTO schema_version VALUES (1)")).ok());
        QVERIFY(
            exec(db.value(),
                 QStringLiteral("INSERT INTO projects (path, name, created_at) VALUES ('/old', 'old', 1)"))
                .ok());
        QVERIFY(exec(db.value(),
                     QStringLiteral("INSERT INTO runs (id, project_id, workflow, workflow_version, state) "
                                    "VALUES ('oldrun', 1, 'wf', '0.9', 'succeeded')"))
                    .ok());
        db.value().close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));
    QVERIFY(currentSchemaVersion() >= 2);
    auto store = Store::open(url);
    QVERIFY2(store.ok(), qPrintable(store.error().toString()));
    const auto runs = store.value()->runs(QStringLiteral("/old"));
    QVERIFY(runs.ok());
    QCOMPARE(runs->size(), 1);
    QCOMPARE(runs->first().workflowVersion, QStringLiteral("0.9"));
    auto db = store.value()->reader();
    QSqlQuery q(db.value());
    QVERIFY(q.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) && q.next());
    QCOMPARE(q.value(0).toInt(), currentSchemaVersion());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'findings_run_path'")) &&
            q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

void TestSqliteFaults::notADatabase()
{
    const QString garbage = m_tmp.filePath(QStringLiteral("garbage.sqlite"));
    QFile g(garbage);
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write(QByteArray(8192, 'x'));
    g.close();
    auto corrupt = Store::open(DatabaseUrl::parse(QStringLiteral("sqlite:") + garbage).value());
    QVERIFY(!corrupt.ok());
    QVERIFY2(corrupt.error().message.contains(garbage), qPrintable(corrupt.error().message));
    auto folder = Store::open(DatabaseUrl::parse(QStringLiteral("sqlite:") + m_tmp.path()).value());
    QVERIFY(!folder.ok());
}

void TestSqliteFaults::fullDiskLosesNothingCommitted()
{
    // A real full disk: a 512 KiB tmpfs for the database.
    const QString mountPoint = m_tmp.filePath(QStringLiteral("small-disk"));
    QVERIFY(QDir().mkpath(mountPoint));
    QCOMPARE(QProcess::execute(QStringLiteral("mount"),
                               {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                QStringLiteral("size=512k"), QStringLiteral("tmpfs"), mountPoint}),
             0);
    struct Unmount
    {
        QString path;
        ~Unmount() { QProcess::execute(QStringLiteral("umount"), {path}); }
    } unmount{mountPoint};
    const DatabaseUrl url =
        DatabaseUrl::parse(QStringLiteral("sqlite:") + mountPoint + QStringLiteral("/db.sqlite")).value();
    auto store = Store::open(url);
    QVERIFY2(store.ok(), qPrintable(store.error().toString()));
    int ok = 0;
    Error failure;
    for (int i = 0; i < 200 && !failure.isError(); ++i) {
        const Status s = test::wait(store.value()->recordRun(bigRun(i)));
        if (s)
            ++ok;
        else
            failure = s.error();
    }
    QVERIFY2(failure.isError(), "the small disk must fill up");
    QVERIFY2(failure.message.contains(QLatin1String("full"), Qt::CaseInsensitive),
             qPrintable(failure.message));
    QVERIFY(ok > 0);
    // Every run that was reported recorded is there, whole; the failed one left nothing.
    const auto runs = store.value()->runs();
    QVERIFY2(runs.ok(), qPrintable(runs.error().toString()));
    QCOMPARE(runs->size(), ok);
    for (const auto &r : runs.value())
        QCOMPARE(store.value()->findings(r.id)->size(), 20);
}

void TestSqliteFaults::downsamplingKeepsTheShape()
{
    QList<docker::StatsSample> samples;
    for (int i = 0; i < 3600; ++i) {
        docker::StatsSample s;
        s.read = QDateTime::fromSecsSinceEpoch(1700000000 + i, Qt::UTC);
        s.cpuPercent = i < 1800 ? 10.0 : 90.0;
        s.memoryUsage = i == 1234 ? 999999 : 1000;
        s.netRx = i; // cumulative
        samples << s;
    }
    const auto out = downsample(samples, 720);
    QCOMPARE(out.size(), 720);
    QCOMPARE(out.first().read, samples.first().read);
    QCOMPARE(out.first().cpuPercent, 10.0);
    QCOMPARE(out.last().cpuPercent, 90.0);
    QCOMPARE(out.last().netRx, 3599);
    QVERIFY(std::any_of(out.cbegin(), out.cend(),
                        [](const auto &s) { return s.memoryUsage == 999999; })); // the peak survives
    QCOMPARE(downsample(samples.mid(0, 100), 720).size(), 100);
}

QTEST_GUILESS_MAIN(TestSqliteFaults)
#include "tst_sqlitefaults.moc"

// The fault the writer must survive: PostgreSQL restarted while it is busy writing.
#include "pgserver.h"
#include "storage/store.h"
#include "testutil.h"

#include <QTest>

using namespace ff;
using namespace ff::storage;

class TestPostgresRestart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
    }
    void writerSurvivesServerRestart();
    void unreachableServerFailsTheJobAfterTheRetryLimit();

private:
    test::PostgresServer m_server;
};

static run::RunResult runWithFinding(int i)
{
    run::RunResult r;
    r.runId = QStringLiteral("r%1").arg(i);
    r.workflowId = QStringLiteral("wf");
    r.workflowVersion = QStringLiteral("1");
    r.projectPath = QStringLiteral("/p");
    r.state = run::RunState::Succeeded;
    findings::Finding f;
    f.workflow = r.workflowId;
    f.tool = QStringLiteral("t");
    f.ruleId = QStringLiteral("R");
    f.path = QStringLiteral("a.c");
    f.region.startLine = i;
    f.fingerprint = QStringLiteral("fp%1").arg(i);
    r.findings << f;
    return r;
}

void TestPostgresRestart::writerSurvivesServerRestart()
{
    auto store = Store::open(DatabaseUrl::parse(m_server.url()).value());
    QVERIFY2(store.ok(), qPrintable(store.error().toString()));
    // Keep writing while the server restarts under the writer: every row arrives, once.
    QList<QFuture<Status>> futures;
    for (int i = 0; i < 300; ++i) {
        futures << store.value()->recordRun(runWithFinding(i));
        if (i == 100) {
            QString error;
            QVERIFY2(m_server.restart(&error), qPrintable(error));
        }
    }
    for (int i = 0; i < futures.size(); ++i) {
        const Status s = test::wait(futures[i], 120000);
        QVERIFY2(s.ok(), qPrintable(QStringLiteral("job %1: %2").arg(i).arg(s.error().toString())));
    }
    QVERIFY2(store.value()->writer().reconnects() >= 1, "the restart must have cut the writer's connection");
    const auto runs = store.value()->runs();
    QVERIFY2(runs.ok(), qPrintable(runs.error().toString()));
    QCOMPARE(runs->size(), 300);
    int total = 0;
    for (const auto &r : runs.value())
        total += static_cast<int>(store.value()->findings(r.id)->size());
    QCOMPARE(total, 300);
}

void TestPostgresRestart::unreachableServerFailsTheJobAfterTheRetryLimit()
{
    auto store = Store::open(DatabaseUrl::parse(m_server.url()).value());
    QVERIFY(store.ok());
    store.value()->writer().setRetryLimit(std::chrono::seconds(3));
    QString error;
    QVERIFY2(m_server.stop(&error), qPrintable(error));
    const Status s = test::wait(store.value()->recordRun(runWithFinding(9999)), 60000);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.contains(QLatin1String("could not reconnect")) &&
                 s.error().message.contains(QLatin1String("fuzzforge:***@127.0.0.1")),
             qPrintable(s.error().message));
    QVERIFY2(m_server.startAgain(&error), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestPostgresRestart)
#include "tst_pgrestart.moc"

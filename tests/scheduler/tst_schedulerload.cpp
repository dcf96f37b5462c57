// The scheduler under load against the real engine: 50 runs queued at once with a limit of 3.
// Concurrency is counted by the engine itself (container start and die events of this test's
// containers only), so the test fails both if the limit is ignored and if nothing overlaps.
#include "enginefixture.h"
#include "scheduler/scheduler.h"
#include "testutil.h"
#include "workflowfixture.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace ff;
using namespace ff::scheduler;

class TestSchedulerLoad : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fiftyRunsWithALimitOfThree();

private:
    docker::DockerClient *m_client = nullptr;
    QTemporaryDir m_tmp;
};

void TestSchedulerLoad::initTestCase()
{
    m_client = docker::DockerClient::fromEnvironment(this);
    QVERIFY2(test::wait(m_client->ping()).ok(), "the Docker engine must answer (run packaging/setup.sh)");
}

void TestSchedulerLoad::fiftyRunsWithALimitOfThree()
{
    constexpr int kRuns = 50;
    constexpr int kLimit = 3;
    const QString testLabel =
        QStringLiteral("org.fuzzforge.test=") + QUuid::createUuid().toString(QUuid::Id128);

    // One workflow (so one image); each run sleeps 1.0 to 1.9 s so that runs end out of step.
    const QString wf = test::uniqueName(QStringLiteral("load"));
    const QString folder = test::writeUserWorkflow(
        m_tmp.filePath(wf), wf,
        QStringLiteral("sleep 1.$(( $(od -An -N1 -tu1 /dev/urandom) % 10 ))\n"
                       "echo '{\"version\":\"2.1.0\",\"runs\":[]}' > /results/out.sarif\n"));
    QVERIFY(!folder.isEmpty());
    QFile f(folder + QStringLiteral("/workflow.yaml"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QList<workflow::ManifestError> errors;
    const auto manifest = workflow::parseManifest(f.readAll(), f.fileName(), folder, &errors);
    QVERIFY2(manifest, qPrintable(errors.value(0).toString()));
    run::RunSpec base;
    base.workflow = manifest.value();
    base.parameters = manifest->resolveParameters({}).value();
    base.projectPath = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples/vulnerable-shell");
    base.outputDir = m_tmp.filePath(QStringLiteral("runs"));
    base.extraLabels << testLabel;

    // Both labels must match (the engine ANDs label filters): a run's container of this test.
    docker::Filter filter;
    filter.types << QStringLiteral("container");
    filter.labels << run::kLabelRun << testLabel;
    QPointer<docker::EventStream> events = m_client->events(filter);
    // However the test ends, the stream stops calling into this frame.
    const auto stopEvents = qScopeGuard([&events, this] {
        if (events) {
            events->disconnect(this);
            events->cancel();
        }
    });
    QSignalSpy streamStarted(events.data(), &docker::StreamCall::started);
    QVERIFY(streamStarted.wait(10000));
    QSet<QString> live;
    QSet<QString> started;
    qsizetype peak = 0;
    connect(events, &docker::EventStream::received, this, [&](const docker::DockerEvent &e) {
        if (!e.attributes.contains(run::kLabelRun))
            return;
        if (e.action == QLatin1String("start")) {
            started.insert(e.actorId);
            live.insert(e.actorId);
            peak = std::max(peak, live.size());
        } else if (e.action == QLatin1String("die")) {
            live.remove(e.actorId);
        }
    });

    Limits limits;
    limits.maxConcurrent = kLimit;
    Scheduler s(m_client, nullptr, limits);
    QList<run::RunResult> results;
    connect(&s, &Scheduler::runFinished, this, [&results](const run::RunResult &r) { results << r; });
    int schedulerPeak = 0;
    connect(&s, &Scheduler::runStarted, this,
            [&](run::WorkflowRun *) { schedulerPeak = std::max(schedulerPeak, s.runningCount()); });

    QElapsedTimer clock;
    clock.start();
    QSet<QString> ids;
    for (int i = 0; i < kRuns; ++i) {
        const auto id = s.enqueue(base);
        QVERIFY2(id.ok(), qPrintable(id.error().toString()));
        ids.insert(id.value());
    }
    QCOMPARE(ids.size(), kRuns);
    // About a minute on two cores; generous for a loaded machine.
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), kRuns, 600000);
    const qint64 elapsed = clock.elapsed();
    QTRY_VERIFY_WITH_TIMEOUT(live.isEmpty(), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(started.size(), qsizetype(kRuns), 10000);
    events->cancel();

    QSet<QString> finishedIds;
    for (const auto &r : std::as_const(results)) {
        QVERIFY2(r.succeeded(), qPrintable(r.runId + QStringLiteral(": ") + r.error));
        QCOMPARE(r.attempts, 1);
        finishedIds.insert(r.runId);
    }
    QCOMPARE(finishedIds, ids);
    qInfo("%d runs in %.1f s; peak running: %lld by the engine's events, %d by the scheduler", kRuns,
          static_cast<double>(elapsed) / 1000.0, static_cast<long long>(peak), schedulerPeak);
    QVERIFY2(peak <= kLimit, qPrintable(QString::number(peak)));
    QVERIFY2(peak >= 2, qPrintable(QString::number(peak))); // runs do overlap
    QVERIFY(schedulerPeak <= kLimit);
    QCOMPARE(started.size(), qsizetype(kRuns));
    QCOMPARE(s.runningCount(), 0);
    QCOMPARE(s.queuedCount(), 0);

    docker::Filter mine;
    mine.labels << testLabel;
    const auto left = test::wait(m_client->listContainers(mine, true));
    QVERIFY2(left.ok(), qPrintable(left.error().toString()));
    QVERIFY2(left->isEmpty(), qPrintable(QString::number(left->size()) + QStringLiteral(" containers left")));
}

QTEST_GUILESS_MAIN(TestSchedulerLoad)
#include "tst_schedulerload.moc"

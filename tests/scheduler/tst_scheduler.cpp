// The scheduler against the real engine: the concurrency limit as the engine's events see it,
// priorities, the memory budget, retries of transient failures only, cancel, pause, re-run,
// and a queue that survives a restart of the scheduler.
#include "enginefixture.h"
#include "scheduler/scheduler.h"
#include "testutil.h"
#include "workflowfixture.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace ff;
using namespace ff::scheduler;
using run::RunState;

class TestScheduler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void neverMoreThanTheLimitAtOnce();
    void prioritiesThenFifo();
    void memoryBudget();
    void transientFailureIsRetried();
    void retriesRunOutAsDead();
    void toolFailureIsNotRetried();
    void oomAndTimeoutEndTheRun();
    void cancelQueuedAndRunning();
    void rerunFinished();
    void queueSurvivesRestart();
    void recoveryLeavesALivePeersRuns();

private:
    run::RunSpec spec(const QString &id, const QString &script, const QString &extraYaml = {});
    static QList<run::RunResult> waitAll(Scheduler &s, int count, int timeoutMs = 300000);

    docker::DockerClient *m_client = nullptr;
    QTemporaryDir m_tmp;
    QString m_label;
};

void TestScheduler::initTestCase()
{
    m_client = docker::DockerClient::fromEnvironment(this);
    QVERIFY2(test::wait(m_client->ping()).ok(), "the Docker engine must answer (run packaging/setup.sh)");
}

run::RunSpec TestScheduler::spec(const QString &id, const QString &script, const QString &extraYaml)
{
    const QString folder = test::writeUserWorkflow(m_tmp.filePath(id), id, script, extraYaml);
    QFile f(folder + QStringLiteral("/workflow.yaml"));
    f.open(QIODevice::ReadOnly);
    QList<workflow::ManifestError> errors;
    auto m = workflow::parseManifest(f.readAll(), f.fileName(), folder, &errors);
    if (!m)
        qWarning("%s", qPrintable(errors.value(0).toString()));
    run::RunSpec s;
    s.workflow = m.value();
    s.parameters = m->resolveParameters({}).value();
    s.projectPath = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples/vulnerable-shell");
    s.outputDir = m_tmp.filePath(QStringLiteral("runs/") + QUuid::createUuid().toString(QUuid::Id128));
    return s;
}

QList<run::RunResult> TestScheduler::waitAll(Scheduler &s, int count, int timeoutMs)
{
    QList<run::RunResult> results;
    QObject ctx;
    connect(&s, &Scheduler::runFinished, &ctx, [&results](const run::RunResult &r) { results << r; });
    QElapsedTimer t;
    t.start();
    while (results.size() < count && t.elapsed() < timeoutMs)
        QTest::qWait(50);
    return results;
}

static const QString kSarif =
    QStringLiteral("echo '{\"version\":\"2.1.0\",\"runs\":[]}' > /results/out.sarif\n");

void TestScheduler::neverMoreThanTheLimitAtOnce()
{
    // Counted by the engine itself: container start and die events of this test's workflow.
    const QString wf = test::uniqueName(QStringLiteral("limit"));
    docker::Filter filter;
    filter.labels << QStringLiteral("org.fuzzforge.workflow=") + wf;
    filter.types << QStringLiteral("container");
    QPointer<docker::EventStream> events = m_client->events(filter);
    // However the test ends, the stream stops calling into this frame.
    const auto stopEvents = qScopeGuard([&events, this] {
        if (events) {
            events->disconnect(this);
            events->cancel();
        }
    });
    QSignalSpy started(events.data(), &docker::StreamCall::started);
    QVERIFY(started.wait(10000));
    int live = 0;
    int peak = 0;
    connect(events, &docker::EventStream::received, this, [&](const docker::DockerEvent &e) {
        if (e.action == QLatin1String("start"))
            peak = std::max(peak, ++live);
        else if (e.action == QLatin1String("die"))
            --live;
    });

    Limits limits;
    limits.maxConcurrent = 3;
    Scheduler s(m_client, nullptr, limits);
    const run::RunSpec base = spec(wf, QStringLiteral("sleep 1\n") + kSarif);
    int schedulerPeak = 0;
    connect(&s, &Scheduler::runStarted, this,
            [&](run::WorkflowRun *) { schedulerPeak = std::max(schedulerPeak, s.runningCount()); });
    for (int i = 0; i < 12; ++i)
        QVERIFY(s.enqueue(base).ok());
    const auto results = waitAll(s, 12);
    QCOMPARE(results.size(), 12);
    for (const auto &r : results)
        QVERIFY2(r.succeeded(), qPrintable(r.error));
    QTRY_COMPARE_WITH_TIMEOUT(live, 0, 10000);
    events->cancel();
    QVERIFY2(peak <= 3, qPrintable(QString::number(peak)));
    QCOMPARE(peak, 3); // and it does use its slots
    QVERIFY(schedulerPeak <= 3);
}

void TestScheduler::prioritiesThenFifo()
{
    Limits limits;
    limits.maxConcurrent = 1;
    Scheduler s(m_client, nullptr, limits);
    s.pause();
    const run::RunSpec base = spec(QStringLiteral("prio"), kSarif);
    QStringList order;
    connect(&s, &Scheduler::runStarted, this, [&order](run::WorkflowRun *r) { order << r->spec().runId; });
    auto add = [&](const QString &id, Priority p) {
        run::RunSpec sp = base;
        sp.runId = id;
        QVERIFY(s.enqueue(sp, p).ok());
    };
    add(QStringLiteral("low-1"), Priority::Low);
    add(QStringLiteral("normal-1"), Priority::Normal);
    add(QStringLiteral("high-1"), Priority::High);
    add(QStringLiteral("normal-2"), Priority::Normal);
    add(QStringLiteral("high-2"), Priority::High);
    QTest::qWait(300);
    QVERIFY(order.isEmpty()); // paused: nothing starts
    QCOMPARE(s.queuedCount(), 5);
    s.resume();
    QCOMPARE(waitAll(s, 5).size(), 5);
    QCOMPARE(order,
             (QStringList{QStringLiteral("high-1"), QStringLiteral("high-2"), QStringLiteral("normal-1"),
                          QStringLiteral("normal-2"), QStringLiteral("low-1")}));
}

void TestScheduler::memoryBudget()
{
    Limits limits;
    limits.maxConcurrent = 8;
    limits.memoryBudget = 200ll << 20;
    Scheduler s(m_client, nullptr, limits);
    const run::RunSpec fits = spec(QStringLiteral("budget"), QStringLiteral("sleep 1\n") + kSarif,
                                   QStringLiteral("resources:\n  memory: 96m\n"));
    int peak = 0;
    connect(&s, &Scheduler::runStarted, this,
            [&](run::WorkflowRun *) { peak = std::max(peak, s.runningCount()); });
    for (int i = 0; i < 5; ++i)
        QVERIFY(s.enqueue(fits).ok());
    QCOMPARE(waitAll(s, 5).size(), 5);
    QCOMPARE(peak, 2); // 2 x 96 MiB fit in 200 MiB, 3 do not

    const run::RunSpec tooBig =
        spec(QStringLiteral("budget-big"), kSarif, QStringLiteral("resources:\n  memory: 300m\n"));
    const auto refused = s.enqueue(tooBig);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.contains(QLatin1String("could never run")),
             qPrintable(refused.error().message));
}

void TestScheduler::transientFailureIsRetried()
{
    // The engine is "down" (its socket does not exist yet) and comes back a little later: a
    // socat proxy at that path, started after three seconds.
    QTemporaryDir dir;
    const QString socket = dir.filePath(QStringLiteral("engine.sock"));
    docker::DockerClient late(docker::Endpoint::parse(QStringLiteral("unix://") + socket).value());
    Limits limits;
    limits.maxConcurrent = 1;
    limits.maxAttempts = 6;
    limits.backoffBase = std::chrono::milliseconds(500);
    Scheduler s(&late, nullptr, limits);
    QStringList details;
    connect(&s, &Scheduler::stateChanged, this, [&details](const QString &, RunState st, const QString &d) {
        if (st == RunState::Queued && !d.isEmpty())
            details << d;
    });
    // The circuit breaker: "unavailable, retrying in N s" while the socket is missing, then
    // available again, by itself.
    QList<std::pair<bool, int>> availability;
    connect(&s, &Scheduler::engineAvailability, this, [&availability](bool up, int retryIn, const QString &) {
        availability.append({up, retryIn});
    });
    QVERIFY(s.enqueue(spec(QStringLiteral("retry"), kSarif)).ok());
    test::BackgroundProcess proxy;
    QTimer::singleShot(3000, this, [&] {
        QString error;
        proxy.startUnix(
            QStringLiteral("socat"),
            {QStringLiteral("UNIX-LISTEN:%1,fork").arg(socket),
             QStringLiteral("UNIX-CONNECT:") + docker::Endpoint::fromEnvironment().value().socketPath},
            socket, &error);
    });
    const auto results = waitAll(s, 1, 120000);
    QCOMPARE(results.size(), 1);
    const run::RunResult &r = results.first();
    QVERIFY2(r.succeeded(), qPrintable(r.error));
    QVERIFY2(r.attempts >= 2, qPrintable(QString::number(r.attempts)));
    QCOMPARE(r.attemptErrors.size(), r.attempts - 1);
    QVERIFY2(r.attemptErrors.first().contains(socket), qPrintable(r.attemptErrors.first()));
    QVERIFY(!details.isEmpty() && details.first().startsWith(QLatin1String("retrying in ")));
    QVERIFY(availability.size() >= 2);
    QCOMPARE(availability.first().first, false);
    QVERIFY(availability.first().second >= 1);
    QCOMPARE(availability.last().first, true);
    QVERIFY(s.engineAvailable());
}

void TestScheduler::retriesRunOutAsDead()
{
    // The engine answers (so the circuit breaker stays closed) but every attempt fails on its
    // side: the image's registry (a closed loopback port) refuses, and the engine says 500.
    Limits limits;
    limits.maxAttempts = 3;
    limits.backoffBase = std::chrono::milliseconds(100);
    Scheduler s(m_client, nullptr, limits);
    run::RunSpec dead = spec(QStringLiteral("dead"), kSarif);
    dead.workflow.imageReference = QStringLiteral("127.0.0.1:%1/fuzzforge-missing:1").arg(test::freePort());
    QVERIFY(s.enqueue(dead).ok());
    const auto results = waitAll(s, 1, 60000);
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().state, RunState::Dead);
    QCOMPARE(results.first().attempts, 3);
    QCOMPARE(results.first().attemptErrors.size(), 3);
    QVERIFY2(results.first().error.contains(QLatin1String("gave up after 3 attempts")),
             qPrintable(results.first().error));
}

void TestScheduler::toolFailureIsNotRetried()
{
    Scheduler s(m_client, nullptr, Limits{});
    QVERIFY(s.enqueue(spec(QStringLiteral("toolfail"), QStringLiteral("exit 5\n"))).ok());
    const auto results = waitAll(s, 1);
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().state, RunState::Failed);
    QCOMPARE(results.first().attempts, 1);
    QVERIFY(results.first().attemptErrors.isEmpty());
}

void TestScheduler::oomAndTimeoutEndTheRun()
{
    // Through the queue as through a single run: final states with the reason, no retry (the
    // workflow, not the engine, failed), nothing left on the engine.
    Scheduler s(m_client, nullptr, Limits{});
    const auto oom =
        s.enqueue(spec(QStringLiteral("queue-oom"), QStringLiteral("head -c 512m /dev/zero | tail\n"),
                       QStringLiteral("resources:\n  memory: 32m\n")));
    const auto late = s.enqueue(spec(QStringLiteral("queue-timeout"), QStringLiteral("sleep 120\n"),
                                     QStringLiteral("resources:\n  timeout: 3s\n")));
    QVERIFY(oom && late);
    const auto results = waitAll(s, 2, 180000);
    QCOMPARE(results.size(), 2);
    for (const auto &r : results) {
        QCOMPARE(r.attempts, 1);
        if (r.runId == oom.value()) {
            QCOMPARE(r.state, RunState::Failed);
            QVERIFY2(r.error.contains(QLatin1String("out of memory")), qPrintable(r.error));
        } else {
            QCOMPARE(r.state, RunState::TimedOut);
            QVERIFY2(r.error.contains(QLatin1String("timed out after 3 s")), qPrintable(r.error));
        }
    }
    docker::Filter mine;
    mine.labels << s.ownerLabel();
    QVERIFY(test::wait(m_client->listContainers(mine, true))->isEmpty());
    QVERIFY(test::wait(m_client->listVolumes(mine))->isEmpty());
}

void TestScheduler::cancelQueuedAndRunning()
{
    Limits limits;
    limits.maxConcurrent = 1;
    Scheduler s(m_client, nullptr, limits);
    const auto running = s.enqueue(spec(QStringLiteral("cancel-running"), QStringLiteral("sleep 120\n")));
    const auto queued = s.enqueue(spec(QStringLiteral("cancel-queued"), kSarif));
    QVERIFY(running.ok() && queued.ok());
    QString containerId;
    connect(&s, &Scheduler::runStarted, this, [&containerId](run::WorkflowRun *r) {
        connect(r, &run::WorkflowRun::containerCreated, r,
                [&containerId](const QString &id) { containerId = id; });
    });
    QTRY_VERIFY_WITH_TIMEOUT(!containerId.isEmpty(), 120000);
    QList<run::RunResult> results;
    connect(&s, &Scheduler::runFinished, this, [&results](const run::RunResult &r) { results << r; });
    QVERIFY(s.cancel(queued.value()).ok());
    QTRY_COMPARE(results.size(), 1);
    QCOMPARE(results.first().state, RunState::Cancelled);
    QCOMPARE(results.first().runId, queued.value());
    QVERIFY(s.cancel(running.value()).ok());
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 2, 60000);
    QCOMPARE(results.last().state, RunState::Cancelled);
    QCOMPARE(results.last().attempts, 1); // a cancelled run is not retried
    QCOMPARE(test::wait(m_client->inspectContainer(containerId)).error().kind, Error::Kind::NotFound);
    QCOMPARE(s.cancel(QStringLiteral("no-such-run")).error().kind, Error::Kind::NotFound);
}

void TestScheduler::rerunFinished()
{
    Scheduler s(m_client, nullptr, Limits{});
    run::RunSpec sp = spec(QStringLiteral("rerun"), kSarif);
    sp.parameters.clear();
    const auto first = s.enqueue(sp);
    QVERIFY(first.ok());
    QCOMPARE(waitAll(s, 1).size(), 1);
    const auto again = s.rerun(first.value());
    QVERIFY2(again.ok(), qPrintable(again.error().toString()));
    QVERIFY(again.value() != first.value());
    const auto results = waitAll(s, 1);
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().runId, again.value());
    QVERIFY(results.first().succeeded());
    QCOMPARE(s.rerun(QStringLiteral("unknown")).error().kind, Error::Kind::NotFound);
}

void TestScheduler::queueSurvivesRestart()
{
    const auto url = storage::DatabaseUrl::parse(QStringLiteral("sqlite:") +
                                                 m_tmp.filePath(QStringLiteral("queue.sqlite")))
                         .value();
    const workflow::Catalogue catalogue = [&] {
        workflow::Catalogue c;
        spec(QStringLiteral("persist"), kSarif); // writes the workflow folder
        c.load(m_tmp.filePath(QStringLiteral("persist")));
        return c;
    }();
    QVERIFY(catalogue.find(QStringLiteral("persist")));
    QStringList ids;
    {
        auto store = storage::Store::open(url);
        QVERIFY(store.ok());
        Scheduler s(m_client, store.value().get(), Limits{});
        s.pause(); // the application goes away before anything ran
        for (int i = 0; i < 3; ++i) {
            run::RunSpec sp = spec(QStringLiteral("persist"), kSarif);
            const auto id = s.enqueue(sp, i == 2 ? Priority::High : Priority::Normal);
            QVERIFY(id.ok());
            ids << id.value();
        }
    }
    auto store = storage::Store::open(url);
    QVERIFY(store.ok());
    const auto waiting = store.value()->unfinishedRuns();
    QVERIFY(waiting.ok());
    QCOMPARE(waiting->size(), 3);
    QCOMPARE(waiting->first().runId, ids.at(2)); // the high-priority one first
    Scheduler s(m_client, store.value().get(), Limits{});
    QVERIFY(s.restoreQueued(catalogue).ok());
    const auto results = waitAll(s, 3);
    QCOMPARE(results.size(), 3);
    for (const auto &r : results)
        QVERIFY2(r.succeeded(), qPrintable(r.error));
    store.value()->writer().flush();
    QVERIFY(store.value()->unfinishedRuns()->isEmpty());
    for (const QString &id : std::as_const(ids)) {
        const auto rec = store.value()->run(id);
        QVERIFY(rec.ok());
        QCOMPARE(rec->state, QStringLiteral("succeeded"));
        QStringList states;
        for (const auto &e : store.value()->events(id).value())
            states << e.state;
        QVERIFY2(states.first() == QLatin1String("queued") && states.contains(QStringLiteral("running")),
                 qPrintable(states.join(QLatin1Char(','))));
    }
}

void TestScheduler::recoveryLeavesALivePeersRuns()
{
    // The GUI and the CLI on one database: a process that starts while another one's runs are
    // under way must not take them over (they would run twice), only a crashed one's.
    const auto url = storage::DatabaseUrl::parse(QStringLiteral("sqlite:") +
                                                 m_tmp.filePath(QStringLiteral("peers.sqlite")))
                         .value();
    spec(QStringLiteral("peer"), kSarif);
    workflow::Catalogue catalogue;
    catalogue.load(m_tmp.filePath(QStringLiteral("peer")));
    QVERIFY(catalogue.find(QStringLiteral("peer")));
    const auto recoverWith = [this, &catalogue](storage::Store *store) {
        Scheduler s(m_client, store, Limits{});
        std::optional<RecoveryReport> report;
        QObject ctx;
        connect(&s, &Scheduler::recovered, &ctx, [&report](const RecoveryReport &r) { report = r; });
        const bool ok = s.recover(catalogue).ok();
        QElapsedTimer t;
        t.start();
        while (!report && t.elapsed() < 30000)
            QTest::qWait(20);
        std::pair<RecoveryReport, QList<run::RunResult>> out{report.value_or(RecoveryReport{}), {}};
        if (ok && report && report->restored > 0)
            out.second = waitAll(s, report->restored);
        return out;
    };
    auto first = storage::Store::open(url);
    QVERIFY(first.ok());
    auto other = storage::Store::open(url);
    QVERIFY(other.ok());
    {
        Scheduler live(m_client, first.value().get(), Limits{});
        live.pause();
        QVERIFY(live.enqueue(spec(QStringLiteral("peer"), kSarif)).ok());
        first.value()->writer().flush();

        const auto [report, results] = recoverWith(other.value().get());
        QCOMPARE(report.leftToPeer, QCoreApplication::applicationPid());
        QCOMPARE(report.restored, 0);
        QVERIFY2(report.summary().contains(QLatin1String("another FuzzForge process")),
                 qPrintable(report.summary()));
        QCOMPARE(live.queuedCount(), 1); // still the live scheduler's
    }
    // That scheduler is gone (its lock with it, as a crashed process's goes stale): the run is
    // taken back and runs, once.
    const auto [report, results] = recoverWith(other.value().get());
    QCOMPARE(report.leftToPeer, 0);
    QCOMPARE(report.restored, 1);
    QCOMPARE(results.size(), 1);
    QVERIFY2(results.first().succeeded(), qPrintable(results.first().error));
}

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"

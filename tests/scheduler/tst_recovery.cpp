// Recovery after a crash, with the real engine and the real CLI: `fuzzforge-cli scan` runs six
// projects three at a time and is killed with SIGKILL while runs are running, prepared ahead
// and queued; one run's container is removed while it is down, one run exits meanwhile, and
// an engine object that belongs to no run is planted. `fuzzforge-cli queue --run` then
// recovers: every run ends succeeded, none started twice, none lost, nothing left behind.
#include "enginefixture.h"
#include "scheduler/scheduler.h"
#include "storage/store.h"
#include "testutil.h"
#include "workflowfixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMultiHash>
#include <QProcess>
#include <QScopeGuard>
#include <QSet>
#include <QTest>

using namespace ff;

namespace {
const QString kCli = QStringLiteral(FUZZFORGE_CLI);

QString makeProject(const QString &root, const QString &name, int seconds)
{
    const QString dir = root + QLatin1Char('/') + name;
    QDir().mkpath(dir);
    QFile f(dir + QStringLiteral("/sleep"));
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(QByteArray::number(seconds));
    return QFileInfo(dir).canonicalFilePath();
}
} // namespace

class TestRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killedSchedulerIsRecovered();

private:
    docker::DockerClient *m_client = nullptr;
    QTemporaryDir m_tmp;
};

void TestRecovery::initTestCase()
{
    m_client = docker::DockerClient::fromEnvironment(this);
    QVERIFY2(test::wait(m_client->ping()).ok(), "the Docker engine must answer (run packaging/setup.sh)");
    QVERIFY(QFileInfo(kCli).isExecutable());
}

void TestRecovery::killedSchedulerIsRecovered()
{
    const QString wfId = test::uniqueName(QStringLiteral("sleeper")).toLower();
    const QString wfRoot = m_tmp.filePath(QStringLiteral("workflows"));
    QVERIFY(!test::writeUserWorkflow(wfRoot + QLatin1Char('/') + wfId, wfId,
                                     QStringLiteral("sleep \"$(cat /target/sleep)\"\nprintf '%s' '") +
                                         QString::fromUtf8(test::minimalSarif(QStringLiteral("SLEPT"),
                                                                              QStringLiteral("sleep"), 1)) +
                                         QStringLiteral("' > /results/out.sarif\n"),
                                     // Small enough that three fit the CPU budget of two cores.
                                     QStringLiteral("resources:\n  memory: 64m\n  cpus: 0.5\n"))
                 .isEmpty());
    // a: exits while the scheduler is down; b: still running when it comes back; v: its
    // container is removed while it is down; c, d, e: prepared ahead or queued.
    const QString projects = m_tmp.filePath(QStringLiteral("projects"));
    const QMap<QString, QString> project{
        {QStringLiteral("a"), makeProject(projects, QStringLiteral("a"), 12)},
        {QStringLiteral("b"), makeProject(projects, QStringLiteral("b"), 45)},
        {QStringLiteral("v"), makeProject(projects, QStringLiteral("v"), 15)},
        {QStringLiteral("c"), makeProject(projects, QStringLiteral("c"), 1)},
        {QStringLiteral("d"), makeProject(projects, QStringLiteral("d"), 1)},
        {QStringLiteral("e"), makeProject(projects, QStringLiteral("e"), 1)}};
    const QString database = QStringLiteral("sqlite:") + m_tmp.filePath(QStringLiteral("history.sqlite"));

    // The engine's own account: every container start and create of this workflow's runs.
    docker::Filter filter;
    filter.types << QStringLiteral("container");
    filter.labels << run::kLabelWorkflow + QLatin1Char('=') + wfId;
    QPointer<docker::EventStream> events = m_client->events(filter);
    // However the test ends, the stream stops calling into this frame.
    const auto stopEvents = qScopeGuard([&events, this] {
        if (events) {
            events->disconnect(this);
            events->cancel();
        }
    });
    bool listening = false;
    connect(events, &docker::EventStream::started, this, [&listening] { listening = true; });
    QMultiHash<QString, QString> starts; // run id -> container id
    QMultiHash<QString, QString> creates;
    QHash<QString, QString> runOfProject;
    QHash<QString, QString> containerOfRun; // the latest
    connect(events, &docker::EventStream::received, this, [&](const docker::DockerEvent &e) {
        const QString runId = e.attributes.value(run::kLabelRun);
        runOfProject.insert(e.attributes.value(run::kLabelProject), runId);
        if (e.action == QLatin1String("start")) {
            starts.insert(runId, e.actorId);
            containerOfRun.insert(runId, e.actorId);
        } else if (e.action == QLatin1String("create")) {
            creates.insert(runId, e.actorId);
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(listening, 10000);

    QElapsedTimer clock;
    clock.start();
    QProcess first;
    first.setProcessChannelMode(QProcess::MergedChannels);
    first.start(kCli, {QStringLiteral("scan"), project[QStringLiteral("a")], project[QStringLiteral("b")],
                       project[QStringLiteral("v")], project[QStringLiteral("c")],
                       project[QStringLiteral("d")], project[QStringLiteral("e")], QStringLiteral("-w"), wfId,
                       QStringLiteral("--workflows"), wfRoot, QStringLiteral("--database"), database,
                       QStringLiteral("-j"), QStringLiteral("3"), QStringLiteral("--output-dir"),
                       m_tmp.filePath(QStringLiteral("runs")), QStringLiteral("-q")});
    QVERIFY(first.waitForStarted());
    // Three running and the next three prepared (created, not started).
    QTRY_VERIFY_WITH_TIMEOUT(starts.size() >= 3 && creates.size() >= 6, 180000);
    QCOMPARE(starts.size(), 3);
    qInfo("killing the scan after %lld ms", clock.elapsed());
    first.kill(); // SIGKILL: no clean-up of any kind
    QVERIFY(first.waitForFinished(10000));
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);

    const QString runA = runOfProject.value(project[QStringLiteral("a")]);
    const QString runB = runOfProject.value(project[QStringLiteral("b")]);
    const QString runV = runOfProject.value(project[QStringLiteral("v")]);
    QVERIFY(!runA.isEmpty() && !runB.isEmpty() && !runV.isEmpty());
    QVERIFY2(starts.contains(runA) && starts.contains(runB) && starts.contains(runV),
             "a, b and v were the first three");
    const QString containerB = containerOfRun.value(runB);

    // While it is down: v's container vanishes, a exits, and something of nobody's appears.
    QVERIFY(test::wait(m_client->removeContainer(containerOfRun.value(runV), true, false)).ok());
    for (int i = 0;; ++i) {
        const auto a = test::wait(m_client->inspectContainer(containerOfRun.value(runA)), 10000);
        QVERIFY2(a, qPrintable(a.error().toString()));
        if (!a->state.running)
            break;
        QVERIFY2(i < 80, "a still runs after 40 s");
        QTest::qWait(500);
    }
    qInfo("a exited after %lld ms", clock.elapsed());
    QVERIFY2(test::wait(m_client->inspectContainer(containerB))->state.running,
             qPrintable(QString::fromUtf8(first.readAll())));
    auto store = storage::Store::open(storage::DatabaseUrl::parse(database).value());
    QVERIFY2(store, qPrintable(store.error().toString()));
    const QString owner = run::kLabelStore + QLatin1Char('=') + store.value()->instanceId().value();
    docker::ContainerSpec orphan;
    orphan.image = QStringLiteral("debian:bookworm-slim");
    orphan.cmd = {QStringLiteral("true")};
    orphan.networkMode = QStringLiteral("none");
    orphan.labels.insert(run::kLabelStore, store.value()->instanceId().value());
    orphan.labels.insert(run::kLabelRun, QStringLiteral("no-such-run"));
    orphan.labels.insert(run::kLabelAttempt, QStringLiteral("1"));
    const auto orphanId =
        test::wait(m_client->createContainer(orphan, test::uniqueName(QStringLiteral("orphan"))));
    QVERIFY2(orphanId, qPrintable(orphanId.error().toString()));
    docker::VolumeSpec orphanVolume;
    orphanVolume.name = test::uniqueName(QStringLiteral("orphan"));
    orphanVolume.labels = orphan.labels;
    QVERIFY(test::wait(m_client->createVolume(orphanVolume)).ok());

    QProcess second;
    second.start(kCli,
                 {QStringLiteral("queue"), QStringLiteral("--run"), QStringLiteral("--workflows"), wfRoot,
                  QStringLiteral("--database"), database, QStringLiteral("-j"), QStringLiteral("3")});
    QVERIFY(second.waitForStarted());
    // Waiting with the event loop running: the engine's events keep arriving meanwhile.
    QTRY_VERIFY_WITH_TIMEOUT(second.state() == QProcess::NotRunning, 240000);
    const QString err = QString::fromUtf8(second.readAllStandardError());
    const QString out = QString::fromUtf8(second.readAllStandardOutput());
    QVERIFY2(second.exitCode() == 0, qPrintable(out + err));
    QVERIFY2(err.contains(QLatin1String("1 re-attached, 1 collected, 4 queued again, 0 lost")),
             qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("vanished")), qPrintable(err));
    QVERIFY2(out.contains(QLatin1String("6 runs finished, 0 not successfully")), qPrintable(out));

    // The three first starts, then the four runs queued again (v's second attempt included).
    QTRY_COMPARE_WITH_TIMEOUT(starts.size(), 7, 10000);

    // Every run once in the history, succeeded, with its finding; b and a ran exactly once.
    const auto runs = store.value()->runs();
    QVERIFY(runs);
    QCOMPARE(runs->size(), 6);
    for (const auto &r : runs.value()) {
        QVERIFY2(r.state == QLatin1String("succeeded"),
                 qPrintable(r.id + QLatin1Char(' ') + r.state + r.error));
        QCOMPARE(r.findingCount, 1);
        const int started = static_cast<int>(starts.count(r.id));
        if (r.id == runV) {
            QCOMPARE(r.attempts, 2);
            QCOMPARE(started, 2);
        } else {
            QVERIFY2(started == 1, qPrintable(QStringLiteral("%1 started %2 times").arg(r.id).arg(started)));
            QCOMPARE(r.attempts, 1);
        }
    }
    const auto v = store.value()->queueEntry(runV);
    QVERIFY(v && v.value());
    QVERIFY2(v.value()->attemptErrors.join(QLatin1Char(' ')).contains(QLatin1String("vanished")),
             qPrintable(v.value()->attemptErrors.join(QLatin1Char(' '))));
    QCOMPARE(starts.values(runB), QList<QString>{containerB}); // re-attached, not restarted

    // Nothing of this database's is left on the engine, the orphan included.
    docker::Filter mine;
    mine.labels << owner;
    QVERIFY(test::wait(m_client->listContainers(mine, true))->isEmpty());
    QVERIFY(test::wait(m_client->listVolumes(mine))->isEmpty());
    QCOMPARE(test::wait(m_client->inspectContainer(orphanId.value())).error().kind, Error::Kind::NotFound);

    QProcess list;
    list.start(kCli, {QStringLiteral("queue"), QStringLiteral("--database"), database});
    QVERIFY(list.waitForFinished(30000));
    QVERIFY(QString::fromUtf8(list.readAllStandardOutput()).contains(QLatin1String("The queue is empty")));
    events->cancel();
}

QTEST_GUILESS_MAIN(TestRecovery)
#include "tst_recovery.moc"

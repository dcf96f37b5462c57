// The circuit breaker against a real engine that goes away: a Docker daemon of the test's own
// (its own socket, data and exec roots and network namespace, so the machine's engine is never
// touched) is stopped
// while runs are running and queued, then started again. Dispatching pauses while it is gone
// ("engine unavailable, retrying in N s"), resumes by itself, and every run ends succeeded
// with its attempts recorded; what the failed attempts left behind is removed.
#include "enginefixture.h"
#include "scheduler/scheduler.h"
#include "testutil.h"
#include "workflowfixture.h"

#include <QFile>
#include <QProcess>
#include <QTest>

using namespace ff;
using namespace ff::scheduler;
using run::RunState;

namespace {

class PrivateEngine
{
public:
    ~PrivateEngine()
    {
        QString ignored;
        stop(&ignored);
        test::runCommand(QStringLiteral("rm"), {QStringLiteral("-rf"), m_dir.path()});
    }
    QString socket() const { return m_dir.filePath(QStringLiteral("docker.sock")); }
    QString host() const { return QStringLiteral("unix://") + socket(); }

    bool start(QString *error)
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setStandardOutputFile(m_dir.filePath(QStringLiteral("dockerd.log")), QIODevice::Append);
        // In a network namespace of its own: a second dockerd in the host's would delete the
        // machine engine's docker0 bridge as it starts (seen with --bridge=none).
        m_process->start(QStringLiteral("unshare"),
                         {QStringLiteral("--net"), QStringLiteral("dockerd"),
                          QStringLiteral("--host=") + host(),
                          QStringLiteral("--data-root=") + m_dir.filePath(QStringLiteral("root")),
                          QStringLiteral("--exec-root=") + m_dir.filePath(QStringLiteral("exec")),
                          QStringLiteral("--pidfile=") + m_dir.filePath(QStringLiteral("docker.pid")),
                          QStringLiteral("--bridge=none"), QStringLiteral("--iptables=false"),
                          QStringLiteral("--ip6tables=false"), QStringLiteral("--shutdown-timeout=2")});
        if (!m_process->waitForStarted()) {
            *error = QStringLiteral("dockerd did not start: ") + m_process->errorString();
            return false;
        }
        docker::DockerClient probe(docker::Endpoint::parse(host()).value());
        for (int i = 0; i < 120; ++i) {
            if (test::wait(probe.ping(), 2000))
                return true;
            QTest::qWait(500);
        }
        *error = QStringLiteral("the test's dockerd does not answer; its log: ") + log();
        return false;
    }

    bool stop(QString *error)
    {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return true;
        m_process->terminate();
        if (!m_process->waitForFinished(60000)) {
            *error = QStringLiteral("dockerd did not stop");
            m_process->kill();
            m_process->waitForFinished();
            return false;
        }
        return true;
    }

    // An image of the machine's engine, copied in (this daemon has no network to build with).
    bool copyImage(const QString &image, QString *error)
    {
        QByteArray out;
        QByteArray err;
        if (test::runCommand(QStringLiteral("sh"),
                             {QStringLiteral("-c"),
                              QStringLiteral("docker save '%1' | docker -H '%2' load").arg(image, host())},
                             &out, &err, 300000) != 0) {
            *error = QString::fromUtf8(out + err);
            return false;
        }
        return true;
    }

    QString log() const
    {
        QFile f(m_dir.filePath(QStringLiteral("dockerd.log")));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().right(2000)) : QString();
    }

private:
    QTemporaryDir m_dir{QStringLiteral("/tmp/ffd-XXXXXX")};
    std::unique_ptr<QProcess> m_process;
};

} // namespace

class TestEngineRestart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsSurviveAnEngineRestart();

private:
    QTemporaryDir m_tmp;
};

void TestEngineRestart::runsSurviveAnEngineRestart()
{
    const auto bridgeExists = [] {
        return test::runCommand(QStringLiteral("ip"), {QStringLiteral("link"), QStringLiteral("show"),
                                                       QStringLiteral("docker0")}) == 0;
    };
    const bool bridgeBefore = bridgeExists();
    PrivateEngine engine;
    QString error;
    QVERIFY2(engine.start(&error), qPrintable(error));

    // The workflow's image is built by the machine's engine and copied in under the tag the
    // run will look for.
    const QString id = test::uniqueName(QStringLiteral("restart")).toLower();
    const QString folder = test::writeUserWorkflow(
        m_tmp.filePath(id), id,
        QStringLiteral("sleep 8\necho '{\"version\":\"2.1.0\",\"runs\":[]}' > /results/out.sarif\n"),
        QStringLiteral("resources:\n  memory: 64m\n  cpus: 0.5\n"));
    QFile manifestFile(folder + QStringLiteral("/workflow.yaml"));
    QVERIFY(manifestFile.open(QIODevice::ReadOnly));
    auto manifest = workflow::parseManifest(manifestFile.readAll(), manifestFile.fileName(), folder, nullptr);
    QVERIFY(manifest);
    const QString tag = run::WorkflowRun::imageTagFor(manifest.value());
    QByteArray out;
    QByteArray err;
    QVERIFY2(
        test::runCommand(QStringLiteral("docker"),
                         {QStringLiteral("build"), QStringLiteral("-q"), QStringLiteral("-t"), tag, folder},
                         &out, &err, 300000) == 0,
        err.constData());
    QVERIFY2(engine.copyImage(tag, &error), qPrintable(error));

    docker::DockerClient client(docker::Endpoint::parse(engine.host()).value());
    Limits limits;
    limits.maxConcurrent = 2;
    limits.maxAttempts = 3;
    limits.backoffBase = std::chrono::milliseconds(500);
    limits.probeBase = std::chrono::milliseconds(500);
    limits.probeMax = std::chrono::milliseconds(2000);
    Scheduler s(&client, nullptr, limits);
    QList<std::pair<bool, int>> availability;
    connect(&s, &Scheduler::engineAvailability, this, [&availability](bool up, int retryIn, const QString &) {
        availability.append({up, retryIn});
    });
    QSet<QString> running;
    connect(&s, &Scheduler::stateChanged, this,
            [&running](const QString &runId, RunState st, const QString &) {
                if (st == RunState::Running)
                    running.insert(runId);
            });
    QList<run::RunResult> results;
    connect(&s, &Scheduler::runFinished, this, [&results](const run::RunResult &r) { results << r; });

    QStringList ids;
    for (int i = 0; i < 4; ++i) {
        run::RunSpec spec;
        spec.workflow = manifest.value();
        spec.parameters = manifest->resolveParameters({}).value();
        spec.projectPath = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples/vulnerable-shell");
        spec.outputDir = m_tmp.filePath(QStringLiteral("runs"));
        auto queued = s.enqueue(spec);
        QVERIFY(queued);
        ids << queued.value();
    }
    QTRY_COMPARE_WITH_TIMEOUT(running.size(), 2, 60000);
    const QSet<QString> interrupted = running;

    // The engine goes away under two running runs and two queued (prepared) ones.
    QVERIFY2(engine.stop(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(!availability.isEmpty() && !availability.last().first, 30000);
    QVERIFY(!s.engineAvailable());
    QTest::qWait(3000);
    QVERIFY2(results.isEmpty(), "nothing may end while the engine is away");
    QVERIFY2(engine.start(&error), qPrintable(error));

    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 4, 240000);
    QVERIFY(s.engineAvailable());
    QCOMPARE(availability.last().first, true);
    for (const auto &r : std::as_const(results)) {
        QVERIFY2(r.succeeded(), qPrintable(r.runId + QLatin1Char(' ') + r.error));
        if (interrupted.contains(r.runId)) {
            QCOMPARE(r.attempts, 2);
            QCOMPARE(r.attemptErrors.size(), 1);
        } else {
            QCOMPARE(r.attempts, 1);
            QVERIFY(r.attemptErrors.isEmpty());
        }
    }
    // The interrupted attempts' containers and volumes are gone with the rest.
    docker::Filter mine;
    mine.labels << s.ownerLabel();
    QTRY_VERIFY_WITH_TIMEOUT(test::wait(client.listContainers(mine, true))->isEmpty(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(test::wait(client.listVolumes(mine))->isEmpty(), 20000);
    // The machine's engine keeps its network.
    QCOMPARE(bridgeExists(), bridgeBefore);
}

QTEST_GUILESS_MAIN(TestEngineRestart)
#include "tst_enginerestart.moc"

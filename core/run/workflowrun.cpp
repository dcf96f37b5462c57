#include "workflowrun.h"

#include "docker/tararchive.h"
#include "findings/redact.h"
#include "fuzz/corpus.h"
#include "workflow/catalogue.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QTimer>
#include <QUuid>

#include <spdlog/spdlog.h>

namespace ff::run {

using namespace ff::docker;

namespace {
QString mib(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 0, QLocale::DataSizeIecFormat);
}
} // namespace

WorkflowRun::WorkflowRun(DockerClient *client, RunSpec spec, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_spec(std::move(spec))
{
    qRegisterMetaType<ff::run::RunResult>();
    qRegisterMetaType<ff::run::RunState>();
    qRegisterMetaType<ff::fuzz::FuzzSample>();
    if (m_spec.runId.isEmpty())
        m_spec.runId = QUuid::createUuid().toString(QUuid::Id128).left(16);
    m_spec.projectPath = QDir(m_spec.projectPath).absolutePath();
    m_result.runId = m_spec.runId;
    m_result.workflowId = m_spec.workflow.id;
    m_result.workflowVersion = m_spec.workflow.version;
    m_result.projectPath = m_spec.projectPath;
    m_result.outputDir = m_spec.outputDir;
    m_result.memoryLimit = m_spec.workflow.resources.memoryBytes;
    m_result.parameters = m_spec.parameters;
    m_result.projectLanguages = m_spec.languages;
    m_result.attempts = m_spec.attempt;
    m_result.volumeName = QStringLiteral("fuzzforge-run-") + m_spec.runId +
                          (m_spec.attempt > 1 ? QStringLiteral("-%1").arg(m_spec.attempt) : QString());
    m_result.corpusVolume = corpusVolume();
    if (!m_spec.workflow.statistics.isEmpty()) {
        m_fuzzStats = std::make_unique<fuzz::StatsParser>(m_spec.workflow.statistics);
        m_result.fuzz.present = true;
    }
}

WorkflowRun::~WorkflowRun()
{
    if (m_logs)
        m_logs->cancel();
    if (m_stats)
        m_stats->cancel();
}

QString WorkflowRun::imageTagFor(const workflow::WorkflowManifest &wf)
{
    if (!wf.imageReference.isEmpty())
        return wf.imageReference;
    return QStringLiteral("fuzzforge/%1:%2").arg(wf.id, workflow::folderHash(wf.buildContext));
}

ContainerSpec WorkflowRun::containerSpec() const
{
    const auto &wf = m_spec.workflow;
    ContainerSpec s;
    s.image = m_result.imageTag.isEmpty() ? imageTagFor(wf) : m_result.imageTag;
    s.cmd = wf.substitute(m_spec.parameters);
    s.user = wf.user;
    s.workingDir = QStringLiteral("/target");
    s.env = {QStringLiteral("HOME=/tmp"), QStringLiteral("FUZZFORGE_RUN_ID=") + m_spec.runId,
             QStringLiteral("FUZZFORGE_WORKFLOW=") + wf.id};
    s.labels = labels();
    s.labels.insert(kLabelProject, m_spec.projectPath);
    // The project is read-only; results go to the run's own volume; scratch space is a
    // size-limited tmpfs; the root filesystem cannot be written at all.
    s.mounts << Mount{Mount::Type::Bind, m_spec.projectPath, QStringLiteral("/target"), true, 0, {}};
    s.mounts << Mount{Mount::Type::Volume, m_result.volumeName, QStringLiteral("/results"), false, 0, {}};
    // A fuzzing workflow's corpus persists between its campaigns, in a volume of its own.
    if (!wf.corpus.isEmpty())
        s.mounts << Mount{Mount::Type::Volume, corpusVolume(), wf.corpus, false, 0, {}};
    // The engine mounts a tmpfs noexec unless told otherwise; a workflow that builds and runs
    // a program in its scratch space says so in its manifest.
    s.tmpfs.insert(QStringLiteral("/tmp"), QStringLiteral("rw,nosuid,nodev,") +
                                               (wf.scratch.exec ? QStringLiteral("exec,") : QString()) +
                                               QStringLiteral("size=") +
                                               QString::number(wf.scratch.sizeBytes));
    s.readonlyRootfs = true;
    s.capDrop = {QStringLiteral("ALL")};
    s.securityOpt = {QStringLiteral("no-new-privileges:true")};
    s.networkMode = wf.network == QLatin1String("none") ? QStringLiteral("none") : m_result.volumeName;
    s.memory = wf.resources.memoryBytes;
    s.memorySwap = wf.resources.memoryBytes; // no swap: the limit is the limit
    s.nanoCpus = static_cast<qint64>(wf.resources.cpus * 1e9);
    s.pidsLimit = wf.resources.pids;
    return s;
}

Labels WorkflowRun::labels() const
{
    Labels l;
    l.insert(kLabelRun, m_spec.runId);
    l.insert(kLabelWorkflow, m_spec.workflow.id);
    l.insert(kLabelAttempt, QString::number(m_spec.attempt));
    for (const QString &kv : m_spec.extraLabels)
        l.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
    return l;
}

QString WorkflowRun::corpusVolume() const
{
    if (m_spec.workflow.corpus.isEmpty())
        return {};
    return fuzz::corpusVolumeName(m_spec.projectPath, m_spec.parameters.value(QStringLiteral("harness")));
}

VolumeSpec WorkflowRun::corpusVolumeSpec() const
{
    // Not the run's labels: the volume belongs to the project and harness, and the sweep of a
    // scheduler's leftovers (by its store label) must never take it.
    VolumeSpec v;
    v.name = corpusVolume();
    v.labels.insert(fuzz::kLabelCorpus, QStringLiteral("1"));
    v.labels.insert(kLabelProject, m_spec.projectPath);
    v.labels.insert(fuzz::kLabelHarness, m_spec.parameters.value(QStringLiteral("harness")));
    return v;
}

void WorkflowRun::setState(RunState state, const QString &detail)
{
    m_result.state = state;
    spdlog::debug("run {} ({}): {} {}", m_spec.runId.toStdString(), m_spec.workflow.id.toStdString(),
                  stateName(state).toStdString(), detail.toStdString());
    Q_EMIT stateChanged(state, detail);
}

void WorkflowRun::start()
{
    m_result.dispatched = QDateTime::currentDateTimeUtc();
    if (m_prepareOnly) {
        m_startRequested = true;
        m_result.preparedAhead = m_prepared;
        if (m_prepared)
            QMetaObject::invokeMethod(this, &WorkflowRun::launch, Qt::QueuedConnection);
        return;
    }
    m_result.submitted = m_result.dispatched;
    QMetaObject::invokeMethod(this, &WorkflowRun::begin, Qt::QueuedConnection);
}

void WorkflowRun::prepare()
{
    m_prepareOnly = true;
    m_result.submitted = QDateTime::currentDateTimeUtc();
    QMetaObject::invokeMethod(this, &WorkflowRun::begin, Qt::QueuedConnection);
}

void WorkflowRun::launch()
{
    if (!m_prepared || m_containerStarted || m_finishing)
        return;
    m_prepared = false;
    if (m_cancelled)
        return fail(QStringLiteral("cancelled"), RunState::Cancelled);
    startContainer();
}

void WorkflowRun::resume(const QString &containerId)
{
    const auto &wf = m_spec.workflow;
    m_result.resumed = true;
    m_result.submitted = m_result.dispatched = QDateTime::currentDateTimeUtc();
    m_result.containerId = containerId;
    m_result.imageTag = imageTagFor(wf);
    m_volumeCreated = true;
    m_containerStarted = true;
    if (wf.network != QLatin1String("none"))
        m_result.networkId = m_result.volumeName;
    if (!m_spec.outputDir.isEmpty() && QDir().mkpath(m_spec.outputDir)) {
        // The engine keeps the container's whole log: it is fetched again from the start.
        m_logFile.setFileName(m_spec.outputDir + QStringLiteral("/run.log"));
        if (!m_logFile.open(QIODevice::WriteOnly | QIODevice::Truncate))
            spdlog::warn("run {}: cannot write {}: {}", m_spec.runId.toStdString(),
                         m_logFile.fileName().toStdString(), m_logFile.errorString().toStdString());
    }
    m_client->inspectContainer(containerId).then(this, [this](const Result<ContainerInfo> &info) {
        if (!info)
            return failEngine(QStringLiteral("cannot re-attach to the container"), info.error());
        m_result.imageId = info->imageId;
        m_result.containerRunning = info->state.startedAt;
        if (!info->state.running) {
            // It exited while nobody watched: its log, then its results.
            setState(RunState::Running, QStringLiteral("exited while FuzzForge was not running"));
            attachLogs(false);
            connect(m_logs, &LogStream::finished, this, [this](const Error &) { inspectExit(false); });
            return;
        }
        setState(RunState::Running, QStringLiteral("re-attached after a restart"));
        attachLogs(true);
        m_stats = m_client->stats(m_result.containerId);
        connect(m_stats, &StatsStream::sample, this, &WorkflowRun::statsSample);
        const qint64 elapsed =
            std::max<qint64>(0, info->state.startedAt.secsTo(QDateTime::currentDateTimeUtc()));
        waitForExit(
            std::chrono::seconds(std::max<qint64>(1, m_spec.workflow.resources.timeoutSeconds - elapsed)));
    });
}

void WorkflowRun::begin()
{
    if (m_cancelled)
        return fail(QStringLiteral("cancelled"), RunState::Cancelled);
    if (m_spec.workflow.isComposite()) {
        fail(QStringLiteral("%1 is a composite workflow: run the workflows it stands for")
                 .arg(m_spec.workflow.id));
        return;
    }
    const QFileInfo project(m_spec.projectPath);
    if (!project.isDir() || !project.isReadable()) {
        fail(
            QStringLiteral("the project folder %1 does not exist or cannot be read").arg(m_spec.projectPath));
        return;
    }
    if (!m_spec.outputDir.isEmpty()) {
        if (!QDir().mkpath(m_spec.outputDir)) {
            fail(QStringLiteral("cannot create the run's folder %1").arg(m_spec.outputDir));
            return;
        }
        m_logFile.setFileName(m_spec.outputDir + QStringLiteral("/run.log"));
        if (!m_logFile.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            fail(QStringLiteral("cannot write %1: %2").arg(m_logFile.fileName(), m_logFile.errorString()));
            return;
        }
    }
    setState(RunState::Preparing, QStringLiteral("image"));
    ensureImage();
}

void WorkflowRun::cancel()
{
    if (isFinal(m_result.state) || m_cancelled)
        return;
    m_cancelled = true;
    if (m_imageJob)
        m_imageJob->cancel();
    if (m_prepared && !m_containerStarted) {
        // Prepared, never started: nothing to kill, only to remove.
        QMetaObject::invokeMethod(
            this, [this] { fail(QStringLiteral("cancelled"), RunState::Cancelled); }, Qt::QueuedConnection);
        return;
    }
    if (!m_result.containerId.isEmpty())
        m_client->killContainer(m_result.containerId); // the pending wait then returns
}

void WorkflowRun::ensureImage()
{
    const auto &wf = m_spec.workflow;
    m_result.imageTag = imageTagFor(wf);
    m_client->inspectImage(m_result.imageTag).then(this, [this, wf](const Result<ImageInfo> &info) {
        if (m_cancelled)
            return fail(QStringLiteral("cancelled"), RunState::Cancelled);
        if (info) {
            m_result.imageId = info->id;
            return createVolume();
        }
        if (info.error().kind != Error::Kind::NotFound)
            return failEngine(QStringLiteral("cannot look up image %1").arg(m_result.imageTag), info.error());
        if (!wf.imageReference.isEmpty()) {
            setState(RunState::Preparing, QStringLiteral("pulling %1").arg(wf.imageReference));
            m_imageJob = m_client->pullImage(wf.imageReference);
        } else {
            const auto context = tar::packDirectory(wf.buildContext);
            if (!context)
                return fail(
                    QStringLiteral("cannot pack the workflow folder: %1").arg(context.error().message));
            setState(RunState::Preparing, QStringLiteral("building %1").arg(m_result.imageTag));
            BuildSpec build;
            build.context = context.value();
            build.dockerfile = wf.dockerfile;
            build.tags << m_result.imageTag;
            build.labels.insert(kLabelWorkflow, wf.id);
            build.labels.insert(QStringLiteral("org.fuzzforge.workflow-version"), wf.version);
            m_imageJob = m_client->buildImage(build);
        }
        connect(m_imageJob, &ImageJob::progress, this, &WorkflowRun::imageProgress);
        connect(m_imageJob, &ImageJob::done, this, [this](const ImageJobResult &r) {
            if (m_cancelled)
                return fail(QStringLiteral("cancelled"), RunState::Cancelled);
            if (r.error)
                return failEngine(QStringLiteral("cannot %1 image %2")
                                      .arg(m_spec.workflow.imageReference.isEmpty() ? QStringLiteral("build")
                                                                                    : QStringLiteral("pull"),
                                           m_result.imageTag),
                                  r.error);
            m_result.imageId = r.imageId.isEmpty() ? r.digest : r.imageId;
            createVolume();
        });
    });
}

void WorkflowRun::createVolume()
{
    setState(RunState::Preparing, QStringLiteral("volume"));
    VolumeSpec v;
    v.name = m_result.volumeName;
    v.labels = labels();
    m_client->createVolume(v).then(this, [this](const Result<VolumeInfo> &r) {
        if (!r)
            return failEngine(QStringLiteral("cannot create the results volume"), r.error());
        m_volumeCreated = true;
        if (m_cancelled)
            return fail(QStringLiteral("cancelled"), RunState::Cancelled);
        if (!m_spec.workflow.corpus.isEmpty())
            return createCorpusVolume();
        volumesReady();
    });
}

void WorkflowRun::createCorpusVolume()
{
    // Creating a volume that exists returns it unchanged: the corpus of the last campaign.
    m_client->createVolume(corpusVolumeSpec()).then(this, [this](const Result<VolumeInfo> &r) {
        if (!r)
            return failEngine(QStringLiteral("cannot create the corpus volume %1").arg(corpusVolume()),
                              r.error());
        if (m_cancelled)
            return fail(QStringLiteral("cancelled"), RunState::Cancelled);
        volumesReady();
    });
}

void WorkflowRun::volumesReady()
{
    if (m_spec.workflow.network == QLatin1String("none"))
        return createContainer();
    createNetwork();
}

void WorkflowRun::createNetwork()
{
    setState(RunState::Preparing, QStringLiteral("network"));
    NetworkSpec n;
    n.name = m_result.volumeName;
    n.labels = labels();
    m_client->createNetwork(n).then(this, [this](const Result<QString> &r) {
        // The id first, cancelled or not: a network the engine made after a cancel is removed
        // with the rest, never left behind.
        if (r)
            m_result.networkId = r.value();
        if (m_cancelled)
            return fail(QStringLiteral("cancelled"), RunState::Cancelled);
        if (!r)
            return failEngine(QStringLiteral("cannot create the run's network"), r.error());
        createContainer();
    });
}

void WorkflowRun::createContainer()
{
    setState(RunState::Preparing, QStringLiteral("container"));
    const QString name = QStringLiteral("fuzzforge-%1-%2").arg(m_spec.workflow.id, m_spec.runId) +
                         (m_spec.attempt > 1 ? QStringLiteral("-%1").arg(m_spec.attempt) : QString());
    m_client->createContainer(containerSpec(), name).then(this, [this](const Result<QString> &r) {
        if (!r)
            return failEngine(QStringLiteral("cannot create the container"), r.error());
        m_result.containerId = r.value();
        Q_EMIT containerCreated(r.value());
        if (m_cancelled)
            return fail(QStringLiteral("cancelled"), RunState::Cancelled);
        if (m_prepareOnly && !m_startRequested) {
            m_prepared = true;
            setState(RunState::Preparing, QStringLiteral("ready"));
            Q_EMIT prepared();
            return;
        }
        startContainer();
    });
}

void WorkflowRun::startContainer()
{
    m_containerStarted = true;
    m_client->startContainer(m_result.containerId).then(this, [this](const Status &r) {
        if (!r)
            return failEngine(QStringLiteral("cannot start the container"), r.error());
        m_result.containerRunning = QDateTime::currentDateTimeUtc();
        setState(RunState::Running);
        if (m_cancelled) {
            m_client->killContainer(m_result.containerId);
        }
        attachLogs(true);
        m_stats = m_client->stats(m_result.containerId);
        connect(m_stats, &StatsStream::sample, this, &WorkflowRun::statsSample);
        waitForExit(std::chrono::seconds(m_spec.workflow.resources.timeoutSeconds));
    });
}

void WorkflowRun::attachLogs(bool follow)
{
    LogOptions options;
    options.follow = follow;
    options.tty = false;
    // Statistics carry the time their line was written, not when it was read: a log replayed
    // after a restart, or read behind, keeps its timeline.
    options.timestamps = m_fuzzStats != nullptr;
    m_logs = m_client->logs(m_result.containerId, options);
    // A tool may print what it found: its log is redacted like its findings before run.log,
    // the log views and error messages see it; a secrets scanner's log aggressively.
    const bool secretsLog = m_spec.workflow.id.contains(QLatin1String("secret"), Qt::CaseInsensitive);
    connect(m_logs, &LogStream::line, this, [this, secretsLog](const LogLine &raw) {
        ++m_result.logLines;
        LogLine line = raw;
        line.text = findings::redactSecrets(raw.text, secretsLog).text;
        if (m_logFile.isOpen()) {
            m_logFile.write(line.stream == StreamKind::Stderr ? "stderr " : "stdout ");
            m_logFile.write(line.text.toUtf8());
            m_logFile.write("\n");
        }
        if (line.stream == StreamKind::Stderr) {
            m_lastStderr << line.text;
            if (m_lastStderr.size() > 10)
                m_lastStderr.removeFirst();
        }
        Q_EMIT logLine(line);
        if (m_fuzzStats)
            readStatistics(raw);
    });
}

void WorkflowRun::readStatistics(const LogLine &line)
{
    const QDateTime at = line.timestamp.isValid() ? line.timestamp : QDateTime::currentDateTimeUtc();
    const auto sample = m_fuzzStats->feed(line.text, at);
    m_result.fuzz.initialCorpus = m_fuzzStats->initialCorpus();
    m_result.fuzz.seeds = m_fuzzStats->seedCount();
    if (!sample)
        return;
    m_result.fuzz.last = *sample;
    ++m_result.fuzz.samples;
    Q_EMIT fuzzSample(*sample);
}

void WorkflowRun::waitForExit(std::chrono::seconds timeout)
{
    m_client->waitContainer(m_result.containerId, CallOptions{timeout})
        .then(this, [this](const Result<WaitResult> &r) {
            if (!r && r.error().kind == Error::Kind::Timeout) {
                // Over its time budget: kill it, then wait for the engine to confirm the exit.
                m_client->killContainer(m_result.containerId).then(this, [this](const Status &) {
                    m_client->waitContainer(m_result.containerId, CallOptions{std::chrono::seconds(30)})
                        .then(this, [this](const Result<WaitResult> &) {
                            drainLogs([this] { inspectExit(true); });
                        });
                });
                return;
            }
            if (!r)
                return failEngine(QStringLiteral("lost the container while waiting for it"), r.error());
            drainLogs([this] { inspectExit(false); });
        });
}

void WorkflowRun::drainLogs(std::function<void()> then)
{
    // The container has exited, but the engine may still be sending the end of its log (a
    // container that prints fast is far ahead of the log stream): the followed stream ends by
    // itself once everything is sent. A stream that does not end in time is cut, and said so.
    if (!m_logs || m_logs->isFinished()) {
        then();
        return;
    }
    auto done = std::make_shared<bool>(false);
    auto once = [done, then] {
        if (!std::exchange(*done, true))
            then();
    };
    connect(m_logs, &LogStream::finished, this, once);
    QTimer::singleShot(kLogDrainLimit, this, [this, once, done] {
        if (*done)
            return;
        spdlog::warn("run {}: the log did not end {} s after the container exited; the rest is not read",
                     m_spec.runId.toStdString(), kLogDrainLimit.count() / 1000);
        once();
    });
}

void WorkflowRun::inspectExit(bool timedOut)
{
    m_client->inspectContainer(m_result.containerId)
        .then(this, [this, timedOut](const Result<ContainerInfo> &info) {
            if (m_stats)
                m_stats->cancel();
            if (!info)
                return failEngine(QStringLiteral("cannot inspect the container after it exited"),
                                  info.error());
            m_result.exitCode = info->state.exitCode;
            m_result.oomKilled = info->state.oomKilled;
            if (m_cancelled)
                return fail(QStringLiteral("cancelled"), RunState::Cancelled);
            if (timedOut)
                return fail(
                    QStringLiteral("timed out after %1 s (the workflow's limit); the container was killed")
                        .arg(m_spec.workflow.resources.timeoutSeconds),
                    RunState::TimedOut);
            if (m_result.oomKilled)
                return fail(QStringLiteral("out of memory: the container was killed at its %1 memory limit")
                                .arg(mib(m_spec.workflow.resources.memoryBytes)));
            if (!m_spec.workflow.successExitCodes.contains(m_result.exitCode)) {
                QString message = QStringLiteral("the workflow exited with code %1").arg(m_result.exitCode);
                if (!m_lastStderr.isEmpty())
                    message += QStringLiteral(": ") + m_lastStderr.last();
                // Keep what it wrote: the raw outputs help to see why.
                m_finalState = RunState::Failed;
                m_result.error = message;
            }
            collect();
        });
}

void WorkflowRun::failEngine(const QString &what, const Error &error)
{
    // Worth another attempt when the engine, not the workflow, was the problem.
    m_result.transient = error.isTransient();
    fail(what + QStringLiteral(": ") + error.toString());
}

void WorkflowRun::fail(const QString &message, RunState state)
{
    if (m_finishing)
        return;
    m_result.error = message;
    m_finalState = state;
    spdlog::info("run {} ({}): {}", m_spec.runId.toStdString(), m_spec.workflow.id.toStdString(),
                 message.toStdString());
    cleanupAndFinish();
}

void WorkflowRun::cleanupAndFinish()
{
    if (m_finishing)
        return;
    m_finishing = true;
    if (m_stats)
        m_stats->cancel();
    auto finish = [this] {
        if (m_logs)
            m_logs->cancel();
        m_logFile.close();
        m_result.finished = QDateTime::currentDateTimeUtc();
        setState(m_finalState, m_result.error);
        Q_EMIT finished(m_result);
    };
    if (keepsObjects(m_finalState, m_spec.keep, m_spec.keepOnFailure) ||
        (m_result.containerId.isEmpty() && !m_volumeCreated && m_result.networkId.isEmpty())) {
        finish();
        return;
    }
    // The container goes first (it holds the volume), then the volume and the network.
    auto removeRest = [this, finish] {
        auto warn = [this](const Status &s) {
            if (!s && s.error().kind != Error::Kind::NotFound)
                spdlog::warn("run {}: cleanup: {}", m_spec.runId.toStdString(),
                             s.error().toString().toStdString());
        };
        m_client->removeVolume(m_result.volumeName, true)
            .then(this, [this, finish, warn](const Status &volume) {
                warn(volume);
                if (m_result.networkId.isEmpty())
                    return finish();
                m_client->removeNetwork(m_result.networkId).then(this, [finish, warn](const Status &network) {
                    warn(network);
                    finish();
                });
            });
    };
    if (m_result.containerId.isEmpty()) {
        removeRest();
        return;
    }
    // v=1: the anonymous volumes the image declares (VOLUME) go with the container.
    m_client->removeContainer(m_result.containerId, true, true)
        .then(this, [this, removeRest](const Status &s) {
            if (!s && s.error().kind != Error::Kind::NotFound)
                spdlog::warn("run {}: cannot remove container: {}", m_spec.runId.toStdString(),
                             s.error().toString().toStdString());
            removeRest();
        });
}

} // namespace ff::run

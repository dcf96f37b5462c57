#pragma once

#include "docker/dockerclient.h"
#include "fuzz/fuzzstats.h"
#include "runtypes.h"

#include <QFile>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>
#include <memory>

namespace ff::run {

// One workflow on one project, through the lifecycle of the seed: image (built once per
// content hash, or pulled), a per-run volume at /results, a hardened container, live logs
// and stats, the timeout, results copied out and parsed, cleanup. Asynchronous throughout;
// finished() comes exactly once.
class WorkflowRun : public QObject
{
    Q_OBJECT
public:
    WorkflowRun(docker::DockerClient *client, RunSpec spec, QObject *parent = nullptr);
    ~WorkflowRun() override;

    const RunSpec &spec() const { return m_spec; }
    const RunResult &result() const { return m_result; }
    RunState state() const { return m_result.state; }
    // The container the run made, as the engine will be asked to create it (for tests and
    // for the "copy debug command" of the GUI).
    docker::ContainerSpec containerSpec() const;
    static QString imageTagFor(const workflow::WorkflowManifest &workflow);
    // The labels of the run's container, volume and network.
    docker::Labels labels() const;
    // The corpus volume of a workflow with `corpus` (named after the project and the "harness"
    // parameter), or empty. It outlives the run: cleanup never removes it.
    QString corpusVolume() const;
    docker::VolumeSpec corpusVolumeSpec() const;

public Q_SLOTS:
    // The whole lifecycle; after prepare(), only the start of the prepared container.
    void start();
    // Image, volume, network and container, then prepared(): what can be done while the run
    // waits for a slot, so that start() is only the container's start.
    void prepare();
    // A container a previous process started (found by its labels): re-attach to it if it is
    // still running, collect its results if it exited meanwhile. The spec's attempt must be
    // that container's.
    void resume(const QString &containerId);
    void cancel();

Q_SIGNALS:
    void stateChanged(ff::run::RunState state, const QString &detail);
    void imageProgress(const ff::docker::ProgressEvent &event);
    void containerCreated(const QString &containerId);
    void prepared();
    void logLine(const ff::docker::LogLine &line);
    void statsSample(const ff::docker::StatsSample &sample);
    // A fuzzing workflow's progress, read from its log (workflows with `statistics`).
    void fuzzSample(const ff::fuzz::FuzzSample &sample);
    void finished(const ff::run::RunResult &result);

private:
    void begin();
    void setState(RunState state, const QString &detail = {});
    void ensureImage();
    void createVolume();
    void createCorpusVolume();
    void volumesReady();
    void createNetwork();
    void createContainer();
    void startContainer();
    void launch();
    void attachLogs(bool follow);
    void readStatistics(const docker::LogLine &line);
    void waitForExit(std::chrono::seconds timeout);
    // Calls `then` once the followed log has ended (or kLogDrainLimit after the exit).
    void drainLogs(std::function<void()> then);
    static constexpr std::chrono::milliseconds kLogDrainLimit{60000};
    void inspectExit(bool timedOut);
    void collect();
    void parse();
    void fail(const QString &message, RunState state = RunState::Failed);
    void failEngine(const QString &what, const Error &error);
    void cleanupAndFinish();
    bool stopped() const { return m_cancelled || isFinal(m_result.state); }

    docker::DockerClient *m_client;
    RunSpec m_spec;
    RunResult m_result;
    QPointer<docker::LogStream> m_logs;
    QPointer<docker::StatsStream> m_stats;
    QPointer<docker::ImageJob> m_imageJob;
    QFile m_logFile;
    QStringList m_lastStderr;
    std::unique_ptr<fuzz::StatsParser> m_fuzzStats;
    bool m_cancelled = false;
    bool m_finishing = false;
    bool m_volumeCreated = false;
    bool m_prepareOnly = false; // prepare() was called: stop when the container exists
    bool m_prepared = false;    // the container exists and waits for start()
    bool m_startRequested = false;
    bool m_containerStarted = false;
    RunState m_finalState = RunState::Succeeded;
};

} // namespace ff::run

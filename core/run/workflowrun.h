#pragma once

#include "docker/dockerclient.h"
#include "runtypes.h"

#include <QFile>
#include <QObject>
#include <QPointer>

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

public Q_SLOTS:
    void start();
    void cancel();

Q_SIGNALS:
    void stateChanged(ff::run::RunState state, const QString &detail);
    void imageProgress(const ff::docker::ProgressEvent &event);
    void containerCreated(const QString &containerId);
    void logLine(const ff::docker::LogLine &line);
    void statsSample(const ff::docker::StatsSample &sample);
    void finished(const ff::run::RunResult &result);

private:
    void begin();
    void setState(RunState state, const QString &detail = {});
    void ensureImage();
    void createVolume();
    void createNetwork();
    void createContainer();
    void startContainer();
    void waitForExit();
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
    bool m_cancelled = false;
    bool m_finishing = false;
    bool m_volumeCreated = false;
    RunState m_finalState = RunState::Succeeded;
};

} // namespace ff::run

#pragma once

#include "docker/dockerclient.h"
#include "run/workflowrun.h"
#include "storage/store.h"
#include "workflow/catalogue.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace ff::scheduler {

enum class Priority { High = 0, Normal = 1, Low = 2 };
QString priorityName(Priority priority);
std::optional<Priority> parsePriority(const QString &text);

struct Limits
{
    int maxConcurrent = 0;   // 0: the number of CPU cores
    qint64 memoryBudget = 0; // bytes the running runs' memory limits may add up to; 0: no budget
    double cpuBudget = 0.0;  // CPUs the running runs' CPU limits may add up to; 0: no budget
    int maxAttempts = 3;
    std::chrono::milliseconds backoffBase{2000};
    std::chrono::milliseconds backoffMax{60000};

    // What the engine has, less a margin for the host: memory minus 10% (at least 512 MiB),
    // every CPU.
    static Limits fromEngine(const docker::SystemInfo &info);
};

struct Entry
{
    run::RunSpec spec;
    Priority priority = Priority::Normal;
    run::RunState state = run::RunState::Queued;
    QString detail;
    int attempts = 0; // started so far
    QStringList errors;
    QDateTime queuedAt;
    QDateTime notBefore; // a retry waits for its backoff
    QString outputRoot;
    quint64 order = 0; // FIFO within a priority
};

// The local scheduler: a queue with priorities (FIFO within one), at most N runs at once and
// a memory/CPU budget, retries with exponential backoff and jitter for transient failures (the
// engine, not the workflow), then `dead`. With a Store, the queue is persisted: queued runs
// survive a restart (restoreQueued), and every state change is recorded with its time.
class Scheduler : public QObject
{
    Q_OBJECT
public:
    Scheduler(docker::DockerClient *client, storage::Store *store, Limits limits, QObject *parent = nullptr);
    ~Scheduler() override;

    // Queues a run; refused (with the reason) when it could never fit the budget. The spec's
    // outputDir is a root: each run keeps its files in ROOT/RUN_ID, so one spec can be queued
    // many times.
    Result<QString> enqueue(run::RunSpec spec, Priority priority = Priority::Normal);
    // A queued run leaves the queue; a running one is killed and its container removed.
    Status cancel(const QString &runId);
    // A finished run again, with the same workflow, project and parameters: its new id.
    Result<QString> rerun(const QString &runId);
    void pause();
    void resume();
    bool isPaused() const { return m_paused; }

    int runningCount() const { return static_cast<int>(m_running.size()); }
    int queuedCount() const { return static_cast<int>(m_queue.size()); }
    QList<Entry> queue() const { return m_queue; }
    const Limits &limits() const { return m_limits; }

    // Takes back the runs a previous scheduler left queued in the store. Runs it left in
    // another unfinished state are not touched here.
    Status restoreQueued(const workflow::Catalogue &catalogue);

Q_SIGNALS:
    void stateChanged(const QString &runId, ff::run::RunState state, const QString &detail);
    void runStarted(ff::run::WorkflowRun *run);
    void runFinished(const ff::run::RunResult &result); // after the last attempt
    void idle();                                        // nothing queued, nothing running

private:
    void schedule();
    bool fits(const run::RunSpec &spec) const;
    void start(Entry entry);
    void finished(const run::RunResult &result);
    void setState(Entry &entry, run::RunState state, const QString &detail);
    std::chrono::milliseconds backoff(int attempts) const;
    static QJsonObject request(const Entry &entry);

    docker::DockerClient *m_client;
    storage::Store *m_store;
    Limits m_limits;
    bool m_paused = false;
    quint64 m_order = 0;
    QList<Entry> m_queue;
    QHash<QString, Entry> m_running;
    QHash<QString, QPointer<run::WorkflowRun>> m_runs;
    QHash<QString, Entry> m_done;
    QTimer m_retryTimer;
};

} // namespace ff::scheduler

#pragma once

#include "docker/dockerclient.h"
#include "docker/streams.h"
#include "peerlock.h"
#include "run/workflowrun.h"
#include "storage/runrecorder.h"
#include "storage/store.h"
#include "workflow/catalogue.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace ff::scheduler {

enum class Priority { High = 0, Normal = 1, Low = 2 };
QString priorityName(Priority priority);
std::optional<Priority> parsePriority(const QString &text);

struct Limits
{
    int maxConcurrent = 0;   // 0: the number of CPU cores
    qint64 memoryBudget = 0; // bytes the running runs' memory limits may add up to; 0: no budget
    double cpuBudget = 0.0;  // CPUs the running runs' CPU limits may add up to; 0: no budget
    int prepareAhead = -1;   // runs prepared (image, container) while they wait; -1: maxConcurrent
    int maxAttempts = 3;
    std::chrono::milliseconds backoffBase{2000};
    std::chrono::milliseconds backoffMax{60000};
    std::chrono::milliseconds probeBase{1000}; // the engine probe while it is unavailable
    std::chrono::milliseconds probeMax{30000};

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
    quint64 order = 0;                   // FIFO within a priority
    QPointer<run::WorkflowRun> prepared; // made ahead while it waits for a slot
};

// What recover() found and did.
struct RecoveryReport
{
    int restored = 0;   // queued: back in the queue
    int reattached = 0; // still running: logs and stats resume
    int collected = 0;  // exited while nobody watched: results collected
    int requeued = 0;   // container gone (or never started): queued again
    int lost = 0;       // container gone, no attempts left
    int removedContainers = 0;
    int removedVolumes = 0;
    int removedNetworks = 0;
    // Another live FuzzForge process runs a scheduler on this database: its runs are its own,
    // so nothing was touched (its pid).
    qint64 leftToPeer = 0;
    QStringList notes; // one line per run, for the log and the CLI
    QString summary() const;
};

// The local scheduler: a queue with priorities (FIFO within one), at most N runs at once and
// a memory/CPU budget, retries with exponential backoff and jitter for transient failures (the
// engine, not the workflow), then `dead`. With a Store, the queue is persisted: queued runs
// survive a restart (restoreQueued, recover), and every state change is recorded with its time.
// Runs waiting for a slot are prepared ahead (image, volume, container) so that dispatching is
// only a start. A circuit breaker pauses dispatching while the engine does not answer and
// probes it with backoff. Every engine object a run makes carries the scheduler's owner label
// (the database's id), which recovery and the clean-up of leftovers go by.
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
    // Queued and running: what cancelling everything would cancel.
    QStringList activeRunIds() const;
    const Limits &limits() const { return m_limits; }
    // New limits for what is dispatched from now on (runs under way are not touched).
    void setLimits(Limits limits);
    // How much of each run's log the store keeps (the end of it); with a store only.
    void setStoredLogCap(qint64 bytes);

    // Takes back the runs a previous scheduler left queued in the store. Runs it left in
    // another unfinished state are not touched here.
    Status restoreQueued(const workflow::Catalogue &catalogue);
    // After a crash: reconciles the store's unfinished runs with the containers that carry the
    // owner label. Queued runs come back; a running container is re-attached; an exited one
    // has its results collected; a vanished one is queued again while attempts remain, else
    // lost; objects that belong to no run are removed. Dispatching waits until it is done
    // (recovered()). Needs a store.
    Status recover(const workflow::Catalogue &catalogue);

    bool engineAvailable() const { return !m_engineDown; }
    // "org.fuzzforge.store=ID": the label on every engine object of this scheduler's runs.
    QString ownerLabel() const { return run::kLabelStore + QLatin1Char('=') + m_owner; }
    // Every write to the store submitted so far (samples, logs, states), as one status.
    Status flush();

Q_SIGNALS:
    void stateChanged(const QString &runId, ff::run::RunState state, const QString &detail);
    void runStarted(ff::run::WorkflowRun *run);
    void runFinished(const ff::run::RunResult &result); // after the last attempt
    void idle();                                        // nothing queued, nothing running
    // The circuit breaker: the engine stopped answering (dispatching pauses; the next probe
    // is in retryInSeconds), or answers again (dispatching resumes).
    void engineAvailability(bool available, int retryInSeconds, const QString &error);
    void recovered(const ff::scheduler::RecoveryReport &report);
    // A container of this scheduler's started or died, from the engine's events stream.
    void containerEvent(const QString &runId, const QString &action);

private:
    void schedule();
    void prepareAhead(const QDateTime &now);
    bool fits(const run::RunSpec &spec) const;
    run::WorkflowRun *makeRun(Entry &entry, int attempt);
    void start(Entry entry);
    void finished(const run::RunResult &result);
    void finalize(Entry entry, run::RunResult result);
    Entry entryFrom(const storage::QueueEntry &q, const workflow::WorkflowManifest &wf);
    void reconcile(const QList<storage::QueueEntry> &entries,
                   const QList<docker::ContainerSummary> &containers);
    // Removes the engine objects with the owner label that no live run uses (and that no
    // finished run asked to keep), then calls done.
    void sweep(std::function<void(int, int, int)> done);
    bool keeps(const docker::Labels &labels) const;
    void watchEngine();
    void engineTrouble(const QString &why);
    void probe();
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
    QString m_owner;
    std::unique_ptr<storage::RunRecorder> m_recorder;
    std::unique_ptr<PeerLock> m_peers; // with a store: the other processes on the same database
    QList<QFuture<Status>> m_writes;
    QPointer<docker::EventStream> m_events;
    QTimer m_probeTimer;
    std::chrono::milliseconds m_probeDelay{0};
    bool m_probing = false;
    bool m_engineDown = false;
    bool m_recovering = false;  // dispatching waits for recovery or the clean-up after an outage
    bool m_reconciling = false; // recovery's sweep: objects of runs unknown here may go too
    std::optional<workflow::Catalogue> m_pendingRecovery;  // the engine was down when recover() was called
    std::optional<workflow::Catalogue> m_pendingCatalogue; // recovery in progress
};

} // namespace ff::scheduler

#pragma once

#include "appsettings.h"
#include "docker/dockerclient.h"
#include "docker/streams.h"
#include "fuzz/fuzzstats.h"
#include "run/workflowrun.h"
#include "scheduler/scheduler.h"
#include "storage/store.h"
#include "workflow/catalogue.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>

namespace ff::ui {

enum class EngineState { Checking, Connected, Unavailable };

// What the views know of a run before it has a result: from the moment it is queued.
struct RunInfo
{
    QString runId;
    QString workflowId;
    QString workflowName;
    QString projectPath;
    int timeoutSeconds = 0;
    qint64 memoryLimit = 0;
    QDateTime queuedAt;
};

// A project the analyst opened: its folder, the languages found in it and the workflows that
// apply (worked out off the UI thread).
struct ProjectInfo
{
    QString path; // canonical
    QStringList languages;
    QStringList workflowIds; // the non-composite workflows whose file patterns match
    int fileCount = 0;
    bool scanned = false; // languages and workflows are known
};

// The hub of the desktop application: it owns the engine client, the history database, the
// scheduler and the workflow catalogue, and turns what they do into signals the views follow.
// It lives on the UI thread and never blocks it: the database is opened and read on worker
// threads (read()), the engine is asked asynchronously, log lines arrive in batches.
class Session : public QObject
{
    Q_OBJECT
public:
    explicit Session(AppSettings settings, QObject *parent = nullptr);
    ~Session() override;

    // Opens the database (off the UI thread), asks the engine for its resources and creates the
    // scheduler, then ready(); whatever failed is reported through problem() and the status
    // signals, and the session still works as far as it can (no history: runs still go).
    void start();
    bool isReady() const { return m_scheduler != nullptr; }

    const AppSettings &settings() const { return m_settings; }
    // Applies what can change live (limits, log buffer, notifications); true when something
    // changed that only takes effect after a restart (the engine endpoint, the database).
    bool applySettings(const AppSettings &settings);

    docker::DockerClient *client() const { return m_client; }
    storage::Store *store() const { return m_store.get(); }         // null: no history database
    scheduler::Scheduler *scheduler() const { return m_scheduler; } // null before ready()
    const workflow::Catalogue &catalogue() const { return m_catalogue; }
    // Loads the workflows of another folder (as `fuzzforge --workflows DIR` does); bad
    // manifests are reported through problem() and the others still load.
    void addWorkflowFolder(const QString &root);
    EngineState engineState() const { return m_engineState; }
    QString databaseDescription() const { return m_databaseDescription; }

    // Projects: opened by drop, File > Open or the recent list. Paths that are not readable
    // folders are refused through problem() and returned as false.
    bool addProject(const QString &path);
    void removeProject(const QString &path);
    QList<ProjectInfo> projects() const { return m_projects; }
    std::optional<ProjectInfo> project(const QString &path) const;
    QStringList currentProjects() const { return m_currentProjects; }
    void setCurrentProjects(const QStringList &paths);
    QStringList recentProjects() const;

    // Queues `workflowIds` (composites expand) on every project in `projects`, with parameters
    // as "workflow.key" -> value. Nothing is queued unless every run is valid: the error names
    // what is wrong.
    Result<QStringList> submit(const QStringList &projects, const QStringList &workflowIds,
                               const QMap<QString, QString> &parameters = {},
                               scheduler::Priority priority = scheduler::Priority::Normal);
    // The same, with the plan (the projects' files listed, parameters checked) made on a worker:
    // `done` gets the ids or the error on the UI thread, unless `context` is gone by then.
    void submitInBackground(const QStringList &projects, const QStringList &workflowIds,
                            const QMap<QString, QString> &parameters, QObject *context,
                            std::function<void(const Result<QStringList> &)> done,
                            scheduler::Priority priority = scheduler::Priority::Normal);
    std::optional<RunInfo> runInfo(const QString &runId) const;
    // The container of a run that is under way (for "Open shell" / "Copy debug command").
    QString containerOf(const QString &runId) const;
    static QString debugCommand(const QString &containerId);

    // The runs the views follow (selected in the Runs or History view).
    QStringList selectedRuns() const { return m_selectedRuns; }
    void selectRuns(const QStringList &runIds);

    // Triage of findings (keyed by project + fingerprint); triageChanged() once stored, or
    // problem() when it could not be.
    void setTriage(const QString &projectPath, const QStringList &fingerprints,
                   const storage::Triage &triage);

    // Runs `job` with the store on a worker thread and hands its result to `done` on the UI
    // thread, unless `context` is gone by then. Without a store, `done` is not called and false
    // is returned.
    template <typename T, typename Job, typename Done> bool read(QObject *context, Job job, Done done)
    {
        storage::Store *store = m_store.get();
        if (!store)
            return false;
        QtConcurrent::run(&m_pool, [store, job = std::move(job)]() -> T {
            return job(*store);
        }).then(context, deliver<T>(context, std::move(done)));
        return true;
    }
    // The same for work that needs no store (file reads, big parses).
    template <typename T, typename Job, typename Done> void background(QObject *context, Job job, Done done)
    {
        QtConcurrent::run(&m_pool, std::move(job)).then(context, deliver<T>(context, std::move(done)));
    }

    // Pauses or resumes dispatching (runs under way go on); queueChanged() follows.
    void setQueuePaused(bool paused);

Q_SIGNALS:
    void ready();
    void engineChanged(ff::ui::EngineState state, const QString &detail, int retryInSeconds);
    void databaseChanged(bool ok, const QString &description);
    // Something the analyst must act on: shown in the window's banner with the remedy.
    void problem(const QString &message, const QString &remedy);
    void projectsChanged();
    // addWorkflowFolder() is about to load more workflows / has loaded them (models reset).
    void catalogueAboutToChange();
    void catalogueChanged();
    void currentProjectsChanged(const QStringList &paths);
    void runSelectionChanged(const QStringList &runIds);
    void runQueued(const ff::ui::RunInfo &info);
    // A run object exists (before it prepares): connect to its signals for image progress.
    void runCreated(ff::run::WorkflowRun *run);
    void runStateChanged(const QString &runId, ff::run::RunState state, const QString &detail);
    void runFinished(const ff::run::RunResult &result);
    // Log lines of a run, in batches (a container can print faster than a view could follow
    // line by line).
    void logLines(const QString &runId, const QList<ff::docker::LogLine> &lines);
    void statsSample(const QString &runId, const ff::docker::StatsSample &sample);
    // A fuzzing workflow's progress (coverage, execs/s, corpus, crashes), as its log is read.
    void fuzzSample(const QString &runId, const ff::fuzz::FuzzSample &sample);
    void imageProgress(const QString &runId, const ff::docker::ProgressEvent &event);
    void queueChanged(int queued, int running, bool paused);
    void triageChanged(const QString &projectPath, const QStringList &fingerprints,
                       const ff::storage::Triage &triage);

private:
    // The continuation of a worker's future: hands the value to `done` on a later turn of the
    // event loop, never inside the call that started the work (a future that finished before
    // then() was attached would otherwise run `done` there and then).
    template <typename T, typename Done> static auto deliver(QObject *context, Done done)
    {
        return [context, done = std::move(done)](T value) {
            QMetaObject::invokeMethod(
                context, [done, value = std::move(value)]() mutable { done(std::move(value)); },
                Qt::QueuedConnection);
        };
    }
    void openDatabase();
    void databaseOpened(Result<std::shared_ptr<storage::Store>> store);
    void createScheduler(scheduler::Limits limits);
    scheduler::Limits limitsFor(const std::optional<docker::SystemInfo> &info) const;
    void checkEngine();
    void setEngineState(EngineState state, const QString &detail, int retryIn = 0);
    void track(run::WorkflowRun *run);
    void flushLogs();
    void emitQueue();
    void scanProject(const QString &path);
    static Result<QList<run::RunSpec>> plan(const workflow::Catalogue &catalogue, const QStringList &projects,
                                            const QStringList &workflowIds,
                                            const QMap<QString, QString> &parameters);
    Result<QStringList> enqueue(const QList<run::RunSpec> &specs, scheduler::Priority priority);
    run::RunSpec withDefaults(run::RunSpec spec) const;

    AppSettings m_settings;
    docker::DockerClient *m_client = nullptr;
    std::shared_ptr<storage::Store> m_store;
    scheduler::Scheduler *m_scheduler = nullptr;
    workflow::Catalogue m_catalogue;
    std::optional<docker::SystemInfo> m_engineInfo;
    EngineState m_engineState = EngineState::Checking;
    QString m_databaseDescription;
    QList<ProjectInfo> m_projects;
    QStringList m_currentProjects;
    QStringList m_selectedRuns;
    QHash<QString, RunInfo> m_runs;
    QHash<QString, QPointer<run::WorkflowRun>> m_live;
    QHash<QString, QList<docker::LogLine>> m_pendingLogs;
    QTimer m_logTimer;
    QTimer m_engineTimer;
    bool m_checking = false;
    bool m_breakerOpen = false;
    QThreadPool m_pool;
};

} // namespace ff::ui

Q_DECLARE_METATYPE(ff::ui::RunInfo)
Q_DECLARE_METATYPE(ff::ui::EngineState)

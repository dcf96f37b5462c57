#include "session.h"

#include "run/scan.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include <spdlog/spdlog.h>

namespace ff::ui {

namespace {

const QString kRecentKey = QStringLiteral("Projects/v1/recent");
constexpr int kMaxRecent = 10;

QString describe(const storage::DatabaseUrl &url)
{
    return url.backend == storage::DatabaseUrl::Backend::Sqlite
               ? QCoreApplication::translate("ff::ui::Session", "SQLite %1").arg(url.path)
               : QCoreApplication::translate("ff::ui::Session", "PostgreSQL %1").arg(url.redacted());
}

} // namespace

Session::Session(AppSettings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_catalogue(workflow::Catalogue::standard())
{
    qRegisterMetaType<ff::ui::RunInfo>();
    qRegisterMetaType<ff::ui::EngineState>();
    qRegisterMetaType<ff::run::RunState>();
    qRegisterMetaType<ff::run::RunResult>();
    qRegisterMetaType<ff::fuzz::FuzzSample>();
    // Readers keep one connection per thread: threads that never expire keep them few.
    m_pool.setMaxThreadCount(2);
    m_pool.setExpiryTimeout(-1);

    if (m_settings.dockerHost.isEmpty()) {
        m_client = docker::DockerClient::fromEnvironment(this);
    } else {
        auto endpoint = docker::Endpoint::parse(m_settings.dockerHost);
        m_client = endpoint ? new docker::DockerClient(endpoint.value(), this)
                            : docker::DockerClient::fromEnvironment(this);
        if (!endpoint)
            QTimer::singleShot(0, this, [this, e = endpoint.error()] {
                Q_EMIT problem(tr("The Docker endpoint in Settings is not valid: %1").arg(e.message),
                               tr("Correct it in Settings > Docker endpoint, or leave it empty to use "
                                  "DOCKER_HOST."));
            });
    }
    for (const auto &e : m_catalogue.errors())
        spdlog::warn("workflow catalogue: {}", e.toString().toStdString());

    m_logTimer.setInterval(50);
    connect(&m_logTimer, &QTimer::timeout, this, &Session::flushLogs);
    m_engineTimer.setInterval(5000);
    connect(&m_engineTimer, &QTimer::timeout, this, &Session::checkEngine);
}

Session::~Session()
{
    m_pool.waitForDone();
    // The scheduler writes to the store while it winds down: it goes first.
    delete m_scheduler;
    m_scheduler = nullptr;
    m_store.reset();
}

void Session::start()
{
    m_engineTimer.start();
    checkEngine();
    openDatabase();
}

void Session::openDatabase()
{
    auto url = m_settings.databaseUrl.isEmpty() ? storage::DatabaseUrl::fromEnvironment()
                                                : storage::DatabaseUrl::parse(m_settings.databaseUrl);
    if (!url) {
        databaseOpened(url.error());
        return;
    }
    m_databaseDescription = describe(url.value());
    QThread *ui = thread();
    // Opening may wait on a network (PostgreSQL) and migrates the schema: a worker does it.
    background<Result<std::shared_ptr<storage::Store>>>(
        this,
        [u = url.value(), ui]() -> Result<std::shared_ptr<storage::Store>> {
            auto opened = storage::Store::open(u);
            if (!opened)
                return opened.error();
            std::shared_ptr<storage::Store> store(std::move(opened).value().release());
            // The writer thread's object belongs with the session that submits to it.
            store->writer().moveToThread(ui);
            return store;
        },
        [this](Result<std::shared_ptr<storage::Store>> store) { databaseOpened(std::move(store)); });
}

void Session::databaseOpened(Result<std::shared_ptr<storage::Store>> store)
{
    if (store) {
        m_store = store.value();
        Q_EMIT databaseChanged(true, m_databaseDescription);
    } else {
        m_databaseDescription = tr("no history");
        Q_EMIT databaseChanged(false, store.error().message);
        Q_EMIT problem(tr("The history database cannot be opened: %1").arg(store.error().message),
                       tr("Runs still go, but they are not recorded and findings cannot be triaged. "
                          "Check the database URL in Settings (or FUZZFORGE_DATABASE_URL) and restart."));
    }
    // The scheduler starts with what is known of the engine; its limits follow the engine's
    // answer when it comes.
    createScheduler(limitsFor(m_engineInfo));
}

scheduler::Limits Session::limitsFor(const std::optional<docker::SystemInfo> &info) const
{
    scheduler::Limits limits = info ? scheduler::Limits::fromEngine(*info) : scheduler::Limits{};
    if (m_settings.maxConcurrent > 0)
        limits.maxConcurrent = m_settings.maxConcurrent;
    if (m_settings.memoryBudget > 0)
        limits.memoryBudget = m_settings.memoryBudget;
    if (m_settings.cpuBudget > 0)
        limits.cpuBudget = m_settings.cpuBudget;
    return limits;
}

void Session::createScheduler(scheduler::Limits limits)
{
    m_scheduler = new scheduler::Scheduler(m_client, m_store.get(), limits, this);
    m_scheduler->setStoredLogCap(qint64(m_settings.storedLogMiB) * 1024 * 1024);
    connect(m_scheduler, &scheduler::Scheduler::runStarted, this, &Session::track);
    connect(m_scheduler, &scheduler::Scheduler::stateChanged, this,
            [this](const QString &id, run::RunState state, const QString &detail) {
                Q_EMIT runStateChanged(id, state, detail);
                emitQueue();
            });
    connect(m_scheduler, &scheduler::Scheduler::runFinished, this, [this](const run::RunResult &result) {
        flushLogs();
        m_live.remove(result.runId);
        Q_EMIT runFinished(result);
        emitQueue();
    });
    connect(m_scheduler, &scheduler::Scheduler::engineAvailability, this,
            [this](bool available, int retryIn, const QString &error) {
                m_breakerOpen = !available;
                if (available)
                    checkEngine();
                else
                    setEngineState(EngineState::Unavailable, error, retryIn);
            });
    connect(m_scheduler, &scheduler::Scheduler::recovered, this, [](const scheduler::RecoveryReport &report) {
        spdlog::info("recovered: {}", report.summary().toStdString());
    });
    if (m_store) {
        // What an earlier session left unfinished comes back (re-attached, collected or queued).
        if (Status s = m_scheduler->recover(m_catalogue); !s)
            Q_EMIT problem(
                tr("Runs left by an earlier session could not be recovered: %1").arg(s.error().message),
                tr("They stay in the history as they were."));
    }
    emitQueue();
    Q_EMIT ready();
}

void Session::checkEngine()
{
    if (m_checking)
        return;
    m_checking = true;
    m_client->info(docker::CallOptions{std::chrono::seconds(4)})
        .then(this, [this](const Result<docker::SystemInfo> &info) {
            m_checking = false;
            if (!info) {
                setEngineState(EngineState::Unavailable, info.error().toString());
                return;
            }
            const bool first = !m_engineInfo;
            m_engineInfo = info.value();
            if (first && m_scheduler)
                m_scheduler->setLimits(limitsFor(m_engineInfo));
            if (!m_breakerOpen)
                setEngineState(EngineState::Connected, tr("Docker %1, API %2, %3 CPUs, %4")
                                                           .arg(info->serverVersion, m_client->apiVersion())
                                                           .arg(info->cpus)
                                                           .arg(QLocale().formattedDataSize(info->memTotal)));
        });
}

void Session::setEngineState(EngineState state, const QString &detail, int retryIn)
{
    m_engineState = state;
    Q_EMIT engineChanged(state, detail, retryIn);
}

bool Session::applySettings(const AppSettings &settings)
{
    const bool restart =
        settings.dockerHost != m_settings.dockerHost || settings.databaseUrl != m_settings.databaseUrl;
    m_settings = settings;
    m_settings.save();
    if (m_scheduler) {
        m_scheduler->setLimits(limitsFor(m_engineInfo));
        m_scheduler->setStoredLogCap(qint64(m_settings.storedLogMiB) * 1024 * 1024);
    }
    return restart;
}

bool Session::addProject(const QString &path)
{
    const QFileInfo fi(path);
    QString why;
    if (!fi.exists())
        why = tr("%1 does not exist").arg(QDir::toNativeSeparators(path));
    else if (!fi.isDir())
        why = tr("%1 is not a folder").arg(QDir::toNativeSeparators(path));
    else if (!fi.isReadable() || !fi.isExecutable())
        why = tr("%1 cannot be read (permission denied)").arg(QDir::toNativeSeparators(path));
    if (!why.isEmpty()) {
        Q_EMIT problem(tr("Cannot open the project: %1").arg(why),
                       tr("Drop a folder you can read, or choose one with File > Open Project."));
        return false;
    }
    const QString canonical = fi.canonicalFilePath();
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(canonical);
    recent.prepend(canonical);
    settings.setValue(kRecentKey, recent.mid(0, kMaxRecent));
    if (!project(canonical)) {
        m_projects << ProjectInfo{canonical, {}, {}, 0, false};
        Q_EMIT projectsChanged();
        scanProject(canonical);
    }
    setCurrentProjects({canonical});
    return true;
}

void Session::scanProject(const QString &path)
{
    struct Found
    {
        QStringList languages;
        QStringList workflows;
        int files = 0;
    };
    background<Found>(
        this,
        [path, catalogue = m_catalogue] {
            const QStringList files = workflow::listProjectFiles(path);
            Found f;
            f.files = static_cast<int>(files.size());
            f.languages = workflow::detectLanguages(files);
            for (const auto *w : catalogue.applicable(files))
                f.workflows << w->id;
            return f;
        },
        [this, path](const Found &f) {
            for (ProjectInfo &p : m_projects)
                if (p.path == path) {
                    p.languages = f.languages;
                    p.workflowIds = f.workflows;
                    p.fileCount = f.files;
                    p.scanned = true;
                    Q_EMIT projectsChanged();
                }
        });
}

void Session::removeProject(const QString &path)
{
    const auto removed = m_projects.removeIf([&path](const ProjectInfo &p) { return p.path == path; });
    if (removed == 0)
        return;
    Q_EMIT projectsChanged();
    if (m_currentProjects.removeAll(path) > 0)
        Q_EMIT currentProjectsChanged(m_currentProjects);
}

void Session::addWorkflowFolder(const QString &root)
{
    const auto before = m_catalogue.errors().size();
    Q_EMIT catalogueAboutToChange();
    m_catalogue.load(root);
    QStringList errors;
    for (auto i = before; i < m_catalogue.errors().size(); ++i)
        errors << m_catalogue.errors().at(i).toString();
    Q_EMIT catalogueChanged();
    // On the next turn of the event loop, so that a window made after this call hears it.
    if (!errors.isEmpty())
        QTimer::singleShot(0, this, [this, errors] {
            Q_EMIT problem(tr("A workflow could not be loaded: %1").arg(errors.join(QStringLiteral("; "))),
                           tr("Fix the manifest; the other workflows are available."));
        });
}

std::optional<ProjectInfo> Session::project(const QString &path) const
{
    for (const ProjectInfo &p : m_projects)
        if (p.path == path)
            return p;
    return std::nullopt;
}

void Session::setCurrentProjects(const QStringList &paths)
{
    if (paths == m_currentProjects)
        return;
    m_currentProjects = paths;
    Q_EMIT currentProjectsChanged(m_currentProjects);
}

QStringList Session::recentProjects() const
{
    return QSettings().value(kRecentKey).toStringList();
}

run::RunSpec Session::withDefaults(run::RunSpec spec) const
{
    auto &res = spec.workflow.resources;
    if (!res.memoryStated && m_settings.defaultMemory > 0)
        res.memoryBytes = m_settings.defaultMemory;
    if (!res.cpusStated && m_settings.defaultCpus > 0)
        res.cpus = m_settings.defaultCpus;
    if (!res.timeoutStated && m_settings.defaultTimeoutSeconds > 0)
        res.timeoutSeconds = m_settings.defaultTimeoutSeconds;
    spec.keepOnFailure = m_settings.keepOnFailure;
    return spec;
}

Result<QList<run::RunSpec>> Session::plan(const workflow::Catalogue &catalogue, const QStringList &projects,
                                          const QStringList &workflowIds,
                                          const QMap<QString, QString> &parameters)
{
    if (projects.isEmpty())
        return Error::make(Error::Kind::InvalidArgument,
                           tr("Open a project first (File > Open Project or drop a folder)"));
    // Every project and every parameter is checked before anything is queued.
    QList<run::RunSpec> specs;
    for (const QString &project : projects) {
        run::ScanRequest request;
        request.projectPath = project;
        request.workflowIds = workflowIds;
        for (auto it = parameters.cbegin(); it != parameters.cend(); ++it)
            request.parameterArgs << it.key() + QLatin1Char('=') + it.value();
        run::Scan scan(catalogue, request);
        if (Status s = scan.prepare(); !s)
            return s.error();
        specs += scan.specs();
    }
    return specs;
}

Result<QStringList> Session::submit(const QStringList &projects, const QStringList &workflowIds,
                                    const QMap<QString, QString> &parameters, scheduler::Priority priority)
{
    if (!m_scheduler)
        return Error::make(Error::Kind::InvalidArgument,
                           tr("FuzzForge is still starting; try again in a moment"));
    auto specs = plan(m_catalogue, projects, workflowIds, parameters);
    if (!specs)
        return specs.error();
    return enqueue(specs.value(), priority);
}

void Session::submitInBackground(const QStringList &projects, const QStringList &workflowIds,
                                 const QMap<QString, QString> &parameters, QObject *context,
                                 std::function<void(const Result<QStringList> &)> done,
                                 scheduler::Priority priority)
{
    if (!m_scheduler) {
        done(Error::make(Error::Kind::InvalidArgument,
                         tr("FuzzForge is still starting; try again in a moment")));
        return;
    }
    // Listing a large project's files takes a while: a worker plans, the UI thread queues.
    background<Result<QList<run::RunSpec>>>(
        context,
        [catalogue = m_catalogue, projects, workflowIds, parameters] {
            return plan(catalogue, projects, workflowIds, parameters);
        },
        [this, done, priority](const Result<QList<run::RunSpec>> &specs) {
            done(specs ? enqueue(specs.value(), priority) : Result<QStringList>(specs.error()));
        });
}

Result<QStringList> Session::enqueue(const QList<run::RunSpec> &specs, scheduler::Priority priority)
{
    if (!m_scheduler)
        return Error::make(Error::Kind::InvalidArgument,
                           tr("FuzzForge is still starting; try again in a moment"));
    QStringList ids;
    QStringList refused;
    for (run::RunSpec spec : std::as_const(specs)) {
        spec = withDefaults(std::move(spec));
        // The spec's folder is the run's own; the scheduler takes the root and adds the id.
        spec.outputDir = QFileInfo(spec.outputDir).path();
        RunInfo info{spec.runId,
                     spec.workflow.id,
                     spec.workflow.name,
                     spec.projectPath,
                     spec.workflow.resources.timeoutSeconds,
                     spec.workflow.resources.memoryBytes,
                     QDateTime::currentDateTimeUtc()};
        m_runs.insert(info.runId, info);
        auto id = m_scheduler->enqueue(spec, priority);
        if (!id) {
            m_runs.remove(info.runId);
            refused << id.error().message;
            continue;
        }
        ids << id.value();
        Q_EMIT runQueued(info);
    }
    emitQueue();
    if (ids.isEmpty() && !refused.isEmpty())
        return Error::make(Error::Kind::InvalidArgument, refused.join(QLatin1Char('\n')));
    if (!refused.isEmpty())
        Q_EMIT problem(tr("Some runs were refused: %1").arg(refused.join(QStringLiteral("; "))),
                       tr("Raise the resource budget in Settings, or lower the workflow's limits."));
    return ids;
}

std::optional<RunInfo> Session::runInfo(const QString &runId) const
{
    const auto it = m_runs.constFind(runId);
    if (it != m_runs.cend())
        return *it;
    return std::nullopt;
}

QString Session::containerOf(const QString &runId) const
{
    const auto r = m_live.value(runId);
    return r ? r->result().containerId : QString();
}

QString Session::debugCommand(const QString &containerId)
{
    return QStringLiteral("docker exec -it %1 /bin/sh").arg(containerId);
}

void Session::selectRuns(const QStringList &runIds)
{
    if (runIds == m_selectedRuns)
        return;
    m_selectedRuns = runIds;
    Q_EMIT runSelectionChanged(m_selectedRuns);
}

void Session::setTriage(const QString &projectPath, const QStringList &fingerprints,
                        const storage::Triage &triage)
{
    if (!m_store) {
        Q_EMIT problem(tr("Triage cannot be saved: there is no history database."),
                       tr("Check the database URL in Settings and restart."));
        return;
    }
    storage::Triage t = triage;
    t.updated = QDateTime::currentDateTimeUtc();
    QList<QFuture<Status>> writes;
    for (const QString &fp : fingerprints)
        writes << m_store->setTriage(projectPath, fp, t);
    QtFuture::whenAll(writes.begin(), writes.end())
        .then(this, [this, projectPath, fingerprints, t](const QList<QFuture<Status>> &done) {
            for (const auto &f : done) {
                const Status s =
                    f.resultCount() ? f.result() : Status(Error::make(Error::Kind::Canceled, {}));
                if (!s) {
                    Q_EMIT problem(tr("Triage was not saved: %1").arg(s.error().message),
                                   tr("The database may be unavailable; try again once it answers."));
                    return;
                }
            }
            Q_EMIT triageChanged(projectPath, fingerprints, t);
        });
}

void Session::track(run::WorkflowRun *r)
{
    const QString id = r->spec().runId;
    m_live.insert(id, r);
    if (!m_runs.contains(id)) {
        // Recovered or re-run by the scheduler itself: known from its spec.
        const auto &spec = r->spec();
        m_runs.insert(id, RunInfo{id, spec.workflow.id, spec.workflow.name, spec.projectPath,
                                  spec.workflow.resources.timeoutSeconds, spec.workflow.resources.memoryBytes,
                                  QDateTime::currentDateTimeUtc()});
        Q_EMIT runQueued(m_runs.value(id));
    }
    connect(r, &run::WorkflowRun::logLine, this, [this, id](const docker::LogLine &line) {
        m_pendingLogs[id].append(line);
        if (!m_logTimer.isActive())
            m_logTimer.start();
    });
    connect(r, &run::WorkflowRun::statsSample, this,
            [this, id](const docker::StatsSample &s) { Q_EMIT statsSample(id, s); });
    connect(r, &run::WorkflowRun::fuzzSample, this,
            [this, id](const fuzz::FuzzSample &s) { Q_EMIT fuzzSample(id, s); });
    connect(r, &run::WorkflowRun::imageProgress, this,
            [this, id](const docker::ProgressEvent &e) { Q_EMIT imageProgress(id, e); });
    Q_EMIT runCreated(r);
}

void Session::flushLogs()
{
    if (m_pendingLogs.isEmpty()) {
        m_logTimer.stop();
        return;
    }
    const auto pending = std::exchange(m_pendingLogs, {});
    for (auto it = pending.cbegin(); it != pending.cend(); ++it)
        Q_EMIT logLines(it.key(), it.value());
}

void Session::setQueuePaused(bool paused)
{
    if (!m_scheduler)
        return;
    if (paused)
        m_scheduler->pause();
    else
        m_scheduler->resume();
    emitQueue();
}

void Session::emitQueue()
{
    if (m_scheduler)
        Q_EMIT queueChanged(m_scheduler->queuedCount(), m_scheduler->runningCount(), m_scheduler->isPaused());
}

} // namespace ff::ui

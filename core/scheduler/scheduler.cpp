#include "scheduler.h"

#include <QJsonArray>
#include <QLocale>
#include <QRandomGenerator>
#include <QThread>
#include <QUuid>

#include <spdlog/spdlog.h>

namespace ff::scheduler {

using run::RunState;

QString priorityName(Priority priority)
{
    switch (priority) {
    case Priority::High:
        return QStringLiteral("high");
    case Priority::Normal:
        return QStringLiteral("normal");
    case Priority::Low:
        return QStringLiteral("low");
    }
    return QStringLiteral("normal");
}

std::optional<Priority> parsePriority(const QString &text)
{
    for (Priority p : {Priority::High, Priority::Normal, Priority::Low})
        if (priorityName(p) == text)
            return p;
    return std::nullopt;
}

Limits Limits::fromEngine(const docker::SystemInfo &info)
{
    Limits l;
    l.maxConcurrent = std::max(1, info.cpus);
    const qint64 margin = std::max<qint64>(512ll << 20, info.memTotal / 10);
    l.memoryBudget = std::max<qint64>(info.memTotal - margin, 256ll << 20);
    l.cpuBudget = info.cpus;
    return l;
}

Scheduler::Scheduler(docker::DockerClient *client, storage::Store *store, Limits limits, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_limits(limits)
{
    if (m_limits.maxConcurrent <= 0)
        m_limits.maxConcurrent = std::max(1, QThread::idealThreadCount());
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Scheduler::schedule);
}

Scheduler::~Scheduler()
{
    for (const auto &r : std::as_const(m_runs))
        if (r)
            r->disconnect(this);
}

bool Scheduler::fits(const run::RunSpec &spec) const
{
    if (m_running.size() >= m_limits.maxConcurrent)
        return false;
    qint64 memory = spec.workflow.resources.memoryBytes;
    double cpus = spec.workflow.resources.cpus;
    for (const Entry &e : m_running) {
        memory += e.spec.workflow.resources.memoryBytes;
        cpus += e.spec.workflow.resources.cpus;
    }
    return (m_limits.memoryBudget <= 0 || memory <= m_limits.memoryBudget) &&
           (m_limits.cpuBudget <= 0 || cpus <= m_limits.cpuBudget + 1e-9);
}

QJsonObject Scheduler::request(const Entry &entry)
{
    QJsonObject params;
    for (auto it = entry.spec.parameters.cbegin(); it != entry.spec.parameters.cend(); ++it)
        params.insert(it.key(), it.value());
    QJsonObject o;
    o.insert(QLatin1String("workflow"), entry.spec.workflow.id);
    o.insert(QLatin1String("workflowFolder"), entry.spec.workflow.folder);
    o.insert(QLatin1String("parameters"), params);
    o.insert(QLatin1String("outputDir"), entry.spec.outputDir);
    o.insert(QLatin1String("keep"), entry.spec.keep);
    o.insert(QLatin1String("languages"), QJsonArray::fromStringList(entry.spec.languages));
    return o;
}

Result<QString> Scheduler::enqueue(run::RunSpec spec, Priority priority)
{
    if (spec.workflow.isComposite())
        return Error::make(Error::Kind::InvalidArgument,
                           QStringLiteral("%1 is a composite workflow: queue the workflows it stands for")
                               .arg(spec.workflow.id));
    const auto &res = spec.workflow.resources;
    if (m_limits.memoryBudget > 0 && res.memoryBytes > m_limits.memoryBudget)
        return Error::make(
            Error::Kind::InvalidArgument,
            QStringLiteral("%1 asks for %2 of memory, more than the whole budget of %3: it could never run")
                .arg(spec.workflow.id, QLocale::c().formattedDataSize(res.memoryBytes),
                     QLocale::c().formattedDataSize(m_limits.memoryBudget)));
    if (m_limits.cpuBudget > 0 && res.cpus > m_limits.cpuBudget + 1e-9)
        return Error::make(
            Error::Kind::InvalidArgument,
            QStringLiteral("%1 asks for %2 CPUs, more than the whole budget of %3: it could never run")
                .arg(spec.workflow.id)
                .arg(res.cpus)
                .arg(m_limits.cpuBudget));
    if (spec.runId.isEmpty())
        spec.runId = QUuid::createUuid().toString(QUuid::Id128).left(16);
    Entry e;
    e.outputRoot = spec.outputDir;
    if (!spec.outputDir.isEmpty())
        spec.outputDir = spec.outputDir + QLatin1Char('/') + spec.runId;
    e.spec = std::move(spec);
    e.priority = priority;
    e.queuedAt = QDateTime::currentDateTimeUtc();
    e.order = ++m_order;
    if (m_store) {
        storage::QueueEntry q;
        q.runId = e.spec.runId;
        q.projectPath = e.spec.projectPath;
        q.workflowId = e.spec.workflow.id;
        q.workflowVersion = e.spec.workflow.version;
        q.priority = static_cast<int>(priority);
        q.request = request(e);
        q.queuedAt = e.queuedAt;
        m_store->enqueue(q);
    }
    const QString id = e.spec.runId;
    m_queue << e;
    Q_EMIT stateChanged(id, RunState::Queued, {});
    QMetaObject::invokeMethod(this, &Scheduler::schedule, Qt::QueuedConnection);
    return id;
}

void Scheduler::setState(Entry &entry, RunState state, const QString &detail)
{
    entry.state = state;
    entry.detail = detail;
    if (m_store && !run::isFinal(state))
        m_store->setRunState(entry.spec.runId, run::stateName(state), detail, entry.attempts, entry.errors);
    Q_EMIT stateChanged(entry.spec.runId, state, detail);
}

void Scheduler::schedule()
{
    if (m_paused)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QDateTime nextRetry;
    for (;;) {
        // The best runnable entry: highest priority, then first queued; retries wait out their backoff.
        qsizetype best = -1;
        for (qsizetype i = 0; i < m_queue.size(); ++i) {
            const Entry &e = m_queue.at(i);
            if (e.notBefore.isValid() && e.notBefore > now) {
                if (!nextRetry.isValid() || e.notBefore < nextRetry)
                    nextRetry = e.notBefore;
                continue;
            }
            if (best < 0 || e.priority < m_queue.at(best).priority ||
                (e.priority == m_queue.at(best).priority && e.order < m_queue.at(best).order))
                best = i;
        }
        if (best < 0 || !fits(m_queue.at(best).spec))
            break;
        start(m_queue.takeAt(best));
    }
    if (nextRetry.isValid())
        m_retryTimer.start(std::max<qint64>(0, now.msecsTo(nextRetry)));
    if (m_queue.isEmpty() && m_running.isEmpty())
        Q_EMIT idle();
}

void Scheduler::start(Entry entry)
{
    ++entry.attempts;
    entry.spec.attempt = entry.attempts;
    const QString id = entry.spec.runId;
    auto *r = new run::WorkflowRun(m_client, entry.spec, this);
    m_running.insert(id, entry);
    m_runs.insert(id, r);
    connect(r, &run::WorkflowRun::stateChanged, this, [this, id](RunState state, const QString &detail) {
        auto it = m_running.find(id);
        if (it != m_running.end() && !run::isFinal(state))
            setState(*it, state, detail);
    });
    connect(r, &run::WorkflowRun::finished, this, [this, r](const run::RunResult &result) {
        r->deleteLater();
        finished(result);
    });
    Q_EMIT runStarted(r);
    r->start();
}

std::chrono::milliseconds Scheduler::backoff(int attempts) const
{
    // base * 2^(attempts-1), capped, with +-25% jitter so that retries do not move in step.
    const double exp =
        static_cast<double>(m_limits.backoffBase.count()) * std::pow(2.0, std::max(0, attempts - 1));
    const double capped = std::min(exp, static_cast<double>(m_limits.backoffMax.count()));
    const double jitter = 0.75 + 0.5 * QRandomGenerator::global()->generateDouble();
    return std::chrono::milliseconds(static_cast<qint64>(capped * jitter));
}

void Scheduler::finished(const run::RunResult &result)
{
    const QString id = result.runId;
    Entry entry = m_running.take(id);
    m_runs.remove(id);
    if (result.state == RunState::Failed && result.transient && entry.state != RunState::Cancelled) {
        entry.errors << result.error;
        if (entry.attempts < m_limits.maxAttempts) {
            const auto wait = backoff(entry.attempts);
            entry.notBefore = QDateTime::currentDateTimeUtc().addMSecs(wait.count());
            setState(entry, RunState::Queued,
                     QStringLiteral("retrying in %1 s after: %2")
                         .arg(wait.count() / 1000.0, 0, 'f', 1)
                         .arg(result.error));
            m_queue << entry;
            schedule();
            return;
        }
    }
    run::RunResult final = result;
    final.attempts = entry.attempts;
    final.attemptErrors = entry.errors;
    if (result.state == RunState::Failed && result.transient) {
        final.state = RunState::Dead;
        final.error =
            QStringLiteral("gave up after %1 attempts; last error: %2").arg(entry.attempts).arg(result.error);
    }
    entry.state = final.state;
    entry.detail = final.error;
    m_done.insert(id, entry);
    if (m_store)
        m_store->recordRun(final);
    Q_EMIT stateChanged(id, final.state, final.error);
    Q_EMIT runFinished(final);
    schedule();
}

Status Scheduler::cancel(const QString &runId)
{
    for (qsizetype i = 0; i < m_queue.size(); ++i) {
        if (m_queue.at(i).spec.runId != runId)
            continue;
        Entry e = m_queue.takeAt(i);
        run::RunResult r;
        r.runId = runId;
        r.workflowId = e.spec.workflow.id;
        r.workflowVersion = e.spec.workflow.version;
        r.projectPath = e.spec.projectPath;
        r.state = RunState::Cancelled;
        r.error = QStringLiteral("cancelled before it started");
        r.attempts = e.attempts;
        r.attemptErrors = e.errors;
        r.submitted = e.queuedAt;
        r.finished = QDateTime::currentDateTimeUtc();
        e.state = RunState::Cancelled;
        m_done.insert(runId, e);
        if (m_store)
            m_store->recordRun(r);
        Q_EMIT stateChanged(runId, RunState::Cancelled, r.error);
        Q_EMIT runFinished(r);
        schedule();
        return {};
    }
    auto it = m_running.find(runId);
    if (it != m_running.end()) {
        it->state = RunState::Cancelled; // no retry for what the user stopped
        if (auto r = m_runs.value(runId))
            r->cancel();
        return {};
    }
    return Error::make(Error::Kind::NotFound, QStringLiteral("no queued or running run %1").arg(runId));
}

Result<QString> Scheduler::rerun(const QString &runId)
{
    auto it = m_done.find(runId);
    if (it == m_done.end())
        return Error::make(Error::Kind::NotFound,
                           QStringLiteral("no finished run %1 to run again").arg(runId));
    run::RunSpec spec = it->spec;
    spec.runId.clear();
    spec.attempt = 1;
    spec.outputDir = it->outputRoot;
    auto id = enqueue(spec, it->priority);
    return id;
}

void Scheduler::pause()
{
    m_paused = true;
}

void Scheduler::resume()
{
    m_paused = false;
    schedule();
}

Status Scheduler::restoreQueued(const workflow::Catalogue &catalogue)
{
    if (!m_store)
        return Error::make(Error::Kind::InvalidArgument,
                           QStringLiteral("the scheduler has no database to restore from"));
    auto entries = m_store->unfinishedRuns();
    if (!entries)
        return entries.error();
    for (const storage::QueueEntry &q : entries.value()) {
        if (q.state != QLatin1String("queued"))
            continue;
        const QString wfId = q.request.value(QLatin1String("workflow")).toString();
        const workflow::WorkflowManifest *wf = catalogue.find(wfId);
        Entry e;
        e.priority = static_cast<Priority>(std::clamp(q.priority, 0, 2));
        e.queuedAt = q.queuedAt;
        e.attempts = q.attempts;
        e.errors = q.attemptErrors;
        e.order = ++m_order;
        e.spec.runId = q.runId;
        e.spec.projectPath = q.projectPath;
        e.spec.outputDir = q.request.value(QLatin1String("outputDir")).toString();
        e.spec.keep = q.request.value(QLatin1String("keep")).toBool();
        for (const auto &l : q.request.value(QLatin1String("languages")).toArray())
            e.spec.languages << l.toString();
        const QJsonObject params = q.request.value(QLatin1String("parameters")).toObject();
        for (auto it = params.begin(); it != params.end(); ++it)
            e.spec.parameters.insert(it.key(), it.value().toString());
        if (!wf) {
            run::RunResult r;
            r.runId = q.runId;
            r.workflowId = wfId;
            r.workflowVersion = q.workflowVersion;
            r.projectPath = q.projectPath;
            r.state = RunState::Failed;
            r.error = QStringLiteral("the workflow %1 is no longer available").arg(wfId);
            r.finished = QDateTime::currentDateTimeUtc();
            m_store->recordRun(r);
            Q_EMIT runFinished(r);
            continue;
        }
        e.spec.workflow = *wf;
        m_queue << e;
        Q_EMIT stateChanged(q.runId, RunState::Queued, QStringLiteral("restored"));
    }
    QMetaObject::invokeMethod(this, &Scheduler::schedule, Qt::QueuedConnection);
    return {};
}

} // namespace ff::scheduler

#include "scheduler.h"

#include "util/await.h"

#include <QFileInfo>
#include <QFuture>
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

namespace {
Limits normalized(Limits limits)
{
    if (limits.maxConcurrent <= 0)
        limits.maxConcurrent = std::max(1, QThread::idealThreadCount());
    if (limits.prepareAhead < 0)
        limits.prepareAhead = limits.maxConcurrent;
    return limits;
}
} // namespace

void Scheduler::setLimits(Limits limits)
{
    m_limits = normalized(limits);
    // A larger limit may let a waiting run go now. Only then: an empty queue would say idle(),
    // which a caller may take for "all done".
    if (!m_queue.isEmpty())
        QMetaObject::invokeMethod(this, &Scheduler::schedule, Qt::QueuedConnection);
}

void Scheduler::setStoredLogCap(qint64 bytes)
{
    if (m_recorder)
        m_recorder->setLogCap(bytes);
}

QString RecoveryReport::summary() const
{
    if (leftToPeer > 0)
        return QStringLiteral("nothing recovered: another FuzzForge process (pid %1) is using this database")
            .arg(leftToPeer);
    return QStringLiteral("%1 restored, %2 re-attached, %3 collected, %4 queued again, %5 lost; removed %6 "
                          "containers, %7 volumes and %8 networks that belonged to no run")
        .arg(restored)
        .arg(reattached)
        .arg(collected)
        .arg(requeued)
        .arg(lost)
        .arg(removedContainers)
        .arg(removedVolumes)
        .arg(removedNetworks);
}

Scheduler::Scheduler(docker::DockerClient *client, storage::Store *store, Limits limits, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_limits(normalized(limits))
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Scheduler::schedule);
    m_probeTimer.setSingleShot(true);
    connect(&m_probeTimer, &QTimer::timeout, this, &Scheduler::probe);
    if (m_store) {
        auto id = m_store->instanceId();
        if (id)
            m_owner = id.value();
        else
            spdlog::warn("scheduler: {}", id.error().toString().toStdString());
        m_recorder = std::make_unique<storage::RunRecorder>(m_store);
    }
    if (m_owner.isEmpty())
        m_owner = QUuid::createUuid().toString(QUuid::WithoutBraces);
    else
        m_peers = std::make_unique<PeerLock>(m_owner);
    QMetaObject::invokeMethod(this, &Scheduler::watchEngine, Qt::QueuedConnection);
}

Scheduler::~Scheduler()
{
    if (m_events) {
        m_events->disconnect(this);
        m_events->cancel();
    }
    for (const auto &r : std::as_const(m_runs))
        if (r)
            r->disconnect(this);
}

Status Scheduler::flush()
{
    Status first = m_recorder ? m_recorder->wait() : Status{};
    for (const auto &f : std::as_const(m_writes)) {
        const Status s = ff::await(f);
        if (!s && first)
            first = s;
    }
    m_writes.clear();
    return first;
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
    o.insert(QLatin1String("keepOnFailure"), entry.spec.keepOnFailure);
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
        m_writes << m_store->enqueue(q);
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
        m_writes << m_store->setRunState(entry.spec.runId, run::stateName(state), detail, entry.attempts,
                                         entry.errors);
    Q_EMIT stateChanged(entry.spec.runId, state, detail);
}

void Scheduler::schedule()
{
    if (m_paused || m_engineDown || m_recovering)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QDateTime nextRetry;
    for (;;) {
        // The best runnable entry: highest priority, then first queued; retries wait out their
        // backoff; a cancelled one is on its way out.
        qsizetype best = -1;
        for (qsizetype i = 0; i < m_queue.size(); ++i) {
            const Entry &e = m_queue.at(i);
            if (e.state == RunState::Cancelled)
                continue;
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
    prepareAhead(now);
    if (m_queue.isEmpty() && m_running.isEmpty())
        Q_EMIT idle();
}

void Scheduler::prepareAhead(const QDateTime &now)
{
    // The next runs in dispatch order get their image and container now, while they wait.
    QList<qsizetype> order;
    for (qsizetype i = 0; i < m_queue.size(); ++i) {
        const Entry &e = m_queue.at(i);
        if (e.state != RunState::Cancelled && !(e.notBefore.isValid() && e.notBefore > now))
            order << i;
    }
    std::sort(order.begin(), order.end(), [this](qsizetype a, qsizetype b) {
        const Entry &x = m_queue.at(a);
        const Entry &y = m_queue.at(b);
        return x.priority != y.priority ? x.priority < y.priority : x.order < y.order;
    });
    const qsizetype n = std::min<qsizetype>(order.size(), m_limits.prepareAhead);
    for (qsizetype k = 0; k < n; ++k) {
        Entry &e = m_queue[order.at(k)];
        if (e.prepared)
            continue;
        e.prepared = makeRun(e, e.attempts + 1);
        e.prepared->prepare();
    }
}

run::WorkflowRun *Scheduler::makeRun(Entry &entry, int attempt)
{
    entry.attempts = attempt;
    entry.spec.attempt = attempt;
    if (!entry.spec.extraLabels.contains(ownerLabel()))
        entry.spec.extraLabels << ownerLabel();
    const QString id = entry.spec.runId;
    auto *r = new run::WorkflowRun(m_client, entry.spec, this);
    m_runs.insert(id, r);
    connect(r, &run::WorkflowRun::stateChanged, this, [this, id](RunState state, const QString &detail) {
        if (run::isFinal(state))
            return;
        auto it = m_running.find(id);
        if (it != m_running.end())
            return setState(*it, state, detail);
        for (Entry &e : m_queue)
            if (e.spec.runId == id)
                return setState(e, state,
                                state == RunState::Preparing && detail == QLatin1String("ready")
                                    ? QStringLiteral("ready, waiting for a slot")
                                    : detail);
    });
    connect(r, &run::WorkflowRun::finished, this, [this, r](const run::RunResult &result) {
        r->deleteLater();
        finished(result);
    });
    if (m_recorder)
        m_recorder->track(r, false);
    Q_EMIT runStarted(r);
    return r;
}

void Scheduler::start(Entry entry)
{
    QPointer<run::WorkflowRun> r = entry.prepared;
    entry.prepared = nullptr;
    if (!r)
        r = makeRun(entry, entry.attempts + 1);
    m_running.insert(entry.spec.runId, entry);
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
    m_runs.remove(id);
    Entry entry;
    if (auto it = m_running.find(id); it != m_running.end()) {
        entry = *it;
        m_running.erase(it);
    } else {
        // A run prepared ahead that ended before its slot came (cancelled, or its image failed).
        const auto i = std::find_if(m_queue.cbegin(), m_queue.cend(),
                                    [&id](const Entry &e) { return e.spec.runId == id; });
        if (i == m_queue.cend())
            return;
        entry = m_queue.takeAt(i - m_queue.cbegin());
    }
    entry.prepared = nullptr;
    if (result.state == RunState::Failed && result.transient && entry.state != RunState::Cancelled) {
        entry.errors << result.error;
        engineTrouble(result.error);
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
    if (result.state == RunState::Failed && result.transient && entry.state != RunState::Cancelled) {
        final.state = RunState::Dead;
        final.error =
            QStringLiteral("gave up after %1 attempts; last error: %2").arg(entry.attempts).arg(result.error);
    }
    finalize(entry, final);
}

void Scheduler::finalize(Entry entry, run::RunResult final)
{
    const QString id = entry.spec.runId;
    final.attempts = entry.attempts;
    final.attemptErrors = entry.errors;
    if (!final.submitted.isValid())
        final.submitted = entry.queuedAt;
    if (!final.finished.isValid())
        final.finished = QDateTime::currentDateTimeUtc();
    entry.state = final.state;
    entry.detail = final.error;
    m_done.insert(id, entry);
    if (m_store)
        m_writes << m_store->recordRun(
            final, {storage::RunEvent{final.finished, run::stateName(final.state), final.error}});
    Q_EMIT stateChanged(id, final.state, final.error);
    Q_EMIT runFinished(final);
    schedule();
}

Status Scheduler::cancel(const QString &runId)
{
    for (qsizetype i = 0; i < m_queue.size(); ++i) {
        if (m_queue.at(i).spec.runId != runId || m_queue.at(i).state == RunState::Cancelled)
            continue;
        if (auto r = m_queue.at(i).prepared) {
            // Its container exists: the run removes it and finishes as cancelled.
            m_queue[i].state = RunState::Cancelled;
            r->cancel();
            return {};
        }
        Entry e = m_queue.takeAt(i);
        run::RunResult r;
        r.runId = runId;
        r.workflowId = e.spec.workflow.id;
        r.workflowVersion = e.spec.workflow.version;
        r.projectPath = e.spec.projectPath;
        r.parameters = e.spec.parameters;
        r.projectLanguages = e.spec.languages;
        r.state = RunState::Cancelled;
        r.error = QStringLiteral("cancelled before it started");
        finalize(e, r);
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

QStringList Scheduler::activeRunIds() const
{
    QStringList ids;
    for (const Entry &e : m_queue)
        ids << e.spec.runId;
    for (auto it = m_running.cbegin(); it != m_running.cend(); ++it)
        ids << it.key();
    return ids;
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

Entry Scheduler::entryFrom(const storage::QueueEntry &q, const workflow::WorkflowManifest &wf)
{
    Entry e;
    e.priority = static_cast<Priority>(std::clamp(q.priority, 0, 2));
    e.queuedAt = q.queuedAt;
    e.attempts = q.attempts;
    e.errors = q.attemptErrors;
    e.order = ++m_order;
    e.spec.runId = q.runId;
    e.spec.projectPath = q.projectPath;
    e.spec.outputDir = q.request.value(QLatin1String("outputDir")).toString();
    e.outputRoot = QFileInfo(e.spec.outputDir).path();
    e.spec.keep = q.request.value(QLatin1String("keep")).toBool();
    e.spec.keepOnFailure = q.request.value(QLatin1String("keepOnFailure")).toBool();
    for (const auto &l : q.request.value(QLatin1String("languages")).toArray())
        e.spec.languages << l.toString();
    const QJsonObject params = q.request.value(QLatin1String("parameters")).toObject();
    for (auto it = params.begin(); it != params.end(); ++it)
        e.spec.parameters.insert(it.key(), it.value().toString());
    e.spec.workflow = wf;
    return e;
}

namespace {
run::RunResult resultFor(const storage::QueueEntry &q, RunState state, const QString &error)
{
    run::RunResult r;
    r.runId = q.runId;
    r.workflowId = q.workflowId;
    r.workflowVersion = q.workflowVersion;
    r.projectPath = q.projectPath;
    r.state = state;
    r.error = error;
    r.attempts = q.attempts;
    r.attemptErrors = q.attemptErrors;
    r.submitted = q.queuedAt;
    r.finished = QDateTime::currentDateTimeUtc();
    return r;
}
} // namespace

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
        if (!wf) {
            const auto r = resultFor(q, RunState::Failed,
                                     QStringLiteral("the workflow %1 is no longer available").arg(wfId));
            m_writes << m_store->recordRun(r);
            Q_EMIT runFinished(r);
            continue;
        }
        m_queue << entryFrom(q, *wf);
        Q_EMIT stateChanged(q.runId, RunState::Queued, QStringLiteral("restored"));
    }
    QMetaObject::invokeMethod(this, &Scheduler::schedule, Qt::QueuedConnection);
    return {};
}

Status Scheduler::recover(const workflow::Catalogue &catalogue)
{
    if (!m_store)
        return Error::make(Error::Kind::InvalidArgument,
                           QStringLiteral("the scheduler has no database to recover from"));
    if (const QList<qint64> peers = m_peers ? m_peers->livePeers() : QList<qint64>{}; !peers.isEmpty()) {
        // Its unfinished runs are under way in that process: recovering them here would run
        // them twice, and its leftovers are not leftovers.
        RecoveryReport report;
        report.leftToPeer = peers.first();
        report.notes << QStringLiteral(
                            "another FuzzForge process (pid %1) runs a scheduler on this database: "
                            "its runs are left to it")
                            .arg(peers.first());
        spdlog::info("recovery: {}", report.notes.first().toStdString());
        QTimer::singleShot(0, this, [this, report] { Q_EMIT recovered(report); });
        return {};
    }
    auto entries = m_store->unfinishedRuns();
    if (!entries)
        return entries.error();
    m_recovering = true;
    docker::Filter filter;
    filter.labels << ownerLabel();
    m_client->listContainers(filter, true)
        .then(this, [this, catalogue,
                     entries = entries.value()](const Result<QList<docker::ContainerSummary>> &containers) {
            if (!containers) {
                // Nothing can be told about the containers now: try again when the engine is back.
                spdlog::warn("recovery waits for the engine: {}",
                             containers.error().toString().toStdString());
                m_pendingRecovery = catalogue;
                m_recovering = false;
                m_engineDown = true;
                engineTrouble(containers.error().message);
                return;
            }
            QList<storage::QueueEntry> known;
            for (const auto &q : entries) {
                const QString wfId = q.request.value(QLatin1String("workflow")).toString();
                if (catalogue.find(wfId)) {
                    known << q;
                    continue;
                }
                const auto r = resultFor(q, RunState::Failed,
                                         QStringLiteral("the workflow %1 is no longer available").arg(wfId));
                m_writes << m_store->recordRun(r);
                Q_EMIT runFinished(r);
            }
            m_pendingCatalogue = catalogue;
            reconcile(known, containers.value());
        });
    return {};
}

void Scheduler::reconcile(const QList<storage::QueueEntry> &entries,
                          const QList<docker::ContainerSummary> &containers)
{
    auto report = std::make_shared<RecoveryReport>();
    for (const storage::QueueEntry &q : entries) {
        const auto *wf = m_pendingCatalogue->find(q.request.value(QLatin1String("workflow")).toString());
        Entry e = entryFrom(q, *wf);
        if (q.state == QLatin1String("queued")) {
            ++report->restored;
            m_queue << e;
            Q_EMIT stateChanged(q.runId, RunState::Queued, QStringLiteral("restored"));
            continue;
        }
        // The container of the attempt the store last recorded.
        const docker::ContainerSummary *found = nullptr;
        for (const auto &c : containers)
            if (c.labels.value(run::kLabelRun) == q.runId &&
                c.labels.value(run::kLabelAttempt) == QString::number(q.attempts))
                found = &c;
        if (found && found->state != QLatin1String("created") && found->state != QLatin1String("removing")) {
            const bool running =
                found->state == QLatin1String("running") || found->state == QLatin1String("paused");
            running ? ++report->reattached : ++report->collected;
            report->notes << QStringLiteral("%1 (%2): %3")
                                 .arg(q.runId, q.workflowId,
                                      running
                                          ? QStringLiteral("still running, re-attached")
                                          : QStringLiteral("exited while FuzzForge was down, collecting"));
            auto *r = makeRun(e, q.attempts);
            m_running.insert(q.runId, e);
            r->resume(found->id);
            continue;
        }
        const QString why =
            found ? QStringLiteral("attempt %1 was prepared but never started").arg(q.attempts)
                  : QStringLiteral("the container of attempt %1 vanished while FuzzForge was down")
                        .arg(q.attempts);
        if (found || e.attempts < m_limits.maxAttempts) {
            ++report->requeued;
            if (!found)
                e.errors << why;
            else
                e.attempts = std::max(0, e.attempts - 1); // nothing ran: the attempt does not count
            report->notes << QStringLiteral("%1 (%2): %3, queued again").arg(q.runId, q.workflowId, why);
            setState(e, RunState::Queued, why + QStringLiteral(", queued again"));
            m_queue << e;
            continue;
        }
        ++report->lost;
        report->notes
            << QStringLiteral("%1 (%2): %3, no attempts left: lost").arg(q.runId, q.workflowId, why);
        e.errors << why;
        finalize(e, resultFor(
                        q, RunState::Lost,
                        QStringLiteral("lost: %1 and its %2 attempts are used up").arg(why).arg(q.attempts)));
    }
    // Everything else with the owner label belongs to no live run.
    m_reconciling = true;
    sweep([this, report](int removedContainers, int volumes, int networks) {
        m_reconciling = false;
        report->removedContainers = removedContainers;
        report->removedVolumes = volumes;
        report->removedNetworks = networks;
        m_recovering = false;
        m_pendingCatalogue.reset();
        spdlog::info("recovery: {}", report->summary().toStdString());
        for (const QString &n : std::as_const(report->notes))
            spdlog::info("recovery: {}", n.toStdString());
        Q_EMIT recovered(*report);
        schedule();
    });
}

bool Scheduler::keeps(const docker::Labels &labels) const
{
    const QString runId = labels.value(run::kLabelRun);
    const int attempt = labels.value(run::kLabelAttempt).toInt();
    if (auto it = m_running.find(runId); it != m_running.end())
        return it->spec.attempt == attempt;
    for (const Entry &e : m_queue)
        if (e.spec.runId == runId && e.prepared)
            return e.spec.attempt == attempt;
    if (auto it = m_done.find(runId); it != m_done.end())
        return run::keepsObjects(it->state, it->spec.keep, it->spec.keepOnFailure) &&
               it->spec.attempt == attempt && it->state != RunState::Cancelled;
    for (const Entry &e : m_queue)
        if (e.spec.runId == runId)
            return false; // an earlier attempt's leftovers
    if (!m_reconciling || !m_store || runId.isEmpty())
        return !m_reconciling; // after an outage, only what this scheduler knows is swept
    // Recovery: what no live run uses goes, unless a finished run asked to keep it.
    const auto q = m_store->queueEntry(runId);
    if (!q)
        return true; // cannot tell: leave it
    if (!q.value())
        return false; // no such run
    const auto state = run::parseState(q.value()->state);
    return state && run::isFinal(*state) &&
           run::keepsObjects(*state, q.value()->request.value(QLatin1String("keep")).toBool(),
                             q.value()->request.value(QLatin1String("keepOnFailure")).toBool()) &&
           q.value()->attempts == attempt;
}

void Scheduler::sweep(std::function<void(int, int, int)> done)
{
    docker::Filter filter;
    filter.labels << ownerLabel();
    m_client->listContainers(filter, true)
        .then(this, [this, filter, done](const Result<QList<docker::ContainerSummary>> &containers) {
            QList<QFuture<Status>> removals;
            for (const auto &c : containers ? containers.value() : QList<docker::ContainerSummary>{})
                if (!keeps(c.labels))
                    removals << m_client->removeContainer(c.id, true, true); // and its anonymous volumes
            const int removedContainers = static_cast<int>(removals.size());
            QtFuture::whenAll(removals.begin(), removals.end())
                .then(this, [this, filter, done, removedContainers](const QList<QFuture<Status>> &) {
                    m_client->listVolumes(filter).then(
                        this,
                        [this, filter, done, removedContainers](const Result<QList<docker::VolumeInfo>> &vs) {
                            QList<QFuture<Status>> volumes;
                            for (const auto &v : vs ? vs.value() : QList<docker::VolumeInfo>{})
                                if (!keeps(v.labels))
                                    volumes << m_client->removeVolume(v.name, true);
                            const int removedVolumes = static_cast<int>(volumes.size());
                            QtFuture::whenAll(volumes.begin(), volumes.end())
                                .then(this, [this, filter, done, removedContainers,
                                             removedVolumes](const QList<QFuture<Status>> &) {
                                    m_client->listNetworks(filter).then(
                                        this, [this, done, removedContainers,
                                               removedVolumes](const Result<QList<docker::NetworkInfo>> &ns) {
                                            QList<QFuture<Status>> networks;
                                            for (const auto &n :
                                                 ns ? ns.value() : QList<docker::NetworkInfo>{})
                                                if (!keeps(n.labels))
                                                    networks << m_client->removeNetwork(n.id);
                                            const int removedNetworks = static_cast<int>(networks.size());
                                            QtFuture::whenAll(networks.begin(), networks.end())
                                                .then(this, [done, removedContainers, removedVolumes,
                                                             removedNetworks](
                                                                const QList<QFuture<Status>> &) {
                                                    done(removedContainers, removedVolumes, removedNetworks);
                                                });
                                        });
                                });
                        });
                });
        });
}

void Scheduler::watchEngine()
{
    if (m_events)
        return;
    docker::Filter filter;
    filter.types << QStringLiteral("container");
    filter.labels << ownerLabel();
    m_events = m_client->events(filter);
    connect(m_events, &docker::EventStream::received, this, [this](const docker::DockerEvent &e) {
        if (e.action == QLatin1String("start") || e.action == QLatin1String("die") ||
            e.action == QLatin1String("oom"))
            Q_EMIT containerEvent(e.attributes.value(run::kLabelRun), e.action);
    });
    connect(m_events, &docker::EventStream::finished, this, [this](const Error &error) {
        // The events stream never ends while the engine lives.
        if (m_events)
            m_events->deleteLater();
        m_events = nullptr;
        engineTrouble(error ? error.message : QStringLiteral("the events stream ended"));
    });
}

void Scheduler::engineTrouble(const QString &why)
{
    if (m_probing)
        return;
    spdlog::debug("scheduler: probing the engine after: {}", why.toStdString());
    m_probing = true;
    m_probeDelay = m_limits.probeBase;
    probe();
}

void Scheduler::probe()
{
    m_client->ping(docker::CallOptions{std::chrono::seconds(5)})
        .then(this, [this](const Result<docker::PingInfo> &r) {
            if (r) {
                m_probing = false;
                watchEngine();
                if (!m_engineDown)
                    return schedule();
                m_engineDown = false;
                spdlog::info("the engine answers again: dispatching resumes");
                Q_EMIT engineAvailability(true, 0, {});
                if (m_pendingRecovery) {
                    const workflow::Catalogue c = *m_pendingRecovery;
                    m_pendingRecovery.reset();
                    if (Status s = recover(c); !s)
                        spdlog::warn("recovery: {}", s.error().toString().toStdString());
                    return;
                }
                // What the failed attempts left behind goes before anything new starts.
                m_recovering = true;
                sweep([this](int, int, int) {
                    m_recovering = false;
                    schedule();
                });
                return;
            }
            m_engineDown = true;
            const auto wait = m_probeDelay;
            m_probeDelay = std::min(m_probeDelay * 2, m_limits.probeMax);
            const int seconds = static_cast<int>((wait.count() + 999) / 1000);
            spdlog::warn("engine unavailable, retrying in {} s: {}", seconds,
                         r.error().message.toStdString());
            Q_EMIT engineAvailability(false, seconds, r.error().message);
            m_probeTimer.start(wait);
        });
}

} // namespace ff::scheduler

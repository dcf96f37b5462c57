#include "store.h"
#include "connection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>
#include <cmath>
#include <memory>

namespace ff::storage {

using findings::Finding;

namespace {

qint64 ms(const QDateTime &t)
{
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}
QVariant msOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}
// Qt Sql binds a null QString as SQL NULL; the text columns are NOT NULL with '' for "none".
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}
QString json(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
QDateTime time(const QVariant &v)
{
    return v.isNull() || v.toLongLong() == 0 ? QDateTime()
                                             : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

Result<qint64> projectId(QSqlDatabase &db, const QString &path, bool create,
                         const QStringList &languages = {})
{
    if (create) {
        QSqlQuery ins(db);
        // The languages follow the latest scan; none given keeps what is known.
        ins.prepare(
            QStringLiteral("INSERT INTO projects (path, name, languages, created_at) VALUES (?, ?, ?, ?) "
                           "ON CONFLICT (path) DO UPDATE SET languages = CASE WHEN excluded.languages = '' "
                           "THEN projects.languages ELSE excluded.languages END"));
        ins.addBindValue(path);
        ins.addBindValue(path.section(QLatin1Char('/'), -1));
        ins.addBindValue(text(languages.join(QLatin1Char(','))));
        ins.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (Status s = exec(ins, QStringLiteral("recording project %1").arg(path)); !s)
            return s.error();
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id FROM projects WHERE path = ?"));
    q.addBindValue(path);
    if (Status s = exec(q, QStringLiteral("looking up project %1").arg(path)); !s)
        return s.error();
    if (!q.next())
        return Error::make(Error::Kind::NotFound, QStringLiteral("no runs recorded for %1").arg(path));
    return q.value(0).toLongLong();
}

const char *kFindingColumnsF =
    "f.fingerprint, f.workflow, f.tool, f.tool_version, f.rule_id, f.title, f.message, "
    "f.severity, f.confidence, f.path, f.start_line, f.start_column, f.end_line, "
    "f.end_column, f.snippet, f.cwe, f.help_uri, f.properties";
const char *kFindingColumns =
    "fingerprint, workflow, tool, tool_version, rule_id, title, message, severity, "
    "confidence, path, start_line, start_column, end_line, end_column, snippet, cwe, help_uri, properties";

Finding findingFrom(const QSqlQuery &q, int o = 0)
{
    Finding f;
    f.fingerprint = q.value(o + 0).toString();
    f.workflow = q.value(o + 1).toString();
    f.tool = q.value(o + 2).toString();
    f.toolVersion = q.value(o + 3).toString();
    f.ruleId = q.value(o + 4).toString();
    f.title = q.value(o + 5).toString();
    f.message = q.value(o + 6).toString();
    f.severity = static_cast<findings::Severity>(q.value(o + 7).toInt());
    f.confidence = q.value(o + 8).toString();
    f.path = q.value(o + 9).toString();
    f.region = {q.value(o + 10).toInt(), q.value(o + 11).toInt(), q.value(o + 12).toInt(),
                q.value(o + 13).toInt()};
    f.snippet = q.value(o + 14).toString();
    f.cwe = q.value(o + 15).toString();
    f.helpUri = q.value(o + 16).toString();
    f.properties = QJsonDocument::fromJson(q.value(o + 17).toString().toUtf8()).object();
    return f;
}

RunRecord runFrom(const QSqlQuery &q)
{
    RunRecord r;
    r.id = q.value(0).toString();
    r.projectPath = q.value(1).toString();
    r.workflow = q.value(2).toString();
    r.workflowVersion = q.value(3).toString();
    r.image = q.value(4).toString();
    r.imageDigest = q.value(5).toString();
    r.state = q.value(6).toString();
    r.attempts = q.value(7).toInt();
    r.exitCode = q.value(8).isNull() ? -1 : q.value(8).toInt();
    r.oomKilled = q.value(9).toInt() != 0;
    r.error = q.value(10).toString();
    r.findingCount = q.value(11).toInt();
    r.submitted = time(q.value(12));
    r.started = time(q.value(13));
    r.finished = time(q.value(14));
    r.outputDir = q.value(15).toString();
    r.parameters = QJsonDocument::fromJson(q.value(16).toString().toUtf8()).object();
    r.limits = QJsonDocument::fromJson(q.value(17).toString().toUtf8()).object();
    r.projectLanguages = q.value(18).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    return r;
}

const char *kRunSelect =
    "SELECT r.id, p.path, r.workflow, r.workflow_version, r.image, r.image_digest, r.state, "
    "r.attempts, r.exit_code, r.oom_killed, r.error, r.finding_count, r.submitted_at, "
    "r.started_at, r.finished_at, r.output_dir, r.parameters, r.limits, p.languages FROM runs r JOIN "
    "projects "
    "p ON p.id = r.project_id";

} // namespace

QString triageStatusName(TriageStatus status)
{
    switch (status) {
    case TriageStatus::Open:
        return QStringLiteral("open");
    case TriageStatus::Confirmed:
        return QStringLiteral("confirmed");
    case TriageStatus::FalsePositive:
        return QStringLiteral("false-positive");
    case TriageStatus::AcceptedRisk:
        return QStringLiteral("accepted-risk");
    case TriageStatus::Fixed:
        return QStringLiteral("fixed");
    }
    return QStringLiteral("open");
}

std::optional<TriageStatus> parseTriageStatus(const QString &text)
{
    for (TriageStatus s : {TriageStatus::Open, TriageStatus::Confirmed, TriageStatus::FalsePositive,
                           TriageStatus::AcceptedRisk, TriageStatus::Fixed})
        if (triageStatusName(s) == text)
            return s;
    return std::nullopt;
}

Store::Store(DatabaseUrl url)
    : m_url(std::move(url))
    , m_writer(std::make_unique<Writer>(m_url))
{
    static std::atomic<quint64> counter{0};
    m_id = ++counter;
}

Store::~Store()
{
    if (m_writer)
        m_writer->flush();
    QMutexLocker lock(&m_readersMutex);
    // Only this thread's connection can be asked for (Qt warns about the others); removing a
    // connection closes it either way.
    const QString mine = QStringLiteral("-%1").arg(reinterpret_cast<quintptr>(QThread::currentThreadId()));
    for (const QString &name : std::as_const(m_readers)) {
        if (name.endsWith(mine)) {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isValid())
                db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
}

Result<std::unique_ptr<Store>> Store::open(const DatabaseUrl &url)
{
    std::unique_ptr<Store> store(new Store(url));
    if (Status s = store->m_writer->open(); !s)
        return s.error();
    return store;
}

Result<QSqlDatabase> Store::reader() const
{
    // Named by the store's own id (never its address: a new store can reuse a freed one's,
    // and would then read through the old store's connection to another database).
    const QString name =
        QStringLiteral("ff-read-%1-%2").arg(m_id).arg(reinterpret_cast<quintptr>(QThread::currentThreadId()));
    {
        QMutexLocker lock(&m_readersMutex);
        if (!m_readers.contains(name))
            m_readers << name;
    }
    auto db = openConnection(m_url, name);
    if (db && !db->isOpen())
        return openConnection(m_url, name);
    return db;
}

QFuture<Status> Store::recordRun(const run::RunResult &r, const QList<RunEvent> &events)
{
    return m_writer->submit([r, events](QSqlDatabase &db) -> Status {
        auto pid = projectId(db, r.projectPath, true, r.projectLanguages);
        if (!pid)
            return pid.error();
        QJsonObject parameters;
        for (auto it = r.parameters.cbegin(); it != r.parameters.cend(); ++it)
            parameters.insert(it.key(), it.value());
        QJsonObject limits;
        limits.insert(QLatin1String("memory"), static_cast<double>(r.memoryLimit));
        QSqlQuery run(db);
        run.prepare(QStringLiteral(
            "INSERT INTO runs (id, project_id, workflow, workflow_version, image, image_digest, state, "
            "exit_code, "
            "error, oom_killed, submitted_at, started_at, finished_at, output_dir, finding_count, limits, "
            "parameters, "
            "attempts, attempt_errors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON "
            "CONFLICT "
            "(id) DO UPDATE SET state = excluded.state, exit_code = excluded.exit_code, error = "
            "excluded.error, "
            "oom_killed = excluded.oom_killed, image = excluded.image, image_digest = excluded.image_digest, "
            "started_at = excluded.started_at, finished_at = excluded.finished_at, output_dir = "
            "excluded.output_dir, "
            "finding_count = excluded.finding_count, limits = excluded.limits, parameters = "
            "excluded.parameters, "
            "attempts = excluded.attempts, attempt_errors = excluded.attempt_errors"));
        run.addBindValue(r.runId);
        run.addBindValue(pid.value());
        run.addBindValue(text(r.workflowId));
        run.addBindValue(text(r.workflowVersion));
        run.addBindValue(text(r.imageTag));
        run.addBindValue(text(r.imageId));
        run.addBindValue(run::stateName(r.state));
        run.addBindValue(r.exitCode >= 0 ? QVariant(r.exitCode) : QVariant(QMetaType(QMetaType::Int)));
        run.addBindValue(text(r.error));
        run.addBindValue(r.oomKilled ? 1 : 0);
        run.addBindValue(msOrNull(r.submitted));
        run.addBindValue(msOrNull(r.containerRunning));
        run.addBindValue(msOrNull(r.finished));
        run.addBindValue(text(r.outputDir));
        run.addBindValue(static_cast<int>(r.findings.size()));
        run.addBindValue(QString::fromUtf8(QJsonDocument(limits).toJson(QJsonDocument::Compact)));
        run.addBindValue(QString::fromUtf8(QJsonDocument(parameters).toJson(QJsonDocument::Compact)));
        run.addBindValue(r.attempts);
        run.addBindValue(QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(r.attemptErrors)).toJson(QJsonDocument::Compact)));
        if (Status s = exec(run, QStringLiteral("recording run %1").arg(r.runId)); !s)
            return s;

        for (const RunEvent &e : events) {
            QSqlQuery ev(db);
            ev.prepare(QStringLiteral(
                "INSERT INTO run_events (run_id, at, state, detail) SELECT ?, ?, ?, ? WHERE NOT "
                "EXISTS (SELECT 1 FROM run_events WHERE run_id = ? AND at = ? AND state = ?)"));
            for (const QVariant &v :
                 {QVariant(r.runId), QVariant(ms(e.at)), QVariant(text(e.state)), QVariant(text(e.detail)),
                  QVariant(r.runId), QVariant(ms(e.at)), QVariant(e.state)})
                ev.addBindValue(v);
            if (Status s = exec(ev, QStringLiteral("recording a state change")); !s)
                return s;
        }

        // Many rows a statement: one round trip for a hundred findings, not one each. The
        // statements are prepared once per size and bound by position.
        constexpr qsizetype kChunk = 100;
        const qint64 seen = ms(r.finished.isValid() ? r.finished : QDateTime::currentDateTimeUtc());
        auto values = [](qsizetype rows, int width) {
            const QString one =
                QLatin1Char('(') + QStringLiteral("?, ").repeated(width - 1) + QStringLiteral("?)");
            QStringList all;
            for (qsizetype i = 0; i < rows; ++i)
                all << one;
            return all.join(QStringLiteral(", "));
        };
        auto findingsStatement = [&](qsizetype rows) {
            auto q = std::make_unique<QSqlQuery>(db);
            q->prepare(
                QStringLiteral("INSERT INTO findings (run_id, seq, project_id, %1) VALUES %2 ON CONFLICT "
                               "(run_id, seq) DO NOTHING")
                    .arg(QLatin1String(kFindingColumns), values(rows, 21)));
            return q;
        };
        auto historyStatement = [&](qsizetype rows) {
            auto q = std::make_unique<QSqlQuery>(db);
            q->prepare(
                QStringLiteral("INSERT INTO finding_history (project_id, fingerprint, first_run, last_run, "
                               "first_seen, last_seen) VALUES %1 ON CONFLICT (project_id, fingerprint) DO "
                               "UPDATE SET last_run = excluded.last_run, last_seen = excluded.last_seen")
                    .arg(values(rows, 6)));
            return q;
        };
        std::unique_ptr<QSqlQuery> fullFindings;
        std::unique_ptr<QSqlQuery> fullHistory;
        for (qsizetype from = 0; from < r.findings.size(); from += kChunk) {
            const qsizetype count = std::min(kChunk, r.findings.size() - from);
            if (count == kChunk && !fullFindings)
                fullFindings = findingsStatement(kChunk);
            auto partial = count == kChunk ? nullptr : findingsStatement(count);
            QSqlQuery &ins = count == kChunk ? *fullFindings : *partial;
            // One history row per fingerprint even if a chunk repeats one: an upsert may not
            // touch the same row twice in a statement.
            QSet<QString> fingerprints;
            QList<qsizetype> historyRows;
            int p = 0;
            for (qsizetype i = from; i < from + count; ++i) {
                const Finding &f = r.findings.at(i);
                for (const QVariant &v : {QVariant(r.runId),
                                          QVariant(static_cast<int>(i)),
                                          QVariant(pid.value()),
                                          QVariant(text(f.fingerprint)),
                                          QVariant(text(f.workflow)),
                                          QVariant(text(f.tool)),
                                          QVariant(text(f.toolVersion)),
                                          QVariant(text(f.ruleId)),
                                          QVariant(text(f.title)),
                                          QVariant(text(f.message)),
                                          QVariant(static_cast<int>(f.severity)),
                                          QVariant(text(f.confidence)),
                                          QVariant(text(f.path)),
                                          QVariant(f.region.startLine),
                                          QVariant(f.region.startColumn),
                                          QVariant(f.region.endLine),
                                          QVariant(f.region.endColumn),
                                          QVariant(text(f.snippet)),
                                          QVariant(text(f.cwe)),
                                          QVariant(text(f.helpUri)),
                                          QVariant(json(f.properties))})
                    ins.bindValue(p++, v);
                if (!fingerprints.contains(f.fingerprint)) {
                    fingerprints.insert(f.fingerprint);
                    historyRows << i;
                }
            }
            if (Status s = exec(ins, QStringLiteral("recording the findings of run %1").arg(r.runId)); !s)
                return s;
            if (historyRows.size() == kChunk && !fullHistory)
                fullHistory = historyStatement(kChunk);
            auto partialHistory =
                historyRows.size() == kChunk ? nullptr : historyStatement(historyRows.size());
            QSqlQuery &hist = historyRows.size() == kChunk ? *fullHistory : *partialHistory;
            p = 0;
            for (qsizetype i : std::as_const(historyRows))
                for (const QVariant &v :
                     {QVariant(pid.value()), QVariant(text(r.findings.at(i).fingerprint)), QVariant(r.runId),
                      QVariant(r.runId), QVariant(seen), QVariant(seen)})
                    hist.bindValue(p++, v);
            if (Status s = exec(hist, QStringLiteral("recording finding history")); !s)
                return s;
        }
        return {};
    });
}

QFuture<Status> Store::enqueue(const QueueEntry &e)
{
    return m_writer->submit([e](QSqlDatabase &db) -> Status {
        auto pid = projectId(db, e.projectPath, true);
        if (!pid)
            return pid.error();
        QSqlQuery q(db);
        q.prepare(
            QStringLiteral("INSERT INTO runs (id, project_id, workflow, workflow_version, state, attempts, "
                           "priority, request, queued_at, submitted_at, attempt_errors) VALUES (?, ?, ?, ?, "
                           "'queued', ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"));
        const qint64 at = ms(e.queuedAt.isValid() ? e.queuedAt : QDateTime::currentDateTimeUtc());
        for (const QVariant &v :
             {QVariant(e.runId), QVariant(pid.value()), QVariant(text(e.workflowId)),
              QVariant(text(e.workflowVersion)), QVariant(e.attempts), QVariant(e.priority),
              QVariant(QString::fromUtf8(QJsonDocument(e.request).toJson(QJsonDocument::Compact))),
              QVariant(at), QVariant(at),
              QVariant(QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(e.attemptErrors))
                                             .toJson(QJsonDocument::Compact)))})
            q.addBindValue(v);
        if (Status s = exec(q, QStringLiteral("queueing run %1").arg(e.runId)); !s)
            return s;
        QSqlQuery ev(db);
        ev.prepare(QStringLiteral(
            "INSERT INTO run_events (run_id, at, state, detail) SELECT ?, ?, 'queued', '' WHERE "
            "NOT EXISTS (SELECT 1 FROM run_events WHERE run_id = ? AND state = 'queued')"));
        ev.addBindValue(e.runId);
        ev.addBindValue(at);
        ev.addBindValue(e.runId);
        return exec(ev, QStringLiteral("recording a state change"));
    });
}

QFuture<Status> Store::setRunState(const QString &runId, const QString &state, const QString &detail,
                                   int attempts, const QStringList &attemptErrors)
{
    const qint64 at = QDateTime::currentMSecsSinceEpoch();
    const QString errors = QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(attemptErrors)).toJson(QJsonDocument::Compact));
    return m_writer->submit([=](QSqlDatabase &db) -> Status {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("UPDATE runs SET state = ?, attempts = ?, attempt_errors = ? WHERE id = ?"));
        q.addBindValue(state);
        q.addBindValue(attempts);
        q.addBindValue(errors);
        q.addBindValue(runId);
        if (Status s = exec(q, QStringLiteral("updating run %1").arg(runId)); !s)
            return s;
        QSqlQuery ev(db);
        ev.prepare(
            QStringLiteral("INSERT INTO run_events (run_id, at, state, detail) SELECT ?, ?, ?, ? WHERE NOT "
                           "EXISTS (SELECT 1 FROM run_events WHERE run_id = ? AND at = ? AND state = ?)"));
        for (const QVariant &v : {QVariant(runId), QVariant(at), QVariant(state), QVariant(text(detail)),
                                  QVariant(runId), QVariant(at), QVariant(state)})
            ev.addBindValue(v);
        return exec(ev, QStringLiteral("recording a state change"));
    });
}

namespace {
const char *const kQueueSelect =
    "SELECT r.id, p.path, r.workflow, r.workflow_version, r.priority, r.request, r.queued_at, r.state, "
    "r.attempts, r.attempt_errors FROM runs r JOIN projects p ON p.id = r.project_id";

QueueEntry queueEntryFrom(const QSqlQuery &q)
{
    QueueEntry e;
    e.runId = q.value(0).toString();
    e.projectPath = q.value(1).toString();
    e.workflowId = q.value(2).toString();
    e.workflowVersion = q.value(3).toString();
    e.priority = q.value(4).toInt();
    e.request = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
    e.queuedAt = time(q.value(6));
    e.state = q.value(7).toString();
    e.attempts = q.value(8).toInt();
    const QJsonArray errors = QJsonDocument::fromJson(q.value(9).toString().toUtf8()).array();
    for (const auto &v : errors)
        e.attemptErrors << v.toString();
    return e;
}
} // namespace

Result<QList<QueueEntry>> Store::unfinishedRuns() const
{
    auto db = reader();
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    q.prepare(QLatin1String(kQueueSelect) +
              QStringLiteral(" WHERE r.state IN ('queued', 'preparing', 'running', 'collecting') ORDER BY "
                             "r.priority, r.queued_at, r.id"));
    if (Status s = exec(q, QStringLiteral("reading the queue")); !s)
        return s.error();
    QList<QueueEntry> out;
    while (q.next())
        out << queueEntryFrom(q);
    return out;
}

Result<std::optional<QueueEntry>> Store::queueEntry(const QString &runId) const
{
    auto db = reader();
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    q.prepare(QLatin1String(kQueueSelect) + QStringLiteral(" WHERE r.id = ?"));
    q.addBindValue(runId);
    if (Status s = exec(q, QStringLiteral("looking up run %1").arg(runId)); !s)
        return s.error();
    if (!q.next())
        return std::optional<QueueEntry>();
    return std::optional<QueueEntry>(queueEntryFrom(q));
}

Result<QString> Store::instanceId() const
{
    if (!m_instanceId.isEmpty())
        return m_instanceId;
    auto db = reader();
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    q.prepare(QStringLiteral("SELECT value FROM store_meta WHERE name = 'instance'"));
    if (Status s = exec(q, QStringLiteral("reading the database's id")); !s)
        return s.error();
    if (!q.next())
        return Error::make(Error::Kind::Database, QStringLiteral("the database has no id (store_meta)"));
    m_instanceId = q.value(0).toString();
    return m_instanceId;
}

QFuture<Status> Store::setTriage(const QString &projectPath, const QString &fingerprint, const Triage &t)
{
    return m_writer->submit([projectPath, fingerprint, t](QSqlDatabase &db) -> Status {
        auto pid = projectId(db, projectPath, true);
        if (!pid)
            return pid.error();
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "INSERT INTO triage (project_id, fingerprint, status, reason, note, expires_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, fingerprint) DO "
            "UPDATE SET status = excluded.status, reason = excluded.reason, note = excluded.note, "
            "expires_at = excluded.expires_at, updated_at = excluded.updated_at"));
        q.addBindValue(pid.value());
        q.addBindValue(fingerprint);
        q.addBindValue(triageStatusName(t.status));
        q.addBindValue(text(t.reason));
        q.addBindValue(text(t.note));
        q.addBindValue(msOrNull(t.expires));
        q.addBindValue(t.updated.isValid() ? ms(t.updated) : QDateTime::currentMSecsSinceEpoch());
        return exec(q, QStringLiteral("recording a triage decision"));
    });
}

QFuture<Status> Store::addSamples(const QString &runId, const QList<docker::StatsSample> &samples)
{
    return m_writer->submit([runId, samples](QSqlDatabase &db) -> Status {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "INSERT INTO samples (run_id, at, cpu, memory, memory_limit, pids, net_rx, net_tx, "
            "block_read, block_write, pids_limit, throttled_periods, failcnt) VALUES (?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, at) DO NOTHING"));
        for (const auto &s : samples) {
            const QVariantList v{
                runId,   ms(s.read),  s.cpuPercent, s.memoryUsage, s.memoryLimit,      s.pids,   s.netRx,
                s.netTx, s.blockRead, s.blockWrite, s.pidsLimit,   s.throttledPeriods, s.failcnt};
            for (int i = 0; i < v.size(); ++i)
                q.bindValue(i, v.at(i));
            if (Status st = exec(q, QStringLiteral("recording a resource sample")); !st)
                return st;
        }
        return {};
    });
}

QFuture<Status> Store::addFuzzSamples(const QString &runId, const QList<fuzz::FuzzSample> &samples)
{
    return m_writer->submit([runId, samples](QSqlDatabase &db) -> Status {
        constexpr int kWidth = 19;
        constexpr qsizetype kChunk = 40; // rows a statement, within SQLite's 999 parameters
        auto statement = [&db](qsizetype rows) {
            QStringList all;
            const QString one =
                QLatin1Char('(') + QStringLiteral("?, ").repeated(kWidth - 1) + QStringLiteral("?)");
            for (qsizetype i = 0; i < rows; ++i)
                all << one;
            auto q = std::make_unique<QSqlQuery>(db);
            q->prepare(
                QStringLiteral("INSERT INTO fuzz_samples (run_id, at, seq, engine, execs, execs_per_sec, "
                               "coverage, features, bitmap_coverage, corpus, corpus_bytes, crashes, hangs, "
                               "stability, cycles, rss_mb, last_find_seconds, elapsed_seconds, event) "
                               "VALUES %1 ON CONFLICT (run_id, at, seq) DO NOTHING")
                    .arg(all.join(QStringLiteral(", "))));
            return q;
        };
        auto real = [](double v) {
            return std::isfinite(v) ? v : -1.0;
        };
        // Samples of the same millisecond are numbered in their order, so none is lost.
        QList<int> seqs;
        seqs.reserve(samples.size());
        for (qsizetype i = 0; i < samples.size(); ++i)
            seqs << (i > 0 && ms(samples.at(i).at) == ms(samples.at(i - 1).at) ? seqs.last() + 1 : 0);
        std::unique_ptr<QSqlQuery> full;
        for (qsizetype from = 0; from < samples.size(); from += kChunk) {
            const qsizetype count = std::min(kChunk, samples.size() - from);
            if (count == kChunk && !full)
                full = statement(kChunk);
            auto partial = count == kChunk ? nullptr : statement(count);
            QSqlQuery &q = count == kChunk ? *full : *partial;
            int p = 0;
            for (qsizetype i = from; i < from + count; ++i) {
                const fuzz::FuzzSample &s = samples.at(i);
                for (const QVariant &v :
                     {QVariant(runId), QVariant(ms(s.at)), QVariant(seqs.at(i)), QVariant(text(s.engine)),
                      QVariant(s.execs), QVariant(real(s.execsPerSec)), QVariant(s.coverage),
                      QVariant(s.features), QVariant(real(s.bitmapCoverage)), QVariant(s.corpus),
                      QVariant(s.corpusBytes), QVariant(s.crashes), QVariant(s.hangs),
                      QVariant(real(s.stability)), QVariant(s.cycles), QVariant(s.rssMb),
                      QVariant(s.lastFindSeconds), QVariant(s.elapsedSeconds), QVariant(text(s.event))})
                    q.bindValue(p++, v);
            }
            if (Status st = exec(q, QStringLiteral("recording the fuzzing statistics of run %1").arg(runId));
                !st)
                return st;
        }
        return {};
    });
}

QFuture<Status> Store::saveLog(const QString &runId, const QByteArray &log, qint64 cap)
{
    const bool truncated = log.size() > cap;
    const QByteArray kept = truncated ? log.right(cap) : log;
    const QByteArray compressed = qCompress(kept, 6);
    const qint64 original = log.size();
    return m_writer->submit([runId, compressed, original, truncated](QSqlDatabase &db) -> Status {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "INSERT INTO run_logs (run_id, data, original_size, truncated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (run_id) DO UPDATE SET data = excluded.data, original_size = "
            "excluded.original_size, truncated = excluded.truncated"));
        q.addBindValue(runId);
        q.addBindValue(compressed);
        q.addBindValue(original);
        q.addBindValue(truncated ? 1 : 0);
        return exec(q, QStringLiteral("recording the log of run %1").arg(runId));
    });
}

Result<QList<RunRecord>> Store::runs(const QString &projectPath) const
{
    auto db = reader();
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    q.prepare(QLatin1String(kRunSelect) +
              (projectPath.isEmpty() ? QString() : QStringLiteral(" WHERE p.path = ?")) +
              QStringLiteral(" ORDER BY r.submitted_at DESC, r.id"));
    if (!projectPath.isEmpty())
        q.addBindValue(projectPath);
    if (Status s = exec(q, QStringLiteral("listing runs")); !s)
        return s.error();
    QList<RunRecord> out;
    while (q.next())
        out << runFrom(q);
    return out;
}

Result<RunRecord> Store::run(const QString &idOrPrefix) const
{
    auto db = reader();
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    q.prepare(QLatin1String(kRunSelect) + QStringLiteral(" WHERE r.id LIKE ? ORDER BY r.id LIMIT 2"));
    QString pattern = idOrPrefix;
    pattern.remove(QLatin1Char('%')).remove(QLatin1Char('_'));
    q.addBindValue(QString(pattern + QLatin1Char('%')));
    if (Status s = exec(q, QStringLiteral("looking up run %1").arg(idOrPrefix)); !s)
        return s.error();
    if (!q.next() || pattern.isEmpty())
        return Error::make(Error::Kind::NotFound,
                           QStringLiteral("no run '%1' in %2").arg(idOrPrefix, m_url.redacted()));
    RunRecord r = runFrom(q);
    if (q.next() && r.id != idOrPrefix)
        return Error::make(
            Error::Kind::InvalidArgument,
            QStringLiteral("'%1' names more than one run: give more of the id").arg(idOrPrefix));
    return r;
}

Result<QList<RunEvent>> Store::events(const QString &runId) const
{
    auto db = reader();
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    q.prepare(QStringLiteral("SELECT at, state, detail FROM run_events WHERE run_id = ? ORDER BY at, id"));
    q.addBindValue(runId);
    if (Status s = exec(q, QStringLiteral("reading the state changes of %1").arg(runId)); !s)
        return s.error();
    QList<RunEvent> out;
    while (q.next())
        out << RunEvent{time(q.value(0)), q.value(1).toString(), q.value(2).toString()};
    return out;
}

Result<QList<Finding>> Store::findings(const QString &runId, const FindingFilter &filter) const
{
    auto db = reader();
    if (!db)
        return db.error();
    QString sql = QStringLiteral("SELECT %1 FROM findings f").arg(QLatin1String(kFindingColumnsF));
    if (!filter.statuses.isEmpty())
        sql += QStringLiteral(
            " LEFT JOIN triage t ON t.project_id = f.project_id AND t.fingerprint = f.fingerprint");
    sql += QStringLiteral(" WHERE f.run_id = ?");
    if (!filter.statuses.isEmpty()) {
        QStringList names;
        for (TriageStatus st : filter.statuses)
            names << QLatin1Char('\'') + triageStatusName(st) + QLatin1Char('\'');
        sql += QStringLiteral(" AND COALESCE(t.status, 'open') IN (%1)").arg(names.join(QLatin1Char(',')));
    }
    if (filter.minSeverity)
        sql += QStringLiteral(" AND f.severity >= ?");
    const bool postgres = m_url.backend == DatabaseUrl::Backend::Postgres;
    if (!filter.text.isEmpty()) {
        const QString like = postgres ? QStringLiteral("ILIKE") : QStringLiteral("LIKE");
        sql += QStringLiteral(
                   " AND (f.message %1 ? ESCAPE '!' OR f.path %1 ? ESCAPE '!' OR f.rule_id %1 ? ESCAPE '!' "
                   "OR f.title %1 ? ESCAPE '!')")
                   .arg(like);
    }
    sql += QStringLiteral(" ORDER BY f.severity DESC, f.path, f.start_line, f.seq");
    if (filter.limit >= 0)
        sql += QStringLiteral(" LIMIT %1").arg(filter.limit);
    QSqlQuery q(db.value());
    q.setForwardOnly(true);
    q.prepare(sql);
    q.addBindValue(runId);
    if (filter.minSeverity)
        q.addBindValue(static_cast<int>(*filter.minSeverity));
    if (!filter.text.isEmpty()) {
        // The user's text is literal: its % and _ are not wildcards.
        QString escaped = filter.text;
        escaped.replace(QLatin1Char('!'), QStringLiteral("!!"))
            .replace(QLatin1Char('%'), QStringLiteral("!%"))
            .replace(QLatin1Char('_'), QStringLiteral("!_"));
        const QString pattern = QLatin1Char('%') + escaped + QLatin1Char('%');
        for (int i = 0; i < 4; ++i)
            q.addBindValue(pattern);
    }
    if (Status s = exec(q, QStringLiteral("reading the findings of %1").arg(runId)); !s)
        return s.error();
    QList<Finding> out;
    while (q.next())
        out << findingFrom(q);
    return out;
}

Result<QMap<findings::Severity, int>> Store::severityCounts(const QString &runId) const
{
    auto db = reader();
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    q.prepare(QStringLiteral("SELECT severity, COUNT(*) FROM findings WHERE run_id = ? GROUP BY severity"));
    q.addBindValue(runId);
    if (Status s = exec(q, QStringLiteral("counting findings")); !s)
        return s.error();
    QMap<findings::Severity, int> out;
    while (q.next())
        out.insert(static_cast<findings::Severity>(q.value(0).toInt()), q.value(1).toInt());
    return out;
}

Result<RunDiff> Store::diff(const QString &runA, const QString &runB) const
{
    auto a = run(runA);
    if (!a)
        return a.error();
    auto b = run(runB);
    if (!b)
        return b.error();
    if (a->projectPath != b->projectPath)
        return Error::make(Error::Kind::InvalidArgument,
                           QStringLiteral("runs %1 and %2 are of different projects (%3, %4)")
                               .arg(a->id, b->id, a->projectPath, b->projectPath));
    auto db = reader();
    if (!db)
        return db.error();
    // Anti-joins on (run_id, fingerprint): the database compares, nothing is loaded twice.
    auto only = [&](const QString &in, const QString &notIn) -> Result<QList<Finding>> {
        QSqlQuery q(db.value());
        q.setForwardOnly(true);
        q.prepare(QStringLiteral(
                      "SELECT %1 FROM findings f WHERE f.run_id = ? AND NOT EXISTS (SELECT 1 FROM findings "
                      "o WHERE o.run_id = ? AND o.fingerprint = f.fingerprint) ORDER BY f.severity DESC, "
                      "f.path, f.start_line")
                      .arg(QLatin1String(kFindingColumnsF)));
        q.addBindValue(in);
        q.addBindValue(notIn);
        if (Status s = exec(q, QStringLiteral("comparing runs")); !s)
            return s.error();
        QList<Finding> out;
        while (q.next())
            out << findingFrom(q);
        return out;
    };
    auto added = only(b->id, a->id);
    if (!added)
        return added.error();
    auto fixed = only(a->id, b->id);
    if (!fixed)
        return fixed.error();
    RunDiff d;
    d.added = std::move(added).value();
    d.fixed = std::move(fixed).value();
    QSqlQuery q(db.value());
    q.prepare(QStringLiteral(
        "SELECT COUNT(*) FROM findings f WHERE f.run_id = ? AND EXISTS (SELECT 1 FROM findings o "
        "WHERE o.run_id = ? AND o.fingerprint = f.fingerprint)"));
    q.addBindValue(b->id);
    q.addBindValue(a->id);
    if (Status s = exec(q, QStringLiteral("comparing runs")); !s)
        return s.error();
    d.unchanged = q.next() ? q.value(0).toInt() : 0;
    return d;
}

Result<QMap<QString, Triage>> Store::triage(const QString &projectPath) const
{
    auto db = reader();
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    q.prepare(
        QStringLiteral("SELECT t.fingerprint, t.status, t.reason, t.note, t.expires_at, t.updated_at FROM "
                       "triage t JOIN projects p ON p.id = t.project_id WHERE p.path = ?"));
    q.addBindValue(projectPath);
    if (Status s = exec(q, QStringLiteral("reading triage decisions")); !s)
        return s.error();
    QMap<QString, Triage> out;
    while (q.next())
        out.insert(q.value(0).toString(),
                   Triage{parseTriageStatus(q.value(1).toString()).value_or(TriageStatus::Open),
                          q.value(2).toString(), q.value(3).toString(), time(q.value(4)), time(q.value(5))});
    return out;
}

Result<QList<docker::StatsSample>> Store::samples(const QString &runId) const
{
    auto db = reader();
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    q.prepare(
        QStringLiteral("SELECT at, cpu, memory, memory_limit, pids, net_rx, net_tx, block_read, block_write, "
                       "pids_limit, throttled_periods, failcnt FROM samples WHERE run_id = ? ORDER BY at"));
    q.addBindValue(runId);
    if (Status s = exec(q, QStringLiteral("reading resource samples")); !s)
        return s.error();
    QList<docker::StatsSample> out;
    while (q.next()) {
        docker::StatsSample s;
        s.read = time(q.value(0));
        s.cpuPercent = q.value(1).toDouble();
        s.memoryUsage = q.value(2).toLongLong();
        s.memoryLimit = q.value(3).toLongLong();
        s.pids = q.value(4).toLongLong();
        s.netRx = q.value(5).toLongLong();
        s.netTx = q.value(6).toLongLong();
        s.blockRead = q.value(7).toLongLong();
        s.blockWrite = q.value(8).toLongLong();
        s.pidsLimit = q.value(9).toLongLong();
        s.throttledPeriods = q.value(10).toLongLong();
        s.failcnt = q.value(11).toLongLong();
        out << s;
    }
    return out;
}

Result<QList<fuzz::FuzzSample>> Store::fuzzSamples(const QString &runId) const
{
    auto db = reader();
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT at, engine, execs, execs_per_sec, coverage, features, bitmap_coverage, "
                       "corpus, corpus_bytes, crashes, hangs, stability, cycles, rss_mb, last_find_seconds, "
                       "elapsed_seconds, event FROM fuzz_samples WHERE run_id = ? ORDER BY at, seq"));
    q.addBindValue(runId);
    if (Status s = exec(q, QStringLiteral("reading the fuzzing statistics of %1").arg(runId)); !s)
        return s.error();
    QList<fuzz::FuzzSample> out;
    while (q.next()) {
        fuzz::FuzzSample s;
        s.at = time(q.value(0));
        s.engine = q.value(1).toString();
        s.execs = q.value(2).toLongLong();
        s.execsPerSec = q.value(3).toDouble();
        s.coverage = q.value(4).toLongLong();
        s.features = q.value(5).toLongLong();
        s.bitmapCoverage = q.value(6).toDouble();
        s.corpus = q.value(7).toLongLong();
        s.corpusBytes = q.value(8).toLongLong();
        s.crashes = q.value(9).toLongLong();
        s.hangs = q.value(10).toLongLong();
        s.stability = q.value(11).toDouble();
        s.cycles = q.value(12).toLongLong();
        s.rssMb = q.value(13).toLongLong();
        s.lastFindSeconds = q.value(14).toLongLong();
        s.elapsedSeconds = q.value(15).toLongLong();
        s.event = q.value(16).toString();
        out << s;
    }
    return out;
}

Result<QList<std::pair<QString, Finding>>> Store::findingsByFingerprint(const QString &prefix,
                                                                        int limit) const
{
    if (prefix.isEmpty())
        return Error::make(Error::Kind::InvalidArgument, QStringLiteral("no fingerprint given"));
    auto db = reader();
    if (!db)
        return db.error();
    // The whole fingerprint first (through its index), a prefix of one only when none has it;
    // substr rather than LIKE, which SQLite compares without case and PostgreSQL with.
    for (const bool exact : {true, false}) {
        QSqlQuery q(db.value());
        q.setForwardOnly(true);
        q.prepare(
            QStringLiteral("SELECT f.run_id, %1 FROM findings f JOIN runs r ON r.id = f.run_id WHERE %2 "
                           "ORDER BY COALESCE(r.submitted_at, r.queued_at, 0) DESC, r.id DESC, f.seq%3")
                .arg(QLatin1String(kFindingColumnsF),
                     exact ? QStringLiteral("f.fingerprint = ?")
                           : QStringLiteral("substr(f.fingerprint, 1, %1) = ?").arg(prefix.size()),
                     limit >= 0 ? QStringLiteral(" LIMIT %1").arg(limit) : QString()));
        q.addBindValue(prefix);
        if (Status s = exec(q, QStringLiteral("looking up finding %1").arg(prefix)); !s)
            return s.error();
        QList<std::pair<QString, Finding>> out;
        while (q.next())
            out.append({q.value(0).toString(), findingFrom(q, 1)});
        if (!out.isEmpty() || !exact)
            return out;
    }
    return QList<std::pair<QString, Finding>>{};
}

Result<QByteArray> Store::log(const QString &runId) const
{
    auto db = reader();
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    q.prepare(QStringLiteral("SELECT data FROM run_logs WHERE run_id = ?"));
    q.addBindValue(runId);
    if (Status s = exec(q, QStringLiteral("reading the log of %1").arg(runId)); !s)
        return s.error();
    if (!q.next())
        return Error::make(Error::Kind::NotFound, QStringLiteral("no log kept for run %1").arg(runId));
    const QByteArray data = qUncompress(q.value(0).toByteArray());
    if (data.isNull() && !q.value(0).toByteArray().isEmpty())
        return Error::make(Error::Kind::Database,
                           QStringLiteral("the stored log of run %1 is damaged").arg(runId));
    return data;
}

} // namespace ff::storage

#include "schema.h"
#include "connection.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace ff::storage {

namespace {

// {pk} and {blob} differ between SQLite and PostgreSQL; the rest is common SQL. Times are
// milliseconds since the epoch (BIGINT), which both order and compare the same way.
const char *const kMigrations[][16] = {
    // 1: the first schema.
    {
        "CREATE TABLE projects (id {pk}, path TEXT NOT NULL UNIQUE, name TEXT NOT NULL, languages TEXT NOT "
        "NULL "
        "DEFAULT '', created_at BIGINT NOT NULL)",
        "CREATE TABLE runs (id TEXT PRIMARY KEY, project_id BIGINT NOT NULL REFERENCES projects(id), "
        "workflow TEXT NOT NULL, workflow_version TEXT NOT NULL, image TEXT NOT NULL DEFAULT '', "
        "image_digest TEXT NOT NULL DEFAULT '', parameters TEXT NOT NULL DEFAULT '{}', limits TEXT NOT NULL "
        "DEFAULT "
        "'{}', state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 1, exit_code INTEGER, error TEXT NOT "
        "NULL "
        "DEFAULT '', oom_killed INTEGER NOT NULL DEFAULT 0, submitted_at BIGINT, started_at BIGINT, "
        "finished_at "
        "BIGINT, output_dir TEXT NOT NULL DEFAULT '', finding_count INTEGER NOT NULL DEFAULT 0)",
        "CREATE INDEX runs_project ON runs(project_id, submitted_at)",
        "CREATE TABLE run_events (id {pk}, run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, at "
        "BIGINT "
        "NOT NULL, state TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '')",
        "CREATE INDEX run_events_run ON run_events(run_id, at)",
        "CREATE TABLE findings (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, seq INTEGER NOT "
        "NULL, "
        "project_id BIGINT NOT NULL, fingerprint TEXT NOT NULL, workflow TEXT NOT NULL, tool TEXT NOT NULL, "
        "tool_version TEXT NOT NULL DEFAULT '', rule_id TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', "
        "message TEXT "
        "NOT NULL DEFAULT '', severity INTEGER NOT NULL, confidence TEXT NOT NULL DEFAULT '', path TEXT NOT "
        "NULL "
        "DEFAULT '', start_line INTEGER NOT NULL DEFAULT 0, start_column INTEGER NOT NULL DEFAULT 0, "
        "end_line "
        "INTEGER NOT NULL DEFAULT 0, end_column INTEGER NOT NULL DEFAULT 0, snippet TEXT NOT NULL DEFAULT "
        "'', cwe "
        "TEXT NOT NULL DEFAULT '', help_uri TEXT NOT NULL DEFAULT '', PRIMARY KEY (run_id, seq))",
        "CREATE INDEX findings_run_severity ON findings(run_id, severity)",
        "CREATE INDEX findings_fingerprint ON findings(project_id, fingerprint)",
        "CREATE TABLE finding_history (project_id BIGINT NOT NULL, fingerprint TEXT NOT NULL, first_run TEXT "
        "NOT "
        "NULL, last_run TEXT NOT NULL, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, PRIMARY KEY "
        "(project_id, fingerprint))",
        "CREATE TABLE triage (project_id BIGINT NOT NULL, fingerprint TEXT NOT NULL, status TEXT NOT NULL, "
        "reason "
        "TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', expires_at BIGINT, updated_at BIGINT NOT "
        "NULL, "
        "PRIMARY KEY (project_id, fingerprint))",
        "CREATE TABLE samples (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, at BIGINT NOT "
        "NULL, cpu "
        "DOUBLE PRECISION NOT NULL, memory BIGINT NOT NULL, memory_limit BIGINT NOT NULL, pids BIGINT NOT "
        "NULL, "
        "net_rx BIGINT NOT NULL, net_tx BIGINT NOT NULL, block_read BIGINT NOT NULL, block_write BIGINT NOT "
        "NULL, "
        "PRIMARY KEY (run_id, at))",
        "CREATE TABLE run_logs (run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, data {blob} "
        "NOT "
        "NULL, original_size BIGINT NOT NULL, truncated INTEGER NOT NULL DEFAULT 0)",
        nullptr,
    },
    // 2: the findings view filters by path and rule within a run, and triage is looked up by
    // status; finding_history is read by last run for the "new since" views.
    {
        "CREATE INDEX findings_run_path ON findings(run_id, path)",
        "CREATE INDEX findings_run_rule ON findings(run_id, rule_id)",
        "CREATE INDEX triage_status ON triage(project_id, status)",
        "CREATE INDEX finding_history_last ON finding_history(project_id, last_run)",
        "CREATE INDEX findings_run_fingerprint ON findings(run_id, fingerprint)",
        nullptr,
    },
    // 3: the scheduler's queue lives in the runs table: a queued run is a row whose request
    // says how to start it again after a restart.
    {
        "ALTER TABLE runs ADD COLUMN priority INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE runs ADD COLUMN request TEXT NOT NULL DEFAULT '{}'",
        "ALTER TABLE runs ADD COLUMN queued_at BIGINT",
        "ALTER TABLE runs ADD COLUMN attempt_errors TEXT NOT NULL DEFAULT '[]'",
        "CREATE INDEX runs_queue ON runs(state, priority, queued_at)",
        nullptr,
    },
    // 4: the database's own id: the engine objects its scheduler makes carry it as a label,
    // so that recovery after a crash touches only its own.
    {
        "CREATE TABLE store_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "INSERT INTO store_meta (name, value) VALUES ('instance', '{uuid}')",
        nullptr,
    },
    // 5: the counters behind the resource graph's markers (throttling, memory limit hit) and
    // the PIDs limit, so that a stored run shows them as a live one does.
    {
        "ALTER TABLE samples ADD COLUMN pids_limit BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE samples ADD COLUMN throttled_periods BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE samples ADD COLUMN failcnt BIGINT NOT NULL DEFAULT 0",
        nullptr,
    },
    // 6: fuzzing. A finding's tool-specific detail (a crash's signature, frames, reproducer)
    // as JSON; the campaign's statistics over time, next to the resource samples. Figures the
    // engine did not give are -1. Two samples may share a millisecond: seq tells them apart.
    {
        "ALTER TABLE findings ADD COLUMN properties TEXT NOT NULL DEFAULT '{}'",
        "CREATE TABLE fuzz_samples (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, at BIGINT "
        "NOT NULL, seq INTEGER NOT NULL DEFAULT 0, engine TEXT NOT NULL DEFAULT '', execs BIGINT NOT NULL, "
        "execs_per_sec DOUBLE PRECISION NOT NULL, coverage BIGINT NOT NULL, features BIGINT NOT NULL, "
        "bitmap_coverage DOUBLE PRECISION NOT NULL, corpus BIGINT NOT NULL, corpus_bytes BIGINT NOT NULL, "
        "crashes BIGINT NOT NULL, hangs BIGINT NOT NULL, stability DOUBLE PRECISION NOT NULL, cycles BIGINT "
        "NOT NULL, rss_mb BIGINT NOT NULL, last_find_seconds BIGINT NOT NULL, elapsed_seconds BIGINT NOT "
        "NULL, event TEXT NOT NULL DEFAULT '', PRIMARY KEY (run_id, at, seq))",
        "CREATE INDEX findings_fingerprint_prefix ON findings(fingerprint)",
        nullptr,
    },
};

} // namespace

int currentSchemaVersion()
{
    return static_cast<int>(std::size(kMigrations));
}

QStringList migrationStatements(int version, bool postgres)
{
    QStringList out;
    if (version < 1 || version > currentSchemaVersion())
        return out;
    for (const char *const *s = kMigrations[version - 1]; *s; ++s) {
        QString sql = QString::fromLatin1(*s);
        sql.replace(QStringLiteral("{pk}"), postgres ? QStringLiteral("BIGSERIAL PRIMARY KEY")
                                                     : QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT"));
        sql.replace(QStringLiteral("{blob}"), postgres ? QStringLiteral("BYTEA") : QStringLiteral("BLOB"));
        sql.replace(QStringLiteral("{uuid}"), QUuid::createUuid().toString(QUuid::WithoutBraces));
        out << sql;
    }
    return out;
}

Result<int> migrate(QSqlDatabase &db)
{
    const bool postgres = db.driverName() == QLatin1String("QPSQL");
    if (Status s =
            exec(db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
        !s)
        return s.error();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")))
        return Error::make(Error::Kind::Database,
                           QStringLiteral("cannot read the schema version: %1").arg(q.lastError().text()));
    const int before = q.next() ? q.value(0).toInt() : 0;
    q.finish();
    if (before > currentSchemaVersion())
        return Error::make(
            Error::Kind::Database,
            QStringLiteral("the database has schema version %1, newer than this FuzzForge understands "
                           "(%2): upgrade FuzzForge")
                .arg(before)
                .arg(currentSchemaVersion()));
    for (int v = before + 1; v <= currentSchemaVersion(); ++v) {
        if (!db.transaction())
            return Error::make(Error::Kind::Database,
                               QStringLiteral("cannot start a transaction: %1").arg(db.lastError().text()));
        for (const QString &sql : migrationStatements(v, postgres)) {
            if (Status s = exec(db, sql); !s) {
                db.rollback();
                return Error::make(Error::Kind::Database,
                                   QStringLiteral("migration to schema version %1 failed: %2")
                                       .arg(v)
                                       .arg(s.error().message));
            }
        }
        QSqlQuery set(db);
        set.prepare(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"));
        set.addBindValue(v);
        if (Status s = exec(set, QStringLiteral("recording schema version")); !s) {
            db.rollback();
            return s.error();
        }
        if (!db.commit())
            return Error::make(
                Error::Kind::Database,
                QStringLiteral("cannot commit migration %1: %2").arg(v).arg(db.lastError().text()));
    }
    return before;
}

} // namespace ff::storage

#pragma once

#include "databaseurl.h"
#include "docker/types.h"
#include "findings/finding.h"
#include "fuzz/fuzzstats.h"
#include "run/runtypes.h"
#include "writer.h"

#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMutex>

#include <memory>
#include <utility>

namespace ff::storage {

struct RunRecord
{
    QString id;
    QString projectPath;
    QStringList projectLanguages;
    QString workflow;
    QString workflowVersion;
    QString image;
    QString imageDigest;
    QString state;
    int attempts = 1;
    int exitCode = -1;
    bool oomKilled = false;
    QString error;
    int findingCount = 0;
    QDateTime submitted;
    QDateTime started;
    QDateTime finished;
    QString outputDir;
    QJsonObject parameters;
    QJsonObject limits;
};

struct RunEvent
{
    QDateTime at;
    QString state;
    QString detail;
};

enum class TriageStatus { Open, Confirmed, FalsePositive, AcceptedRisk, Fixed };
QString triageStatusName(TriageStatus status);
std::optional<TriageStatus> parseTriageStatus(const QString &text);

struct Triage
{
    TriageStatus status = TriageStatus::Open;
    QString reason;
    QString note;
    QDateTime expires; // accepted risk only; invalid = never
    QDateTime updated;
};

struct FindingFilter
{
    std::optional<findings::Severity> minSeverity;
    QString text;                 // in message, path, rule or title
    QList<TriageStatus> statuses; // empty: any; a finding never triaged is open
    int limit = -1;
};

struct RunDiff
{
    QList<findings::Finding> added; // in B, not in A
    QList<findings::Finding> fixed; // in A, not in B
    int unchanged = 0;              // in both
};

// A run waiting in (or taken from) the scheduler's queue, as stored.
struct QueueEntry
{
    QString runId;
    QString projectPath;
    QString workflowId;
    QString workflowVersion;
    int priority = 1;    // 0 high, 1 normal, 2 low
    QJsonObject request; // what the scheduler needs to start the run again
    QDateTime queuedAt;
    QString state;
    int attempts = 0;
    QStringList attemptErrors;
};

// History: projects, runs with their state changes, findings, triage, resource samples and
// logs, on SQLite or PostgreSQL through the same code. Writes go to the writer thread; reads
// use a connection of the calling thread (never call them on the UI thread).
class Store
{
public:
    static Result<std::unique_ptr<Store>> open(const DatabaseUrl &url);
    ~Store();

    const DatabaseUrl &url() const { return m_url; }
    Writer &writer() { return *m_writer; }

    QFuture<Status> recordRun(const run::RunResult &result, const QList<RunEvent> &events = {});
    QFuture<Status> enqueue(const QueueEntry &entry);
    // A state change of a run that is not over yet (the final one comes with recordRun).
    QFuture<Status> setRunState(const QString &runId, const QString &state, const QString &detail,
                                int attempts, const QStringList &attemptErrors);
    // Runs not in a final state, by priority then queue time: what a restarted scheduler resumes.
    Result<QList<QueueEntry>> unfinishedRuns() const;
    // One run as the queue knows it, finished or not; nullopt when the database has no such run.
    Result<std::optional<QueueEntry>> queueEntry(const QString &runId) const;
    // The database's own id (made when it was created): labels the engine objects of its runs.
    Result<QString> instanceId() const;
    QFuture<Status> setTriage(const QString &projectPath, const QString &fingerprint, const Triage &triage);
    QFuture<Status> addSamples(const QString &runId, const QList<docker::StatsSample> &samples);
    // A fuzzing campaign's statistics over time. Adding the same samples again adds nothing.
    QFuture<Status> addFuzzSamples(const QString &runId, const QList<fuzz::FuzzSample> &samples);
    // Keeps the log compressed, at most `cap` bytes of it (the end is kept when longer).
    QFuture<Status> saveLog(const QString &runId, const QByteArray &log, qint64 cap = 8 * 1024 * 1024);

    Result<QList<RunRecord>> runs(const QString &projectPath = {}) const;
    // By id, or by a unique prefix of one (as the CLI accepts).
    Result<RunRecord> run(const QString &idOrPrefix) const;
    Result<QList<RunEvent>> events(const QString &runId) const;
    Result<QList<findings::Finding>> findings(const QString &runId, const FindingFilter &filter = {}) const;
    Result<QMap<findings::Severity, int>> severityCounts(const QString &runId) const;
    Result<RunDiff> diff(const QString &runA, const QString &runB) const;
    Result<QMap<QString, Triage>> triage(const QString &projectPath) const;
    Result<QList<docker::StatsSample>> samples(const QString &runId) const;
    // In time order.
    Result<QList<fuzz::FuzzSample>> fuzzSamples(const QString &runId) const;
    // The findings whose fingerprint is `prefix` or starts with it (case-sensitive), each with
    // the id of its run, newest run first: what `fuzzforge-cli reproduce FINDING` looks up.
    // limit < 0: all of them.
    Result<QList<std::pair<QString, findings::Finding>>> findingsByFingerprint(const QString &prefix,
                                                                               int limit = -1) const;
    Result<QByteArray> log(const QString &runId) const;

    // The connection of the calling thread (opened on first use).
    Result<QSqlDatabase> reader() const;

private:
    explicit Store(DatabaseUrl url);
    DatabaseUrl m_url;
    std::unique_ptr<Writer> m_writer;
    quint64 m_id = 0;
    mutable QMutex m_readersMutex;
    mutable QStringList m_readers;
    mutable QString m_instanceId;
};

} // namespace ff::storage

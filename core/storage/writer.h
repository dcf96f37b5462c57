#pragma once

#include "databaseurl.h"

#include <QFuture>
#include <QMutex>
#include <QSqlDatabase>
#include <QThread>
#include <QWaitCondition>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>

template <typename T> class QPromise;

namespace ff::storage {

// One piece of writing, run inside the writer's transaction. It may run again after a lost
// connection (when the commit's answer never came), so it must be idempotent: upserts and
// INSERT ... ON CONFLICT DO NOTHING keyed by natural keys.
using WriteJob = std::function<Status(QSqlDatabase &db)>;

// The one thread that writes: it owns its own connection, batches the jobs that queue up
// into one transaction (each job in a savepoint, so a bad one fails alone), and when the
// connection is lost (a PostgreSQL restart) it reconnects with backoff and runs the batch
// again. Nothing is dropped silently: every job's future ends with its Status.
class Writer : public QThread
{
    Q_OBJECT
public:
    explicit Writer(DatabaseUrl url, QObject *parent = nullptr);
    ~Writer() override; // finishes the queued jobs, then stops

    // Opens the connection and migrates, on the writer thread; blocks the caller until done.
    // Call once, from a thread that may block (start-up, the CLI).
    Status open();
    QFuture<Status> submit(WriteJob job);
    // Blocks until every job submitted so far has ended (for the CLI and tests).
    void flush();
    // How long to keep reconnecting before failing a batch (default 5 minutes).
    void setRetryLimit(std::chrono::milliseconds limit);
    int reconnects() const;

protected:
    void run() override;

private:
    struct Job
    {
        WriteJob work;
        std::shared_ptr<QPromise<Status>> promise;
    };
    bool runBatch(QSqlDatabase &db, std::vector<Job> &batch, QString *lostWhy);
    Status connect(QSqlDatabase *db);

    DatabaseUrl m_url;
    QString m_name;
    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_idle;
    std::deque<Job> m_queue;
    int m_inFlight = 0;
    bool m_stopping = false;
    bool m_opened = false;
    Status m_openStatus;
    int m_reconnects = 0;
    std::chrono::milliseconds m_retryLimit{std::chrono::minutes(5)};
};

} // namespace ff::storage

#include "writer.h"
#include "connection.h"
#include "schema.h"

#include <QDeadlineTimer>
#include <QPromise>
#include <QSqlError>
#include <QSqlQuery>

#include <spdlog/spdlog.h>

namespace ff::storage {

namespace {
constexpr std::size_t kMaxBatch = 512;
}

Writer::Writer(DatabaseUrl url, QObject *parent)
    : QThread(parent)
    , m_url(std::move(url))
    , m_name(QStringLiteral("ff-writer-%1").arg(reinterpret_cast<quintptr>(this)))
{
    setObjectName(QStringLiteral("fuzzforge-db-writer"));
}

Writer::~Writer()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeAll();
    }
    wait();
}

void Writer::setRetryLimit(std::chrono::milliseconds limit)
{
    QMutexLocker lock(&m_mutex);
    m_retryLimit = limit;
}

int Writer::reconnects() const
{
    QMutexLocker lock(&m_mutex);
    return m_reconnects;
}

Status Writer::open()
{
    QMutexLocker lock(&m_mutex);
    if (!isRunning() && !m_opened)
        start();
    while (!m_opened)
        m_idle.wait(&m_mutex);
    return m_openStatus;
}

QFuture<Status> Writer::submit(WriteJob job)
{
    auto promise = std::make_shared<QPromise<Status>>();
    QFuture<Status> future = promise->future();
    promise->start();
    QMutexLocker lock(&m_mutex);
    if (m_stopping || (m_opened && !m_openStatus.ok())) {
        promise->addResult(
            m_stopping ? Status(Error::make(Error::Kind::Database, QStringLiteral("the database is closing")))
                       : m_openStatus);
        promise->finish();
        return future;
    }
    m_queue.push_back(Job{std::move(job), std::move(promise)});
    m_wake.wakeAll();
    return future;
}

void Writer::flush()
{
    QMutexLocker lock(&m_mutex);
    while (!m_queue.empty() || m_inFlight > 0)
        m_idle.wait(&m_mutex);
}

Status Writer::connect(QSqlDatabase *db)
{
    auto opened = openConnection(m_url, m_name);
    if (!opened)
        return opened.error();
    *db = opened.value();
    return {};
}

bool Writer::runBatch(QSqlDatabase &db, std::vector<Job> &batch, QString *lostWhy)
{
    // Returns false when the connection was lost: the caller reconnects and runs it again.
    if (!db.transaction()) {
        *lostWhy = db.lastError().text();
        return !isConnectionLost(db, db.lastError());
    }
    std::vector<Status> results(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
        QSqlQuery sp(db);
        if (!sp.exec(QStringLiteral("SAVEPOINT job"))) {
            *lostWhy = sp.lastError().text();
            db.rollback();
            return false;
        }
        Status s;
        try {
            s = batch[i].work(db);
        } catch (const std::exception &e) {
            s = Error::make(Error::Kind::Database,
                            QStringLiteral("a write failed: %1").arg(QString::fromUtf8(e.what())));
        } catch (...) {
            s = Error::make(Error::Kind::Database,
                            QStringLiteral("a write failed with an unknown exception"));
        }
        if (!s) {
            QSqlQuery back(db);
            if (!back.exec(QStringLiteral("ROLLBACK TO SAVEPOINT job")) || !db.isOpen() ||
                s.error().message.contains(QLatin1String("server closed the connection")) ||
                s.error().message.contains(QLatin1String("terminating connection")) ||
                s.error().message.contains(QLatin1String("no connection to the server"))) {
                *lostWhy = s.error().message;
                db.rollback();
                return false;
            }
        } else {
            QSqlQuery release(db);
            if (!release.exec(QStringLiteral("RELEASE SAVEPOINT job"))) {
                *lostWhy = release.lastError().text();
                db.rollback();
                return false;
            }
        }
        results[i] = s;
    }
    if (!db.commit()) {
        const QSqlError err = db.lastError();
        *lostWhy = err.text();
        if (isConnectionLost(db, err))
            return false;
        // A commit refused for another reason (disk full, read-only file): every job fails
        // with that reason; nothing was half-written.
        db.rollback();
        for (auto &job : batch) {
            job.promise->addResult(
                Error::make(Error::Kind::Database,
                            QStringLiteral("cannot commit to %1: %2").arg(m_url.redacted(), err.text())));
            job.promise->finish();
        }
        return true;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i].promise->addResult(results[i]);
        batch[i].promise->finish();
    }
    return true;
}

void Writer::run()
{
    QSqlDatabase db;
    Status opened = connect(&db);
    if (opened) {
        auto migrated = migrate(db);
        if (!migrated)
            opened = migrated.error();
    }
    {
        QMutexLocker lock(&m_mutex);
        m_openStatus = opened;
        m_opened = true;
        m_idle.wakeAll();
    }
    for (;;) {
        std::vector<Job> batch;
        {
            QMutexLocker lock(&m_mutex);
            while (m_queue.empty() && !m_stopping)
                m_wake.wait(&m_mutex);
            if (m_queue.empty() && m_stopping)
                break;
            while (!m_queue.empty() && batch.size() < kMaxBatch) {
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
            m_inFlight = static_cast<int>(batch.size());
        }
        if (!m_openStatus) {
            for (auto &job : batch) {
                job.promise->addResult(m_openStatus);
                job.promise->finish();
            }
        } else {
            QString lostWhy;
            QDeadlineTimer deadline;
            {
                QMutexLocker lock(&m_mutex);
                deadline = QDeadlineTimer(m_retryLimit);
            }
            int delayMs = 100;
            while (!runBatch(db, batch, &lostWhy)) {
                spdlog::warn("database {}: connection lost ({}); reconnecting",
                             m_url.redacted().toStdString(), lostWhy.trimmed().toStdString());
                bool reconnected = false;
                while (!deadline.hasExpired()) {
                    QThread::msleep(static_cast<unsigned long>(delayMs));
                    delayMs = std::min(delayMs * 2, 5000);
                    db.close();
                    if (connect(&db)) {
                        reconnected = true;
                        QMutexLocker lock(&m_mutex);
                        ++m_reconnects;
                        break;
                    }
                }
                if (!reconnected) {
                    const Error e =
                        Error::make(Error::Kind::Database,
                                    QStringLiteral("lost the database %1 and could not reconnect: %2")
                                        .arg(m_url.redacted(), lostWhy.trimmed()));
                    for (auto &job : batch) {
                        job.promise->addResult(e);
                        job.promise->finish();
                    }
                    break;
                }
            }
        }
        QMutexLocker lock(&m_mutex);
        m_inFlight = 0;
        if (m_queue.empty())
            m_idle.wakeAll();
    }
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
    QMutexLocker lock(&m_mutex);
    m_idle.wakeAll();
}

} // namespace ff::storage

#include "exportjob.h"

#include "common/session.h"

#include <QCoreApplication>
#include <QDir>
#include <QPointer>

#include <atomic>

namespace ff::ui {

// Shared by the UI thread and the worker: plain atomics, no QObject crosses the threads.
struct ExportJob::State
{
    std::atomic_bool canceled{false};
    std::atomic<qint64> done{-1};
    std::atomic<qint64> total{0};
    std::atomic_bool posted{false}; // a progress call is waiting in the UI thread's queue
};

ExportJob::ExportJob(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{}

ExportJob::~ExportJob()
{
    // The worker finishes on its own; it only has to stop soon.
    cancel();
}

bool ExportJob::start(const ExportRequest &request)
{
    if (m_state)
        return false;
    auto state = std::make_shared<State>();
    m_lastDone = m_lastTotal = -1;
    // Copied on the worker, looked at only on the UI thread.
    const QPointer<ExportJob> guard(this);
    auto progress = [state, guard](qint64 done, qint64 total) {
        state->done = done;
        state->total = total;
        // The application object receives the call: this job (and its dialog) may be gone by
        // the time it runs, which the QPointer tells on the UI thread.
        if (!state->posted.exchange(true))
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [state, guard] {
                    if (guard)
                        guard->deliverProgress(state);
                    else
                        state->posted = false;
                },
                Qt::QueuedConnection);
        return !state->canceled;
    };
    auto job = [request, state, progress](const storage::Store &store) -> Error {
        auto collected = report::collect(store, request.runIds, request.options, request.fingerprints);
        if (!collected)
            return collected.error();
        if (state->canceled)
            return Error::make(Error::Kind::Canceled, QStringLiteral("export canceled"));
        const Status written = report::write(collected.value(), request.format, request.path, progress);
        return written.error();
    };
    auto done = [this, state](const Error &error) {
        if (state != m_state)
            return;
        deliverProgress(state); // whatever the worker reported last
        m_state.reset();
        Q_EMIT finished(error);
    };
    m_state = state;
    if (!m_session->read<Error>(this, std::move(job), std::move(done))) {
        m_state.reset();
        return false;
    }
    return true;
}

void ExportJob::cancel()
{
    if (m_state)
        m_state->canceled = true;
}

QString ExportJob::describe(const Error &error, const QString &path)
{
    const QString where = QDir::toNativeSeparators(path);
    switch (error.kind) {
    case Error::Kind::Canceled:
        return tr("Export canceled: nothing was written to %1.").arg(where);
    case Error::Kind::Io:
        // The report library's message names the file already.
        return error.message.contains(where)
                   ? tr("The report could not be written: %1").arg(error.message)
                   : tr("The report could not be written to %1: %2").arg(where, error.message);
    default:
        return tr("The report could not be made: %1").arg(error.message);
    }
}

void ExportJob::deliverProgress(const std::shared_ptr<State> &state)
{
    // Cleared before the values are read: a report stored after this read posts a new call.
    state->posted = false;
    const qint64 done = state->done;
    const qint64 total = state->total;
    if (state != m_state || done < 0 || (done == m_lastDone && total == m_lastTotal))
        return;
    m_lastDone = done;
    m_lastTotal = total;
    Q_EMIT progressed(done, total);
}

} // namespace ff::ui

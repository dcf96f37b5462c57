#pragma once

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>
#include <QTimer>

namespace ff {

// Runs a local event loop until the future is finished, for command-line tools and tests,
// where the client's asynchronous I/O must go on while the caller waits (waitForFinished()
// would block that very loop). A canceled future without a result gives T{}; a future
// still running after timeoutMs is canceled.
template <typename T> T await(QFuture<T> future, int timeoutMs = -1)
{
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<T> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        QTimer timer;
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (timeoutMs >= 0)
            timer.start(timeoutMs);
        if (!future.isFinished())
            loop.exec();
        if (!future.isFinished())
            future.cancel();
    }
    if (future.resultCount() == 0)
        return T{};
    return future.result();
}

} // namespace ff

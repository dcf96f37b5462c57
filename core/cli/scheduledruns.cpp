#include "scheduledruns.h"

#include "util/await.h"

#include <QEventLoop>

namespace ff::cli {

QList<run::RunResult> driveScheduler(scheduler::Scheduler &scheduler, ProgressPrinter &progress, int expected,
                                     const std::function<void()> &kickoff)
{
    QList<run::RunResult> results;
    QEventLoop loop;
    auto quit = [&loop] {
        QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    };
    QObject::connect(&scheduler, &scheduler::Scheduler::runStarted, &loop,
                     [&progress](run::WorkflowRun *r) { progress.track(r); });
    QObject::connect(&scheduler, &scheduler::Scheduler::runFinished, &loop,
                     [&results, expected, quit](const run::RunResult &r) {
                         results << r;
                         if (expected >= 0 && results.size() >= expected)
                             quit();
                     });
    if (expected < 0)
        QObject::connect(&scheduler, &scheduler::Scheduler::idle, &loop, quit);
    QObject::connect(&scheduler, &scheduler::Scheduler::engineAvailability, &loop,
                     [](bool available, int retryIn, const QString &error) {
                         if (available)
                             err() << "fuzzforge-cli: the engine answers again; the queue resumes"
                                   << Qt::endl;
                         else
                             err() << "fuzzforge-cli: engine unavailable, retrying in " << retryIn << " s ("
                                   << error << ")" << Qt::endl;
                     });
    InterruptGuard interrupt([&scheduler] {
        const QStringList ids = scheduler.activeRunIds();
        for (const QString &id : ids)
            scheduler.cancel(id);
    });
    QTimer::singleShot(0, &loop, kickoff);
    if (expected != 0)
        loop.exec();
    progress.finish();
    return results;
}

Result<scheduler::Limits> schedulerLimits(docker::DockerClient *client, int jobs)
{
    const auto info = ff::await(client->info());
    if (!info)
        return info.error();
    scheduler::Limits limits = scheduler::Limits::fromEngine(info.value());
    if (jobs > 0)
        limits.maxConcurrent = jobs;
    return limits;
}

} // namespace ff::cli

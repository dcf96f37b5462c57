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

QCommandLineOption jobsOption()
{
    return QCommandLineOption({QStringLiteral("j"), QStringLiteral("jobs")},
                              QStringLiteral("Runs at once (default: the engine's CPUs)."),
                              QStringLiteral("N"));
}

Result<int> jobsValue(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    if (!parser.isSet(option))
        return 0;
    bool ok = false;
    const int jobs = parser.value(option).toInt(&ok);
    if (!ok || jobs < 1 || jobs > 64)
        return Error::make(Error::Kind::InvalidArgument,
                           QStringLiteral("--jobs takes a number from 1 to 64"));
    return jobs;
}

Result<scheduler::Limits> schedulerLimits(docker::DockerClient *client, int jobs)
{
    const auto ping = ff::await(client->ping(docker::CallOptions{std::chrono::seconds(10)}));
    if (!ping)
        return Error::make(ping.error().kind,
                           QStringLiteral("the Docker engine is unavailable: ") + ping.error().message);
    const auto info = ff::await(client->info());
    if (!info)
        return Error::make(info.error().kind,
                           QStringLiteral("cannot read the engine's resources: ") + info.error().message);
    scheduler::Limits limits = scheduler::Limits::fromEngine(info.value());
    if (jobs > 0)
        limits.maxConcurrent = jobs;
    return limits;
}

} // namespace ff::cli

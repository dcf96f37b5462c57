#include "cli.h"
#include "commands.h"
#include "output.h"
#include "scheduledruns.h"

#include "util/await.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ff::cli {

namespace {

int listQueue(const storage::Store &store, bool json)
{
    const auto entries = store.unfinishedRuns();
    if (!entries) {
        err() << "fuzzforge-cli queue: " << entries.error().message << Qt::endl;
        return ExitFailure;
    }
    if (json) {
        QJsonArray arr;
        for (const auto &e : entries.value()) {
            QJsonObject o;
            o.insert(QLatin1String("id"), e.runId);
            o.insert(QLatin1String("state"), e.state);
            o.insert(QLatin1String("priority"),
                     scheduler::priorityName(static_cast<scheduler::Priority>(std::clamp(e.priority, 0, 2))));
            o.insert(QLatin1String("attempts"), e.attempts);
            o.insert(QLatin1String("attemptErrors"), QJsonArray::fromStringList(e.attemptErrors));
            o.insert(QLatin1String("workflow"), e.workflowId);
            o.insert(QLatin1String("project"), e.projectPath);
            o.insert(QLatin1String("queued"), e.queuedAt.toString(Qt::ISODateWithMs));
            arr.append(o);
        }
        out() << QJsonDocument(arr).toJson(QJsonDocument::Indented);
        out().flush();
        return ExitOk;
    }
    if (entries->isEmpty()) {
        out() << "The queue is empty (" << store.url().redacted() << ").\n";
        out().flush();
        return ExitOk;
    }
    out() << QStringLiteral("%1 %2 %3 %4 %5 %6  %7\n")
                 .arg(QStringLiteral("RUN").leftJustified(16), QStringLiteral("STATE").leftJustified(10),
                      QStringLiteral("PRIORITY").leftJustified(8),
                      QStringLiteral("ATTEMPTS").rightJustified(8),
                      QStringLiteral("WORKFLOW").leftJustified(20),
                      QStringLiteral("QUEUED (UTC)").leftJustified(19), QStringLiteral("PROJECT"));
    for (const auto &e : entries.value()) {
        out() << QStringLiteral("%1 %2 %3 %4 %5 %6  %7\n")
                     .arg(e.runId.leftJustified(16), e.state.leftJustified(10),
                          scheduler::priorityName(
                              static_cast<scheduler::Priority>(std::clamp(e.priority, 0, 2)))
                              .leftJustified(8))
                     .arg(e.attempts, 8)
                     .arg(
                         e.workflowId.leftJustified(20),
                         e.queuedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).leftJustified(19),
                         e.projectPath);
        if (!e.attemptErrors.isEmpty())
            out() << "    last error: " << e.attemptErrors.last() << '\n';
    }
    out().flush();
    return ExitOk;
}

} // namespace

int queueCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show the runs that are queued or under way. With --run, recover the queue "
                       "a stopped or crashed FuzzForge left (re-attach to running containers, collect "
                       "the ones that exited, queue again the ones whose container vanished, remove "
                       "leftovers) and run it to the end."));
    parser.addHelpOption();
    const QCommandLineOption db = databaseOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the queue as JSON."));
    const QCommandLineOption runOpt(QStringLiteral("run"),
                                    QStringLiteral("Recover the queue and run it until it is empty."));
    const QCommandLineOption jobsOpt = jobsOption();
    const QCommandLineOption workflowsDirOpt(QStringLiteral("workflows"),
                                             QStringLiteral("Also load workflows from DIR (repeatable)."),
                                             QStringLiteral("DIR"));
    parser.addOptions({db, json, runOpt, jobsOpt, workflowsDirOpt});
    if (!parser.parse(args))
        return usageError(QStringLiteral("queue"), parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("queue"), QStringLiteral("takes no arguments"));
    const auto jobs = jobsValue(parser, jobsOpt);
    if (!jobs)
        return usageError(QStringLiteral("queue"), jobs.error().message);
    auto store = openStore(parser.value(db));
    if (!store) {
        err() << "fuzzforge-cli queue: " << store.error().message << Qt::endl;
        return store.error().kind == Error::Kind::InvalidArgument ? ExitUsage : ExitFailure;
    }
    if (!parser.isSet(runOpt))
        return listQueue(*store.value(), parser.isSet(json));

    const workflow::Catalogue catalogue = workflow::Catalogue::standard(parser.values(workflowsDirOpt));
    for (const auto &e : catalogue.errors())
        err() << "fuzzforge-cli: warning: " << e.toString() << Qt::endl;
    auto *client = docker::DockerClient::fromEnvironment(QCoreApplication::instance());
    auto limits = schedulerLimits(client, jobs.value());
    if (!limits) {
        err() << "fuzzforge-cli queue: " << limits.error().message << Qt::endl;
        return ExitFailure;
    }
    scheduler::Scheduler scheduler(client, store.value().get(), limits.value());
    QObject::connect(&scheduler, &scheduler::Scheduler::recovered, &scheduler,
                     [](const scheduler::RecoveryReport &report) {
                         err() << "fuzzforge-cli queue: recovered: " << report.summary() << Qt::endl;
                         for (const QString &n : report.notes)
                             err() << "  " << n << Qt::endl;
                     });
    Status recovery;
    ProgressPrinter progress;
    const QList<run::RunResult> results = driveScheduler(scheduler, progress, -1, [&] {
        recovery = scheduler.recover(catalogue);
        if (!recovery)
            QCoreApplication::exit(ExitFailure);
    });
    if (!recovery) {
        err() << "fuzzforge-cli queue: " << recovery.error().message << Qt::endl;
        return ExitFailure;
    }
    int failed = 0;
    for (const auto &r : results) {
        out() << QStringLiteral("%1 %2 %3 %4\n")
                     .arg(r.runId.leftJustified(16), r.workflowId.leftJustified(20),
                          run::stateName(r.state).leftJustified(10), r.projectPath);
        if (!r.error.isEmpty() && !r.succeeded())
            out() << "    " << r.error << '\n';
        failed += r.succeeded() ? 0 : 1;
    }
    out() << results.size() << " runs finished, " << failed << " not successfully.\n";
    out().flush();
    if (Status s = scheduler.flush(); !s) {
        err() << "fuzzforge-cli queue: the runs could not all be recorded: " << s.error().message << Qt::endl;
        return ExitFailure;
    }
    return failed ? ExitFailure : ExitOk;
}

} // namespace ff::cli

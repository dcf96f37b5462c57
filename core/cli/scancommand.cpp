#include "cli.h"
#include "commands.h"
#include "output.h"

#include "docker/dockerclient.h"
#include "findings/sarif.h"
#include "run/scan.h"
#include "storage/runrecorder.h"
#include "util/await.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSocketNotifier>

#include <csignal>

namespace ff::cli {

using findings::Severity;

namespace {

Status writeFile(const QString &path, const QByteArray &data)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit())
        return Error::make(Error::Kind::Io, QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return {};
}

} // namespace

int scanCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Run security workflows on a project folder."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("The project folder."));
    const QCommandLineOption workflowOpt(
        {QStringLiteral("w"), QStringLiteral("workflow")},
        QStringLiteral("Workflow to run (repeatable; default security-assessment)."), QStringLiteral("ID"));
    const QCommandLineOption paramOpt(QStringLiteral("param"),
                                      QStringLiteral("A workflow parameter (repeatable)."),
                                      QStringLiteral("ID.KEY=VALUE"));
    const QCommandLineOption sarifOpt(QStringLiteral("sarif"),
                                      QStringLiteral("Write the findings as SARIF 2.1.0."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Write the findings as JSON."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption failOnOpt(QStringLiteral("fail-on"),
                                       QStringLiteral("Exit with 1 when a finding is at or above SEVERITY "
                                                      "(critical, high, medium, low, info)."),
                                       QStringLiteral("SEVERITY"));
    const QCommandLineOption keepOpt(QStringLiteral("keep"),
                                     QStringLiteral("Keep containers, volumes and networks for debugging."));
    const QCommandLineOption workflowsDirOpt(QStringLiteral("workflows"),
                                             QStringLiteral("Also load workflows from DIR (repeatable)."),
                                             QStringLiteral("DIR"));
    const QCommandLineOption outputOpt(QStringLiteral("output-dir"),
                                       QStringLiteral("Keep the runs' raw outputs and logs under DIR."),
                                       QStringLiteral("DIR"));
    const QCommandLineOption jobsOpt({QStringLiteral("j"), QStringLiteral("jobs")},
                                     QStringLiteral("Workflows run at once (default 2)."),
                                     QStringLiteral("N"));
    const QCommandLineOption quietOpt({QStringLiteral("q"), QStringLiteral("quiet")},
                                      QStringLiteral("Print the summary only, not each finding."));
    const QCommandLineOption databaseOpt(
        QStringLiteral("database"),
        QStringLiteral("Record the runs in this history database: sqlite:PATH or "
                       "postgresql://user:password@host:port/db (default: "
                       "FUZZFORGE_DATABASE_URL, else a file in the data folder)."),
        QStringLiteral("URL"));
    const QCommandLineOption noHistoryOpt(QStringLiteral("no-history"),
                                          QStringLiteral("Do not record the runs."));
    parser.addOptions({workflowOpt, paramOpt, sarifOpt, jsonOpt, failOnOpt, keepOpt, workflowsDirOpt,
                       outputOpt, jobsOpt, quietOpt, databaseOpt, noHistoryOpt});
    if (!parser.parse(args))
        return usageError(QStringLiteral("scan"), parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("scan"), QStringLiteral("give exactly one project folder"));
    std::optional<Severity> failOn;
    if (parser.isSet(failOnOpt)) {
        failOn = findings::parseSeverity(parser.value(failOnOpt));
        if (!failOn)
            return usageError(QStringLiteral("scan"),
                              QStringLiteral("--fail-on '%1' is not critical, high, medium, low or info")
                                  .arg(parser.value(failOnOpt)));
    }
    int jobs = 2;
    if (parser.isSet(jobsOpt)) {
        bool ok = false;
        jobs = parser.value(jobsOpt).toInt(&ok);
        if (!ok || jobs < 1 || jobs > 64)
            return usageError(QStringLiteral("scan"), QStringLiteral("--jobs takes a number from 1 to 64"));
    }

    const workflow::Catalogue catalogue = workflow::Catalogue::standard(parser.values(workflowsDirOpt));
    for (const auto &e : catalogue.errors())
        err() << "fuzzforge-cli: warning: " << e.toString() << Qt::endl;

    run::ScanRequest request;
    request.projectPath = parser.positionalArguments().first();
    request.workflowIds = parser.values(workflowOpt);
    request.parameterArgs = parser.values(paramOpt);
    request.keep = parser.isSet(keepOpt);
    request.outputRoot = parser.value(outputOpt);
    request.concurrency = jobs;

    auto *client = docker::DockerClient::fromEnvironment(QCoreApplication::instance());
    run::Scan scan(client, catalogue, request);
    if (Status s = scan.prepare(); !s)
        return inputError(QStringLiteral("scan"), s.error().message);

    // Ask the engine once before anything starts, so that "engine down" is one clear line.
    const auto ping = ff::await(client->ping(docker::CallOptions{std::chrono::seconds(10)}));
    if (!ping) {
        err() << "fuzzforge-cli scan: the Docker engine is unavailable: " << ping.error().message << Qt::endl;
        return ExitFailure;
    }

    // The history database is opened before anything runs: an unreachable one is an error
    // now, never a silent fallback to another database.
    std::unique_ptr<storage::Store> store;
    std::unique_ptr<storage::RunRecorder> recorder;
    if (!parser.isSet(noHistoryOpt)) {
        auto opened = openStore(parser.value(databaseOpt));
        if (!opened) {
            err() << "fuzzforge-cli scan: " << opened.error().message << Qt::endl;
            return opened.error().kind == Error::Kind::InvalidArgument ? ExitUsage : ExitFailure;
        }
        store = std::move(opened).value();
        recorder = std::make_unique<storage::RunRecorder>(store.get());
    }

    ProgressPrinter progress;
    QObject::connect(&scan, &run::Scan::runStarted, &scan, [&progress, &recorder](run::WorkflowRun *r) {
        progress.track(r);
        if (recorder)
            recorder->track(r);
    });
    QEventLoop loop;
    QObject::connect(&scan, &run::Scan::finished, &loop, &QEventLoop::quit);
    // Ctrl+C cancels the runs (their containers are killed and removed) instead of leaving them behind.
    InterruptGuard interrupt([&scan] { scan.cancel(); });
    QTimer::singleShot(0, &scan, &run::Scan::start);
    loop.exec();
    progress.finish();

    const QList<findings::Finding> all = scan.findings();
    printSummary(out(), scan.specs().isEmpty() ? request.projectPath : scan.specs().first().projectPath,
                 scan.results(), all, !parser.isSet(quietOpt));

    int code = ExitOk;
    if (recorder) {
        if (Status s = recorder->wait(); !s) {
            err() << "fuzzforge-cli scan: the runs could not all be recorded in " << store->url().redacted()
                  << ": " << s.error().message << Qt::endl;
            code = ExitFailure;
        }
    }
    if (parser.isSet(sarifOpt)) {
        findings::SarifOptions options;
        options.projectRoot = scan.specs().first().projectPath;
        for (const auto &r : scan.results())
            options.runs << findings::SarifRunInfo{r.workflowId, r.submitted, r.finished, r.exitCode,
                                                   r.succeeded()};
        if (Status s = writeFile(parser.value(sarifOpt), findings::writeSarif(all, options)); !s) {
            err() << "fuzzforge-cli scan: " << s.error().message << Qt::endl;
            code = ExitUsage;
        }
    }
    if (parser.isSet(jsonOpt)) {
        QJsonArray arr;
        for (const auto &f : all)
            arr.append(f.toJson());
        if (Status s = writeFile(parser.value(jsonOpt), QJsonDocument(arr).toJson(QJsonDocument::Indented));
            !s) {
            err() << "fuzzforge-cli scan: " << s.error().message << Qt::endl;
            code = ExitUsage;
        }
    }
    if (code != ExitOk)
        return code;
    store.reset(); // commits what is still queued
    const bool anyFailed = std::any_of(scan.results().cbegin(), scan.results().cend(),
                                       [](const run::RunResult &r) { return !r.succeeded(); });
    if (anyFailed || scan.results().size() != scan.specs().size())
        return ExitFailure;
    if (failOn &&
        std::any_of(all.cbegin(), all.cend(), [&failOn](const auto &f) { return f.severity >= *failOn; }))
        return ExitFindings;
    return ExitOk;
}

} // namespace ff::cli

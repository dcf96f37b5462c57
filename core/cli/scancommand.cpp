#include "cli.h"
#include "commands.h"
#include "output.h"
#include "printable.h"

#include "docker/dockerclient.h"
#include "report/report.h"
#include "reporttargets.h"
#include "run/scan.h"
#include "scheduledruns.h"
#include "util/await.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
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

// The scan's report: from the history when it was recorded (so triage and the comparison with
// the previous run are in it), else from the results in hand.
Result<report::Report> scanReport(storage::Store *store, const QList<run::RunResult> &results,
                                  const report::Options &options)
{
    QStringList ids;
    for (const auto &r : results)
        ids << r.runId;
    if (store && !ids.isEmpty())
        return report::collect(*store, ids, options);
    QList<report::RunInfo> runs;
    QList<report::Entry> entries;
    for (const auto &r : results) {
        runs << report::RunInfo::fromResult(r);
        for (const auto &f : r.findings) {
            report::Entry e;
            e.finding = f;
            e.runId = r.runId;
            entries << e;
        }
    }
    return report::assemble(runs, entries, {}, options);
}

} // namespace

int scanCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run security workflows on one or several project folders, through the scheduler's queue."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("A project folder (one or more)."),
                                 QStringLiteral("PATH..."));
    const QCommandLineOption workflowOpt(
        {QStringLiteral("w"), QStringLiteral("workflow")},
        QStringLiteral("Workflow to run (repeatable; default security-assessment)."), QStringLiteral("ID"));
    const QCommandLineOption paramOpt(QStringLiteral("param"),
                                      QStringLiteral("A workflow parameter (repeatable)."),
                                      QStringLiteral("ID.KEY=VALUE"));
    const QCommandLineOption sarifOpt(QStringLiteral("sarif"),
                                      QStringLiteral("Write the findings as SARIF 2.1.0 (the same as "
                                                     "--report sarif:FILE)."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption reportOpt(
        QStringLiteral("report"),
        QStringLiteral("Write a report of the scan (repeatable): FORMAT is sarif, html, pdf, csv, markdown "
                       "or json; without FORMAT: the file's extension."),
        QStringLiteral("FORMAT:FILE"));
    const ReportOptionSet reportOpts;
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
    const QCommandLineOption jobsOpt = jobsOption();
    const QCommandLineOption priorityOpt(QStringLiteral("priority"),
                                         QStringLiteral("Queue priority: high, normal (default) or low."),
                                         QStringLiteral("PRIORITY"));
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
    parser.addOptions({workflowOpt, paramOpt, sarifOpt, reportOpt, jsonOpt, failOnOpt, keepOpt,
                       workflowsDirOpt, outputOpt, jobsOpt, quietOpt, databaseOpt, noHistoryOpt,
                       priorityOpt});
    reportOpts.addTo(parser);
    if (!parser.parse(args))
        return usageError(QStringLiteral("scan"), parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    const QStringList projects = parser.positionalArguments();
    if (projects.isEmpty())
        return usageError(QStringLiteral("scan"), QStringLiteral("give at least one project folder"));
    // Reports are checked before anything runs: a typo must not cost a scan.
    QList<ReportTarget> reports;
    if (parser.isSet(sarifOpt)) {
        auto t = ReportTarget::parse(QStringLiteral("sarif"), parser.value(sarifOpt));
        if (!t)
            return usageError(QStringLiteral("scan"), t.error().message);
        reports << t.value();
    }
    for (const QString &spec : parser.values(reportOpt)) {
        auto t = ReportTarget::parseSpec(spec);
        if (!t)
            return usageError(QStringLiteral("scan"), t.error().message);
        reports << t.value();
    }
    const auto reportOptions = reportOpts.options(parser);
    if (!reportOptions)
        return usageError(QStringLiteral("scan"), reportOptions.error().message);
    for (const ReportTarget &t : std::as_const(reports))
        if (Status s = t.checkWritable(); !s)
            return inputError(QStringLiteral("scan"), s.error().message);
    if (parser.isSet(jsonOpt))
        if (Status s = ReportTarget{report::Format::Json, parser.value(jsonOpt)}.checkWritable(); !s)
            return inputError(QStringLiteral("scan"), s.error().message);
    const auto priority = scheduler::parsePriority(
        parser.value(priorityOpt).isEmpty() ? QStringLiteral("normal") : parser.value(priorityOpt));
    if (!priority)
        return usageError(
            QStringLiteral("scan"),
            QStringLiteral("--priority '%1' is not high, normal or low").arg(parser.value(priorityOpt)));
    std::optional<Severity> failOn;
    if (parser.isSet(failOnOpt)) {
        failOn = findings::parseSeverity(parser.value(failOnOpt));
        if (!failOn)
            return usageError(QStringLiteral("scan"),
                              QStringLiteral("--fail-on '%1' is not critical, high, medium, low or info")
                                  .arg(parser.value(failOnOpt)));
    }
    const auto jobs = jobsValue(parser, jobsOpt);
    if (!jobs)
        return usageError(QStringLiteral("scan"), jobs.error().message);

    const workflow::Catalogue catalogue = workflow::Catalogue::standard(parser.values(workflowsDirOpt));
    for (const auto &e : catalogue.errors())
        err() << "fuzzforge-cli: warning: " << e.toString() << Qt::endl;

    auto *client = docker::DockerClient::fromEnvironment(QCoreApplication::instance());
    // Every project is checked, and every run's parameters, before anything is queued.
    QList<run::RunSpec> specs;
    for (const QString &project : projects) {
        run::ScanRequest request;
        request.projectPath = project;
        request.workflowIds = parser.values(workflowOpt);
        request.parameterArgs = parser.values(paramOpt);
        request.keep = parser.isSet(keepOpt);
        request.outputRoot = parser.value(outputOpt);
        run::Scan scan(catalogue, request);
        if (Status s = scan.prepare(); !s)
            return inputError(QStringLiteral("scan"), s.error().message);
        specs += scan.specs();
    }

    // Ask the engine once before anything starts, so that "engine down" is one clear line.
    auto limits = schedulerLimits(client, jobs.value());
    if (!limits) {
        err() << "fuzzforge-cli scan: " << limits.error().message << Qt::endl;
        return ExitFailure;
    }

    // The history database is opened before anything runs: an unreachable one is an error
    // now, never a silent fallback to another database.
    std::unique_ptr<storage::Store> store;
    if (!parser.isSet(noHistoryOpt)) {
        auto opened = openStore(parser.value(databaseOpt));
        if (!opened) {
            err() << "fuzzforge-cli scan: " << opened.error().message << Qt::endl;
            return opened.error().kind == Error::Kind::InvalidArgument ? ExitUsage : ExitFailure;
        }
        store = std::move(opened).value();
    }

    ProgressPrinter progress;
    progress.setShowProject(projects.size() > 1);
    scheduler::Scheduler scheduler(client, store.get(), limits.value());
    // The output folder of a spec is already the run's own: the scheduler gets its parent.
    int queued = 0;
    QStringList refused;
    const auto kickoff = [&] {
        for (run::RunSpec spec : std::as_const(specs)) {
            spec.outputDir = QFileInfo(spec.outputDir).path();
            auto id = scheduler.enqueue(spec, *priority);
            if (id)
                ++queued;
            else
                refused << id.error().message;
        }
    };
    // Queued up front (the count is known before the loop runs).
    kickoff();
    for (const QString &r : std::as_const(refused))
        err() << "fuzzforge-cli scan: " << r << Qt::endl;
    QList<run::RunResult> results = driveScheduler(scheduler, progress, queued, [] {});

    QList<findings::Finding> all;
    for (const QString &project : projects) {
        const QString root = QFileInfo(project).canonicalFilePath();
        QList<run::RunResult> mine;
        QList<findings::Finding> found;
        for (const auto &r : std::as_const(results))
            if (r.projectPath == root) {
                mine << r;
                found += r.findings;
            }
        printSummary(out(), root, mine, found, !parser.isSet(quietOpt));
        all += found;
    }

    int code = ExitOk;
    if (store) {
        if (Status s = scheduler.flush(); !s) {
            err() << "fuzzforge-cli scan: the runs could not all be recorded in " << store->url().redacted()
                  << ": " << s.error().message << Qt::endl;
            code = ExitFailure;
        }
    }
    if (!reports.isEmpty()) {
        const auto report = scanReport(store.get(), results, reportOptions.value());
        if (!report) {
            err() << "fuzzforge-cli scan: the report could not be made: " << report.error().message
                  << Qt::endl;
            code = ExitFailure;
        }
        for (const ReportTarget &t : std::as_const(reports)) {
            if (!report)
                break;
            if (Status s = t.write(report.value()); !s) {
                err() << "fuzzforge-cli scan: " << s.error().message << Qt::endl;
                code = ExitUsage;
            }
        }
    }
    if (parser.isSet(jsonOpt)) {
        if (Status s = writeFile(parser.value(jsonOpt),
                                 QJsonDocument(findingsJson(all)).toJson(QJsonDocument::Indented));
            !s) {
            err() << "fuzzforge-cli scan: " << s.error().message << Qt::endl;
            code = ExitUsage;
        }
    }
    if (code != ExitOk)
        return code;
    store.reset(); // commits what is still queued
    const bool anyFailed =
        std::any_of(results.cbegin(), results.cend(), [](const run::RunResult &r) { return !r.succeeded(); });
    if (anyFailed || results.size() != specs.size())
        return ExitFailure;
    if (failOn &&
        std::any_of(all.cbegin(), all.cend(), [&failOn](const auto &f) { return f.severity >= *failOn; }))
        return ExitFindings;
    return ExitOk;
}

} // namespace ff::cli

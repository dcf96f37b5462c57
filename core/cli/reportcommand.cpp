#include "cli.h"
#include "commands.h"
#include "output.h"
#include "reporttargets.h"

#include "report/report.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace ff::cli {

namespace {

// The latest run of each workflow on `project`, newest first.
Result<QStringList> latestRuns(const storage::Store &store, const QString &project)
{
    const QFileInfo info(project);
    const QString path = info.exists() ? info.canonicalFilePath() : QDir::cleanPath(info.absoluteFilePath());
    auto runs = store.runs(path);
    if (!runs)
        return runs.error();
    QStringList ids;
    QSet<QString> workflows;
    for (const storage::RunRecord &r : runs.value()) {
        if (workflows.contains(r.workflow))
            continue;
        workflows.insert(r.workflow);
        ids << r.id;
    }
    if (ids.isEmpty())
        return Error::make(Error::Kind::NotFound,
                           QStringLiteral("no runs of %1 in %2").arg(path, store.url().redacted()));
    return ids;
}

} // namespace

int reportCommand(const QStringList &args)
{
    const QString command = QStringLiteral("report");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Export the findings of recorded runs as SARIF, HTML, PDF, CSV, Markdown or JSON."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("RUN"),
                                 QStringLiteral("A run id, or a unique prefix of one."),
                                 QStringLiteral("RUN..."));
    const QCommandLineOption formatOpt(
        {QStringLiteral("f"), QStringLiteral("format")},
        QStringLiteral("sarif, html, pdf, csv, markdown or json (default: from the file name)."),
        QStringLiteral("FORMAT"));
    const QCommandLineOption outputOpt({QStringLiteral("o"), QStringLiteral("output")},
                                       QStringLiteral("The file to write; '-' for standard output "
                                                      "(not PDF)."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption latestOpt(QStringLiteral("latest"),
                                       QStringLiteral("Report on the latest run of each workflow on PROJECT "
                                                      "instead of naming runs."),
                                       QStringLiteral("PROJECT"));
    const QCommandLineOption db = databaseOption();
    const ReportOptionSet reportOpts;
    parser.addOptions({formatOpt, outputOpt, latestOpt, db});
    reportOpts.addTo(parser);
    if (!parser.parse(args))
        return usageError(command, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    QStringList runIds = parser.positionalArguments();
    if (runIds.isEmpty() && !parser.isSet(latestOpt))
        return usageError(command, QStringLiteral("name at least one run (see 'fuzzforge-cli history'), "
                                                  "or --latest PROJECT"));
    if (!parser.isSet(outputOpt))
        return usageError(command, QStringLiteral("give the file to write with -o FILE"));
    auto target = ReportTarget::parse(parser.value(formatOpt), parser.value(outputOpt));
    if (!target)
        return usageError(command, target.error().message);
    auto options = reportOpts.options(parser);
    if (!options)
        return usageError(command, options.error().message);
    if (Status s = target->checkWritable(); !s)
        return inputError(command, s.error().message);

    auto store = openStore(parser.value(db));
    if (!store) {
        err() << "fuzzforge-cli report: " << store.error().message << Qt::endl;
        return store.error().kind == Error::Kind::InvalidArgument ? ExitUsage : ExitFailure;
    }
    if (parser.isSet(latestOpt)) {
        auto latest = latestRuns(*store.value(), parser.value(latestOpt));
        if (!latest)
            return inputError(command, latest.error().message);
        runIds += latest.value();
    }
    auto report = report::collect(*store.value(), runIds, options.value());
    if (!report) {
        const Error::Kind kind = report.error().kind;
        if (kind == Error::Kind::Database || kind == Error::Kind::Io) {
            err() << "fuzzforge-cli report: " << report.error().message << Qt::endl;
            return ExitFailure;
        }
        return inputError(command, report.error().message);
    }
    if (Status s = target->write(report.value()); !s)
        return inputError(command, s.error().message);
    if (!target->toStdout())
        err() << "fuzzforge-cli report: wrote " << report->entries.size() << " findings of "
              << report->runs.size() << " runs to " << QDir::toNativeSeparators(target->path) << " ("
              << report::formatName(target->format) << ")" << Qt::endl;
    return ExitOk;
}

} // namespace ff::cli

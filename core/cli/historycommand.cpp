#include "cli.h"
#include "commands.h"
#include "output.h"
#include "printable.h"

#include "storage/store.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ff::cli {

QCommandLineOption databaseOption()
{
    return QCommandLineOption(
        QStringLiteral("database"),
        QStringLiteral("sqlite:PATH or postgresql://user:password@host:port/db "
                       "(default: FUZZFORGE_DATABASE_URL, else a file in the data folder)."),
        QStringLiteral("URL"));
}

namespace {

QJsonObject runJson(const storage::RunRecord &r)
{
    QJsonObject o;
    o.insert(QLatin1String("id"), r.id);
    o.insert(QLatin1String("project"), r.projectPath);
    o.insert(QLatin1String("workflow"), r.workflow);
    o.insert(QLatin1String("workflowVersion"), r.workflowVersion);
    o.insert(QLatin1String("state"), r.state);
    o.insert(QLatin1String("findings"), r.findingCount);
    o.insert(QLatin1String("exitCode"), r.exitCode);
    o.insert(QLatin1String("error"), r.error);
    o.insert(QLatin1String("submitted"), r.submitted.toString(Qt::ISODateWithMs));
    o.insert(QLatin1String("finished"), r.finished.toString(Qt::ISODateWithMs));
    return o;
}

} // namespace

Result<std::unique_ptr<storage::Store>> openStore(const QString &urlText)
{
    auto url =
        urlText.isEmpty() ? storage::DatabaseUrl::fromEnvironment() : storage::DatabaseUrl::parse(urlText);
    if (!url)
        return url.error();
    return storage::Store::open(url.value());
}

int historyCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the recorded runs, of one project or of all."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("A project folder (optional)."),
                                 QStringLiteral("[PROJECT]"));
    const QCommandLineOption db = databaseOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the runs as JSON."));
    parser.addOptions({db, json});
    if (!parser.parse(args))
        return usageError(QStringLiteral("history"), parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    if (parser.positionalArguments().size() > 1)
        return usageError(QStringLiteral("history"), QStringLiteral("give at most one project folder"));
    auto store = openStore(parser.value(db));
    if (!store) {
        err() << "fuzzforge-cli history: " << store.error().message << Qt::endl;
        return store.error().kind == Error::Kind::InvalidArgument ? ExitUsage : ExitFailure;
    }
    QString project;
    if (!parser.positionalArguments().isEmpty()) {
        const QFileInfo info(parser.positionalArguments().first());
        project = info.exists() ? info.canonicalFilePath() : QDir::cleanPath(info.absoluteFilePath());
    }
    const auto runs = store.value()->runs(project);
    if (!runs) {
        err() << "fuzzforge-cli history: " << runs.error().message << Qt::endl;
        return ExitFailure;
    }
    if (parser.isSet(json)) {
        QJsonArray arr;
        for (const auto &r : runs.value())
            arr.append(runJson(r));
        out() << QJsonDocument(arr).toJson(QJsonDocument::Indented);
        out().flush();
        return ExitOk;
    }
    if (runs->isEmpty()) {
        out() << "No runs recorded" << (project.isEmpty() ? QString() : QStringLiteral(" for ") + project)
              << " in " << store.value()->url().redacted() << ".\n";
        out().flush();
        return ExitOk;
    }
    out() << QStringLiteral("%1 %2 %3 %4 %5 %6  %7\n")
                 .arg(QStringLiteral("RUN").leftJustified(16), QStringLiteral("WORKFLOW").leftJustified(20),
                      QStringLiteral("STATE").leftJustified(10), QStringLiteral("FINDINGS").rightJustified(8),
                      QStringLiteral("SUBMITTED (UTC)").leftJustified(19),
                      QStringLiteral("TIME").rightJustified(7), QStringLiteral("PROJECT"));
    for (const auto &r : runs.value()) {
        const double secs =
            r.submitted.isValid() && r.finished.isValid() ? r.submitted.msecsTo(r.finished) / 1000.0 : 0.0;
        out()
            << QStringLiteral("%1 %2 %3 %4 %5 %6  %7\n")
                   .arg(r.id.leftJustified(16), r.workflow.leftJustified(20), r.state.leftJustified(10))
                   .arg(r.findingCount, 8)
                   .arg(r.submitted.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).leftJustified(19))
                   .arg(QString::number(secs, 'f', 1) + QLatin1Char('s'), 7)
                   .arg(r.projectPath);
    }
    out().flush();
    return ExitOk;
}

int diffCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Compare two runs of a project: findings new in RUN_B, fixed since RUN_A, and unchanged."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("RUN_A"),
                                 QStringLiteral("The earlier run (id or unique prefix)."));
    parser.addPositionalArgument(QStringLiteral("RUN_B"),
                                 QStringLiteral("The later run (id or unique prefix)."));
    const QCommandLineOption db = databaseOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the comparison as JSON."));
    parser.addOptions({db, json});
    if (!parser.parse(args))
        return usageError(QStringLiteral("diff"), parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    if (parser.positionalArguments().size() != 2)
        return usageError(QStringLiteral("diff"), QStringLiteral("give two run ids"));
    auto store = openStore(parser.value(db));
    if (!store) {
        err() << "fuzzforge-cli diff: " << store.error().message << Qt::endl;
        return store.error().kind == Error::Kind::InvalidArgument ? ExitUsage : ExitFailure;
    }
    const auto d =
        store.value()->diff(parser.positionalArguments().at(0), parser.positionalArguments().at(1));
    if (!d) {
        err() << "fuzzforge-cli diff: " << d.error().message << Qt::endl;
        return d.error().kind == Error::Kind::Database ? ExitFailure : ExitUsage;
    }
    if (parser.isSet(json)) {
        QJsonObject o;
        o.insert(QLatin1String("new"), findingsJson(d->added));
        o.insert(QLatin1String("fixed"), findingsJson(d->fixed));
        o.insert(QLatin1String("unchanged"), d->unchanged);
        out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
        out().flush();
        return ExitOk;
    }
    auto print = [](const char *title, const QList<findings::Finding> &fs) {
        out() << title << " (" << fs.size() << ")\n";
        for (const auto &f : fs) {
            const QString where =
                f.region.startLine > 0 ? QStringLiteral("%1:%2").arg(f.path).arg(f.region.startLine) : f.path;
            out() << QStringLiteral("  %1 %2 %3 %4\n")
                         .arg(findings::severityName(f.severity).toUpper().leftJustified(8),
                              QString(f.tool + QLatin1Char('/') + f.ruleId).leftJustified(30),
                              where.leftJustified(24), f.message.left(120));
        }
    };
    print("New", d->added);
    print("Fixed", d->fixed);
    out() << "Unchanged (" << d->unchanged << ")\n";
    out().flush();
    return ExitOk;
}

} // namespace ff::cli

#include "cli.h"
#include "commands.h"
#include "output.h"

#include "docker/dockerclient.h"
#include "fuzz/corpus.h"
#include "run/workflowrun.h"
#include "util/await.h"
#include "workflow/catalogue.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace ff::cli {

namespace {

const QString kCommand = QStringLiteral("corpus");

// Errors of the corpus operations: what the user can fix (a folder, a missing image, nothing
// to export) is an input error; the engine failing is not.
int failure(const Error &error)
{
    err() << "fuzzforge-cli corpus: " << error.message << Qt::endl;
    switch (error.kind) {
    case Error::Kind::InvalidArgument:
    case Error::Kind::NotFound:
    case Error::Kind::Io:
        return ExitUsage;
    default:
        return ExitFailure;
    }
}

} // namespace

int corpusCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Show, export, import or reset the corpus a fuzzing workflow keeps for one harness of a "
        "project (a named volume: the next campaign starts from it)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("The project folder."));
    const QCommandLineOption harnessOpt(QStringLiteral("harness"),
                                        QStringLiteral("The harness parameter of the campaigns (default: the "
                                                       "workflow's default)."),
                                        QStringLiteral("H"));
    const QCommandLineOption workflowOpt(
        {QStringLiteral("w"), QStringLiteral("workflow")},
        QStringLiteral("The fuzzing workflow whose image reaches the volume: "
                       "libfuzzer (default) or aflplusplus."),
        QStringLiteral("ID"));
    const QCommandLineOption exportOpt(
        QStringLiteral("export"), QStringLiteral("Copy every corpus entry into DIR (created if missing)."),
        QStringLiteral("DIR"));
    const QCommandLineOption importOpt(
        QStringLiteral("import"), QStringLiteral("Add the files of DIR (not its sub-folders) to the corpus."),
        QStringLiteral("DIR"));
    const QCommandLineOption resetOpt(
        QStringLiteral("reset"), QStringLiteral("Remove the corpus volume: the next campaign starts from its "
                                                "seeds."));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print the result as JSON."));
    const QCommandLineOption workflowsDirOpt(QStringLiteral("workflows"),
                                             QStringLiteral("Also load workflows from DIR (repeatable)."),
                                             QStringLiteral("DIR"));
    parser.addOptions({harnessOpt, workflowOpt, exportOpt, importOpt, resetOpt, jsonOpt, workflowsDirOpt});
    if (!parser.parse(args))
        return usageError(kCommand, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError(kCommand, positional.isEmpty() ? QStringLiteral("give the project folder")
                                                         : QStringLiteral("give exactly one project folder"));
    const int actions =
        int(parser.isSet(exportOpt)) + int(parser.isSet(importOpt)) + int(parser.isSet(resetOpt));
    if (actions > 1)
        return usageError(kCommand, QStringLiteral("give at most one of --export, --import and --reset"));
    const QFileInfo projectInfo(positional.first());
    if (!projectInfo.exists())
        return inputError(kCommand,
                          QStringLiteral("the project folder %1 does not exist").arg(positional.first()));
    if (!projectInfo.isDir())
        return inputError(kCommand, QStringLiteral("%1 is not a folder").arg(positional.first()));
    // As a scan names it, so that the volume is the one its campaigns use.
    const QString project = projectInfo.canonicalFilePath();
    if (parser.isSet(importOpt) && !QFileInfo(parser.value(importOpt)).isDir())
        return inputError(kCommand,
                          QStringLiteral("the folder %1 does not exist").arg(parser.value(importOpt)));

    const workflow::Catalogue catalogue = workflow::Catalogue::standard(parser.values(workflowsDirOpt));
    for (const auto &e : catalogue.errors())
        err() << "fuzzforge-cli: warning: " << e.toString() << Qt::endl;
    const QString workflowId =
        parser.isSet(workflowOpt) ? parser.value(workflowOpt) : QStringLiteral("libfuzzer");
    const workflow::WorkflowManifest *wf = catalogue.find(workflowId);
    if (!wf)
        return usageError(kCommand, QStringLiteral("unknown workflow '%1'").arg(workflowId));
    if (wf->corpus.isEmpty())
        return usageError(kCommand, QStringLiteral("the workflow '%1' keeps no corpus (use libfuzzer or "
                                                   "aflplusplus)")
                                        .arg(workflowId));
    QString harness = parser.value(harnessOpt);
    if (!parser.isSet(harnessOpt)) {
        const workflow::ParameterSpec *p = wf->parameter(QStringLiteral("harness"));
        harness = p ? p->defaultValue : QString();
    }
    if (harness.isEmpty())
        return usageError(kCommand, QStringLiteral("give the harness with --harness H"));

    auto *client = docker::DockerClient::fromEnvironment(QCoreApplication::instance());
    const auto ping = ff::await(client->ping());
    if (!ping) {
        err() << "fuzzforge-cli corpus: the Docker engine is unavailable: " << ping.error().message
              << Qt::endl;
        return ExitFailure;
    }
    fuzz::CorpusVolume volume(client, project, harness, run::WorkflowRun::imageTagFor(*wf));

    QJsonObject json;
    QString done;
    if (parser.isSet(exportOpt)) {
        const QString dir = QFileInfo(parser.value(exportOpt)).absoluteFilePath();
        const auto exported = ff::await(volume.exportTo(dir));
        if (!exported)
            return failure(exported.error());
        json.insert(QLatin1String("exported"), exported.value());
        json.insert(QLatin1String("folder"), dir);
        done = QStringLiteral("Exported %1 entries to %2")
                   .arg(exported.value())
                   .arg(QDir::toNativeSeparators(dir));
    } else if (parser.isSet(importOpt)) {
        const QString dir = QFileInfo(parser.value(importOpt)).absoluteFilePath();
        const auto imported = ff::await(volume.importFrom(dir));
        if (!imported)
            return failure(imported.error());
        json.insert(QLatin1String("imported"), imported.value());
        json.insert(QLatin1String("folder"), dir);
        done = QStringLiteral("Imported %1 files from %2")
                   .arg(imported.value())
                   .arg(QDir::toNativeSeparators(dir));
    } else if (parser.isSet(resetOpt)) {
        const auto reset = ff::await(volume.reset());
        if (!reset)
            return failure(reset.error());
        json.insert(QLatin1String("reset"), true);
        done = QStringLiteral("Reset: the volume is removed, the next campaign starts from its seeds");
    }

    const auto info = ff::await(volume.info());
    if (!info)
        return failure(info.error());
    json.insert(QLatin1String("volume"), info->volume);
    json.insert(QLatin1String("project"), project);
    json.insert(QLatin1String("harness"), harness);
    json.insert(QLatin1String("workflow"), wf->id);
    json.insert(QLatin1String("exists"), info->exists);
    json.insert(QLatin1String("entries"), info->entries);
    json.insert(QLatin1String("bytes"), info->bytes);
    if (parser.isSet(jsonOpt)) {
        out() << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else {
        if (!done.isEmpty())
            out() << done << "\n\n";
        out() << "Volume   " << info->volume << "\n";
        out() << "Project  " << project << "\n";
        out() << "Harness  " << harness << "\n";
        if (info->exists) {
            out() << "Entries  " << info->entries << "\n";
            out() << "Size     " << info->bytes << " bytes";
            if (info->bytes >= 1024)
                out() << " (" << QLocale::c().formattedDataSize(info->bytes, 1, QLocale::DataSizeIecFormat)
                      << ")";
            out() << "\n";
        } else {
            out() << "The corpus volume does not exist: the next campaign starts from its seeds.\n";
        }
    }
    out().flush();
    return ExitOk;
}

} // namespace ff::cli

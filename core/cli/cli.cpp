#include "cli.h"
#include "commands.h"
#include "doctor.h"
#include "output.h"

#include "util/await.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>

namespace ff::cli {

namespace {

const char *kUsage =
    "Usage: fuzzforge-cli [--help] [--version] COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  doctor [--json]                 check the Docker engine and the base image\n"
    "  workflows [--json]              list the workflows that can run\n"
    "  scan PATH... [-w ID ...] [--param ID.KEY=VALUE ...] [--report FORMAT:FILE ...]\n"
    "       [--sarif FILE] [--json FILE] [--fail-on SEVERITY] [--keep]\n"
    "                                  run workflows on project folders\n"
    "  history [PROJECT] [--json]      list the recorded runs\n"
    "  diff RUN_A RUN_B [--json]       new and fixed findings between two runs\n"
    "  queue [--json] [--run [-j N]]   show the queue; --run recovers it after a crash and\n"
    "                                  runs it to the end\n"
    "  report RUN... -o FILE [-f FORMAT] export recorded runs' findings as sarif, html, pdf,\n"
    "                                  csv, markdown or json\n"
    "  reproduce FINDING [--minimize] [-o FILE] [--json]\n"
    "                                  run a recorded fuzzing crash's reproducer again in a\n"
    "                                  fresh container and compare its signature\n"
    "  corpus PROJECT [--harness H] [-w ID] [--export DIR | --import DIR | --reset] [--json]\n"
    "                                  show, export, import or reset a harness's corpus\n"
    "\n"
    "'fuzzforge-cli COMMAND --help' describes a command's options.\n"
    "Exit codes: 0 ok, 1 findings at or above --fail-on (reproduce: no crash or another\n"
    "signature), 2 usage or input error, 3 the engine is unavailable or a run failed.\n"
    "Environment: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, FUZZFORGE_DATABASE_URL,\n"
    "FUZZFORGE_LOG_LEVEL.\n";

} // namespace

int doctorCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Check the Docker engine FuzzForge will use."));
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the report as JSON."));
    parser.addOption(json);
    if (!parser.parse(args))
        return usageError(QStringLiteral("doctor"), parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    auto *client = docker::DockerClient::fromEnvironment(QCoreApplication::instance());
    const DoctorReport report = ff::await(runDoctor(client));
    if (parser.isSet(json))
        out() << QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented);
    else
        out() << report.toText();
    out().flush();
    return report.healthy() ? ExitOk : ExitFailure;
}

bool needsGuiApplication(const QStringList &arguments)
{
    if (arguments.size() < 2)
        return false;
    const QString &command = arguments.at(1);
    if (command != QLatin1String("report") && command != QLatin1String("scan"))
        return false;
    return std::any_of(arguments.cbegin() + 2, arguments.cend(), [](const QString &a) {
        return a.contains(QLatin1String("pdf"), Qt::CaseInsensitive);
    });
}

int run(const QStringList &arguments)
{
    const QStringList args = arguments.mid(1);
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h") ||
        args.first() == QLatin1String("help")) {
        (args.isEmpty() ? err() : out()) << kUsage;
        return args.isEmpty() ? ExitUsage : ExitOk;
    }
    if (args.first() == QLatin1String("--version")) {
        out() << "fuzzforge-cli " << FUZZFORGE_VERSION << Qt::endl;
        return ExitOk;
    }
    const QString command = args.first();
    QStringList rest = args;
    rest[0] = QStringLiteral("fuzzforge-cli ") + command;
    if (command == QLatin1String("doctor"))
        return doctorCommand(rest);
    if (command == QLatin1String("workflows"))
        return workflowsCommand(rest);
    if (command == QLatin1String("scan"))
        return scanCommand(rest);
    if (command == QLatin1String("history"))
        return historyCommand(rest);
    if (command == QLatin1String("diff"))
        return diffCommand(rest);
    if (command == QLatin1String("queue"))
        return queueCommand(rest);
    if (command == QLatin1String("report"))
        return reportCommand(rest);
    if (command == QLatin1String("reproduce"))
        return reproduceCommand(rest);
    if (command == QLatin1String("corpus"))
        return corpusCommand(rest);
    err() << "fuzzforge-cli: unknown command '" << command << "'\n\n" << kUsage;
    return ExitUsage;
}

} // namespace ff::cli

#include "cli.h"
#include "doctor.h"
#include "util/await.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QTextStream>

namespace ff::cli {

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}
QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

const char *kUsage = "Usage: fuzzforge-cli [--help] [--version] COMMAND [OPTIONS]\n"
                     "\n"
                     "Commands:\n"
                     "  doctor [--json]   check the Docker engine and the base image\n"
                     "\n"
                     "Exit codes: 0 ok, 1 findings at or above the threshold, 2 usage or input error,\n"
                     "3 the engine or a run failed.\n"
                     "Environment: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, FUZZFORGE_LOG_LEVEL.\n";

int doctor(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Check the Docker engine FuzzForge will use."));
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the report as JSON."));
    parser.addOption(json);
    if (!parser.parse(args)) {
        err() << "fuzzforge-cli doctor: " << parser.errorText() << Qt::endl;
        return ExitUsage;
    }
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

} // namespace

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
        return doctor(rest);
    err() << "fuzzforge-cli: unknown command '" << command << "'\n\n" << kUsage;
    return ExitUsage;
}

} // namespace ff::cli

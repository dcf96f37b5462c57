#include "cli/cli.h"
#include "log/logging.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("FuzzForge"));
    QCoreApplication::setApplicationName(QStringLiteral("fuzzforge"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FUZZFORGE_VERSION));
    ff::log::init("fuzzforge-cli");
    return ff::cli::run(QCoreApplication::arguments());
}

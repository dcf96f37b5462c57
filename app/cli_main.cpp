#include "cli/cli.h"
#include "log/logging.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <memory>

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    // A PDF report lays out text, which needs Qt Gui; the offscreen platform needs no display.
    std::unique_ptr<QCoreApplication> app;
    if (ff::cli::needsGuiApplication(arguments)) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setOrganizationName(QStringLiteral("FuzzForge"));
    QCoreApplication::setApplicationName(QStringLiteral("fuzzforge"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FUZZFORGE_VERSION));
    ff::log::init("fuzzforge-cli");
    return ff::cli::run(QCoreApplication::arguments());
}

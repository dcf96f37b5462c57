#include "docker/dockerclient.h"
#include "log/logging.h"
#include "mainwindow.h"

#include <QApplication>
#include <QLocale>
#include <QTranslator>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("FuzzForge"));
    QApplication::setApplicationName(QStringLiteral("fuzzforge"));
    QApplication::setApplicationDisplayName(QStringLiteral("FuzzForge"));
    QApplication::setApplicationVersion(QStringLiteral(FUZZFORGE_VERSION));
    ff::log::init("fuzzforge", "info");

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("fuzzforge"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    auto *client = ff::docker::DockerClient::fromEnvironment(&app);
    ff::ui::MainWindow window(client);
    window.show();
    return QApplication::exec();
}

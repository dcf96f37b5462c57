#include "common/session.h"
#include "log/logging.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("FuzzForge"));
    QApplication::setApplicationName(QStringLiteral("fuzzforge"));
    QApplication::setApplicationDisplayName(QStringLiteral("FuzzForge"));
    QApplication::setApplicationVersion(QStringLiteral(FUZZFORGE_VERSION));
    ff::log::init("fuzzforge", "info");

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("FuzzForge: security-analysis workflows in hardened containers."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project folders to open."),
                                 QStringLiteral("[PROJECT...]"));
    const QCommandLineOption scanOpt(QStringLiteral("scan"),
                                     QStringLiteral("Scan the projects given with every applicable workflow "
                                                    "as soon as FuzzForge is ready."));
    const QCommandLineOption workflowOpt(
        {QStringLiteral("w"), QStringLiteral("workflow")},
        QStringLiteral("With --scan: the workflow to run (repeatable; default: "
                       "every built-in workflow that applies)."),
        QStringLiteral("ID"));
    const QCommandLineOption workflowsDirOpt(QStringLiteral("workflows"),
                                             QStringLiteral("Also load workflows from DIR (repeatable)."),
                                             QStringLiteral("DIR"));
    const QCommandLineOption paramOpt(QStringLiteral("param"),
                                      QStringLiteral("With --scan: a workflow parameter (repeatable)."),
                                      QStringLiteral("ID.KEY=VALUE"));
    parser.addOptions({scanOpt, workflowOpt, workflowsDirOpt, paramOpt});
    parser.process(app);

    ff::ui::AppSettings settings = ff::ui::AppSettings::load();
    // The language in Settings wins over the system's locale; "en" means no translation.
    QTranslator translator;
    const QLocale locale = settings.language.isEmpty() ? QLocale() : QLocale(settings.language);
    if (settings.language != QLatin1String("en") &&
        translator.load(locale, QStringLiteral("fuzzforge"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    ff::ui::Session session(settings);
    const QStringList workflowDirs = parser.values(workflowsDirOpt);
    for (const QString &dir : workflowDirs)
        session.addWorkflowFolder(dir);
    ff::ui::MainWindow window(&session);
    const QStringList projects = parser.positionalArguments();
    for (const QString &p : projects)
        session.addProject(p);
    if (parser.isSet(scanOpt) && !projects.isEmpty())
        QObject::connect(
            &session, &ff::ui::Session::ready, &window,
            [&session, projects, workflows = parser.values(workflowOpt), params = parser.values(paramOpt)] {
                QMap<QString, QString> parameters;
                for (const QString &p : params)
                    parameters.insert(p.section(QLatin1Char('='), 0, 0), p.section(QLatin1Char('='), 1));
                session.submitInBackground(projects, workflows, parameters, &session,
                                           [&session](const ff::Result<QStringList> &ids) {
                                               if (!ids)
                                                   Q_EMIT session.problem(ids.error().message, {});
                                           });
            });
    session.start();
    window.show();
    return QApplication::exec();
}

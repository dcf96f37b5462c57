#include "terminallauncher.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

namespace ff::ui {

std::optional<TerminalLauncher::Command> TerminalLauncher::find(const QStringList &argv,
                                                                const QProcessEnvironment &env)
{
    const QStringList path =
        env.value(QStringLiteral("PATH")).split(QDir::listSeparator(), Qt::SkipEmptyParts);
    QStringList candidates;
    const QString preferred = env.value(QStringLiteral("TERMINAL")).trimmed();
    if (!preferred.isEmpty())
        candidates << preferred;
    candidates << QStringLiteral("x-terminal-emulator") << QStringLiteral("gnome-terminal")
               << QStringLiteral("konsole") << QStringLiteral("xterm");
    for (const QString &name : std::as_const(candidates)) {
        const QString program = QFileInfo(name).isAbsolute() ? QStandardPaths::findExecutable(name)
                                                             : QStandardPaths::findExecutable(name, path);
        if (program.isEmpty())
            continue;
        // gnome-terminal takes the command after "--"; the others (and the Debian alternative)
        // after "-e", as separate arguments.
        const bool dashDash = QFileInfo(program).fileName() == QLatin1String("gnome-terminal");
        Command c;
        c.program = program;
        c.arguments << (dashDash ? QStringLiteral("--") : QStringLiteral("-e")) << argv;
        return c;
    }
    return std::nullopt;
}

bool TerminalLauncher::launch(const Command &command, const QProcessEnvironment &env, QString *error)
{
    QProcess process;
    process.setProgram(command.program);
    process.setArguments(command.arguments);
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(QDir::homePath());
    if (process.startDetached())
        return true;
    if (error)
        *error = QCoreApplication::translate("ff::ui::TerminalLauncher", "%1 could not be started: %2")
                     .arg(command.program, process.errorString());
    return false;
}

} // namespace ff::ui

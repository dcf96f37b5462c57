#pragma once

#include <QProcessEnvironment>
#include <QStringList>

#include <optional>

namespace ff::ui {

// Opens the analyst's terminal with a command in it (the "Open shell" of a running run):
// $TERMINAL, else the first of x-terminal-emulator, gnome-terminal, konsole and xterm found on
// PATH, started detached.
class TerminalLauncher
{
public:
    struct Command
    {
        QString program;
        QStringList arguments;
    };

    // The terminal's command line that runs `argv`; nullopt when no terminal is found.
    static std::optional<Command>
    find(const QStringList &argv, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    // Starts `command` detached with `env`; false (and why in `error`) when it could not start.
    static bool launch(const Command &command, const QProcessEnvironment &env, QString *error);
};

} // namespace ff::ui

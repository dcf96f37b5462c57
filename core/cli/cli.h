#pragma once

#include <QStringList>

namespace ff::cli {

// Exit codes of fuzzforge-cli (documented in README.md).
enum ExitCode : int {
    ExitOk = 0,
    ExitFindings = 1,
    ExitUsage = 2,
    ExitFailure = 3,
};

// Whether the command line may render a document (a PDF report), which needs a
// QGuiApplication (on the offscreen platform: the CLI never opens a window).
bool needsGuiApplication(const QStringList &arguments);

// The whole command line of fuzzforge-cli; needs a QCoreApplication.
int run(const QStringList &arguments);

} // namespace ff::cli

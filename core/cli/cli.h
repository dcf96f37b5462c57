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

// The whole command line of fuzzforge-cli; needs a QCoreApplication.
int run(const QStringList &arguments);

} // namespace ff::cli

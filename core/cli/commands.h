#pragma once

#include <QStringList>

namespace ff::cli {

// Each takes its own arguments, the first being "fuzzforge-cli COMMAND", and returns the
// process exit code (see cli.h).
int doctorCommand(const QStringList &args);
int workflowsCommand(const QStringList &args);
int scanCommand(const QStringList &args);

} // namespace ff::cli

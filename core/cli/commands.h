#pragma once

#include "storage/store.h"

#include <QCommandLineOption>
#include <QStringList>

#include <memory>

namespace ff::cli {

// Each takes its own arguments, the first being "fuzzforge-cli COMMAND", and returns the
// process exit code (see cli.h).
int doctorCommand(const QStringList &args);
int workflowsCommand(const QStringList &args);
int scanCommand(const QStringList &args);
int historyCommand(const QStringList &args);
int diffCommand(const QStringList &args);
int queueCommand(const QStringList &args);
int reportCommand(const QStringList &args);
int reproduceCommand(const QStringList &args);
int corpusCommand(const QStringList &args);

// --database URL, as every command that reads or writes the history takes it.
QCommandLineOption databaseOption();

// The history database named by --database, else FUZZFORGE_DATABASE_URL, else the default.
Result<std::unique_ptr<storage::Store>> openStore(const QString &url);

} // namespace ff::cli

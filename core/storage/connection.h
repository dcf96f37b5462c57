#pragma once

#include "databaseurl.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace ff::storage {

// Opens (or reuses) the named connection of the calling thread to `url`: SQLite in WAL mode
// with a busy timeout (so the CLI and the GUI can share a file), PostgreSQL with a connect
// timeout. Errors name the database with its password hidden.
Result<QSqlDatabase> openConnection(const DatabaseUrl &url, const QString &name);
// Whether a failed statement means the connection is gone (retry after reconnecting) rather
// than a bad statement or a constraint.
bool isConnectionLost(const QSqlDatabase &db, const QSqlError &error);
// Runs one statement; the error says which statement failed and why.
Status exec(QSqlQuery &query, const QString &what);
Status exec(QSqlDatabase &db, const QString &sql);

} // namespace ff::storage

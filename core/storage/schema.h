#pragma once

#include "util/error.h"

#include <QSqlDatabase>
#include <QStringList>

namespace ff::storage {

// The schema, as a list of versioned migrations applied in order, each in one transaction:
// an older database is upgraded in place, a newer one is refused rather than misread.
int currentSchemaVersion();
// The SQL of migration `version` (1-based) for the database's dialect.
QStringList migrationStatements(int version, bool postgres);
// Brings the database to the current version; returns the version it had before.
Result<int> migrate(QSqlDatabase &db);

} // namespace ff::storage

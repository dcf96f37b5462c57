#pragma once

#include "util/error.h"

#include <QString>

namespace ff::storage {

// Where history lives: "sqlite:PATH" (the embedded default) or
// "postgresql://user:password@host:port/database".
struct DatabaseUrl
{
    enum class Backend { Sqlite, Postgres };
    Backend backend = Backend::Sqlite;
    QString path; // sqlite
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;

    static Result<DatabaseUrl> parse(const QString &url);
    // FUZZFORGE_DATABASE_URL, else a file in the user's data folder.
    static Result<DatabaseUrl> fromEnvironment();
    static QString defaultSqlitePath();

    QString driverName() const
    {
        return backend == Backend::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
    }
    // The URL with the password hidden, for messages and logs.
    QString redacted() const;
};

} // namespace ff::storage

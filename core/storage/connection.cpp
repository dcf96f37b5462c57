#include "connection.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>

namespace ff::storage {

Result<QSqlDatabase> openConnection(const DatabaseUrl &url, const QString &name)
{
    QSqlDatabase db = QSqlDatabase::contains(name) ? QSqlDatabase::database(name, false)
                                                   : QSqlDatabase::addDatabase(url.driverName(), name);
    if (!db.isValid())
        return Error::make(Error::Kind::Database,
                           QStringLiteral("the Qt Sql driver %1 is not installed (Debian: libqt6sql6-%2)")
                               .arg(url.driverName(), url.backend == DatabaseUrl::Backend::Sqlite
                                                          ? QStringLiteral("sqlite")
                                                          : QStringLiteral("psql")));
    if (db.isOpen())
        return db;
    if (url.backend == DatabaseUrl::Backend::Sqlite) {
        const QFileInfo file(url.path);
        if (!QDir().mkpath(file.absolutePath()))
            return Error::make(Error::Kind::Io,
                               QStringLiteral("cannot create the folder of %1").arg(url.path));
        db.setDatabaseName(url.path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    } else {
        db.setHostName(url.host);
        db.setPort(url.port);
        db.setUserName(url.user);
        db.setPassword(url.password);
        db.setDatabaseName(url.database);
        db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    }
    if (!db.open()) {
        const QString why = db.lastError().text().simplified();
        db.close();
        return Error::make(Error::Kind::Database,
                           QStringLiteral("cannot open the database %1: %2").arg(url.redacted(), why));
    }
    if (url.backend == DatabaseUrl::Backend::Sqlite) {
        // WAL lets readers (the GUI) go on while a writer (the CLI) commits.
        for (const char *pragma :
             {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
            QSqlQuery q(db);
            if (!q.exec(QLatin1String(pragma))) {
                const QString why = q.lastError().text();
                db.close();
                return Error::make(
                    Error::Kind::Database,
                    QStringLiteral("%1 is not a usable SQLite database: %2").arg(url.path, why));
            }
        }
    }
    return db;
}

bool isConnectionLost(const QSqlDatabase &db, const QSqlError &error)
{
    if (error.type() == QSqlError::ConnectionError || !db.isOpen())
        return true;
    if (db.driverName() == QLatin1String("QPSQL")) {
        // Class 08 (connection exception) and 57P (operator intervention: admin shutdown).
        const QString code = error.nativeErrorCode();
        const QString text = error.text();
        return code.startsWith(QLatin1String("08")) || code.startsWith(QLatin1String("57P")) ||
               text.contains(QLatin1String("server closed the connection")) ||
               text.contains(QLatin1String("no connection to the server")) ||
               text.contains(QLatin1String("terminating connection"));
    }
    return false;
}

Status exec(QSqlQuery &query, const QString &what)
{
    if (query.exec())
        return {};
    return Error::make(Error::Kind::Database,
                       QStringLiteral("%1: %2").arg(what, query.lastError().text().trimmed()));
}

Status exec(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return {};
    return Error::make(Error::Kind::Database, QStringLiteral("%1: %2").arg(sql.simplified().left(80),
                                                                           q.lastError().text().trimmed()));
}

} // namespace ff::storage

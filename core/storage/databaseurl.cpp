#include "databaseurl.h"

#include <QDir>
#include <QStandardPaths>
#include <QUrl>

namespace ff::storage {

QString DatabaseUrl::defaultSqlitePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/fuzzforge.sqlite");
}

Result<DatabaseUrl> DatabaseUrl::parse(const QString &text)
{
    const QString url = text.trimmed();
    DatabaseUrl d;
    if (url.startsWith(QLatin1String("sqlite:"))) {
        d.backend = Backend::Sqlite;
        QString path = url.mid(7);
        if (path.startsWith(QLatin1String("//")))
            path = path.mid(2); // sqlite:///abs/path
        if (path.isEmpty())
            return Error::make(Error::Kind::InvalidArgument,
                               QStringLiteral("'%1' names no database file").arg(url));
        d.path = QDir(path).absolutePath();
        return d;
    }
    if (url.startsWith(QLatin1String("postgresql://")) || url.startsWith(QLatin1String("postgres://"))) {
        const QUrl u(url, QUrl::StrictMode);
        if (!u.isValid() || u.host().isEmpty())
            return Error::make(
                Error::Kind::InvalidArgument,
                QStringLiteral("cannot read the database URL '%1': expected "
                               "postgresql://user:password@host:port/database")
                    .arg(DatabaseUrl{Backend::Postgres, {}, u.host(), u.port(5432), u.userName(), {}, {}}
                             .redacted()));
        d.backend = Backend::Postgres;
        d.host = u.host();
        d.port = u.port(5432);
        d.user = u.userName();
        d.password = u.password();
        d.database = u.path().mid(1);
        if (d.database.isEmpty())
            return Error::make(Error::Kind::InvalidArgument,
                               QStringLiteral("the database URL %1 names no database").arg(d.redacted()));
        return d;
    }
    return Error::make(
        Error::Kind::InvalidArgument,
        QStringLiteral(
            "unknown database URL '%1': use sqlite:PATH or postgresql://user:password@host:port/db")
            .arg(url.section(QLatin1Char('@'), -1)));
}

Result<DatabaseUrl> DatabaseUrl::fromEnvironment()
{
    const QString env = qEnvironmentVariable("FUZZFORGE_DATABASE_URL");
    if (!env.isEmpty())
        return parse(env);
    DatabaseUrl d;
    d.path = defaultSqlitePath();
    return d;
}

QString DatabaseUrl::redacted() const
{
    if (backend == Backend::Sqlite)
        return QStringLiteral("sqlite:") + path;
    QString auth = user;
    if (!password.isEmpty())
        auth += QStringLiteral(":***");
    if (!auth.isEmpty())
        auth += QLatin1Char('@');
    return QStringLiteral("postgresql://%1%2:%3/%4").arg(auth, host).arg(port).arg(database);
}

} // namespace ff::storage

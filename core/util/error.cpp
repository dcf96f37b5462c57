#include "error.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace ff {

QString Error::kindName() const
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("ok");
    case Kind::NoSocket:
        return QStringLiteral("no engine socket");
    case Kind::PermissionDenied:
        return QStringLiteral("permission denied");
    case Kind::ConnectionRefused:
        return QStringLiteral("connection refused");
    case Kind::HostNotFound:
        return QStringLiteral("host not found");
    case Kind::Tls:
        return QStringLiteral("TLS error");
    case Kind::EngineTooOld:
        return QStringLiteral("engine too old");
    case Kind::NotFound:
        return QStringLiteral("not found");
    case Kind::Conflict:
        return QStringLiteral("conflict");
    case Kind::BadRequest:
        return QStringLiteral("bad request");
    case Kind::Unauthorized:
        return QStringLiteral("unauthorized");
    case Kind::EngineError:
        return QStringLiteral("engine error");
    case Kind::Protocol:
        return QStringLiteral("protocol error");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Canceled:
        return QStringLiteral("canceled");
    case Kind::InvalidArgument:
        return QStringLiteral("invalid argument");
    case Kind::Io:
        return QStringLiteral("I/O error");
    case Kind::Parse:
        return QStringLiteral("malformed input");
    case Kind::Database:
        return QStringLiteral("database error");
    }
    return QStringLiteral("error");
}

QString Error::toString() const
{
    if (!isError())
        return kindName();
    if (httpStatus > 0)
        return kindName() + QStringLiteral(" (HTTP ") + QString::number(httpStatus) + QStringLiteral("): ") +
               message;
    return kindName() + QStringLiteral(": ") + message;
}

bool Error::isTransient() const
{
    switch (kind) {
    case Kind::NoSocket:
    case Kind::ConnectionRefused:
    case Kind::Protocol:
    case Kind::Timeout:
    case Kind::Io:
        return true;
    case Kind::EngineError:
        return httpStatus >= 500;
    default:
        return false;
    }
}

Error Error::fromHttp(int status, const QByteArray &body)
{
    QString message;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject())
        message = doc.object().value(QLatin1String("message")).toString();
    if (message.isEmpty())
        message = QString::fromUtf8(body.trimmed().left(512));
    if (message.isEmpty())
        message = QStringLiteral("the engine answered HTTP %1 without a message").arg(status);

    Kind kind = Kind::EngineError;
    switch (status) {
    case 400:
        kind = Kind::BadRequest;
        break;
    case 401:
    case 403:
        kind = Kind::Unauthorized;
        break;
    case 404:
        kind = Kind::NotFound;
        break;
    case 409:
        kind = Kind::Conflict;
        break;
    default:
        break;
    }
    return Error{kind, status, message};
}

} // namespace ff

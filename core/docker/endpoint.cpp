#include "endpoint.h"

#include <QDir>
#include <QUrl>

namespace ff::docker {

Result<Endpoint> Endpoint::parse(const QString &input, bool tls, bool tlsVerify, const QString &certPath)
{
    Endpoint ep;
    ep.tls = tls || tlsVerify;
    ep.tlsVerify = tlsVerify;
    ep.certPath = certPath;

    QString url = input.trimmed();
    if (url.isEmpty())
        return ep;
    if (url.startsWith(QLatin1String("unix://"))) {
        ep.scheme = Scheme::Unix;
        ep.socketPath = url.mid(7);
        if (ep.socketPath.isEmpty() || !ep.socketPath.startsWith(QLatin1Char('/')))
            return Error::make(Error::Kind::InvalidArgument,
                               QStringLiteral("DOCKER_HOST '%1' needs an absolute socket path").arg(input));
        return ep;
    }
    if (url.startsWith(QLatin1Char('/'))) {
        ep.scheme = Scheme::Unix;
        ep.socketPath = url;
        return ep;
    }
    if (url.startsWith(QLatin1String("https://"))) {
        url = QStringLiteral("tcp://") + url.mid(8);
        ep.tls = true;
    } else if (url.startsWith(QLatin1String("http://"))) {
        url = QStringLiteral("tcp://") + url.mid(7);
    } else if (!url.contains(QLatin1String("://"))) {
        url = QStringLiteral("tcp://") + url;
    }
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme() != QLatin1String("tcp") || parsed.host().isEmpty())
        return Error::make(Error::Kind::InvalidArgument,
                           QStringLiteral("cannot read DOCKER_HOST '%1': expected unix:///path or "
                                          "tcp://host:port")
                               .arg(input));
    ep.scheme = Scheme::Tcp;
    ep.host = parsed.host();
    const int port = parsed.port(ep.tls ? 2376 : 2375);
    if (port <= 0 || port > 65535)
        return Error::make(Error::Kind::InvalidArgument, QStringLiteral("bad port in '%1'").arg(input));
    ep.port = static_cast<quint16>(port);
    return ep;
}

Result<Endpoint> Endpoint::fromEnvironment(const QProcessEnvironment &env)
{
    const bool verify = !env.value(QStringLiteral("DOCKER_TLS_VERIFY")).isEmpty();
    const bool tls = verify || !env.value(QStringLiteral("DOCKER_TLS")).isEmpty();
    QString certPath = env.value(QStringLiteral("DOCKER_CERT_PATH"));
    if (certPath.isEmpty() && tls)
        certPath = QDir::homePath() + QStringLiteral("/.docker");
    return parse(env.value(QStringLiteral("DOCKER_HOST")), tls, verify, certPath);
}

QString Endpoint::toString() const
{
    if (scheme == Scheme::Unix)
        return QStringLiteral("unix://") + socketPath;
    return QStringLiteral("tcp://%1:%2%3")
        .arg(host)
        .arg(port)
        .arg(tls ? QStringLiteral(" (TLS)") : QString());
}

} // namespace ff::docker

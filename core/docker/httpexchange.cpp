#include "httpexchange.h"

#include <QFile>
#include <QHostAddress>
#include <QLocalSocket>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>

namespace ff::docker {

namespace {

Error::Kind kindForTcp(QAbstractSocket::SocketError e)
{
    switch (e) {
    case QAbstractSocket::ConnectionRefusedError:
        return Error::Kind::ConnectionRefused;
    case QAbstractSocket::HostNotFoundError:
        return Error::Kind::HostNotFound;
    case QAbstractSocket::SocketAccessError:
        return Error::Kind::PermissionDenied;
    case QAbstractSocket::SocketTimeoutError:
        return Error::Kind::Timeout;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return Error::Kind::Tls;
    default:
        return Error::Kind::Io;
    }
}

Result<QSslConfiguration> tlsConfiguration(const Endpoint &ep)
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    const QString dir = ep.certPath;
    auto readFile = [](const QString &path) -> std::optional<QByteArray> {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return std::nullopt;
        return f.readAll();
    };
    if (!dir.isEmpty()) {
        const auto ca = readFile(dir + QStringLiteral("/ca.pem"));
        if (ca) {
            const QList<QSslCertificate> cas = QSslCertificate::fromData(*ca, QSsl::Pem);
            if (cas.isEmpty())
                return Error::make(Error::Kind::Tls,
                                   QStringLiteral("%1/ca.pem holds no certificate").arg(dir));
            conf.setCaCertificates(cas);
        } else if (ep.tlsVerify) {
            return Error::make(
                Error::Kind::Tls,
                QStringLiteral("DOCKER_TLS_VERIFY is set but %1/ca.pem cannot be read").arg(dir));
        }
        const auto cert = readFile(dir + QStringLiteral("/cert.pem"));
        const auto key = readFile(dir + QStringLiteral("/key.pem"));
        if (cert && key) {
            const QList<QSslCertificate> certs = QSslCertificate::fromData(*cert, QSsl::Pem);
            QSslKey sslKey(*key, QSsl::Rsa, QSsl::Pem);
            if (sslKey.isNull())
                sslKey = QSslKey(*key, QSsl::Ec, QSsl::Pem);
            if (certs.isEmpty() || sslKey.isNull())
                return Error::make(
                    Error::Kind::Tls,
                    QStringLiteral("cannot read the client certificate or key in %1").arg(dir));
            conf.setLocalCertificate(certs.first());
            conf.setPrivateKey(sslKey);
        }
    }
    conf.setPeerVerifyMode(ep.tlsVerify ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
    return conf;
}

} // namespace

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second.trimmed();
    }
    return {};
}

HttpExchange::HttpExchange(Endpoint endpoint, HttpRequest request, Mode mode,
                           std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_request(std::move(request))
    , m_mode(mode)
    , m_timeout(timeout)
    , m_parser(m_request.method == "HEAD")
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpExchange::onTimeout);
    // The deadline runs from here, not from start(): a call queued behind the API
    // negotiation must not wait longer than its caller allowed.
    if (m_timeout.count() > 0)
        m_timer.start(m_timeout);
}

HttpExchange::~HttpExchange()
{
    if (m_socket)
        m_socket->disconnect(this);
}

void HttpExchange::start(const QByteArray &apiPrefix)
{
    if (m_finished)
        return;
    m_apiPrefix = apiPrefix;
    setupSocket();
}

void HttpExchange::fail(const Error &error)
{
    complete(error);
}

void HttpExchange::cancel()
{
    complete(Error::make(Error::Kind::Canceled, QStringLiteral("the request was canceled")));
}

void HttpExchange::setupSocket()
{
    if (m_endpoint.scheme == Endpoint::Scheme::Unix) {
        auto *sock = new QLocalSocket;
        m_socket.reset(sock);
        connect(sock, &QLocalSocket::connected, this, &HttpExchange::onConnected);
        connect(sock, &QLocalSocket::readyRead, this, &HttpExchange::onReadyRead);
        connect(sock, &QLocalSocket::disconnected, this, &HttpExchange::onDisconnected);
        connect(sock, &QLocalSocket::errorOccurred, this, [this, sock](QLocalSocket::LocalSocketError e) {
            const QString path = m_endpoint.socketPath;
            switch (e) {
            case QLocalSocket::PeerClosedError:
                onDisconnected();
                return;
            case QLocalSocket::ServerNotFoundError:
                onSocketError(Error::Kind::NoSocket,
                              QStringLiteral("no Docker engine socket at %1: is dockerd running? Start it "
                                             "(systemctl start docker, or run packaging/setup.sh) or set "
                                             "DOCKER_HOST")
                                  .arg(path));
                return;
            case QLocalSocket::SocketAccessError:
                onSocketError(Error::Kind::PermissionDenied,
                              QStringLiteral("permission denied on %1: add your user to the 'docker' group "
                                             "(sudo usermod -aG docker $USER, then log in again)")
                                  .arg(path));
                return;
            case QLocalSocket::ConnectionRefusedError:
                onSocketError(Error::Kind::ConnectionRefused,
                              QStringLiteral("connection refused on %1: the engine is not running (stale "
                                             "socket file)")
                                  .arg(path));
                return;
            default:
                onSocketError(Error::Kind::Io, sock->errorString());
                return;
            }
        });
        sock->connectToServer(m_endpoint.socketPath);
        return;
    }

    QTcpSocket *tcp = nullptr;
    if (m_endpoint.tls) {
        const auto conf = tlsConfiguration(m_endpoint);
        if (!conf) {
            complete(conf.error());
            return;
        }
        auto *ssl = new QSslSocket;
        ssl->setSslConfiguration(conf.value());
        tcp = ssl;
        m_socket.reset(ssl);
        connect(ssl, &QSslSocket::encrypted, this, &HttpExchange::onConnected);
        connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            if (m_endpoint.tlsVerify) {
                QStringList text;
                for (const auto &e : errors)
                    text << e.errorString();
                onSocketError(Error::Kind::Tls, QStringLiteral("TLS verification of %1 failed: %2")
                                                    .arg(m_endpoint.host, text.join(QStringLiteral("; "))));
            }
        });
        ssl->connectToHostEncrypted(m_endpoint.host, m_endpoint.port);
    } else {
        tcp = new QTcpSocket;
        m_socket.reset(tcp);
        connect(tcp, &QTcpSocket::connected, this, &HttpExchange::onConnected);
        tcp->connectToHost(m_endpoint.host, m_endpoint.port);
    }
    connect(tcp, &QTcpSocket::readyRead, this, &HttpExchange::onReadyRead);
    connect(tcp, &QTcpSocket::disconnected, this, &HttpExchange::onDisconnected);
    connect(tcp, &QTcpSocket::errorOccurred, this, [this, tcp](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError) {
            onDisconnected();
            return;
        }
        onSocketError(
            kindForTcp(e),
            QStringLiteral("%1:%2: %3").arg(m_endpoint.host).arg(m_endpoint.port).arg(tcp->errorString()));
    });
}

QByteArray HttpExchange::serializeRequest(const QByteArray &apiPrefix) const
{
    QByteArray out;
    out.reserve(256 + m_request.body.size());
    out += m_request.method + ' ' + (m_request.versioned ? apiPrefix : QByteArray()) + m_request.target +
           " HTTP/1.1\r\nHost: docker\r\nUser-Agent: FuzzForge/0.1\r\n";
    for (const auto &h : m_request.headers)
        out += h.first + ": " + h.second + "\r\n";
    if (m_request.upgrade)
        out += "Connection: Upgrade\r\nUpgrade: tcp\r\n";
    if (!m_request.body.isEmpty() || m_request.method == "POST" || m_request.method == "PUT") {
        out += "Content-Type: " +
               (m_request.contentType.isEmpty() ? QByteArray("application/json") : m_request.contentType) +
               "\r\nContent-Length: " + QByteArray::number(m_request.body.size()) + "\r\n";
    }
    out += "\r\n";
    out += m_request.body;
    return out;
}

void HttpExchange::onConnected()
{
    if (m_finished || !m_socket)
        return;
    m_socket->write(serializeRequest(m_apiPrefix));
}

void HttpExchange::onReadyRead()
{
    if (m_finished || !m_socket)
        return;
    const QByteArray data = m_socket->readAll();
    if (!m_parser.feed(data)) {
        complete(Error::make(Error::Kind::Protocol, m_parser.errorString()));
        return;
    }
    deliverBody();
    if (m_parser.messageComplete() && !m_parser.upgraded())
        complete({});
}

void HttpExchange::deliverBody()
{
    if (!m_parser.headersComplete())
        return;
    if (!m_headersEmitted) {
        m_headersEmitted = true;
        m_response.status = m_parser.status();
        m_response.headers = m_parser.headers();
        if (m_mode == Mode::Stream && m_response.status < 400)
            m_timer.stop(); // streams run as long as the engine sends
        Q_EMIT headersReceived(m_response.status);
        if (m_finished)
            return;
    }
    if (m_parser.pendingBodySize() == 0)
        return;
    if (m_mode == Mode::Stream && m_response.status < 400) {
        const QPointer<HttpExchange> guard(this);
        Q_EMIT bodyData(m_parser.takeBody());
        if (!guard)
            return;
    } else {
        m_response.body += m_parser.takeBody();
    }
}

void HttpExchange::onDisconnected()
{
    if (m_finished)
        return;
    if (m_socket && m_socket->bytesAvailable() > 0) {
        onReadyRead();
        if (m_finished)
            return;
    }
    if (!m_parser.finish()) {
        complete(Error::make(Error::Kind::Protocol, m_parser.errorString()));
        return;
    }
    deliverBody();
    complete({});
}

void HttpExchange::onSocketError(Error::Kind kind, const QString &message)
{
    if (m_finished)
        return;
    // Once a response has started, a broken connection means the response was cut short.
    if (m_parser.headersComplete() && kind == Error::Kind::Io) {
        onDisconnected();
        return;
    }
    complete(Error::make(kind, message));
}

void HttpExchange::onTimeout()
{
    if (m_finished)
        return;
    complete(
        Error::make(Error::Kind::Timeout,
                    QStringLiteral("no answer from the engine at %1 within %2 ms (%3 %4)")
                        .arg(m_endpoint.toString())
                        .arg(m_timeout.count())
                        .arg(QString::fromLatin1(m_request.method), QString::fromUtf8(m_request.target))));
}

void HttpExchange::complete(Error error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    if (!error.isError() && m_response.status >= 400)
        error = Error::fromHttp(m_response.status, m_response.body);
    m_error = std::move(error);
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->close();
        // The socket may be inside one of its own signals: delete it later, not now.
        m_socket.release()->deleteLater();
    }
    Q_EMIT finished();
}

} // namespace ff::docker

#pragma once

#include "endpoint.h"
#include "error.h"
#include "httpresponseparser.h"

#include <QByteArray>
#include <QIODevice>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <memory>

namespace ff::docker {

struct HttpRequest
{
    QByteArray method = "GET";
    QByteArray target; // path and query, without the API version prefix
    HttpHeaders headers;
    QByteArray body;
    QByteArray contentType;
    bool upgrade = false; // ask for a raw stream (attach)
    bool versioned = true;
};

struct HttpResponse
{
    int status = 0;
    HttpHeaders headers;
    QByteArray body; // buffered bodies only
    QByteArray header(QByteArrayView name) const;
};

// One request on its own connection, asynchronous on the event loop. In Buffer mode the
// body is collected and the timeout bounds the whole exchange; in Stream mode body bytes
// are emitted as they arrive (for successful statuses) and the timeout bounds only the wait
// for the response headers. Errors never escape as exceptions: finished() always comes,
// exactly once, and error() tells what went wrong.
class HttpExchange : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Buffer, Stream };

    HttpExchange(Endpoint endpoint, HttpRequest request, Mode mode, std::chrono::milliseconds timeout,
                 QObject *parent = nullptr);
    ~HttpExchange() override;

    // Connects and sends; the API prefix ("/v1.41") goes in front of versioned targets.
    void start(const QByteArray &apiPrefix);
    // Ends the exchange with an error without sending anything.
    void fail(const Error &error);

    const HttpRequest &request() const { return m_request; }
    const HttpResponse &response() const { return m_response; }
    const Error &error() const { return m_error; }
    bool isFinished() const { return m_finished; }
    bool isUpgraded() const { return m_parser.upgraded(); }

public Q_SLOTS:
    void cancel();

Q_SIGNALS:
    void headersReceived(int status);
    void bodyData(const QByteArray &data);
    void finished();

private:
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void onSocketError(Error::Kind kind, const QString &message);
    void onTimeout();
    void complete(Error error);
    void deliverBody();
    void setupSocket();
    QByteArray serializeRequest(const QByteArray &apiPrefix) const;

    Endpoint m_endpoint;
    HttpRequest m_request;
    Mode m_mode;
    std::chrono::milliseconds m_timeout;
    QByteArray m_apiPrefix;
    std::unique_ptr<QIODevice> m_socket;
    HttpResponseParser m_parser;
    HttpResponse m_response;
    QTimer m_timer;
    Error m_error;
    bool m_finished = false;
    bool m_headersEmitted = false;
};

} // namespace ff::docker

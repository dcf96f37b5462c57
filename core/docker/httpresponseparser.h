#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>

struct http_parser;

namespace ff::docker {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// Incremental HTTP/1.1 response framing over libhttp-parser: status, headers, a body
// de-chunked or bounded by Content-Length or by the end of the connection, and the raw
// bytes that follow a protocol upgrade. It owns no socket, so recorded byte streams can be
// fed to it in pieces of any size.
class HttpResponseParser
{
public:
    explicit HttpResponseParser(bool headRequest = false);
    ~HttpResponseParser();
    HttpResponseParser(const HttpResponseParser &) = delete;
    HttpResponseParser &operator=(const HttpResponseParser &) = delete;

    // Feeds bytes as they arrive. Returns false on a framing error (see errorString()).
    bool feed(const char *data, qsizetype size);
    bool feed(const QByteArray &data) { return feed(data.constData(), data.size()); }
    // The peer closed the connection. Returns false when the message was cut short.
    bool finish();

    bool headersComplete() const { return m_headersComplete; }
    bool messageComplete() const { return m_messageComplete; }
    bool upgraded() const { return m_upgraded; }
    bool failed() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    int status() const { return m_status; }
    const HttpHeaders &headers() const { return m_headers; }
    QByteArray header(QByteArrayView name) const;

    // Body bytes (or post-upgrade raw bytes) received since the last call.
    QByteArray takeBody();
    qsizetype pendingBodySize() const { return m_body.size(); }

private:
    friend struct HttpParserCallbacks;
    std::unique_ptr<http_parser> m_parser;
    bool m_head = false;
    bool m_headersComplete = false;
    bool m_messageComplete = false;
    bool m_upgraded = false;
    bool m_lastWasValue = false;
    int m_status = 0;
    HttpHeaders m_headers;
    QByteArray m_body;
    QString m_error;
};

} // namespace ff::docker

#include "httpresponseparser.h"

#include <http_parser.h>

namespace ff::docker {

struct HttpParserCallbacks
{
    static HttpResponseParser *self(http_parser *p) { return static_cast<HttpResponseParser *>(p->data); }

    static int onHeaderField(http_parser *p, const char *at, size_t len)
    {
        auto *s = self(p);
        if (s->m_headers.isEmpty() || s->m_lastWasValue)
            s->m_headers.append({QByteArray(), QByteArray()});
        s->m_headers.last().first.append(at, static_cast<qsizetype>(len));
        s->m_lastWasValue = false;
        return 0;
    }
    static int onHeaderValue(http_parser *p, const char *at, size_t len)
    {
        auto *s = self(p);
        if (s->m_headers.isEmpty())
            return 1;
        s->m_headers.last().second.append(at, static_cast<qsizetype>(len));
        s->m_lastWasValue = true;
        return 0;
    }
    static int onHeadersComplete(http_parser *p)
    {
        auto *s = self(p);
        s->m_status = static_cast<int>(p->status_code);
        s->m_headersComplete = true;
        // A response to HEAD has no body whatever its Content-Length says.
        return s->m_head ? 1 : 0;
    }
    static int onBody(http_parser *p, const char *at, size_t len)
    {
        self(p)->m_body.append(at, static_cast<qsizetype>(len));
        return 0;
    }
    static int onMessageComplete(http_parser *p)
    {
        self(p)->m_messageComplete = true;
        // Stop at the end of the message: otherwise http-parser would read whatever follows
        // in the same buffer as a next response, over this one's status, headers and body.
        http_parser_pause(p, 1);
        return 0;
    }

    static const http_parser_settings &settings()
    {
        static const http_parser_settings s = [] {
            http_parser_settings v;
            http_parser_settings_init(&v);
            v.on_header_field = &onHeaderField;
            v.on_header_value = &onHeaderValue;
            v.on_headers_complete = &onHeadersComplete;
            v.on_body = &onBody;
            v.on_message_complete = &onMessageComplete;
            return v;
        }();
        return s;
    }
};

HttpResponseParser::HttpResponseParser(bool headRequest)
    : m_parser(std::make_unique<http_parser>())
    , m_head(headRequest)
{
    http_parser_init(m_parser.get(), HTTP_RESPONSE);
    m_parser->data = this;
}

HttpResponseParser::~HttpResponseParser() = default;

bool HttpResponseParser::feed(const char *data, qsizetype size)
{
    if (failed())
        return false;
    if (size <= 0)
        return true;
    if (m_upgraded) {
        m_body.append(data, size);
        return true;
    }
    if (m_messageComplete) {
        // Docker answers one request per connection here; bytes after the message are a
        // protocol violation, not the start of another response.
        m_error = QStringLiteral("unexpected data after the end of the response");
        return false;
    }
    const size_t parsed = http_parser_execute(m_parser.get(), &HttpParserCallbacks::settings(), data,
                                              static_cast<size_t>(size));
    // http-parser raises the flag with the headers; with a body to read first, the switch
    // happens only once that body ends, however the bytes were split.
    if (m_parser->upgrade && m_messageComplete) {
        m_upgraded = true;
        m_messageComplete = true;
        if (static_cast<qsizetype>(parsed) < size)
            m_body.append(data + parsed, size - static_cast<qsizetype>(parsed));
        return true;
    }
    const auto err = static_cast<http_errno>(m_parser->http_errno);
    if (err == HPE_PAUSED) { // the message ended (see onMessageComplete)
        if (static_cast<qsizetype>(parsed) < size) {
            m_error = QStringLiteral("unexpected data after the end of the response");
            return false;
        }
        return true;
    }
    if (err != HPE_OK) {
        m_error = QStringLiteral("malformed HTTP response: %1 (%2)")
                      .arg(QString::fromLatin1(http_errno_name(err)),
                           QString::fromLatin1(http_errno_description(err)));
        return false;
    }
    return true;
}

bool HttpResponseParser::finish()
{
    if (failed())
        return false;
    if (m_upgraded || m_messageComplete)
        return true;
    http_parser_execute(m_parser.get(), &HttpParserCallbacks::settings(), nullptr, 0);
    if (!m_messageComplete) {
        m_error = m_headersComplete
                      ? QStringLiteral("the connection closed before the response body was complete")
                      : QStringLiteral("the connection closed before a complete HTTP response");
        return false;
    }
    return true;
}

QByteArray HttpResponseParser::header(QByteArrayView name) const
{
    for (const auto &h : m_headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second.trimmed();
    }
    return {};
}

QByteArray HttpResponseParser::takeBody()
{
    return std::exchange(m_body, QByteArray());
}

} // namespace ff::docker

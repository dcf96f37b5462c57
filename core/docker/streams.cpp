#include "streams.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace ff::docker {

StreamCall::StreamCall(QObject *parent)
    : QObject(parent)
{}

StreamCall::~StreamCall() = default;

void StreamCall::attach(HttpExchange *exchange)
{
    m_exchange = exchange;
    exchange->setParent(this);
    connect(exchange, &HttpExchange::headersReceived, this, [this](int status) {
        if (status < 400)
            Q_EMIT started();
    });
    connect(exchange, &HttpExchange::bodyData, this, [this](const QByteArray &chunk) {
        if (m_finished)
            return;
        if (Error e = consume(chunk)) {
            finish(e);
            if (m_exchange)
                m_exchange->cancel();
        }
    });
    connect(exchange, &HttpExchange::finished, this, [this] {
        if (m_finished)
            return;
        Error e = m_exchange ? m_exchange->error() : Error{};
        if (!e.isError())
            e = end();
        finish(e);
    });
}

void StreamCall::cancel()
{
    if (m_finished)
        return;
    finish(Error::make(Error::Kind::Canceled, QStringLiteral("the stream was canceled")));
    if (m_exchange)
        m_exchange->cancel();
}

void StreamCall::finish(Error error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = std::move(error);
    Q_EMIT finished(m_error);
    deleteLater();
}

LogStream::LogStream(bool tty, bool timestamps, QObject *parent)
    : StreamCall(parent)
    , m_demux(tty)
    , m_out(StreamKind::Stdout, timestamps)
    , m_err(StreamKind::Stderr, timestamps)
    , m_timestamps(timestamps)
{}

void LogStream::setTty(bool tty)
{
    m_demux = StreamDemuxer(tty);
}

Error LogStream::consume(const QByteArray &chunk)
{
    m_demux.feed(chunk);
    StreamDemuxer::Frame frame;
    auto emitLine = [this](const LogLine &l) {
        ++m_lines;
        Q_EMIT line(l);
    };
    while (m_demux.next(frame)) {
        if (frame.stream == StreamKind::Stderr || frame.stream == StreamKind::System)
            m_err.feed(frame.payload, emitLine);
        else
            m_out.feed(frame.payload, emitLine);
        if (m_finished)
            return {};
    }
    if (m_demux.failed())
        return Error::make(Error::Kind::Protocol, m_demux.errorString());
    return {};
}

Error LogStream::end()
{
    auto emitLine = [this](const LogLine &l) {
        ++m_lines;
        Q_EMIT line(l);
    };
    m_out.flush(emitLine);
    m_err.flush(emitLine);
    if (m_demux.pending() > 0)
        return Error::make(
            Error::Kind::Protocol,
            QStringLiteral("the log stream ended inside a frame (%1 bytes left)").arg(m_demux.pending()));
    return {};
}

Error JsonStreamCall::consume(const QByteArray &chunk)
{
    m_splitter.feed(chunk);
    QByteArray doc;
    while (m_splitter.next(doc)) {
        QJsonParseError perr;
        const QJsonDocument parsed = QJsonDocument::fromJson(doc, &perr);
        if (perr.error != QJsonParseError::NoError || !parsed.isObject())
            return Error::make(Error::Kind::Protocol,
                               QStringLiteral("malformed JSON from the engine: %1").arg(perr.errorString()));
        if (Error e = document(parsed.object()))
            return e;
        if (m_finished)
            return {};
    }
    if (m_splitter.failed())
        return Error::make(Error::Kind::Protocol, m_splitter.errorString());
    return {};
}

Error JsonStreamCall::end()
{
    if (m_splitter.hasPartial())
        return Error::make(Error::Kind::Protocol,
                           QStringLiteral("the engine's stream ended inside a JSON document"));
    return {};
}

Error EventStream::document(const QJsonObject &object)
{
    Q_EMIT received(json::event(object));
    return {};
}

Error StatsStream::document(const QJsonObject &object)
{
    Q_EMIT sample(json::statsSample(object));
    return {};
}

ImageJob::ImageJob(Kind kind, QObject *parent)
    : JsonStreamCall(parent)
    , m_kind(kind)
{
    connect(this, &StreamCall::finished, this, [this](const Error &e) {
        m_result.error = e;
        Q_EMIT done(m_result);
    });
}

Error ImageJob::document(const QJsonObject &o)
{
    ProgressEvent ev;
    if (o.contains(QLatin1String("error")) || o.contains(QLatin1String("errorDetail"))) {
        QString msg = o.value(QLatin1String("error")).toString();
        if (msg.isEmpty())
            msg = o.value(QLatin1String("errorDetail")).toObject().value(QLatin1String("message")).toString();
        ev.kind = ProgressEvent::Kind::Error;
        ev.message = msg;
        Q_EMIT progress(ev);
        return Error::make(m_kind == Kind::Build ? Error::Kind::EngineError
                           : msg.contains(QLatin1String("not found"), Qt::CaseInsensitive) ||
                                   msg.contains(QLatin1String("does not exist"), Qt::CaseInsensitive)
                               ? Error::Kind::NotFound
                               : Error::Kind::EngineError,
                           msg);
    }
    if (o.contains(QLatin1String("aux"))) {
        const QJsonObject aux = o.value(QLatin1String("aux")).toObject();
        if (aux.contains(QLatin1String("ID")))
            m_result.imageId = aux.value(QLatin1String("ID")).toString();
        if (aux.contains(QLatin1String("Digest")))
            m_result.digest = aux.value(QLatin1String("Digest")).toString();
        ev.kind = ProgressEvent::Kind::Aux;
        ev.message = QString::fromUtf8(QJsonDocument(aux).toJson(QJsonDocument::Compact));
        Q_EMIT progress(ev);
        return {};
    }
    if (o.contains(QLatin1String("stream"))) {
        const QString text = o.value(QLatin1String("stream")).toString();
        static const QRegularExpression stepRe(QStringLiteral("^Step (\\d+)/(\\d+) : "));
        static const QRegularExpression builtRe(QStringLiteral("^Successfully built ([0-9a-f]+)"));
        const auto m = stepRe.match(text);
        if (m.hasMatch()) {
            ev.kind = ProgressEvent::Kind::Step;
            ev.step = m.captured(1).toInt();
            ev.totalSteps = m.captured(2).toInt();
            m_result.steps = ev.totalSteps;
        } else if (text.contains(QLatin1String("Using cache"))) {
            ev.kind = ProgressEvent::Kind::CacheHit;
            ++m_result.cacheHits;
        } else {
            ev.kind = ProgressEvent::Kind::Output;
            const auto b = builtRe.match(text);
            if (b.hasMatch() && m_result.imageId.isEmpty())
                m_result.imageId = b.captured(1);
        }
        ev.message = text.trimmed();
        if (!ev.message.isEmpty())
            Q_EMIT progress(ev);
        return {};
    }
    if (o.contains(QLatin1String("status"))) {
        ev.message = o.value(QLatin1String("status")).toString();
        ev.layer = o.value(QLatin1String("id")).toString();
        const QJsonObject detail = o.value(QLatin1String("progressDetail")).toObject();
        ev.current = static_cast<qint64>(detail.value(QLatin1String("current")).toDouble());
        ev.total = static_cast<qint64>(detail.value(QLatin1String("total")).toDouble());
        ev.kind = ev.total > 0 ? ProgressEvent::Kind::Progress : ProgressEvent::Kind::StatusLine;
        static const QRegularExpression digestRe(QStringLiteral("(sha256:[0-9a-f]{64})"));
        if (ev.message.startsWith(QLatin1String("Digest:")) ||
            ev.message.contains(QLatin1String("digest:"))) {
            const auto d = digestRe.match(ev.message);
            if (d.hasMatch())
                m_result.digest = d.captured(1);
        }
        Q_EMIT progress(ev);
    }
    return {};
}

Error ImageJob::end()
{
    if (Error e = JsonStreamCall::end())
        return e;
    if (m_kind == Kind::Build && m_result.imageId.isEmpty())
        return Error::make(Error::Kind::Protocol, QStringLiteral("the build ended without an image id"));
    return {};
}

} // namespace ff::docker

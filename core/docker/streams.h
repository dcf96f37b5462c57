#pragma once

#include "httpexchange.h"
#include "jsonstreamsplitter.h"
#include "streamdemuxer.h"
#include "types.h"

#include <QObject>
#include <QPointer>

namespace ff::docker {

class DockerClient;

// Base of the long-lived calls (logs, events, stats, build/pull/push). It owns its HTTP
// exchange, ends exactly once with finished(error) and then deletes itself later; hold it in
// a QPointer. cancel() ends it with Error::Kind::Canceled.
class StreamCall : public QObject
{
    Q_OBJECT
public:
    ~StreamCall() override;
    const Error &error() const { return m_error; }
    bool isFinished() const { return m_finished; }

public Q_SLOTS:
    void cancel();

Q_SIGNALS:
    void started();
    void finished(const ff::Error &error);

protected:
    explicit StreamCall(QObject *parent);
    friend class DockerClient;
    void attach(HttpExchange *exchange);
    // Called for each body chunk; return an error to end the stream.
    virtual Error consume(const QByteArray &chunk) = 0;
    // Called once at the end of a successful stream; may turn it into an error.
    virtual Error end() { return {}; }
    void finish(Error error);

    QPointer<HttpExchange> m_exchange;
    Error m_error;
    bool m_finished = false;
};

class LogStream : public StreamCall
{
    Q_OBJECT
public:
    LogStream(bool tty, bool timestamps, QObject *parent);
    qint64 lineCount() const { return m_lines; }

Q_SIGNALS:
    void line(const ff::docker::LogLine &line);

protected:
    Error consume(const QByteArray &chunk) override;
    Error end() override;

private:
    friend class DockerClient;
    void setTty(bool tty);
    StreamDemuxer m_demux;
    LineAssembler m_out;
    LineAssembler m_err;
    bool m_timestamps;
    qint64 m_lines = 0;
};

// A stream of JSON documents; subclasses turn each into a typed signal.
class JsonStreamCall : public StreamCall
{
    Q_OBJECT
protected:
    using StreamCall::StreamCall;
    Error consume(const QByteArray &chunk) override;
    Error end() override;
    virtual Error document(const QJsonObject &object) = 0;

private:
    JsonStreamSplitter m_splitter;
};

class EventStream : public JsonStreamCall
{
    Q_OBJECT
public:
    using JsonStreamCall::JsonStreamCall;
Q_SIGNALS:
    void received(const ff::docker::DockerEvent &event);

protected:
    Error document(const QJsonObject &object) override;
};

class StatsStream : public JsonStreamCall
{
    Q_OBJECT
public:
    using JsonStreamCall::JsonStreamCall;
Q_SIGNALS:
    void sample(const ff::docker::StatsSample &sample);

protected:
    Error document(const QJsonObject &object) override;
};

// Build, pull and push: progress while it goes, then a result with the image id or digest.
// The engine reports failures inside a 200 response ({"error": ...}); they end the job.
class ImageJob : public JsonStreamCall
{
    Q_OBJECT
public:
    enum class Kind { Build, Pull, Push };
    ImageJob(Kind kind, QObject *parent);
    Kind kind() const { return m_kind; }
    const ImageJobResult &result() const { return m_result; }

Q_SIGNALS:
    void progress(const ff::docker::ProgressEvent &event);
    void done(const ff::docker::ImageJobResult &result);

protected:
    Error document(const QJsonObject &object) override;
    Error end() override;

private:
    Kind m_kind;
    ImageJobResult m_result;
};

} // namespace ff::docker

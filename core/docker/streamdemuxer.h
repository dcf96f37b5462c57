#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace ff::docker {

enum class StreamKind : quint8 { Stdin = 0, Stdout = 1, Stderr = 2, System = 3 };

struct LogLine
{
    StreamKind stream = StreamKind::Stdout;
    QDateTime timestamp; // valid when the logs were asked for with timestamps
    QString text;
};

// Splits the engine's multiplexed attach/logs stream into frames: an 8-byte header
// (stream byte, three zero bytes, big-endian payload size) then the payload. In TTY mode
// there is no framing and every byte belongs to stdout.
class StreamDemuxer
{
public:
    struct Frame
    {
        StreamKind stream = StreamKind::Stdout;
        QByteArray payload;
    };

    explicit StreamDemuxer(bool tty = false)
        : m_tty(tty)
    {}

    void feed(const QByteArray &data);
    // Takes the next complete frame; false when more bytes are needed or on error.
    bool next(Frame &frame);
    bool failed() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    // Bytes of an incomplete frame still held (non-zero at end of stream means truncation).
    qsizetype pending() const { return m_buffer.size() - m_offset; }

    static constexpr qsizetype kMaxFrame = 64 * 1024 * 1024;

private:
    bool m_tty;
    QByteArray m_buffer;
    qsizetype m_offset = 0;
    QString m_error;
};

// Assembles frames of one stream into lines; a line may span frames and a frame may hold
// many lines. Optionally strips the RFC 3339 timestamp the engine puts before each line.
class LineAssembler
{
public:
    explicit LineAssembler(StreamKind stream = StreamKind::Stdout, bool timestamps = false)
        : m_stream(stream)
        , m_timestamps(timestamps)
    {}
    template <typename Sink> void feed(const QByteArray &bytes, Sink &&sink)
    {
        qsizetype start = 0;
        for (;;) {
            const qsizetype nl = bytes.indexOf('\n', start);
            if (nl < 0)
                break;
            m_partial.append(bytes.constData() + start, nl - start);
            sink(makeLine(std::exchange(m_partial, QByteArray())));
            start = nl + 1;
        }
        m_partial.append(bytes.constData() + start, bytes.size() - start);
        if (m_partial.size() > kMaxLine) // a runaway line without newline: emit it in pieces
            sink(makeLine(std::exchange(m_partial, QByteArray())));
    }
    template <typename Sink> void flush(Sink &&sink)
    {
        if (!m_partial.isEmpty())
            sink(makeLine(std::exchange(m_partial, QByteArray())));
    }

    static constexpr qsizetype kMaxLine = 1024 * 1024;

private:
    LogLine makeLine(QByteArray raw) const;
    StreamKind m_stream;
    bool m_timestamps;
    QByteArray m_partial;
};

} // namespace ff::docker

Q_DECLARE_METATYPE(ff::docker::LogLine)

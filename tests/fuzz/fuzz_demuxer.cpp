// libFuzzer target: StreamDemuxer and LineAssembler over arbitrary attach/logs streams.
#include "docker/streamdemuxer.h"
#include "fuzzcheck.h"

using ff::docker::LineAssembler;
using ff::docker::LogLine;
using ff::docker::StreamDemuxer;
using ff::docker::StreamKind;
using ff::fuzz::check;

namespace {

struct Decoded
{
    QList<StreamDemuxer::Frame> frames;
    bool failed = false;
    qsizetype pending = 0;
};

Decoded decode(const QList<QByteArray> &pieces, bool tty)
{
    StreamDemuxer demuxer(tty);
    Decoded d;
    for (const QByteArray &piece : pieces) {
        demuxer.feed(piece);
        StreamDemuxer::Frame f;
        while (demuxer.next(f))
            d.frames.append(f);
    }
    d.failed = demuxer.failed();
    // A failure always says why: the message reaches the user.
    check(!d.failed || demuxer.errorString().startsWith(QLatin1String("malformed multiplexed stream")));
    d.pending = demuxer.pending();
    return d;
}

QByteArray joined(const Decoded &d)
{
    QByteArray out;
    for (const auto &f : d.frames)
        out += f.payload;
    return out;
}

// Multiplexed frames are the sender's; in TTY mode a "frame" is whatever one read brought,
// so only the bytes, in order, must match.
bool sameFrames(const Decoded &a, const Decoded &b, bool tty)
{
    if (a.failed != b.failed)
        return false;
    if (tty)
        return joined(a) == joined(b);
    if (a.frames.size() != b.frames.size())
        return false;
    for (qsizetype i = 0; i < a.frames.size(); ++i) {
        if (a.frames.at(i).stream != b.frames.at(i).stream ||
            a.frames.at(i).payload != b.frames.at(i).payload)
            return false;
    }
    return true;
}

// Lines of one stream, from its payloads fed as they came.
QList<LogLine> lines(const QList<QByteArray> &payloads, StreamKind stream, bool timestamps)
{
    QList<LogLine> out;
    auto sink = [&out](LogLine line) {
        out.append(std::move(line));
    };
    LineAssembler assembler(stream, timestamps);
    for (const QByteArray &p : payloads)
        assembler.feed(p, sink);
    assembler.flush(sink);
    return out;
}

bool sameLines(const QList<LogLine> &a, const QList<LogLine> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i).stream != b.at(i).stream || a.at(i).text != b.at(i).text ||
            a.at(i).timestamp != b.at(i).timestamp)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ff::fuzz::Input input;
    if (!ff::fuzz::readInput(data, size, input))
        return 0;
    const bool tty = input.flags & 1;
    const bool timestamps = input.flags & 2;

    const Decoded whole = decode(input.whole(), tty);
    const Decoded halves = decode(input.halves(), tty);
    // After a failure the demuxer takes no more bytes, so pending() is only compared before.
    check(sameFrames(whole, halves, tty));
    check(whole.failed || whole.pending == halves.pending);
    if (input.bytes.size() <= ff::fuzz::kSingleByteLimit) {
        const Decoded bytes = decode(input.singleBytes(), tty);
        check(sameFrames(whole, bytes, tty));
        check(whole.failed || whole.pending == bytes.pending);
    }

    // Every byte is accounted for: in frames (with their headers), or still pending.
    qsizetype consumed = 0;
    for (const auto &f : whole.frames) {
        check(static_cast<quint8>(f.stream) <= 3);
        check(f.payload.size() <= StreamDemuxer::kMaxFrame);
        consumed += (tty ? 0 : 8) + f.payload.size();
        if (tty)
            check(f.stream == StreamKind::Stdout && !f.payload.isEmpty());
    }
    if (!whole.failed)
        check(consumed + whole.pending == input.bytes.size());
    if (tty)
        check(!whole.failed && whole.pending == 0);

    // Lines do not depend on how the stream was cut into frames: one stream's payloads fed
    // frame by frame give the same lines as its bytes fed in one piece.
    for (const StreamKind stream : {StreamKind::Stdout, StreamKind::Stderr}) {
        QList<QByteArray> payloads;
        QByteArray bytes;
        for (const auto &f : whole.frames) {
            if (f.stream == stream) {
                payloads.append(f.payload);
                bytes += f.payload;
            }
        }
        const QList<LogLine> byFrame = lines(payloads, stream, timestamps);
        check(sameLines(byFrame, lines({bytes}, stream, timestamps)));
        const qsizetype newlines = bytes.count('\n');
        check(byFrame.size() == newlines + (bytes.endsWith('\n') || bytes.isEmpty() ? 0 : 1));
        for (const LogLine &l : byFrame) {
            check(l.stream == stream);
            check(!l.text.contains(QLatin1Char('\n')));
            if (!timestamps)
                check(!l.timestamp.isValid());
        }
    }
    return 0;
}

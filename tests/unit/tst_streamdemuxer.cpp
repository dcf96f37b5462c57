#include "docker/httpresponseparser.h"
#include "docker/streamdemuxer.h"
#include "testutil.h"

#include <QTest>
#include <QtEndian>

using ff::docker::HttpResponseParser;
using ff::docker::LineAssembler;
using ff::docker::LogLine;
using ff::docker::StreamDemuxer;
using ff::docker::StreamKind;

namespace {

// The de-chunked body of a recorded logs response: what the demuxer sees in the client.
QByteArray recordedBody(const QString &fixture)
{
    HttpResponseParser parser;
    if (!parser.feed(ff::test::readFixture(fixture)) || !parser.finish())
        qFatal("cannot parse fixture %s: %s", qPrintable(fixture), qPrintable(parser.errorString()));
    return parser.takeBody();
}

QByteArray frameHeader(quint8 stream, quint32 size)
{
    QByteArray h(8, '\0');
    h[0] = static_cast<char>(stream);
    qToBigEndian(size, h.data() + 4);
    return h;
}

QByteArray frame(quint8 stream, const QByteArray &payload)
{
    return frameHeader(stream, static_cast<quint32>(payload.size())) + payload;
}

struct Decoded
{
    QList<StreamDemuxer::Frame> frames;
    bool failed = false;
    QString error;
    qsizetype pending = 0;
};

// Drains the demuxer after every piece, as the client does on each readyRead.
Decoded decode(const QList<QByteArray> &pieces, bool tty = false)
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
    d.error = demuxer.errorString();
    d.pending = demuxer.pending();
    return d;
}

// Frames to lines the way the client does: one assembler per stream, flushed at the end.
QList<LogLine> toLines(const QList<StreamDemuxer::Frame> &frames, bool timestamps = false)
{
    QList<LogLine> lines;
    auto sink = [&lines](LogLine line) {
        lines.append(std::move(line));
    };
    LineAssembler out(StreamKind::Stdout, timestamps);
    LineAssembler err(StreamKind::Stderr, timestamps);
    for (const auto &f : frames)
        (f.stream == StreamKind::Stderr ? err : out).feed(f.payload, sink);
    out.flush(sink);
    err.flush(sink);
    return lines;
}

QStringList texts(const QList<LogLine> &lines, StreamKind stream)
{
    QStringList out;
    for (const LogLine &l : lines) {
        if (l.stream == stream)
            out << l.text;
    }
    return out;
}

QList<LogLine> assemble(const QList<QByteArray> &chunks, bool timestamps = false, bool flush = true)
{
    QList<LogLine> lines;
    auto sink = [&lines](LogLine line) {
        lines.append(std::move(line));
    };
    LineAssembler assembler(StreamKind::Stderr, timestamps);
    for (const QByteArray &c : chunks)
        assembler.feed(c, sink);
    if (flush)
        assembler.flush(sink);
    return lines;
}

bool sameFrames(const QList<StreamDemuxer::Frame> &a, const QList<StreamDemuxer::Frame> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i).stream != b.at(i).stream || a.at(i).payload != b.at(i).payload)
            return false;
    }
    return true;
}

const QString kUmlautLine = QStringLiteral("out3 with \u00fcmlaut");

} // namespace

class TestStreamDemuxer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordedMultiplexed();
    void recordedSplitEverywhere_data();
    void recordedSplitEverywhere();
    void recordedByteByByte_data() { recordedSplitEverywhere_data(); }
    void recordedByteByByte();
    void recordedTimestamps();
    void recordedTty();
    void ttySplitEverywhere();

    void acceptsEveryStreamKind_data();
    void acceptsEveryStreamKind();
    void emptyFrame();
    void badHeader_data();
    void badHeader();
    void badHeaderAfterGoodFrames();
    void frameTooLarge();
    void largestFrameWaitsForPayload();
    void truncatedLeavesPending_data();
    void truncatedLeavesPending();

    void lineSpanningFrames();
    void severalLinesInOneFrame();
    void carriageReturnStripped_data();
    void carriageReturnStripped();
    void timestamps_data();
    void timestamps();
    void flushLastLineWithoutNewline();
    void runawayLineEmittedInPieces();
};

void TestStreamDemuxer::recordedMultiplexed()
{
    const Decoded d = decode({recordedBody(QStringLiteral("logs-multiplexed.http"))});
    QVERIFY2(!d.failed, qPrintable(d.error));
    QCOMPARE(d.pending, 0);
    QCOMPARE(d.frames.size(), 5);
    QCOMPARE(d.frames.at(0).stream, StreamKind::Stdout);
    QCOMPARE(d.frames.at(0).payload, QByteArrayLiteral("out1\n"));
    QCOMPARE(d.frames.at(1).stream, StreamKind::Stderr);
    QCOMPARE(d.frames.at(1).payload, QByteArrayLiteral("err1\n"));

    const QList<LogLine> lines = toLines(d.frames);
    QCOMPARE(texts(lines, StreamKind::Stdout),
             QStringList({QStringLiteral("out1"), QStringLiteral("partial line"), kUmlautLine}));
    QCOMPARE(texts(lines, StreamKind::Stderr), QStringList({QStringLiteral("err1"), QStringLiteral("err2")}));
    // The order across streams is the order the container wrote them.
    QStringList all;
    for (const LogLine &l : lines)
        all << l.text;
    QCOMPARE(all, QStringList({QStringLiteral("out1"), QStringLiteral("err1"), QStringLiteral("partial line"),
                               kUmlautLine, QStringLiteral("err2")}));
    for (const LogLine &l : lines)
        QVERIFY(!l.timestamp.isValid());
}

void TestStreamDemuxer::recordedSplitEverywhere_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addRow("plain") << QStringLiteral("logs-multiplexed.http");
    QTest::addRow("timestamps") << QStringLiteral("logs-multiplexed-timestamps.http");
}

void TestStreamDemuxer::recordedSplitEverywhere()
{
    QFETCH(QString, fixture);
    const QByteArray body = recordedBody(fixture);
    const Decoded whole = decode({body});
    QCOMPARE(whole.frames.size(), 5);

    for (qsizetype at = 0; at <= body.size(); ++at) {
        const Decoded d = decode({body.left(at), body.mid(at)});
        const QByteArray where = "split at byte " + QByteArray::number(at);
        QVERIFY2(!d.failed, where.constData());
        QVERIFY2(d.pending == 0, where.constData());
        QVERIFY2(sameFrames(d.frames, whole.frames), where.constData());
    }
}

void TestStreamDemuxer::recordedByteByByte()
{
    QFETCH(QString, fixture);
    const QByteArray body = recordedBody(fixture);
    QList<QByteArray> bytes;
    for (const char c : body)
        bytes.append(QByteArray(1, c));
    const Decoded d = decode(bytes);
    QVERIFY(!d.failed);
    QCOMPARE(d.pending, 0);
    QVERIFY(sameFrames(d.frames, decode({body}).frames));
}

void TestStreamDemuxer::recordedTimestamps()
{
    const Decoded d = decode({recordedBody(QStringLiteral("logs-multiplexed-timestamps.http"))});
    QVERIFY2(!d.failed, qPrintable(d.error));
    const QList<LogLine> lines = toLines(d.frames, true);
    QCOMPARE(texts(lines, StreamKind::Stdout),
             QStringList({QStringLiteral("out1"), QStringLiteral("partial line"), kUmlautLine}));
    QCOMPARE(texts(lines, StreamKind::Stderr), QStringList({QStringLiteral("err1"), QStringLiteral("err2")}));

    // First line: 2026-11-23T08:00:26.505298837Z, kept to the millisecond.
    QCOMPARE(lines.first().timestamp, QDateTime(QDate(2026, 11, 23), QTime(8, 0, 26, 505), Qt::UTC));
    QDateTime previous;
    for (const LogLine &l : lines) {
        QVERIFY(l.timestamp.isValid());
        if (l.stream == StreamKind::Stdout) {
            if (previous.isValid())
                QVERIFY(previous <= l.timestamp);
            previous = l.timestamp;
        }
    }
}

void TestStreamDemuxer::recordedTty()
{
    const QByteArray body = recordedBody(QStringLiteral("logs-tty.http"));
    const Decoded d = decode({body}, true);
    QVERIFY(!d.failed);
    QCOMPARE(d.pending, 0);
    QCOMPARE(d.frames.size(), 1);
    QCOMPARE(d.frames.first().stream, StreamKind::Stdout);
    QCOMPARE(d.frames.first().payload, body);
    // A TTY merges stderr into stdout and ends lines with \r\n.
    const QList<LogLine> lines = toLines(d.frames);
    QCOMPARE(texts(lines, StreamKind::Stdout), QStringList({QStringLiteral("tty1"), QStringLiteral("tty2")}));
    QVERIFY(texts(lines, StreamKind::Stderr).isEmpty());
}

void TestStreamDemuxer::ttySplitEverywhere()
{
    const QByteArray body = recordedBody(QStringLiteral("logs-tty.http"));
    for (qsizetype at = 0; at <= body.size(); ++at) {
        const Decoded d = decode({body.left(at), body.mid(at)}, true);
        const QByteArray where = "split at byte " + QByteArray::number(at);
        QByteArray joined;
        for (const auto &f : d.frames) {
            QVERIFY2(f.stream == StreamKind::Stdout && !f.payload.isEmpty(), where.constData());
            joined += f.payload;
        }
        QVERIFY2(joined == body, where.constData());
        QVERIFY2(texts(toLines(d.frames), StreamKind::Stdout) ==
                     QStringList({QStringLiteral("tty1"), QStringLiteral("tty2")}),
                 where.constData());
    }
}

void TestStreamDemuxer::acceptsEveryStreamKind_data()
{
    QTest::addColumn<quint8>("byte");
    QTest::addColumn<StreamKind>("kind");
    QTest::addRow("stdin") << quint8(0) << StreamKind::Stdin;
    QTest::addRow("stdout") << quint8(1) << StreamKind::Stdout;
    QTest::addRow("stderr") << quint8(2) << StreamKind::Stderr;
    QTest::addRow("system") << quint8(3) << StreamKind::System;
}

void TestStreamDemuxer::acceptsEveryStreamKind()
{
    QFETCH(quint8, byte);
    QFETCH(StreamKind, kind);
    const Decoded d = decode({frame(byte, QByteArrayLiteral("x"))});
    QVERIFY(!d.failed);
    QCOMPARE(d.frames.size(), 1);
    QCOMPARE(d.frames.first().stream, kind);
    QCOMPARE(d.frames.first().payload, QByteArrayLiteral("x"));
}

void TestStreamDemuxer::emptyFrame()
{
    const Decoded d = decode({frame(1, {}) + frame(2, QByteArrayLiteral("e"))});
    QVERIFY(!d.failed);
    QCOMPARE(d.frames.size(), 2);
    QVERIFY(d.frames.at(0).payload.isEmpty());
    QCOMPARE(d.frames.at(1).stream, StreamKind::Stderr);
}

void TestStreamDemuxer::badHeader_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addRow("stream byte 4") << QByteArrayLiteral("\x04\x00\x00\x00\x00\x00\x00\x01x");
    QTest::addRow("stream byte 0xff") << QByteArrayLiteral("\xff\x00\x00\x00\x00\x00\x00\x01x");
    QTest::addRow("byte 1 set") << QByteArrayLiteral("\x01\x01\x00\x00\x00\x00\x00\x01x");
    QTest::addRow("byte 2 set") << QByteArrayLiteral("\x01\x00\x01\x00\x00\x00\x00\x01x");
    QTest::addRow("byte 3 set") << QByteArrayLiteral("\x01\x00\x00\x01\x00\x00\x00\x01x");
    // What a TTY stream looks like when mistaken for a multiplexed one.
    QTest::addRow("tty text") << QByteArrayLiteral("tty1\r\ntty2\r\n");
}

void TestStreamDemuxer::badHeader()
{
    QFETCH(QByteArray, bytes);
    StreamDemuxer demuxer;
    demuxer.feed(bytes);
    StreamDemuxer::Frame f;
    QVERIFY(!demuxer.next(f));
    QVERIFY(demuxer.failed());
    QVERIFY2(demuxer.errorString().contains(QLatin1String("bad frame header")),
             qPrintable(demuxer.errorString()));
    // Failure is final: a good frame afterwards is not decoded.
    demuxer.feed(frame(1, QByteArrayLiteral("ok")));
    QVERIFY(!demuxer.next(f));
    QVERIFY(demuxer.failed());
}

void TestStreamDemuxer::badHeaderAfterGoodFrames()
{
    const QByteArray good = frame(1, QByteArrayLiteral("good\n"));
    // Four bytes of a bad header are not judged yet: the header is not complete.
    const Decoded partial = decode({good, QByteArrayLiteral("\x09\x00\x00\x00")});
    QCOMPARE(partial.frames.size(), 1);
    QVERIFY(!partial.failed);
    QCOMPARE(partial.pending, 4);

    const Decoded d = decode({good + frameHeader(9, 1) + QByteArrayLiteral("x")});
    QCOMPARE(d.frames.size(), 1);
    QCOMPARE(d.frames.first().payload, QByteArrayLiteral("good\n"));
    QVERIFY(d.failed);
}

void TestStreamDemuxer::frameTooLarge()
{
    StreamDemuxer demuxer;
    demuxer.feed(frameHeader(1, static_cast<quint32>(StreamDemuxer::kMaxFrame + 1)));
    StreamDemuxer::Frame f;
    QVERIFY(!demuxer.next(f));
    QVERIFY(demuxer.failed());
    QVERIFY2(demuxer.errorString().contains(QLatin1String("frame of")), qPrintable(demuxer.errorString()));

    StreamDemuxer huge;
    huge.feed(frameHeader(2, 0xffffffffu));
    QVERIFY(!huge.next(f));
    QVERIFY(huge.failed());
}

void TestStreamDemuxer::largestFrameWaitsForPayload()
{
    StreamDemuxer demuxer;
    demuxer.feed(frameHeader(1, static_cast<quint32>(StreamDemuxer::kMaxFrame)) + "abc");
    StreamDemuxer::Frame f;
    QVERIFY(!demuxer.next(f));
    QVERIFY(!demuxer.failed());
    QCOMPARE(demuxer.pending(), 8 + 3);
}

void TestStreamDemuxer::truncatedLeavesPending_data()
{
    QTest::addColumn<qsizetype>("cut");
    QTest::addColumn<int>("frames");
    QTest::addColumn<qsizetype>("pending");
    // The recorded frames are 13, 13, 21, 26 and 13 bytes long (header included).
    QTest::addRow("in last payload") << qsizetype(3) << 4 << qsizetype(10);
    QTest::addRow("in last header") << qsizetype(10) << 4 << qsizetype(3);
    QTest::addRow("last frame and one byte") << qsizetype(14) << 3 << qsizetype(25);
}

void TestStreamDemuxer::truncatedLeavesPending()
{
    QFETCH(qsizetype, cut);
    QFETCH(int, frames);
    QFETCH(qsizetype, pending);
    const QByteArray body = recordedBody(QStringLiteral("logs-multiplexed.http"));
    QCOMPARE(body.size(), 13 + 13 + 21 + 26 + 13);
    const Decoded d = decode({body.chopped(cut)});
    QVERIFY(!d.failed);
    QCOMPARE(d.frames.size(), frames);
    QCOMPARE(d.pending, pending);
}

void TestStreamDemuxer::lineSpanningFrames()
{
    const QList<LogLine> lines = assemble({"par", "tial", " line\nnext"}, false, false);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().text, QStringLiteral("partial line"));
    QCOMPARE(lines.first().stream, StreamKind::Stderr);

    // A UTF-8 sequence cut between two frames is whole again in the line.
    const QByteArray umlaut = kUmlautLine.toUtf8() + '\n';
    const qsizetype mid = umlaut.indexOf('\xc3') + 1;
    const QList<LogLine> cut = assemble({umlaut.left(mid), umlaut.mid(mid)});
    QCOMPARE(cut.size(), 1);
    QCOMPARE(cut.first().text, kUmlautLine);
}

void TestStreamDemuxer::severalLinesInOneFrame()
{
    const QList<LogLine> lines = assemble({"a\nb\n\nc\n"});
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0).text, QStringLiteral("a"));
    QCOMPARE(lines.at(1).text, QStringLiteral("b"));
    QCOMPARE(lines.at(2).text, QString());
    QCOMPARE(lines.at(3).text, QStringLiteral("c"));
}

void TestStreamDemuxer::carriageReturnStripped_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("crlf") << QByteArrayLiteral("a\r\nb\r\n")
                          << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    // Only the \r of a \r\n pair goes; a progress bar's bare \r stays in the text.
    QTest::addRow("inner cr") << QByteArrayLiteral("10%\r20%\n") << QStringList{QStringLiteral("10%\r20%")};
    QTest::addRow("cr at flush") << QByteArrayLiteral("tail\r") << QStringList{QStringLiteral("tail")};
}

void TestStreamDemuxer::carriageReturnStripped()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, expected);
    QStringList got;
    for (const LogLine &l : assemble({bytes}))
        got << l.text;
    QCOMPARE(got, expected);
}

void TestStreamDemuxer::timestamps_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QDateTime>("timestamp");
    QTest::addColumn<QString>("text");

    const QDate day(2026, 11, 23);
    QTest::addRow("nanoseconds") << QByteArrayLiteral("2026-11-23T08:00:26.505298837Z hello world\n")
                                 << QDateTime(day, QTime(8, 0, 26, 505), Qt::UTC)
                                 << QStringLiteral("hello world");
    // Go's RFC3339Nano drops trailing zeros, so the fraction can be short or absent.
    QTest::addRow("short fraction") << QByteArrayLiteral("2026-11-23T08:00:26.5Z x\n")
                                    << QDateTime(day, QTime(8, 0, 26, 500), Qt::UTC) << QStringLiteral("x");
    QTest::addRow("no fraction") << QByteArrayLiteral("2026-11-23T08:00:26Z x\n")
                                 << QDateTime(day, QTime(8, 0, 26), Qt::UTC) << QStringLiteral("x");
    QTest::addRow("offset") << QByteArrayLiteral("2026-11-23T09:00:26.000000001+01:00 x\n")
                            << QDateTime(day, QTime(8, 0, 26), Qt::UTC) << QStringLiteral("x");
    QTest::addRow("empty text") << QByteArrayLiteral("2026-11-23T08:00:26.505298837Z \n")
                                << QDateTime(day, QTime(8, 0, 26, 505), Qt::UTC) << QString();
    QTest::addRow("crlf") << QByteArrayLiteral("2026-11-23T08:00:26Z tty\r\n")
                          << QDateTime(day, QTime(8, 0, 26), Qt::UTC) << QStringLiteral("tty");
    // Not a timestamp: the line is kept as it is.
    QTest::addRow("no timestamp") << QByteArrayLiteral("plain words here\n") << QDateTime()
                                  << QStringLiteral("plain words here");
    QTest::addRow("leading space") << QByteArrayLiteral(" 2026-11-23T08:00:26Z x\n") << QDateTime()
                                   << QStringLiteral(" 2026-11-23T08:00:26Z x");
}

void TestStreamDemuxer::timestamps()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QDateTime, timestamp);
    QFETCH(QString, text);

    const QList<LogLine> lines = assemble({bytes}, true);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().timestamp.isValid(), timestamp.isValid());
    if (timestamp.isValid())
        QCOMPARE(lines.first().timestamp.toMSecsSinceEpoch(), timestamp.toMSecsSinceEpoch());
    QCOMPARE(lines.first().text, text);

    // Without the option the timestamp is text like any other.
    const QList<LogLine> raw = assemble({bytes}, false);
    QVERIFY(!raw.first().timestamp.isValid());
}

void TestStreamDemuxer::flushLastLineWithoutNewline()
{
    QList<LogLine> lines;
    auto sink = [&lines](LogLine line) {
        lines.append(std::move(line));
    };
    LineAssembler assembler(StreamKind::Stdout, true);
    assembler.feed(QByteArrayLiteral("2026-11-23T08:00:26Z done\n2026-11-23T08:00:27Z no newline"), sink);
    QCOMPARE(lines.size(), 1);
    assembler.flush(sink);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.last().text, QStringLiteral("no newline"));
    QVERIFY(lines.last().timestamp.isValid());
    // Nothing held: a second flush emits nothing.
    assembler.flush(sink);
    QCOMPARE(lines.size(), 2);
}

void TestStreamDemuxer::runawayLineEmittedInPieces()
{
    const QByteArray big(LineAssembler::kMaxLine + 1, 'x');
    const QList<LogLine> lines = assemble({big, QByteArrayLiteral("y\n")});
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.first().text.size(), LineAssembler::kMaxLine + 1);
    QCOMPARE(lines.last().text, QStringLiteral("y"));
}

QTEST_GUILESS_MAIN(TestStreamDemuxer)
#include "tst_streamdemuxer.moc"

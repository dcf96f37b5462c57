#include "docker/httpresponseparser.h"
#include "testutil.h"

#include <QTest>

using ff::docker::HttpHeaders;
using ff::docker::HttpResponseParser;

namespace {

// Everything a parser run yields, so runs over differently split input can be compared.
struct Parsed
{
    bool fed = true;
    bool complete = false; // messageComplete() before finish()
    bool upgraded = false;
    bool finished = false; // finish() result
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
    QString error;
};

// takeBody() after every piece: the body must come out whole however it is drained.
Parsed parsePieces(const QList<QByteArray> &pieces, bool head = false)
{
    HttpResponseParser parser(head);
    Parsed r;
    for (const QByteArray &piece : pieces) {
        if (!parser.feed(piece)) {
            r.fed = false;
            break;
        }
        r.body += parser.takeBody();
    }
    r.complete = parser.messageComplete();
    r.upgraded = parser.upgraded();
    r.finished = r.fed && parser.finish();
    r.body += parser.takeBody();
    r.status = parser.status();
    r.headers = parser.headers();
    r.error = parser.errorString();
    return r;
}

Parsed parseWhole(const QByteArray &bytes, bool head = false)
{
    return parsePieces({bytes}, head);
}

// An independent, deliberately naive reading of a recorded response, as the oracle for
// HttpResponseParser: header block up to the blank line, then Content-Length or chunks.
struct Reference
{
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
    bool complete = false;
};

Reference referenceParse(const QByteArray &raw)
{
    Reference ref;
    const qsizetype headerEnd = raw.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return ref;
    const QList<QByteArray> lines = raw.left(headerEnd).split('\n');
    ref.status = lines.first().split(' ').value(1).toInt();
    bool chunked = false;
    qsizetype length = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon);
        const QByteArray value = line.mid(colon + 1).trimmed();
        ref.headers.append({name, value});
        if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0)
            chunked = value == "chunked";
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
            length = value.toLongLong();
    }
    qsizetype pos = headerEnd + 4;
    if (!chunked) {
        ref.body = raw.mid(pos, length);
        ref.complete = ref.body.size() == length;
        return ref;
    }
    for (;;) {
        const qsizetype eol = raw.indexOf("\r\n", pos);
        if (eol < 0)
            return ref;
        bool ok = false;
        const qsizetype size = raw.mid(pos, eol - pos).toLongLong(&ok, 16);
        if (!ok || eol + 2 + size + 2 > raw.size())
            return ref;
        if (size == 0) {
            ref.complete = true;
            return ref;
        }
        ref.body += raw.mid(eol + 2, size);
        pos = eol + 2 + size + 2;
    }
}

const QByteArray kUpgradeHead = QByteArrayLiteral("HTTP/1.1 101 UPGRADED\r\n"
                                                  "Content-Type: application/vnd.docker.raw-stream\r\n"
                                                  "Connection: Upgrade\r\n"
                                                  "Upgrade: tcp\r\n"
                                                  "\r\n");
// One stdout frame of the multiplexed stream, as the engine sends right after the upgrade.
const QByteArray kRawAfterUpgrade = QByteArrayLiteral("\x01\x00\x00\x00\x00\x00\x00\x03hi\n");

} // namespace

class TestHttpResponseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordedFixture_data();
    void recordedFixture();
    void recordedFixtureSplitEverywhere_data() { recordedFixture_data(); }
    void recordedFixtureSplitEverywhere();
    void recordedFixtureByteByByte_data() { recordedFixture_data(); }
    void recordedFixtureByteByByte();

    void contentLengthCompletesWithoutFinish();
    void bodyUntilEofCompletesOnFinish();
    void headerLookupIgnoresCase();
    void truncated_data();
    void truncated();
    void malformed_data();
    void malformed();
    void headResponseHasNoBody_data();
    void headResponseHasNoBody();
    void upgradeKeepsRawBytes();
    void upgradeSplitEverywhere();
    void upgradeAfterBodySplitEverywhere_data();
    void upgradeAfterBodySplitEverywhere();
    void dataAfterCompleteMessage_data();
    void dataAfterCompleteMessage();
};

void TestHttpResponseParser::recordedFixture_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("complete");

    QTest::addRow("ping") << QStringLiteral("ping.http") << 200 << true;
    QTest::addRow("version") << QStringLiteral("version.http") << 200 << true;
    QTest::addRow("error-404") << QStringLiteral("error-404.http") << 404 << true;
    QTest::addRow("stats-once") << QStringLiteral("stats-once.http") << 200 << true;
    QTest::addRow("logs-multiplexed") << QStringLiteral("logs-multiplexed.http") << 200 << true;
    QTest::addRow("logs-multiplexed-timestamps")
        << QStringLiteral("logs-multiplexed-timestamps.http") << 200 << true;
    QTest::addRow("logs-tty") << QStringLiteral("logs-tty.http") << 200 << true;
    QTest::addRow("build-progress") << QStringLiteral("build-progress.http") << 200 << true;
    // curl stopped the events stream after 4 s: the chunks are whole but the final
    // zero-size chunk never came, so the message is incomplete.
    QTest::addRow("events (cut)") << QStringLiteral("events.http") << 200 << false;
}

void TestHttpResponseParser::recordedFixture()
{
    QFETCH(QString, fixture);
    QFETCH(int, status);
    QFETCH(bool, complete);

    const QByteArray raw = ff::test::readFixture(fixture);
    const Reference ref = referenceParse(raw);
    QCOMPARE(ref.status, status);
    QCOMPARE(ref.complete, complete);
    QVERIFY(!ref.body.isEmpty());

    const Parsed r = parseWhole(raw);
    QVERIFY2(r.fed, qPrintable(r.error));
    QCOMPARE(r.status, status);
    QCOMPARE(r.headers, ref.headers);
    QCOMPARE(r.body, ref.body);
    QCOMPARE(r.complete, complete);
    QVERIFY(!r.upgraded);
    QCOMPARE(r.finished, complete);
    if (!complete)
        QVERIFY2(r.error.contains(QLatin1String("closed before")), qPrintable(r.error));
}

void TestHttpResponseParser::recordedFixtureSplitEverywhere()
{
    QFETCH(QString, fixture);
    const QByteArray raw = ff::test::readFixture(fixture);
    const Parsed whole = parseWhole(raw);

    for (qsizetype at = 0; at <= raw.size(); ++at) {
        const Parsed r = parsePieces({raw.left(at), raw.mid(at)});
        const QByteArray where = "split at byte " + QByteArray::number(at);
        QVERIFY2(r.fed == whole.fed, where.constData());
        QVERIFY2(r.status == whole.status, where.constData());
        QVERIFY2(r.headers == whole.headers, where.constData());
        QVERIFY2(r.body == whole.body, where.constData());
        QVERIFY2(r.complete == whole.complete, where.constData());
        QVERIFY2(r.finished == whole.finished, where.constData());
    }
}

void TestHttpResponseParser::recordedFixtureByteByByte()
{
    QFETCH(QString, fixture);
    const QByteArray raw = ff::test::readFixture(fixture);
    const Parsed whole = parseWhole(raw);

    QList<QByteArray> bytes;
    for (const char c : raw)
        bytes.append(QByteArray(1, c));
    const Parsed r = parsePieces(bytes);
    QCOMPARE(r.fed, whole.fed);
    QCOMPARE(r.status, whole.status);
    QCOMPARE(r.headers, whole.headers);
    QCOMPARE(r.body, whole.body);
    QCOMPARE(r.complete, whole.complete);
    QCOMPARE(r.finished, whole.finished);
}

void TestHttpResponseParser::contentLengthCompletesWithoutFinish()
{
    HttpResponseParser parser;
    QVERIFY(parser.feed(QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel")));
    QVERIFY(parser.headersComplete());
    QVERIFY(!parser.messageComplete());
    QCOMPARE(parser.pendingBodySize(), 3);
    QVERIFY(parser.feed(QByteArrayLiteral("lo")));
    QVERIFY(parser.messageComplete());
    QCOMPARE(parser.takeBody(), QByteArrayLiteral("hello"));
    QCOMPARE(parser.pendingBodySize(), 0);
    QVERIFY(parser.finish());
    QVERIFY(!parser.failed());
}

void TestHttpResponseParser::bodyUntilEofCompletesOnFinish()
{
    // Neither a length nor chunks: only the closed connection ends the body.
    HttpResponseParser parser;
    QVERIFY(parser.feed(QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nabc")));
    QVERIFY(parser.headersComplete());
    QVERIFY(parser.feed(QByteArrayLiteral("def")));
    QVERIFY(!parser.messageComplete());
    QVERIFY(parser.finish());
    QVERIFY(parser.messageComplete());
    QCOMPARE(parser.takeBody(), QByteArrayLiteral("abcdef"));
    QCOMPARE(parser.status(), 200);
}

void TestHttpResponseParser::headerLookupIgnoresCase()
{
    HttpResponseParser parser;
    QVERIFY(parser.feed(ff::test::readFixture(QStringLiteral("ping.http"))));
    QCOMPARE(parser.header("api-version"), QByteArrayLiteral("1.41"));
    QCOMPARE(parser.header("OSTYPE"), QByteArrayLiteral("linux"));
    QCOMPARE(parser.header("Content-Type"), QByteArrayLiteral("text/plain; charset=utf-8"));
    QVERIFY(parser.header("X-Missing").isNull());
}

void TestHttpResponseParser::truncated_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("headersComplete");

    QTest::addRow("content-length short")
        << QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc") << true;
    QTest::addRow("chunk cut in data")
        << QByteArrayLiteral("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab") << true;
    QTest::addRow("chunk cut in size line")
        << QByteArrayLiteral("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n1") << true;
    QTest::addRow("no final chunk")
        << QByteArrayLiteral("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n") << true;
    QTest::addRow("cut in headers") << QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Len") << false;
    QTest::addRow("nothing at all") << QByteArray() << false;
}

void TestHttpResponseParser::truncated()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, headersComplete);

    HttpResponseParser parser;
    QVERIFY(parser.feed(bytes));
    QCOMPARE(parser.headersComplete(), headersComplete);
    QVERIFY(!parser.messageComplete());
    QVERIFY(!parser.finish());
    QVERIFY(parser.failed());
    QVERIFY(!parser.messageComplete());
    // The message tells a person what happened, not an http-parser error code.
    QVERIFY2(parser.errorString().startsWith(QLatin1String("the connection closed before")),
             qPrintable(parser.errorString()));
    // finish() is sticky: the answer does not change when asked again.
    QVERIFY(!parser.finish());
}

void TestHttpResponseParser::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");

    QTest::addRow("not http") << QByteArrayLiteral("SSH-2.0-OpenSSH_9.2\r\n\r\n");
    // libhttp-parser is built without HTTP_PARSER_STRICT, so it reads only the first letters
    // of "HTTP"; the version digits and the status code it does check.
    QTest::addRow("bad version") << QByteArrayLiteral("HTTP/x.1 200 OK\r\n\r\n");
    QTest::addRow("request line") << QByteArrayLiteral("GET / HTTP/1.1\r\n\r\n");
    QTest::addRow("status not a number") << QByteArrayLiteral("HTTP/1.1 abc OK\r\n\r\n");
    QTest::addRow("bad chunk size") << QByteArrayLiteral(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n");
    QTest::addRow("bad content-length") << QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Length: x1\r\n\r\n");
}

void TestHttpResponseParser::malformed()
{
    QFETCH(QByteArray, bytes);

    HttpResponseParser parser;
    QVERIFY(!parser.feed(bytes));
    QVERIFY(parser.failed());
    QVERIFY2(parser.errorString().startsWith(QLatin1String("malformed HTTP response")),
             qPrintable(parser.errorString()));
    // A failed parser stays failed, whatever comes next.
    QVERIFY(!parser.feed(QByteArrayLiteral("HTTP/1.1 200 OK\r\n\r\n")));
    QVERIFY(!parser.finish());
}

void TestHttpResponseParser::headResponseHasNoBody_data()
{
    QTest::addColumn<QByteArray>("bytes");

    QTest::addRow("content-length") << QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
    QTest::addRow("chunked") << QByteArrayLiteral("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
}

void TestHttpResponseParser::headResponseHasNoBody()
{
    QFETCH(QByteArray, bytes);

    HttpResponseParser parser(true);
    QVERIFY2(parser.feed(bytes), qPrintable(parser.errorString()));
    QVERIFY(parser.messageComplete());
    QCOMPARE(parser.status(), 200);
    QCOMPARE(parser.pendingBodySize(), 0);
    QVERIFY(parser.finish());
    QVERIFY(parser.takeBody().isEmpty());
}

void TestHttpResponseParser::upgradeKeepsRawBytes()
{
    HttpResponseParser parser;
    // The first raw bytes arrive in the same read as the headers.
    QVERIFY(parser.feed(kUpgradeHead + kRawAfterUpgrade));
    QVERIFY(parser.upgraded());
    QVERIFY(parser.messageComplete());
    QCOMPARE(parser.status(), 101);
    QCOMPARE(parser.header("Upgrade"), QByteArrayLiteral("tcp"));
    QCOMPARE(parser.takeBody(), kRawAfterUpgrade);

    // After the upgrade everything is raw, even bytes that look like HTTP.
    const QByteArray later = QByteArrayLiteral("HTTP/1.1 200 OK\r\n\x02\x00\x00\x00");
    QVERIFY(parser.feed(later));
    QCOMPARE(parser.takeBody(), later);
    QVERIFY(parser.finish());
    QVERIFY(!parser.failed());
}

void TestHttpResponseParser::upgradeSplitEverywhere()
{
    const QByteArray raw = kUpgradeHead + kRawAfterUpgrade;
    for (qsizetype at = 0; at <= raw.size(); ++at) {
        const Parsed r = parsePieces({raw.left(at), raw.mid(at)});
        const QByteArray where = "split at byte " + QByteArray::number(at);
        QVERIFY2(r.fed && r.upgraded && r.finished, where.constData());
        QVERIFY2(r.status == 101, where.constData());
        QVERIFY2(r.body == kRawAfterUpgrade, where.constData());
    }
}

void TestHttpResponseParser::upgradeAfterBodySplitEverywhere_data()
{
    QTest::addColumn<QByteArray>("framing");
    QTest::addColumn<QByteArray>("body");
    QTest::addRow("content-length") << QByteArrayLiteral("Content-Length: 3\r\n\r\nabc")
                                    << QByteArrayLiteral("abc");
    QTest::addRow("chunked") << QByteArrayLiteral("Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
                             << QByteArrayLiteral("abc");
}

void TestHttpResponseParser::upgradeAfterBodySplitEverywhere()
{
    QFETCH(QByteArray, framing);
    QFETCH(QByteArray, body);

    // The engine sends no body with its 101, but a response that has one switches protocol
    // only after it; where the reads happen to end must not move that point.
    const QByteArray raw =
        QByteArrayLiteral("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n") + framing +
        kRawAfterUpgrade;
    const Parsed whole = parseWhole(raw);
    QVERIFY(whole.upgraded);
    QCOMPARE(whole.body, body + kRawAfterUpgrade);
    for (qsizetype at = 0; at <= raw.size(); ++at) {
        const Parsed r = parsePieces({raw.left(at), raw.mid(at)});
        const QByteArray where = "split at byte " + QByteArray::number(at);
        QVERIFY2(r.fed && r.upgraded && r.finished, where.constData());
        QVERIFY2(r.body == whole.body, where.constData());
    }
    QList<QByteArray> bytes;
    for (const char c : raw)
        bytes.append(QByteArray(1, c));
    const Parsed r = parsePieces(bytes);
    QVERIFY(r.upgraded);
    QCOMPARE(r.body, whole.body);
}

void TestHttpResponseParser::dataAfterCompleteMessage_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("extra");

    const QByteArray lengthMessage = QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK");
    const QByteArray chunkedMessage =
        QByteArrayLiteral("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nOK\r\n0\r\n\r\n");
    const QByteArray second = QByteArrayLiteral("HTTP/1.1 500 Oops\r\nContent-Length: 3\r\n\r\nbad");
    QTest::addRow("garbage after length") << lengthMessage << QByteArrayLiteral("garbage");
    QTest::addRow("garbage after chunks") << chunkedMessage << QByteArrayLiteral("garbage");
    // A well-formed second response is still a violation: it must not replace the first.
    QTest::addRow("second response after length") << lengthMessage << second;
    QTest::addRow("second response after chunks") << chunkedMessage << second;
}

void TestHttpResponseParser::dataAfterCompleteMessage()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, extra);

    const QByteArray raw = message + extra;
    for (qsizetype at = 0; at <= raw.size(); ++at) {
        HttpResponseParser parser;
        const QByteArray where = "split at byte " + QByteArray::number(at);
        const bool fed = parser.feed(raw.left(at)) && parser.feed(raw.mid(at));
        QVERIFY2(!fed, where.constData());
        QVERIFY2(parser.failed(), where.constData());
        QVERIFY2(parser.errorString() == QLatin1String("unexpected data after the end of the response"),
                 qPrintable(QString::fromLatin1(where) + QLatin1String(": ") + parser.errorString()));
        QVERIFY2(parser.status() == 200, where.constData());
        QVERIFY2(parser.takeBody() == "OK", where.constData());
        QVERIFY2(!parser.finish(), where.constData());
    }
}

QTEST_GUILESS_MAIN(TestHttpResponseParser)
#include "tst_httpresponseparser.moc"

#include "docker/httpresponseparser.h"
#include "docker/jsonstreamsplitter.h"
#include "testutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using ff::docker::HttpResponseParser;
using ff::docker::JsonStreamSplitter;

namespace {

// The de-chunked body of a recorded stream. The events capture was stopped by curl, so the
// response never completed: only the whole chunks received count, finish() is not asked.
QByteArray recordedBody(const QString &fixture)
{
    HttpResponseParser parser;
    if (!parser.feed(ff::test::readFixture(fixture)))
        qFatal("cannot parse fixture %s: %s", qPrintable(fixture), qPrintable(parser.errorString()));
    return parser.takeBody();
}

struct Split
{
    QList<QByteArray> documents;
    bool failed = false;
    QString error;
    bool partial = false;
};

// Drains the splitter after every piece, as the client does on each readyRead.
Split split(const QList<QByteArray> &pieces)
{
    JsonStreamSplitter splitter;
    Split s;
    for (const QByteArray &piece : pieces) {
        splitter.feed(piece);
        QByteArray doc;
        while (splitter.next(doc))
            s.documents.append(doc);
    }
    s.failed = splitter.failed();
    s.error = splitter.errorString();
    s.partial = splitter.hasPartial();
    return s;
}

QList<QByteArray> inPiecesOf(const QByteArray &bytes, qsizetype size)
{
    QList<QByteArray> pieces;
    for (qsizetype i = 0; i < bytes.size(); i += size)
        pieces.append(bytes.mid(i, size));
    return pieces;
}

QString field(const QByteArray &document, QLatin1String key)
{
    return QJsonDocument::fromJson(document).object().value(key).toString();
}

} // namespace

class TestJsonStreamSplitter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordedBuildProgress();
    void recordedEvents();
    void recordedSplitEverywhere_data();
    void recordedSplitEverywhere();
    void recordedByteByByte_data() { recordedSplitEverywhere_data(); }
    void recordedByteByByte();
    void recordedCutMidDocument();

    void documents_data();
    void documents();
    void garbage_data();
    void garbage();
    void hasPartial();
    void longStreamInSmallPieces();
};

void TestJsonStreamSplitter::recordedBuildProgress()
{
    const Split s = split({recordedBody(QStringLiteral("build-progress.http"))});
    QVERIFY2(!s.failed, qPrintable(s.error));
    QVERIFY(!s.partial);
    QCOMPARE(s.documents.size(), 16);
    QStringList steps;
    QString imageId;
    for (const QByteArray &doc : s.documents) {
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(doc, &error);
        QVERIFY2(json.isObject(), qPrintable(error.errorString()));
        const QString stream = json.object().value(QLatin1String("stream")).toString();
        if (stream.startsWith(QLatin1String("Step ")))
            steps << stream;
        if (json.object().contains(QLatin1String("aux")))
            imageId =
                json.object().value(QLatin1String("aux")).toObject().value(QLatin1String("ID")).toString();
    }
    QCOMPARE(steps.size(), 3);
    QCOMPARE(steps.first(), QStringLiteral("Step 1/3 : FROM debian:bookworm-slim"));
    QCOMPARE(steps.at(1), QStringLiteral("Step 2/3 : RUN echo built > /built.txt"));
    QCOMPARE(imageId,
             QStringLiteral("sha256:3be226f90b952218bed0d532e6d49067a7765ded13ab4077f6a6ed19e608181e"));
    QCOMPARE(field(s.documents.last(), QLatin1String("stream")),
             QStringLiteral("Successfully tagged ff-fixture:1\n"));
}

void TestJsonStreamSplitter::recordedEvents()
{
    const Split s = split({recordedBody(QStringLiteral("events.http"))});
    QVERIFY2(!s.failed, qPrintable(s.error));
    QStringList actions;
    for (const QByteArray &doc : s.documents) {
        QVERIFY(QJsonDocument::fromJson(doc).isObject());
        actions << field(doc, QLatin1String("Action"));
    }
    QCOMPARE(actions,
             QStringList({QStringLiteral("create"), QStringLiteral("attach"), QStringLiteral("start"),
                          QStringLiteral("die"), QStringLiteral("destroy")}));
    // Every event the capture holds is whole; what curl cut was the wait for the next one.
    QVERIFY(!s.partial);
}

void TestJsonStreamSplitter::recordedSplitEverywhere_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addRow("build-progress") << QStringLiteral("build-progress.http");
    QTest::addRow("events") << QStringLiteral("events.http");
}

void TestJsonStreamSplitter::recordedSplitEverywhere()
{
    QFETCH(QString, fixture);
    const QByteArray body = recordedBody(fixture);
    const Split whole = split({body});
    QVERIFY(!whole.documents.isEmpty());

    for (qsizetype at = 0; at <= body.size(); ++at) {
        const Split s = split({body.left(at), body.mid(at)});
        const QByteArray where = "split at byte " + QByteArray::number(at);
        QVERIFY2(!s.failed, where.constData());
        QVERIFY2(!s.partial, where.constData());
        QVERIFY2(s.documents == whole.documents, where.constData());
    }
}

void TestJsonStreamSplitter::recordedByteByByte()
{
    QFETCH(QString, fixture);
    const QByteArray body = recordedBody(fixture);
    const Split s = split(inPiecesOf(body, 1));
    QVERIFY(!s.failed);
    QCOMPARE(s.documents, split({body}).documents);
}

void TestJsonStreamSplitter::recordedCutMidDocument()
{
    const QByteArray body = recordedBody(QStringLiteral("events.http"));
    const QByteArray cut = body.left(body.lastIndexOf("{\"status\":\"destroy\"") + 40);
    const Split s = split({cut});
    QVERIFY(!s.failed);
    QCOMPARE(s.documents.size(), 4);
    QCOMPARE(field(s.documents.last(), QLatin1String("Action")), QStringLiteral("die"));
    QVERIFY(s.partial);
}

void TestJsonStreamSplitter::documents_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<QByteArray>>("expected");

    QTest::addRow("newline separated")
        << QByteArrayLiteral("{\"a\":1}\n{\"b\":2}\n") << QList<QByteArray>{"{\"a\":1}", "{\"b\":2}"};
    QTest::addRow("crlf separated") << QByteArrayLiteral("{\"a\":1}\r\n{\"b\":2}\r\n")
                                    << QList<QByteArray>{"{\"a\":1}", "{\"b\":2}"};
    QTest::addRow("no separator") << QByteArrayLiteral("{\"a\":1}{\"b\":2}{}")
                                  << QList<QByteArray>{"{\"a\":1}", "{\"b\":2}", "{}"};
    QTest::addRow("blanks around") << QByteArrayLiteral(" \t\r\n{\"a\":1} \t \n\n{\"b\":2}  ")
                                   << QList<QByteArray>{"{\"a\":1}", "{\"b\":2}"};
    QTest::addRow("nested") << QByteArrayLiteral("{\"a\":{\"b\":[{\"c\":[]}]}}{\"d\":0}")
                            << QList<QByteArray>{"{\"a\":{\"b\":[{\"c\":[]}]}}", "{\"d\":0}"};
    QTest::addRow("arrays at top level")
        << QByteArrayLiteral("[1,2][{\"a\":[3]}]\n[]") << QList<QByteArray>{"[1,2]", "[{\"a\":[3]}]", "[]"};
    QTest::addRow("braces in strings") << QByteArrayLiteral("{\"s\":\"}{][\"}{\"t\":\"{\"}")
                                       << QList<QByteArray>{"{\"s\":\"}{][\"}", "{\"t\":\"{\"}"};
    QTest::addRow("escaped quote") << QByteArrayLiteral("{\"s\":\"say \\\"}\\\" twice\"}{\"n\":1}")
                                   << QList<QByteArray>{"{\"s\":\"say \\\"}\\\" twice\"}", "{\"n\":1}"};
    // An escaped backslash ends the escape: the quote after it closes the string.
    QTest::addRow("escaped backslash") << QByteArrayLiteral("{\"s\":\"C:\\\\\"}{\"n\":\"\\\\\\\"}\"}")
                                       << QList<QByteArray>{"{\"s\":\"C:\\\\\"}", "{\"n\":\"\\\\\\\"}\"}"};
    QTest::addRow("unicode escape") << QByteArrayLiteral("{\"s\":\"\\u007d\\u003e\"}[\"\\\"]\"]")
                                    << QList<QByteArray>{"{\"s\":\"\\u007d\\u003e\"}", "[\"\\\"]\"]"};
    QTest::addRow("utf-8 text") << QByteArrayLiteral("{\"s\":\"\xc3\xbcmlaut }\"}")
                                << QList<QByteArray>{"{\"s\":\"\xc3\xbcmlaut }\"}"};
    QTest::addRow("only blanks") << QByteArrayLiteral(" \r\n\t") << QList<QByteArray>{};
}

void TestJsonStreamSplitter::documents()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<QByteArray>, expected);

    for (const QByteArray &doc : std::as_const(expected))
        QVERIFY2(!QJsonDocument::fromJson(doc).isNull(), doc.constData());

    const Split whole = split({stream});
    QVERIFY2(!whole.failed, qPrintable(whole.error));
    QVERIFY(!whole.partial);
    QCOMPARE(whole.documents, expected);

    for (qsizetype at = 0; at <= stream.size(); ++at) {
        const Split s = split({stream.left(at), stream.mid(at)});
        const QByteArray where = "split at byte " + QByteArray::number(at);
        QVERIFY2(s.documents == expected && !s.failed && !s.partial, where.constData());
    }
    QCOMPARE(split(inPiecesOf(stream, 1)).documents, expected);
}

void TestJsonStreamSplitter::garbage_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("documentsBefore");
    QTest::addColumn<QString>("unexpected");

    QTest::addRow("between documents")
        << QByteArrayLiteral("{\"a\":1}x{\"b\":2}") << 1 << QStringLiteral("x");
    QTest::addRow("comma separated") << QByteArrayLiteral("{\"a\":1},{\"b\":2}") << 1 << QStringLiteral(",");
    QTest::addRow("scalar document") << QByteArrayLiteral("42\n") << 0 << QStringLiteral("4");
    QTest::addRow("string document") << QByteArrayLiteral("\"text\"") << 0 << QStringLiteral("\"");
    QTest::addRow("stray close") << QByteArrayLiteral("{}}") << 1 << QStringLiteral("}");
    QTest::addRow("html error page") << QByteArrayLiteral("<html>") << 0 << QStringLiteral("<");
}

void TestJsonStreamSplitter::garbage()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, documentsBefore);
    QFETCH(QString, unexpected);

    const Split s = split({stream});
    QCOMPARE(s.documents.size(), documentsBefore);
    QVERIFY(s.failed);
    QVERIFY2(s.error.startsWith(QLatin1String("malformed JSON stream")), qPrintable(s.error));
    QVERIFY2(s.error.contains(QLatin1Char('\'') + unexpected + QLatin1Char('\'')), qPrintable(s.error));

    // A failed splitter stays failed: nothing after the garbage is taken for a document.
    JsonStreamSplitter splitter;
    splitter.feed(stream);
    QByteArray doc;
    while (splitter.next(doc)) {
    }
    QVERIFY(splitter.failed());
    splitter.feed(QByteArrayLiteral("{\"later\":1}"));
    QVERIFY(!splitter.next(doc));
}

void TestJsonStreamSplitter::hasPartial()
{
    JsonStreamSplitter splitter;
    QVERIFY(!splitter.hasPartial());
    QByteArray doc;

    splitter.feed(QByteArrayLiteral("\r\n  "));
    QVERIFY(!splitter.next(doc));
    QVERIFY(!splitter.hasPartial());

    splitter.feed(QByteArrayLiteral("{\"a\":\"}"));
    QVERIFY(!splitter.next(doc));
    QVERIFY(splitter.hasPartial());
    QVERIFY(!splitter.failed());

    splitter.feed(QByteArrayLiteral("\"}\n"));
    QVERIFY(splitter.next(doc));
    QCOMPARE(doc, QByteArrayLiteral("{\"a\":\"}\"}"));
    QVERIFY(!splitter.hasPartial());
    QVERIFY(!splitter.next(doc));

    // A whole document not yet taken is still held.
    splitter.feed(QByteArrayLiteral("[]"));
    QVERIFY(splitter.hasPartial());
    QVERIFY(splitter.next(doc));
    QCOMPARE(doc, QByteArrayLiteral("[]"));
    QVERIFY(!splitter.hasPartial());
}

void TestJsonStreamSplitter::longStreamInSmallPieces()
{
    // Enough documents for the splitter to compact its buffer many times, with documents
    // straddling the compaction points.
    QByteArray stream;
    QList<QByteArray> expected;
    for (int i = 0; i < 500; ++i) {
        const QByteArray doc =
            "{\"i\":" + QByteArray::number(i) + ",\"s\":\"" + QByteArray(i % 37, '}') + "\"}";
        expected.append(doc);
        stream += doc;
        if (i % 3 == 0)
            stream += "\r\n";
    }
    for (const qsizetype size : {1, 7, 64, 1000}) {
        const Split s = split(inPiecesOf(stream, size));
        QVERIFY(!s.failed);
        QCOMPARE(s.documents, expected);
    }
}

QTEST_GUILESS_MAIN(TestJsonStreamSplitter)
#include "tst_jsonstreamsplitter.moc"

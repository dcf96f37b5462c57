// ff::fuzz::parseCrashLog on crashes.log files recorded on this host (data/fuzz/README.md): the
// reproducer runs of real ASan/UBSan/LSan/libFuzzer crashes in data/fuzz/parser.c.txt, and the
// crashes of a real AFL++ campaign re-run with the libFuzzer binary.
#include "findings/parsers.h"
#include "fuzz/crashes.h"
#include "testutil.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace ff;
using findings::Finding;
using findings::Severity;

namespace {

findings::ParseContext context(const QString &tool = QStringLiteral("libfuzzer"))
{
    findings::ParseContext ctx;
    ctx.workflow = QStringLiteral("libfuzzer");
    ctx.tool = tool;
    ctx.toolVersion = QStringLiteral("14.0.6");
    return ctx;
}

QList<Finding> parse(const QString &fixture, const QString &tool = QStringLiteral("libfuzzer"))
{
    auto r = fuzz::parseCrashLog(ff::test::readFixture(QStringLiteral("fuzz/") + fixture), context(tool));
    if (!r)
        qFatal("%s: %s", qPrintable(fixture), qPrintable(r.error().message));
    return r.value();
}

const Finding *byTitle(const QList<Finding> &findings, const QString &title)
{
    for (const Finding &f : findings)
        if (f.title == title)
            return &f;
    return nullptr;
}

QJsonObject crashOf(const Finding &f)
{
    return f.properties.value(QLatin1String("crash")).toObject();
}

// The contract's signature, computed here on its own.
QString expectedSignature(const QString &type, const QStringList &frames)
{
    return QString::fromLatin1(
        QCryptographicHash::hash((QStringList{type} + frames).join(QLatin1Char('\n')).toUtf8(),
                                 QCryptographicHash::Sha256)
            .toHex());
}

QString sha1Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex());
}

} // namespace

class TestCrashes : public QObject
{
    Q_OBJECT

private slots:
    void registered()
    {
        QVERIFY(findings::parserFor(QStringLiteral("fuzz-crashes")) != nullptr);
        QVERIFY(findings::parserIds().contains(QStringLiteral("fuzz-crashes")));
    }

    void libFuzzerLogDeduplicated()
    {
        // 16 records: 3 inputs hit the read overflow, 2 the write overflow, 2 the UBSan overflow.
        const QList<Finding> findings = parse(QStringLiteral("crashes-libfuzzer.log"));
        QCOMPARE(findings.size(), 16 - 2 - 1 - 1);
        QStringList rules;
        for (const Finding &f : findings)
            rules << f.ruleId;
        QCOMPARE(rules,
                 (QStringList{QStringLiteral("heap-buffer-overflow"), QStringLiteral("heap-buffer-overflow"),
                              QStringLiteral("use-after-free"), QStringLiteral("undefined-behavior"),
                              QStringLiteral("double-free"), QStringLiteral("global-buffer-overflow"),
                              QStringLiteral("stack-buffer-overflow"), QStringLiteral("SEGV"),
                              QStringLiteral("timeout"), QStringLiteral("out-of-memory"),
                              QStringLiteral("memory-leak"), QStringLiteral("deadly-signal")}));
        QSet<QString> signatures;
        for (const Finding &f : findings) {
            const QJsonObject c = crashOf(f);
            QCOMPARE(f.fingerprint, c.value(QLatin1String("signature")).toString());
            QCOMPARE(f.fingerprint.size(), 64);
            QCOMPARE(c.value(QLatin1String("type")).toString(), f.ruleId);
            QCOMPARE(c.value(QLatin1String("engine")).toString(), QStringLiteral("libfuzzer"));
            QCOMPARE(f.tool, QStringLiteral("libfuzzer"));
            QCOMPARE(f.workflow, QStringLiteral("libfuzzer"));
            QCOMPARE(f.toolVersion, QStringLiteral("14.0.6"));
            QVERIFY2(f.path == QLatin1String("src/parser.c"), qPrintable(f.title));
            QVERIFY(f.region.startLine > 0);
            QVERIFY(f.message.startsWith(QLatin1String("SUMMARY: ")) ||
                    f.ruleId == QLatin1String("memory-leak"));
            QVERIFY(
                c.value(QLatin1String("stack")).toString().contains(QLatin1String("/target/src/parser.c")));
            signatures << f.fingerprint;
        }
        QCOMPARE(signatures.size(), findings.size()); // different bugs, different signatures
    }

    void heapOverflowRead()
    {
        const QList<Finding> findings = parse(QStringLiteral("crashes-libfuzzer.log"));
        const Finding *f = byTitle(findings, QStringLiteral("heap-buffer-overflow in read_field"));
        QVERIFY(f);
        QCOMPARE(f->severity, Severity::High);
        QCOMPARE(f->cwe, QStringLiteral("CWE-125"));
        QCOMPARE(f->path, QStringLiteral("src/parser.c"));
        QCOMPARE(f->region.startLine, 12);
        QCOMPARE(f->region.startColumn, 13);
        QCOMPARE(f->confidence, QStringLiteral("high"));
        QVERIFY(f->message.startsWith(QLatin1String(
            "SUMMARY: AddressSanitizer: heap-buffer-overflow /target/src/parser.c:12:13 in read_field")));
        QVERIFY(f->message.contains(QLatin1String("#0 read_field src/parser.c:12:13")));
        QVERIFY(f->message.contains(QLatin1String("#2 LLVMFuzzerTestOneInput fuzz/fuzz_parser.c:8:5")));

        const QJsonObject c = crashOf(*f);
        QCOMPARE(c.value(QLatin1String("access")).toString(), QStringLiteral("READ"));
        QCOMPARE(c.value(QLatin1String("kind")).toString(), QStringLiteral("crash"));
        const QJsonArray frames = c.value(QLatin1String("frames")).toArray();
        QCOMPARE(frames.size(), 3);
        QCOMPARE(frames.at(0).toString(), QStringLiteral("read_field src/parser.c:12"));
        QCOMPARE(frames.at(1).toString(), QStringLiteral("parse_record src/parser.c:97"));
        QCOMPARE(frames.at(2).toString(), QStringLiteral("LLVMFuzzerTestOneInput fuzz/fuzz_parser.c:8"));
        QCOMPARE(f->fingerprint,
                 expectedSignature(QStringLiteral("heap-buffer-overflow"),
                                   {QStringLiteral("read_field src/parser.c"),
                                    QStringLiteral("parse_record src/parser.c"),
                                    QStringLiteral("LLVMFuzzerTestOneInput fuzz/fuzz_parser.c")}));

        // Inputs "FRxxxxxxxx" (10 bytes), "FR" (2) and "FRabc" (5): one finding, the smallest kept.
        QCOMPARE(c.value(QLatin1String("occurrences")).toInt(), 3);
        const QJsonObject reproducer = c.value(QLatin1String("reproducer")).toObject();
        QCOMPARE(reproducer.value(QLatin1String("size")).toInt(), 2);
        QCOMPARE(reproducer.value(QLatin1String("base64")).toString(), QStringLiteral("RlI="));
        QCOMPARE(reproducer.value(QLatin1String("name")).toString(), sha1Hex("FR"));
        // The stack is the smallest input's report.
        QVERIFY(c.value(QLatin1String("stack"))
                    .toString()
                    .contains(QLatin1String("Running: /results/crashes/") + sha1Hex("FR")));
    }

    void heapOverflowWriteIsCritical()
    {
        const QList<Finding> findings = parse(QStringLiteral("crashes-libfuzzer.log"));
        const Finding *f = byTitle(findings, QStringLiteral("heap-buffer-overflow in write_field"));
        QVERIFY(f);
        QCOMPARE(f->severity, Severity::Critical);
        QCOMPARE(f->cwe, QStringLiteral("CWE-787"));
        const QJsonObject c = crashOf(*f);
        QCOMPARE(c.value(QLatin1String("access")).toString(), QStringLiteral("WRITE"));
        QCOMPARE(c.value(QLatin1String("occurrences")).toInt(), 2);
        QCOMPARE(c.value(QLatin1String("reproducer")).toObject().value(QLatin1String("size")).toInt(), 5);
        QCOMPARE(c.value(QLatin1String("reproducer")).toObject().value(QLatin1String("base64")).toString(),
                 QString::fromLatin1(QByteArray("FWabc").toBase64()));
        const Finding *read = byTitle(findings, QStringLiteral("heap-buffer-overflow in read_field"));
        QVERIFY(read);
        QVERIFY(read->fingerprint != f->fingerprint); // same type, different frames
    }

    void otherCrashTypes_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<int>("severity");
        QTest::addColumn<QString>("access");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("cwe");
        QTest::addColumn<QString>("firstFrame");
        QTest::addRow("uaf") << "use-after-free in use_after_free" << int(Severity::Critical) << "READ" << 30
                             << "CWE-416"
                             << "use_after_free src/parser.c:30";
        QTest::addRow("double free") << "double-free in double_free" << int(Severity::Critical) << "" << 60
                                     << "CWE-415"
                                     << "double_free src/parser.c:60";
        QTest::addRow("global") << "global-buffer-overflow in global_index" << int(Severity::High) << "READ"
                                << 68 << "CWE-125"
                                << "global_index src/parser.c:68";
        // memcpy's interceptor is the top frame; the project's frame below it is the location.
        QTest::addRow("stack") << "stack-buffer-overflow in stack_copy" << int(Severity::Critical) << "WRITE"
                               << 74 << "CWE-787"
                               << "stack_copy src/parser.c:74";
        QTest::addRow("segv") << "SEGV in null_deref" << int(Severity::High) << "READ" << 88 << "CWE-476"
                              << "null_deref src/parser.c:88";
        QTest::addRow("ubsan") << "undefined-behavior in add_lengths" << int(Severity::Medium) << "" << 37
                               << "CWE-190"
                               << "add_lengths src/parser.c:37";
        QTest::addRow("timeout") << "timeout in spin" << int(Severity::Medium) << "" << 44 << "CWE-835"
                                 << "spin src/parser.c:44";
        QTest::addRow("oom") << "out-of-memory in hog" << int(Severity::Medium) << "" << 80 << "CWE-770"
                             << "hog src/parser.c:80";
        QTest::addRow("leak") << "memory-leak in leak_it" << int(Severity::Medium) << "" << 51 << "CWE-401"
                              << "leak_it src/parser.c:51";
        QTest::addRow("abort") << "deadly-signal in parse_record" << int(Severity::Medium) << "" << 117 << ""
                               << "parse_record src/parser.c:117";
    }

    void otherCrashTypes()
    {
        QFETCH(QString, title);
        QFETCH(int, severity);
        QFETCH(QString, access);
        QFETCH(int, line);
        QFETCH(QString, cwe);
        QFETCH(QString, firstFrame);
        const QList<Finding> findings = parse(QStringLiteral("crashes-libfuzzer.log"));
        const Finding *f = byTitle(findings, title);
        QVERIFY2(f, qPrintable(title));
        QCOMPARE(int(f->severity), severity);
        QCOMPARE(f->region.startLine, line);
        QCOMPARE(f->cwe, cwe);
        const QJsonObject c = crashOf(*f);
        QCOMPARE(c.value(QLatin1String("access")).toString(), access);
        QCOMPARE(c.value(QLatin1String("frames")).toArray().first().toString(), firstFrame);
        QVERIFY(c.value(QLatin1String("stack")).toString().size() > 200);
    }

    void ubsanCheckAndOccurrences()
    {
        const QList<Finding> findings = parse(QStringLiteral("crashes-libfuzzer.log"));
        const Finding *f = byTitle(findings, QStringLiteral("undefined-behavior in add_lengths"));
        QVERIFY(f);
        const QJsonObject c = crashOf(*f);
        QCOMPARE(c.value(QLatin1String("check")).toString(), QStringLiteral("signed-integer-overflow"));
        QCOMPARE(c.value(QLatin1String("occurrences")).toInt(), 2);
        QCOMPARE(c.value(QLatin1String("reproducer")).toObject().value(QLatin1String("size")).toInt(), 2);
        QVERIFY(f->message.startsWith(QLatin1String(
            "SUMMARY: UndefinedBehaviorSanitizer: signed-integer-overflow /target/src/parser.c:37:14")));
    }

    void ubsanWithoutStackTrace()
    {
        // Without UBSAN_OPTIONS=print_stacktrace=1 UBSan prints only the location and a
        // summary that does not name the check: both come from the "runtime error" line.
        const QList<Finding> findings = parse(QStringLiteral("crashes-ubsan-nostack.log"));
        QCOMPARE(findings.size(), 1);
        const Finding &f = findings.first();
        QCOMPARE(f.ruleId, QStringLiteral("undefined-behavior"));
        QCOMPARE(f.path, QStringLiteral("src/parser.c"));
        QCOMPARE(f.region.startLine, 37);
        QCOMPARE(f.region.startColumn, 14);
        QCOMPARE(f.title, QStringLiteral("undefined-behavior in src/parser.c:37"));
        QCOMPARE(crashOf(f).value(QLatin1String("check")).toString(),
                 QStringLiteral("signed-integer-overflow"));
        QCOMPARE(f.severity, Severity::Medium);
    }

    void aflPlusPlusCampaign()
    {
        // Nine crashing inputs AFL++ saved in 70 s, all the same planted bug, and one input that
        // did not crash again when re-run.
        const QList<Finding> findings = parse(QStringLiteral("crashes-afl.log"), QStringLiteral("afl++"));
        QCOMPARE(findings.size(), 2);
        const Finding &bug = findings.at(0);
        QCOMPARE(bug.ruleId, QStringLiteral("stack-buffer-overflow"));
        QCOMPARE(bug.title, QStringLiteral("stack-buffer-overflow in LLVMFuzzerTestOneInput"));
        QCOMPARE(bug.tool, QStringLiteral("afl++"));
        QCOMPARE(bug.path, QStringLiteral("src/stats_target.c"));
        QCOMPARE(bug.severity, Severity::Critical);
        const QJsonObject c = crashOf(bug);
        QCOMPARE(c.value(QLatin1String("engine")).toString(), QStringLiteral("afl++"));
        QCOMPARE(c.value(QLatin1String("occurrences")).toInt(), 9);
        const QJsonObject reproducer = c.value(QLatin1String("reproducer")).toObject();
        QCOMPARE(reproducer.value(QLatin1String("size")).toInt(), 5);
        const QByteArray input =
            QByteArray::fromBase64(reproducer.value(QLatin1String("base64")).toString().toLatin1());
        QCOMPARE(input.size(), 5);
        QVERIFY(input.startsWith("BUG"));
        QCOMPARE(reproducer.value(QLatin1String("name")).toString(), sha1Hex(input));

        const Finding &unknown = findings.at(1);
        QCOMPARE(unknown.ruleId, QStringLiteral("fuzzer-crash"));
        QCOMPARE(unknown.title, QStringLiteral("fuzzer-crash"));
        QCOMPARE(unknown.confidence, QStringLiteral("low"));
        QCOMPARE(unknown.severity, Severity::Medium);
        QVERIFY(unknown.path.isEmpty());
        QCOMPARE(crashOf(unknown).value(QLatin1String("occurrences")).toInt(), 1);
        QCOMPARE(unknown.fingerprint, expectedSignature(QStringLiteral("fuzzer-crash"), {}));
    }

    void emptyLogHasNoFindings()
    {
        auto r = fuzz::parseCrashLog(QByteArray(), context());
        QVERIFY(r);
        QVERIFY(r->isEmpty());
        r = fuzz::parseCrashLog("\n\n", context());
        QVERIFY(r);
        QVERIFY(r->isEmpty());
    }

    void malformed_data()
    {
        const QByteArray log = ff::test::readFixture(QStringLiteral("fuzz/crashes-libfuzzer.log"));
        const qsizetype secondEnd = log.indexOf("==== FUZZFORGE END", log.indexOf("==== FUZZFORGE END") + 1);
        const QByteArray header = "==== FUZZFORGE CRASH name=6d2830b1e76dc7300fce6745176601827d233de8 size=2 "
                                  "kind=crash engine=libfuzzer base64=RlI=\n";
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("error");
        QTest::addRow("truncated") << log.left(log.size() / 2) << "is not terminated";
        QTest::addRow("end marker lost")
            << log.left(secondEnd) + log.mid(secondEnd + 19) << "has no end marker";
        QTest::addRow("no kind") << QByteArray(
                                        "==== FUZZFORGE CRASH name=ab size=2 engine=libfuzzer base64=RlI=\n"
                                        "==== FUZZFORGE END\n")
                                 << "no kind=";
        QTest::addRow("bad kind") << QByteArray(header).replace("kind=crash", "kind=boom") +
                                         "==== FUZZFORGE END\n"
                                  << "unknown kind";
        QTest::addRow("bad size") << QByteArray(header).replace("size=2", "size=two") + "==== FUZZFORGE END\n"
                                  << "not a byte count";
        QTest::addRow("size mismatch")
            << QByteArray(header).replace("size=2", "size=3") + "==== FUZZFORGE END\n"
            << "base64 holds 2 bytes";
        QTest::addRow("bad base64") << QByteArray(header).replace("RlI=", "Rl!I") + "==== FUZZFORGE END\n"
                                    << "base64 is not valid";
        QTest::addRow("not key=value")
            << QByteArray("==== FUZZFORGE CRASH oops\n==== FUZZFORGE END\n") << "not key=value";
        QTest::addRow("text outside")
            << QByteArray("AddressSanitizer said something\n") + log << "outside a record";
        QTest::addRow("stray end") << QByteArray("==== FUZZFORGE END\n") << "without a record";
        QTest::addRow("also without count")
            << log + "==== FUZZFORGE ALSO name=6d2830b1e76dc7300fce6745176601827d233de8\n"
            << "malformed ALSO line";
        QTest::addRow("also for no record")
            << log + "==== FUZZFORGE ALSO name=00000000000000000000000000000000000000aa count=3\n"
            << "which has no record";
    }

    void malformed()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, error);
        const auto r = fuzz::parseCrashLog(input, context());
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(error), qPrintable(r.error().message));
        QCOMPARE(r.error().kind, Error::Kind::Parse);
    }

    void alsoLinesAddToOccurrences()
    {
        // Inputs the triage did not re-run (same DEDUP_TOKEN as a recorded one) still count, on
        // the finding of the input they were grouped with.
        const QByteArray log = ff::test::readFixture(QStringLiteral("fuzz/crashes-libfuzzer.log"));
        const QList<Finding> before = parse(QStringLiteral("crashes-libfuzzer.log"));
        const QJsonObject first = crashOf(before.first());
        const QString name =
            first.value(QLatin1String("reproducer")).toObject().value(QLatin1String("name")).toString();
        const auto r = fuzz::parseCrashLog(
            log + "==== FUZZFORGE ALSO name=" + name.toLatin1() + " count=40\n", context());
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QCOMPARE(r->size(), before.size());
        QCOMPARE(crashOf(r->first()).value(QLatin1String("occurrences")).toInt(),
                 first.value(QLatin1String("occurrences")).toInt() + 40);
        for (qsizetype i = 1; i < r->size(); ++i)
            QCOMPARE(crashOf(r->at(i)).value(QLatin1String("occurrences")),
                     crashOf(before.at(i)).value(QLatin1String("occurrences")));
    }

    void emptyBase64ForBigInputs()
    {
        // Inputs over 1 MiB are not inlined: the record has an empty base64.
        const QByteArray log =
            "==== FUZZFORGE CRASH name=0123abcd size=2000000 kind=oom engine=libfuzzer base64=\n"
            "==7== ERROR: libFuzzer: out-of-memory (used: 2100Mb; exceeds: 2048Mb)\n"
            "SUMMARY: libFuzzer: out-of-memory\n"
            "==== FUZZFORGE END\n";
        const auto r = fuzz::parseCrashLog(log, context());
        QVERIFY(r);
        QCOMPARE(r->size(), 1);
        const QJsonObject reproducer = crashOf(r->first()).value(QLatin1String("reproducer")).toObject();
        QCOMPARE(reproducer.value(QLatin1String("size")).toInt(), 2000000);
        QVERIFY(reproducer.value(QLatin1String("base64")).toString().isEmpty());
        QCOMPARE(r->first().ruleId, QStringLiteral("out-of-memory"));
    }

    void stackIsCapped()
    {
        const QByteArray log = ff::test::readFixture(QStringLiteral("fuzz/crashes-libfuzzer.log"));
        const qsizetype end = log.indexOf("==== FUZZFORGE END");
        QByteArray record = log.left(end);
        for (int i = 0; i < 2000; ++i)
            record += "INFO: padding line " + QByteArray::number(i) + " of a very chatty harness\n";
        record += "==== FUZZFORGE END\n";
        const auto r = fuzz::parseCrashLog(record, context());
        QVERIFY(r);
        const QString stack = crashOf(r->first()).value(QLatin1String("stack")).toString();
        QVERIFY(stack.size() <= 32 * 1024 + 64);
        QVERIFY(stack.endsWith(QLatin1String("[... report truncated]\n")));
        QCOMPARE(r->first().ruleId, QStringLiteral("heap-buffer-overflow"));
    }

    void findingPropertiesRoundTrip()
    {
        const QList<Finding> findings = parse(QStringLiteral("crashes-libfuzzer.log"));
        const Finding &f = findings.first();
        const QJsonObject json = f.toJson();
        QVERIFY(json.contains(QLatin1String("properties")));
        const Finding back = Finding::fromJson(
            QJsonDocument::fromJson(QJsonDocument(json).toJson(QJsonDocument::Compact)).object());
        QCOMPARE(back, f);
        Finding other = back;
        other.properties = {};
        QVERIFY(!(other == f));
        QVERIFY(!other.toJson().contains(QLatin1String("properties")));
        QCOMPARE(Finding::fromJson(other.toJson()), other);
    }

    void reportParsedAlone()
    {
        const QString report =
            QStringLiteral("==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x60 at pc\n"
                           "READ of size 1 at 0x602000000050 thread T0\n"
                           "    #0 0x55 in f /target/a.c:3:1\n"
                           "    #1 0x55 in g(int, char*) /target/b.cpp:7\n"
                           "    #2 0x7f  (/lib/x86_64-linux-gnu/libc.so.6+0x3c04f) (BuildId: 93ac)\n"
                           "\n"
                           "freed by thread T0 here:\n"
                           "    #0 0x55 in free\n");
        const fuzz::CrashReport r = fuzz::parseSanitizerReport(report);
        QCOMPARE(r.type, QStringLiteral("use-after-free"));
        QCOMPARE(r.access, QStringLiteral("READ"));
        QCOMPARE(r.frames.size(), 3);
        QCOMPARE(r.frames.at(1).function, QStringLiteral("g(int, char*)"));
        QCOMPARE(r.frames.at(1).path, QStringLiteral("b.cpp"));
        QCOMPARE(r.frames.at(1).line, 7);
        QVERIFY(!r.frames.at(2).inProject());
        QCOMPARE(r.frames.at(2).file, QStringLiteral("(/lib/x86_64-linux-gnu/libc.so.6+0x3c04f)"));
        QCOMPARE(fuzz::crashSignature(r),
                 expectedSignature(QStringLiteral("use-after-free"),
                                   {QStringLiteral("f a.c"), QStringLiteral("g(int, char*) b.cpp")}));
    }
};

QTEST_GUILESS_MAIN(TestCrashes)
#include "tst_crashes.moc"

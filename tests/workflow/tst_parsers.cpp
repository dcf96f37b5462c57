// The tool-output parsers on real outputs of the built-in workflows' tools (recorded from
// containers running them on resources/examples), and on damaged copies of them.
#include "findings/parsers.h"
#include "testutil.h"

#include <QTest>

using namespace ff::findings;

class TestParsers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cppcheck();
    void flawfinder();
    void bandit();
    void shellcheck();
    void sarifFromAnotherTool();
    void damagedOutputIsAnError_data();
    void damagedOutputIsAnError();
    void concatenatedJsonDocuments();
    void csvQuoting();
    void registry();

private:
    static ParseContext ctx(const QString &tool)
    {
        ParseContext c;
        c.workflow = QStringLiteral("wf");
        c.tool = tool;
        c.toolVersion = QStringLiteral("1.0");
        return c;
    }
};

void TestParsers::cppcheck()
{
    const auto r = parseCppcheckXml(ff::test::readFixture(QStringLiteral("tool-cppcheck.xml")),
                                    ctx(QStringLiteral("cppcheck")));
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(r->size(), 2);
    const Finding &oob = r->at(0);
    QCOMPARE(oob.ruleId, QStringLiteral("arrayIndexOutOfBounds"));
    QCOMPARE(oob.path, QStringLiteral("util.c"));
    QCOMPARE(oob.region.startLine, 10); // the first location, not the explanatory second one
    QCOMPARE(oob.region.startColumn, 14);
    QCOMPARE(oob.severity, Severity::High);
    QCOMPARE(oob.cwe, QStringLiteral("CWE-788"));
    QCOMPARE(oob.toolVersion, QStringLiteral("2.10")); // from the XML, over the context's
    QCOMPARE(oob.workflow, QStringLiteral("wf"));
    QVERIFY(oob.message.contains(QLatin1String("out of bounds")));
    QCOMPARE(r->at(1).severity, Severity::Low); // style
}

void TestParsers::flawfinder()
{
    const auto r = parseFlawfinderCsv(ff::test::readFixture(QStringLiteral("tool-flawfinder.csv")),
                                      ctx(QStringLiteral("flawfinder")));
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(r->size(), 6);
    const Finding &f = r->first();
    QCOMPARE(f.ruleId, QStringLiteral("FF1001"));
    QCOMPARE(f.title, QStringLiteral("buffer/strcpy"));
    QCOMPARE(f.path, QStringLiteral("main.c"));
    QCOMPARE(f.region.startLine, 12);
    QCOMPARE(f.severity, Severity::High); // level 4
    QCOMPARE(f.cwe, QStringLiteral("CWE-120"));
    QCOMPARE(f.toolVersion, QStringLiteral("2.0.19"));
    // The quoted field with a comma and doubled quotes came through whole.
    const auto sprintfFinding = std::find_if(
        r->cbegin(), r->cend(), [](const Finding &x) { return x.ruleId == QLatin1String("FF1015"); });
    QVERIFY(sprintfFinding != r->cend());
    QCOMPARE(sprintfFinding->region.startLine, 20);
    QCOMPARE(r->last().severity, Severity::Low);        // level 2
    QCOMPARE(r->last().cwe, QStringLiteral("CWE-119")); // "CWE-119!/CWE-120": the first
}

void TestParsers::bandit()
{
    const auto r = parseBanditJson(ff::test::readFixture(QStringLiteral("tool-bandit.json")),
                                   ctx(QStringLiteral("bandit")));
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QStringList rules;
    for (const auto &f : r.value())
        rules << QStringLiteral("%1@%2").arg(f.ruleId).arg(f.region.startLine);
    QCOMPARE(rules,
             (QStringList{QStringLiteral("B403@4"), QStringLiteral("B404@5"), QStringLiteral("B602@12"),
                          QStringLiteral("B605@16"), QStringLiteral("B307@20"), QStringLiteral("B301@24"),
                          QStringLiteral("B506@28")}));
    const Finding &shell = r->at(2);
    QCOMPARE(shell.path, QStringLiteral("app.py"));
    QCOMPARE(shell.severity, Severity::High);
    QCOMPARE(shell.confidence, QStringLiteral("high"));
    QCOMPARE(shell.cwe, QStringLiteral("CWE-78"));
    QCOMPARE(shell.title, QStringLiteral("subprocess_popen_with_shell_equals_true"));
    QCOMPARE(r->at(1).region.endLine, 6); // line_range [5, 6]
}

void TestParsers::shellcheck()
{
    const auto r = parseShellcheckJson(ff::test::readFixture(QStringLiteral("tool-shellcheck.json")),
                                       ctx(QStringLiteral("shellcheck")));
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(r->size(), 6);
    QCOMPARE(r->first().ruleId, QStringLiteral("SC2086"));
    QCOMPARE(r->first().path, QStringLiteral("deploy.sh"));
    QCOMPARE(r->first().region.startLine, 5);
    QCOMPARE(r->first().region.startColumn, 12);
    QCOMPARE(r->first().region.endColumn, 19);
    QCOMPARE(r->first().severity, Severity::Low); // info
    const auto cd = std::find_if(r->cbegin(), r->cend(),
                                 [](const Finding &f) { return f.ruleId == QLatin1String("SC2164"); });
    QVERIFY(cd != r->cend());
    QCOMPARE(cd->severity, Severity::Medium); // warning
}

void TestParsers::sarifFromAnotherTool()
{
    const auto r =
        parseSarif(ff::test::readFixture(QStringLiteral("external.sarif")), ctx(QStringLiteral("user")));
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(r->size(), 3);
    const Finding &a = r->at(0);
    QCOMPARE(a.tool, QStringLiteral("semgrep-like"));
    QCOMPARE(a.toolVersion, QStringLiteral("9.9.9"));
    QCOMPARE(a.ruleId, QStringLiteral("py.eval"));
    QCOMPARE(a.title, QStringLiteral("eval-used"));
    QCOMPARE(a.path, QStringLiteral("app.py")); // file:///target/app.py inside the container
    QCOMPARE(a.region.startLine, 20);
    QCOMPARE(a.severity, Severity::Critical); // security-severity 9.8
    QCOMPARE(a.cwe, QStringLiteral("CWE-95"));
    QCOMPARE(a.helpUri, QStringLiteral("https://example.invalid/eval"));
    QCOMPARE(a.workflow, QStringLiteral("wf"));
    const Finding &b = r->at(1);
    QCOMPARE(b.ruleId, QStringLiteral("py.note")); // from ruleIndex alone
    QCOMPARE(b.path, QStringLiteral("lib/util file.py"));
    QCOMPARE(b.severity, Severity::Low); // the rule's default level, note
    QVERIFY(r->at(2).path.isEmpty());    // no location: still a finding
    QCOMPARE(r->at(2).severity, Severity::Critical);
}

void TestParsers::damagedOutputIsAnError_data()
{
    QTest::addColumn<QString>("parser");
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<QString>("expected"); // part of the message
    QTest::addRow("cppcheck truncated")
        << "cppcheck-xml" << ff::test::readFixture(QStringLiteral("tool-cppcheck-truncated.xml"))
        << "malformed XML";
    QTest::addRow("cppcheck empty") << "cppcheck-xml" << QByteArray() << "wrote nothing";
    QTest::addRow("cppcheck v1") << "cppcheck-xml" << QByteArray("<results version=\"1\"></results>")
                                 << "version 2";
    QTest::addRow("cppcheck other xml") << "cppcheck-xml" << QByteArray("<html></html>") << "no <results>";
    QTest::addRow("flawfinder cut in a quote")
        << "flawfinder-csv" << ff::test::readFixture(QStringLiteral("tool-flawfinder-truncated.csv"))
        << "unterminated";
    QTest::addRow("flawfinder short row")
        << "flawfinder-csv" << ff::test::readFixture(QStringLiteral("tool-flawfinder-shortrow.csv"))
        << "fields";
    QTest::addRow("flawfinder not csv") << "flawfinder-csv" << QByteArray("hello\nworld\n") << "header";
    QTest::addRow("bandit truncated")
        << "bandit-json" << ff::test::readFixture(QStringLiteral("tool-bandit-truncated.json"))
        << "truncated";
    QTest::addRow("bandit empty") << "bandit-json" << QByteArray("  \n") << "wrote nothing";
    QTest::addRow("bandit wrong shape") << "bandit-json" << QByteArray("{\"errors\": []}") << "results";
    QTest::addRow("bandit garbage") << "bandit-json" << QByteArray("Traceback (most recent call last):")
                                    << "JSON";
    QTest::addRow("shellcheck wrong shape") << "shellcheck-json" << QByteArray("[]") << "object";
    QTest::addRow("shellcheck no code")
        << "shellcheck-json" << QByteArray("{\"comments\":[{\"line\":1}]}") << "code";
    QTest::addRow("sarif version") << "sarif" << QByteArray("{\"version\":\"2.0.0\",\"runs\":[]}") << "2.1.0";
    QTest::addRow("sarif truncated") << "sarif"
                                     << ff::test::readFixture(QStringLiteral("external.sarif")).left(300)
                                     << "malformed JSON";
    QTest::addRow("sarif bad ruleIndex")
        << "sarif"
        << QByteArray("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"t\"}},\"results\":"
                      "[{\"ruleIndex\":4,\"message\":{\"text\":\"m\"}}]}]}")
        << "out of range";
    QTest::addRow("sarif no tool") << "sarif"
                                   << QByteArray("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[]}]}")
                                   << "driver.name";
}

void TestParsers::damagedOutputIsAnError()
{
    QFETCH(QString, parser);
    QFETCH(QByteArray, output);
    QFETCH(QString, expected);
    Parser p = parserFor(parser);
    QVERIFY(p);
    const auto r = p(output, ctx(parser));
    QVERIFY2(!r.ok(), "a damaged output must never parse as a (shorter) list of findings");
    QCOMPARE(r.error().kind, ff::Error::Kind::Parse);
    QVERIFY2(r.error().message.contains(expected), qPrintable(r.error().message));
}

void TestParsers::concatenatedJsonDocuments()
{
    // shellcheck run by xargs in two batches writes two documents one after the other.
    const QByteArray one = ff::test::readFixture(QStringLiteral("tool-shellcheck.json")).trimmed();
    const auto r = parseShellcheckJson(one + "\n" + one, ctx(QStringLiteral("shellcheck")));
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(r->size(), 12);
}

void TestParsers::csvQuoting()
{
    const auto rows = parseCsv("a,\"b,c\",\"d \"\"e\"\"\"\r\n\"multi\nline\",,x\n");
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(0),
             (QStringList{QStringLiteral("a"), QStringLiteral("b,c"), QStringLiteral("d \"e\"")}));
    QCOMPARE(rows->at(1), (QStringList{QStringLiteral("multi\nline"), QString(), QStringLiteral("x")}));
}

void TestParsers::registry()
{
    for (const QString &id : parserIds())
        QVERIFY2(parserFor(id), qPrintable(id));
    QVERIFY(!parserFor(QStringLiteral("no-such-parser")));
}

QTEST_GUILESS_MAIN(TestParsers)
#include "tst_parsers.moc"

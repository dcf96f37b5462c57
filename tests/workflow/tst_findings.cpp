// The Finding model: fingerprints that survive code moving, snippets from the project, and a
// SARIF round trip that keeps every field and identity.
#include "findings/parsers.h"
#include "findings/sarif.h"
#include "report/report.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace ff::findings;

class TestFindings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fingerprintSurvivesMovingCode();
    void identicalLinesStayApart();
    void snippetFromProject();
    void severities_data();
    void severities();
    void relativePaths_data();
    void relativePaths();
    void sarifRoundTrip();
    void sarifShape();

private:
    // SARIF as a report writes it: one run per workflow, nothing filtered or redacted.
    static QByteArray sarifOf(const QList<Finding> &fs, const QString &root)
    {
        QList<ff::report::RunInfo> runs;
        QList<ff::report::Entry> entries;
        for (const Finding &f : fs) {
            if (std::none_of(runs.cbegin(), runs.cend(), [&](const auto &r) { return r.id == f.workflow; })) {
                ff::report::RunInfo r;
                r.id = f.workflow;
                r.workflow = f.workflow;
                r.projectPath = root;
                r.succeeded = true;
                runs << r;
            }
            ff::report::Entry e;
            e.finding = f;
            e.runId = f.workflow;
            entries << e;
        }
        ff::report::Options options;
        options.redactSecrets = false;
        return ff::report::renderSarif(ff::report::assemble(runs, entries, {}, options));
    }
    static void write(const QString &path, const QByteArray &data)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(data);
    }
    static Finding finding(const QString &rule, const QString &path, int line)
    {
        Finding f;
        f.workflow = QStringLiteral("c-cpp-static");
        f.tool = QStringLiteral("flawfinder");
        f.ruleId = rule;
        f.path = path;
        f.region.startLine = line;
        f.message = QStringLiteral("m");
        return f;
    }
};

void TestFindings::fingerprintSurvivesMovingCode()
{
    QTemporaryDir dir;
    write(dir.filePath(QStringLiteral("a.c")), "int x;\n    strcpy(buf, name);\n");
    QList<Finding> before{finding(QStringLiteral("FF1001"), QStringLiteral("a.c"), 2)};
    completeFindings(before, dir.path());
    // Lines added above, and the line re-indented: same rule, file and code.
    write(dir.filePath(QStringLiteral("a.c")), "// new\n// lines\nint x;\n\tstrcpy(buf,  name);\n");
    QList<Finding> after{finding(QStringLiteral("FF1001"), QStringLiteral("a.c"), 4)};
    completeFindings(after, dir.path());
    QCOMPARE(after.first().fingerprint, before.first().fingerprint);
    QCOMPARE(after.first().fingerprint.size(), 32);
    // Another rule, another file or changed code: another identity.
    QVERIFY(fingerprintOf(QStringLiteral("FF1002"), QStringLiteral("a.c"),
                          QStringLiteral("strcpy(buf, name);")) != before.first().fingerprint);
    QVERIFY(fingerprintOf(QStringLiteral("FF1001"), QStringLiteral("b.c"),
                          QStringLiteral("strcpy(buf, name);")) != before.first().fingerprint);
    QVERIFY(fingerprintOf(QStringLiteral("FF1001"), QStringLiteral("a.c"),
                          QStringLiteral("strcpy(buf, other);")) != before.first().fingerprint);
}

void TestFindings::identicalLinesStayApart()
{
    QTemporaryDir dir;
    write(dir.filePath(QStringLiteral("a.c")), "x();\nx();\n");
    QList<Finding> fs{finding(QStringLiteral("R"), QStringLiteral("a.c"), 1),
                      finding(QStringLiteral("R"), QStringLiteral("a.c"), 2)};
    completeFindings(fs, dir.path());
    QVERIFY(fs[0].fingerprint != fs[1].fingerprint);
}

void TestFindings::snippetFromProject()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("src")));
    write(dir.filePath(QStringLiteral("src/m.py")), "a = 1\nb = eval(x)\r\nc = 3\n");
    QList<Finding> fs{finding(QStringLiteral("B307"), QStringLiteral("src/m.py"), 2),
                      finding(QStringLiteral("B307"), QStringLiteral("src/missing.py"), 2),
                      finding(QStringLiteral("B307"), QStringLiteral("src/m.py"), 99)};
    fs[0].region.endLine = 3;
    completeFindings(fs, dir.path());
    QCOMPARE(fs[0].snippet, QStringLiteral("b = eval(x)\r\nc = 3"));
    QVERIFY(fs[1].snippet.isEmpty());
    QVERIFY(!fs[1].fingerprint.isEmpty()); // a vanished file still gives a stable identity
    QVERIFY(fs[2].snippet.isEmpty());
}

void TestFindings::severities_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("severity");
    QTest::addRow("critical") << "Critical" << int(Severity::Critical);
    QTest::addRow("error") << "error" << int(Severity::High);
    QTest::addRow("warning") << "WARNING" << int(Severity::Medium);
    QTest::addRow("style") << "style" << int(Severity::Low);
    QTest::addRow("note") << "note" << int(Severity::Info);
    QTest::addRow("unknown") << "bogus" << -1;
}

void TestFindings::severities()
{
    QFETCH(QString, text);
    QFETCH(int, severity);
    const auto s = parseSeverity(text);
    QCOMPARE(s ? int(*s) : -1, severity);
    if (s)
        QCOMPARE(parseSeverity(severityName(*s)), s);
}

void TestFindings::relativePaths_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::addRow("inside") << "/target/src/a.c"
                            << "src/a.c";
    QTest::addRow("file url") << "file:///target/a.c"
                              << "a.c";
    QTest::addRow("relative") << "./src/../a.c"
                              << "a.c";
    QTest::addRow("escape") << "../etc/passwd"
                            << "";
    QTest::addRow("outside") << "/usr/include/stdio.h"
                             << "";
    QTest::addRow("prefix lookalike") << "/targetx/a.c"
                                      << "";
}

void TestFindings::relativePaths()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(relativeToTarget(in), out);
}

void TestFindings::sarifRoundTrip()
{
    QTemporaryDir dir;
    write(dir.filePath(QStringLiteral("a.c")), "int main() {\n  gets(buf);\n}\n");
    QList<Finding> fs;
    Finding a = finding(QStringLiteral("FF1001"), QStringLiteral("a.c"), 2);
    a.title = QStringLiteral("buffer/gets");
    a.message = QStringLiteral("Does not check for buffer overflows");
    a.severity = Severity::Critical;
    a.cwe = QStringLiteral("CWE-120");
    a.confidence = QStringLiteral("high");
    a.toolVersion = QStringLiteral("2.0.19");
    a.helpUri = QStringLiteral("https://cwe.mitre.org/data/definitions/120.html");
    a.region.startColumn = 3;
    a.region.endLine = 2;
    a.region.endColumn = 12;
    Finding b = finding(QStringLiteral("SC2086"), QStringLiteral("dir with space/x.sh"), 0);
    b.tool = QStringLiteral("shellcheck");
    b.workflow = QStringLiteral("shell-static");
    b.severity = Severity::Info;
    b.title = QStringLiteral("SC2086");
    fs << a << b << a; // the same rule twice in one run: one rule entry, two results
    fs[2].region.startLine = 1;
    completeFindings(fs, dir.path());

    const QByteArray sarif = sarifOf(fs, dir.path());
    ParseContext ctx;
    ctx.tool = QStringLiteral("import");
    const auto back = parseSarif(sarif, ctx);
    QVERIFY2(back.ok(), qPrintable(back.error().toString()));
    QCOMPARE(back->size(), fs.size());
    // Runs are grouped by workflow and tool: compare as sets keyed by fingerprint.
    for (const Finding &orig : fs) {
        const auto it = std::find_if(back->cbegin(), back->cend(),
                                     [&](const Finding &x) { return x.fingerprint == orig.fingerprint; });
        QVERIFY2(it != back->cend(), qPrintable(orig.fingerprint));
        QCOMPARE(*it, orig);
    }
}

void TestFindings::sarifShape()
{
    QList<Finding> fs{finding(QStringLiteral("R1"), QStringLiteral("a.c"), 1),
                      finding(QStringLiteral("R1"), QStringLiteral("b.c"), 1),
                      finding(QStringLiteral("R2"), QStringLiteral("a.c"), 1)};
    const QJsonObject root = QJsonDocument::fromJson(sarifOf(fs, QStringLiteral("/src/p"))).object();
    QCOMPARE(root.value(QLatin1String("version")).toString(), QStringLiteral("2.1.0"));
    const QJsonArray runs = root.value(QLatin1String("runs")).toArray();
    QCOMPARE(runs.size(), 1);
    const QJsonObject run = runs.first().toObject();
    const QJsonArray rules =
        run[QLatin1String("tool")][QLatin1String("driver")][QLatin1String("rules")].toArray();
    QCOMPARE(rules.size(), 2);
    const QJsonArray results = run.value(QLatin1String("results")).toArray();
    QCOMPARE(results.size(), 3);
    // Sorted by severity, path and line: a.c R1, a.c R2, b.c R1.
    QCOMPARE(results.at(1)[QLatin1String("ruleIndex")].toInt(), 1);
    QCOMPARE(results.at(2)[QLatin1String("ruleIndex")].toInt(), 0);
    QCOMPARE(
        run[QLatin1String("originalUriBaseIds")][QLatin1String("SRCROOT")][QLatin1String("uri")].toString(),
        QStringLiteral("file:///src/p/"));
    const QJsonObject loc =
        results.at(0)[QLatin1String("locations")][0][QLatin1String("physicalLocation")].toObject();
    QCOMPARE(loc[QLatin1String("artifactLocation")][QLatin1String("uriBaseId")].toString(),
             QStringLiteral("SRCROOT"));
}

QTEST_GUILESS_MAIN(TestFindings)
#include "tst_findings.moc"

// Reports render hostile finding text as text: HTML escaped under a script-free CSP, Markdown
// with no link, image or HTML and crash blocks that cannot be closed from inside.
#include "report/report.h"

#include <QJsonArray>
#include <QTest>

using namespace ff;
using findings::Finding;

namespace {
const QString kScript = QStringLiteral("<script>alert(1)</script>");
const QString kAttr = QStringLiteral("\"><img src=x onerror=alert(1)>");
const QString kImage = QStringLiteral("![x](http://beacon.invalid/p.png)");
const QString kLink = QStringLiteral("[click](http://evil.invalid/)");

report::Report hostileReport(const QString &text)
{
    Finding f;
    f.workflow = QStringLiteral("static-analysis");
    f.tool = text;
    f.ruleId = text;
    f.title = text;
    f.message = text;
    f.path = text;
    f.region.startLine = 3;
    f.snippet = text;
    f.cwe = text;
    QJsonObject crash;
    crash.insert(QLatin1String("type"), text);
    crash.insert(QLatin1String("signature"), QStringLiteral("sig\r\n~~~~~\r``````\rafter"));
    crash.insert(QLatin1String("frames"), QJsonArray{text, QStringLiteral("~~~~\n# injected heading")});
    f.properties.insert(QLatin1String("crash"), crash);
    report::Entry e;
    e.finding = f;
    e.runId = QStringLiteral("run");
    e.note = text;
    report::RunInfo run;
    run.id = QStringLiteral("run");
    run.workflow = text;
    run.state = QStringLiteral("succeeded");
    run.succeeded = true;
    report::Options o;
    o.redactSecrets = false;
    return report::assemble({run}, {e}, {}, o);
}
} // namespace

class TestReportEscaping : public QObject
{
    Q_OBJECT
private slots:
    void html_data();
    void html();
    void markdownCells_data();
    void markdownCells();
    void markdownCrashFence();
};

void TestReportEscaping::html_data()
{
    QTest::addColumn<QString>("text");
    QTest::addRow("script") << kScript;
    QTest::addRow("attribute breakout") << kAttr;
}

void TestReportEscaping::html()
{
    QFETCH(QString, text);
    const QString html = QString::fromUtf8(report::renderHtml(hostileReport(text)));
    QVERIFY(!html.contains(text));
    QVERIFY(!html.contains(QLatin1String("<script")));
    QVERIFY(!html.contains(QLatin1String("<img")));
    QVERIFY(html.contains(text.toHtmlEscaped()));
    QVERIFY(html.contains(QLatin1String("Content-Security-Policy\" content=\"default-src 'none';")));
    QVERIFY(!html.contains(QLatin1String("script-src")));
    // Nothing fetched from elsewhere.
    QVERIFY(!html.contains(QLatin1String("src=\"http")));
    QVERIFY(!html.contains(QLatin1String("<link")));
}

void TestReportEscaping::markdownCells_data()
{
    QTest::addColumn<QString>("text");
    QTest::addRow("image beacon") << kImage;
    QTest::addRow("link") << kLink;
    QTest::addRow("html") << kScript;
    QTest::addRow("pipe and backtick") << QStringLiteral("a | b ` c");
    QTest::addRow("lone cr") << QStringLiteral("a\r| x | y |\rb");
}

void TestReportEscaping::markdownCells()
{
    QFETCH(QString, text);
    const QString all = QString::fromUtf8(report::renderMarkdown(hostileReport(text)));
    QVERIFY(!all.contains(QLatin1Char('\r')));
    // The crash block is fenced (inert, tested below): everything before it is rendered.
    const QString md = all.left(all.indexOf(QLatin1String("## Crashes")));
    QVERIFY(md.contains(QLatin1String("## Findings")));
    QVERIFY2(!md.contains(QLatin1String("](")), qPrintable(md));
    QVERIFY(!md.contains(QLatin1String("![")));
    QVERIFY(!md.contains(QLatin1String("<script")));
    QVERIFY(!md.contains(QLatin1Char('\r')));
    if (text.contains(QLatin1Char('[')))
        QVERIFY(md.contains(QLatin1String("\\[")));
    if (text.contains(QLatin1Char('!')))
        QVERIFY(md.contains(QLatin1String("\\!")));
}

void TestReportEscaping::markdownCrashFence()
{
    const QString md = QString::fromUtf8(report::renderMarkdown(hostileReport(QStringLiteral("x"))));
    QVERIFY(!md.contains(QLatin1Char('\r')));
    const qsizetype open = md.indexOf(QLatin1String("text\n"), md.indexOf(QLatin1String("## Crashes")));
    QVERIFY(open > 0);
    const qsizetype lineStart = md.lastIndexOf(QLatin1Char('\n'), open) + 1;
    const QString fence = md.mid(lineStart, open - lineStart);
    QVERIFY2(fence.size() > 6 && fence.count(QLatin1Char('~')) == fence.size(), qPrintable(fence));
    // The block closes only at its own fence, after everything the crash holds.
    const qsizetype close = md.indexOf(QLatin1Char('\n') + fence + QLatin1Char('\n'), open);
    QVERIFY(close > md.indexOf(QLatin1String("after"), open));
    QVERIFY(close > md.indexOf(QLatin1String("# injected heading"), open));
}

QTEST_GUILESS_MAIN(TestReportEscaping)
#include "tst_reportescaping.moc"

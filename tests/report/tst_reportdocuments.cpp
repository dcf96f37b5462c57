// The HTML and the PDF report: what they show, that tool output cannot get out of its box, and
// that a PDF is written whole or not at all. PDFs are read back with poppler's pdftotext and
// pdfinfo (Debian's poppler-utils, which the test needs).
#include "crashrecord.h"
#include "fuzz/crashes.h"
#include "report/report.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>
#include <unistd.h>

using namespace ff;
using findings::Finding;
using findings::Severity;
using report::BaselineState;
using report::Entry;
using report::Report;
using report::RunInfo;
using storage::TriageStatus;

namespace {

const QString kHostileScript = QStringLiteral("<script>alert(1)</script>");
const QString kHostileAttribute = QStringLiteral("\"onerror=alert(2) x=\"");

RunInfo runInfo(const QString &id, const QString &workflow, const QString &baseline = {})
{
    RunInfo r;
    r.id = id;
    r.projectPath = QStringLiteral("/src/shop");
    r.workflow = workflow;
    r.workflowVersion = QStringLiteral("1.2.0");
    r.state = QStringLiteral("succeeded");
    r.succeeded = true;
    r.exitCode = 0;
    r.started = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    r.finished = r.started.addSecs(95);
    r.baselineRunId = baseline;
    return r;
}

Entry entry(const QString &rule, Severity severity, const QString &workflow, int line)
{
    Entry e;
    Finding &f = e.finding;
    f.workflow = workflow;
    f.tool = workflow == QLatin1String("shell-static") ? QStringLiteral("shellcheck")
                                                       : QStringLiteral("flawfinder");
    f.ruleId = rule;
    f.title = rule + QStringLiteral(" title");
    f.message = QStringLiteral("Message of ") + rule;
    f.severity = severity;
    f.path = QStringLiteral("src/file.c");
    f.region.startLine = line;
    f.snippet = QStringLiteral("  strcpy(buf, input);");
    f.cwe = QStringLiteral("CWE-120");
    f.helpUri = QStringLiteral("https://example.org/rules/") + rule;
    f.fingerprint = findings::fingerprintOf(rule, f.path, f.snippet, line);
    e.runId = workflow == QLatin1String("shell-static") ? QStringLiteral("run-shell-0001")
                                                        : QStringLiteral("run-static-0001");
    return e;
}

// Two workflows; 2 critical, 1 high, 1 medium, 1 low, 1 info and a false positive and one below
// the threshold that the filters exclude; one hostile finding; one fixed since the compared run.
Report sampleReport(int extraFindings = 0)
{
    QList<Entry> entries{
        entry(QStringLiteral("R-crit-a"), Severity::Critical, QStringLiteral("c-static"), 10),
        entry(QStringLiteral("R-crit-b"), Severity::Critical, QStringLiteral("c-static"), 11),
        entry(QStringLiteral("R-high"), Severity::High, QStringLiteral("c-static"), 12),
        entry(QStringLiteral("SC2086"), Severity::Medium, QStringLiteral("shell-static"), 3),
        entry(QStringLiteral("R-low"), Severity::Low, QStringLiteral("c-static"), 13),
        entry(QStringLiteral("SC2034"), Severity::Info, QStringLiteral("shell-static"), 4)};
    entries[1].baseline = BaselineState::New;
    entries[4].finding.snippet = QStringLiteral("api_key: Zx81kPq0aLm3Ty7u"); // redacted by assemble()
    entries[2].status = TriageStatus::Confirmed;
    entries[2].reason = QStringLiteral("reachable from the CLI");
    entries[2].note = QStringLiteral("Fix & ship in 2.1 <soon>");
    Entry &hostile = entries[3];
    hostile.finding.title = QStringLiteral("<img src=x onerror=alert(3)>");
    hostile.finding.message = kHostileScript + QStringLiteral(" in ") + kHostileAttribute;
    hostile.finding.snippet = QStringLiteral("echo </pre><script>alert(4)</script>");
    hostile.finding.path = QStringLiteral("deploy\".sh");
    hostile.finding.helpUri = QStringLiteral("javascript:alert(5)");
    Entry fp = entry(QStringLiteral("R-fp"), Severity::High, QStringLiteral("c-static"), 14);
    fp.status = TriageStatus::FalsePositive;
    entries << fp;
    for (int i = 0; i < extraFindings; ++i)
        entries << entry(QStringLiteral("R-bulk-%1").arg(i, 6, 10, QLatin1Char('0')), Severity::Medium,
                         QStringLiteral("c-static"), 100 + i);
    const QList<Entry> fixed{entry(QStringLiteral("R-gone"), Severity::High, QStringLiteral("c-static"), 40)};

    report::Options options;
    options.title = QStringLiteral("Shop audit <Q2>");
    options.author = QStringLiteral("Ada & the security team");
    RunInfo shell = runInfo(QStringLiteral("run-shell-0001"), QStringLiteral("shell-static"));
    shell.workflow = QStringLiteral("shell-static");
    return report::assemble({runInfo(QStringLiteral("run-static-0001"), QStringLiteral("c-static"),
                                     QStringLiteral("run-static-0000")),
                             shell},
                            entries, fixed, options);
}

QString tool(const QString &name)
{
    const QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        qWarning("%s is missing: install poppler-utils (apt-get install -y poppler-utils)", qPrintable(name));
    return path;
}

// pdftotext's text of pages [first, last] (0: to the end).
QString pdfText(const QString &pdf, int first = 1, int last = 0)
{
    QProcess p;
    QStringList args{QStringLiteral("-layout"), QStringLiteral("-f"), QString::number(first)};
    if (last > 0)
        args << QStringLiteral("-l") << QString::number(last);
    p.start(tool(QStringLiteral("pdftotext")), args << pdf << QStringLiteral("-"));
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

QString pdfInfo(const QString &pdf, const QString &field)
{
    QProcess p;
    p.start(tool(QStringLiteral("pdfinfo")), {pdf});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return {};
    const QRegularExpression re(QStringLiteral("^") + field + QStringLiteral(":\\s*(.*)$"),
                                QRegularExpression::MultilineOption);
    return re.match(QString::fromUtf8(p.readAllStandardOutput())).captured(1).trimmed();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

using ff::test::kCrashRecord;

} // namespace

class TestReportDocuments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void htmlIsSelfContainedAndEscaped();
    void htmlShowsCountsAndSections();
    void withoutFixedOrFindings();
    void htmlProgressAndCancel();
    void htmlLargeReportIsQuick();
    void pdfHasTitlePageAndBody();
    void crashFindingShown();
    void pdfPagesKeepEveryFindingOnce();
    void pdfInWorkerThread();
    void pdfUnwritable_data();
    void pdfUnwritable();
    void pdfCancelKeepsOldFile_data();
    void pdfCancelKeepsOldFile();
    void pdfReplacesOldFile();
    void pdfWithoutGuiApplication();

private:
    QTemporaryDir m_tmp;
};

void TestReportDocuments::initTestCase()
{
    QVERIFY(qobject_cast<QGuiApplication *>(QCoreApplication::instance()));
    QVERIFY(m_tmp.isValid());
    QVERIFY2(!tool(QStringLiteral("pdftotext")).isEmpty(),
             "pdftotext is missing: apt-get install -y poppler-utils");
    QVERIFY2(!tool(QStringLiteral("pdfinfo")).isEmpty(),
             "pdfinfo is missing: apt-get install -y poppler-utils");
}

void TestReportDocuments::htmlIsSelfContainedAndEscaped()
{
    const QString html = QString::fromUtf8(report::renderHtml(sampleReport()));
    QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
    QVERIFY(html.contains(QLatin1String("<meta charset=\"utf-8\">")));
    // Nothing to fetch, nothing to run: no such element, no tag with a source, a handler or a
    // link that is not a web address.
    for (const char *forbidden :
         {"<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url("})
        QVERIFY2(!html.contains(QLatin1String(forbidden), Qt::CaseInsensitive), forbidden);
    const QRegularExpression tagPattern(QStringLiteral("<[a-zA-Z][^>]*>"));
    const QRegularExpression badAttribute(
        QStringLiteral("\\s(?:src|on\\w+)\\s*=|\\shref\\s*=\\s*(?!\"https?://)"),
        QRegularExpression::CaseInsensitiveOption);
    int tags = 0;
    for (const auto &match : tagPattern.globalMatch(html)) {
        ++tags;
        QVERIFY2(!badAttribute.match(match.captured()).hasMatch(), qPrintable(match.captured()));
    }
    QVERIFY(tags > 100);
    QVERIFY(!html.contains(kHostileAttribute));
    QVERIFY(!html.contains(QLatin1String("deploy\".sh")));
    // ...because the hostile text is there, escaped.
    QVERIFY(html.contains(QLatin1String("&lt;script&gt;alert(1)&lt;/script&gt;")));
    QVERIFY(html.contains(QLatin1String("&lt;img src=x onerror=alert(3)&gt;")));
    QVERIFY(html.contains(QLatin1String("echo &lt;/pre&gt;&lt;script&gt;alert(4)&lt;/script&gt;")));
    QVERIFY(html.contains(QLatin1String("&quot;onerror=alert(2) x=&quot;")));
    QVERIFY(html.contains(QLatin1String("<title>Shop audit &lt;Q2&gt;</title>")));
    QVERIFY(html.contains(QLatin1String("Ada &amp; the security team")));
    // Only web links are links.
    QVERIFY(!html.contains(QLatin1String("javascript:"), Qt::CaseInsensitive));
    QVERIFY(html.contains(QLatin1String("<a href=\"https://example.org/rules/R-high\"")));
    QCOMPARE(html.count(QLatin1String("<a href=")), 6); // five findings with web help, one fixed
}

void TestReportDocuments::htmlShowsCountsAndSections()
{
    const Report r = sampleReport();
    QCOMPARE(r.entries.size(), 6);
    const QString html = QString::fromUtf8(report::renderHtml(r));
    const auto badge = [](const char *severity, const char *label, int n) {
        return QStringLiteral("<span class=\"badge sev-%1\">%2 <b>%3</b></span>")
            .arg(QLatin1String(severity), QLatin1String(label))
            .arg(n);
    };
    QVERIFY(html.contains(badge("critical", "Critical", 2)));
    QVERIFY(html.contains(badge("high", "High", 1)));
    QVERIFY(html.contains(badge("medium", "Medium", 1)));
    QVERIFY(html.contains(badge("low", "Low", 1)));
    QVERIFY(html.contains(badge("info", "Info", 1)));
    QVERIFY(html.contains(QLatin1String("<b>6 findings</b> in 2 runs")));
    // By workflow: critical, high, medium, low, info, total.
    const auto row = [](const char *workflow, QList<int> counts) -> QString {
        QString out = QStringLiteral("<tr><td>") + QLatin1String(workflow) + QStringLiteral("</td>");
        for (int i = 0; i < counts.size(); ++i)
            out +=
                QStringLiteral("<td class=\"num\">") +
                (i + 1 == counts.size() ? QStringLiteral("<b>%1</b>") : QStringLiteral("%1")).arg(counts[i]) +
                QStringLiteral("</td>");
        return out + QStringLiteral("</tr>");
    };
    QVERIFY2(html.contains(row("c-static", {2, 1, 0, 1, 0, 4})),
             qPrintable(row("c-static", {2, 1, 0, 1, 0, 4})));
    QVERIFY(html.contains(row("shell-static", {0, 0, 1, 0, 1, 2})));
    // The chart: one bar per severity, the longest for the most findings.
    QVERIFY(html.contains(QLatin1String("<svg class=\"chart\"")));
    QCOMPARE(html.count(QLatin1String("<rect ")), 5);
    QVERIFY(html.contains(QLatin1String("width=\"440\" height=\"20\" fill=\"#8e1b8e\"")));
    // Runs, triage, new and fixed findings, what the filters left out.
    QVERIFY(html.contains(QLatin1String("<code>run-static-0</code>")));
    QVERIFY(html.contains(QLatin1String("1 min 35 s")));
    QVERIFY(html.contains(QLatin1String("confirmed: reachable from the CLI")));
    QVERIFY(html.contains(QLatin1String("<div class=\"note\">Fix &amp; ship in 2.1 &lt;soon&gt;</div>")));
    QCOMPARE(html.count(QLatin1String("<span class=\"tag new\">new</span>")), 2); // the finding, the legend
    QCOMPARE(html.count(QLatin1String("<span class=\"tag redacted\"")), 1);
    QVERIFY(!html.contains(QLatin1String("Zx81kPq0aLm3Ty7u")));
    QVERIFY(html.contains(QLatin1String("<h2>Fixed since the compared run</h2>")));
    QVERIFY(html.contains(QLatin1String("<p>1 finding of the compared runs is gone.</p>")));
    QVERIFY(html.contains(QLatin1String("R-gone title")));
    QVERIFY(html.contains(QLatin1String("The report's filters excluded 1 finding (1 false positive).")));
    QVERIFY(!html.contains(QLatin1String("R-fp")));
    // Findings by severity, highest first.
    QVERIFY(html.indexOf(QLatin1String("R-crit-b")) < html.indexOf(QLatin1String("R-high title")));
    QVERIFY(html.indexOf(QLatin1String("R-high title")) < html.indexOf(QLatin1String("SC2034")));
}

void TestReportDocuments::withoutFixedOrFindings()
{
    report::Options options;
    options.minSeverity = Severity::Critical;
    const Report r = report::assemble(
        {runInfo(QStringLiteral("run-1"), QStringLiteral("c-static"))},
        {entry(QStringLiteral("R-low"), Severity::Low, QStringLiteral("c-static"), 1)}, {}, options);
    const QString html = QString::fromUtf8(report::renderHtml(r));
    QVERIFY(html.contains(QLatin1String("<p>No findings.</p>")));
    QVERIFY(!html.contains(QLatin1String("Fixed since")));
    QVERIFY(html.contains(QLatin1String("excluded 1 finding (1 below Critical)")));
    QVERIFY(html.contains(QLatin1String("<title>FuzzForge report</title>")));
    QVERIFY(!html.contains(QLatin1String("Author:")));

    const QString path = m_tmp.filePath(QStringLiteral("empty.pdf"));
    const Status s = report::writePdf(r, path);
    QVERIFY2(s.ok(), qPrintable(s.error().toString()));
    QCOMPARE(pdfInfo(path, QStringLiteral("Pages")), QStringLiteral("2"));
    QVERIFY(pdfText(path, 1, 1).contains(QLatin1String("0 findings")));
    const QString body = pdfText(path, 2, 2);
    QVERIFY2(body.contains(QLatin1String("No findings.")), qPrintable(body));
    QVERIFY(body.contains(QLatin1String("Page 2 of 2")));
    QVERIFY(!body.contains(QLatin1String("Fixed since")));
}

void TestReportDocuments::htmlProgressAndCancel()
{
    const Report r = sampleReport(2500);
    QList<qint64> seen;
    const QByteArray whole = report::renderHtml(r, [&](qint64 done, qint64 total) {
        seen << done;
        return total == r.entries.size() + r.fixed.size();
    });
    QVERIFY(!whole.isEmpty());
    QCOMPARE(seen, (QList<qint64>{1000, 2000, r.entries.size() + r.fixed.size()}));
    int calls = 0;
    QVERIFY(report::renderHtml(r, [&](qint64, qint64) { return ++calls < 2; }).isEmpty());
    QCOMPARE(calls, 2);
}

void TestReportDocuments::htmlLargeReportIsQuick()
{
    const Report r = sampleReport(100000);
    QElapsedTimer timer;
    timer.start();
    const QByteArray html = report::renderHtml(r);
    const qint64 ms = timer.elapsed();
    qInfo("HTML of %lld findings: %lld ms, %lld MB", qint64(r.entries.size()), ms, qint64(html.size() >> 20));
    QVERIFY2(ms < 15000, qPrintable(QString::number(ms)));
    QCOMPARE(QString::fromUtf8(html).count(QLatin1String("<tr><td><span class=\"badge")),
             r.entries.size() + 1);
}

void TestReportDocuments::pdfHasTitlePageAndBody()
{
    const Report r = sampleReport(40);
    const QString path = m_tmp.filePath(QStringLiteral("sample.pdf"));
    const Status s = report::writePdf(r, path);
    QVERIFY2(s.ok(), qPrintable(s.error().toString()));
    QVERIFY(readAll(path).startsWith("%PDF-"));
    const int pages = pdfInfo(path, QStringLiteral("Pages")).toInt();
    QVERIFY2(pages >= 3, qPrintable(QString::number(pages)));
    QCOMPARE(pdfInfo(path, QStringLiteral("Title")), r.title());
    QCOMPARE(pdfInfo(path, QStringLiteral("Creator")), r.generator);
    QVERIFY(pdfInfo(path, QStringLiteral("Page size"))
                .contains(QRegularExpression(QStringLiteral("^595(\\.\\d+)? x 84[12]"))));

    const QString title = pdfText(path, 1, 1);
    QVERIFY2(title.contains(QLatin1String("Shop audit <Q2>")), qPrintable(title));
    QVERIFY(title.contains(QLatin1String("SECURITY ANALYSIS REPORT")));
    QVERIFY(title.contains(QLatin1String("Author: Ada & the security team")));
    QVERIFY(title.contains(QLatin1String("46 findings")));
    QVERIFY(title.contains(QLatin1String("Findings by severity")));
    QVERIFY(!title.contains(QLatin1String("Page 1 of")));

    const QString second = pdfText(path, 2, 2);
    QVERIFY2(second.contains(QStringLiteral("Page 2 of %1").arg(pages)), qPrintable(second));
    QVERIFY(second.contains(QLatin1String("Scope")));
    QVERIFY(second.contains(QLatin1String("run-static-0")));
    QVERIFY(pdfText(path, pages, pages).contains(QStringLiteral("Page %1 of %1").arg(pages)));

    const QString all = pdfText(path);
    QVERIFY(all.contains(kHostileScript)); // plain text in a PDF: shown as it is, harmless
    QVERIFY(all.contains(QLatin1String("Fix & ship in 2.1 <soon>")));
    QVERIFY(all.contains(QLatin1String("Fixed since the compared run")));
    QVERIFY(all.contains(QLatin1String("R-gone title")));
    QCOMPARE(all.count(QLatin1String("NEW")), 2); // the tag and the legend
    QCOMPARE(all.count(QLatin1String("REDACTED")), 1);
    QVERIFY(!all.contains(QLatin1String("Zx81kPq0aLm3Ty7u")));
    QVERIFY(all.contains(QLatin1String("1 finding of the compared runs is gone.")));
    QVERIFY(all.contains(QLatin1String("excluded 1 finding (1 false positive)")));
    QVERIFY(!all.contains(QLatin1String("javascript:")));
}

void TestReportDocuments::pdfPagesKeepEveryFindingOnce()
{
    // Pages are cut between findings and pieces; none may be lost or shown twice. One finding
    // is longer than a page: it is cut between lines.
    Report r = sampleReport(1500);
    QStringList longSnippet;
    for (int i = 0; i < 300; ++i)
        longSnippet << QStringLiteral("snippet line %1;").arg(i, 3, 10, QLatin1Char('0'));
    r.entries[700].finding.snippet = longSnippet.join(QLatin1Char('\n'));
    const QString path = m_tmp.filePath(QStringLiteral("bulk.pdf"));
    QList<qint64> progress;
    const Status s = report::writePdf(r, path, [&](qint64 done, qint64 total) {
        progress << done;
        return done <= total;
    });
    QVERIFY2(s.ok(), qPrintable(s.error().toString()));
    QVERIFY(std::is_sorted(progress.cbegin(), progress.cend()));
    QVERIFY(progress.size() >= 10);
    const QString all = pdfText(path);
    for (int i = 0; i < 1500; ++i) {
        const QString title = QStringLiteral("R-bulk-%1 title").arg(i, 6, 10, QLatin1Char('0'));
        QVERIFY2(all.count(title) == 1, qPrintable(title));
    }
    for (const QString &line : std::as_const(longSnippet))
        QVERIFY2(all.count(line) == 1, qPrintable(line));
    const int pages = pdfInfo(path, QStringLiteral("Pages")).toInt();
    QVERIFY(pages > 20);
    for (int n = 2; n <= pages; ++n)
        QVERIFY2(all.count(QStringLiteral("Page %1 of %2").arg(n).arg(pages)) == 1,
                 qPrintable(QString::number(n)));
}

void TestReportDocuments::pdfInWorkerThread()
{
    // Exports run on QtConcurrent's threads: no widget, no main-thread object in the way.
    const Report r = sampleReport(300);
    const QString path = m_tmp.filePath(QStringLiteral("worker.pdf"));
    QFuture<Status> future = QtConcurrent::run([&r, path] { return report::writePdf(r, path); });
    future.waitForFinished();
    QVERIFY(future.result().ok());
    QVERIFY(readAll(path).startsWith("%PDF-"));
    QVERIFY(pdfInfo(path, QStringLiteral("Pages")).toInt() > 10);
    QVERIFY(pdfText(path, 1, 1).contains(QLatin1String("306 findings")));
}

void TestReportDocuments::pdfUnwritable_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("folder"); // must stay as it was
    QTest::addColumn<Error::Kind>("kind");
    QFile file(m_tmp.filePath(QStringLiteral("plain-file")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QTest::addRow("missing folder") << QStringLiteral("/proc/nope/x.pdf") << QString() << Error::Kind::Io;
    QTest::addRow("folder is a file")
        << file.fileName() + QStringLiteral("/x.pdf") << QString() << Error::Kind::Io;
    QTest::addRow("target is a folder") << m_tmp.path() << QString() << Error::Kind::InvalidArgument;
    // Root may write into any folder whatever its mode; sysfs refuses even root.
    const QString readOnly = m_tmp.filePath(QStringLiteral("read-only"));
    QVERIFY(QDir().mkpath(readOnly));
    QVERIFY(QFile::setPermissions(readOnly,
                                  QFile::ReadOwner | QFile::ExeOwner | QFile::ReadUser | QFile::ExeUser));
    const QString folder = geteuid() == 0 ? QStringLiteral("/sys") : readOnly;
    QTest::addRow("read-only folder") << folder + QStringLiteral("/x.pdf") << folder << Error::Kind::Io;
}

void TestReportDocuments::pdfUnwritable()
{
    QFETCH(QString, path);
    QFETCH(QString, folder);
    QFETCH(Error::Kind, kind);
    const QStringList before =
        folder.isEmpty() ? QStringList() : QDir(folder).entryList(QDir::AllEntries | QDir::Hidden);
    const Status s = report::writePdf(sampleReport(), path);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().kind, kind);
    QVERIFY2(s.error().message.startsWith(QStringLiteral("cannot write ") + path + QStringLiteral(": ")),
             qPrintable(s.error().message));
    QVERIFY(s.error().message.size() > path.size() + 16); // and says why
    if (!folder.isEmpty())
        QCOMPARE(QDir(folder).entryList(QDir::AllEntries | QDir::Hidden), before);
    else if (!QFileInfo(path).isDir())
        QVERIFY(!QFileInfo::exists(path));
}

void TestReportDocuments::pdfCancelKeepsOldFile_data()
{
    QTest::addColumn<double>("cancelAt"); // fraction of the work
    QTest::addRow("while laying out") << 0.0;
    QTest::addRow("while painting") << 0.75;
}

void TestReportDocuments::pdfCancelKeepsOldFile()
{
    QFETCH(double, cancelAt);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("report.pdf"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("the previous report");
    old.close();
    bool asked = false;
    const Status s = report::writePdf(sampleReport(1200), path, [&](qint64 done, qint64 total) {
        asked = true;
        return done < total * cancelAt;
    });
    QVERIFY(asked);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().kind, Error::Kind::Canceled);
    QCOMPARE(s.error().message, QStringLiteral("export canceled"));
    QCOMPARE(readAll(path), QByteArray("the previous report"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("report.pdf")});
}

void TestReportDocuments::pdfReplacesOldFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("report.pdf"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("the previous report");
    old.close();
    QVERIFY(QFile::setPermissions(path,
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser));
    const Status s = report::writePdf(sampleReport(), path);
    QVERIFY2(s.ok(), qPrintable(s.error().toString()));
    QVERIFY(readAll(path).startsWith("%PDF-"));
    QCOMPARE((QFile::permissions(path) & 0x7077).toInt(), (QFile::ReadOwner | QFile::WriteOwner).toInt());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("report.pdf")});
}

void TestReportDocuments::pdfWithoutGuiApplication()
{
    // The same executable again, with only a QCoreApplication (see main()).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("x.pdf"));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FF_TEST_PDF_WITHOUT_GUI"), path);
    p.setProcessEnvironment(env);
    p.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    QCOMPARE(p.exitCode(), 3);
    QVERIFY2(out.contains(QLatin1String("needs a QGuiApplication")), qPrintable(out));
    QVERIFY(!QFileInfo::exists(path));
}

// QTEST_MAIN with a QGuiApplication, and a mode for pdfWithoutGuiApplication().
int main(int argc, char **argv)
{
    if (const QString path = qEnvironmentVariable("FF_TEST_PDF_WITHOUT_GUI"); !path.isEmpty()) {
        QCoreApplication app(argc, argv);
        const Status s = report::writePdf(sampleReport(), path);
        printf("%s\n", qPrintable(s.ok() ? QStringLiteral("written") : s.error().toString()));
        return s.ok() ? 0 : (s.error().kind == Error::Kind::InvalidArgument ? 3 : 4);
    }
    QGuiApplication app(argc, argv);
    TestReportDocuments test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_reportdocuments.moc"

void TestReportDocuments::crashFindingShown()
{
    findings::ParseContext ctx;
    ctx.workflow = QStringLiteral("libfuzzer");
    ctx.tool = QStringLiteral("libfuzzer");
    auto parsed = fuzz::parseCrashLog(kCrashRecord, ctx);
    QVERIFY(parsed);
    Entry e;
    e.finding = parsed->first();
    e.runId = QStringLiteral("run-fuzz-0001");
    const QString signature = e.finding.fingerprint;
    const Report r = report::assemble({runInfo(QStringLiteral("run-fuzz-0001"), QStringLiteral("libfuzzer"))},
                                      {e}, {}, {});

    const QString page = QString::fromUtf8(report::renderHtml(r));
    QVERIFY(page.contains(
        QLatin1String("<pre class=\"crash\">Crash: heap-buffer-overflow READ, 1 crashing input")));
    QVERIFY(page.contains(QLatin1String("Signature: ") + signature));
    QVERIFY(page.contains(QLatin1String("  #1 parse_record src/parser.c:97")));
    QVERIFY(page.contains(QLatin1String("  0000  46 52")));

    const QString path = m_tmp.filePath(QStringLiteral("crash.pdf"));
    const Status s = report::writePdf(r, path);
    QVERIFY2(s.ok(), qPrintable(s.error().toString()));
    const QString all = pdfText(path);
    QVERIFY2(all.contains(QLatin1String("heap-buffer-overflow in read_field")), qPrintable(all));
    QVERIFY(all.contains(QLatin1String("Signature: ") + signature.left(40)));
    QVERIFY(all.contains(QLatin1String("#0 read_field src/parser.c:12")));
    QVERIFY(all.contains(QLatin1String("Reproducer: 6d2830b1e76dc7300fce6745176601827d233de8 (2 bytes)")));
    QVERIFY(all.contains(QLatin1String("46 52")));
}

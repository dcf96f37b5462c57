// Reports from a real history database: what they cover (runs, triage, thresholds, the
// comparison with the previous run), redaction, and each text format read back by a reader
// of that format (our SARIF importer and Microsoft's validator, a CSV parser, JSON).
#include "crashrecord.h"
#include "findings/parsers.h"
#include "findings/redact.h"
#include "fuzz/crashes.h"
#include "report/report.h"
#include "sarifvalidator.h"
#include "storage/store.h"
#include "testutil.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace ff;
using findings::Finding;
using findings::Severity;
using report::Format;
using storage::TriageStatus;

#define QVERIFY_OK(expr)                                                                                     \
    do {                                                                                                     \
        const auto &r_ = (expr);                                                                             \
        QVERIFY2(r_.ok(), qPrintable(r_.error().toString()));                                                \
    } while (false)

namespace {

using ff::test::kCrashRecord;

} // namespace

class TestReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void formats_data();
    void formats();
    void redactsKnownTokensAndAssignments_data();
    void redactsKnownTokensAndAssignments();
    void secretFindingsAlwaysRedacted();
    void triageFiltersAndThreshold();
    void comparesWithPreviousRun();
    void selectionAndBadInput();
    void sarifRoundTripAndValidator();
    void csvIsRfc4180();
    void jsonIsTheFindingModel();
    void markdownTable();
    void writeIsAllOrNothing();
    void crashFindings();

private:
    static report::Entry entry(const Finding &f, const QString &runId)
    {
        report::Entry e;
        e.finding = f;
        e.runId = runId;
        return e;
    }
    static Finding finding(const QString &rule, const QString &path, int line, Severity severity);
    run::RunResult makeRun(const QString &id, const QString &workflow, QList<Finding> findings, int ageSecs);
    QString write(const report::Report &r, Format format, const QString &name);

    QTemporaryDir m_tmp;
    std::unique_ptr<storage::Store> m_store;
    const QString m_project = QStringLiteral("/src/shop");
};

Finding TestReport::finding(const QString &rule, const QString &path, int line, Severity severity)
{
    Finding f;
    f.workflow = QStringLiteral("c-cpp-static");
    f.tool = QStringLiteral("flawfinder");
    f.toolVersion = QStringLiteral("2.0.19");
    f.ruleId = rule;
    f.title = rule + QStringLiteral(" title");
    f.message = QStringLiteral("Message of %1, with \"quotes\", commas\nand a line break").arg(rule);
    f.severity = severity;
    f.path = path;
    f.region.startLine = line;
    f.region.endLine = line;
    f.snippet = QStringLiteral("  strcpy(buf, input); // line %1").arg(line);
    f.cwe = QStringLiteral("CWE-120");
    f.confidence = QStringLiteral("high");
    f.helpUri = QStringLiteral("https://cwe.mitre.org/data/definitions/120.html");
    f.fingerprint = findings::fingerprintOf(rule, path, f.snippet);
    return f;
}

run::RunResult TestReport::makeRun(const QString &id, const QString &workflow, QList<Finding> fs, int ageSecs)
{
    run::RunResult r;
    r.runId = id;
    r.workflowId = workflow;
    r.workflowVersion = QStringLiteral("1.0.0");
    r.projectPath = m_project;
    r.state = run::RunState::Succeeded;
    r.exitCode = 0;
    r.imageTag = QStringLiteral("fuzzforge/") + workflow;
    r.submitted = QDateTime::currentDateTimeUtc().addSecs(-ageSecs);
    r.containerRunning = r.submitted.addMSecs(300);
    r.finished = r.submitted.addSecs(5);
    for (Finding &f : fs)
        f.workflow = workflow;
    r.findings = std::move(fs);
    return r;
}

QString TestReport::write(const report::Report &r, Format format, const QString &name)
{
    const QString path = m_tmp.filePath(name);
    const Status s = report::write(r, format, path);
    if (!s)
        qWarning("%s", qPrintable(s.error().toString()));
    return s ? path : QString();
}

void TestReport::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    auto store = storage::Store::open(
        storage::DatabaseUrl::parse(QStringLiteral("sqlite:") + m_tmp.filePath(QStringLiteral("h.db")))
            .value());
    QVERIFY_OK(store);
    m_store = std::move(store).value();
    // Two runs of c-cpp-static (the later one fixed R-old and found R-new), one of shell-static.
    const Finding kept = finding(QStringLiteral("R-kept"), QStringLiteral("src/a.c"), 10, Severity::High);
    const Finding fp = finding(QStringLiteral("R-fp"), QStringLiteral("src/b.c"), 20, Severity::Medium);
    const Finding risk = finding(QStringLiteral("R-risk"), QStringLiteral("src/c.c"), 30, Severity::Low);
    const Finding old = finding(QStringLiteral("R-old"), QStringLiteral("src/d.c"), 40, Severity::Critical);
    const Finding fresh = finding(QStringLiteral("R-new"), QStringLiteral("src/e.c"), 50, Severity::Critical);
    Finding info = finding(QStringLiteral("R-info"), QStringLiteral("src dir/ü.c"), 60, Severity::Info);
    QVERIFY_OK(test::wait(m_store->recordRun(
        makeRun(QStringLiteral("run-earlier"), QStringLiteral("c-cpp-static"), {kept, fp, risk, old}, 600))));
    QVERIFY_OK(test::wait(m_store->recordRun(makeRun(
        QStringLiteral("run-later"), QStringLiteral("c-cpp-static"), {kept, fp, risk, fresh, info}, 60))));
    Finding sh = finding(QStringLiteral("SC2086"), QStringLiteral("deploy.sh"), 3, Severity::Medium);
    sh.tool = QStringLiteral("shellcheck");
    QVERIFY_OK(test::wait(
        m_store->recordRun(makeRun(QStringLiteral("run-shell"), QStringLiteral("shell-static"), {sh}, 30))));
    storage::Triage t;
    t.status = TriageStatus::FalsePositive;
    t.note = QStringLiteral("buffer is sized by the caller");
    QVERIFY_OK(test::wait(m_store->setTriage(m_project, fp.fingerprint, t)));
    t.status = TriageStatus::AcceptedRisk;
    t.reason = QStringLiteral("legacy");
    t.note = QStringLiteral("replaced next quarter");
    QVERIFY_OK(test::wait(m_store->setTriage(m_project, risk.fingerprint, t)));
}

void TestReport::formats_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("format"); // -1: not a format
    QTest::addRow("sarif") << "sarif" << int(Format::Sarif);
    QTest::addRow("SARIF upper") << "SARIF" << int(Format::Sarif);
    QTest::addRow("md") << "md" << int(Format::Markdown);
    QTest::addRow("markdown") << "markdown" << int(Format::Markdown);
    QTest::addRow("pdf") << "pdf" << int(Format::Pdf);
    QTest::addRow("docx") << "docx" << -1;
    QTest::addRow("empty") << "" << -1;
}

void TestReport::formats()
{
    QFETCH(QString, text);
    QFETCH(int, format);
    const auto parsed = report::parseFormat(text);
    QCOMPARE(parsed ? int(*parsed) : -1, format);
    if (parsed)
        QCOMPARE(report::formatForPath(QStringLiteral("/x/r.") + report::fileExtension(*parsed)), parsed);
    QCOMPARE(report::formatForPath(QStringLiteral("out.sarif.json")), std::optional<Format>(Format::Sarif));
    QCOMPARE(report::formatForPath(QStringLiteral("README")), std::nullopt);
}

void TestReport::redactsKnownTokensAndAssignments_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("secret"); // must not survive
    QTest::addColumn<QString>("kept");   // must survive
    QTest::addRow("aws key id") << "key = AKIAIOSFODNN7EXAMPLE;"
                                << "IOSFODNN7EXAMPLE"
                                << "key = ";
    QTest::addRow("github token") << "auth(\"ghp_abcdefghijklmnopqrstuvwxyz0123456789\")"
                                  << "ijklmnopqrstuvwxyz0123456789"
                                  << "auth(";
    QTest::addRow("password assignment") << "db_password = \"hunter2-Secret\""
                                         << "hunter2"
                                         << "db_password = ";
    QTest::addRow("yaml token") << "api_key: Zx81kPq0aLm3Ty7u"
                                << "Zx81kPq0aLm3Ty7u"
                                << "api_key: ";
    QTest::addRow("url credentials") << "postgres://app:S3cr3tPass@db:5432/shop"
                                     << "S3cr3tPass"
                                     << "@db:5432/shop";
    QTest::addRow("private key")
        << "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----"
        << "MIIEpAIBAAKCAQEA7"
        << "-----END RSA PRIVATE KEY-----";
    QTest::addRow("code is not a secret") << "password = os.getenv(\"PW\")"
                                          << ""
                                          << "os.getenv";
    QTest::addRow("plain code") << "strcpy(buf, input);"
                                << ""
                                << "strcpy(buf, input);";
}

void TestReport::redactsKnownTokensAndAssignments()
{
    QFETCH(QString, text);
    QFETCH(QString, secret);
    QFETCH(QString, kept);
    const findings::Redacted r = findings::redactSecrets(text);
    QVERIFY2(r.text.contains(kept), qPrintable(r.text));
    if (secret.isEmpty()) {
        QVERIFY2(!r.text.contains(QLatin1String("redacted")), qPrintable(r.text));
    } else {
        QVERIFY(r.changed);
        QVERIFY2(!r.text.contains(secret), qPrintable(r.text));
        QVERIFY2(r.text.contains(QLatin1String("redacted")), qPrintable(r.text));
    }
}

void TestReport::secretFindingsAlwaysRedacted()
{
    Finding f = finding(QStringLiteral("hardcoded-credential"), QStringLiteral("cfg.py"), 1, Severity::High);
    f.snippet = QStringLiteral("conn = connect(user, \"pl41n-but-secret\")");
    f.message = QStringLiteral("Hard-coded credential 'pl41n-but-secret' passed to connect");
    QVERIFY(findings::isSecretFinding(f));
    Finding other = finding(QStringLiteral("R1"), QStringLiteral("a.c"), 1, Severity::Low);
    other.snippet = QStringLiteral("token = \"Zx81kPq0aLm3Ty7u\"; printf(\"hello world\")");
    QVERIFY(!findings::isSecretFinding(other));
    report::RunInfo run;
    run.id = QStringLiteral("r");
    run.workflow = f.workflow;
    report::Options o;
    o.redactSecrets = false; // the secret finding is redacted all the same
    const report::Report r = report::assemble({run}, {entry(f, run.id), entry(other, run.id)}, {}, o);
    QCOMPARE(r.entries.size(), 2);
    for (const report::Entry &e : r.entries) {
        if (e.finding.ruleId == f.ruleId) {
            QVERIFY(e.redacted);
            QVERIFY2(!e.finding.snippet.contains(QLatin1String("pl41n")), qPrintable(e.finding.snippet));
            QVERIFY2(!e.finding.message.contains(QLatin1String("pl41n")), qPrintable(e.finding.message));
            QVERIFY(e.finding.snippet.contains(QLatin1String("[redacted, 16 chars]")));
        } else {
            QCOMPARE(e.finding.snippet, other.snippet); // the analyst turned redaction off
            QVERIFY(!e.redacted);
        }
    }
    o.redactSecrets = true;
    const report::Report r2 = report::assemble({run}, {entry(other, run.id)}, {}, o);
    QVERIFY(!r2.entries.first().finding.snippet.contains(QLatin1String("Zx81kPq0aLm3Ty7u")));
    QVERIFY(r2.entries.first().finding.snippet.contains(QLatin1String("hello world")));
}

void TestReport::triageFiltersAndThreshold()
{
    report::Options o;
    o.compareWithPrevious = false;
    auto r = report::collect(*m_store, {QStringLiteral("run-later")}, o);
    QVERIFY_OK(r);
    // Default: false positives out, accepted risks in (marked).
    QCOMPARE(r->entries.size(), 4);
    QCOMPARE(r->excluded.falsePositives, 1);
    const auto risk = std::find_if(r->entries.cbegin(), r->entries.cend(),
                                   [](const auto &e) { return e.finding.ruleId == QLatin1String("R-risk"); });
    QVERIFY(risk != r->entries.cend());
    QCOMPARE(risk->status, TriageStatus::AcceptedRisk);
    QCOMPARE(risk->reason, QStringLiteral("legacy"));
    QCOMPARE(risk->note, QStringLiteral("replaced next quarter"));
    // Highest severity first.
    QCOMPARE(r->entries.first().finding.severity, Severity::Critical);
    QCOMPARE(r->entries.last().finding.severity, Severity::Info);

    o.includeFalsePositives = true;
    o.includeAcceptedRisks = false;
    o.minSeverity = Severity::Medium;
    r = report::collect(*m_store, {QStringLiteral("run-later"), QStringLiteral("run-shell")}, o);
    QVERIFY_OK(r);
    QStringList rules;
    for (const auto &e : r->entries)
        rules << e.finding.ruleId;
    rules.sort();
    QCOMPARE(rules, (QStringList{QStringLiteral("R-fp"), QStringLiteral("R-kept"), QStringLiteral("R-new"),
                                 QStringLiteral("SC2086")}));
    QCOMPARE(r->excluded.acceptedRisks, 1);
    QCOMPARE(r->excluded.belowThreshold, 1); // R-info; R-risk counts as an accepted risk first
    QCOMPARE(r->projects(), QStringList{m_project});
    const auto byWorkflow = r->countsByWorkflow();
    QCOMPARE(byWorkflow.size(), 2);
    QCOMPARE(byWorkflow.at(0).first, QStringLiteral("c-cpp-static"));
    QCOMPARE(byWorkflow.at(0).second.value(Severity::Critical), 1);
    QCOMPARE(byWorkflow.at(1).second.value(Severity::Medium), 1);
    QCOMPARE(r->countsBySeverity().value(Severity::High), 1);
}

void TestReport::comparesWithPreviousRun()
{
    auto r = report::collect(*m_store, {QStringLiteral("run-later")}, {});
    QVERIFY_OK(r);
    QCOMPARE(r->runs.first().baselineRunId, QStringLiteral("run-earlier"));
    for (const auto &e : r->entries) {
        const bool isNew =
            e.finding.ruleId == QLatin1String("R-new") || e.finding.ruleId == QLatin1String("R-info");
        QCOMPARE(e.baseline, isNew ? report::BaselineState::New : report::BaselineState::Unchanged);
    }
    QCOMPARE(r->fixed.size(), 1);
    QCOMPARE(r->fixed.first().finding.ruleId, QStringLiteral("R-old"));
    QCOMPARE(r->fixed.first().baseline, report::BaselineState::Absent);
    // The first run of a workflow has nothing to compare with.
    r = report::collect(*m_store, {QStringLiteral("run-earlier")}, {});
    QVERIFY_OK(r);
    QVERIFY(r->runs.first().baselineRunId.isEmpty());
    QCOMPARE(r->entries.first().baseline, report::BaselineState::None);
}

void TestReport::selectionAndBadInput()
{
    const Finding kept = finding(QStringLiteral("R-kept"), QStringLiteral("src/a.c"), 10, Severity::High);
    auto r = report::collect(*m_store, {QStringLiteral("run-l")}, {}, QSet<QString>{kept.fingerprint});
    QVERIFY_OK(r); // a unique prefix names the run
    QCOMPARE(r->entries.size(), 1);
    QCOMPARE(r->entries.first().finding.fingerprint, kept.fingerprint);

    r = report::collect(*m_store, {QStringLiteral("no-such-run")}, {});
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(QLatin1String("no-such-run")), qPrintable(r.error().message));
    r = report::collect(*m_store, {}, {});
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QLatin1String("no runs")));
    r = report::collect(*m_store, {QStringLiteral("run-later")}, {}, QSet<QString>{});
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QLatin1String("selection is empty")));
    r = report::collect(*m_store, {QStringLiteral("run-shell")}, {}, QSet<QString>{kept.fingerprint});
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QLatin1String("none of the 1 selected findings")));
}

void TestReport::sarifRoundTripAndValidator()
{
    report::Options o;
    o.includeFalsePositives = true;
    auto r = report::collect(
        *m_store, {QStringLiteral("run-later"), QStringLiteral("run-shell"), QStringLiteral("run-earlier")},
        o);
    QVERIFY_OK(r);
    const QString path = write(r.value(), Format::Sarif, QStringLiteral("all.sarif"));
    QVERIFY(!path.isEmpty());
    const test::SarifValidation v = test::validateSarif(path);
    QVERIFY2(v.ok(), qPrintable(v.describe()));
    for (const QString &w : v.warnings)
        qInfo("validator warning: %s", qPrintable(w));

    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray data = f.readAll();
    const auto back = findings::parseSarif(data, {});
    QVERIFY_OK(back);
    // The same findings and fingerprints; "absent" results (fixed ones) are not findings.
    QCOMPARE(back->size(), r->entries.size());
    for (const report::Entry &e : r->entries) {
        const auto it = std::find_if(back->cbegin(), back->cend(), [&](const Finding &x) {
            return x.fingerprint == e.finding.fingerprint && x.workflow == e.finding.workflow;
        });
        QVERIFY2(it != back->cend(), qPrintable(e.finding.fingerprint));
        QCOMPARE(*it, e.finding);
    }

    // The shape tools read: a run per workflow run and tool, suppressions, baseline states.
    const QJsonArray runs = QJsonDocument::fromJson(data).object().value(QLatin1String("runs")).toArray();
    QCOMPARE(runs.size(), 3);
    QSet<QString> states;
    int suppressed = 0;
    for (const auto &runValue : runs) {
        const QJsonObject run = runValue.toObject();
        QVERIFY(run[QLatin1String("invocations")][0][QLatin1String("endTimeUtc")].isString());
        QCOMPARE(run[QLatin1String("originalUriBaseIds")][QLatin1String("SRCROOT")][QLatin1String("uri")]
                     .toString(),
                 QStringLiteral("file:///src/shop/"));
        for (const auto &res : run.value(QLatin1String("results")).toArray()) {
            states << res[QLatin1String("baselineState")].toString();
            const QJsonArray s = res[QLatin1String("suppressions")].toArray();
            if (!s.isEmpty()) {
                ++suppressed;
                QCOMPARE(s[0][QLatin1String("kind")].toString(), QStringLiteral("external"));
                QVERIFY(s[0][QLatin1String("justification")].toString().contains(QLatin1String("caller")) ||
                        s[0][QLatin1String("justification")].toString().contains(QLatin1String("quarter")));
            }
            const QJsonObject rule = run[QLatin1String("tool")][QLatin1String("driver")]
                                        [QLatin1String("rules")][res[QLatin1String("ruleIndex")].toInt()]
                                            .toObject();
            QCOMPARE(rule[QLatin1String("id")].toString(), res[QLatin1String("ruleId")].toString());
            QVERIFY(rule[QLatin1String("help")][QLatin1String("text")].isString());
            QVERIFY(rule[QLatin1String("properties")][QLatin1String("security-severity")].isString());
        }
    }
    // run-later and run-earlier each have the FP and the accepted risk.
    QCOMPARE(suppressed, 4);
    QVERIFY(states.contains(QStringLiteral("new")));
    QVERIFY(states.contains(QStringLiteral("unchanged")));
    QVERIFY(states.contains(QStringLiteral("absent")));

    // A run without findings is still reported (its invocation), and the validator accepts it.
    report::RunInfo empty;
    empty.id = QStringLiteral("empty-run");
    empty.workflow = QStringLiteral("python-static");
    empty.projectPath = m_project;
    empty.succeeded = false;
    empty.exitCode = 2;
    empty.error = QStringLiteral("the tool crashed");
    const QString emptyPath =
        write(report::assemble({empty}, {}, {}, {}), Format::Sarif, QStringLiteral("e.sarif"));
    QVERIFY(!emptyPath.isEmpty());
    const test::SarifValidation ve = test::validateSarif(emptyPath);
    QVERIFY2(ve.ok(), qPrintable(ve.describe()));
}

void TestReport::csvIsRfc4180()
{
    report::Options o;
    o.compareWithPrevious = false;
    auto r = report::collect(*m_store, {QStringLiteral("run-later")}, o);
    QVERIFY_OK(r);
    report::Report rep = r.value();
    rep.entries.first().finding.message = QStringLiteral("=HYPERLINK(\"http://x\")");
    const auto data = report::render(rep, Format::Csv);
    QVERIFY_OK(data);
    QVERIFY(data->contains("\r\n"));
    const auto rows = findings::parseCsv(data.value());
    QVERIFY_OK(rows);
    QCOMPARE(rows->size(), rep.entries.size() + 1);
    const QStringList header = rows->first();
    QCOMPARE(header.first(), QStringLiteral("severity"));
    const qsizetype message = header.indexOf(QStringLiteral("message"));
    const qsizetype fingerprint = header.indexOf(QStringLiteral("fingerprint"));
    const qsizetype status = header.indexOf(QStringLiteral("triage_status"));
    QVERIFY(message > 0 && fingerprint > 0 && status > 0);
    for (qsizetype i = 1; i < rows->size(); ++i) {
        const QStringList &row = rows->at(i);
        QCOMPARE(row.size(), header.size());
        const report::Entry &e = rep.entries.at(i - 1);
        QCOMPARE(row.at(fingerprint), e.finding.fingerprint);
        QCOMPARE(row.at(status), storage::triageStatusName(e.status));
        if (i == 1)
            QCOMPARE(row.at(message), QStringLiteral("'=HYPERLINK(\"http://x\")")); // not a formula
        else
            QCOMPARE(row.at(message), e.finding.message); // commas, quotes and line breaks intact
    }
}

void TestReport::jsonIsTheFindingModel()
{
    auto r = report::collect(*m_store, {QStringLiteral("run-later")}, {});
    QVERIFY_OK(r);
    const auto data = report::render(r.value(), Format::Json);
    QVERIFY_OK(data);
    QJsonParseError err;
    const QJsonObject root = QJsonDocument::fromJson(data.value(), &err).object();
    QCOMPARE(err.error, QJsonParseError::NoError);
    const QJsonArray fs = root.value(QLatin1String("findings")).toArray();
    QCOMPARE(fs.size(), r->entries.size());
    for (qsizetype i = 0; i < fs.size(); ++i) {
        QCOMPARE(Finding::fromJson(fs.at(i).toObject()), r->entries.at(i).finding);
        QCOMPARE(fs.at(i)[QLatin1String("runId")].toString(), QStringLiteral("run-later"));
    }
    QCOMPARE(root[QLatin1String("fixed")].toArray().size(), 1);
    QCOMPARE(root[QLatin1String("excluded")][QLatin1String("falsePositives")].toInt(), 1);
    QCOMPARE(root[QLatin1String("runs")][0][QLatin1String("comparedWith")].toString(),
             QStringLiteral("run-earlier"));
}

void TestReport::markdownTable()
{
    report::Options o;
    o.title = QStringLiteral("Shop | audit");
    o.author = QStringLiteral("A. Analyst");
    auto r = report::collect(*m_store, {QStringLiteral("run-later")}, o);
    QVERIFY_OK(r);
    r.value().entries.first().finding.message = QStringLiteral("<img src=x onerror=alert(1)> a|b");
    const auto data = report::render(r.value(), Format::Markdown);
    QVERIFY_OK(data);
    const QString md = QString::fromUtf8(data.value());
    QVERIFY(md.startsWith(QLatin1String("# Shop \\| audit\n")));
    QVERIFY(md.contains(QLatin1String("A. Analyst")));
    QVERIFY(md.contains(QLatin1String("&lt;img src=x onerror=alert\\(1\\)&gt; a\\|b")));
    QVERIFY(!md.contains(QLatin1String("<img")));
    // One table row per finding, every row with the header's seven pipes.
    const QStringList lines = md.split(QLatin1Char('\n'));
    const qsizetype header =
        lines.indexOf(QStringLiteral("| Severity | Rule | Location | Message | Triage | Baseline |"));
    QVERIFY(header > 0);
    for (qsizetype i = 0; i < r->entries.size(); ++i) {
        const QString &row = lines.at(header + 2 + i);
        QVERIFY2(row.startsWith(QLatin1String("| ")), qPrintable(row));
        QCOMPARE(QString(row).remove(QLatin1String("\\|")).count(QLatin1Char('|')), 7);
    }
    QVERIFY(md.contains(QLatin1String("## Fixed since the compared run")));
}

void TestReport::writeIsAllOrNothing()
{
    auto r = report::collect(*m_store, {QStringLiteral("run-later")}, {});
    QVERIFY_OK(r);
    // A folder that does not exist, a folder as the file: clear errors, nothing written.
    Status s = report::write(r.value(), Format::Csv, QStringLiteral("/nonexistent/dir/r.csv"));
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.contains(QLatin1String("cannot write /nonexistent/dir/r.csv")),
             qPrintable(s.error().message));
    s = report::write(r.value(), Format::Csv, m_tmp.path());
    QVERIFY(!s.ok());
    QVERIFY(s.error().message.contains(QLatin1String("it is a folder")));
    // A cancel keeps what was there.
    const QString path = m_tmp.filePath(QStringLiteral("keep.md"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("previous report");
    }
    for (Format format : {Format::Csv, Format::Markdown, Format::Json, Format::Sarif}) {
        s = report::write(r.value(), format, path, [](qint64, qint64) { return false; });
        QVERIFY(!s.ok());
        QCOMPARE(s.error().kind, Error::Kind::Canceled);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("previous report"));
    }
    QCOMPARE(QDir(m_tmp.path()).entryList({QStringLiteral("keep.md*")}, QDir::Files | QDir::Hidden).size(),
             1);
    // Progress reaches the end.
    qint64 last = -1, total = -1;
    s = report::write(r.value(), Format::Csv, path, [&](qint64 done, qint64 all) {
        last = done;
        total = all;
        return true;
    });
    QVERIFY_OK(s);
    QCOMPARE(last, total);
    QCOMPARE(total, r->entries.size());
}

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"

void TestReport::crashFindings()
{
    findings::ParseContext ctx;
    ctx.workflow = QStringLiteral("libfuzzer");
    ctx.tool = QStringLiteral("libfuzzer");
    auto parsed = fuzz::parseCrashLog(kCrashRecord, ctx);
    QVERIFY_OK(parsed);
    QCOMPARE(parsed->size(), 1);
    const Finding crash = parsed->first();
    const QString signature = crash.fingerprint;
    report::RunInfo run;
    run.id = QStringLiteral("run-fuzz");
    run.projectPath = m_project;
    run.workflow = QStringLiteral("libfuzzer");
    run.state = QStringLiteral("succeeded");
    run.succeeded = true;
    run.started = QDateTime::currentDateTimeUtc();
    run.finished = run.started.addSecs(60);
    const report::Report r = report::assemble({run}, {entry(crash, run.id)}, {}, {});

    // SARIF: result.properties.crash, valid for the multitool; the harness's secret is gone.
    const QString path = write(r, Format::Sarif, QStringLiteral("crash.sarif"));
    QVERIFY(!path.isEmpty());
    const test::SarifValidation v = test::validateSarif(path);
    QVERIFY2(v.ok(), qPrintable(v.describe()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray sarif = file.readAll();
    QVERIFY(!sarif.contains("Zx81kPq0aLm3Ty7u"));
    const QJsonObject result =
        QJsonDocument::fromJson(sarif)[QLatin1String("runs")][0][QLatin1String("results")][0].toObject();
    const QJsonObject props = result.value(QLatin1String("properties")).toObject();
    QCOMPARE(props[QLatin1String("redacted")].toBool(), true);
    const QJsonObject c = props.value(QLatin1String("crash")).toObject();
    QCOMPARE(c[QLatin1String("signature")].toString(), signature);
    QCOMPARE(c[QLatin1String("type")].toString(), QStringLiteral("heap-buffer-overflow"));
    QCOMPARE(c[QLatin1String("occurrences")].toInt(), 1);
    QCOMPARE(c[QLatin1String("reproducer")][QLatin1String("base64")].toString(), QStringLiteral("RlI="));
    QCOMPARE(c[QLatin1String("frames")][0].toString(), QStringLiteral("read_field src/parser.c:12"));
    QVERIFY(c[QLatin1String("stack")].toString().contains(QLatin1String("READ of size 1")));
    QCOMPARE(result[QLatin1String("partialFingerprints")][QLatin1String("fuzzforge/v1")].toString(),
             signature);

    // Markdown: a section per crash with its signature, frames and a hex dump of the input.
    const auto md = report::render(r, Format::Markdown);
    QVERIFY_OK(md);
    const QString text = QString::fromUtf8(md.value());
    QVERIFY(text.contains(QLatin1String("## Crashes")));
    QVERIFY(text.contains(QLatin1String("### heap-buffer-overflow in read_field at `src/parser.c:12`")));
    QVERIFY(
        text.contains(QLatin1String("Crash: heap-buffer-overflow READ, 1 crashing input, engine libfuzzer")));
    QVERIFY(text.contains(QLatin1String("Signature: ") + signature));
    QVERIFY(text.contains(QLatin1String("  #0 read_field src/parser.c:12")));
    QVERIFY(text.contains(QLatin1String("  #2 LLVMFuzzerTestOneInput fuzz/fuzz_parser.c:8")));
    QVERIFY(text.contains(QLatin1String("Reproducer: 6d2830b1e76dc7300fce6745176601827d233de8 (2 bytes)")));
    QVERIFY(text.contains(QLatin1String("  0000  46 52")));
    QVERIFY(!text.contains(QLatin1String("Zx81kPq0aLm3Ty7u")));

    // JSON: the finding model, properties included.
    const auto json = report::render(r, Format::Json);
    QVERIFY_OK(json);
    const QJsonObject f = QJsonDocument::fromJson(json.value())[QLatin1String("findings")][0].toObject();
    QCOMPARE(f[QLatin1String("properties")][QLatin1String("crash")][QLatin1String("signature")].toString(),
             signature);
    QVERIFY(!json->contains("Zx81kPq0aLm3Ty7u"));
}

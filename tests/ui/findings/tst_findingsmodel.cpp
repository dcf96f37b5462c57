// The findings model and its filter proxy: every filter, regex opt-in, sorting by severity rank,
// counts per severity, and triage decisions reaching the rows (QAbstractItemModelTester on both).
#include "findingsfilterproxy.h"
#include "findingsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace ff;
using namespace ff::ui;
using findings::Severity;
using storage::TriageStatus;

namespace {

// "a,b" -> {"a", "b"}
QStringList names(const char *csv)
{
    return QString::fromLatin1(csv).split(QLatin1Char(','), Qt::SkipEmptyParts);
}

} // namespace

class TestFindingsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void columnsAndRoles();
    void filters_data();
    void filters();
    void regexIsOptIn();
    void invalidRegexMatchesNothing();
    void sortsBySeverityRankNotText();
    void sortsLinesAsNumbers();
    void countsPerSeverityIgnoreOnlyTheSeverityFilter();
    void triageUpdatesRowsInBatches();
    void filtersFollowTriage();

private:
    static FindingRow row(const QString &rule, const QString &path, int line, Severity severity,
                          const QString &tool, const QString &title, const QString &message,
                          TriageStatus status = TriageStatus::Open,
                          const QString &project = QStringLiteral("/p"));
    QStringList shownRules() const;

    FindingsModel *m_model = nullptr;
    FindingsFilterProxy *m_proxy = nullptr;
    QAbstractItemModelTester *m_modelTester = nullptr;
    QAbstractItemModelTester *m_proxyTester = nullptr;
};

FindingRow TestFindingsModel::row(const QString &rule, const QString &path, int line, Severity severity,
                                  const QString &tool, const QString &title, const QString &message,
                                  TriageStatus status, const QString &project)
{
    FindingRow r;
    r.finding.workflow = QStringLiteral("wf");
    r.finding.tool = tool;
    r.finding.ruleId = rule;
    r.finding.title = title;
    r.finding.message = message;
    r.finding.severity = severity;
    r.finding.path = path;
    r.finding.region.startLine = line;
    r.finding.cwe = QStringLiteral("CWE-78");
    r.finding.fingerprint = QStringLiteral("fp-") + rule;
    r.runId = QStringLiteral("run1");
    r.projectPath = project;
    r.status = status;
    return r;
}

void TestFindingsModel::init()
{
    m_model = new FindingsModel(this);
    m_proxy = new FindingsFilterProxy(this);
    m_proxy->setSourceModel(m_model);
    m_modelTester =
        new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    m_proxyTester =
        new QAbstractItemModelTester(m_proxy, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    m_model->setRows({
        row(QStringLiteral("r-crit"), QStringLiteral("src/main.c"), 10, Severity::Critical,
            QStringLiteral("semgrep"), QStringLiteral("Command injection"),
            QStringLiteral("system() with input")),
        row(QStringLiteral("r-high"), QStringLiteral("src/net/socket.c"), 2, Severity::High,
            QStringLiteral("flawfinder"), QStringLiteral("Buffer overflow"),
            QStringLiteral("strcpy into buf")),
        row(QStringLiteral("r-med"), QStringLiteral("lib/util.py"), 100, Severity::Medium,
            QStringLiteral("bandit"), QStringLiteral("Weak hash"), QStringLiteral("md5 used"),
            TriageStatus::Confirmed),
        row(QStringLiteral("r-low"), QStringLiteral("lib/abc.py"), 7, Severity::Low, QStringLiteral("bandit"),
            QStringLiteral("Assert used"), QStringLiteral("assert in code"), TriageStatus::FalsePositive),
        row(QStringLiteral("r-info"), QStringLiteral("README.md"), 0, Severity::Info,
            QStringLiteral("semgrep"), QStringLiteral("Note"), QStringLiteral("just a.c note"),
            TriageStatus::AcceptedRisk),
        row(QStringLiteral("r-high2"), QStringLiteral("src/parse.c"), 30, Severity::High,
            QStringLiteral("semgrep"), QStringLiteral("Format string"), QStringLiteral("printf(user)")),
    });
}

void TestFindingsModel::cleanup()
{
    delete m_proxyTester;
    delete m_modelTester;
    delete m_proxy;
    delete m_model;
}

QStringList TestFindingsModel::shownRules() const
{
    QStringList rules;
    for (int i = 0; i < m_proxy->rowCount(); ++i)
        rules << m_proxy->index(i, FindingsModel::Rule).data().toString();
    rules.sort();
    return rules;
}

void TestFindingsModel::columnsAndRoles()
{
    QCOMPARE(m_model->rowCount(), 6);
    QCOMPARE(m_model->columnCount(), int(FindingsModel::ColumnCount));
    const QModelIndex sev = m_model->index(0, FindingsModel::Severity);
    QCOMPARE(sev.data().toString(), QStringLiteral("Critical"));
    QVERIFY(sev.data(Qt::DecorationRole).value<QIcon>().isNull() == false);
    QCOMPARE(sev.data(FindingsModel::SeverityRankRole).toInt(), int(Severity::Critical));
    QCOMPARE(sev.data(FindingsModel::FingerprintRole).toString(), QStringLiteral("fp-r-crit"));
    QCOMPARE(sev.data(FindingsModel::ProjectRole).toString(), QStringLiteral("/p"));
    QCOMPARE(m_model->index(2, FindingsModel::Status).data().toString(), QStringLiteral("Confirmed"));
    QCOMPARE(m_model->index(0, FindingsModel::Line).data().toInt(), 10);
    QVERIFY(!m_model->index(4, FindingsModel::Line).data().isValid()); // no line: empty, not 0
    QCOMPARE(m_model->index(0, FindingsModel::Cwe).data().toString(), QStringLiteral("CWE-78"));
    QCOMPARE(m_model->tools(), (QStringList{QStringLiteral("bandit"), QStringLiteral("flawfinder"),
                                            QStringLiteral("semgrep")}));
    QCOMPARE(m_model->rules().size(), 6);
    QCOMPARE(m_proxy->rowCount(), 6);
}

void TestFindingsModel::filters_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("tool") << "tool"
                          << "bandit" << names("r-low,r-med");
    QTest::addRow("rule") << "rule"
                          << "r-high2" << names("r-high2");
    QTest::addRow("status open") << "status"
                                 << "open" << names("r-crit,r-high,r-high2");
    QTest::addRow("status false positive") << "status"
                                           << "false-positive" << names("r-low");
    QTest::addRow("path substring, any case") << "path"
                                              << "SRC/" << names("r-crit,r-high,r-high2");
    QTest::addRow("path glob across folders") << "path"
                                              << "*.c" << names("r-crit,r-high,r-high2");
    QTest::addRow("path glob anchored") << "path"
                                        << "lib/*" << names("r-low,r-med");
    QTest::addRow("path glob with ?") << "path"
                                      << "lib/???.py" << names("r-low");
    QTest::addRow("text in title") << "text"
                                   << "OVERFLOW" << names("r-high");
    QTest::addRow("text in message") << "text"
                                     << "md5" << names("r-med");
    QTest::addRow("text in path") << "text"
                                  << "socket" << names("r-high");
    QTest::addRow("text in rule") << "text"
                                  << "r-info" << names("r-info");
    QTest::addRow("severity off: high") << "severity-off"
                                        << "high" << names("r-crit,r-info,r-low,r-med");
}

void TestFindingsModel::filters()
{
    QFETCH(QString, kind);
    QFETCH(QString, value);
    QFETCH(QStringList, expected);
    QSignalSpy changed(m_proxy, &FindingsFilterProxy::filterChanged);
    if (kind == QLatin1String("tool"))
        m_proxy->setTool(value);
    else if (kind == QLatin1String("rule"))
        m_proxy->setRule(value);
    else if (kind == QLatin1String("status"))
        m_proxy->setStatuses({storage::parseTriageStatus(value).value()});
    else if (kind == QLatin1String("path"))
        m_proxy->setPathFilter(value);
    else if (kind == QLatin1String("text"))
        m_proxy->setTextFilter(value);
    else if (kind == QLatin1String("severity-off"))
        m_proxy->setSeverityEnabled(findings::parseSeverity(value).value(), false);
    QVERIFY(changed.count() >= 1);
    expected.sort();
    QCOMPARE(shownRules(), expected);
    // Clearing the filter shows everything again.
    m_proxy->setTool({});
    m_proxy->setRule({});
    m_proxy->setStatuses({});
    m_proxy->setPathFilter({});
    m_proxy->setTextFilter({});
    for (Severity s : findings::kAllSeverities)
        m_proxy->setSeverityEnabled(s, true);
    QCOMPARE(m_proxy->rowCount(), 6);
}

void TestFindingsModel::regexIsOptIn()
{
    // "a.c" as plain text is only the literal; as a regex the dot matches any character.
    m_proxy->setTextFilter(QStringLiteral("a.c"));
    QCOMPARE(shownRules(), QStringList{QStringLiteral("r-info")});
    m_proxy->setTextFilter(QStringLiteral("a.c"), true);
    QCOMPARE(shownRules(), names("r-info,r-low")); // "just a.c note", lib/abc.py
}

void TestFindingsModel::invalidRegexMatchesNothing()
{
    m_proxy->setTextFilter(QStringLiteral("(unclosed"), true);
    QVERIFY(!m_proxy->textError().isEmpty());
    QCOMPARE(m_proxy->rowCount(), 0);
    m_proxy->setTextFilter(QStringLiteral("(unclosed"), false); // as text it is fine
    QVERIFY(m_proxy->textError().isEmpty());
    QCOMPARE(m_proxy->rowCount(), 0);
    m_proxy->setTextFilter(QStringLiteral("^(buffer|weak)"), true);
    QCOMPARE(shownRules(), (QStringList{QStringLiteral("r-high"), QStringLiteral("r-med")}));
}

void TestFindingsModel::sortsBySeverityRankNotText()
{
    m_proxy->sort(FindingsModel::Severity, Qt::DescendingOrder);
    QStringList order;
    for (int i = 0; i < m_proxy->rowCount(); ++i)
        order << m_proxy->index(i, FindingsModel::Severity).data().toString();
    QCOMPARE(order, names("Critical,High,High,Medium,Low,Info"));
    m_proxy->sort(FindingsModel::Severity, Qt::AscendingOrder);
    QCOMPARE(m_proxy->index(0, FindingsModel::Severity).data().toString(), QStringLiteral("Info"));
    QCOMPARE(m_proxy->index(5, FindingsModel::Severity).data().toString(), QStringLiteral("Critical"));
}

void TestFindingsModel::sortsLinesAsNumbers()
{
    m_proxy->sort(FindingsModel::Line, Qt::AscendingOrder);
    QList<int> lines;
    for (int i = 0; i < m_proxy->rowCount(); ++i)
        lines << m_proxy->index(i, FindingsModel::Line).data(FindingsModel::LineRole).toInt();
    QCOMPARE(lines, (QList<int>{0, 2, 7, 10, 30, 100}));
    m_proxy->sort(FindingsModel::Path, Qt::AscendingOrder);
    QCOMPARE(m_proxy->index(0, FindingsModel::Path).data().toString(), QStringLiteral("lib/abc.py"));
}

void TestFindingsModel::countsPerSeverityIgnoreOnlyTheSeverityFilter()
{
    auto counts = m_proxy->severityCounts();
    QCOMPARE(counts[size_t(Severity::Critical)], 1);
    QCOMPARE(counts[size_t(Severity::High)], 2);
    QCOMPARE(counts[size_t(Severity::Medium)], 1);
    QCOMPARE(counts[size_t(Severity::Low)], 1);
    QCOMPARE(counts[size_t(Severity::Info)], 1);
    // Turning high off hides the rows but keeps the count: the button says what it would show.
    m_proxy->setSeverityEnabled(Severity::High, false);
    QCOMPARE(m_proxy->rowCount(), 4);
    counts = m_proxy->severityCounts();
    QCOMPARE(counts[size_t(Severity::High)], 2);
    // Other filters do narrow the counts.
    m_proxy->setTool(QStringLiteral("semgrep"));
    counts = m_proxy->severityCounts();
    QCOMPARE(counts[size_t(Severity::Critical)], 1);
    QCOMPARE(counts[size_t(Severity::High)], 1);
    QCOMPARE(counts[size_t(Severity::Medium)], 0);
    QCOMPARE(counts[size_t(Severity::Info)], 1);
    QCOMPARE(m_proxy->rowCount(), 2);
}

void TestFindingsModel::triageUpdatesRowsInBatches()
{
    // Same fingerprint in another project must stay as it is.
    auto rows = m_model->rows();
    rows << row(QStringLiteral("r-crit"), QStringLiteral("src/main.c"), 10, Severity::Critical,
                QStringLiteral("semgrep"), QStringLiteral("Command injection"), QStringLiteral("x"),
                TriageStatus::Open, QStringLiteral("/other"));
    m_model->setRows(rows);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    storage::Triage t;
    t.status = TriageStatus::FalsePositive;
    t.reason = QStringLiteral("test code");
    const int n = m_model->applyTriage(
        QStringLiteral("/p"),
        {QStringLiteral("fp-r-crit"), QStringLiteral("fp-r-high"), QStringLiteral("fp-r-high2")}, t);
    QCOMPARE(n, 3);
    // Rows 0-1 are one block, row 5 another: two signals, not three.
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1);
    QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 5);
    QCOMPARE(m_model->index(0, FindingsModel::Status).data().toString(), QStringLiteral("False positive"));
    QCOMPARE(m_model->index(0, FindingsModel::Status).data(Qt::ToolTipRole).toString(),
             QStringLiteral("False positive: test code"));
    QCOMPARE(m_model->row(6).status, TriageStatus::Open);
    // The same decision again changes nothing.
    QCOMPARE(m_model->applyTriage(QStringLiteral("/p"), {QStringLiteral("fp-r-crit")}, t), 0);
}

void TestFindingsModel::filtersFollowTriage()
{
    m_proxy->setStatuses({TriageStatus::Open, TriageStatus::Confirmed});
    QCOMPARE(shownRules(), names("r-crit,r-high,r-high2,r-med"));
    QSignalSpy countsChanged(m_proxy, &FindingsFilterProxy::filterChanged);
    storage::Triage t;
    t.status = TriageStatus::FalsePositive;
    m_model->applyTriage(QStringLiteral("/p"), {QStringLiteral("fp-r-high")}, t);
    QCOMPARE(shownRules(), names("r-crit,r-high2,r-med"));
    QVERIFY(countsChanged.count() >= 1);
    QCOMPARE(m_proxy->severityCounts()[size_t(Severity::High)], 1);
    t.status = TriageStatus::Open;
    m_model->applyTriage(QStringLiteral("/p"), {QStringLiteral("fp-r-high")}, t);
    QCOMPARE(shownRules(), names("r-crit,r-high,r-high2,r-med"));
}

QTEST_MAIN(TestFindingsModel)
#include "tst_findingsmodel.moc"

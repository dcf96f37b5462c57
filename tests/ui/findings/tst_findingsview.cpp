// The Findings view on a real session (engine, SQLite history): two recorded runs of the same
// workflow on a project, the later one selected; the code around a finding; triage through the
// view's actions, stored and still there for a new view on a new session; new and fixed findings.
#include "findingdetail.h"
#include "findingsfilterproxy.h"
#include "findingsmodel.h"
#include "findingsview.h"
#include "testutil.h"
#include "uitestutil.h"

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QTableView>

using namespace ff;
using namespace ff::ui;
using findings::Finding;
using findings::Severity;
using storage::TriageStatus;

// The view's rows are those of the latest load (an earlier one still under way is dropped).
#define WAIT_LOADED() QTRY_VERIFY_WITH_TIMEOUT(!m_view->isLoading(), 15000)

class TestFindingsView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void selectedRunShowsItsFindings();
    void detailShowsTheCodeAroundTheLine();
    void triageOfTwoRowsIsStored();
    void triageSurvivesANewSession();
    void newAndFixedSincePreviousRun();
    void withoutSelectionShowsRunsOfThisSession();
    void copyHidesSecrets();

private:
    Finding finding(const QString &fp, const QString &path, int line, Severity severity) const;
    run::RunResult runResult(const QString &id, int secondsAgo, QList<Finding> findings) const;
    void newView();
    int proxyRow(const QString &fingerprint) const;
    void selectFingerprints(const QStringList &fingerprints);
    QStringList shownFingerprints() const;

    QTemporaryDir m_tmp;
    QString m_project;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<FindingsView> m_view;
};

Finding TestFindingsView::finding(const QString &fp, const QString &path, int line, Severity severity) const
{
    Finding f;
    f.workflow = QStringLiteral("c-cpp-static");
    f.tool = QStringLiteral("flawfinder");
    f.ruleId = QStringLiteral("rule-") + fp;
    f.title = QStringLiteral("Title of ") + fp;
    f.message = QStringLiteral("Message of ") + fp;
    f.severity = severity;
    f.path = path;
    f.region.startLine = line;
    f.cwe = QStringLiteral("CWE-120");
    f.helpUri = QStringLiteral("https://example.org/rules/") + fp;
    f.fingerprint = fp;
    return f;
}

run::RunResult TestFindingsView::runResult(const QString &id, int secondsAgo, QList<Finding> findings) const
{
    run::RunResult r;
    r.runId = id;
    r.workflowId = QStringLiteral("c-cpp-static");
    r.workflowVersion = QStringLiteral("1.0.0");
    r.projectPath = m_project;
    r.state = run::RunState::Succeeded;
    r.exitCode = 0;
    r.submitted = QDateTime::currentDateTimeUtc().addSecs(-secondsAgo);
    r.containerRunning = r.submitted.addMSecs(100);
    r.finished = r.submitted.addSecs(2);
    r.findings = std::move(findings);
    return r;
}

void TestFindingsView::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_project = m_tmp.filePath(QStringLiteral("project"));
    QVERIFY(QDir().mkpath(m_project + QStringLiteral("/src")));
    m_project = QFileInfo(m_project).canonicalFilePath();
    for (const QString &name : {QStringLiteral("a.c"), QStringLiteral("b.c")}) {
        QFile f(m_project + QStringLiteral("/src/") + name);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int i = 1; i <= 30; ++i)
            f.write(QStringLiteral("/* %1 */ int %2_line_%3;\n").arg(name).arg(name.at(0)).arg(i).toUtf8());
    }
    m_session = test::readySession(test::uiSettings(m_tmp));
    QVERIFY(m_session->store());
    // run1 had f1, f2, f3; run2 (later) fixed f1 and brought f4 and f5 (whose file is gone).
    const auto f1 = finding(QStringLiteral("fp1"), QStringLiteral("src/a.c"), 3, Severity::High);
    const auto f2 = finding(QStringLiteral("fp2"), QStringLiteral("src/a.c"), 12, Severity::Critical);
    const auto f3 = finding(QStringLiteral("fp3"), QStringLiteral("src/b.c"), 5, Severity::Medium);
    const auto f4 = finding(QStringLiteral("fp4"), QStringLiteral("src/a.c"), 20, Severity::Low);
    const auto f5 = finding(QStringLiteral("fp5"), QStringLiteral("src/gone.c"), 1, Severity::Info);
    QVERIFY(
        test::wait(m_session->store()->recordRun(runResult(QStringLiteral("run1"), 100, {f1, f2, f3}))).ok());
    QVERIFY(test::wait(m_session->store()->recordRun(runResult(QStringLiteral("run2"), 10, {f2, f3, f4, f5})))
                .ok());
    newView();
}

void TestFindingsView::cleanupTestCase()
{
    m_view.reset();
    m_session.reset();
}

void TestFindingsView::newView()
{
    m_view = std::make_unique<FindingsView>(m_session.get(), nullptr);
    m_view->resize(1000, 700);
    m_view->show();
}

int TestFindingsView::proxyRow(const QString &fingerprint) const
{
    for (int i = 0; i < m_view->proxy()->rowCount(); ++i)
        if (m_view->proxy()->index(i, 0).data(FindingsModel::FingerprintRole).toString() == fingerprint)
            return i;
    return -1;
}

void TestFindingsView::selectFingerprints(const QStringList &fingerprints)
{
    QItemSelection selection;
    for (const QString &fp : fingerprints) {
        const int row = proxyRow(fp);
        QVERIFY2(row >= 0, qPrintable(fp));
        selection.select(m_view->proxy()->index(row, 0), m_view->proxy()->index(row, 0));
    }
    m_view->table()->selectionModel()->setCurrentIndex(
        m_view->proxy()->index(proxyRow(fingerprints.first()), 0), QItemSelectionModel::NoUpdate);
    m_view->table()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
}

QStringList TestFindingsView::shownFingerprints() const
{
    QStringList out;
    for (int i = 0; i < m_view->proxy()->rowCount(); ++i)
        out << m_view->proxy()->index(i, 0).data(FindingsModel::FingerprintRole).toString();
    out.sort();
    return out;
}

void TestFindingsView::selectedRunShowsItsFindings()
{
    QCOMPARE(m_view->model()->rowCount(), 0);
    m_session->selectRuns({QStringLiteral("run2")});
    WAIT_LOADED();
    QCOMPARE(shownFingerprints(), (QStringList{QStringLiteral("fp2"), QStringLiteral("fp3"),
                                               QStringLiteral("fp4"), QStringLiteral("fp5")}));
    // Critical first by default.
    QCOMPARE(m_view->proxy()->index(0, 0).data(FindingsModel::FingerprintRole).toString(),
             QStringLiteral("fp2"));
    QVERIFY2(m_view->summaryText().contains(QStringLiteral("1 run, 4 findings, 4 shown")),
             qPrintable(m_view->summaryText()));
    QCOMPARE(m_view->model()->row(0).runId, QStringLiteral("run2"));
    QCOMPARE(m_view->model()->row(0).projectPath, m_project);
}

void TestFindingsView::detailShowsTheCodeAroundTheLine()
{
    QSignalSpy snippet(m_view->detail(), &FindingDetail::snippetReady);
    selectFingerprints({QStringLiteral("fp2")});
    QTRY_COMPARE_WITH_TIMEOUT(snippet.count(), 1, 10000);
    const QString text = m_view->detailText();
    QVERIFY2(text.contains(QStringLiteral("Title of fp2")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Message of fp2")));
    QVERIFY(text.contains(QStringLiteral("rule-fp2")));
    QVERIFY(text.contains(QStringLiteral("CWE-120")));
    QVERIFY(text.contains(QStringLiteral("src/a.c:12")));
    // Lines 7 to 17, numbered, line 12 among them; nothing of line 6 or 18.
    QVERIFY2(text.contains(QStringLiteral("12  /* a.c */ int a_line_12;")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral(" 7  /* a.c */ int a_line_7;")));
    QVERIFY(text.contains(QStringLiteral("17  /* a.c */ int a_line_17;")));
    QVERIFY(!text.contains(QStringLiteral("a_line_6;")));
    QVERIFY(!text.contains(QStringLiteral("a_line_18;")));

    // A file that is gone says so.
    selectFingerprints({QStringLiteral("fp5")});
    QTRY_COMPARE_WITH_TIMEOUT(snippet.count(), 2, 10000);
    QVERIFY2(m_view->detailText().contains(QStringLiteral("missing")), qPrintable(m_view->detailText()));
}

void TestFindingsView::triageOfTwoRowsIsStored()
{
    QSignalSpy problems(m_session.get(), &Session::problem);
    selectFingerprints({QStringLiteral("fp2"), QStringLiteral("fp3")});
    QAction *falsePositive = m_view->triageAction(TriageStatus::FalsePositive);
    QVERIFY(falsePositive && falsePositive->isEnabled());
    QCOMPARE(falsePositive->shortcut(), QKeySequence(Qt::Key_F));
    QSignalSpy triaged(m_session.get(), &Session::triageChanged);
    falsePositive->trigger();
    // Counted rather than waited for: the spy's wait() can miss a signal that comes on its first
    // event-loop turn.
    QTRY_COMPARE_WITH_TIMEOUT(triaged.count(), 1, 10000);
    QCOMPARE(triaged.at(0).at(1).toStringList(), (QStringList{QStringLiteral("fp2"), QStringLiteral("fp3")}));
    QVERIFY(problems.isEmpty());

    const auto stored = m_session->store()->triage(m_project);
    QVERIFY(stored.ok());
    QCOMPARE(stored->value(QStringLiteral("fp2")).status, TriageStatus::FalsePositive);
    QCOMPARE(stored->value(QStringLiteral("fp3")).status, TriageStatus::FalsePositive);
    QVERIFY(!stored->contains(QStringLiteral("fp4")));
    // The rows follow.
    QCOMPARE(m_view->proxy()->index(proxyRow(QStringLiteral("fp2")), FindingsModel::Status).data().toString(),
             QStringLiteral("False positive"));
    QCOMPARE(m_view->proxy()->index(proxyRow(QStringLiteral("fp4")), FindingsModel::Status).data().toString(),
             QStringLiteral("Open"));

    // An accepted risk without a reason is refused.
    selectFingerprints({QStringLiteral("fp4")});
    QVERIFY(!m_view->triageSelected(TriageStatus::AcceptedRisk, QStringLiteral("  ")));
    QCOMPARE(problems.count(), 1);
    QVERIFY(m_view->triageSelected(TriageStatus::AcceptedRisk, QStringLiteral("test fixture only")));
    QTRY_COMPARE_WITH_TIMEOUT(triaged.count(), 2, 10000);
    QTRY_COMPARE(m_view->model()
                     ->row(m_view->proxy()
                               ->mapToSource(m_view->proxy()->index(proxyRow(QStringLiteral("fp4")), 0))
                               .row())
                     .reason,
                 QStringLiteral("test fixture only"));
}

void TestFindingsView::triageSurvivesANewSession()
{
    m_view.reset();
    m_session.reset();
    m_session = test::readySession(test::uiSettings(m_tmp));
    newView();
    m_session->selectRuns({QStringLiteral("run2")});
    WAIT_LOADED();
    QCOMPARE(m_view->model()->rowCount(), 4);
    auto statusOf = [this](const QString &fp) {
        return m_view->proxy()->index(proxyRow(fp), 0).data(FindingsModel::StatusRole).toInt();
    };
    QCOMPARE(statusOf(QStringLiteral("fp2")), int(TriageStatus::FalsePositive));
    QCOMPARE(statusOf(QStringLiteral("fp3")), int(TriageStatus::FalsePositive));
    QCOMPARE(statusOf(QStringLiteral("fp4")), int(TriageStatus::AcceptedRisk));
    QCOMPARE(statusOf(QStringLiteral("fp5")), int(TriageStatus::Open));
}

void TestFindingsView::newAndFixedSincePreviousRun()
{
    m_view->setMode(FindingsMode::NewSincePrevious);
    WAIT_LOADED();
    QCOMPARE(shownFingerprints(), (QStringList{QStringLiteral("fp4"), QStringLiteral("fp5")}));
    m_view->setMode(FindingsMode::FixedSincePrevious);
    WAIT_LOADED();
    QCOMPARE(shownFingerprints(), QStringList{QStringLiteral("fp1")});
    QCOMPARE(m_view->model()->row(0).runId, QStringLiteral("run1")); // last seen there
    // The first run has no previous one: everything in it is new, nothing fixed.
    m_session->selectRuns({QStringLiteral("run1")});
    WAIT_LOADED();
    QCOMPARE(m_view->model()->rowCount(), 0);
    m_view->setMode(FindingsMode::NewSincePrevious);
    WAIT_LOADED();
    QCOMPARE(shownFingerprints(),
             (QStringList{QStringLiteral("fp1"), QStringLiteral("fp2"), QStringLiteral("fp3")}));
    m_view->setMode(FindingsMode::All);
    m_session->selectRuns({QStringLiteral("run1"), QStringLiteral("run2")});
    WAIT_LOADED();
    QCOMPARE(m_view->model()->rowCount(), 7);
    QVERIFY2(m_view->summaryText().contains(QStringLiteral("2 runs, 7 findings")),
             qPrintable(m_view->summaryText()));
}

void TestFindingsView::withoutSelectionShowsRunsOfThisSession()
{
    m_session->selectRuns({});
    WAIT_LOADED();
    QCOMPARE(m_view->model()->rowCount(), 0);
    // Runs that finish in this session: the latest per workflow and project.
    const auto f6 = finding(QStringLiteral("fp6"), QStringLiteral("src/b.c"), 9, Severity::High);
    const auto f2 = finding(QStringLiteral("fp2"), QStringLiteral("src/a.c"), 12, Severity::Critical);
    Q_EMIT m_session->runFinished(runResult(QStringLiteral("run3"), 5, {f6, f2}));
    WAIT_LOADED();
    QCOMPARE(shownFingerprints(), (QStringList{QStringLiteral("fp2"), QStringLiteral("fp6")}));
    // Its triage is the project's.
    QCOMPARE(
        m_view->proxy()->index(proxyRow(QStringLiteral("fp2")), 0).data(FindingsModel::StatusRole).toInt(),
        int(TriageStatus::FalsePositive));
    // New since previous (run2, in the store; run3 is not stored): fp6 only.
    m_view->setMode(FindingsMode::NewSincePrevious);
    WAIT_LOADED();
    QCOMPARE(shownFingerprints(), QStringList{QStringLiteral("fp6")});
    m_view->setMode(FindingsMode::All);
    Q_EMIT m_session->runFinished(runResult(QStringLiteral("run4"), 1, {f6}));
    WAIT_LOADED();
    QCOMPARE(shownFingerprints(), QStringList{QStringLiteral("fp6")});
    QCOMPARE(m_view->model()->row(0).runId, QStringLiteral("run4"));
}

// "Copy" (Ctrl+C) puts the selected findings on the clipboard as text: rule, place, message,
// snippet, with every secret value hidden, even in a row that arrived unredacted.
void TestFindingsView::copyHidesSecrets()
{
    const QString token = QStringLiteral("ghp_") + QStringLiteral("Zq8r2LmN4vX7tB1cY9wK3pD6sF0hJ5gA2eR8");
    const QString password = QStringLiteral("Tr0ub4dor-horse-Battery-9173");
    auto leak = finding(QStringLiteral("fp7"), QStringLiteral("src/a.c"), 4, Severity::High);
    leak.message = QStringLiteral("a GitHub token %1 in the source").arg(token);
    leak.snippet = QStringLiteral("const char *password = \"%1\";").arg(password);
    auto secret = finding(QStringLiteral("fp8"), QStringLiteral("src/b.c"), 2, Severity::Critical);
    secret.workflow = QStringLiteral("secrets");
    secret.tool = QStringLiteral("fuzzforge-secrets");
    secret.ruleId = QStringLiteral("github-token");
    secret.snippet = QStringLiteral("TOKEN=") + token;
    Q_EMIT m_session->runFinished(runResult(QStringLiteral("run5"), 0, {leak, secret}));
    WAIT_LOADED();
    selectFingerprints({QStringLiteral("fp7"), QStringLiteral("fp8")});
    QAction *copy = m_view->copyAction();
    QVERIFY(copy && copy->isEnabled());
    QCOMPARE(copy->shortcut(), QKeySequence(QKeySequence::Copy));
    QGuiApplication::clipboard()->clear();
    copy->trigger();
    const QString text = QGuiApplication::clipboard()->text();
    QVERIFY2(text.contains(QLatin1String("rule-fp7")) && text.contains(QLatin1String("github-token")),
             qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("src/a.c:4")), qPrintable(text));
    QVERIFY2(!text.contains(token), qPrintable(text));
    QVERIFY2(!text.contains(password), qPrintable(text));
    QVERIFY2(!text.contains(token.mid(8, 16)), qPrintable(text)); // nor a long part of it
    // Nothing selected, nothing copied.
    m_view->table()->clearSelection();
    QVERIFY(!copy->isEnabled());
    QVERIFY(!m_view->copySelection());
}

QTEST_MAIN(TestFindingsView)
#include "tst_findingsview.moc"

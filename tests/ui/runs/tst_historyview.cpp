// HistoryView: recorded runs with findings in a real SQLite store; the project, state and text
// filters; two runs compared (fixed, new, unchanged); refreshed when a run finishes.
#include "runs/comparepane.h"
#include "runs/difffindingsmodel.h"
#include "runs/historyfilter.h"
#include "runs/historymodel.h"
#include "runs/historyview.h"
#include "testutil.h"
#include "uitestutil.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace ff;
using findings::Severity;
using run::RunState;

class TestHistoryView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listsAndFilters();
    void comparesTwoRuns();
    void warnsAcrossProjects();
    void refreshesWhenARunFinishes();
    void saysWhenThereIsNoHistory();

private:
    run::RunResult makeRun(const QString &id, const QString &project, RunState state, int agoSeconds,
                           const QStringList &fingerprints);
    bool record(const run::RunResult &r);
    QStringList visibleIds() const;

    QTemporaryDir m_tmp;
    std::unique_ptr<ui::Session> m_session;
    std::unique_ptr<ui::HistoryView> m_view;
};

void TestHistoryView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

run::RunResult TestHistoryView::makeRun(const QString &id, const QString &project, RunState state,
                                        int agoSeconds, const QStringList &fingerprints)
{
    run::RunResult r;
    r.runId = id;
    r.workflowId = QStringLiteral("c-cpp-static");
    r.workflowVersion = QStringLiteral("1.0.0");
    r.projectPath = project;
    r.state = state;
    r.error = state == RunState::Failed ? QStringLiteral("exit code 2") : QString();
    r.submitted = QDateTime::currentDateTimeUtc().addSecs(-agoSeconds);
    r.containerRunning = r.submitted.addSecs(1);
    r.finished = r.containerRunning.addSecs(30);
    for (const QString &fp : fingerprints) {
        findings::Finding f;
        f.workflow = r.workflowId;
        f.tool = QStringLiteral("flawfinder");
        f.ruleId = QStringLiteral("RULE-") + fp;
        f.title = QStringLiteral("title of ") + fp;
        f.message = QStringLiteral("message of ") + fp;
        f.severity = fp.startsWith(QLatin1String("new")) ? Severity::High : Severity::Low;
        f.path = QStringLiteral("src/") + fp + QStringLiteral(".c");
        f.region.startLine = 7;
        f.fingerprint = fp;
        r.findings << f;
    }
    return r;
}

bool TestHistoryView::record(const run::RunResult &r)
{
    return test::wait(m_session->store()->recordRun(r)).ok();
}

QStringList TestHistoryView::visibleIds() const
{
    QStringList ids;
    for (int i = 0; i < m_view->filter()->rowCount(); ++i)
        ids << m_view->filter()->index(i, 0).data(ui::HistoryModel::RunIdRole).toString();
    ids.sort();
    return ids;
}

void TestHistoryView::init()
{
    QVERIFY(m_tmp.isValid());
    const QString db = m_tmp.filePath(QString::number(QDateTime::currentMSecsSinceEpoch()));
    QDir().mkpath(db);
    ui::AppSettings settings = test::uiSettings(m_tmp);
    settings.databaseUrl = QStringLiteral("sqlite:") + db + QStringLiteral("/history.db");
    m_session = test::readySession(settings);
    QVERIFY(m_session->store());
    const QString p1 = QStringLiteral("/src/one");
    const QString p2 = QStringLiteral("/src/two");
    QVERIFY(record(makeRun(QStringLiteral("runA0001"), p1, RunState::Succeeded, 7200,
                           {QStringLiteral("kept"), QStringLiteral("gone")})));
    QVERIFY(record(makeRun(QStringLiteral("runB0002"), p1, RunState::Succeeded, 3600,
                           {QStringLiteral("kept"), QStringLiteral("new1"), QStringLiteral("new2")})));
    QVERIFY(record(makeRun(QStringLiteral("runC0003"), p2, RunState::Failed, 1800, {})));
    m_session->store()->writer().flush();
    // The history is read at construction; the answer may come before a spy could be made.
    m_view = std::make_unique<ui::HistoryView>(m_session.get());
    QTRY_COMPARE_WITH_TIMEOUT(m_view->model()->rowCount(), 3, 10000);
}

void TestHistoryView::cleanup()
{
    m_view.reset();
    m_session.reset();
}

void TestHistoryView::listsAndFilters()
{
    QAbstractItemModelTester tester(m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(m_view->filter(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(m_view->model()->rowCount(), 3);
    // Newest first.
    QCOMPARE(m_view->table()->model()->index(0, 0).data(ui::HistoryModel::RunIdRole).toString(),
             QStringLiteral("runC0003"));
    const auto *b = m_view->model()->run(QStringLiteral("runB0002"));
    QVERIFY(b);
    QCOMPARE(b->findingCount, 3);

    // Projects: All + each project in the history.
    QCOMPARE(m_view->projectCombo()->count(), 3);
    const int two = m_view->projectCombo()->findData(QStringLiteral("/src/two"));
    QVERIFY(two > 0);
    m_view->projectCombo()->setCurrentIndex(two);
    QCOMPARE(visibleIds(), QStringList{QStringLiteral("runC0003")});
    m_view->projectCombo()->setCurrentIndex(0);
    QCOMPARE(visibleIds().size(), 3);

    // State.
    m_view->stateCombo()->setCurrentIndex(m_view->stateCombo()->findData(QStringLiteral("failed")));
    QCOMPARE(visibleIds(), QStringList{QStringLiteral("runC0003")});
    m_view->stateCombo()->setCurrentIndex(m_view->stateCombo()->findData(QStringLiteral("succeeded")));
    QCOMPARE(visibleIds(), (QStringList{QStringLiteral("runA0001"), QStringLiteral("runB0002")}));
    m_view->stateCombo()->setCurrentIndex(0);

    // Text, debounced: nothing changes at once, the filter applies 300 ms later.
    m_view->textFilter()->setText(QStringLiteral("RUNB"));
    QCOMPARE(visibleIds().size(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(visibleIds(), QStringList{QStringLiteral("runB0002")}, 2000);
    m_view->textFilter()->setText(QStringLiteral("static"));
    QTRY_COMPARE_WITH_TIMEOUT(visibleIds().size(), 3, 2000);
    // A regular expression only when asked for.
    QVERIFY(m_view->filter()->setText(QStringLiteral("run[AC]"), true));
    QCOMPARE(visibleIds(), (QStringList{QStringLiteral("runA0001"), QStringLiteral("runC0003")}));
    QVERIFY(!m_view->filter()->setText(QStringLiteral("run[AC"), true));
    QVERIFY(m_view->filter()->setText(QStringLiteral("run[AC]"), false));
    QCOMPARE(visibleIds().size(), 0);

    // Selecting rows tells the session (Logs, Resources and Findings follow it).
    m_view->filter()->setText({});
    m_view->selectRuns({QStringLiteral("runA0001")});
    QCOMPARE(m_session->selectedRuns(), QStringList{QStringLiteral("runA0001")});
    QVERIFY(!m_view->compareAction()->isEnabled());
}

void TestHistoryView::comparesTwoRuns()
{
    QVERIFY(!m_view->comparePane()->isVisibleTo(m_view.get()));
    // Selected newer first: A is still the older one.
    m_view->selectRuns({QStringLiteral("runB0002"), QStringLiteral("runA0001")});
    QCOMPARE(m_view->selectedRunIds().size(), 2);
    QVERIFY(m_view->compareAction()->isEnabled());
    QCOMPARE(m_view->compareAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_D));
    QSignalSpy compared(m_view.get(), &ui::HistoryView::compared);
    m_view->compareAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(compared.size(), 1, 10000);

    auto *pane = m_view->comparePane();
    QVERIFY(pane->isVisibleTo(m_view.get()));
    QAbstractItemModelTester fixedTester(pane->fixedModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester addedTester(pane->addedModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(pane->runA(), QStringLiteral("runA0001"));
    QCOMPARE(pane->runB(), QStringLiteral("runB0002"));
    QCOMPARE(pane->fixedModel()->rowCount(), 1);
    QCOMPARE(pane->fixedModel()->index(0, 0).data(ui::DiffFindingsModel::FingerprintRole).toString(),
             QStringLiteral("gone"));
    QCOMPARE(pane->fixedModel()->index(0, ui::DiffFindingsModel::Location).data().toString(),
             QStringLiteral("src/gone.c:7"));
    QCOMPARE(pane->fixedModel()->index(0, ui::DiffFindingsModel::Rule).data().toString(),
             QStringLiteral("RULE-gone"));
    QCOMPARE(pane->fixedModel()->index(0, ui::DiffFindingsModel::Title).data().toString(),
             QStringLiteral("title of gone"));
    QCOMPARE(pane->fixedModel()->index(0, ui::DiffFindingsModel::Severity).data().toString(),
             findings::severityName(Severity::Low));
    QCOMPARE(pane->addedModel()->rowCount(), 2);
    QStringList added;
    for (int i = 0; i < 2; ++i)
        added << pane->addedModel()->index(i, 0).data(ui::DiffFindingsModel::FingerprintRole).toString();
    added.sort();
    QCOMPARE(added, (QStringList{QStringLiteral("new1"), QStringLiteral("new2")}));
    QCOMPARE(pane->fixedTitle(), QStringLiteral("Only in A (fixed): 1"));
    QCOMPARE(pane->addedTitle(), QStringLiteral("Only in B (new): 2"));
    QCOMPARE(pane->unchangedText(), QStringLiteral("1 unchanged"));
    QVERIFY(pane->notice().isEmpty()); // same project: nothing to warn about

    // Closing hides it.
    Q_EMIT pane->closeRequested();
    QVERIFY(!pane->isVisibleTo(m_view.get()));
}

void TestHistoryView::warnsAcrossProjects()
{
    m_view->selectRuns({QStringLiteral("runA0001"), QStringLiteral("runC0003")});
    QSignalSpy compared(m_view.get(), &ui::HistoryView::compared);
    QCOMPARE(m_view->selectedRunIds().size(), 2);
    m_view->compareSelected();
    auto *pane = m_view->comparePane();
    QTRY_COMPARE_WITH_TIMEOUT(compared.size(), 1, 10000);
    QVERIFY2(pane->notice().contains(QLatin1String("different projects")), qPrintable(pane->notice()));
    QCOMPARE(pane->fixedModel()->rowCount(), 2); // everything of A, nothing in C
    QCOMPARE(pane->addedModel()->rowCount(), 0);
    QCOMPARE(pane->unchangedText(), QStringLiteral("0 unchanged"));
}

void TestHistoryView::refreshesWhenARunFinishes()
{
    const auto r = makeRun(QStringLiteral("runD0004"), QStringLiteral("/src/three"), RunState::Succeeded, 10,
                           {QStringLiteral("x")});
    QVERIFY(record(r));
    QSignalSpy loaded(m_view.get(), &ui::HistoryView::loaded);
    Q_EMIT m_session->runFinished(r);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 10000);
    QCOMPARE(m_view->model()->rowCount(), 4);
    QCOMPARE(m_view->projectCombo()->count(), 4); // the new project is offered
}

void TestHistoryView::saysWhenThereIsNoHistory()
{
    ui::AppSettings settings = test::uiSettings(m_tmp);
    settings.databaseUrl = QStringLiteral("sqlite:/proc/no-such-place/history.db");
    auto session = test::readySession(settings);
    QVERIFY(session->isReady());
    QVERIFY(!session->store());
    ui::HistoryView view(session.get());
    QVERIFY2(view.message().contains(QLatin1String("no history database")), qPrintable(view.message()));
    QVERIFY(!view.reload());
    QCOMPARE(view.model()->rowCount(), 0);
    view.compareSelected();
    QVERIFY(view.message().contains(QLatin1String("two runs")));
}

QTEST_MAIN(TestHistoryView)
#include "tst_historyview.moc"

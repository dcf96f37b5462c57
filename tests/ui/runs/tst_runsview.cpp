// RunsView against the real engine through a real Session: a user workflow that waits for a
// file in its project goes queued -> running; "Copy debug command" and "Open shell" use the
// real container; Cancel removes it; Re-run (of this session's run and of one known only from
// the history) runs again and succeeds.
#include "runs/runsmodel.h"
#include "runs/runsview.h"
#include "testutil.h"
#include "uitestutil.h"
#include "workflowfixture.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace ff;
using run::RunState;
using ui::RunsModel;

class TestRunsView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void runCancelAndRunAgain();

private:
    RunState stateOf(const QString &id) const;
    bool containerExists(const QString &id) const;
    QString newRow(const QStringList &known) const;

    QTemporaryDir m_tmp;
    QString m_workflowDir;
    QString m_workflowId;
    QString m_project;
    std::unique_ptr<ui::Session> m_session;
    std::unique_ptr<ui::RunsView> m_view;
};

void TestRunsView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
    // The session's catalogue reads the user's folder (under ~/.qttest in test mode).
    m_workflowId = QStringLiteral("ui-runs-probe");
    m_workflowDir = workflow::Catalogue::userRoot() + QLatin1Char('/') + m_workflowId;
    QDir(m_workflowDir).removeRecursively();
    const QString script =
        QStringLiteral("i=0\nwhile [ ! -f /target/go ] && [ $i -lt 600 ]; do sleep 0.2; i=$((i+1)); done\n"
                       "printf '%s' '") +
        QString::fromUtf8(test::minimalSarif(QStringLiteral("WAITED"), QStringLiteral("main.c"), 1)) +
        QStringLiteral("' > /results/out.sarif\n");
    QVERIFY(
        !test::writeUserWorkflow(m_workflowDir, m_workflowId, script,
                                 QStringLiteral("resources:\n  memory: 64m\n  cpus: 0.5\n  timeout: 300s\n"))
             .isEmpty());
    m_project = m_tmp.filePath(QStringLiteral("project"));
    QVERIFY(QDir().mkpath(m_project));
    QFile main(m_project + QStringLiteral("/main.c"));
    QVERIFY(main.open(QIODevice::WriteOnly));
    main.write("int main(void) { return 0; }\n");
    main.close();
    m_project = QFileInfo(m_project).canonicalFilePath();

    m_session = test::readySession(test::uiSettings(m_tmp));
    QVERIFY(m_session->isReady());
    QVERIFY(m_session->store());
    QVERIFY2(m_session->catalogue().find(m_workflowId), "the user workflow is in the session's catalogue");
    QVERIFY2(test::wait(m_session->client()->ping()).ok(), "the Docker engine must answer");
    m_view = std::make_unique<ui::RunsView>(m_session.get());
}

void TestRunsView::cleanupTestCase()
{
    m_view.reset();
    m_session.reset();
    QDir(m_workflowDir).removeRecursively();
}

RunState TestRunsView::stateOf(const QString &id) const
{
    const auto *row = m_view->model()->row(id);
    return row ? row->state : RunState::Lost;
}

bool TestRunsView::containerExists(const QString &id) const
{
    return test::wait(m_session->client()->inspectContainer(id)).ok();
}

QString TestRunsView::newRow(const QStringList &known) const
{
    for (int i = 0; i < m_view->model()->rowCount(); ++i)
        if (!known.contains(m_view->model()->rowAt(i).id))
            return m_view->model()->rowAt(i).id;
    return {};
}

void TestRunsView::runCancelAndRunAgain()
{
    RunsModel *model = m_view->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy states(m_session.get(), &ui::Session::runStateChanged);

    auto ids = m_session->submit({m_project}, {m_workflowId});
    QVERIFY2(ids.ok(), qPrintable(ids.error().message));
    QCOMPARE(ids->size(), 1);
    const QString id = ids->first();
    QVERIFY(model->rowOf(id) >= 0);
    QCOMPARE(stateOf(id), RunState::Queued);
    QCOMPARE(model->row(id)->workflowId, m_workflowId);
    QCOMPARE(model->row(id)->projectPath, m_project);

    // Queued -> (preparing) -> running; the image is built the first time.
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(id), RunState::Running, 240000);
    QList<RunState> seen;
    for (const auto &args : std::as_const(states))
        if (args.at(0).toString() == id)
            seen << args.at(1).value<RunState>();
    QVERIFY(seen.indexOf(RunState::Queued) >= 0);
    QVERIFY(seen.indexOf(RunState::Queued) < seen.indexOf(RunState::Running));
    QVERIFY(model->isTicking());

    // Selecting the row: the session follows, the debug actions apply.
    m_view->selectRun(id);
    QCOMPARE(m_session->selectedRuns(), QStringList{id});
    QVERIFY(m_view->cancelAction()->isEnabled());
    QVERIFY(!m_view->rerunAction()->isEnabled());
    QVERIFY(m_view->copyDebugAction()->isEnabled());
    QVERIFY(m_view->openShellAction()->isEnabled());
    QCOMPARE(m_view->copyDebugAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    QCOMPARE(m_view->copyDebugAction()->shortcutContext(), Qt::WidgetWithChildrenShortcut);

    const QString container = m_session->containerOf(id);
    QVERIFY(!container.isEmpty());
    QVERIFY(containerExists(container));
    m_view->copyDebugAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("docker exec -it %1 /bin/sh").arg(container));

    // Open shell: the analyst's $TERMINAL (here a script that notes its arguments) with the command.
    const QString noted = m_tmp.filePath(QStringLiteral("terminal-args"));
    const QString terminal = m_tmp.filePath(QStringLiteral("fake-terminal"));
    {
        QFile f(terminal);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("#!/bin/sh\nprintf '%s\\n' \"$@\" > %1.tmp && mv %1.tmp %1\n")
                    .arg(noted)
                    .toUtf8());
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }
    qputenv("TERMINAL", terminal.toUtf8());
    m_view->openShellAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(noted), 10000);
    {
        QFile f(noted);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList args = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(args, (QStringList{QStringLiteral("-e"), QStringLiteral("docker"), QStringLiteral("exec"),
                                    QStringLiteral("-it"), container, QStringLiteral("/bin/sh")}));
    }
    qunsetenv("TERMINAL");

    // Pause and resume the queue.
    m_view->pauseAction()->trigger();
    QVERIFY(m_session->scheduler()->isPaused());
    m_view->pauseAction()->trigger();
    QVERIFY(!m_session->scheduler()->isPaused());

    // Cancel: the run ends cancelled and its container is removed.
    m_view->cancelAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(id), RunState::Cancelled, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(!containerExists(container), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!model->isTicking(), 5000);
    QVERIFY(!m_view->cancelAction()->isEnabled());
    QVERIFY(!m_view->copyDebugAction()->isEnabled());
    QVERIFY(m_view->rerunAction()->isEnabled());

    // Re-run: the same workflow on the same project, a new row; this time the file is there.
    QFile go(m_project + QStringLiteral("/go"));
    QVERIFY(go.open(QIODevice::WriteOnly));
    go.close();
    QStringList known;
    for (int i = 0; i < model->rowCount(); ++i)
        known << model->rowAt(i).id;
    m_view->rerunAction()->trigger();
    QCOMPARE(model->rowCount(), known.size() + 1);
    const QString again = newRow(known);
    QVERIFY(!again.isEmpty());
    QCOMPARE(model->row(again)->workflowId, m_workflowId);
    QCOMPARE(model->row(again)->projectPath, m_project);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(again), RunState::Succeeded, 120000);
    QCOMPARE(model->row(again)->findings, 1);
    QCOMPARE(stateOf(id), RunState::Cancelled); // the first one is untouched

    // Its results folder is there to open.
    m_view->selectRun(again);
    QVERIFY(m_view->openResultsAction()->isEnabled());
    QVERIFY(QFileInfo(model->row(again)->outputDir).isDir());
    // Newest first: the re-run is the top row.
    QCOMPARE(m_view->table()->model()->index(0, 0).data(RunsModel::RunIdRole).toString(), again);

    // A run known only from the history (an earlier session): queued anew through the session.
    run::RunResult old;
    old.runId = QStringLiteral("earlier0session1");
    old.workflowId = m_workflowId;
    old.workflowVersion = QStringLiteral("1.0.0");
    old.projectPath = m_project;
    old.state = RunState::Failed;
    old.error = QStringLiteral("exit code 1");
    old.submitted = QDateTime::currentDateTimeUtc().addDays(-1);
    old.finished = old.submitted.addSecs(20);
    old.outputDir = m_tmp.filePath(QStringLiteral("gone/earlier0session1"));
    QVERIFY(test::wait(m_session->store()->recordRun(old)).ok());
    m_session->store()->writer().flush();
    QSignalSpy loaded(model, &RunsModel::historyLoaded);
    QVERIFY(model->reloadHistory());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 10000);
    QVERIFY(model->row(old.runId));
    QVERIFY(!model->row(old.runId)->live);
    m_view->selectRun(old.runId);
    // Its folder is gone: a clear message, not a silent nothing.
    m_view->openResultsAction()->trigger();
    QVERIFY2(m_view->message().contains(QLatin1String("no longer exists")), qPrintable(m_view->message()));
    known.clear();
    for (int i = 0; i < model->rowCount(); ++i)
        known << model->rowAt(i).id;
    m_view->rerunAction()->trigger();
    QVERIFY2(!m_view->message().startsWith(QLatin1String("Could not")), qPrintable(m_view->message()));
    QCOMPARE(model->rowCount(), known.size() + 1);
    const QString fromHistory = newRow(known);
    QVERIFY(!fromHistory.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(fromHistory), RunState::Succeeded, 120000);
    QCOMPARE(model->row(fromHistory)->workflowId, m_workflowId);
}

QTEST_MAIN(TestRunsView)
#include "tst_runsview.moc"

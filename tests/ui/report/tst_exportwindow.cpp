// Export from the main window on a real session (SQLite history): File > Export Report… (Ctrl+E)
// with the runs selected elsewhere, the Findings view's "Export Selection…" context action
// (disabled without a selection, and saying so when triggered anyway), and the notice in the
// status bar once a report is written.
#include "exportdialog.h"
#include "exportnotice.h"
#include "exportrunlist.h"
#include "exporttestdata.h"
#include "findingsmodel.h"
#include "findingsview.h"
#include "mainwindow.h"
#include "uitestutil.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>

using namespace ff;
using namespace ff::ui;

class TestExportWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void fileMenuHasExportReportWithCtrlE();
    void findingsContextActionIsDisabledWithoutSelection();
    void exportSelectionOpensTheDialogWithTheSelectedFindings();
    void exportReportUsesTheSelectedRunsAndShowsTheNotice();

private:
    // The one Export dialog the window has open (waits for it).
    ExportDialog *openDialog() const;

    QTemporaryDir m_tmp;
    QString m_project;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    FindingsView *m_findings = nullptr;
};

void TestExportWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_tmp.isValid());
    QVERIFY(QDir().mkpath(m_tmp.filePath(QStringLiteral("project"))));
    QVERIFY(QDir().mkpath(m_tmp.filePath(QStringLiteral("big"))));
    m_project = QFileInfo(m_tmp.filePath(QStringLiteral("project"))).canonicalFilePath();
    m_session = test::readySession(test::uiSettings(m_tmp));
    QVERIFY(m_session->store());
    QVERIFY(test::seedExportHistory(*m_session->store(), m_project,
                                    QFileInfo(m_tmp.filePath(QStringLiteral("big"))).canonicalFilePath()));
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_findings = m_window->findChild<FindingsView *>();
    QVERIFY(m_findings);
}

void TestExportWindow::cleanupTestCase()
{
    m_window.reset();
    m_session.reset();
}

ExportDialog *TestExportWindow::openDialog() const
{
    ExportDialog *found = nullptr;
    const bool open = QTest::qWaitFor(
        [&] {
            const auto dialogs = m_window->findChildren<ExportDialog *>();
            found = dialogs.size() == 1 && dialogs.first()->isVisible() ? dialogs.first() : nullptr;
            return found && !found->isLoading();
        },
        10000);
    return open ? found : nullptr;
}

void TestExportWindow::fileMenuHasExportReportWithCtrlE()
{
    auto *action = m_window->findChild<QAction *>(QStringLiteral("exportReportAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    QCOMPARE(action->text(), QStringLiteral("&Export Report…"));
    QVERIFY(action->isEnabled());
    QMenu *file = nullptr;
    const auto menus = m_window->findChildren<QMenu *>();
    for (QMenu *menu : menus)
        if (menu->actions().contains(action))
            file = menu;
    QVERIFY(file);
    QCOMPARE(file->title(), QStringLiteral("&File"));
}

void TestExportWindow::findingsContextActionIsDisabledWithoutSelection()
{
    QAction *action = m_findings->exportSelectionAction();
    QVERIFY(action);
    QCOMPARE(m_findings->table()->contextMenuPolicy(), Qt::ActionsContextMenu);
    QVERIFY(m_findings->table()->actions().contains(action));
    QCOMPARE(action->text(), QStringLiteral("&Export Selection…"));
    QVERIFY(!m_findings->table()->selectionModel()->hasSelection());
    QVERIFY(!action->isEnabled());
    // Asked for anyway (a shortcut, a stale menu): it says so, and no dialog opens.
    QSignalSpy problem(m_session.get(), &Session::problem);
    QSignalSpy requested(m_findings, &FindingsView::exportSelectionRequested);
    QVERIFY(!m_findings->exportSelection());
    QCOMPARE(problem.count(), 1);
    QVERIFY2(problem.first().first().toString().contains(QStringLiteral("No findings are selected")),
             qPrintable(problem.first().first().toString()));
    QCOMPARE(requested.count(), 0);
    QVERIFY(m_window->findChildren<ExportDialog *>().isEmpty());
}

void TestExportWindow::exportSelectionOpensTheDialogWithTheSelectedFindings()
{
    QSignalSpy loaded(m_findings, &FindingsView::loaded);
    m_session->selectRuns({QStringLiteral("run-new")});
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() > 0 && !m_findings->isLoading(), 15000);
    QAbstractItemModel *proxy = m_findings->table()->model();
    QItemSelection selection;
    for (int row = 0; row < proxy->rowCount(); ++row) {
        const QString fp = proxy->index(row, 0).data(FindingsModel::FingerprintRole).toString();
        if (fp == QLatin1String("fp2") || fp == QLatin1String("fp5"))
            selection.select(proxy->index(row, 0), proxy->index(row, 0));
    }
    QCOMPARE(selection.size(), 2);
    m_findings->table()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect |
                                                                 QItemSelectionModel::Rows);
    QAction *action = m_findings->exportSelectionAction();
    QVERIFY(action->isEnabled());
    action->trigger();
    ExportDialog *d = openDialog();
    QVERIFY(d);
    QVERIFY(d->runList()->isFixed());
    QCOMPARE(d->runList()->selectionText(), QStringLiteral("2 selected findings"));
    QCOMPARE(d->checkedRuns(), QStringList{QStringLiteral("run-new")});
    QVERIFY(d->isModal() || d->windowModality() != Qt::NonModal);
    d->reject();
    // Closed, it goes away.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->findChildren<ExportDialog *>().isEmpty(), 5000);
    m_findings->table()->clearSelection();
    QVERIFY(!action->isEnabled());
}

void TestExportWindow::exportReportUsesTheSelectedRunsAndShowsTheNotice()
{
    m_session->selectRuns({QStringLiteral("run-py"), QStringLiteral("run-old")});
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_E, Qt::ControlModifier);
    ExportDialog *d = openDialog();
    QVERIFY(d);
    QCOMPARE(d->checkedRuns(), (QStringList{QStringLiteral("run-py"), QStringLiteral("run-old")}));
    QVERIFY(!d->runList()->isFixed());
    const QString path = m_tmp.filePath(QStringLiteral("from-window.csv"));
    d->setPath(path);
    QVERIFY2(d->exportButton()->isEnabled(), qPrintable(d->reason()));
    QTest::mouseClick(d->exportButton(), Qt::LeftButton);
    ExportNotice *notice = m_window->exportNotice();
    QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), 30000);
    QCOMPARE(notice->path(), path);
    QVERIFY2(notice->text().contains(QDir::toNativeSeparators(path)), qPrintable(notice->text()));
    QVERIFY(notice->text().contains(QStringLiteral("href=\"open\"")));
    QVERIFY(QFile::exists(path));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->findChildren<ExportDialog *>().isEmpty(), 5000);
}

QTEST_MAIN(TestExportWindow)
#include "tst_exportwindow.moc"

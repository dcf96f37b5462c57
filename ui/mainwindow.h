#pragma once

#include "common/session.h"

#include <QMainWindow>
#include <QPointer>

class QLabel;
class QMenu;
class QMenuBar;
class QSystemTrayIcon;

namespace ff::ui {

class Banner;
class ExportDialog;
class ExportNotice;
class FindingsView;
class HistoryView;
class LogsView;
class ProjectsView;
class ResourcesView;
class RunsView;
class WorkflowsView;

// The analyst's window: every view is a dock widget with a stable objectName, arranged by the
// default layout (a resource) until the analyst moves them; the layout and geometry are kept
// under versioned keys. Folders dropped anywhere on the window are opened as projects.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(Session *session, QWidget *parent = nullptr);
    ~MainWindow() override;

    Session *session() const { return m_session; }
    // Text of the engine indicator in the status bar.
    QString engineStatusText() const;
    Banner *banner() const { return m_banner; }
    // Arranges the docks as the default layout resource says.
    void resetLayout();
    // File > Export Report…: the runs selected in the Runs or History view, else the latest run
    // of each workflow on the current projects. The dialog is window-modal and returned.
    ExportDialog *exportReport();
    // The Findings view's Export Selection….
    ExportDialog *exportFindings(const QStringList &runIds, const QSet<QString> &fingerprints);
    ExportNotice *exportNotice() const { return m_exportNotice; }

    // Bump when the docks change so that an older saved state is not applied to them.
    static constexpr int kLayoutVersion = 2;

Q_SIGNALS:
    void engineStatusChanged(bool reachable);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QDockWidget *addDock(QWidget *view, const QString &objectName, const QString &title);
    void createMenus();
    void createStatusBar();
    void updateRecentMenu();
    void openProjectDialog();
    void openSettings();
    void showEngine(EngineState state, const QString &detail, int retryIn);
    void notifyFinished(const run::RunResult &result);
    void restoreSettings();
    void saveSettings() const;
    ExportDialog *newExportDialog();

    Session *m_session;
    QMenuBar *m_menuBar = nullptr;
    Banner *m_banner = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QLabel *m_engineLabel = nullptr;
    QLabel *m_queueLabel = nullptr;
    QLabel *m_databaseLabel = nullptr;
    ExportNotice *m_exportNotice = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QList<QDockWidget *> m_docks;

    ProjectsView *m_projects = nullptr;
    WorkflowsView *m_workflows = nullptr;
    RunsView *m_runs = nullptr;
    LogsView *m_logs = nullptr;
    ResourcesView *m_resources = nullptr;
    FindingsView *m_findings = nullptr;
    HistoryView *m_history = nullptr;
};

} // namespace ff::ui

#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace ff::ui {

class Session;
class RunsModel;

// The Runs view: the queue and the runs of this session over the recorded history (newest
// first), with cancel, re-run, open results, pause / resume of the queue, and debug access to a
// running container ("Open shell", "Copy debug command").
class RunsView : public QWidget
{
    Q_OBJECT
public:
    explicit RunsView(Session *session, QWidget *parent = nullptr);

    RunsModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QAction *cancelAction() const { return m_cancel; }
    QAction *rerunAction() const { return m_rerun; }
    QAction *openResultsAction() const { return m_openResults; }
    QAction *pauseAction() const { return m_pause; }
    QAction *openShellAction() const { return m_openShell; }
    QAction *copyDebugAction() const { return m_copyDebug; }
    // The last message shown under the table (what went wrong, what was done).
    QString message() const;

    // The selected runs (source rows), in the table's order.
    QStringList selectedRunIds() const;
    void selectRun(const QString &runId);

    void cancelSelected();
    void rerunSelected();
    void openResults();
    void setQueuePaused(bool paused);
    // The container of the one selected run, or empty (with a message saying why).
    QString selectedContainer();
    void openShell();
    void copyDebugCommand();

private:
    void createActions();
    void selectionChanged();
    void updateActions();
    void showMessage(const QString &text);
    void showContextMenu(const QPoint &pos);
    // The one selected run when exactly one is; -1 otherwise (a source row).
    int singleSelectedRow() const;

    Session *m_session;
    RunsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLabel *m_queueLabel;
    QLabel *m_message;
    QAction *m_cancel = nullptr;
    QAction *m_rerun = nullptr;
    QAction *m_openResults = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_openShell = nullptr;
    QAction *m_copyDebug = nullptr;
};

} // namespace ff::ui

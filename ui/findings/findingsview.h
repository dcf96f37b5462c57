#pragma once

#include "findingsloader.h"
#include "storage/store.h"

#include <QHash>
#include <QSet>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QTableView;

namespace ff::run {
struct RunResult;
}

namespace ff::ui {

class FindingDetail;
struct FindingRow;
class ReproduceDialog;
class FindingsFilterBar;
class FindingsFilterProxy;
class FindingsModel;
class Session;

// The Findings view: the findings of the selected runs (or, with none selected, of the runs that
// finished in this session) in a filterable table, a detail pane with the code around the line,
// and triage of one or many rows. All, new since the previous run, or fixed since then.
class FindingsView : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsView(Session *session, QWidget *parent = nullptr);

    FindingsModel *model() const { return m_model; }
    FindingsFilterProxy *proxy() const { return m_proxy; }
    FindingsFilterBar *filterBar() const { return m_filterBar; }
    QTableView *table() const { return m_table; }
    QComboBox *modeBox() const { return m_mode; }
    QAction *triageAction(storage::TriageStatus status) const { return m_actions.value(int(status)); }
    QAction *exportSelectionAction() const { return m_exportSelection; }
    // "Copy" (Ctrl+C): the selected findings as plain text on the clipboard, secret values hidden.
    QAction *copyAction() const { return m_copy; }
    // Reproduce the crash shown in the detail (Ctrl+R, the context menu, the detail's button).
    QAction *reproduceAction() const;
    // Opens the (non-modal) Reproduce dialog for `row` and starts the reproduction.
    ReproduceDialog *reproduce(const FindingRow &row);
    FindingDetail *detail() const { return m_detail; }
    QString detailText() const;
    QString summaryText() const;
    bool isLoading() const { return m_loading; }

    FindingsMode mode() const;
    void setMode(FindingsMode mode);
    // Triage of the selected rows, grouped by project; false (with a message) when nothing is
    // selected or an accepted risk comes without a reason.
    bool triageSelected(storage::TriageStatus status, const QString &reason = {});
    // Asks for a report of the selected rows (exportSelectionRequested()); false, with a message,
    // when nothing is selected.
    bool exportSelection();
    // The text "Copy" puts on the clipboard for the selected rows (redacted like every report).
    QString selectionText() const;
    bool copySelection();

Q_SIGNALS:
    // Rows of a load are in the model.
    void loaded();
    // "Export Selection…": the runs and fingerprints of the selected rows, for the window to
    // open the Export dialog with.
    void exportSelectionRequested(const QStringList &runIds, const QSet<QString> &fingerprints);

private:
    void buildActions();
    void reload();
    void runFinished(const run::RunResult &result);
    void triageChanged(const QString &projectPath, const QStringList &fingerprints,
                       const storage::Triage &triage);
    void updateDetail();
    void updateSummary();
    void updateActions();
    void acceptRisk();
    QList<int> selectedSourceRows() const;

    Session *m_session;
    FindingsModel *m_model;
    FindingsFilterProxy *m_proxy;
    FindingsFilterBar *m_filterBar;
    QComboBox *m_mode;
    QLabel *m_summary;
    QLabel *m_notes;
    QTableView *m_table;
    FindingDetail *m_detail;
    QHash<int, QAction *> m_actions;
    QList<QAction *> m_actionOrder; // as the toolbar and menus show them
    QAction *m_exportSelection = nullptr;
    QAction *m_copy = nullptr;
    QStringList m_selectedRuns;
    // Runs finished in this session, the latest per workflow + project.
    QList<FindingsSource> m_sessionRuns;
    quint64 m_generation = 0;
    bool m_loading = false;
    int m_runCount = 0;
};

} // namespace ff::ui

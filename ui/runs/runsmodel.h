#pragma once

#include "run/runtypes.h"
#include "storage/store.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QTimer>

namespace ff::docker {
struct ProgressEvent;
}
namespace ff::run {
class WorkflowRun;
}

namespace ff::ui {

class Session;
struct RunInfo;

// One row of the Runs view: a run of this session (live) or one from the history.
struct RunRow
{
    QString id;
    QString workflowId;
    QString workflowName;
    QString projectPath;
    run::RunState state = run::RunState::Queued;
    QString detail; // the latest state change's detail (the error once it failed)
    QString outputDir;
    QMap<QString, QString> parameters; // as the workflow takes them (no "workflow." prefix)
    int timeoutSeconds = 0;
    int attempts = 0;
    int findings = -1; // -1: not known yet
    int step = 0;      // image build step, while preparing
    int totalSteps = 0;
    QDateTime submitted;
    QDateTime started; // the container running
    QDateTime finished;
    bool live = false; // of this session (a stored twin is hidden)
};

// The runs of this session, live, merged with the recorded history (a live row wins over its
// stored twin). Running rows tick once a second with one dataChanged over the Progress and
// Duration columns of all of them.
class RunsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        State,
        Workflow,
        Project,
        Progress,
        Duration,
        Findings,
        Attempts,
        Started,
        Run,
        ColumnCount
    };
    enum Role {
        RunIdRole = Qt::UserRole,
        StateRole,      // int (run::RunState)
        ProgressRole,   // int percent 0..100, -1: indeterminate
        OutputDirRole,  // QString
        ProjectRole,    // QString
        WorkflowIdRole, // QString
        LiveRole,       // bool
        FinalRole,      // bool
        ParametersRole, // QVariantMap
        SortRole,       // a value that sorts the column (times as msecs, numbers as numbers)
        DurationRole,   // qint64 seconds, -1: none
    };

    explicit RunsModel(Session *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Reads the history again (off the UI thread); false without a store.
    bool reloadHistory();
    // Replaces the stored rows (what reloadHistory delivers); live rows stay and win.
    void setHistory(const QList<storage::RunRecord> &records);

    const RunRow *row(const QString &runId) const;
    const RunRow &rowAt(int row) const { return m_rows.at(row); }
    int rowOf(const QString &runId) const { return m_index.value(runId, -1); }
    bool isTicking() const { return m_tick.isActive(); }
    // One tick now (tests do not wait for the timer).
    void tick();

    static QString stateLabel(run::RunState state);
    static QColor stateColor(run::RunState state);
    static QString formatDuration(qint64 seconds);

Q_SIGNALS:
    void historyLoaded(int rows);

private:
    void onQueued(const RunInfo &info);
    void onCreated(run::WorkflowRun *r);
    void onState(const QString &id, run::RunState state, const QString &detail);
    void onFinished(const run::RunResult &result);
    void onImage(const QString &id, const docker::ProgressEvent &event);

    // The live row of `id`, made (from what the session or scheduler knows) when missing.
    int liveRow(const QString &id);
    void fillFromSession(RunRow &row) const;
    void changed(int row, int firstColumn = 0, int lastColumn = ColumnCount - 1);
    void updateTicking();
    int progressOf(const RunRow &r) const;
    qint64 durationOf(const RunRow &r) const;
    QVariant display(const RunRow &r, int column) const;
    void reindex();

    Session *m_session;
    QList<RunRow> m_rows;
    QHash<QString, int> m_index;
    QTimer m_tick;
    quint64 m_generation = 0;
};

} // namespace ff::ui

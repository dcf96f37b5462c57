#pragma once

#include "storage/store.h"

#include <QAbstractTableModel>

namespace ff::ui {

// Recorded runs (storage::RunRecord), as the History view lists them.
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { State, Workflow, Project, Findings, Duration, Submitted, Run, ColumnCount };
    enum Role {
        RunIdRole = Qt::UserRole,
        StateNameRole, // the stored state ("succeeded", ...)
        ProjectRole,
        WorkflowIdRole,
        SubmittedRole, // msecs since the epoch
        SortRole,
    };

    explicit HistoryModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRuns(QList<storage::RunRecord> runs);
    const QList<storage::RunRecord> &runs() const { return m_runs; }
    const storage::RunRecord *run(const QString &runId) const;
    QStringList projects() const; // every project in the history, sorted

private:
    QList<storage::RunRecord> m_runs;
};

} // namespace ff::ui

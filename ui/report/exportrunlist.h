#pragma once

#include "storage/store.h"

#include <QWidget>

class QLabel;
class QListWidget;

namespace ff::ui {

class Session;

// The runs an export covers. Normally the finished runs of the history, newest first, each with
// a check box; for a selection of findings a fixed list of their runs under "N selected
// findings". The history is read off the UI thread.
class ExportRunList : public QWidget
{
    Q_OBJECT
public:
    explicit ExportRunList(Session *session, QWidget *parent = nullptr);

    // Reads the history and checks `runIds`; when none of them is recorded, the latest run of
    // each workflow on `projects` (on every project when that is empty).
    void load(const QStringList &runIds, const QStringList &projects);
    // Only these runs, fixed, for `findingCount` selected findings.
    void loadSelection(const QStringList &runIds, int findingCount);

    bool isLoading() const { return m_loading; }
    bool isFixed() const { return m_fixed; }
    // Why there is nothing to choose from (no history database, a read error); empty otherwise.
    QString problem() const { return m_problem; }
    QStringList checkedRuns() const; // newest first
    void setChecked(const QStringList &runIds);
    // The folder name of the checked runs' project; empty when they are of several projects.
    QString projectName() const;
    QListWidget *list() const { return m_list; }
    QString selectionText() const;

Q_SIGNALS:
    // Loaded, or a check changed.
    void changed();

private:
    void read(const QStringList &runIds, const QStringList &projects);
    void fill(const QList<storage::RunRecord> &runs, const QStringList &check, const QStringList &projects);

    Session *m_session;
    QListWidget *m_list;
    QLabel *m_selection;
    QList<storage::RunRecord> m_runs; // as listed
    QString m_problem;
    bool m_loading = false;
    bool m_fixed = false;
    quint64 m_generation = 0;
};

} // namespace ff::ui

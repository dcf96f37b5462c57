#pragma once

#include "findingrow.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QList>
#include <QStringList>

namespace ff::ui {

// The findings of the runs the view shows, one row each, with their triage. Bulk loads reset
// the model; triage decisions update the rows they touch with one dataChanged per block.
class FindingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Severity, Status, Rule, Title, Path, Line, Tool, Workflow, Cwe, ColumnCount };
    enum Role {
        SeverityRankRole = Qt::UserRole, // int, 4 = critical ... 0 = info
        StatusRole,                      // int (storage::TriageStatus)
        FingerprintRole,
        ProjectRole,
        RunIdRole,
        PathRole,
        LineRole,
    };

    explicit FindingsModel(QObject *parent = nullptr);

    // No virtual rowCount()/columnCount() round trip: the proxy makes two indexes per comparison
    // when it sorts.
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override
    {
        return !parent.isValid() && row >= 0 && row < m_rows.size() && column >= 0 && column < ColumnCount
                   ? createIndex(row, column)
                   : QModelIndex();
    }
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRows(QList<FindingRow> rows);
    void clear() { setRows({}); }
    const FindingRow &row(int i) const { return m_rows.at(i); }
    const QList<FindingRow> &rows() const { return m_rows; }
    // Sets the triage of the rows of `projectPath` whose fingerprint is in `fingerprints`;
    // returns how many rows changed.
    int applyTriage(const QString &projectPath, const QStringList &fingerprints,
                    const storage::Triage &triage);

    // The distinct tools and rules of the rows (sorted), for the filter boxes.
    QStringList tools() const { return m_tools; }
    QStringList rules() const { return m_rules; }

    static QString severityText(findings::Severity severity);
    static QString statusText(storage::TriageStatus status);
    static QIcon severityIcon(findings::Severity severity);
    static QColor severityColor(findings::Severity severity);

private:
    QList<FindingRow> m_rows;
    QStringList m_tools;
    QStringList m_rules;
    mutable QIcon m_icons[5];
};

} // namespace ff::ui

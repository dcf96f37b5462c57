#pragma once

#include "findings/finding.h"

#include <QAbstractTableModel>

namespace ff::ui {

// One side of a run comparison: the findings only one of the two runs has.
class DiffFindingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Severity, Rule, Location, Title, ColumnCount };
    enum Role {
        FingerprintRole = Qt::UserRole,
        SeverityRole, // int (findings::Severity)
        SortRole,
    };

    explicit DiffFindingsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setFindings(QList<findings::Finding> findings);
    const QList<findings::Finding> &findings() const { return m_findings; }

private:
    QList<findings::Finding> m_findings;
};

} // namespace ff::ui

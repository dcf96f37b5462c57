#include "difffindingsmodel.h"

#include <QColor>

namespace ff::ui {

using findings::Severity;

namespace {

QColor severityColor(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return QColor(0xb7, 0x1c, 0x1c);
    case Severity::High:
        return QColor(0xe6, 0x51, 0x00);
    case Severity::Medium:
        return QColor(0xf9, 0xa8, 0x25);
    case Severity::Low:
        return QColor(0x15, 0x65, 0xc0);
    case Severity::Info:
        return QColor(0x75, 0x75, 0x75);
    }
    return {};
}

} // namespace

DiffFindingsModel::DiffFindingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int DiffFindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_findings.size());
}

int DiffFindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiffFindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const findings::Finding &f = m_findings.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Severity:
            return findings::severityName(f.severity);
        case Rule:
            return f.ruleId;
        case Location:
            return f.region.startLine > 0 ? QStringLiteral("%1:%2").arg(f.path).arg(f.region.startLine)
                                          : f.path;
        case Title:
            return f.title.isEmpty() ? f.message : f.title;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return f.message;
    case Qt::ForegroundRole:
        return index.column() == Severity ? QVariant(severityColor(f.severity)) : QVariant();
    case FingerprintRole:
        return f.fingerprint;
    case SeverityRole:
        return static_cast<int>(f.severity);
    case SortRole:
        return index.column() == Severity ? QVariant(static_cast<int>(f.severity))
                                          : data(index, Qt::DisplayRole);
    default:
        return {};
    }
}

QVariant DiffFindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Severity:
        return tr("Severity");
    case Rule:
        return tr("Rule");
    case Location:
        return tr("Location");
    case Title:
        return tr("Title");
    default:
        return {};
    }
}

void DiffFindingsModel::setFindings(QList<findings::Finding> findings)
{
    beginResetModel();
    m_findings = std::move(findings);
    endResetModel();
}

} // namespace ff::ui

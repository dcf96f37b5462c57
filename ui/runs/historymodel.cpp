#include "historymodel.h"

#include "runsmodel.h"

#include <QColor>
#include <QLocale>

namespace ff::ui {

namespace {

qint64 durationOf(const storage::RunRecord &r)
{
    const QDateTime from = r.started.isValid() ? r.started : r.submitted;
    return from.isValid() && r.finished.isValid() ? std::max<qint64>(0, from.secsTo(r.finished)) : -1;
}

} // namespace

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const storage::RunRecord &r = m_runs.at(index.row());
    const auto state = run::parseState(r.state);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case State:
            return state ? RunsModel::stateLabel(*state) : r.state;
        case Workflow:
            return r.workflow;
        case Project:
            return r.projectPath.section(QLatin1Char('/'), -1);
        case Findings:
            return r.findingCount;
        case Duration:
            return RunsModel::formatDuration(durationOf(r));
        case Submitted:
            return r.submitted.isValid() ? QLocale().toString(r.submitted.toLocalTime(), QLocale::ShortFormat)
                                         : QString();
        case Run:
            return r.id;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Project)
            return r.projectPath;
        return r.error.isEmpty() ? QVariant() : QVariant(r.error);
    case Qt::ForegroundRole:
        return index.column() == State && state ? QVariant(RunsModel::stateColor(*state)) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == Findings || index.column() == Duration
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case RunIdRole:
        return r.id;
    case StateNameRole:
        return r.state;
    case ProjectRole:
        return r.projectPath;
    case WorkflowIdRole:
        return r.workflow;
    case SubmittedRole:
        return r.submitted.toMSecsSinceEpoch();
    case SortRole:
        switch (index.column()) {
        case Findings:
            return r.findingCount;
        case Duration:
            return durationOf(r);
        case Submitted:
            return r.submitted.toMSecsSinceEpoch();
        default:
            return data(index, Qt::DisplayRole);
        }
    default:
        return {};
    }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case State:
        return tr("State");
    case Workflow:
        return tr("Workflow");
    case Project:
        return tr("Project");
    case Findings:
        return tr("Findings");
    case Duration:
        return tr("Duration");
    case Submitted:
        return tr("Submitted");
    case Run:
        return tr("Run");
    default:
        return {};
    }
}

void HistoryModel::setRuns(QList<storage::RunRecord> runs)
{
    beginResetModel();
    m_runs = std::move(runs);
    endResetModel();
}

const storage::RunRecord *HistoryModel::run(const QString &runId) const
{
    for (const auto &r : m_runs)
        if (r.id == runId)
            return &r;
    return nullptr;
}

QStringList HistoryModel::projects() const
{
    QStringList out;
    for (const auto &r : m_runs)
        if (!out.contains(r.projectPath))
            out << r.projectPath;
    out.sort();
    return out;
}

} // namespace ff::ui

#include "workflowsmodel.h"

#include "common/session.h"

#include <QApplication>
#include <QFont>
#include <QIcon>
#include <QStyle>

#include <algorithm>

namespace ff::ui {

WorkflowsModel::WorkflowsModel(Session *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
    connect(session, &Session::projectsChanged, this, &WorkflowsModel::refreshApplicable);
    connect(session, &Session::catalogueAboutToChange, this, &WorkflowsModel::beginResetModel);
    connect(session, &Session::catalogueChanged, this, [this] {
        endResetModel();
        refreshApplicable();
    });
    connect(session, &Session::currentProjectsChanged, this, &WorkflowsModel::refreshApplicable);
    refreshApplicable();
}

void WorkflowsModel::refreshApplicable()
{
    QSet<QString> next;
    const QStringList current = m_session->currentProjects();
    for (const QString &path : current)
        if (const auto p = m_session->project(path))
            for (const QString &id : p->workflowIds)
                next.insert(id);
    // A composite applies when something it would run does.
    const auto &workflows = m_session->catalogue().workflows();
    for (const auto &w : workflows) {
        if (!w.isComposite())
            continue;
        const bool any = w.composite.contains(QStringLiteral("applicable"))
                             ? !next.isEmpty()
                             : std::any_of(w.composite.cbegin(), w.composite.cend(),
                                           [&next](const QString &id) { return next.contains(id); });
        if (any)
            next.insert(w.id);
    }
    if (next == m_applicable)
        return;
    m_applicable = next;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

const workflow::WorkflowManifest *WorkflowsModel::manifestAt(int row) const
{
    const auto &workflows = m_session->catalogue().workflows();
    return row >= 0 && row < workflows.size() ? &workflows[row] : nullptr;
}

int WorkflowsModel::rowOf(const QString &id) const
{
    const auto &workflows = m_session->catalogue().workflows();
    for (int row = 0; row < workflows.size(); ++row)
        if (workflows[row].id == id)
            return row;
    return -1;
}

int WorkflowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_session->catalogue().workflows().size());
}

int WorkflowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WorkflowsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const workflow::WorkflowManifest &w = *manifestAt(index.row());
    const bool applies = m_applicable.contains(w.id);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return w.name.isEmpty() ? w.id : w.name;
        case Id:
            return w.id;
        case Version:
            return w.version;
        case Category:
            return w.category;
        case Description:
            return w.description;
        default:
            return {};
        }
    case Qt::ToolTipRole: {
        QString tip = w.description.isEmpty() ? w.id : w.description;
        if (applies)
            tip += QLatin1Char('\n') + tr("Applies to the current project");
        if (!w.builtIn)
            tip += QLatin1Char('\n') + tr("User workflow from %1").arg(w.folder);
        return tip;
    }
    case Qt::FontRole:
        if (applies) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::DecorationRole:
        if (applies && index.column() == Name)
            return QApplication::style()->standardIcon(QStyle::SP_DialogApplyButton);
        return {};
    case IdRole:
        return w.id;
    case BuiltInRole:
        return w.builtIn;
    case CompositeRole:
        return w.isComposite();
    case ApplicableRole:
        return applies;
    default:
        return {};
    }
}

QVariant WorkflowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Workflow");
    case Id:
        return tr("Id");
    case Version:
        return tr("Version");
    case Category:
        return tr("Category");
    case Description:
        return tr("Description");
    default:
        return {};
    }
}

} // namespace ff::ui

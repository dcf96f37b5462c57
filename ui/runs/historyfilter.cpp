#include "historyfilter.h"

#include "historymodel.h"

namespace ff::ui {

HistoryFilter::HistoryFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(HistoryModel::SortRole);
    setDynamicSortFilter(true);
}

void HistoryFilter::setProject(const QString &projectPath)
{
    m_project = projectPath;
    invalidateFilter();
}

void HistoryFilter::setState(const QString &stateName)
{
    m_state = stateName;
    invalidateFilter();
}

bool HistoryFilter::setText(const QString &text, bool regex)
{
    if (regex) {
        QRegularExpression re(text, QRegularExpression::CaseInsensitiveOption);
        if (!re.isValid())
            return false;
        m_regex = re;
    }
    m_text = text;
    m_useRegex = regex;
    invalidateFilter();
    return true;
}

bool HistoryFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_project.isEmpty() && i.data(HistoryModel::ProjectRole).toString() != m_project)
        return false;
    if (!m_state.isEmpty() && i.data(HistoryModel::StateNameRole).toString() != m_state)
        return false;
    if (m_text.isEmpty())
        return true;
    const QString workflow = i.data(HistoryModel::WorkflowIdRole).toString();
    const QString id = i.data(HistoryModel::RunIdRole).toString();
    if (m_useRegex)
        return m_regex.match(workflow).hasMatch() || m_regex.match(id).hasMatch();
    return workflow.contains(m_text, Qt::CaseInsensitive) || id.contains(m_text, Qt::CaseInsensitive);
}

} // namespace ff::ui

#include "projectsmodel.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>

namespace ff::ui {

ProjectsModel::ProjectsModel(Session *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
    , m_projects(session->projects())
{
    connect(session, &Session::projectsChanged, this, &ProjectsModel::refresh);
}

void ProjectsModel::refresh()
{
    const QList<ProjectInfo> next = m_session->projects();
    const auto samePaths = [&next, this] {
        if (next.size() != m_projects.size())
            return false;
        for (qsizetype i = 0; i < next.size(); ++i)
            if (next[i].path != m_projects[i].path)
                return false;
        return true;
    };
    if (!samePaths()) {
        // A project came or went: few rows, a reset is the simple and honest answer.
        beginResetModel();
        m_projects = next;
        endResetModel();
        return;
    }
    // The same folders: a scan finished; only the changed rows are repainted.
    for (int row = 0; row < m_projects.size(); ++row) {
        const ProjectInfo &a = m_projects[row];
        const ProjectInfo &b = next[row];
        if (a.scanned == b.scanned && a.languages == b.languages && a.workflowIds == b.workflowIds &&
            a.fileCount == b.fileCount)
            continue;
        m_projects[row] = b;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

QString ProjectsModel::languageName(const QString &id)
{
    static const QHash<QString, QString> names = {
        {QStringLiteral("c"), QStringLiteral("C")},
        {QStringLiteral("c++"), QStringLiteral("C++")},
        {QStringLiteral("c#"), QStringLiteral("C#")},
        {QStringLiteral("javascript"), QStringLiteral("JavaScript")},
        {QStringLiteral("typescript"), QStringLiteral("TypeScript")},
        {QStringLiteral("php"), QStringLiteral("PHP")},
    };
    const auto it = names.constFind(id);
    if (it != names.cend())
        return *it;
    return id.isEmpty() ? id : id.left(1).toUpper() + id.mid(1);
}

QString ProjectsModel::languageNames(const QStringList &ids) const
{
    QStringList names;
    for (const QString &id : ids)
        names << languageName(id);
    return names.join(QStringLiteral(", "));
}

QString ProjectsModel::workflowNames(const QStringList &ids) const
{
    QStringList names;
    for (const QString &id : ids) {
        const auto *w = m_session->catalogue().find(id);
        names << (w && !w->name.isEmpty() ? w->name : id);
    }
    return names.join(QStringLiteral(", "));
}

int ProjectsModel::rowOf(const QString &path) const
{
    for (int row = 0; row < m_projects.size(); ++row)
        if (m_projects[row].path == path)
            return row;
    return -1;
}

int ProjectsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_projects.size());
}

int ProjectsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProjectsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ProjectInfo &p = m_projects[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return QFileInfo(p.path).fileName();
        case Languages:
            if (!p.scanned)
                return tr("scanning…");
            return p.languages.isEmpty() ? tr("none detected") : languageNames(p.languages);
        case Workflows:
            if (!p.scanned)
                return tr("scanning…");
            return p.workflowIds.isEmpty() ? tr("none") : workflowNames(p.workflowIds);
        case Files:
            return p.scanned ? QVariant(p.fileCount) : QVariant(tr("scanning…"));
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Workflows && p.scanned)
            return p.workflowIds.isEmpty()
                       ? tr("No workflow's file patterns match a file of this project")
                       : tr("Workflows that apply: %1").arg(p.workflowIds.join(QStringLiteral(", ")));
        return QDir::toNativeSeparators(p.path);
    case Qt::TextAlignmentRole:
        if (index.column() == Files)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case PathRole:
        return p.path;
    case LanguagesRole:
        return p.languages;
    case WorkflowIdsRole:
        return p.workflowIds;
    case FileCountRole:
        return p.fileCount;
    case ScannedRole:
        return p.scanned;
    default:
        return {};
    }
}

QVariant ProjectsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Project");
    case Languages:
        return tr("Languages");
    case Workflows:
        return tr("Applicable workflows");
    case Files:
        return tr("Files");
    default:
        return {};
    }
}

} // namespace ff::ui

#pragma once

#include "common/session.h"

#include <QAbstractTableModel>
#include <QList>

namespace ff::ui {

// The projects the analyst opened, one row each: folder, languages, applicable workflows and
// file count ("scanning…" until the session has looked at the files).
class ProjectsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Languages, Workflows, Files, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole,
        LanguagesRole,   // QStringList
        WorkflowIdsRole, // QStringList
        FileCountRole,   // int
        ScannedRole,     // bool
    };

    explicit ProjectsModel(Session *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QString pathAt(int row) const { return m_projects.value(row).path; }
    // "c" -> "C", "python" -> "Python": how the analyst reads a detected language.
    static QString languageName(const QString &id);
    int rowOf(const QString &path) const;

private:
    void refresh();
    QString languageNames(const QStringList &ids) const;
    QString workflowNames(const QStringList &ids) const;

    Session *m_session;
    QList<ProjectInfo> m_projects;
};

} // namespace ff::ui

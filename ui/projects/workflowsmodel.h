#pragma once

#include <QAbstractTableModel>
#include <QSet>

namespace ff::workflow {
struct WorkflowManifest;
}

namespace ff::ui {

class Session;

// The workflow catalogue, one row per workflow. The ones that apply to the current project(s)
// are bold with a check mark (a composite applies when one of the workflows it runs does).
class WorkflowsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Id, Version, Category, Description, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole,
        BuiltInRole,    // bool
        CompositeRole,  // bool
        ApplicableRole, // bool: applies to one of the current projects
    };

    explicit WorkflowsModel(Session *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const workflow::WorkflowManifest *manifestAt(int row) const;
    int rowOf(const QString &id) const;
    QSet<QString> applicable() const { return m_applicable; }

private:
    void refreshApplicable();

    Session *m_session;
    QSet<QString> m_applicable;
};

} // namespace ff::ui

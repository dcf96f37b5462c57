#pragma once

#include "util/error.h"

#include <QMap>
#include <QWidget>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTimer;
class QTreeView;

namespace ff::ui {

class ImageProgressPanel;
class ParameterForm;
class Session;
class WorkflowsModel;

// The Workflows view: the catalogue (searchable), the chosen workflow's details and parameters
// form, Run / Run all applicable on the current projects, and the images being built.
class WorkflowsView : public QWidget
{
    Q_OBJECT
public:
    explicit WorkflowsView(Session *session, QWidget *parent = nullptr);

    // The workflow whose details and form are shown ("" when none).
    QString currentWorkflowId() const { return m_workflowId; }
    bool selectWorkflow(const QString &id);

    WorkflowsModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTreeView *list() const { return m_list; }
    QLineEdit *searchBox() const { return m_search; }
    ParameterForm *form() const { return m_form; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *runAllButton() const { return m_runAll; }
    QAction *runAction() const { return m_runAction; }
    QAction *runAllAction() const { return m_runAllAction; }
    ImageProgressPanel *progressPanel() const { return m_progress; }
    QString statusText() const;
    QString detailsText() const;

private:
    void currentChanged();
    void applyFilter();
    void updateActions();
    void run();
    void runAllApplicable();
    void submitted(const QStringList &workflowIds, const QMap<QString, QString> &parameters);
    void showSubmitted(const Result<QStringList> &ids);
    QString detailsHtml() const;

    Session *m_session;
    WorkflowsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_search;
    QCheckBox *m_regex;
    QTimer *m_filterTimer;
    QTreeView *m_list;
    QLabel *m_details;
    ParameterForm *m_form;
    QLabel *m_status;
    ImageProgressPanel *m_progress;
    QPushButton *m_run;
    QPushButton *m_runAll;
    QAction *m_runAction;
    QAction *m_runAllAction;
    QString m_workflowId;
};

} // namespace ff::ui

#pragma once

#include "workflow/manifest.h"

#include <QList>
#include <QMap>
#include <QWidget>

class QFormLayout;
class QLabel;
class QPushButton;

namespace ff::ui {

// A form generated from a workflow's parameters: an editor per type (text, spin box with the
// manifest's bounds, check box, list of allowed values), filled with the defaults and checked
// with the manifest's own validation on every change, with the reason shown under the field.
class ParameterForm : public QWidget
{
    Q_OBJECT
public:
    explicit ParameterForm(QWidget *parent = nullptr);

    // Rebuilds the form for `manifest` (a copy is kept); an empty manifest clears it.
    void setWorkflow(const workflow::WorkflowManifest &manifest);
    QString workflowId() const { return m_workflowId; }

    bool valid() const { return m_valid; }
    // Every parameter as "workflowId.key" -> canonical value (Session::submit's form); only
    // meaningful while valid().
    QMap<QString, QString> values() const;
    void resetToDefaults();

    // For tests and tools: the editor of a parameter and the error shown under it.
    QWidget *editor(const QString &name) const;
    QString errorText(const QString &name) const;
    QPushButton *resetButton() const { return m_reset; }

Q_SIGNALS:
    void validChanged(bool valid);
    void valuesChanged();

private:
    struct Field
    {
        workflow::ParameterSpec spec;
        QWidget *editor = nullptr;
        QLabel *error = nullptr;
    };
    QWidget *makeEditor(const workflow::ParameterSpec &spec);
    static QString rawValue(const Field &field);
    static void setRawValue(const Field &field, const QString &value);
    void revalidate();

    QString m_workflowId;
    QList<Field> m_fields;
    QFormLayout *m_form;
    QLabel *m_none;
    QPushButton *m_reset;
    bool m_valid = true;
};

} // namespace ff::ui

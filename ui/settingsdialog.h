#pragma once

#include "common/appsettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace ff::ui {

// File > Settings: the Docker endpoint, the history database, the scheduler's limits, the
// default limits of workflows, log retention, keeping failed runs, notifications, language.
// Every field is checked as it is typed; OK stays disabled while one is wrong.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(const AppSettings &settings, QWidget *parent = nullptr);
    AppSettings settings() const;
    // Why the current input cannot be saved; empty when it can.
    QString problem() const;

private:
    QWidget *engineTab();
    QWidget *limitsTab();
    QWidget *generalTab();
    void load(const AppSettings &settings);
    void validate();

    AppSettings m_initial;
    QLineEdit *m_dockerHost = nullptr;
    QLineEdit *m_databaseUrl = nullptr;
    QSpinBox *m_maxConcurrent = nullptr;
    QSpinBox *m_memoryBudgetMiB = nullptr;
    QDoubleSpinBox *m_cpuBudget = nullptr;
    QSpinBox *m_defaultMemoryMiB = nullptr;
    QDoubleSpinBox *m_defaultCpus = nullptr;
    QSpinBox *m_defaultTimeoutMin = nullptr;
    QSpinBox *m_logBufferLines = nullptr;
    QSpinBox *m_storedLogMiB = nullptr;
    QCheckBox *m_keepOnFailure = nullptr;
    QCheckBox *m_notify = nullptr;
    QSpinBox *m_notifyAfter = nullptr;
    QComboBox *m_language = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace ff::ui

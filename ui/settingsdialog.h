#pragma once

#include "common/appsettings.h"

#include <QDialog>

namespace ff::ui {

// File > Settings: the Docker endpoint, the history database, the scheduler's limits, the
// default limits of workflows, log retention, keeping failed runs, notifications, language.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(const AppSettings &settings, QWidget *parent = nullptr);
    AppSettings settings() const;

private:
    AppSettings m_settings;
};

} // namespace ff::ui

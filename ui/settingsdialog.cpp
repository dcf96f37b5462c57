#include "settingsdialog.h"

namespace ff::ui {

SettingsDialog::SettingsDialog(const AppSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
{}

AppSettings SettingsDialog::settings() const
{
    return m_settings;
}

} // namespace ff::ui

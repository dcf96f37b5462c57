#include "settingsdialog.h"

#include "docker/endpoint.h"
#include "storage/databaseurl.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ff::ui {

namespace {
constexpr qint64 kMiB = 1024 * 1024;

QSpinBox *spin(int min, int max, const QString &suffix, const QString &zeroText, QWidget *parent)
{
    auto *s = new QSpinBox(parent);
    s->setRange(min, max);
    s->setSuffix(suffix);
    if (!zeroText.isEmpty())
        s->setSpecialValueText(zeroText);
    return s;
}

QDoubleSpinBox *dspin(double max, const QString &zeroText, QWidget *parent)
{
    auto *s = new QDoubleSpinBox(parent);
    s->setRange(0.0, max);
    s->setDecimals(2);
    s->setSingleStep(0.5);
    s->setSpecialValueText(zeroText);
    return s;
}
} // namespace

SettingsDialog::SettingsDialog(const AppSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_initial(settings)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    auto *tabs = new QTabWidget(this);
    tabs->addTab(engineTab(), tr("&Engine and history"));
    tabs->addTab(limitsTab(), tr("&Limits"));
    tabs->addTab(generalTab(), tr("&General"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setWordWrap(true);
    m_buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { load(AppSettings{}); });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    load(settings);
}

QWidget *SettingsDialog::engineTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_dockerHost = new QLineEdit(page);
    m_dockerHost->setObjectName(QStringLiteral("dockerHost"));
    m_dockerHost->setPlaceholderText(tr("from DOCKER_HOST, else unix:///var/run/docker.sock"));
    m_dockerHost->setToolTip(
        tr("unix:///path/to/docker.sock or tcp://host:2376 (TLS follows DOCKER_TLS_VERIFY "
           "and DOCKER_CERT_PATH)"));
    form->addRow(tr("Docker &endpoint:"), m_dockerHost);
    m_databaseUrl = new QLineEdit(page);
    m_databaseUrl->setObjectName(QStringLiteral("databaseUrl"));
    m_databaseUrl->setPlaceholderText(tr("from FUZZFORGE_DATABASE_URL, else SQLite in the data folder"));
    m_databaseUrl->setToolTip(
        tr("sqlite:/path/to/history.db or postgresql://user:password@host:5432/database"));
    form->addRow(tr("History &database:"), m_databaseUrl);
    auto *note = new QLabel(tr("These two take effect when FuzzForge starts again."), page);
    note->setEnabled(false);
    form->addRow(note);
    m_keepOnFailure = new QCheckBox(tr("&Keep the container and volume of a failed run for debugging"), page);
    m_keepOnFailure->setObjectName(QStringLiteral("keepOnFailure"));
    form->addRow(m_keepOnFailure);
    connect(m_dockerHost, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_databaseUrl, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    return page;
}

QWidget *SettingsDialog::limitsTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    const QString engine = tr("what the engine has");
    m_maxConcurrent = spin(0, 64, {}, engine, page);
    m_maxConcurrent->setObjectName(QStringLiteral("maxConcurrent"));
    form->addRow(tr("Runs at &once:"), m_maxConcurrent);
    m_memoryBudgetMiB = spin(0, 4 * 1024 * 1024, tr(" MiB"), engine, page);
    m_memoryBudgetMiB->setSingleStep(256);
    form->addRow(tr("&Memory budget:"), m_memoryBudgetMiB);
    m_cpuBudget = dspin(1024, engine, page);
    form->addRow(tr("&CPU budget:"), m_cpuBudget);
    auto *defaults = new QLabel(tr("For workflows whose manifest states no limit of its own:"), page);
    form->addRow(defaults);
    const QString builtIn = tr("built-in default");
    m_defaultMemoryMiB = spin(0, 1024 * 1024, tr(" MiB"), builtIn, page);
    m_defaultMemoryMiB->setSingleStep(128);
    form->addRow(tr("Default m&emory:"), m_defaultMemoryMiB);
    m_defaultCpus = dspin(1024, builtIn, page);
    form->addRow(tr("Default C&PUs:"), m_defaultCpus);
    m_defaultTimeoutMin = spin(0, 7 * 24 * 60, tr(" min"), builtIn, page);
    form->addRow(tr("Default &timeout:"), m_defaultTimeoutMin);
    connect(m_defaultMemoryMiB, &QSpinBox::valueChanged, this, &SettingsDialog::validate);
    return page;
}

QWidget *SettingsDialog::generalTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_logBufferLines = spin(1000, 10000000, tr(" lines"), {}, page);
    m_logBufferLines->setObjectName(QStringLiteral("logBufferLines"));
    m_logBufferLines->setSingleStep(10000);
    m_logBufferLines->setToolTip(tr("Lines of each run's log the Logs view keeps in memory; older lines are "
                                    "dropped."));
    form->addRow(tr("Log &view keeps:"), m_logBufferLines);
    m_storedLogMiB = spin(1, 1024, tr(" MiB"), {}, page);
    m_storedLogMiB->setToolTip(tr("The end of each run's log kept in the history database."));
    form->addRow(tr("&History keeps of each log:"), m_storedLogMiB);
    m_notify = new QCheckBox(tr("&Notify me when a run that took longer than"), page);
    m_notifyAfter = spin(0, 24 * 3600, tr(" s ends"), {}, page);
    auto *row = new QHBoxLayout;
    row->addWidget(m_notify);
    row->addWidget(m_notifyAfter);
    row->addStretch();
    form->addRow(row);
    connect(m_notify, &QCheckBox::toggled, m_notifyAfter, &QWidget::setEnabled);
    m_language = new QComboBox(page);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System default"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    form->addRow(tr("&Language (after a restart):"), m_language);
    return page;
}

void SettingsDialog::load(const AppSettings &s)
{
    m_dockerHost->setText(s.dockerHost);
    m_databaseUrl->setText(s.databaseUrl);
    m_keepOnFailure->setChecked(s.keepOnFailure);
    m_maxConcurrent->setValue(s.maxConcurrent);
    m_memoryBudgetMiB->setValue(static_cast<int>(s.memoryBudget / kMiB));
    m_cpuBudget->setValue(s.cpuBudget);
    m_defaultMemoryMiB->setValue(static_cast<int>(s.defaultMemory / kMiB));
    m_defaultCpus->setValue(s.defaultCpus);
    m_defaultTimeoutMin->setValue(s.defaultTimeoutSeconds / 60);
    m_logBufferLines->setValue(s.logBufferLines);
    m_storedLogMiB->setValue(s.storedLogMiB);
    m_notify->setChecked(s.notifyOnFinish);
    m_notifyAfter->setValue(s.notifyAfterSeconds);
    m_notifyAfter->setEnabled(s.notifyOnFinish);
    m_language->setCurrentIndex(std::max(0, m_language->findData(s.language)));
    validate();
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s = m_initial;
    s.dockerHost = m_dockerHost->text().trimmed();
    s.databaseUrl = m_databaseUrl->text().trimmed();
    s.keepOnFailure = m_keepOnFailure->isChecked();
    s.maxConcurrent = m_maxConcurrent->value();
    s.memoryBudget = m_memoryBudgetMiB->value() * kMiB;
    s.cpuBudget = m_cpuBudget->value();
    s.defaultMemory = m_defaultMemoryMiB->value() * kMiB;
    s.defaultCpus = m_defaultCpus->value();
    s.defaultTimeoutSeconds = m_defaultTimeoutMin->value() * 60;
    s.logBufferLines = m_logBufferLines->value();
    s.storedLogMiB = m_storedLogMiB->value();
    s.notifyOnFinish = m_notify->isChecked();
    s.notifyAfterSeconds = m_notifyAfter->value();
    s.language = m_language->currentData().toString();
    return s;
}

QString SettingsDialog::problem() const
{
    const QString host = m_dockerHost->text().trimmed();
    if (!host.isEmpty()) {
        if (auto e = docker::Endpoint::parse(host); !e)
            return tr("Docker endpoint: %1").arg(e.error().message);
    }
    const QString url = m_databaseUrl->text().trimmed();
    if (!url.isEmpty()) {
        if (auto u = storage::DatabaseUrl::parse(url); !u)
            return tr("History database: %1").arg(u.error().message);
    }
    if (m_defaultMemoryMiB->value() > 0 && m_defaultMemoryMiB->value() < 6)
        return tr("Default memory: a container needs at least 6 MiB");
    return {};
}

void SettingsDialog::validate()
{
    const QString why = problem();
    m_error->setText(why);
    m_error->setVisible(!why.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

} // namespace ff::ui

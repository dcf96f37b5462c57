// The Settings dialog: what it shows, what it refuses, and that what it returns is what the
// session stores and reads back.
#include "settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

using namespace ff;

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }
    void showsAndReturnsSettings();
    void refusesBadInput_data();
    void refusesBadInput();
    void restoresDefaults();
    void savesAndLoads();
};

void TestSettingsDialog::showsAndReturnsSettings()
{
    ui::AppSettings s;
    s.dockerHost = QStringLiteral("tcp://127.0.0.1:2375");
    s.databaseUrl = QStringLiteral("sqlite:/tmp/h.db");
    s.maxConcurrent = 3;
    s.memoryBudget = 2048ll * 1024 * 1024;
    s.cpuBudget = 1.5;
    s.defaultMemory = 256ll * 1024 * 1024;
    s.defaultCpus = 0.5;
    s.defaultTimeoutSeconds = 20 * 60;
    s.logBufferLines = 50000;
    s.storedLogMiB = 16;
    s.keepOnFailure = true;
    s.notifyOnFinish = false;
    s.notifyAfterSeconds = 90;
    s.language = QStringLiteral("de");
    ui::SettingsDialog dialog(s);
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("dockerHost"))->text(), s.dockerHost);
    QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("maxConcurrent"))->value(), 3);
    QVERIFY(dialog.findChild<QCheckBox *>(QStringLiteral("keepOnFailure"))->isChecked());
    QCOMPARE(dialog.findChild<QComboBox *>(QStringLiteral("language"))->currentData().toString(),
             QStringLiteral("de"));
    QCOMPARE(dialog.settings(), s);
    QVERIFY(dialog.problem().isEmpty());
}

void TestSettingsDialog::refusesBadInput_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problem");
    QTest::addRow("endpoint scheme") << QStringLiteral("dockerHost") << QStringLiteral("ftp://engine")
                                     << QStringLiteral("Docker endpoint");
    QTest::addRow("database scheme") << QStringLiteral("databaseUrl") << QStringLiteral("mysql://x/y")
                                     << QStringLiteral("History database");
}

void TestSettingsDialog::refusesBadInput()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, problem);
    ui::SettingsDialog dialog(ui::AppSettings{});
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    dialog.findChild<QLineEdit *>(field)->setText(value);
    QVERIFY2(dialog.problem().startsWith(problem), qPrintable(dialog.problem()));
    QVERIFY(!ok->isEnabled());
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("settingsError"))->text(), dialog.problem());
    dialog.findChild<QLineEdit *>(field)->clear();
    QVERIFY(ok->isEnabled());
}

void TestSettingsDialog::restoresDefaults()
{
    ui::AppSettings s;
    s.maxConcurrent = 7;
    s.keepOnFailure = true;
    ui::SettingsDialog dialog(s);
    dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::RestoreDefaults)->click();
    QCOMPARE(dialog.settings(), ui::AppSettings{});
}

void TestSettingsDialog::savesAndLoads()
{
    ui::AppSettings s;
    s.maxConcurrent = 5;
    s.logBufferLines = 12345;
    s.language = QStringLiteral("en");
    s.save();
    QCOMPARE(ui::AppSettings::load(), s);
    // Out-of-range values written by hand are clamped, never used as they are.
    QSettings().setValue(QStringLiteral("Settings/v1/logBufferLines"), 5);
    QCOMPARE(ui::AppSettings::load().logBufferLines, 1000);
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"

// The Export dialog on a real session (SQLite history in a temporary folder, runs and triage
// recorded through the Store): the form (format and extension, default name, runs, validation),
// every format written by the real report library off the UI thread, the filters, progress,
// errors shown in the dialog, a selection of findings, cancel, what is remembered.
#include "exportdialog.h"
#include "exportrunlist.h"
#include "exportsettings.h"
#include "exporttestdata.h"
#include "uitestutil.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>

using namespace ff;
using namespace ff::ui;
using report::Format;

class TestExportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void formatAndExtensionFollowEachOther();
    void defaultsNameTheProjectAndTheUser();
    void runsAreNewestFirstWithTheSelectionChecked();
    void withoutSelectionTheLatestRunOfEachWorkflowIsChecked();
    void exportIsDisabledWithAReason();
    void writesEveryFormat_data();
    void writesEveryFormat();
    void falsePositivesFollowTheCheckbox_data();
    void falsePositivesFollowTheCheckbox();
    void severityThresholdAndComparison();
    void progressReachesTheTotal();
    void unwritablePathIsShownAndTheDialogStaysOpen();
    void emptySelectionSaysSo();
    void selectionMatchingNothingIsAnError();
    void runsGoneFromTheHistorySaySo();
    void selectionExportsOnlyTheSelectedFindings();
    void cancelStopsTheExport();
    void folderAuthorAndFormatAreRemembered();

private:
    std::unique_ptr<ExportDialog> dialog(const QStringList &runs, const QStringList &projects = {});
    std::unique_ptr<ExportDialog> selectionDialog(const QStringList &runs, const QStringList &fingerprints);
    // Clicks Export and waits until the export is over; true when it was written.
    bool exportTo(ExportDialog &d, const QString &path);
    QString out(const QString &name) const { return m_tmp.filePath(QStringLiteral("out/") + name); }

    QTemporaryDir m_tmp;
    QString m_project;
    QString m_big;
    std::unique_ptr<Session> m_session;
};

void TestExportDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
    QVERIFY(QDir().mkpath(m_tmp.filePath(QStringLiteral("project"))));
    QVERIFY(QDir().mkpath(m_tmp.filePath(QStringLiteral("big"))));
    QVERIFY(QDir().mkpath(m_tmp.filePath(QStringLiteral("out"))));
    m_project = QFileInfo(m_tmp.filePath(QStringLiteral("project"))).canonicalFilePath();
    m_big = QFileInfo(m_tmp.filePath(QStringLiteral("big"))).canonicalFilePath();
    m_session = test::readySession(test::uiSettings(m_tmp));
    QVERIFY(m_session->store());
    QVERIFY(test::seedExportHistory(*m_session->store(), m_project, m_big));
}

void TestExportDialog::init()
{
    QSettings().clear(); // nothing remembered from an earlier test
}

void TestExportDialog::cleanupTestCase()
{
    m_session.reset();
}

std::unique_ptr<ExportDialog> TestExportDialog::dialog(const QStringList &runs, const QStringList &projects)
{
    auto d = std::make_unique<ExportDialog>(m_session.get());
    QSignalSpy loaded(d.get(), &ExportDialog::runsLoaded);
    d->setRuns(runs, projects);
    d->show();
    if (!loaded.wait(10000))
        qWarning("the runs were not read in 10 s");
    return d;
}

std::unique_ptr<ExportDialog> TestExportDialog::selectionDialog(const QStringList &runs,
                                                                const QStringList &fingerprints)
{
    auto d = std::make_unique<ExportDialog>(m_session.get());
    QSignalSpy loaded(d.get(), &ExportDialog::runsLoaded);
    d->setSelection(runs, test::setOf(fingerprints));
    d->show();
    if (!loaded.wait(10000))
        qWarning("the runs were not read in 10 s");
    return d;
}

bool TestExportDialog::exportTo(ExportDialog &d, const QString &path)
{
    QSignalSpy exported(&d, &ExportDialog::exported);
    QSignalSpy failed(&d, &ExportDialog::failed);
    d.setPath(path);
    if (!d.exportButton()->isEnabled()) {
        qWarning("Export is disabled: %s", qPrintable(d.reason()));
        return false;
    }
    QTest::mouseClick(d.exportButton(), Qt::LeftButton);
    if (!QTest::qWaitFor([&] { return exported.count() + failed.count() > 0; }, 60000))
        qWarning("the export did not end in 60 s");
    return exported.count() == 1 && exported.at(0).at(0).toString() == QFileInfo(path).absoluteFilePath();
}

void TestExportDialog::formatAndExtensionFollowEachOther()
{
    auto d = dialog({QStringLiteral("run-new")});
    d->setPath(out(QStringLiteral("report.csv")));
    QCOMPARE(d->format(), Format::Csv);
    d->setFormat(Format::Json);
    QCOMPARE(d->path(), out(QStringLiteral("report.json")));
    d->setFormat(Format::Markdown);
    QCOMPARE(d->path(), out(QStringLiteral("report.md")));
    // Typed: the combo follows.
    d->pathEdit()->clear();
    QTest::keyClicks(d->pathEdit(), out(QStringLiteral("typed.sarif")));
    QCOMPARE(d->format(), Format::Sarif);
    QCOMPARE(d->formatBox()->currentText(), ExportDialog::formatLabel(Format::Sarif));
    // An extension that is not a report's is kept, the format's added.
    d->setPath(out(QStringLiteral("notes.txt")));
    d->setFormat(Format::Pdf);
    QCOMPARE(d->path(), out(QStringLiteral("notes.txt.pdf")));
}

void TestExportDialog::defaultsNameTheProjectAndTheUser()
{
    auto d = dialog({QStringLiteral("run-new")});
    const QString today = QDate::currentDate().toString(Qt::ISODate);
    QCOMPARE(QFileInfo(d->path()).fileName(), QStringLiteral("fuzzforge-report-project-%1.html").arg(today));
    QCOMPARE(QFileInfo(d->path()).absolutePath(), ExportSettings{}.effectiveFolder());
    // Not typed yet: the name follows the format and the runs checked.
    d->setFormat(Format::Sarif);
    QCOMPARE(QFileInfo(d->path()).fileName(), QStringLiteral("fuzzforge-report-project-%1.sarif").arg(today));
    d->runList()->setChecked({QStringLiteral("run-big")});
    QCOMPARE(QFileInfo(d->path()).fileName(), QStringLiteral("fuzzforge-report-big-%1.sarif").arg(today));
    d->runList()->setChecked({QStringLiteral("run-big"), QStringLiteral("run-new")});
    QCOMPARE(QFileInfo(d->path()).fileName(), QStringLiteral("fuzzforge-report-%1.sarif").arg(today));
    QCOMPARE(d->authorEdit()->text(), userName());
    QVERIFY(!userName().isEmpty());
    QVERIFY(d->titleEdit()->text().isEmpty());
    QCOMPARE(d->titleEdit()->placeholderText(), report::Options{}.effectiveTitle());
}

void TestExportDialog::runsAreNewestFirstWithTheSelectionChecked()
{
    auto d = dialog({QStringLiteral("run-old")});
    QListWidget *list = d->runList()->list();
    QStringList order;
    for (int i = 0; i < list->count(); ++i)
        order << list->item(i)->data(Qt::UserRole).toString();
    QCOMPARE(order, (QStringList{QStringLiteral("run-py"), QStringLiteral("run-new"),
                                 QStringLiteral("run-big"), QStringLiteral("run-old")}));
    QCOMPARE(d->checkedRuns(), QStringList{QStringLiteral("run-old")});
    QVERIFY2(list->item(1)->text().contains(QStringLiteral("c-cpp-static on project")),
             qPrintable(list->item(1)->text()));
    QVERIFY(list->item(1)->text().contains(QStringLiteral("4 findings")));
    QVERIFY(list->item(0)->text().contains(QStringLiteral("1 finding")));
    // Checked by the analyst as by a click.
    list->item(0)->setCheckState(Qt::Checked);
    QCOMPARE(d->checkedRuns(), (QStringList{QStringLiteral("run-py"), QStringLiteral("run-old")}));
    QVERIFY(!d->runList()->isFixed());
}

void TestExportDialog::withoutSelectionTheLatestRunOfEachWorkflowIsChecked()
{
    auto d = dialog({}, {m_project});
    QCOMPARE(d->checkedRuns(), (QStringList{QStringLiteral("run-py"), QStringLiteral("run-new")}));
    // Runs selected elsewhere that the history does not have count as none.
    d = dialog({QStringLiteral("not-recorded")}, {m_project});
    QCOMPARE(d->checkedRuns(), (QStringList{QStringLiteral("run-py"), QStringLiteral("run-new")}));
    // No current project: every project's.
    d = dialog({});
    QCOMPARE(d->checkedRuns(),
             (QStringList{QStringLiteral("run-py"), QStringLiteral("run-new"), QStringLiteral("run-big")}));
}

void TestExportDialog::exportIsDisabledWithAReason()
{
    auto d = dialog({QStringLiteral("run-new")});
    QVERIFY2(d->exportButton()->isEnabled(), qPrintable(d->reason()));
    QVERIFY(d->exportButton()->isDefault());
    QVERIFY(d->reason().isEmpty());
    auto *reason = d->findChild<QLabel *>(QStringLiteral("exportReason"));
    QVERIFY(reason && reason->isHidden());

    d->runList()->list()->item(1)->setCheckState(Qt::Unchecked);
    QVERIFY(d->checkedRuns().isEmpty());
    QVERIFY(!d->exportButton()->isEnabled());
    QVERIFY2(d->reason().contains(QStringLiteral("Check at least one run")), qPrintable(d->reason()));
    QVERIFY(reason->isVisible());
    QCOMPARE(reason->text(), d->reason());

    d->runList()->list()->item(1)->setCheckState(Qt::Checked);
    d->setPath(QString());
    QVERIFY(!d->exportButton()->isEnabled());
    QVERIFY2(d->reason().contains(QStringLiteral("Choose the file")), qPrintable(d->reason()));
    d->setPath(m_tmp.path());
    QVERIFY(!d->exportButton()->isEnabled());
    QVERIFY2(d->reason().contains(QStringLiteral("is a folder")), qPrintable(d->reason()));
    d->setPath(out(QStringLiteral("fine.csv")));
    QVERIFY(d->exportButton()->isEnabled());
    QVERIFY(reason->isHidden());
}

void TestExportDialog::writesEveryFormat_data()
{
    QTest::addColumn<Format>("format");
    for (Format f : {Format::Csv, Format::Json, Format::Sarif, Format::Markdown, Format::Html, Format::Pdf})
        QTest::addRow("%s", qPrintable(report::formatName(f))) << f;
}

void TestExportDialog::writesEveryFormat()
{
    QFETCH(Format, format);
    auto d = dialog({QStringLiteral("run-new")});
    d->setFormat(format);
    d->titleEdit()->setText(QStringLiteral("Weekly audit"));
    d->authorEdit()->setText(QStringLiteral("Ada Analyst"));
    d->compareBox()->setChecked(false);
    const QString path = out(QStringLiteral("every.") + report::fileExtension(format));
    QVERIFY2(exportTo(*d, path), qPrintable(d->errorText()));
    QVERIFY(!d->isVisible());
    QCOMPARE(d->result(), int(QDialog::Accepted));
    const QByteArray data = test::readAll(path);
    // Defaults: false positives (fp3) left out, accepted risks (fp4) in.
    const QSet<QByteArray> rules = {"rule-fp2", "rule-fp4", "rule-fp5"};
    switch (format) {
    case Format::Csv: {
        const QList<QByteArray> lines = data.trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY2(lines.first().startsWith("severity,"), lines.first().constData());
        for (const QByteArray &rule : rules)
            QVERIFY(data.contains(QByteArray("," + rule + ",")));
        break;
    }
    case Format::Json: {
        const QJsonObject root = QJsonDocument::fromJson(data).object();
        QCOMPARE(test::setOf(test::jsonFingerprints(path)),
                 (QSet<QString>{QStringLiteral("fp2"), QStringLiteral("fp4"), QStringLiteral("fp5")}));
        const QJsonObject meta = root.value(QLatin1String("report")).toObject();
        QCOMPARE(meta.value(QLatin1String("title")).toString(), QStringLiteral("Weekly audit"));
        QCOMPARE(meta.value(QLatin1String("author")).toString(), QStringLiteral("Ada Analyst"));
        break;
    }
    case Format::Sarif: {
        const QJsonObject root = QJsonDocument::fromJson(data).object();
        QCOMPARE(root.value(QLatin1String("version")).toString(), QStringLiteral("2.1.0"));
        QSet<QByteArray> found;
        const QJsonArray runs = root.value(QLatin1String("runs")).toArray();
        for (const auto &run : runs)
            for (const auto &result : run.toObject().value(QLatin1String("results")).toArray())
                found.insert(result.toObject().value(QLatin1String("ruleId")).toString().toUtf8());
        QCOMPARE(found, rules);
        break;
    }
    case Format::Markdown:
    case Format::Html:
        QVERIFY(data.contains("Weekly audit"));
        QVERIFY(data.contains("Ada Analyst"));
        for (const QByteArray &rule : rules)
            QVERIFY2(data.contains(rule), rule.constData());
        QVERIFY(!data.contains("rule-fp3"));
        if (format == Format::Html)
            QVERIFY(data.left(200).toLower().contains("<html"));
        break;
    case Format::Pdf:
        QVERIFY(data.startsWith("%PDF-"));
        QVERIFY(data.size() > 1000);
        break;
    }
}

void TestExportDialog::falsePositivesFollowTheCheckbox_data()
{
    QTest::addColumn<bool>("include");
    QTest::addRow("left out") << false;
    QTest::addRow("included") << true;
}

void TestExportDialog::falsePositivesFollowTheCheckbox()
{
    QFETCH(bool, include);
    auto d = dialog({QStringLiteral("run-new")});
    d->setFormat(Format::Json);
    d->falsePositivesBox()->setChecked(include);
    d->acceptedRisksBox()->setChecked(!include);
    QCOMPARE(d->options().includeFalsePositives, include);
    const QString path = out(QStringLiteral("fp-%1.json").arg(include));
    QVERIFY2(exportTo(*d, path), qPrintable(d->errorText()));
    const QSet<QString> found = test::setOf(test::jsonFingerprints(path));
    QCOMPARE(found.contains(QStringLiteral("fp3")), include);  // the false positive
    QCOMPARE(found.contains(QStringLiteral("fp4")), !include); // the accepted risk
    QVERIFY(found.contains(QStringLiteral("fp2")));
}

void TestExportDialog::severityThresholdAndComparison()
{
    auto d = dialog({QStringLiteral("run-new")});
    d->setFormat(Format::Json);
    d->severityBox()->setCurrentIndex(d->severityBox()->findData(int(findings::Severity::High)));
    QVERIFY(d->options().minSeverity == std::optional(findings::Severity::High));
    QVERIFY(d->compareBox()->isChecked());
    d->redactBox()->setChecked(false);
    QVERIFY(!d->options().redactSecrets);
    const QString path = out(QStringLiteral("high.json"));
    QVERIFY2(exportTo(*d, path), qPrintable(d->errorText()));
    QCOMPARE(test::setOf(test::jsonFingerprints(path)),
             (QSet<QString>{QStringLiteral("fp2"), QStringLiteral("fp5")}));
    // Compared with run-old: fp1 is gone since.
    const QJsonObject root = QJsonDocument::fromJson(test::readAll(path)).object();
    const QJsonArray fixed = root.value(QLatin1String("fixed")).toArray();
    QCOMPARE(fixed.size(), 1);
    QCOMPARE(fixed.at(0).toObject().value(QLatin1String("fingerprint")).toString(), QStringLiteral("fp1"));
}

void TestExportDialog::progressReachesTheTotal()
{
    auto d = dialog({QStringLiteral("run-big")});
    d->setFormat(Format::Csv);
    QSignalSpy progress(d.get(), &ExportDialog::progressed);
    QVERIFY2(exportTo(*d, out(QStringLiteral("big.csv"))), qPrintable(d->errorText()));
    QVERIFY(progress.count() >= 1);
    QCOMPARE(progress.last().at(0).toLongLong(), qint64(test::kBigRunFindings));
    QCOMPARE(progress.last().at(1).toLongLong(), qint64(test::kBigRunFindings));
    for (const auto &args : std::as_const(progress))
        QVERIFY(args.at(0).toLongLong() <= args.at(1).toLongLong());
    QCOMPARE(d->progressBar()->maximum(), test::kBigRunFindings);
    QCOMPARE(d->progressBar()->value(), d->progressBar()->maximum());
    QVERIFY2(d->progressBar()->text().contains(QStringLiteral("5000 of 5000")),
             qPrintable(d->progressBar()->text()));
    const QList<QByteArray> lines = test::readAll(out(QStringLiteral("big.csv"))).trimmed().split('\n');
    QCOMPARE(lines.size(), test::kBigRunFindings + 1);
}

void TestExportDialog::unwritablePathIsShownAndTheDialogStaysOpen()
{
    auto d = dialog({QStringLiteral("run-new")});
    d->titleEdit()->setText(QStringLiteral("Keep me"));
    // A file where the folder should be: not writable, whoever runs the test.
    QFile blocker(out(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString path = out(QStringLiteral("blocker/report.csv"));
    QSignalSpy failed(d.get(), &ExportDialog::failed);
    QVERIFY(!exportTo(*d, path));
    QCOMPARE(failed.count(), 1);
    QVERIFY2(d->errorText().contains(QStringLiteral("could not be written")), qPrintable(d->errorText()));
    QVERIFY(d->errorText().contains(QDir::toNativeSeparators(path)));
    QVERIFY(d->findChild<QLabel *>(QStringLiteral("exportError"))->isVisible());
    QVERIFY(d->isVisible());
    QCOMPARE(d->titleEdit()->text(), QStringLiteral("Keep me"));
    QVERIFY(d->titleEdit()->isEnabled());
    // Corrected, it goes through and the error is gone.
    QVERIFY(d->exportButton()->isEnabled());
    QVERIFY2(exportTo(*d, out(QStringLiteral("corrected.csv"))), qPrintable(d->errorText()));
    QVERIFY(d->errorText().isEmpty());
}

void TestExportDialog::emptySelectionSaysSo()
{
    auto d = selectionDialog({QStringLiteral("run-new")}, {});
    QVERIFY(!d->exportButton()->isEnabled());
    QVERIFY2(d->reason().contains(QStringLiteral("No findings are selected")), qPrintable(d->reason()));
    QVERIFY(d->findChild<QLabel *>(QStringLiteral("exportReason"))->isVisible());
    d->startExport(); // as Enter would: nothing starts
    QVERIFY(!d->isExporting());
    QVERIFY(d->isVisible());
}

void TestExportDialog::selectionMatchingNothingIsAnError()
{
    auto d = selectionDialog({QStringLiteral("run-new")}, {QStringLiteral("not-a-fingerprint")});
    QVERIFY(!exportTo(*d, out(QStringLiteral("nothing.json"))));
    QVERIFY2(d->errorText().contains(QStringLiteral("could not be made")), qPrintable(d->errorText()));
    QVERIFY(d->errorText().contains(QStringLiteral("selected")));
    QVERIFY(!QFile::exists(out(QStringLiteral("nothing.json"))));
    QVERIFY(d->isVisible());
}

void TestExportDialog::runsGoneFromTheHistorySaySo()
{
    auto d = selectionDialog({QStringLiteral("run-deleted")}, {QStringLiteral("fp2")});
    QVERIFY(d->checkedRuns().isEmpty());
    QVERIFY(!d->exportButton()->isEnabled());
    QVERIFY2(d->reason().contains(QStringLiteral("no longer in the history")), qPrintable(d->reason()));
}

void TestExportDialog::selectionExportsOnlyTheSelectedFindings()
{
    auto d = selectionDialog({QStringLiteral("run-new"), QStringLiteral("run-py")},
                             {QStringLiteral("fp2"), QStringLiteral("fp5"), QStringLiteral("py1")});
    QVERIFY(d->runList()->isFixed());
    QCOMPARE(d->runList()->selectionText(), QStringLiteral("3 selected findings"));
    QCOMPARE(d->runList()->list()->count(), 2);
    QVERIFY(!(d->runList()->list()->item(0)->flags() & Qt::ItemIsUserCheckable));
    QCOMPARE(d->checkedRuns(), (QStringList{QStringLiteral("run-py"), QStringLiteral("run-new")}));
    QVERIFY(!d->compareBox()->isEnabled());
    d->setFormat(Format::Json);
    const QString path = out(QStringLiteral("selection.json"));
    QVERIFY2(exportTo(*d, path), qPrintable(d->errorText()));
    QCOMPARE(test::setOf(test::jsonFingerprints(path)),
             (QSet<QString>{QStringLiteral("fp2"), QStringLiteral("fp5"), QStringLiteral("py1")}));
}

void TestExportDialog::cancelStopsTheExport()
{
    auto d = dialog({QStringLiteral("run-big")});
    d->setFormat(Format::Json);
    const QString path = out(QStringLiteral("canceled.json"));
    d->setPath(path);
    QSignalSpy failed(d.get(), &ExportDialog::failed);
    QSignalSpy exported(d.get(), &ExportDialog::exported);
    QTest::mouseClick(d->exportButton(), Qt::LeftButton);
    QVERIFY(d->isExporting());
    QVERIFY(!d->exportButton()->isEnabled());
    QVERIFY(!d->titleEdit()->isEnabled());
    QVERIFY(d->progressBar()->isVisible());
    QCOMPARE(d->progressBar()->maximum(), 0); // busy while collecting
    // Cancel while 5000 findings are still being read.
    QTest::mouseClick(d->cancelButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
    QCOMPARE(exported.count(), 0);
    QVERIFY2(d->errorText().contains(QStringLiteral("canceled")), qPrintable(d->errorText()));
    QVERIFY(!QFile::exists(path));
    QVERIFY(d->isVisible());
    QVERIFY(!d->isExporting());
    QVERIFY(d->exportButton()->isEnabled());
    // Not exporting, Cancel closes.
    QTest::mouseClick(d->cancelButton(), Qt::LeftButton);
    QVERIFY(!d->isVisible());
    QCOMPARE(d->result(), int(QDialog::Rejected));
}

void TestExportDialog::folderAuthorAndFormatAreRemembered()
{
    const QString folder = m_tmp.filePath(QStringLiteral("elsewhere"));
    QVERIFY(QDir().mkpath(folder));
    {
        auto d = dialog({QStringLiteral("run-py")});
        d->authorEdit()->setText(QStringLiteral("Grace Reviewer"));
        d->setFormat(Format::Markdown);
        QVERIFY2(exportTo(*d, folder + QStringLiteral("/first.md")), qPrintable(d->errorText()));
    }
    auto d = dialog({QStringLiteral("run-py")});
    QCOMPARE(d->authorEdit()->text(), QStringLiteral("Grace Reviewer"));
    QCOMPARE(d->format(), Format::Markdown);
    QCOMPARE(QFileInfo(d->path()).absolutePath(), QFileInfo(folder).absoluteFilePath());
    QVERIFY(d->path().endsWith(QStringLiteral(".md")));
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"

// The Fuzzing Corpus dialog (offscreen, a real session): what it shows for a volume's info and
// which buttons it offers; then against the real engine, a corpus volume of a harness of its
// own imported from a folder, shown with its entries and size, exported and reset.
#include "projects/corpusdialog.h"
#include "projects/projectsview.h"
#include "testutil.h"
#include "uitestutil.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QTreeView>
#include <QUuid>

#include <algorithm>

using namespace ff;
using namespace ff::ui;

namespace {

// An image the engine has without a build: the volume is reached through a container made from
// it (the workflows' own images need a long build; the corpus code does not care which).
const QString kImage = QStringLiteral("debian:bookworm-slim");

QPushButton *button(const CorpusDialog &dialog, const QString &text)
{
    const auto buttons = dialog.findChildren<QPushButton *>();
    for (QPushButton *b : buttons)
        if (b->text().remove(QLatin1Char('&')).startsWith(text))
            return b;
    return nullptr;
}

} // namespace

class TestCorpusDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void showsTheInfo();
    void actionInTheProjectsView();
    void importExportResetOnTheEngine();

private:
    QTemporaryDir m_dir;
    QString m_project;
    QString m_harness;
    std::unique_ptr<Session> m_session;
};

void TestCorpusDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_project = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples/fuzz-parser");
    m_harness = QStringLiteral("fuzz/ui-test-") + QUuid::createUuid().toString(QUuid::Id128).left(12) +
                QStringLiteral(".c");
    m_session = test::readySession(test::uiSettings(m_dir));
    QVERIFY(m_session->isReady());
}

void TestCorpusDialog::cleanupTestCase()
{
    if (m_session)
        (void)test::wait(
            m_session->client()->removeVolume(fuzz::corpusVolumeName(m_project, m_harness), true));
    m_session.reset();
}

void TestCorpusDialog::showsTheInfo()
{
    CorpusDialog dialog(m_session.get(), m_project);
    dialog.show();
    // The fuzzing workflows of the catalogue, the default harness and its volume.
    auto *workflows = dialog.findChild<QComboBox *>();
    QVERIFY(workflows->findData(QStringLiteral("libfuzzer")) >= 0);
    QVERIFY(workflows->findData(QStringLiteral("c-cpp-static")) < 0); // keeps no corpus
    dialog.setWorkflowId(QStringLiteral("libfuzzer"));
    QCOMPARE(dialog.workflowId(), QStringLiteral("libfuzzer"));
    QCOMPARE(dialog.harness(), QStringLiteral("fuzz/fuzz_parser.c"));
    QCOMPARE(dialog.volumeName(), fuzz::corpusVolumeName(m_project, QStringLiteral("fuzz/fuzz_parser.c")));
    QVERIFY(!dialog.image().isEmpty());
    auto *volume = dialog.findChild<QLabel *>(QStringLiteral("corpusVolume"));
    QCOMPARE(volume->text(), dialog.volumeName());

    // The engine's answer first (the workflow's image may not be built: an error then).
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 60000);
    fuzz::CorpusInfo info;
    info.volume = dialog.volumeName();
    info.exists = true;
    info.entries = 1234;
    info.bytes = 5 * 1024 * 1024 + 17;
    dialog.showInfo(info);
    QCOMPARE(dialog.entriesText(), QLocale().toString(qint64(1234)));
    QCOMPARE(dialog.sizeText(), QLocale().formattedDataSize(info.bytes));
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("corpusEntries"))->text(), dialog.entriesText());
    QVERIFY(dialog.canExport() && dialog.canImport() && dialog.canReset());
    QVERIFY(button(dialog, QStringLiteral("Export"))->isEnabled());
    QVERIFY(button(dialog, QStringLiteral("Reset"))->isEnabled());
    QVERIFY(dialog.statusText().contains(QLatin1String("next campaign")));

    info.exists = false;
    info.entries = 0;
    info.bytes = 0;
    dialog.showInfo(info);
    QCOMPARE(dialog.entriesText(), QStringLiteral("none"));
    QVERIFY(!dialog.canExport());
    QVERIFY(!dialog.canReset());
    QVERIFY(dialog.canImport());
    QVERIFY(!button(dialog, QStringLiteral("Export"))->isEnabled());
    QVERIFY(!button(dialog, QStringLiteral("Reset"))->isEnabled());
    QVERIFY(button(dialog, QStringLiteral("Import"))->isEnabled());
    QVERIFY(dialog.statusText().contains(QLatin1String("No corpus yet")));

    // Another harness: another volume, nothing known of it until it is read.
    dialog.setHarness(QStringLiteral("fuzz/other.c"));
    QCOMPARE(volume->text(), fuzz::corpusVolumeName(m_project, QStringLiteral("fuzz/other.c")));
    QCOMPARE(dialog.entriesText(), QStringLiteral("…"));
    QVERIFY(!dialog.canReset());
    // No harness: nothing to read.
    dialog.setHarness(QString());
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText().contains(QLatin1String("Give the harness")), 2000);
    QVERIFY(!dialog.canImport());
}

void TestCorpusDialog::actionInTheProjectsView()
{
    ProjectsView view(m_session.get());
    QVERIFY(view.tree()->actions().contains(view.corpusAction()));
    QVERIFY(m_session->addProject(m_project));
    QVERIFY(view.corpusAction()->isEnabled());
    view.corpusAction()->trigger();
    auto *dialog = view.window()->findChild<CorpusDialog *>(QStringLiteral("corpusDialog"));
    QVERIFY(dialog);
    QCOMPARE(dialog->projectPath(), QFileInfo(m_project).canonicalFilePath());
    dialog->close(); // deletes itself
    m_session->removeProject(QFileInfo(m_project).canonicalFilePath());
    QVERIFY(!view.corpusAction()->isEnabled());
}

void TestCorpusDialog::importExportResetOnTheEngine()
{
    CorpusDialog dialog(m_session.get(), m_project);
    dialog.show();
    QSignalSpy shown(&dialog, &CorpusDialog::infoShown);
    QSignalSpy failed(&dialog, &CorpusDialog::failed);
    QSignalSpy finished(&dialog, &CorpusDialog::operationFinished);
    dialog.setImage(kImage);
    dialog.setHarness(m_harness);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() || !failed.isEmpty(), 60000);
    QVERIFY2(failed.isEmpty(), qPrintable(dialog.statusText()));
    // A harness never fuzzed: no volume yet.
    auto info = shown.last().first().value<fuzz::CorpusInfo>();
    QCOMPARE(info.volume, fuzz::corpusVolumeName(m_project, m_harness));
    QVERIFY(!info.exists);
    QCOMPARE(dialog.entriesText(), QStringLiteral("none"));

    // Import three inputs from a folder: the dialog reads the volume again and shows them.
    const QString seeds = m_dir.filePath(QStringLiteral("seeds"));
    QVERIFY(QDir().mkpath(seeds));
    const QList<QByteArray> inputs{QByteArray("FZ1"), QByteArray("FZ\x00\x01\x02", 5), QByteArray("FZ-seed")};
    for (int i = 0; i < inputs.size(); ++i) {
        QFile f(seeds + QStringLiteral("/seed-%1").arg(i));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(inputs[i]);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 60000);
    shown.clear();
    dialog.importFrom(seeds);
    QVERIFY(dialog.isBusy());
    QVERIFY(!dialog.canImport() && !dialog.canReset());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 60000);
    info = shown.last().first().value<fuzz::CorpusInfo>();
    QVERIFY(info.exists);
    QCOMPARE(info.entries, qint64(3));
    QCOMPARE(info.bytes, qint64(15));
    QCOMPARE(dialog.entriesText(), QStringLiteral("3"));
    QCOMPARE(dialog.sizeText(), QLocale().formattedDataSize(15));
    QVERIFY2(dialog.statusText().contains(QLatin1String("imported")), qPrintable(dialog.statusText()));
    QVERIFY(dialog.canExport() && dialog.canReset());
    QVERIFY(dialog.grab().save(QStringLiteral("/tmp/corpus-dialog.png")));

    // Export: the same three inputs in a folder.
    const QString out = m_dir.filePath(QStringLiteral("export"));
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 60000);
    finished.clear();
    dialog.exportTo(out);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));
    QList<QByteArray> exported;
    const auto files = QDir(out).entryInfoList(QDir::Files);
    for (const QFileInfo &fi : files) {
        QFile f(fi.filePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        exported << f.readAll();
    }
    std::sort(exported.begin(), exported.end());
    QList<QByteArray> expected = inputs;
    std::sort(expected.begin(), expected.end());
    QCOMPARE(exported, expected);

    // Reset: the volume is gone, the next campaign starts from its seeds. (Not while the volume
    // is read after the export: the reading container would make it again.)
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 60000);
    QVERIFY(dialog.canReset());
    shown.clear();
    finished.clear();
    dialog.resetCorpus();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 60000);
    QVERIFY(!shown.last().first().value<fuzz::CorpusInfo>().exists);
    QCOMPARE(dialog.entriesText(), QStringLiteral("none"));
    QVERIFY(!dialog.canReset());
    QVERIFY(!test::wait(m_session->client()->inspectVolume(dialog.volumeName())).ok());
}

QTEST_MAIN(TestCorpusDialog)
#include "tst_corpusdialog.moc"

// The whole window as an analyst uses it, on the offscreen platform, against the real Docker
// engine and a real history database (SQLite, or a PostgreSQL server of the test's own with
// FUZZFORGE_TEST_BACKEND=postgres): a folder dropped onto the window, a workflow started from
// the Workflows view, its log lines in the Logs view, its samples in the resource graph, its
// findings in the Findings view, a triage decision that outlives the window and the session.
#include "banner.h"
#include "common/session.h"
#include "findings/findingsmodel.h"
#include "findings/findingsview.h"
#include "logs/logmodel.h"
#include "logs/logsview.h"
#include "logs/logview.h"
#include "mainwindow.h"
#include "pgserver.h"
#include "plots/resourcesview.h"
#include "projects/parameterform.h"
#include "projects/workflowsview.h"
#include "uitestutil.h"

#include <QApplication>
#include <QDir>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace ff;

class TestGuiScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void scanFromDropToTriage();
    void refusesWhatIsNotAFolder();

private:
    ui::AppSettings settings() const;
    QTemporaryDir m_dir;
    test::PostgresServer m_postgres;
    bool m_usePostgres = false;
};

void TestGuiScan::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_usePostgres = qEnvironmentVariable("FUZZFORGE_TEST_BACKEND") == QLatin1String("postgres");
    if (m_usePostgres) {
        QString error;
        QVERIFY2(m_postgres.start(&error), qPrintable(error));
    }
}

ui::AppSettings TestGuiScan::settings() const
{
    ui::AppSettings s = test::uiSettings(m_dir);
    if (m_usePostgres)
        s.databaseUrl = m_postgres.url();
    return s;
}

// A drag of `folder` onto `target`, as a file manager sends it: enter, move, drop.
static bool dropFolder(QWidget *target, const QString &folder)
{
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(folder)});
    const QPointF at(target->width() / 2.0, target->height() / 2.0);
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

void TestGuiScan::scanFromDropToTriage()
{
    const QString project =
        QDir(QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples/vulnerable-c")).canonicalPath();
    QString runId;
    QString falsePositive;
    {
        auto session = test::readySession(settings());
        QVERIFY(session->isReady());
        QVERIFY(session->store());
        session->addWorkflowFolder(QStringLiteral(FUZZFORGE_SOURCE_DIR "/packaging/demo-workflows"));
        ui::MainWindow window(session.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QVERIFY(dropFolder(&window, project));
        QCOMPARE(session->currentProjects(), QStringList{project});
        QTRY_VERIFY_WITH_TIMEOUT(session->project(project) && session->project(project)->scanned, 20000);
        QCOMPARE(session->project(project)->languages, QStringList{QStringLiteral("c")});

        auto *workflows = window.findChild<ui::WorkflowsView *>();
        QVERIFY(workflows);
        QVERIFY(workflows->selectWorkflow(QStringLiteral("demo-activity")));
        auto *seconds = qobject_cast<QSpinBox *>(workflows->form()->editor(QStringLiteral("seconds")));
        QVERIFY(seconds);
        seconds->setValue(5);
        QSignalSpy created(session.get(), &ui::Session::runCreated);
        QSignalSpy finished(session.get(), &ui::Session::runFinished);
        QTRY_VERIFY_WITH_TIMEOUT(workflows->runButton()->isEnabled(), 10000);
        QTest::mouseClick(workflows->runButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(created.count(), 1, 30000);
        {
            const auto *r = created.first().first().value<run::WorkflowRun *>();
            runId = r->spec().runId;
            QCOMPARE(r->spec().parameters.value(QStringLiteral("seconds")), QStringLiteral("5"));
        }

        // Its log, live: the demo prints "analysing unit N" on stdout and notes on stderr. The
        // image may have to be built first.
        auto *logs = window.findChild<ui::LogsView *>();
        QVERIFY(logs);
        QTRY_VERIFY_WITH_TIMEOUT(logs->viewFor(runId) && logs->viewFor(runId)->lineCount() >= 3, 300000);
        const auto *lines = logs->viewFor(runId)->model();
        QVERIFY2(lines->index(0, 0).data().toString().contains(QLatin1String("analysing unit 1")),
                 qPrintable(lines->index(0, 0).data().toString()));
        QVERIFY2(finished.isEmpty(), "the log must arrive while the run is under way");

        // Its CPU and memory, live.
        auto *resources = window.findChild<ui::ResourcesView *>();
        QVERIFY(resources);
        QTRY_VERIFY_WITH_TIMEOUT(resources->sampleCount(runId) >= 2, 30000);
        QVERIFY(resources->shownRuns().contains(runId));

        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        const auto result = finished.first().first().value<run::RunResult>();
        QVERIFY2(result.succeeded(), qPrintable(result.error));
        QCOMPARE(result.findings.size(), 2); // main.c and util.c

        // Its findings, once it is done.
        auto *findings = window.findChild<ui::FindingsView *>();
        QVERIFY(findings);
        QTRY_COMPARE_WITH_TIMEOUT(findings->model()->rowCount(), 2, 30000);
        QTableView *table = findings->table();
        table->setFocus();
        table->selectRow(0);
        falsePositive =
            table->currentIndex().siblingAtColumn(0).data(ui::FindingsModel::FingerprintRole).toString();
        QVERIFY(!falsePositive.isEmpty());
        QSignalSpy triaged(session.get(), &ui::Session::triageChanged);
        findings->triageAction(storage::TriageStatus::FalsePositive)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(triaged.count(), 1, 20000);
        QCOMPARE(triaged.first().at(1).toStringList(), QStringList{falsePositive});
        window.close();
        QVERIFY(session->scheduler()->flush().ok());
    }

    // A new session and a new window on the same database: the run is in the history, and
    // selecting it brings back its findings with the triage, its log and its samples.
    auto session = test::readySession(settings());
    ui::MainWindow window(session.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    session->selectRuns({runId});
    auto *findings = window.findChild<ui::FindingsView *>();
    QTRY_COMPARE_WITH_TIMEOUT(findings->model()->rowCount(), 2, 30000);
    int falsePositives = 0;
    for (int row = 0; row < 2; ++row) {
        const QModelIndex i = findings->model()->index(row, 0);
        const auto status = static_cast<storage::TriageStatus>(i.data(ui::FindingsModel::StatusRole).toInt());
        if (i.data(ui::FindingsModel::FingerprintRole).toString() == falsePositive) {
            QCOMPARE(status, storage::TriageStatus::FalsePositive);
            ++falsePositives;
        } else {
            QCOMPARE(status, storage::TriageStatus::Open);
        }
    }
    QCOMPARE(falsePositives, 1);
    auto *logs = window.findChild<ui::LogsView *>();
    QTRY_VERIFY_WITH_TIMEOUT(logs->viewFor(runId) && logs->viewFor(runId)->lineCount() >= 3, 30000);
    auto *resources = window.findChild<ui::ResourcesView *>();
    QTRY_VERIFY_WITH_TIMEOUT(resources->sampleCount(runId) >= 2, 30000);
}

void TestGuiScan::refusesWhatIsNotAFolder()
{
    auto session = test::readySession(settings());
    ui::MainWindow window(session.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QString file = QStringLiteral(FUZZFORGE_SOURCE_DIR "/README.md");
    dropFolder(&window, file);
    QVERIFY(session->projects().isEmpty());
    QVERIFY(window.banner()->isVisible());
    QVERIFY2(window.banner()->message().contains(QLatin1String("is not a folder")),
             qPrintable(window.banner()->message()));
}

QTEST_MAIN(TestGuiScan)
#include "tst_guiscan.moc"

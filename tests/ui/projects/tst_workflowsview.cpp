// The Workflows view against the real engine: a user workflow's parameter is changed in the
// generated form, Run queues it with that value, its image build shows on a progress bar and
// the run finishes; what cannot be queued is said clearly.
#include "projects/imageprogresspanel.h"
#include "projects/parameterform.h"
#include "projects/workflowsmodel.h"
#include "projects/workflowsview.h"
#include "testutil.h"
#include "uitestutil.h"
#include "workflowfixture.h"

#include <QAction>
#include <QFileInfo>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTreeView>
#include <QUuid>

using namespace ff;
using namespace ff::ui;

namespace {

const QString kWorkflow = QStringLiteral("ui-probe");
const QString kExamples = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples");

} // namespace

class TestWorkflowsView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void catalogueAndDetails();
    void searchIsDebounced();
    void runNeedsAProject();
    void runWithAParameter();
    void runAllApplicableSaysWhyNothingRan();

private:
    QTemporaryDir m_tmp;
    QString m_folder;
    std::unique_ptr<Session> m_session;
    QStringList m_images;
};

void TestWorkflowsView::initTestCase()
{
    // Before the session: its catalogue reads the user folder of the test's own.
    QStandardPaths::setTestModeEnabled(true);
    QDir(workflow::Catalogue::userRoot()).removeRecursively();
    m_folder = test::writeUserWorkflow(
        workflow::Catalogue::userRoot() + QLatin1Char('/') + kWorkflow, kWorkflow,
        QStringLiteral(
            "echo count={{count}}\necho '{\"version\":\"2.1.0\",\"runs\":[]}' > /results/out.sarif\n"),
        QStringLiteral("description: Prints its count.\ncategory: probe\n"
                       "parameters:\n  count:\n    type: integer\n    default: 2\n    min: 1\n    max: 10\n"
                       "    description: How many\n"));
    QVERIFY(!m_folder.isEmpty());
    // A step of its own, so the image is really built (not only found in the cache).
    QFile dockerfile(m_folder + QStringLiteral("/Dockerfile"));
    QVERIFY(dockerfile.open(QIODevice::Append));
    dockerfile.write(
        QStringLiteral("RUN true # %1\n").arg(QUuid::createUuid().toString(QUuid::Id128)).toUtf8());
    dockerfile.close();

    m_session = test::readySession(test::uiSettings(m_tmp));
    QVERIFY(m_session->isReady());
    QVERIFY2(m_session->catalogue().find(kWorkflow), "the user workflow is in the catalogue");
}

void TestWorkflowsView::cleanupTestCase()
{
    if (m_session)
        for (const QString &image : std::as_const(m_images))
            test::wait(m_session->client()->removeImage(image, true));
    m_session.reset();
    QDir(workflow::Catalogue::userRoot()).removeRecursively();
}

void TestWorkflowsView::catalogueAndDetails()
{
    WorkflowsView view(m_session.get());
    QCOMPARE(view.model()->rowCount(), int(m_session->catalogue().workflows().size()));
    QVERIFY(view.selectWorkflow(QStringLiteral("c-cpp-static")));
    QCOMPARE(view.currentWorkflowId(), QStringLiteral("c-cpp-static"));
    const QString details = view.detailsText();
    QVERIFY2(details.contains(QStringLiteral("1.0.0")) &&
                 details.contains(QStringLiteral("static-analysis")) &&
                 details.contains(QStringLiteral("15 min")) && details.contains(QStringLiteral("*.c")),
             qPrintable(details));
    QVERIFY(qobject_cast<QSpinBox *>(view.form()->editor(QStringLiteral("min_level"))));
    QVERIFY(view.selectWorkflow(kWorkflow));
    QVERIFY(view.detailsText().contains(QStringLiteral("Prints its count.")));
    QCOMPARE(qobject_cast<QSpinBox *>(view.form()->editor(QStringLiteral("count")))->value(), 2);
}

void TestWorkflowsView::searchIsDebounced()
{
    WorkflowsView view(m_session.get());
    const int all = view.proxy()->rowCount();
    view.searchBox()->setText(QStringLiteral("probe"));
    QCOMPARE(view.proxy()->rowCount(), all); // not yet: the filter waits for the typing to stop
    QTRY_COMPARE(view.proxy()->rowCount(), 1);
    QCOMPARE(view.proxy()->index(0, 0).data(WorkflowsModel::IdRole).toString(), kWorkflow);
    QCOMPARE(view.currentWorkflowId(), kWorkflow);
    view.searchBox()->clear();
    QTRY_COMPARE(view.proxy()->rowCount(), all);
}

void TestWorkflowsView::runNeedsAProject()
{
    m_session->setCurrentProjects({});
    WorkflowsView view(m_session.get());
    QVERIFY(view.selectWorkflow(kWorkflow));
    QVERIFY(!view.runButton()->isEnabled());
    QVERIFY(!view.runAllButton()->isEnabled());
    QVERIFY2(view.runButton()->toolTip().contains(QStringLiteral("Open a project")),
             qPrintable(view.runButton()->toolTip()));
    QVERIFY(m_session->addProject(kExamples + QStringLiteral("/vulnerable-shell")));
    QVERIFY(view.runButton()->isEnabled());
    QVERIFY(view.runAllButton()->isEnabled());
    QCOMPARE(view.runAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Return));
    QCOMPARE(view.runAllAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
}

void TestWorkflowsView::runWithAParameter()
{
    const QString project = QFileInfo(kExamples + QStringLiteral("/vulnerable-shell")).canonicalFilePath();
    QVERIFY(m_session->addProject(project));
    WorkflowsView view(m_session.get());
    view.resize(500, 700);
    view.show();
    QVERIFY(view.selectWorkflow(kWorkflow));
    auto *count = qobject_cast<QSpinBox *>(view.form()->editor(QStringLiteral("count")));
    QVERIFY(count);
    count->setValue(7);
    QVERIFY(view.runButton()->isEnabled());

    // What the run is given, and what the progress bar showed while its image was built (read
    // when the view has handled each event: it connected first).
    QObject ctx;
    QString runId;
    QMap<QString, QString> parameters;
    connect(m_session.get(), &Session::runCreated, &ctx, [&](run::WorkflowRun *r) {
        runId = r->spec().runId;
        parameters = r->spec().parameters;
    });
    int lastStep = 0;
    int totalSteps = 0;
    int barMaximum = 0;
    int barValue = 0;
    QString barText;
    connect(m_session.get(), &Session::imageProgress, &ctx,
            [&](const QString &id, const docker::ProgressEvent &e) {
                if (e.kind != docker::ProgressEvent::Kind::Step)
                    return;
                lastStep = e.step;
                totalSteps = e.totalSteps;
                if (QProgressBar *bar = view.progressPanel()->bar(id)) {
                    barMaximum = bar->maximum();
                    barValue = bar->value();
                    barText = view.progressPanel()->text(id);
                }
            });
    QSignalSpy finished(m_session.get(), &Session::runFinished);
    QTest::mouseClick(view.runButton(), Qt::LeftButton);
    QTRY_VERIFY2(view.statusText().contains(QStringLiteral("Queued 1 run")), qPrintable(view.statusText()));

    QTRY_VERIFY_WITH_TIMEOUT(!runId.isEmpty(), 30000);
    QCOMPARE(parameters.value(QStringLiteral("count")), QStringLiteral("7"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 240000);
    const auto result = finished.at(0).at(0).value<run::RunResult>();
    m_images << result.imageTag;
    QVERIFY2(result.succeeded(), qPrintable(result.error));
    QCOMPARE(result.runId, runId);
    QCOMPARE(result.parameters.value(QStringLiteral("count")), QStringLiteral("7"));

    QVERIFY(totalSteps > 1);
    QCOMPARE(lastStep, totalSteps);
    QCOMPARE(barMaximum, totalSteps);
    QCOMPARE(barValue, totalSteps);
    QVERIFY2(barText.startsWith(
                 QStringLiteral("Building image for %1: step %2/%2").arg(kWorkflow).arg(totalSteps)),
             qPrintable(barText));
    // Once the run has left the preparation, its bar is gone.
    QCOMPARE(view.progressPanel()->count(), 0);
    QVERIFY(!view.progressPanel()->bar(runId));
}

void TestWorkflowsView::runAllApplicableSaysWhyNothingRan()
{
    // A folder no built-in workflow applies to (an empty one: secrets can be in any file, so
    // the secrets workflow applies to every folder with files): nothing can be queued, and the
    // view says why.
    const QString empty = m_tmp.filePath(QStringLiteral("empty"));
    QVERIFY(QDir().mkpath(empty));
    QVERIFY(m_session->addProject(empty));

    WorkflowsView view(m_session.get());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.activateWindow();
    view.list()->setFocus();
    QTRY_VERIFY(view.list()->hasFocus());
    QSignalSpy problems(m_session.get(), &Session::problem);
    QSignalSpy queued(m_session.get(), &Session::runQueued);
    QTest::keyClick(view.list(), Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(problems.size(), 1);
    QCOMPARE(queued.size(), 0);
    QVERIFY2(problems.at(0).at(0).toString().contains(QStringLiteral("no workflow applies")),
             qPrintable(problems.at(0).at(0).toString()));
    QVERIFY(view.statusText().contains(QStringLiteral("Nothing was queued")));
}

QTEST_MAIN(TestWorkflowsView)
#include "tst_workflowsview.moc"

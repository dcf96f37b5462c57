// The Projects view and its models: folders dropped on the view open as projects, their
// languages and applicable workflows appear once scanned, refused folders say why, and the
// selection is the session's current projects.
#include "projects/projectsmodel.h"
#include "projects/projectsview.h"
#include "projects/workflowsmodel.h"
#include "uitestutil.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QStandardPaths>
#include <QTreeView>

using namespace ff;
using namespace ff::ui;

namespace {

const QString kExamples = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples");

QString example(const QString &name)
{
    return QFileInfo(kExamples + QLatin1Char('/') + name).canonicalFilePath();
}

// Sends a drag over `target` and drops it, as the window system does; true if both were taken.
bool dropUrls(QWidget *target, const QList<QUrl> &urls)
{
    QMimeData mime;
    mime.setUrls(urls);
    const QPoint at(target->width() / 2, target->height() / 2);
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDragMoveEvent move(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &move);
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    return move.isAccepted() && drop.isAccepted();
}

int findWorkflow(const WorkflowsModel &m, const QString &id)
{
    return m.rowOf(id);
}

} // namespace

class TestProjectsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void modelsUnderTheTester();
    void dropAFolder();
    void dropSeveralFolders();
    void refusedFolders_data();
    void refusedFolders();
    void nonLocalUrlsAreNotTaken();
    void selectionIsTheCurrentProjects();
    void removeWithDelete();

private:
    QTemporaryDir m_tmp;
    std::unique_ptr<Session> m_session;
};

void TestProjectsModel::initTestCase()
{
    // The recent-projects list goes to the test's own settings, not the analyst's.
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(QFileInfo(kExamples + QStringLiteral("/vulnerable-c")).isDir());
}

void TestProjectsModel::init()
{
    // Projects need no engine or database: the session is not started.
    m_session = std::make_unique<Session>(test::uiSettings(m_tmp));
}

void TestProjectsModel::cleanup()
{
    m_session.reset();
}

void TestProjectsModel::modelsUnderTheTester()
{
    ProjectsModel projects(m_session.get());
    WorkflowsModel workflows(m_session.get());
    QAbstractItemModelTester t1(&projects, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(&workflows, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(projects.columnCount(), int(ProjectsModel::ColumnCount));
    QCOMPARE(workflows.rowCount(), int(m_session->catalogue().workflows().size()));
    QVERIFY(workflows.rowCount() >= 4);

    QVERIFY(m_session->addProject(example(QStringLiteral("vulnerable-c"))));
    QVERIFY(m_session->addProject(example(QStringLiteral("vulnerable-python"))));
    QCOMPARE(projects.rowCount(), 2);
    QTRY_VERIFY(projects.index(0, 0).data(ProjectsModel::ScannedRole).toBool() &&
                projects.index(1, 0).data(ProjectsModel::ScannedRole).toBool());
    m_session->setCurrentProjects({example(QStringLiteral("vulnerable-python"))});
    const int python = findWorkflow(workflows, QStringLiteral("python-static"));
    QVERIFY(python >= 0);
    QVERIFY(workflows.index(python, 0).data(WorkflowsModel::ApplicableRole).toBool());
    QVERIFY(workflows.index(python, 0).data(Qt::FontRole).value<QFont>().bold());
    m_session->removeProject(example(QStringLiteral("vulnerable-c")));
    QCOMPARE(projects.rowCount(), 1);
    m_session->removeProject(example(QStringLiteral("vulnerable-python")));
    QCOMPARE(projects.rowCount(), 0);
    QVERIFY(!workflows.index(python, 0).data(WorkflowsModel::ApplicableRole).toBool());
}

void TestProjectsModel::dropAFolder()
{
    ProjectsView view(m_session.get());
    WorkflowsModel workflows(m_session.get());
    view.resize(600, 300);
    QVERIFY(view.showsEmptyHint());

    const QString path = example(QStringLiteral("vulnerable-c"));
    QVERIFY(dropUrls(&view, {QUrl::fromLocalFile(path)}));
    ProjectsModel *model = view.model();
    QCOMPARE(model->rowCount(), 1);
    QVERIFY(!view.showsEmptyHint());
    QCOMPARE(model->index(0, ProjectsModel::Name).data().toString(), QStringLiteral("vulnerable-c"));
    QCOMPARE(model->index(0, ProjectsModel::Name).data(Qt::ToolTipRole).toString(), path);
    QCOMPARE(m_session->currentProjects(), QStringList{path});
    QCOMPARE(view.tree()->selectionModel()->selectedRows().size(), 1);

    // Languages and applicable workflows once the session has scanned the folder.
    QTRY_VERIFY(model->index(0, 0).data(ProjectsModel::ScannedRole).toBool());
    QCOMPARE(model->index(0, 0).data(ProjectsModel::LanguagesRole).toStringList(),
             QStringList{QStringLiteral("c")});
    QCOMPARE(model->index(0, ProjectsModel::Languages).data().toString(), QStringLiteral("C"));
    // Secrets can be in any file: the secrets workflow applies to every project that has files.
    QCOMPARE(model->index(0, 0).data(ProjectsModel::WorkflowIdsRole).toStringList(),
             (QStringList{QStringLiteral("c-cpp-static"), QStringLiteral("secrets")}));
    QVERIFY(model->index(0, ProjectsModel::Workflows).data().toString().contains(QStringLiteral("C/C++")));
    QVERIFY(model->index(0, ProjectsModel::Files).data().toInt() > 0);

    // The Workflows model marks what applies to it: the C workflow and the composite.
    auto applies = [&workflows](const QString &id) {
        return workflows.index(workflows.rowOf(id), 0).data(WorkflowsModel::ApplicableRole).toBool();
    };
    QVERIFY(applies(QStringLiteral("c-cpp-static")));
    QVERIFY(applies(QStringLiteral("security-assessment")));
    QVERIFY(applies(QStringLiteral("secrets")));
    QVERIFY(!applies(QStringLiteral("python-static")));
    QVERIFY(workflows.index(workflows.rowOf(QStringLiteral("security-assessment")), 0)
                .data(WorkflowsModel::CompositeRole)
                .toBool());
}

void TestProjectsModel::dropSeveralFolders()
{
    ProjectsView view(m_session.get());
    const QStringList paths{example(QStringLiteral("vulnerable-c")),
                            example(QStringLiteral("vulnerable-python"))};
    QVERIFY(dropUrls(&view, {QUrl::fromLocalFile(paths[0]), QUrl::fromLocalFile(paths[1])}));
    QCOMPARE(view.model()->rowCount(), 2);
    QCOMPARE(m_session->currentProjects(), paths);
    QCOMPARE(view.tree()->selectionModel()->selectedRows().size(), 2);
    QTRY_VERIFY(view.model()->index(1, 0).data(ProjectsModel::ScannedRole).toBool());
    QCOMPARE(view.model()->index(1, ProjectsModel::Languages).data().toString(), QStringLiteral("Python"));
}

void TestProjectsModel::refusedFolders_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("why");
    QTest::addRow("does not exist") << m_tmp.filePath(QStringLiteral("missing/folder"))
                                    << QStringLiteral("does not exist");
    QFile file(m_tmp.filePath(QStringLiteral("plain.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a folder\n");
    QTest::addRow("not a folder") << file.fileName() << QStringLiteral("is not a folder");
}

void TestProjectsModel::refusedFolders()
{
    QFETCH(QString, path);
    QFETCH(QString, why);
    ProjectsView view(m_session.get());
    QSignalSpy problems(m_session.get(), &Session::problem);
    QVERIFY(dropUrls(&view, {QUrl::fromLocalFile(path)}));
    QCOMPARE(problems.size(), 1);
    const QString message = problems.at(0).at(0).toString();
    QVERIFY2(message.contains(why) && message.contains(path), qPrintable(message));
    QVERIFY(!problems.at(0).at(1).toString().isEmpty()); // the remedy
    QCOMPARE(view.model()->rowCount(), 0);
    QVERIFY(view.showsEmptyHint());
}

void TestProjectsModel::nonLocalUrlsAreNotTaken()
{
    ProjectsView view(m_session.get());
    QVERIFY(!dropUrls(&view, {QUrl(QStringLiteral("https://example.org/project"))}));
    QCOMPARE(view.model()->rowCount(), 0);
}

void TestProjectsModel::selectionIsTheCurrentProjects()
{
    ProjectsView view(m_session.get());
    const QString c = example(QStringLiteral("vulnerable-c"));
    const QString py = example(QStringLiteral("vulnerable-python"));
    QVERIFY(m_session->addProject(c));
    QVERIFY(m_session->addProject(py));
    // The session made the last one current; the view selected it.
    QCOMPARE(view.tree()->selectionModel()->selectedRows().value(0).row(), view.model()->rowOf(py));

    // The analyst selects the other: it becomes current.
    QSignalSpy current(m_session.get(), &Session::currentProjectsChanged);
    view.tree()->selectionModel()->select(view.model()->index(view.model()->rowOf(c), 0),
                                          QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(m_session->currentProjects(), QStringList{c});
    QCOMPARE(current.size(), 1);

    // The session says both: the view follows, without echoing a change back.
    m_session->setCurrentProjects({c, py});
    QCOMPARE(view.tree()->selectionModel()->selectedRows().size(), 2);
    QCOMPARE(m_session->currentProjects(), (QStringList{c, py}));
    QCOMPARE(current.size(), 2);
}

void TestProjectsModel::removeWithDelete()
{
    ProjectsView view(m_session.get());
    view.resize(600, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QString c = example(QStringLiteral("vulnerable-c"));
    QVERIFY(m_session->addProject(c));
    QCOMPARE(view.removeAction()->shortcut(), QKeySequence(QKeySequence::Delete));
    QCOMPARE(view.removeAction()->shortcutContext(), Qt::WidgetWithChildrenShortcut);
    view.activateWindow();
    view.tree()->setFocus();
    QTRY_VERIFY(view.tree()->hasFocus());
    QTest::keyClick(view.tree(), Qt::Key_Delete);
    QCOMPARE(view.model()->rowCount(), 0);
    QVERIFY(m_session->projects().isEmpty());
    QVERIFY(m_session->currentProjects().isEmpty());
    QVERIFY(view.showsEmptyHint());
}

QTEST_MAIN(TestProjectsModel)
#include "tst_projectsmodel.moc"

#include "projectsview.h"

#include "common/localpaths.h"

#include "common/session.h"
#include "corpusdialog.h"
#include "projectsmodel.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMimeData>
#include <QStackedWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace ff::ui {

ProjectsView::ProjectsView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new ProjectsModel(session, this))
    , m_stack(new QStackedWidget(this))
    , m_hint(new QLabel(this))
    , m_tree(new QTreeView(this))
    , m_remove(new QAction(tr("Remove Project"), this))
    , m_corpus(new QAction(tr("Fuzzing &Corpus…"), this))
{
    setAcceptDrops(true);
    // Drops go to this view whichever child is under the cursor.
    m_tree->setAcceptDrops(false);
    m_tree->viewport()->setAcceptDrops(false);

    m_hint->setText(tr("Drop a project folder here, or File > Open Project (Ctrl+O)"));
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_hint->setEnabled(false); // greyed: a hint, not content

    m_tree->setModel(m_model);
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(ProjectsModel::Name, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(ProjectsModel::Workflows, QHeaderView::Stretch);
    m_tree->setToolTip(tr("Select one or several projects: the Workflows view runs on them"));

    m_stack->addWidget(m_hint);
    m_stack->addWidget(m_tree);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    m_remove->setShortcut(QKeySequence::Delete);
    m_remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_remove->setToolTip(tr("Close the selected projects (their files and history stay)"));
    connect(m_remove, &QAction::triggered, this, &ProjectsView::removeSelected);
    addAction(m_remove);
    m_tree->addAction(m_remove);
    m_corpus->setObjectName(QStringLiteral("corpusAction"));
    m_corpus->setToolTip(tr("The corpus the fuzzing campaigns of the current project keep: entries, size, "
                            "export, import, reset"));
    connect(m_corpus, &QAction::triggered, this, [this] {
        const QStringList current = m_session->currentProjects();
        if (!current.isEmpty())
            openCorpusDialog(current.first());
    });
    m_tree->addAction(m_corpus);

    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ProjectsView::selectionChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateState();
        followSession(m_session->currentProjects());
    });
    connect(session, &Session::currentProjectsChanged, this, &ProjectsView::followSession);
    connect(session, &Session::currentProjectsChanged, this, &ProjectsView::updateState);
    updateState();
    followSession(session->currentProjects());
}

bool ProjectsView::showsEmptyHint() const
{
    return m_stack->currentWidget() == m_hint;
}

void ProjectsView::updateState()
{
    const bool empty = m_model->rowCount() == 0;
    m_stack->setCurrentWidget(empty ? static_cast<QWidget *>(m_hint) : m_tree);
    m_remove->setEnabled(!empty);
    m_corpus->setEnabled(!m_session->currentProjects().isEmpty());
}

CorpusDialog *ProjectsView::openCorpusDialog(const QString &projectPath)
{
    auto *dialog = new CorpusDialog(m_session, projectPath, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void ProjectsView::selectionChanged()
{
    if (m_following)
        return;
    QStringList paths;
    const auto rows = m_tree->selectionModel()->selectedRows();
    for (const QModelIndex &i : rows)
        paths << m_model->pathAt(i.row());
    // An empty selection (a click on the blank area) keeps the current projects: the Workflows
    // view would otherwise lose its target for a stray click.
    if (!paths.isEmpty())
        m_session->setCurrentProjects(paths);
}

void ProjectsView::followSession(const QStringList &current)
{
    m_following = true;
    QItemSelection selection;
    for (const QString &path : current) {
        const int row = m_model->rowOf(path);
        if (row >= 0)
            selection.select(m_model->index(row, 0), m_model->index(row, ProjectsModel::ColumnCount - 1));
    }
    m_tree->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!selection.isEmpty())
        m_tree->selectionModel()->setCurrentIndex(selection.first().topLeft(), QItemSelectionModel::NoUpdate);
    m_following = false;
}

void ProjectsView::removeSelected()
{
    QStringList paths;
    const auto rows = m_tree->selectionModel()->selectedRows();
    for (const QModelIndex &i : rows)
        paths << m_model->pathAt(i.row());
    for (const QString &path : std::as_const(paths))
        m_session->removeProject(path);
}

void ProjectsView::dragEnterEvent(QDragEnterEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void ProjectsView::dragMoveEvent(QDragMoveEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void ProjectsView::dropEvent(QDropEvent *event)
{
    const QStringList paths = localPaths(event->mimeData());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    // Each path is checked by the session (problem() says why one is refused); the ones that
    // opened become the current projects together.
    QStringList opened;
    for (const QString &path : paths)
        if (m_session->addProject(path))
            opened << QFileInfo(path).canonicalFilePath();
    if (opened.size() > 1)
        m_session->setCurrentProjects(opened);
}

} // namespace ff::ui

#include "runsview.h"

#include "common/session.h"
#include "progressdelegate.h"
#include "runsmodel.h"
#include "terminallauncher.h"

#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProcess>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

namespace ff::ui {

using run::RunState;

RunsView::RunsView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new RunsModel(session, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_queueLabel(new QLabel(this))
    , m_message(new QLabel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RunsModel::SortRole);
    m_proxy->setDynamicSortFilter(true);

    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RunsModel::Started, Qt::DescendingOrder); // newest first
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(RunsModel::Workflow, QHeaderView::ResizeToContents);
    m_table->setColumnWidth(RunsModel::Progress, 140);
    m_table->setItemDelegateForColumn(RunsModel::Progress,
                                      new ProgressDelegate(RunsModel::ProgressRole, m_table));
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setObjectName(QStringLiteral("runsTable"));

    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    createActions();
    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addActions({m_cancel, m_rerun, m_openResults});
    toolbar->addSeparator();
    toolbar->addActions({m_openShell, m_copyDebug});
    toolbar->addSeparator();
    toolbar->addAction(m_pause);
    toolbar->addWidget(m_queueLabel);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(toolbar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunsView::selectionChanged);
    connect(m_table, &QTableView::doubleClicked, this, [this] { openResults(); });
    connect(m_table, &QTableView::customContextMenuRequested, this, &RunsView::showContextMenu);
    // What applies to the selection changes with the runs' states.
    connect(m_model, &QAbstractItemModel::dataChanged, this, &RunsView::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RunsView::updateActions);
    connect(session, &Session::queueChanged, this, [this](int queued, int running, bool paused) {
        const QSignalBlocker blocker(m_pause);
        m_pause->setChecked(paused);
        m_queueLabel->setText(paused ? tr("%1 queued, %2 running (paused)").arg(queued).arg(running)
                                     : tr("%1 queued, %2 running").arg(queued).arg(running));
    });
    connect(session, &Session::ready, this, &RunsView::updateActions);
    updateActions();
}

void RunsView::createActions()
{
    auto make = [this](const QString &text, const QString &tip, const QList<QKeySequence> &keys) {
        auto *a = new QAction(text, this);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        const QString shortcut = keys.isEmpty() ? QString() : keys.first().toString(QKeySequence::NativeText);
        a->setToolTip(shortcut.isEmpty() ? tip : tr("%1 (%2)").arg(tip, shortcut));
        addAction(a);
        return a;
    };
    m_cancel =
        make(tr("Cancel"), tr("Cancel the selected queued or running runs"), {QKeySequence(Qt::Key_Delete)});
    connect(m_cancel, &QAction::triggered, this, &RunsView::cancelSelected);
    m_rerun =
        make(tr("Re-run"), tr("Run the selected finished runs again (same workflow, project, parameters)"),
             {QKeySequence(Qt::CTRL | Qt::Key_R)});
    connect(m_rerun, &QAction::triggered, this, &RunsView::rerunSelected);
    m_openResults = make(tr("Open Results"), tr("Open the folder with the run's raw outputs and log"),
                         {QKeySequence(Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)});
    connect(m_openResults, &QAction::triggered, this, &RunsView::openResults);
    m_pause = make(tr("Pause Queue"), tr("Start no more queued runs (running ones go on)"),
                   {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Space)});
    m_pause->setCheckable(true);
    connect(m_pause, &QAction::toggled, this, &RunsView::setQueuePaused);
    m_openShell = make(tr("Open Shell"), tr("Open a terminal with a shell in the running run's container"),
                       {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T)});
    connect(m_openShell, &QAction::triggered, this, &RunsView::openShell);
    m_copyDebug = make(tr("Copy Debug Command"),
                       tr("Copy the docker exec command that opens a shell in the running run's container"),
                       {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)});
    connect(m_copyDebug, &QAction::triggered, this, &RunsView::copyDebugCommand);
}

QString RunsView::message() const
{
    return m_message->text();
}

void RunsView::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

QStringList RunsView::selectedRunIds() const
{
    QStringList ids;
    const auto rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &i : rows)
        ids << i.data(RunsModel::RunIdRole).toString();
    return ids;
}

void RunsView::selectRun(const QString &runId)
{
    const int row = m_model->rowOf(runId);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->setCurrentIndex(index);
}

int RunsView::singleSelectedRow() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.size() == 1 ? m_proxy->mapToSource(rows.first()).row() : -1;
}

void RunsView::selectionChanged()
{
    m_session->selectRuns(selectedRunIds());
    updateActions();
}

void RunsView::updateActions()
{
    bool anyActive = false;
    bool anyFinal = false;
    const auto rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &i : rows) {
        const bool final = i.data(RunsModel::FinalRole).toBool();
        anyFinal = anyFinal || final;
        anyActive = anyActive || (!final && i.data(RunsModel::LiveRole).toBool());
    }
    const bool ready = m_session->scheduler() != nullptr;
    m_cancel->setEnabled(ready && anyActive);
    m_rerun->setEnabled(ready && anyFinal);
    const int one = singleSelectedRow();
    m_openResults->setEnabled(one >= 0 && !m_model->rowAt(one).outputDir.isEmpty());
    const bool running = one >= 0 && m_model->rowAt(one).state == RunState::Running &&
                         !m_session->containerOf(m_model->rowAt(one).id).isEmpty();
    m_openShell->setEnabled(running);
    m_copyDebug->setEnabled(running);
    m_pause->setEnabled(ready);
}

void RunsView::cancelSelected()
{
    auto *s = m_session->scheduler();
    if (!s)
        return;
    QStringList errors;
    const QStringList ids = selectedRunIds();
    for (const QString &id : ids) {
        const RunRow *r = m_model->row(id);
        if (!r || run::isFinal(r->state) || !r->live)
            continue;
        if (Status st = s->cancel(id); !st)
            errors << st.error().message;
    }
    showMessage(errors.isEmpty() ? QString()
                                 : tr("Could not cancel: %1").arg(errors.join(QStringLiteral("; "))));
}

void RunsView::rerunSelected()
{
    auto *s = m_session->scheduler();
    if (!s)
        return;
    QStringList started;
    QStringList errors;
    const QStringList ids = selectedRunIds();
    for (const QString &id : ids) {
        const RunRow *r = m_model->row(id);
        if (!r || !run::isFinal(r->state))
            continue;
        auto again = s->rerun(id);
        if (!again && again.error().kind == Error::Kind::NotFound) {
            // Known only from the history (an earlier session): queued anew, same parameters.
            QMap<QString, QString> parameters;
            for (auto it = r->parameters.cbegin(); it != r->parameters.cend(); ++it)
                parameters.insert(r->workflowId + QLatin1Char('.') + it.key(), it.value());
            auto submitted = m_session->submit({r->projectPath}, {r->workflowId}, parameters);
            if (submitted)
                started << submitted.value();
            else
                errors << tr("%1: %2").arg(id, submitted.error().message);
            continue;
        }
        if (again)
            started << again.value();
        else
            errors << tr("%1: %2").arg(id, again.error().message);
    }
    if (!errors.isEmpty())
        showMessage(tr("Could not run again: %1").arg(errors.join(QStringLiteral("; "))));
    else
        showMessage(tr("Queued again as %n run(s): %1", nullptr, static_cast<int>(started.size()))
                        .arg(started.join(QStringLiteral(", "))));
}

void RunsView::openResults()
{
    const int one = singleSelectedRow();
    if (one < 0)
        return;
    const RunRow &r = m_model->rowAt(one);
    if (r.outputDir.isEmpty() || !QFileInfo(r.outputDir).isDir()) {
        showMessage(r.outputDir.isEmpty()
                        ? tr("Run %1 has no results folder.").arg(r.id)
                        : tr("The results folder of run %1 no longer exists: %2").arg(r.id, r.outputDir));
        return;
    }
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(r.outputDir)))
        showMessage(tr("No application opens %1; the folder is there to browse.").arg(r.outputDir));
}

void RunsView::setQueuePaused(bool paused)
{
    m_session->setQueuePaused(paused);
    showMessage(paused ? tr("The queue is paused: queued runs wait, running ones go on.") : QString());
}

QString RunsView::selectedContainer()
{
    const int one = singleSelectedRow();
    if (one < 0)
        return {};
    const QString container = m_session->containerOf(m_model->rowAt(one).id);
    if (container.isEmpty())
        showMessage(tr("Run %1 has no running container.").arg(m_model->rowAt(one).id));
    return container;
}

void RunsView::openShell()
{
    const QString container = selectedContainer();
    if (container.isEmpty())
        return;
    const QString command = Session::debugCommand(container);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The shell goes to the engine the session uses.
    if (!m_session->settings().dockerHost.isEmpty())
        env.insert(QStringLiteral("DOCKER_HOST"), m_session->settings().dockerHost);
    const auto terminal = TerminalLauncher::find(QProcess::splitCommand(command), env);
    QString error;
    if (terminal && TerminalLauncher::launch(*terminal, env, &error)) {
        showMessage(tr("Opened %1 with: %2").arg(QFileInfo(terminal->program).fileName(), command));
        return;
    }
    QGuiApplication::clipboard()->setText(command);
    const QString why = terminal
                            ? error
                            : tr("No terminal was found ($TERMINAL, x-terminal-emulator, gnome-terminal, "
                                 "konsole or xterm).");
    showMessage(tr("%1 The debug command is in the clipboard: %2").arg(why, command));
    auto *box = new QMessageBox(
        QMessageBox::Information, tr("Open Shell"),
        tr("%1\n\nThe command is in the clipboard; run it in a terminal:\n\n%2").arg(why, command),
        QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->open();
}

void RunsView::copyDebugCommand()
{
    const QString container = selectedContainer();
    if (container.isEmpty())
        return;
    const QString command = Session::debugCommand(container);
    QGuiApplication::clipboard()->setText(command);
    showMessage(tr("Copied: %1").arg(command));
}

void RunsView::showContextMenu(const QPoint &pos)
{
    QMenu menu(this);
    menu.addActions({m_cancel, m_rerun, m_openResults});
    menu.addSeparator();
    menu.addActions({m_openShell, m_copyDebug});
    menu.addSeparator();
    menu.addAction(m_pause);
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

} // namespace ff::ui

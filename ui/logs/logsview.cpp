#include "logsview.h"

#include "common/session.h"
#include "logview.h"
#include "storedlog.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ff::ui {

namespace {

QString titleOf(const QString &workflowName, const QString &projectPath)
{
    const QString folder = QFileInfo(projectPath).fileName();
    return folder.isEmpty() ? workflowName : workflowName + QStringLiteral(" · ") + folder;
}

// A run's log read back from the history, parsed on the worker that read it.
struct StoredLog
{
    bool found = false;
    QString error;
    QString workflow;
    QString projectPath;
    QList<docker::LogLine> lines;
    qint64 skipped = 0;
};

} // namespace

LogsView::LogsView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_tabs(new QTabWidget(this))
    , m_placeholder(new QLabel(this))
{
    setObjectName(QStringLiteral("logsView"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setElideMode(Qt::ElideMiddle);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &LogsView::closeTab);

    m_placeholder->setText(tr("The logs of runs appear here: start a run, or select one in the Runs or "
                              "History view."));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_placeholder);
    layout->addWidget(m_tabs);

    auto *close = new QAction(tr("Close Log Tab"), this);
    // Ctrl+W everywhere, whatever else the platform binds to Close (Ctrl+F4).
    QList<QKeySequence> keys = QKeySequence::keyBindings(QKeySequence::Close);
    if (!keys.contains(QKeySequence(Qt::CTRL | Qt::Key_W)))
        keys.prepend(QKeySequence(Qt::CTRL | Qt::Key_W));
    close->setShortcuts(keys);
    close->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    close->setToolTip(tr("Close the current log tab"));
    connect(close, &QAction::triggered, this, [this] {
        if (m_tabs->currentIndex() >= 0)
            closeTab(m_tabs->currentIndex());
    });
    addAction(close);

    connect(session, &Session::runQueued, this, &LogsView::runQueued);
    connect(session, &Session::runCreated, this, [this](run::WorkflowRun *r) {
        if (const auto info = m_session->runInfo(r->spec().runId))
            runQueued(*info);
    });
    connect(session, &Session::runFinished, this,
            [this](const run::RunResult &result) { m_live.remove(result.runId); });
    connect(session, &Session::logLines, this, &LogsView::linesArrived);
    connect(session, &Session::runSelectionChanged, this, &LogsView::selectionChanged);
    // Unless the analyst picked runs to look at, the run that has just started is shown.
    // Unless the analyst picked runs to look at, a run that is working is shown: the one that
    // has just started when the shown one is over, another live one when the shown one ends.
    connect(session, &Session::runStateChanged, this,
            [this](const QString &runId, run::RunState state, const QString &) {
                if (state == run::RunState::Running)
                    m_running.insert(runId);
                else if (run::isFinal(state))
                    m_running.remove(runId);
                if (!m_session->selectedRuns().isEmpty())
                    return;
                const QString shown = runIdAt(m_tabs->currentIndex());
                if (state == run::RunState::Running && (shown == runId || !m_running.contains(shown))) {
                    if (LogView *view = m_views.value(runId))
                        m_tabs->setCurrentWidget(view);
                } else if (run::isFinal(state) && runId == shown) {
                    for (int i = m_tabs->count() - 1; i >= 0; --i)
                        if (m_running.contains(runIdAt(i))) {
                            m_tabs->setCurrentIndex(i);
                            break;
                        }
                }
            });
    updatePlaceholder();
}

LogView *LogsView::viewFor(const QString &runId) const
{
    return m_views.value(runId);
}

QString LogsView::runIdAt(int index) const
{
    QWidget *w = m_tabs->widget(index);
    return w ? w->property("runId").toString() : QString();
}

LogView *LogsView::addTab(const QString &runId, const QString &title, const QString &tooltip)
{
    auto *view = new LogView(m_session->settings().logBufferLines, m_tabs);
    view->setProperty("runId", runId);
    view->setSuggestedFileName(QString(title).replace(QStringLiteral(" · "), QStringLiteral("-")) +
                               QLatin1Char('-') + runId + QStringLiteral(".log"));
    const int index = m_tabs->addTab(view, title);
    m_tabs->setTabToolTip(index, tooltip);
    m_views.insert(runId, view);
    updatePlaceholder();
    return view;
}

void LogsView::runQueued(const RunInfo &info)
{
    m_live.insert(info.runId);
    if (m_views.value(info.runId))
        return;
    addTab(info.runId, titleOf(info.workflowName, info.projectPath),
           tr("%1 on %2\nRun %3")
               .arg(info.workflowName, QDir::toNativeSeparators(info.projectPath), info.runId));
}

void LogsView::linesArrived(const QString &runId, const QList<docker::LogLine> &lines)
{
    LogView *view = m_views.value(runId);
    if (!view)
        return; // its tab was closed
    // The buffer's size is a setting that can change while runs go.
    const int capacity = m_session->settings().logBufferLines;
    if (capacity != view->capacity())
        view->setCapacity(capacity);
    view->appendLines(lines);
}

LogView *LogsView::openRun(const QString &runId, bool raise)
{
    LogView *view = m_views.value(runId);
    if (!view) {
        const auto info = m_session->runInfo(runId);
        view = addTab(runId, info ? titleOf(info->workflowName, info->projectPath) : runId,
                      info ? tr("%1 on %2\nRun %3")
                                 .arg(info->workflowName, QDir::toNativeSeparators(info->projectPath), runId)
                           : tr("Run %1").arg(runId));
        const bool live = m_live.contains(runId) || !m_session->containerOf(runId).isEmpty();
        if (live)
            view->setNotice(tr("This tab was opened while the run was under way: earlier lines are in "
                               "the history once it has finished."));
        else
            loadFromHistory(runId, view);
    }
    if (raise)
        m_tabs->setCurrentWidget(view);
    return view;
}

void LogsView::selectionChanged(const QStringList &runIds)
{
    const QStringList opened = runIds.mid(0, kMaxOpenedPerSelection);
    // The first selected run ends up in front.
    for (auto it = opened.crbegin(); it != opened.crend(); ++it)
        openRun(*it, true);
}

void LogsView::loadFromHistory(const QString &runId, LogView *view)
{
    const quint64 generation = view->beginLoad();
    // Before the read: its answer may come at once.
    view->setNotice(tr("Reading the log from the history…"));
    const int capacity = m_session->settings().logBufferLines;
    const QPointer<LogView> target(view);
    const bool started = m_session->read<StoredLog>(
        view,
        [runId, capacity](const storage::Store &store) {
            StoredLog out;
            if (const auto record = store.run(runId)) {
                out.workflow = record->workflow;
                out.projectPath = record->projectPath;
            }
            const auto stored = store.log(runId);
            if (!stored) {
                if (stored.error().kind != Error::Kind::NotFound)
                    out.error = stored.error().message;
                return out;
            }
            out.found = true;
            out.lines = parseStoredLog(stored.value(), capacity, &out.skipped);
            return out;
        },
        [this, target, runId, generation](const StoredLog &stored) {
            if (!target || !target->isCurrentLoad(generation))
                return;
            if (!stored.workflow.isEmpty()) {
                const auto *manifest = m_session->catalogue().find(stored.workflow);
                const QString title =
                    titleOf(manifest ? manifest->name : stored.workflow, stored.projectPath);
                const int index = m_tabs->indexOf(target);
                m_tabs->setTabText(index, title);
                m_tabs->setTabToolTip(
                    index,
                    tr("%1 on %2\nRun %3").arg(title, QDir::toNativeSeparators(stored.projectPath), runId));
            }
            if (!stored.error.isEmpty()) {
                target->setNotice(tr("The log could not be read from the history: %1").arg(stored.error));
                return;
            }
            if (!stored.found) {
                target->setNotice(tr("The history keeps no log for this run."));
                return;
            }
            // Live lines that came meanwhile are newer than anything stored: they stay.
            if (target->lineCount() > 0)
                return;
            target->setNotice({});
            target->setLines(stored.lines, stored.skipped);
        });
    if (!started)
        view->setNotice(tr("There is no history database: the log of a finished run cannot be read."));
}

void LogsView::closeTab(int index)
{
    QWidget *w = m_tabs->widget(index);
    if (!w)
        return;
    m_views.remove(w->property("runId").toString());
    m_tabs->removeTab(index);
    w->deleteLater();
    updatePlaceholder();
}

void LogsView::updatePlaceholder()
{
    const bool empty = m_tabs->count() == 0;
    m_placeholder->setVisible(empty);
    m_tabs->setVisible(!empty);
}

} // namespace ff::ui

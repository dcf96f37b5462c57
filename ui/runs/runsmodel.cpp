#include "runsmodel.h"

#include "common/session.h"

#include <QColor>
#include <QJsonObject>
#include <QLocale>

namespace ff::ui {

using run::RunState;

RunsModel::RunsModel(Session *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &RunsModel::tick);
    connect(session, &Session::runQueued, this, &RunsModel::onQueued);
    connect(session, &Session::runCreated, this, &RunsModel::onCreated);
    connect(session, &Session::runStateChanged, this, &RunsModel::onState);
    connect(session, &Session::runFinished, this, &RunsModel::onFinished);
    connect(session, &Session::imageProgress, this, &RunsModel::onImage);
    // The history database opens after the session is made: read it once it is there.
    connect(session, &Session::ready, this, &RunsModel::reloadHistory);
    if (session->isReady())
        reloadHistory();
}

int RunsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RunsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunsModel::stateLabel(RunState state)
{
    switch (state) {
    case RunState::Queued:
        return tr("Queued");
    case RunState::Preparing:
        return tr("Preparing");
    case RunState::Running:
        return tr("Running");
    case RunState::Collecting:
        return tr("Collecting");
    case RunState::Succeeded:
        return tr("Succeeded");
    case RunState::Failed:
        return tr("Failed");
    case RunState::Cancelled:
        return tr("Cancelled");
    case RunState::TimedOut:
        return tr("Timed out");
    case RunState::Dead:
        return tr("Dead");
    case RunState::Lost:
        return tr("Lost");
    }
    return {};
}

QColor RunsModel::stateColor(RunState state)
{
    switch (state) {
    case RunState::Queued:
        return QColor(0x75, 0x75, 0x75);
    case RunState::Preparing:
    case RunState::Running:
    case RunState::Collecting:
        return QColor(0x15, 0x65, 0xc0);
    case RunState::Succeeded:
        return QColor(0x2e, 0x7d, 0x32);
    case RunState::Cancelled:
        return QColor(0x8d, 0x6e, 0x63);
    case RunState::Failed:
    case RunState::TimedOut:
    case RunState::Dead:
    case RunState::Lost:
        return QColor(0xc6, 0x28, 0x28);
    }
    return {};
}

QString RunsModel::formatDuration(qint64 seconds)
{
    if (seconds < 0)
        return {};
    if (seconds < 3600)
        return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600)
        .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

int RunsModel::progressOf(const RunRow &r) const
{
    if (run::isFinal(r.state))
        return 100;
    switch (r.state) {
    case RunState::Queued:
        return 0;
    case RunState::Preparing:
        return r.totalSteps > 0 ? std::clamp(100 * r.step / r.totalSteps, 0, 100) : -1;
    case RunState::Running: {
        if (r.timeoutSeconds <= 0 || !r.started.isValid())
            return -1;
        const qint64 elapsed = r.started.secsTo(QDateTime::currentDateTimeUtc());
        return static_cast<int>(std::clamp<qint64>(100 * elapsed / r.timeoutSeconds, 0, 99));
    }
    default:
        return -1; // collecting: the results are copied out
    }
}

qint64 RunsModel::durationOf(const RunRow &r) const
{
    const QDateTime from = r.started.isValid() ? r.started : r.submitted;
    if (!from.isValid())
        return -1;
    if (run::isFinal(r.state))
        return r.finished.isValid() ? std::max<qint64>(0, from.secsTo(r.finished)) : -1;
    if (r.state == RunState::Queued)
        return -1; // waiting is not a duration
    return std::max<qint64>(0, from.secsTo(QDateTime::currentDateTimeUtc()));
}

QVariant RunsModel::display(const RunRow &r, int column) const
{
    switch (column) {
    case State:
        return stateLabel(r.state);
    case Workflow:
        return r.workflowName.isEmpty() ? r.workflowId : r.workflowName;
    case Project:
        return r.projectPath.section(QLatin1Char('/'), -1);
    case Progress: {
        const int p = progressOf(r);
        if (r.state == RunState::Preparing && r.totalSteps > 0)
            return tr("image %1/%2").arg(r.step).arg(r.totalSteps);
        return p < 0 ? QVariant() : QVariant(tr("%1%").arg(p));
    }
    case Duration:
        return formatDuration(durationOf(r));
    case Findings:
        return r.findings < 0 ? QVariant() : QVariant(r.findings);
    case Attempts:
        return r.attempts > 0 ? QVariant(r.attempts) : QVariant();
    case Started:
        return r.submitted.isValid() ? QLocale().toString(r.submitted.toLocalTime(), QLocale::ShortFormat)
                                     : QString();
    case Run:
        return r.id;
    default:
        return {};
    }
}

QVariant RunsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunRow &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(r, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Project)
            return r.projectPath;
        if (!r.detail.isEmpty())
            return r.detail; // the error of a failed run, the step of a live one
        return {};
    case Qt::ForegroundRole:
        return index.column() == State ? QVariant(stateColor(r.state)) : QVariant();
    case Qt::DecorationRole:
        if (index.column() != State)
            return {};
        return stateColor(r.state);
    case Qt::TextAlignmentRole:
        return index.column() == Findings || index.column() == Attempts || index.column() == Duration
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case RunIdRole:
        return r.id;
    case StateRole:
        return static_cast<int>(r.state);
    case ProgressRole:
        return progressOf(r);
    case OutputDirRole:
        return r.outputDir;
    case ProjectRole:
        return r.projectPath;
    case WorkflowIdRole:
        return r.workflowId;
    case LiveRole:
        return r.live;
    case FinalRole:
        return run::isFinal(r.state);
    case ParametersRole: {
        QVariantMap m;
        for (auto it = r.parameters.cbegin(); it != r.parameters.cend(); ++it)
            m.insert(it.key(), it.value());
        return m;
    }
    case DurationRole:
        return durationOf(r);
    case SortRole:
        switch (index.column()) {
        case Progress:
            return progressOf(r);
        case Duration:
            return durationOf(r);
        case Findings:
            return r.findings;
        case Attempts:
            return r.attempts;
        case Started:
            return r.submitted.toMSecsSinceEpoch();
        default:
            return display(r, index.column());
        }
    default:
        return {};
    }
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case State:
        return tr("State");
    case Workflow:
        return tr("Workflow");
    case Project:
        return tr("Project");
    case Progress:
        return tr("Progress");
    case Duration:
        return tr("Duration");
    case Findings:
        return tr("Findings");
    case Attempts:
        return tr("Attempts");
    case Started:
        return tr("Started");
    case Run:
        return tr("Run");
    default:
        return {};
    }
}

bool RunsModel::reloadHistory()
{
    const quint64 generation = ++m_generation;
    return m_session->read<Result<QList<storage::RunRecord>>>(
        this, [](const storage::Store &s) { return s.runs(); },
        [this, generation](const Result<QList<storage::RunRecord>> &records) {
            if (generation != m_generation)
                return; // a newer read is on its way
            if (!records) {
                Q_EMIT m_session->problem(
                    tr("The run history cannot be read: %1").arg(records.error().message),
                    tr("Runs of this session are still shown."));
                return;
            }
            setHistory(records.value());
        });
}

void RunsModel::setHistory(const QList<storage::RunRecord> &records)
{
    beginResetModel();
    m_rows.removeIf([](const RunRow &r) { return !r.live; });
    reindex();
    for (const storage::RunRecord &rec : records) {
        if (m_index.contains(rec.id))
            continue; // the live row wins
        RunRow r;
        r.id = rec.id;
        r.workflowId = rec.workflow;
        if (const auto *wf = m_session->catalogue().find(rec.workflow))
            r.workflowName = wf->name;
        r.projectPath = rec.projectPath;
        r.state = run::parseState(rec.state).value_or(RunState::Lost);
        r.detail = rec.error;
        r.outputDir = rec.outputDir;
        for (auto it = rec.parameters.constBegin(); it != rec.parameters.constEnd(); ++it)
            r.parameters.insert(it.key(), it.value().toString());
        r.attempts = rec.attempts;
        r.findings = run::isFinal(r.state) ? rec.findingCount : -1;
        r.submitted = rec.submitted;
        r.started = rec.started;
        r.finished = rec.finished;
        m_index.insert(r.id, static_cast<int>(m_rows.size()));
        m_rows << r;
    }
    endResetModel();
    updateTicking();
    Q_EMIT historyLoaded(static_cast<int>(records.size()));
}

const RunRow *RunsModel::row(const QString &runId) const
{
    const int i = rowOf(runId);
    return i < 0 ? nullptr : &m_rows.at(i);
}

void RunsModel::reindex()
{
    m_index.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_index.insert(m_rows.at(i).id, i);
}

void RunsModel::fillFromSession(RunRow &r) const
{
    if (const auto info = m_session->runInfo(r.id)) {
        r.workflowId = info->workflowId;
        r.workflowName = info->workflowName;
        r.projectPath = info->projectPath;
        r.timeoutSeconds = info->timeoutSeconds;
        if (!r.submitted.isValid())
            r.submitted = info->queuedAt;
        return;
    }
    // A run the scheduler queued on its own (a re-run): its spec is in the queue.
    if (const auto *s = m_session->scheduler()) {
        const auto queue = s->queue();
        for (const scheduler::Entry &e : queue)
            if (e.spec.runId == r.id) {
                r.workflowId = e.spec.workflow.id;
                r.workflowName = e.spec.workflow.name;
                r.projectPath = e.spec.projectPath;
                r.timeoutSeconds = e.spec.workflow.resources.timeoutSeconds;
                r.outputDir = e.spec.outputDir;
                r.parameters = e.spec.parameters;
                r.submitted = e.queuedAt;
                return;
            }
    }
}

int RunsModel::liveRow(const QString &id)
{
    const int existing = rowOf(id);
    if (existing >= 0 && m_rows.at(existing).live)
        return existing;
    RunRow r;
    r.id = id;
    r.live = true;
    r.submitted = QDateTime::currentDateTimeUtc();
    fillFromSession(r);
    if (existing >= 0) {
        // The stored twin (a recovered run) becomes live; what the store knew stays.
        RunRow &old = m_rows[existing];
        old.live = true;
        if (old.workflowName.isEmpty())
            old.workflowName = r.workflowName;
        if (old.timeoutSeconds == 0)
            old.timeoutSeconds = r.timeoutSeconds;
        changed(existing);
        return existing;
    }
    const int at = static_cast<int>(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows << r;
    m_index.insert(id, at);
    endInsertRows();
    return at;
}

void RunsModel::changed(int row, int firstColumn, int lastColumn)
{
    Q_EMIT dataChanged(index(row, firstColumn), index(row, lastColumn));
}

void RunsModel::onQueued(const RunInfo &info)
{
    const int i = liveRow(info.runId);
    RunRow &r = m_rows[i];
    r.workflowId = info.workflowId;
    r.workflowName = info.workflowName;
    r.projectPath = info.projectPath;
    r.timeoutSeconds = info.timeoutSeconds;
    if (info.queuedAt.isValid())
        r.submitted = info.queuedAt;
    changed(i);
}

void RunsModel::onCreated(run::WorkflowRun *run)
{
    if (!run)
        return;
    const auto &spec = run->spec();
    const int i = liveRow(spec.runId);
    RunRow &r = m_rows[i];
    r.outputDir = spec.outputDir;
    r.parameters = spec.parameters;
    r.attempts = spec.attempt;
    if (r.timeoutSeconds == 0)
        r.timeoutSeconds = spec.workflow.resources.timeoutSeconds;
    if (r.workflowId.isEmpty()) {
        r.workflowId = spec.workflow.id;
        r.workflowName = spec.workflow.name;
        r.projectPath = spec.projectPath;
    }
    changed(i);
}

void RunsModel::onState(const QString &id, RunState state, const QString &detail)
{
    const int i = liveRow(id);
    RunRow &r = m_rows[i];
    r.state = state;
    r.detail = detail;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (state == RunState::Queued) {
        r.started = {}; // a retry waits again
        r.step = r.totalSteps = 0;
    }
    if (state == RunState::Running && !r.started.isValid())
        r.started = now;
    if (run::isFinal(state) && !r.finished.isValid())
        r.finished = now;
    changed(i);
    updateTicking();
}

void RunsModel::onFinished(const run::RunResult &result)
{
    const int i = liveRow(result.runId);
    RunRow &r = m_rows[i];
    r.state = result.state;
    r.detail = result.error;
    r.findings = static_cast<int>(result.findings.size());
    r.attempts = std::max(result.attempts, 1);
    if (!result.outputDir.isEmpty())
        r.outputDir = result.outputDir;
    if (!result.parameters.isEmpty())
        r.parameters = result.parameters;
    if (result.containerRunning.isValid())
        r.started = result.containerRunning;
    r.finished = result.finished.isValid() ? result.finished : QDateTime::currentDateTimeUtc();
    if (r.workflowId.isEmpty()) {
        r.workflowId = result.workflowId;
        r.projectPath = result.projectPath;
    }
    changed(i);
    updateTicking();
}

void RunsModel::onImage(const QString &id, const docker::ProgressEvent &event)
{
    if (event.kind != docker::ProgressEvent::Kind::Step || event.totalSteps <= 0)
        return;
    const int i = rowOf(id);
    if (i < 0)
        return;
    RunRow &r = m_rows[i];
    r.step = event.step;
    r.totalSteps = event.totalSteps;
    changed(i, Progress, Progress);
}

void RunsModel::updateTicking()
{
    const bool active = std::any_of(m_rows.cbegin(), m_rows.cend(), [](const RunRow &r) {
        return r.state != RunState::Queued && !run::isFinal(r.state);
    });
    if (active && !m_tick.isActive())
        m_tick.start();
    else if (!active)
        m_tick.stop();
}

void RunsModel::tick()
{
    // One signal for every ticking row: the span from the first to the last of them.
    int first = -1;
    int last = -1;
    for (int i = 0; i < m_rows.size(); ++i) {
        const RunState s = m_rows.at(i).state;
        if (s == RunState::Queued || run::isFinal(s))
            continue;
        if (first < 0)
            first = i;
        last = i;
    }
    if (first < 0) {
        m_tick.stop();
        return;
    }
    static_assert(Duration == Progress + 1, "the ticking columns are adjacent");
    Q_EMIT dataChanged(index(first, Progress), index(last, Duration),
                       {Qt::DisplayRole, ProgressRole, DurationRole, SortRole});
}

} // namespace ff::ui

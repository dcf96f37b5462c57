#include "exportrunlist.h"

#include "common/session.h"
#include "runs/runsmodel.h"

#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QSet>
#include <QVBoxLayout>

namespace ff::ui {

namespace {
constexpr int kRunIdRole = Qt::UserRole;
} // namespace

ExportRunList::ExportRunList(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_list(new QListWidget(this))
    , m_selection(new QLabel(this))
{
    m_list->setObjectName(QStringLiteral("exportRuns"));
    m_list->setUniformItemSizes(true);
    m_list->setMinimumHeight(m_list->fontMetrics().height() * 7);
    m_selection->setObjectName(QStringLiteral("exportSelection"));
    m_selection->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_selection);
    layout->addWidget(m_list, 1);
    connect(m_list, &QListWidget::itemChanged, this, &ExportRunList::changed);
}

void ExportRunList::load(const QStringList &runIds, const QStringList &projects)
{
    m_fixed = false;
    m_selection->hide();
    read(runIds, projects);
}

void ExportRunList::loadSelection(const QStringList &runIds, int findingCount)
{
    m_fixed = true;
    // Plural forms spelled out: they must read right without a translation loaded.
    m_selection->setText(findingCount == 1 ? tr("1 selected finding")
                                           : tr("%1 selected findings").arg(findingCount));
    m_selection->show();
    read(runIds, {});
}

void ExportRunList::read(const QStringList &runIds, const QStringList &projects)
{
    const quint64 generation = ++m_generation;
    m_loading = true;
    m_problem.clear();
    m_list->clear();
    m_runs.clear();
    const bool started = m_session->read<Result<QList<storage::RunRecord>>>(
        this, [](const storage::Store &store) { return store.runs(); },
        [this, generation, runIds, projects](const Result<QList<storage::RunRecord>> &runs) {
            if (generation != m_generation)
                return;
            m_loading = false;
            if (!runs)
                m_problem = tr("The history cannot be read: %1").arg(runs.error().message);
            else
                fill(runs.value(), runIds, projects);
            Q_EMIT changed();
        });
    if (!started) {
        m_loading = false;
        m_problem = tr("There is no history database: only recorded runs can be exported.");
        Q_EMIT changed();
    }
}

void ExportRunList::fill(const QList<storage::RunRecord> &runs, const QStringList &check,
                         const QStringList &projects)
{
    const QSet<QString> wanted(check.cbegin(), check.cend());
    QStringList checked;
    for (const auto &r : runs) {
        // A run still under way has no findings yet; a selection lists only its own runs.
        const auto state = run::parseState(r.state);
        if (m_fixed ? !wanted.contains(r.id) : (!state || !run::isFinal(*state)))
            continue;
        m_runs << r;
        if (wanted.contains(r.id))
            checked << r.id;
    }
    if (checked.isEmpty() && !m_fixed) {
        // The latest run of each workflow on each project (the history is newest first).
        QSet<QString> seen;
        for (const auto &r : std::as_const(m_runs)) {
            if (!projects.isEmpty() && !projects.contains(r.projectPath))
                continue;
            const QString key = r.projectPath + QLatin1Char('\n') + r.workflow;
            if (!seen.contains(key)) {
                seen.insert(key);
                checked << r.id;
            }
        }
    }
    const QSignalBlocker block(m_list);
    for (const auto &r : std::as_const(m_runs)) {
        const auto state = run::parseState(r.state);
        const QString findings =
            r.findingCount == 1 ? tr("1 finding") : tr("%1 findings").arg(r.findingCount);
        QString text =
            tr("%1 on %2, %3, %4")
                .arg(r.workflow, QFileInfo(r.projectPath).fileName(),
                     QLocale().toString(r.submitted.toLocalTime(), QLocale::ShortFormat), findings);
        if (state && *state != run::RunState::Succeeded)
            text += QStringLiteral(" (") + RunsModel::stateLabel(*state) + QLatin1Char(')');
        auto *item = new QListWidgetItem(text, m_list);
        item->setData(kRunIdRole, r.id);
        item->setToolTip(tr("Run %1\n%2").arg(r.id, r.projectPath));
        item->setFlags(m_fixed ? Qt::ItemIsEnabled : Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(r.id) ? Qt::Checked : Qt::Unchecked);
    }
}

QStringList ExportRunList::checkedRuns() const
{
    QStringList ids;
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->checkState() == Qt::Checked)
            ids << m_list->item(i)->data(kRunIdRole).toString();
    return ids;
}

void ExportRunList::setChecked(const QStringList &runIds)
{
    if (m_fixed)
        return;
    {
        const QSignalBlocker block(m_list);
        for (int i = 0; i < m_list->count(); ++i) {
            QListWidgetItem *item = m_list->item(i);
            item->setCheckState(runIds.contains(item->data(kRunIdRole).toString()) ? Qt::Checked
                                                                                   : Qt::Unchecked);
        }
    }
    Q_EMIT changed();
}

QString ExportRunList::projectName() const
{
    const QStringList ids = checkedRuns();
    QString project;
    for (const auto &r : m_runs) {
        if (!ids.contains(r.id))
            continue;
        if (!project.isEmpty() && project != r.projectPath)
            return {};
        project = r.projectPath;
    }
    return QFileInfo(project).fileName();
}

QString ExportRunList::selectionText() const
{
    return m_fixed ? m_selection->text() : QString();
}

} // namespace ff::ui

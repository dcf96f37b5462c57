#include "historyview.h"

#include "common/session.h"
#include "comparepane.h"
#include "historyfilter.h"
#include "historymodel.h"
#include "runsmodel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace ff::ui {

using run::RunState;

namespace {

// The store's diff keeps to one project; across two, findings are matched by fingerprint here.
Result<storage::RunDiff> diffAcrossProjects(const storage::Store &s, const QString &runA, const QString &runB)
{
    auto a = s.findings(runA);
    if (!a)
        return a.error();
    auto b = s.findings(runB);
    if (!b)
        return b.error();
    QSet<QString> inA;
    QSet<QString> inB;
    for (const auto &f : a.value())
        inA.insert(f.fingerprint);
    for (const auto &f : b.value())
        inB.insert(f.fingerprint);
    storage::RunDiff d;
    for (const auto &f : b.value()) {
        if (inA.contains(f.fingerprint))
            ++d.unchanged;
        else
            d.added << f;
    }
    for (const auto &f : a.value())
        if (!inB.contains(f.fingerprint))
            d.fixed << f;
    return d;
}

} // namespace

HistoryView::HistoryView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new HistoryModel(this))
    , m_filter(new HistoryFilter(this))
    , m_table(new QTableView(this))
    , m_project(new QComboBox(this))
    , m_state(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_regex(new QCheckBox(tr("Regex"), this))
    , m_debounce(new QTimer(this))
    , m_compare(new ComparePane(this))
    , m_message(new QLabel(this))
{
    m_filter->setSourceModel(m_model);
    m_table->setModel(m_filter);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(HistoryModel::Submitted, Qt::DescendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_project->setToolTip(tr("Show the runs of one project"));
    m_project->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_state->setToolTip(tr("Show the runs that ended in one state"));
    m_state->addItem(tr("All states"), QString());
    for (RunState s :
         {RunState::Succeeded, RunState::Failed, RunState::Cancelled, RunState::TimedOut, RunState::Dead,
          RunState::Lost, RunState::Queued, RunState::Preparing, RunState::Running, RunState::Collecting})
        m_state->addItem(RunsModel::stateLabel(s), run::stateName(s));
    m_text->setPlaceholderText(tr("Filter by workflow or run id"));
    m_text->setClearButtonEnabled(true);
    m_text->setToolTip(tr("Text in the workflow or the run id (a regular expression with Regex)"));
    m_regex->setToolTip(tr("Read the filter text as a regular expression"));
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    fillProjects();

    m_compareAction = new QAction(tr("Compare"), this);
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_compareAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_compareAction->setToolTip(tr("Compare the two selected runs: what the newer one fixed and added (%1)")
                                    .arg(m_compareAction->shortcut().toString(QKeySequence::NativeText)));
    addAction(m_compareAction);
    connect(m_compareAction, &QAction::triggered, this, &HistoryView::compareSelected);
    m_refresh = new QAction(tr("Refresh"), this);
    m_refresh->setShortcut(QKeySequence(Qt::Key_F5));
    m_refresh->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_refresh->setToolTip(tr("Read the history again (F5)"));
    addAction(m_refresh);
    connect(m_refresh, &QAction::triggered, this, [this] { reload(); });
    auto *compareButton = new QToolButton(this);
    compareButton->setDefaultAction(m_compareAction);
    auto *refreshButton = new QToolButton(this);
    refreshButton->setDefaultAction(m_refresh);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_project);
    filters->addWidget(m_state);
    filters->addWidget(m_text, 1);
    filters->addWidget(m_regex);
    filters->addWidget(compareButton);
    filters->addWidget(refreshButton);

    m_compare->hide();
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_compare);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    m_message->setWordWrap(true);
    m_message->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_message);

    connect(m_project, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setProject(m_project->currentData().toString()); });
    connect(m_state, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setState(m_state->currentData().toString()); });
    connect(m_text, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_regex, &QCheckBox::toggled, this, &HistoryView::applyText);
    connect(m_debounce, &QTimer::timeout, this, &HistoryView::applyText);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &HistoryView::selectionChanged);
    connect(m_compare, &ComparePane::closeRequested, this, [this] {
        m_compare->clear();
        m_compare->hide();
    });
    auto load = [this] {
        if (!reload())
            showMessage(tr("There is no history database: past runs cannot be listed. Check the database "
                           "URL in Settings and restart."));
    };
    connect(session, &Session::ready, this, load);
    connect(session, &Session::runFinished, this, [this] { reload(); });
    if (session->isReady())
        load();
    selectionChanged();
}

QString HistoryView::message() const
{
    return m_message->text();
}

void HistoryView::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

bool HistoryView::reload()
{
    const quint64 generation = ++m_generation;
    storage::Store *store = m_session->store();
    return m_session->read<Result<QList<storage::RunRecord>>>(
        this,
        [store](const storage::Store &s) {
            // A run that just finished is recorded by the writer: wait for it (on this worker).
            store->writer().flush();
            return s.runs();
        },
        [this, generation](const Result<QList<storage::RunRecord>> &runs) {
            if (generation != m_generation)
                return;
            if (!runs) {
                showMessage(tr("The history cannot be read: %1").arg(runs.error().message));
                return;
            }
            const QStringList selected = selectedRunIds();
            m_model->setRuns(runs.value());
            fillProjects();
            selectRuns(selected);
            Q_EMIT loaded(static_cast<int>(runs->size()));
        });
}

void HistoryView::fillProjects()
{
    const QString current = m_project->currentData().toString();
    const QSignalBlocker blocker(m_project);
    m_project->clear();
    m_project->addItem(tr("All projects"), QString());
    const QStringList projects = m_model->projects();
    for (const QString &p : projects)
        m_project->addItem(p.section(QLatin1Char('/'), -1), p);
    for (int i = 0; i < m_project->count(); ++i)
        m_project->setItemData(i, m_project->itemData(i), Qt::ToolTipRole);
    const int keep = m_project->findData(current);
    m_project->setCurrentIndex(keep < 0 ? 0 : keep);
    if (keep < 0)
        m_filter->setProject({});
}

void HistoryView::applyText()
{
    m_debounce->stop();
    if (!m_filter->setText(m_text->text(), m_regex->isChecked()))
        showMessage(tr("Not a valid regular expression: %1").arg(m_text->text()));
    else
        showMessage({});
}

QStringList HistoryView::selectedRunIds() const
{
    QStringList ids;
    const auto rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &i : rows)
        ids << i.data(HistoryModel::RunIdRole).toString();
    return ids;
}

void HistoryView::selectRuns(const QStringList &runIds)
{
    QItemSelection selection;
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        const QModelIndex i = m_filter->index(row, 0);
        if (runIds.contains(i.data(HistoryModel::RunIdRole).toString()))
            selection.select(i, i);
    }
    m_table->selectionModel()->select(selection,
                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void HistoryView::selectionChanged()
{
    const QStringList ids = selectedRunIds();
    m_compareAction->setEnabled(ids.size() == 2);
    if (!ids.isEmpty())
        m_session->selectRuns(ids);
}

void HistoryView::compareSelected()
{
    const QStringList ids = selectedRunIds();
    if (ids.size() != 2) {
        showMessage(tr("Select exactly two runs to compare."));
        return;
    }
    const storage::RunRecord *first = m_model->run(ids.at(0));
    const storage::RunRecord *second = m_model->run(ids.at(1));
    if (!first || !second)
        return;
    // A is the older run: "fixed" is what B no longer has.
    const bool firstIsOlder = first->submitted < second->submitted ||
                              (first->submitted == second->submitted && first->id < second->id);
    const storage::RunRecord a = firstIsOlder ? *first : *second;
    const storage::RunRecord b = firstIsOlder ? *second : *first;
    const QString warning =
        a.projectPath == b.projectPath
            ? QString()
            : tr("The two runs belong to different projects (%1 and %2): findings are matched by "
                 "fingerprint, so most will show as fixed and new.")
                  .arg(a.projectPath, b.projectPath);
    m_compare->clear();
    m_compare->show();
    // Set before the read: its answer can come at once (a read that ends before it is chained).
    m_compare->setNotice(warning.isEmpty() ? tr("Comparing…") : warning);
    const quint64 generation = ++m_compareGeneration;
    const bool started = m_session->read<Result<storage::RunDiff>>(
        this,
        [ida = a.id, idb = b.id, sameProject = warning.isEmpty()](const storage::Store &s) {
            return sameProject ? s.diff(ida, idb) : diffAcrossProjects(s, ida, idb);
        },
        [this, generation, a, b, warning](const Result<storage::RunDiff> &diff) {
            if (generation != m_compareGeneration)
                return;
            if (!diff) {
                m_compare->setNotice(tr("The comparison failed: %1").arg(diff.error().message));
                return;
            }
            m_compare->setDiff(a, b, diff.value());
            m_compare->setNotice(warning);
            Q_EMIT compared();
        });
    if (!started)
        m_compare->setNotice(tr("There is no history database: runs cannot be compared."));
}

} // namespace ff::ui

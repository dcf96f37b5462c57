#include "findingsview.h"

#include "common/session.h"
#include "findingdetail.h"
#include "findingsfilterbar.h"
#include "findingsfilterproxy.h"
#include "findingsmodel.h"
#include "reproducedialog.h"

#include "findings/redact.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace ff::ui {

using storage::TriageStatus;

FindingsView::FindingsView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new FindingsModel(this))
    , m_proxy(new FindingsFilterProxy(this))
    , m_filterBar(new FindingsFilterBar(m_model, m_proxy, this))
    , m_mode(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_notes(new QLabel(this))
    , m_table(new QTableView(this))
    , m_detail(new FindingDetail(session, this))
{
    m_proxy->setSourceModel(m_model);

    m_mode->addItem(tr("All findings"), int(FindingsMode::All));
    m_mode->addItem(tr("New since previous run"), int(FindingsMode::NewSincePrevious));
    m_mode->addItem(tr("Fixed since previous run"), int(FindingsMode::FixedSincePrevious));
    m_mode->setToolTip(tr("Compare each run with the previous successful run of the same workflow on the "
                          "same project"));

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(FindingsModel::Severity, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(FindingsModel::Title, 320);
    m_table->setColumnWidth(FindingsModel::Path, 240);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notes->setWordWrap(true);
    m_notes->hide();

    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *top = new QHBoxLayout;
    top->addWidget(m_mode);
    top->addWidget(toolbar, 1);
    top->addWidget(m_summary);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_notes);
    layout->addWidget(splitter, 1);

    buildActions();
    for (QAction *action : std::as_const(m_actionOrder))
        toolbar->addAction(action);

    connect(m_mode, &QComboBox::currentIndexChanged, this, &FindingsView::reload);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateDetail();
        updateActions();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &FindingsView::updateDetail);
    connect(m_proxy, &FindingsFilterProxy::filterChanged, this, &FindingsView::updateSummary);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &FindingsView::updateSummary);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &FindingsView::updateSummary);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &FindingsView::updateSummary);
    connect(session, &Session::runSelectionChanged, this, [this](const QStringList &ids) {
        m_selectedRuns = ids;
        reload();
    });
    connect(session, &Session::runFinished, this, &FindingsView::runFinished);
    connect(session, &Session::triageChanged, this, &FindingsView::triageChanged);
    // The history database opens after the views exist.
    connect(session, &Session::ready, this, &FindingsView::reload);

    m_selectedRuns = session->selectedRuns();
    reload();
    updateActions();
}

void FindingsView::buildActions()
{
    struct Spec
    {
        TriageStatus status;
        QString text;
        QString tip;
        QKeySequence key;
    };
    const Spec specs[] = {
        {TriageStatus::Confirmed, tr("&Confirm"), tr("Mark the selected findings as real issues (C)"),
         QKeySequence(Qt::Key_C)},
        {TriageStatus::FalsePositive, tr("&False positive"),
         tr("Mark the selected findings as false positives (F)"), QKeySequence(Qt::Key_F)},
        {TriageStatus::AcceptedRisk, tr("&Accept risk…"),
         tr("Accept the risk of the selected findings, with a reason (A)"), QKeySequence(Qt::Key_A)},
        {TriageStatus::Open, tr("Re&open"), tr("Reopen the selected findings (O)"), QKeySequence(Qt::Key_O)},
    };
    for (const Spec &spec : specs) {
        auto *action = new QAction(spec.text, this);
        action->setToolTip(spec.tip);
        action->setShortcut(spec.key);
        // Single keys: only while the table has the focus, never in a text box or another view.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        const TriageStatus status = spec.status;
        if (status == TriageStatus::AcceptedRisk)
            connect(action, &QAction::triggered, this, &FindingsView::acceptRisk);
        else
            connect(action, &QAction::triggered, this, [this, status] { triageSelected(status); });
        m_table->addAction(action);
        m_actions.insert(int(status), action);
        m_actionOrder << action;
    }
    // The context menu only: a report of what is selected.
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_table->addAction(separator);
    m_exportSelection = new QAction(tr("&Export Selection…"), this);
    m_exportSelection->setObjectName(QStringLiteral("exportSelectionAction"));
    m_exportSelection->setToolTip(tr("Export a report of the selected findings"));
    connect(m_exportSelection, &QAction::triggered, this, &FindingsView::exportSelection);
    m_table->addAction(m_exportSelection);
    m_copy = new QAction(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("&Copy"), this);
    m_copy->setObjectName(QStringLiteral("copyFindingAction"));
    m_copy->setToolTip(tr("Copy the selected findings as text, secret values hidden (Ctrl+C)"));
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copy, &QAction::triggered, this, &FindingsView::copySelection);
    m_table->addAction(m_copy);

    // Crashes of fuzzing runs: run the reproducer again. The detail shows the same action as a
    // button; the shortcut works anywhere in the view.
    QAction *reproduce = m_detail->reproduceAction();
    reproduce->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    reproduce->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(reproduce);
    m_table->addAction(m_detail->saveReproducerAction());
    addAction(reproduce);
    connect(m_detail, &FindingDetail::reproduceRequested, this, &FindingsView::reproduce);

    auto *search = new QAction(tr("Search findings"), this);
    search->setShortcut(QKeySequence::Find);
    search->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(search, &QAction::triggered, this, [this] {
        m_filterBar->textEdit()->setFocus();
        m_filterBar->textEdit()->selectAll();
    });
    addAction(search);
}

FindingsMode FindingsView::mode() const
{
    return FindingsMode(m_mode->currentData().toInt());
}

void FindingsView::setMode(FindingsMode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

void FindingsView::reload()
{
    QList<FindingsSource> sources;
    if (!m_selectedRuns.isEmpty()) {
        for (const QString &id : std::as_const(m_selectedRuns))
            sources << FindingsSource{id, {}, {}, {}, std::nullopt};
    } else {
        sources = m_sessionRuns;
    }
    const quint64 generation = ++m_generation;
    const FindingsMode mode = this->mode();
    m_loading = true;
    updateSummary();
    auto done = [this, generation](LoadedFindings result) {
        if (generation != m_generation)
            return; // the selection changed meanwhile
        m_loading = false;
        m_runCount = result.runCount;
        m_model->setRows(std::move(result.rows));
        QStringList notes = result.notes;
        if (!result.errors.isEmpty()) {
            notes.prepend(tr("Some findings could not be read: %1").arg(result.errors.first()));
            Q_EMIT m_session->problem(tr("Findings could not be read: %1").arg(result.errors.first()),
                                      tr("Check that the history database is reachable, then select the "
                                         "runs again."));
        }
        m_notes->setText(notes.join(QLatin1Char('\n')));
        m_notes->setVisible(!notes.isEmpty());
        updateSummary();
        updateDetail();
        updateActions();
        Q_EMIT loaded();
    };
    auto job = [sources, mode](const storage::Store &store) {
        return loadFindings(&store, sources, mode);
    };
    if (!m_session->read<LoadedFindings>(this, job, done)) {
        // No history database: only what finished in this session, without triage.
        m_session->background<LoadedFindings>(
            this, [sources, mode] { return loadFindings(nullptr, sources, mode); }, done);
    }
}

void FindingsView::runFinished(const run::RunResult &result)
{
    if (!result.succeeded() && result.findings.isEmpty())
        return; // a failed run would hide the findings of the last good one
    // The latest run of a workflow on a project replaces the earlier one.
    m_sessionRuns.removeIf([&](const FindingsSource &s) {
        return s.workflowId == result.workflowId && s.projectPath == result.projectPath;
    });
    m_sessionRuns << FindingsSource{result.runId, result.workflowId, result.projectPath, result.submitted,
                                    result.findings};
    if (m_selectedRuns.isEmpty())
        reload();
}

void FindingsView::triageChanged(const QString &projectPath, const QStringList &fingerprints,
                                 const storage::Triage &triage)
{
    if (m_model->applyTriage(projectPath, fingerprints, triage) > 0)
        updateDetail();
}

QList<int> FindingsView::selectedSourceRows() const
{
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected)
        rows << m_proxy->mapToSource(index).row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

bool FindingsView::triageSelected(TriageStatus status, const QString &reason)
{
    const QList<int> rows = selectedSourceRows();
    if (rows.isEmpty())
        return false;
    if (status == TriageStatus::AcceptedRisk && reason.trimmed().isEmpty()) {
        Q_EMIT m_session->problem(
            tr("An accepted risk needs a reason."),
            tr("Say why the risk is acceptable, so that the decision can be reviewed."));
        return false;
    }
    QMap<QString, QStringList> byProject;
    for (int row : rows) {
        const FindingRow &r = m_model->row(row);
        if (!r.finding.fingerprint.isEmpty())
            byProject[r.projectPath] << r.finding.fingerprint;
    }
    storage::Triage triage;
    triage.status = status;
    triage.reason = status == TriageStatus::Open ? QString() : reason.trimmed();
    for (auto it = byProject.cbegin(); it != byProject.cend(); ++it) {
        QStringList fingerprints = it.value();
        fingerprints.removeDuplicates();
        m_session->setTriage(it.key(), fingerprints, triage);
    }
    return true;
}

bool FindingsView::exportSelection()
{
    QStringList runIds;
    QSet<QString> fingerprints;
    const QList<int> rows = selectedSourceRows();
    for (int row : rows) {
        const FindingRow &r = m_model->row(row);
        if (r.finding.fingerprint.isEmpty())
            continue;
        fingerprints.insert(r.finding.fingerprint);
        if (!runIds.contains(r.runId))
            runIds << r.runId;
    }
    if (fingerprints.isEmpty()) {
        Q_EMIT m_session->problem(tr("No findings are selected, so there is nothing to export."),
                                  tr("Select one or more findings in the Findings view, then choose Export "
                                     "Selection… again."));
        return false;
    }
    Q_EMIT exportSelectionRequested(runIds, fingerprints);
    return true;
}

QString FindingsView::selectionText() const
{
    QStringList blocks;
    for (int row : selectedSourceRows()) {
        // The stored finding is redacted already; redact again so that nothing this view ever
        // holds (an import, an older database) reaches the clipboard with a secret in it.
        findings::Finding f = m_model->row(row).finding;
        findings::redactFinding(f);
        QString block = QStringLiteral("[%1] %2: %3\n%4:%5")
                            .arg(findings::severityName(f.severity), f.ruleId, f.title, f.path)
                            .arg(f.region.startLine);
        if (!f.message.isEmpty() && f.message != f.title)
            block += QLatin1Char('\n') + f.message;
        if (!f.snippet.isEmpty())
            block += QLatin1Char('\n') + f.snippet;
        blocks << block;
    }
    return blocks.join(QStringLiteral("\n\n"));
}

bool FindingsView::copySelection()
{
    const QString text = selectionText();
    if (text.isEmpty())
        return false;
    QGuiApplication::clipboard()->setText(text);
    return true;
}

void FindingsView::acceptRisk()
{
    const int count = int(selectedSourceRows().size());
    if (count == 0)
        return;
    QString reason;
    for (;;) {
        bool ok = false;
        reason = QInputDialog::getText(this, tr("Accept risk"),
                                       tr("Why is this risk acceptable? (%1 selected)").arg(count),
                                       QLineEdit::Normal, reason, &ok);
        if (!ok)
            return;
        if (!reason.trimmed().isEmpty())
            break;
    }
    triageSelected(TriageStatus::AcceptedRisk, reason);
}

void FindingsView::updateDetail()
{
    const int selected = int(m_table->selectionModel()->selectedRows().size());
    QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isSelected(current)) {
        const QModelIndexList rows = m_table->selectionModel()->selectedRows();
        current = rows.isEmpty() ? QModelIndex() : rows.first();
    }
    if (!current.isValid()) {
        m_detail->showRow(std::nullopt);
        return;
    }
    m_detail->showRow(m_model->row(m_proxy->mapToSource(current).row()), selected);
}

void FindingsView::updateSummary()
{
    if (m_loading) {
        m_summary->setText(tr("Loading findings…"));
        return;
    }
    // Plural forms spelled out: they must read right without a translation loaded.
    const int findings = m_model->rowCount();
    const QString runs = m_selectedRuns.isEmpty() && m_runCount == 0
                             ? tr("No run selected and none finished in this session")
                         : m_runCount == 1 ? tr("1 run")
                                           : tr("%1 runs").arg(m_runCount);
    const QString found = findings == 1 ? tr("1 finding") : tr("%1 findings").arg(findings);
    m_summary->setText(tr("%1, %2, %3 shown").arg(runs, found).arg(m_proxy->rowCount()));
}

void FindingsView::updateActions()
{
    const bool any = m_table->selectionModel()->hasSelection();
    for (QAction *action : std::as_const(m_actions))
        action->setEnabled(any);
    m_exportSelection->setEnabled(any);
    m_copy->setEnabled(any);
}

QAction *FindingsView::reproduceAction() const
{
    return m_detail->reproduceAction();
}

ReproduceDialog *FindingsView::reproduce(const FindingRow &row)
{
    auto *dialog = new ReproduceDialog(m_session, row, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    dialog->start();
    return dialog;
}

QString FindingsView::detailText() const
{
    return m_detail->text();
}

QString FindingsView::summaryText() const
{
    return m_summary->text();
}

} // namespace ff::ui

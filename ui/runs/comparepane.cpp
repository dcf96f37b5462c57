#include "comparepane.h"

#include "difffindingsmodel.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>

namespace ff::ui {

ComparePane::ComparePane(QWidget *parent)
    : QWidget(parent)
    , m_fixed(new DiffFindingsModel(this))
    , m_added(new DiffFindingsModel(this))
    , m_title(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_fixedTitle(new QLabel(this))
    , m_addedTitle(new QLabel(this))
    , m_unchanged(new QLabel(this))
{
    m_notice->setWordWrap(true);
    m_notice->hide();
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *close = new QToolButton(this);
    close->setText(tr("Close"));
    close->setToolTip(tr("Close the comparison"));
    connect(close, &QToolButton::clicked, this, &ComparePane::closeRequested);

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_title, 0, 0);
    grid->addWidget(m_unchanged, 0, 1, Qt::AlignRight);
    grid->addWidget(close, 0, 2);
    grid->addWidget(m_notice, 1, 0, 1, 3);
    grid->addWidget(m_fixedTitle, 2, 0);
    grid->addWidget(m_addedTitle, 2, 1, 1, 2);
    grid->addWidget(makeTable(m_fixed), 3, 0);
    grid->addWidget(makeTable(m_added), 3, 1, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    clear();
}

QTableView *ComparePane::makeTable(DiffFindingsModel *model)
{
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model);
    proxy->setSortRole(DiffFindingsModel::SortRole);
    auto *table = new QTableView(this);
    table->setModel(proxy);
    table->setSortingEnabled(true);
    table->sortByColumn(DiffFindingsModel::Severity, Qt::DescendingOrder);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

void ComparePane::setDiff(const storage::RunRecord &a, const storage::RunRecord &b,
                          const storage::RunDiff &diff)
{
    m_runA = a.id;
    m_runB = b.id;
    m_title->setText(tr("A: %1 (%2)  →  B: %3 (%4)").arg(a.id, a.workflow, b.id, b.workflow));
    m_fixed->setFindings(diff.fixed);
    m_added->setFindings(diff.added);
    m_fixedTitle->setText(tr("Only in A (fixed): %1").arg(diff.fixed.size()));
    m_addedTitle->setText(tr("Only in B (new): %1").arg(diff.added.size()));
    m_unchanged->setText(tr("%n unchanged", nullptr, diff.unchanged));
}

void ComparePane::setNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void ComparePane::clear()
{
    m_runA.clear();
    m_runB.clear();
    m_title->setText(tr("Select two runs and choose Compare."));
    m_fixed->setFindings({});
    m_added->setFindings({});
    m_fixedTitle->setText(tr("Only in A (fixed)"));
    m_addedTitle->setText(tr("Only in B (new)"));
    m_unchanged->clear();
    setNotice({});
}

QString ComparePane::fixedTitle() const
{
    return m_fixedTitle->text();
}

QString ComparePane::addedTitle() const
{
    return m_addedTitle->text();
}

QString ComparePane::unchangedText() const
{
    return m_unchanged->text();
}

QString ComparePane::notice() const
{
    return m_notice->text();
}

} // namespace ff::ui

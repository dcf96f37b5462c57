#include "findingsfilterbar.h"

#include "findingsfilterproxy.h"
#include "findingsmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace ff::ui {

using findings::Severity;
using storage::TriageStatus;

namespace {

constexpr int kDebounceMs = 300;

void debounce(QTimer &timer)
{
    timer.setSingleShot(true);
    timer.setInterval(kDebounceMs);
}

QVariant statusList(std::initializer_list<TriageStatus> statuses)
{
    QVariantList list;
    for (TriageStatus s : statuses)
        list << int(s);
    return list;
}

} // namespace

FindingsFilterBar::FindingsFilterBar(FindingsModel *model, FindingsFilterProxy *proxy, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(proxy)
    , m_tool(new QComboBox(this))
    , m_rule(new QComboBox(this))
    , m_status(new QComboBox(this))
    , m_path(new QLineEdit(this))
    , m_text(new QLineEdit(this))
    , m_regex(new QCheckBox(tr("Regex"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *first = new QHBoxLayout;
    auto *second = new QHBoxLayout;
    layout->addLayout(first);
    layout->addLayout(second);

    for (Severity s : findings::kAllSeverities) {
        auto *button = new QToolButton(this);
        button->setCheckable(true);
        button->setChecked(true);
        button->setAutoRaise(true);
        button->setIcon(FindingsModel::severityIcon(s));
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setToolTip(tr("Show %1 findings. The count is of the findings that pass the other filters.")
                               .arg(FindingsModel::severityText(s).toLower()));
        connect(button, &QToolButton::toggled, this,
                [this, s](bool on) { m_proxy->setSeverityEnabled(s, on); });
        m_severity[size_t(s)] = button;
        first->addWidget(button);
    }
    first->addStretch(1);

    m_tool->setToolTip(tr("Only the findings of this tool"));
    m_rule->setToolTip(tr("Only the findings of this rule"));
    m_rule->setMaximumWidth(260);
    m_status->setToolTip(tr("Only the findings in this triage state"));
    m_status->addItem(tr("Any status"), QVariantList{});
    m_status->addItem(tr("Unresolved (open, confirmed)"),
                      statusList({TriageStatus::Open, TriageStatus::Confirmed}));
    for (TriageStatus s : {TriageStatus::Open, TriageStatus::Confirmed, TriageStatus::FalsePositive,
                           TriageStatus::AcceptedRisk, TriageStatus::Fixed})
        m_status->addItem(FindingsModel::statusText(s), statusList({s}));
    first->addWidget(m_tool);
    first->addWidget(m_rule);
    first->addWidget(m_status);

    m_path->setPlaceholderText(tr("Path (text, or a glob such as src/*.c)"));
    m_path->setToolTip(tr("Findings whose path contains this text; with * or ? it is a glob over the whole "
                          "path, where * also crosses folders."));
    m_path->setClearButtonEnabled(true);
    m_text->setPlaceholderText(tr("Search title, message, path and rule"));
    m_text->setToolTip(tr("Case-insensitive text; a regular expression when Regex is checked."));
    m_text->setClearButtonEnabled(true);
    m_regex->setToolTip(tr("Read the search text as a regular expression"));
    second->addWidget(m_path, 1);
    second->addWidget(m_text, 2);
    second->addWidget(m_regex);

    debounce(m_pathTimer);
    debounce(m_textTimer);
    m_countsTimer.setSingleShot(true);
    m_countsTimer.setInterval(0);
    connect(m_path, &QLineEdit::textChanged, &m_pathTimer, qOverload<>(&QTimer::start));
    connect(m_text, &QLineEdit::textChanged, &m_textTimer, qOverload<>(&QTimer::start));
    connect(&m_pathTimer, &QTimer::timeout, this, [this] { m_proxy->setPathFilter(m_path->text()); });
    connect(&m_textTimer, &QTimer::timeout, this, &FindingsFilterBar::applyText);
    connect(m_regex, &QCheckBox::toggled, this, &FindingsFilterBar::applyText);
    connect(m_tool, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setTool(m_tool->currentData().toString()); });
    connect(m_rule, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setRule(m_rule->currentData().toString()); });
    connect(m_status, &QComboBox::currentIndexChanged, this, &FindingsFilterBar::applyStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, &FindingsFilterBar::fillChoices);
    // Counts are worked out once the filters settle, not per signal.
    connect(m_proxy, &FindingsFilterProxy::filterChanged, &m_countsTimer, qOverload<>(&QTimer::start));
    connect(&m_countsTimer, &QTimer::timeout, this, &FindingsFilterBar::updateCounts);
    fillChoices();
    updateCounts();
}

void FindingsFilterBar::fillChoices()
{
    // Keep what the analyst picked when it is still there.
    auto fill = [](QComboBox *box, const QString &any, const QStringList &values) {
        const QString current = box->currentData().toString();
        const QSignalBlocker block(box);
        box->clear();
        box->addItem(any, QString());
        for (const QString &v : values)
            box->addItem(v, v);
        const int i = box->findData(current);
        box->setCurrentIndex(i < 0 ? 0 : i);
    };
    fill(m_tool, tr("Any tool"), m_model->tools());
    fill(m_rule, tr("Any rule"), m_model->rules());
    m_proxy->setTool(m_tool->currentData().toString());
    m_proxy->setRule(m_rule->currentData().toString());
}

void FindingsFilterBar::applyStatus()
{
    QList<TriageStatus> statuses;
    const QVariantList list = m_status->currentData().toList();
    for (const QVariant &v : list)
        statuses << TriageStatus(v.toInt());
    m_proxy->setStatuses(statuses);
}

void FindingsFilterBar::applyText()
{
    m_textTimer.stop();
    m_proxy->setTextFilter(m_text->text(), m_regex->isChecked());
    const QString error = m_proxy->textError();
    m_text->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("QLineEdit { color: #c62828; }"));
    m_text->setToolTip(error.isEmpty()
                           ? tr("Case-insensitive text; a regular expression when Regex is checked.")
                           : tr("Invalid regular expression: %1").arg(error));
}

void FindingsFilterBar::updateCounts()
{
    const auto counts = m_proxy->severityCounts();
    for (Severity s : findings::kAllSeverities)
        m_severity[size_t(s)]->setText(
            tr("%1 %2").arg(FindingsModel::severityText(s)).arg(counts[size_t(s)]));
}

} // namespace ff::ui

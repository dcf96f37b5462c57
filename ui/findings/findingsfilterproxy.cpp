#include "findingsfilterproxy.h"

namespace ff::ui {

using findings::Severity;
using storage::TriageStatus;

namespace {

// "CWE-78" -> 78, so that CWE-100 sorts after CWE-99; 0 when there is none.
int cweNumber(const QString &cwe)
{
    int n = 0;
    for (QChar c : cwe)
        if (c.isDigit())
            n = n * 10 + c.digitValue();
    return n;
}

} // namespace

FindingsFilterProxy::FindingsFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(FindingsModel::SeverityRankRole);
    m_pathMatcher.setCaseSensitivity(Qt::CaseInsensitive);
    m_textMatcher.setCaseSensitivity(Qt::CaseInsensitive);
}

void FindingsFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = qobject_cast<FindingsModel *>(model);
    Q_ASSERT(m_model || !model);
    QSortFilterProxyModel::setSourceModel(model);
    if (m_model) {
        connect(m_model, &QAbstractItemModel::modelReset, this, &FindingsFilterProxy::rowsChanged);
        connect(m_model, &QAbstractItemModel::dataChanged, this, &FindingsFilterProxy::rowsChanged);
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &FindingsFilterProxy::rowsChanged);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &FindingsFilterProxy::rowsChanged);
    }
    rowsChanged();
}

void FindingsFilterProxy::rowsChanged()
{
    m_countsDirty = true;
    Q_EMIT filterChanged();
}

void FindingsFilterProxy::refilter()
{
    m_countsDirty = true;
    // A whole new mapping rather than invalidateRowsFilter(): Qt removes the rows a filter drops
    // range by range, each range moving the rest of the mapping, which is quadratic when the
    // dropped rows are scattered (turning a severity off in a million rows took 40 s; this takes
    // one pass). Selections survive: they are remapped through the source.
    invalidate();
    Q_EMIT filterChanged();
}

void FindingsFilterProxy::setSeverityEnabled(Severity severity, bool enabled)
{
    const unsigned bit = 1u << int(severity);
    const unsigned next = enabled ? (m_severities | bit) : (m_severities & ~bit);
    if (next == m_severities)
        return;
    m_severities = next;
    refilter();
}

void FindingsFilterProxy::setSeverities(const QList<Severity> &severities)
{
    unsigned bits = 0;
    for (Severity s : severities)
        bits |= 1u << int(s);
    if (bits == m_severities)
        return;
    m_severities = bits;
    refilter();
}

bool FindingsFilterProxy::isSeverityEnabled(Severity severity) const
{
    return m_severities & (1u << int(severity));
}

void FindingsFilterProxy::setTool(const QString &tool)
{
    if (tool == m_tool)
        return;
    m_tool = tool;
    refilter();
}

void FindingsFilterProxy::setRule(const QString &rule)
{
    if (rule == m_rule)
        return;
    m_rule = rule;
    refilter();
}

void FindingsFilterProxy::setStatuses(const QList<TriageStatus> &statuses)
{
    unsigned bits = 0;
    for (TriageStatus s : statuses)
        bits |= 1u << int(s);
    if (bits == m_statuses)
        return;
    m_statuses = bits;
    refilter();
}

QList<TriageStatus> FindingsFilterProxy::statuses() const
{
    QList<TriageStatus> out;
    for (TriageStatus s : {TriageStatus::Open, TriageStatus::Confirmed, TriageStatus::FalsePositive,
                           TriageStatus::AcceptedRisk, TriageStatus::Fixed})
        if (m_statuses & (1u << int(s)))
            out << s;
    return out;
}

void FindingsFilterProxy::setPathFilter(const QString &pattern)
{
    if (pattern == m_path)
        return;
    m_path = pattern;
    m_pathIsGlob = pattern.contains(QLatin1Char('*')) || pattern.contains(QLatin1Char('?'));
    if (m_pathIsGlob) {
        // A glob over the whole path where * also crosses folders: "*.c", "src/*", "*/test_*.py".
        QString rx;
        for (QChar c : pattern) {
            if (c == QLatin1Char('*'))
                rx += QLatin1String(".*");
            else if (c == QLatin1Char('?'))
                rx += QLatin1Char('.');
            else
                rx += QRegularExpression::escape(QString(c));
        }
        m_pathGlob = QRegularExpression(QRegularExpression::anchoredPattern(rx),
                                        QRegularExpression::CaseInsensitiveOption);
    } else {
        m_pathMatcher.setPattern(pattern);
    }
    refilter();
}

void FindingsFilterProxy::setTextFilter(const QString &text, bool regex)
{
    if (text == m_text && regex == m_textRegex)
        return;
    m_text = text;
    m_textRegex = regex;
    m_textError.clear();
    if (regex) {
        m_textExpression = QRegularExpression(text, QRegularExpression::CaseInsensitiveOption);
        if (!m_textExpression.isValid())
            m_textError = m_textExpression.errorString();
        else
            m_textExpression.optimize();
    } else {
        m_textMatcher.setPattern(text);
    }
    refilter();
}

bool FindingsFilterProxy::acceptsExceptSeverity(const FindingRow &row) const
{
    const findings::Finding &f = row.finding;
    if (m_statuses && !(m_statuses & (1u << int(row.status))))
        return false;
    if (!m_tool.isEmpty() && f.tool != m_tool)
        return false;
    if (!m_rule.isEmpty() && f.ruleId != m_rule)
        return false;
    if (!m_path.isEmpty()) {
        if (m_pathIsGlob ? !m_pathGlob.match(f.path).hasMatch() : m_pathMatcher.indexIn(f.path) < 0)
            return false;
    }
    if (!m_text.isEmpty()) {
        if (m_textRegex) {
            if (!m_textError.isEmpty())
                return false;
            const auto in = [this](const QString &s) {
                return m_textExpression.match(s).hasMatch();
            };
            return in(f.title) || in(f.message) || in(f.path) || in(f.ruleId);
        }
        const auto in = [this](const QString &s) {
            return m_textMatcher.indexIn(s) >= 0;
        };
        return in(f.title) || in(f.message) || in(f.path) || in(f.ruleId);
    }
    return true;
}

bool FindingsFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_model || sourceParent.isValid())
        return true;
    const FindingRow &row = m_model->row(sourceRow);
    if (!(m_severities & (1u << int(row.finding.severity))))
        return false;
    return acceptsExceptSeverity(row);
}

FindingsFilterProxy::SeverityCounts FindingsFilterProxy::severityCounts() const
{
    if (m_countsDirty && m_model) {
        m_counts.fill(0);
        const auto &rows = m_model->rows();
        for (const FindingRow &r : rows)
            if (acceptsExceptSeverity(r))
                ++m_counts[size_t(r.finding.severity)];
        m_countsDirty = false;
    }
    return m_counts;
}

bool FindingsFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_model)
        return QSortFilterProxyModel::lessThan(left, right);
    // Straight from the rows: no QVariant per comparison (a million rows sort in one go).
    const findings::Finding &a = m_model->row(left.row()).finding;
    const findings::Finding &b = m_model->row(right.row()).finding;
    switch (left.column()) {
    case FindingsModel::Severity:
        return a.severity < b.severity;
    case FindingsModel::Status:
        return m_model->row(left.row()).status < m_model->row(right.row()).status;
    case FindingsModel::Rule:
        return QString::compare(a.ruleId, b.ruleId, Qt::CaseInsensitive) < 0;
    case FindingsModel::Title:
        return QString::compare(a.title, b.title, Qt::CaseInsensitive) < 0;
    case FindingsModel::Path:
        if (const int c = QString::compare(a.path, b.path, Qt::CaseInsensitive); c != 0)
            return c < 0;
        return a.region.startLine < b.region.startLine;
    case FindingsModel::Line:
        return a.region.startLine < b.region.startLine;
    case FindingsModel::Tool:
        return QString::compare(a.tool, b.tool, Qt::CaseInsensitive) < 0;
    case FindingsModel::Workflow:
        return QString::compare(a.workflow, b.workflow, Qt::CaseInsensitive) < 0;
    case FindingsModel::Cwe:
        return cweNumber(a.cwe) < cweNumber(b.cwe);
    }
    return false;
}

} // namespace ff::ui

#pragma once

#include "findingsmodel.h"

#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QStringMatcher>

#include <array>

namespace ff::ui {

// Filters and sorts the findings: severities, tool, rule, triage statuses, path (substring, or a
// glob when it has * or ?) and text (in title, message, path and rule: plain and case-insensitive,
// or a regular expression when asked). Severity sorts by rank, line by number.
// Counts per severity are of the rows that pass every filter but the severity one, so that the
// severity buttons say what turning them on would show.
class FindingsFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using SeverityCounts = std::array<int, 5>; // by int(findings::Severity)

    explicit FindingsFilterProxy(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;

    void setSeverityEnabled(findings::Severity severity, bool enabled);
    bool isSeverityEnabled(findings::Severity severity) const;
    void setSeverities(const QList<findings::Severity> &severities); // exactly these, in one refilter
    void setTool(const QString &tool);                               // empty: any
    QString tool() const { return m_tool; }
    void setRule(const QString &rule); // empty: any
    QString rule() const { return m_rule; }
    void setStatuses(const QList<storage::TriageStatus> &statuses); // empty: any
    QList<storage::TriageStatus> statuses() const;
    void setPathFilter(const QString &pattern);
    QString pathFilter() const { return m_path; }
    void setTextFilter(const QString &text, bool regex = false);
    QString textFilter() const { return m_text; }
    bool isTextRegex() const { return m_textRegex; }
    // Why the text filter matches nothing: an invalid regular expression (empty when valid).
    QString textError() const { return m_textError; }

    SeverityCounts severityCounts() const;

Q_SIGNALS:
    // The filters changed or the rows did: counts and the number shown may differ.
    void filterChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool acceptsExceptSeverity(const FindingRow &row) const;
    void refilter();
    void rowsChanged();

    FindingsModel *m_model = nullptr;
    unsigned m_severities = 0x1f;
    unsigned m_statuses = 0; // bit per TriageStatus; 0: any
    QString m_tool;
    QString m_rule;
    QString m_path;
    QStringMatcher m_pathMatcher;
    QRegularExpression m_pathGlob;
    bool m_pathIsGlob = false;
    QString m_text;
    bool m_textRegex = false;
    QString m_textError;
    QStringMatcher m_textMatcher;
    QRegularExpression m_textExpression;
    mutable SeverityCounts m_counts{};
    mutable bool m_countsDirty = true;
};

} // namespace ff::ui

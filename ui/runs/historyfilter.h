#pragma once

#include <QRegularExpression>
#include <QSortFilterProxyModel>

namespace ff::ui {

// The History view's filters: one project (or all), one state (or all), and text in the
// workflow or the run id (plain, case-insensitive; a regular expression when asked).
class HistoryFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit HistoryFilter(QObject *parent = nullptr);

    void setProject(const QString &projectPath); // empty: all
    void setState(const QString &stateName);     // empty: all
    // False (and the filter unchanged) when `regex` is set and `text` is not a valid expression.
    bool setText(const QString &text, bool regex = false);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_project;
    QString m_state;
    QString m_text;
    QRegularExpression m_regex;
    bool m_useRegex = false;
};

} // namespace ff::ui

#pragma once

#include <QRegularExpression>
#include <QSortFilterProxyModel>

namespace ff::ui {

class LogModel;

// What a log view shows of a LogModel: a stream (stdout, stderr or both), and a search that
// highlights the lines that match (BackgroundRole) or shows only them. Plain searches match
// text as typed; regular expressions are opt-in. Both ignore case.
class LogFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class Streams { All, Stdout, Stderr };

    explicit LogFilterProxy(LogModel *model, QObject *parent = nullptr);

    Streams streams() const { return m_streams; }
    void setStreams(Streams streams);
    // Empty text: no search. An invalid expression searches nothing (see searchError()).
    void setSearch(const QString &text, bool regex);
    QString searchText() const { return m_text; }
    bool isRegex() const { return m_regex; }
    bool searchActive() const { return !m_text.isEmpty() && m_error.isEmpty(); }
    QString searchError() const { return m_error; }
    bool onlyMatching() const { return m_onlyMatching; }
    void setOnlyMatching(bool only);

    // Whether `text` matches the search (false without one).
    bool matches(const QString &text) const;
    bool rowMatches(int proxyRow) const;
    // The next (or previous) row after `fromRow` that matches, wrapping around; -1 when none.
    // fromRow -1 starts at the first (or last) row.
    int findMatch(int fromRow, bool forward) const;

    QVariant data(const QModelIndex &index, int role) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    LogModel *m_model;
    Streams m_streams = Streams::All;
    QString m_text;
    bool m_regex = false;
    bool m_onlyMatching = false;
    QRegularExpression m_expression;
    QString m_error;
};

} // namespace ff::ui

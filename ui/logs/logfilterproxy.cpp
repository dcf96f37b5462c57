#include "logfilterproxy.h"

#include "logmodel.h"

#include <QBrush>
#include <QGuiApplication>
#include <QPalette>

namespace ff::ui {

LogFilterProxy::LogFilterProxy(LogModel *model, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_model(model)
{
    // Lines never change once appended (only their time prefix does): no refiltering on
    // dataChanged, which would test every line again when timestamps are toggled.
    setDynamicSortFilter(false);
    setSourceModel(model);
}

void LogFilterProxy::setStreams(Streams streams)
{
    if (streams == m_streams)
        return;
    m_streams = streams;
    invalidateFilter();
}

void LogFilterProxy::setSearch(const QString &text, bool regex)
{
    if (text == m_text && regex == m_regex)
        return;
    m_text = text;
    m_regex = regex;
    m_error.clear();
    if (regex && !text.isEmpty()) {
        m_expression = QRegularExpression(text, QRegularExpression::CaseInsensitiveOption |
                                                    QRegularExpression::UseUnicodePropertiesOption);
        if (!m_expression.isValid())
            m_error = tr("%1 at character %2")
                          .arg(m_expression.errorString())
                          .arg(m_expression.patternErrorOffset() + 1);
        else
            m_expression.optimize();
    }
    if (m_onlyMatching)
        invalidateFilter();
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0), {Qt::BackgroundRole});
}

void LogFilterProxy::setOnlyMatching(bool only)
{
    if (only == m_onlyMatching)
        return;
    m_onlyMatching = only;
    invalidateFilter();
}

bool LogFilterProxy::matches(const QString &text) const
{
    if (!searchActive())
        return false;
    if (m_regex)
        return m_expression.match(text).hasMatch();
    return text.contains(m_text, Qt::CaseInsensitive);
}

bool LogFilterProxy::rowMatches(int proxyRow) const
{
    const QModelIndex source = mapToSource(index(proxyRow, 0));
    return source.isValid() && matches(m_model->entry(source.row()).text);
}

int LogFilterProxy::findMatch(int fromRow, bool forward) const
{
    const int n = rowCount();
    if (n == 0 || !searchActive())
        return -1;
    if (fromRow < 0 || fromRow >= n)
        fromRow = forward ? n - 1 : 0;
    for (int step = 1; step <= n; ++step) {
        const int row = forward ? (fromRow + step) % n : (fromRow - step % n + n) % n;
        if (rowMatches(row))
            return row;
    }
    return -1;
}

QVariant LogFilterProxy::data(const QModelIndex &index, int role) const
{
    if (role == Qt::BackgroundRole && searchActive() && !m_onlyMatching && rowMatches(index.row())) {
        QColor c = QGuiApplication::palette().color(QPalette::Highlight);
        c.setAlpha(80);
        return QBrush(c);
    }
    return QSortFilterProxyModel::data(index, role);
}

bool LogFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const LogEntry &e = m_model->entry(sourceRow);
    const bool isErr = e.stream == docker::StreamKind::Stderr;
    if ((m_streams == Streams::Stdout && isErr) || (m_streams == Streams::Stderr && !isErr))
        return false;
    return !m_onlyMatching || !searchActive() || matches(e.text);
}

} // namespace ff::ui

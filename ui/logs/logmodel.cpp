#include "logmodel.h"

#include <QColor>
#include <QDateTime>

#include <algorithm>

namespace ff::ui {

LogModel::LogModel(int capacity, QObject *parent)
    : QAbstractListModel(parent)
    , m_buffer(capacity)
{}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_buffer.size();
}

QString LogModel::timePrefix(qint64 msecs)
{
    if (msecs == 0)
        return QStringLiteral("--:--:--.--- ");
    return QDateTime::fromMSecsSinceEpoch(msecs).toString(QStringLiteral("HH:mm:ss.zzz "));
}

QString LogModel::displayText(int row) const
{
    const LogEntry &e = m_buffer.at(row);
    return m_timestamps ? timePrefix(e.msecs) + e.text : e.text;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const LogEntry &e = m_buffer.at(row);
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row);
    case Qt::ToolTipRole: {
        const QString stream = e.stream == docker::StreamKind::Stderr ? tr("stderr") : tr("stdout");
        return e.msecs == 0
                   ? tr("Line %1, %2").arg(m_buffer.idAt(row) + 1).arg(stream)
                   : tr("Line %1, %2, %3")
                         .arg(m_buffer.idAt(row) + 1)
                         .arg(stream, QDateTime::fromMSecsSinceEpoch(e.msecs).toString(Qt::ISODateWithMs));
    }
    case Qt::ForegroundRole:
        if (e.stream == docker::StreamKind::Stderr)
            return QColor(0xc0, 0x39, 0x2b);
        return {};
    case StreamRole:
        return static_cast<int>(e.stream);
    case TimestampRole:
        return e.msecs == 0 ? QDateTime() : QDateTime::fromMSecsSinceEpoch(e.msecs, Qt::UTC);
    case IdRole:
        return m_buffer.idAt(row);
    case TextRole:
        return e.text;
    default:
        return {};
    }
}

void LogModel::removeFront(int count)
{
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_buffer.dropFront(count);
    endRemoveRows();
}

void LogModel::appendLines(const QList<docker::LogLine> &lines, qint64 arrivedMsecs)
{
    if (lines.isEmpty())
        return;
    if (arrivedMsecs == 0)
        arrivedMsecs = QDateTime::currentMSecsSinceEpoch();
    const int incoming = static_cast<int>(lines.size());
    const int kept = std::min(incoming, m_buffer.capacity());
    // Lines of the batch that could not fit even in an empty buffer are never shown.
    const int skipped = incoming - kept;
    removeFront(m_buffer.size() + kept - m_buffer.capacity());
    m_buffer.skip(skipped);
    if (kept > 0) {
        const int first = m_buffer.size();
        beginInsertRows({}, first, first + kept - 1);
        for (int i = skipped; i < incoming; ++i) {
            const docker::LogLine &l = lines.at(i);
            m_buffer.append(LogEntry{
                l.stream, l.timestamp.isValid() ? l.timestamp.toMSecsSinceEpoch() : arrivedMsecs, l.text});
        }
        endInsertRows();
    }
    Q_EMIT countsChanged();
}

void LogModel::setLines(const QList<docker::LogLine> &lines, qint64 droppedBefore)
{
    beginResetModel();
    m_buffer.clear();
    m_buffer.skip(droppedBefore);
    const int incoming = static_cast<int>(lines.size());
    const int kept = std::min(incoming, m_buffer.capacity());
    m_buffer.skip(incoming - kept);
    for (int i = incoming - kept; i < incoming; ++i) {
        const docker::LogLine &l = lines.at(i);
        m_buffer.append(
            LogEntry{l.stream, l.timestamp.isValid() ? l.timestamp.toMSecsSinceEpoch() : 0, l.text});
    }
    endResetModel();
    Q_EMIT countsChanged();
}

void LogModel::clear()
{
    beginResetModel();
    m_buffer.clear();
    endResetModel();
    Q_EMIT countsChanged();
}

void LogModel::setCapacity(int capacity)
{
    capacity = std::max(0, capacity);
    if (capacity == m_buffer.capacity())
        return;
    removeFront(m_buffer.size() - capacity);
    m_buffer.setCapacity(capacity);
    Q_EMIT countsChanged();
}

void LogModel::setTimestampsShown(bool shown)
{
    if (shown == m_timestamps)
        return;
    m_timestamps = shown;
    if (m_buffer.size() > 0)
        Q_EMIT dataChanged(index(0), index(m_buffer.size() - 1), {Qt::DisplayRole});
}

} // namespace ff::ui

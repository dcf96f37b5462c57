#pragma once

#include "logbuffer.h"

#include <QAbstractListModel>
#include <QList>

namespace ff::ui {

// The lines of one run's log over a bounded LogBuffer. Lines come in batches: one insertion per
// batch, and one removal at the front when the buffer is over its capacity, so a view follows
// a container that prints as fast as it can without a signal per line.
class LogModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Column { LineColumn, ColumnCount };
    enum Role {
        StreamRole = Qt::UserRole, // int (docker::StreamKind)
        TimestampRole,             // QDateTime, invalid when unknown
        IdRole,                    // qint64, increasing, never reused
        TextRole,                  // the line without a time prefix
    };

    explicit LogModel(int capacity, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

    // Live lines; those without a timestamp take `arrivedMsecs` (now when 0).
    void appendLines(const QList<docker::LogLine> &lines, qint64 arrivedMsecs = 0);
    // Replaces everything (a log read back from the history): a reset. `droppedBefore` counts
    // lines known to be missing from the start.
    void setLines(const QList<docker::LogLine> &lines, qint64 droppedBefore = 0);
    void clear();

    int capacity() const { return m_buffer.capacity(); }
    void setCapacity(int capacity);
    bool timestampsShown() const { return m_timestamps; }
    void setTimestampsShown(bool shown);

    int lineCount() const { return m_buffer.size(); }
    qint64 droppedCount() const { return m_buffer.dropped(); }
    const LogEntry &entry(int row) const { return m_buffer.at(row); }
    // The text as displayed (with the time prefix when timestamps are shown).
    QString displayText(int row) const;
    static QString timePrefix(qint64 msecs);

Q_SIGNALS:
    // Lines were added, dropped or replaced (for a status line; once per batch).
    void countsChanged();

private:
    void removeFront(int count);

    LogBuffer m_buffer;
    bool m_timestamps = false;
};

} // namespace ff::ui

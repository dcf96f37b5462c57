#pragma once

#include "docker/streamdemuxer.h"

#include <QString>

#include <vector>

namespace ff::ui {

// One line of a run's log as the view keeps it: the stream, a time (the engine's timestamp, or
// when the line arrived; 0 when unknown, as for logs read back from the history) and the text.
struct LogEntry
{
    docker::StreamKind stream = docker::StreamKind::Stdout;
    qint64 msecs = 0; // since the epoch, UTC
    QString text;
};

// The lines of one run, at most `capacity` of them: the oldest go when new ones come (a ring, so
// a run that prints forever costs a bounded amount of memory). Every line ever appended has an
// id, counting from 0 and never reused; lines that went are counted as dropped.
class LogBuffer
{
public:
    explicit LogBuffer(int capacity);

    int capacity() const { return m_capacity; }
    // Shrinking drops the oldest lines that no longer fit.
    void setCapacity(int capacity);

    int size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    // The oldest line kept is 0.
    const LogEntry &at(int index) const { return m_ring[physical(index)]; }
    qint64 idAt(int index) const { return firstId() + index; }
    qint64 firstId() const { return m_nextId - m_size; }
    qint64 nextId() const { return m_nextId; }
    qint64 dropped() const { return m_dropped; }

    // Appends a line; when the buffer is full the oldest line goes first.
    void append(LogEntry entry);
    // Drops the `count` oldest lines.
    void dropFront(int count);
    // Counts `count` lines as appended and dropped at once (lines that would not fit anyway).
    void skip(qint64 count);
    // Forgets every line (ids go on from where they were; the dropped count starts again).
    void clear();

private:
    int physical(int index) const { return static_cast<int>((m_head + index) % m_ring.size()); }
    void linearize();

    std::vector<LogEntry> m_ring;
    int m_capacity;
    int m_head = 0;
    int m_size = 0;
    qint64 m_nextId = 0;
    qint64 m_dropped = 0;
};

} // namespace ff::ui

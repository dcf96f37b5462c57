#include "logbuffer.h"

#include <algorithm>

namespace ff::ui {

LogBuffer::LogBuffer(int capacity)
    : m_capacity(std::max(0, capacity))
{}

void LogBuffer::setCapacity(int capacity)
{
    capacity = std::max(0, capacity);
    if (m_size > capacity)
        dropFront(m_size - capacity);
    m_capacity = capacity;
    if (m_ring.size() > static_cast<size_t>(capacity)) {
        linearize();
        m_ring.resize(static_cast<size_t>(capacity));
        m_ring.shrink_to_fit();
    }
}

void LogBuffer::append(LogEntry entry)
{
    if (m_capacity == 0) {
        skip(1);
        return;
    }
    if (m_size == m_capacity)
        dropFront(1);
    if (static_cast<size_t>(m_size) == m_ring.size()) {
        // Physically full but allowed to grow: the ring becomes a plain vector again first.
        linearize();
        m_ring.push_back(std::move(entry));
    } else {
        m_ring[static_cast<size_t>(physical(m_size))] = std::move(entry);
    }
    ++m_size;
    ++m_nextId;
}

void LogBuffer::dropFront(int count)
{
    count = std::min(count, m_size);
    if (count <= 0)
        return;
    // The texts go now, not when their slots are reused: memory follows what is kept.
    for (int i = 0; i < count; ++i)
        m_ring[static_cast<size_t>(physical(i))].text = QString();
    m_head = physical(count);
    m_size -= count;
    m_dropped += count;
    if (m_size == 0)
        m_head = 0;
}

void LogBuffer::skip(qint64 count)
{
    if (count <= 0)
        return;
    m_nextId += count;
    m_dropped += count;
}

void LogBuffer::clear()
{
    m_ring.clear();
    m_head = 0;
    m_size = 0;
    m_dropped = 0;
}

void LogBuffer::linearize()
{
    if (m_head == 0)
        return;
    std::rotate(m_ring.begin(), m_ring.begin() + m_head, m_ring.end());
    m_head = 0;
}

} // namespace ff::ui

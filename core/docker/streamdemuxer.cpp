#include "streamdemuxer.h"

#include <QtEndian>

namespace ff::docker {

void StreamDemuxer::feed(const QByteArray &data)
{
    if (failed())
        return;
    if (m_offset > 0 && m_offset >= m_buffer.size() / 2) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    m_buffer.append(data);
}

bool StreamDemuxer::next(Frame &frame)
{
    if (failed())
        return false;
    const qsizetype available = m_buffer.size() - m_offset;
    if (m_tty) {
        if (available == 0)
            return false;
        frame.stream = StreamKind::Stdout;
        frame.payload = m_offset == 0 ? m_buffer : m_buffer.mid(m_offset);
        m_buffer.clear();
        m_offset = 0;
        return true;
    }
    if (available < 8)
        return false;
    const auto *header = reinterpret_cast<const uchar *>(m_buffer.constData() + m_offset);
    if (header[0] > 3 || header[1] != 0 || header[2] != 0 || header[3] != 0) {
        m_error = QStringLiteral("malformed multiplexed stream: bad frame header at byte %1").arg(m_offset);
        return false;
    }
    const quint32 size = qFromBigEndian<quint32>(header + 4);
    if (size > kMaxFrame) {
        m_error = QStringLiteral("malformed multiplexed stream: frame of %1 bytes").arg(size);
        return false;
    }
    if (available < 8 + static_cast<qsizetype>(size))
        return false;
    frame.stream = static_cast<StreamKind>(header[0]);
    frame.payload = m_buffer.mid(m_offset + 8, size);
    m_offset += 8 + size;
    if (m_offset == m_buffer.size()) {
        m_buffer.clear();
        m_offset = 0;
    }
    return true;
}

LogLine LineAssembler::makeLine(QByteArray raw) const
{
    if (raw.endsWith('\r'))
        raw.chop(1);
    LogLine line;
    line.stream = m_stream;
    if (m_timestamps) {
        const qsizetype space = raw.indexOf(' ');
        if (space > 0) {
            const QDateTime ts =
                QDateTime::fromString(QString::fromLatin1(raw.constData(), space), Qt::ISODateWithMs);
            if (ts.isValid()) {
                line.timestamp = ts;
                raw.remove(0, space + 1);
            }
        }
    }
    line.text = QString::fromUtf8(raw);
    return line;
}

} // namespace ff::docker

#include "jsonstreamsplitter.h"

namespace ff::docker {

void JsonStreamSplitter::feed(const QByteArray &data)
{
    if (failed())
        return;
    if (m_start > 0 && m_start >= m_buffer.size() / 2) {
        m_buffer.remove(0, m_start);
        m_scan -= m_start;
        m_start = 0;
    }
    m_buffer.append(data);
}

bool JsonStreamSplitter::hasPartial() const
{
    for (qsizetype i = m_start; i < m_buffer.size(); ++i) {
        const char c = m_buffer.at(i);
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return true;
    }
    return false;
}

bool JsonStreamSplitter::next(QByteArray &document)
{
    if (failed())
        return false;
    const char *data = m_buffer.constData();
    const qsizetype size = m_buffer.size();
    while (m_scan < size) {
        const char c = data[m_scan];
        if (m_depth == 0) {
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                m_start = ++m_scan;
                continue;
            }
            if (c != '{' && c != '[') {
                m_error = QStringLiteral("malformed JSON stream: unexpected '%1' between documents")
                              .arg(QString::fromLatin1(&c, 1));
                return false;
            }
            m_start = m_scan;
        }
        ++m_scan;
        if (m_inString) {
            if (m_escape)
                m_escape = false;
            else if (c == '\\')
                m_escape = true;
            else if (c == '"')
                m_inString = false;
            continue;
        }
        switch (c) {
        case '"':
            m_inString = true;
            break;
        case '{':
        case '[':
            ++m_depth;
            break;
        case '}':
        case ']':
            if (--m_depth == 0) {
                document = m_buffer.mid(m_start, m_scan - m_start);
                m_start = m_scan;
                return true;
            }
            break;
        default:
            break;
        }
    }
    if (m_depth > 0 && m_scan - m_start > kMaxDocument) {
        m_error = QStringLiteral("malformed JSON stream: a document larger than %1 bytes").arg(kMaxDocument);
        return false;
    }
    return false;
}

} // namespace ff::docker

#pragma once

#include <QByteArray>
#include <QString>

namespace ff::docker {

// Cuts a stream of concatenated JSON documents (the engine's events, stats, build and pull
// progress) into whole documents, whatever the chunk boundaries and whether or not the
// documents are separated by newlines. Strings and escapes are tracked so braces inside
// them do not count. It does not validate JSON: QJsonDocument does that per document.
class JsonStreamSplitter
{
public:
    void feed(const QByteArray &data);
    // Takes the next complete document; false when more bytes are needed or on error.
    bool next(QByteArray &document);
    bool failed() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    // True when an incomplete document is still held.
    bool hasPartial() const;

    static constexpr qsizetype kMaxDocument = 32 * 1024 * 1024;

private:
    QByteArray m_buffer;
    qsizetype m_start = 0; // first byte of the current document, or of unscanned input
    qsizetype m_scan = 0;  // next byte to look at
    int m_depth = 0;
    bool m_inString = false;
    bool m_escape = false;
    QString m_error;
};

} // namespace ff::docker

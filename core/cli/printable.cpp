#include "printable.h"
#include "output.h"

#include "findings/redact.h"

#include <QIODevice>

#include <cstdio>

namespace ff::cli {

namespace {

bool unsafe(char16_t c)
{
    return (c < 0x20 && c != u'\t' && c != u'\n') || (c >= 0x7f && c <= 0x9f) ||
           (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

// Writes through printable() to a C stream. QTextStream hands over its whole buffer at once,
// so a UTF-8 sequence is not split between two writes.
class PrintableDevice : public QIODevice
{
public:
    explicit PrintableDevice(FILE *file)
        : m_file(file)
    {
        open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override
    {
        const QByteArray safe = printable(QString::fromUtf8(data, size)).toUtf8();
        if (std::fwrite(safe.constData(), 1, size_t(safe.size()), m_file) != size_t(safe.size()))
            return -1;
        std::fflush(m_file);
        return size;
    }

private:
    FILE *m_file;
};

} // namespace

QString printable(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (unsafe(c.unicode()))
            out += QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

QTextStream &out()
{
    static PrintableDevice device(stdout);
    static QTextStream s(&device);
    return s;
}

QTextStream &err()
{
    static PrintableDevice device(stderr);
    static QTextStream s(&device);
    return s;
}

QTextStream &terminalErr()
{
    // Whatever err() holds goes first: the two share stderr.
    err().flush();
    static QTextStream s(stderr);
    return s;
}

QJsonArray findingsJson(const QList<findings::Finding> &list)
{
    QJsonArray arr;
    for (findings::Finding f : list) {
        findings::redactFinding(f, true);
        arr.append(f.toJson());
    }
    return arr;
}

} // namespace ff::cli

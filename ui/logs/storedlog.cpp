#include "storedlog.h"

#include <algorithm>

namespace ff::ui {

QList<docker::LogLine> parseStoredLog(const QByteArray &data, int maxLines, qint64 *skipped)
{
    QList<qsizetype> starts;
    if (!data.isEmpty())
        starts << 0;
    for (qsizetype nl = data.indexOf('\n'); nl >= 0 && nl + 1 < data.size(); nl = data.indexOf('\n', nl + 1))
        starts << nl + 1;
    const qsizetype first = std::max<qsizetype>(0, starts.size() - std::max(0, maxLines));
    if (skipped)
        *skipped = first;

    QList<docker::LogLine> lines;
    lines.reserve(starts.size() - first);
    for (qsizetype i = first; i < starts.size(); ++i) {
        const qsizetype from = starts.at(i);
        qsizetype to = i + 1 < starts.size() ? starts.at(i + 1) - 1 : data.size();
        if (i + 1 == starts.size() && to > from && data.at(to - 1) == '\n')
            --to;
        QByteArrayView raw(data.constData() + from, to - from);
        docker::LogLine line;
        if (raw.startsWith("stderr ")) {
            line.stream = docker::StreamKind::Stderr;
            raw = raw.sliced(7);
        } else if (raw.startsWith("stdout ")) {
            raw = raw.sliced(7);
        }
        line.text = QString::fromUtf8(raw);
        lines << std::move(line);
    }
    return lines;
}

} // namespace ff::ui

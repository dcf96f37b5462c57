#pragma once

#include "docker/streamdemuxer.h"

#include <QByteArray>
#include <QList>

namespace ff::ui {

// A run's log as the history keeps it (the run's run.log: one line per log line, "stdout " or
// "stderr " then the text; no timestamps), back into lines. The history may keep only the end
// of a long log, so the first line can be a piece without its stream: it is kept as stdout.
// At most `maxLines` of the last lines are returned; `skipped` counts those left out.
QList<docker::LogLine> parseStoredLog(const QByteArray &data, int maxLines, qint64 *skipped = nullptr);

} // namespace ff::ui

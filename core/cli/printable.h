#pragma once

#include "findings/finding.h"

#include <QJsonArray>
#include <QList>
#include <QString>
#include <QTextStream>

namespace ff::cli {

// Container-controlled text made safe for a terminal: ESC, the C0 controls but tab and newline,
// DEL, the C1 controls (U+0080-U+009F) and the bidi overrides and isolates (U+202A-U+202E,
// U+2066-U+2069) become visible escapes (\u001b). The escape is also valid inside a JSON
// string, so the JSON printed on stdout stays valid.
QString printable(QStringView text);

// The streams out() and err() write through printable(), whatever is printed on them.
// terminalErr() is stderr unfiltered, for the CLI's own cursor control (a progress line
// rewritten with \r): only printable() text and literals may go there.
QTextStream &terminalErr();

// The findings as JSON with their secret values hidden, as the reports hide them
// (findings::redactFinding): scan --json and diff --json.
QJsonArray findingsJson(const QList<findings::Finding> &findings);

} // namespace ff::cli

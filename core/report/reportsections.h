#pragma once

// The parts the HTML and the PDF report share: words, colours and the markup of the sections
// before and after the findings. The HTML report is for browsers (classes, CSS); the PDF body is
// Qt rich text, which knows a subset of HTML and CSS, hence two flavours of the same markup.
// Everything that comes from a run or a finding is escaped here: it is tool output from code
// nobody trusts.

#include "report.h"

#include <QColor>

#include <optional>

namespace ff::report::sections {

enum class Flavour { Browser, RichText };

QString esc(const QString &text);
QString plural(qsizetype n, const QString &one, const QString &many); // "1 finding", "2 findings"
QString severityLabel(findings::Severity severity);                   // "Critical"
QColor severityColor(findings::Severity severity);
QColor severityTextColor(findings::Severity severity); // readable on severityColor()
QString dateTimeText(const QDateTime &time);           // "2024-05-01 12:34 UTC"; a dash when unknown
QString durationText(const QDateTime &from, const QDateTime &to);
QString shortRunId(const QString &id);
QString locationText(const findings::Finding &finding); // "src/a.c:12"
QString findingTitle(const findings::Finding &finding); // title, or the rule id without one
// A fuzzing crash's details (Finding::properties["crash"]) as plain text lines: type, inputs,
// signature, top frames and the reproducer (a hex dump when small, else base64). Empty for
// other findings.
QStringList crashLines(const findings::Finding &finding);
// The address when it is a web link (http or https); a finding's helpUri may say anything.
std::optional<QString> webLink(const QString &uri);
// "confirmed: reason", "accepted-risk until 2024-06-01"
QString triageText(const Entry &entry);
QString excludedText(const Report &report);
QString fixedText(const Report &report); // "2 findings of the compared runs are gone."
QString filtersText(const Options &options);

// Projects, filters and the table of runs.
void appendScope(QString &out, const Report &report, Flavour flavour);
// Counts by severity, then `chart` (the caller's markup, may be empty), then counts by workflow.
void appendSummary(QString &out, const Report &report, Flavour flavour, const QString &chart = {});
void appendExcluded(QString &out, const Report &report, Flavour flavour);

} // namespace ff::report::sections

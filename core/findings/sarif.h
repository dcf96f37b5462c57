#pragma once

#include "finding.h"

#include <QString>

namespace ff::findings {

// SARIF is written by the report module (report/report.h) and read by parseSarif (parsers.h).

// SARIF level for a severity (error, warning, note) and the numeric security-severity GitHub
// and others read.
QString sarifLevel(Severity severity);
QString securitySeverity(Severity severity);

} // namespace ff::findings

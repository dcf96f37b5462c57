#pragma once

#include "finding.h"
#include "util/error.h"

#include <QByteArray>
#include <QStringList>

namespace ff::findings {

struct ParseContext
{
    QString workflow;
    QString tool;        // the name findings carry when the output does not say
    QString toolVersion; // idem
    QString targetPrefix = QStringLiteral("/target");
};

// A parser turns one tool's raw output into findings, or says precisely why it cannot:
// malformed or truncated output is an error, never a silently shorter list.
using Parser = Result<QList<Finding>> (*)(const QByteArray &output, const ParseContext &context);

// Parser ids as manifests name them: cppcheck-xml, flawfinder-csv, bandit-json,
// shellcheck-json, sarif. Null for an unknown id.
Parser parserFor(const QString &id);
QStringList parserIds();

Result<QList<Finding>> parseCppcheckXml(const QByteArray &output, const ParseContext &context);
Result<QList<Finding>> parseFlawfinderCsv(const QByteArray &output, const ParseContext &context);
Result<QList<Finding>> parseBanditJson(const QByteArray &output, const ParseContext &context);
Result<QList<Finding>> parseShellcheckJson(const QByteArray &output, const ParseContext &context);
Result<QList<Finding>> parseSarif(const QByteArray &output, const ParseContext &context);

// RFC 4180 records (quoted fields, doubled quotes, line breaks inside quotes). An unterminated
// quote is an error.
Result<QList<QStringList>> parseCsv(const QByteArray &data);

} // namespace ff::findings

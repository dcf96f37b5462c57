#pragma once

#include "finding.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

namespace ff::findings {

struct SarifRunInfo
{
    QString workflow;
    QDateTime started;
    QDateTime finished;
    int exitCode = 0;
    bool succeeded = true;
};

struct SarifOptions
{
    QString projectRoot;      // becomes originalUriBaseIds.SRCROOT
    QList<SarifRunInfo> runs; // invocations, by workflow
};

// SARIF 2.1.0: one run per workflow and tool, its rules in tool.driver.rules, results with
// ruleId/ruleIndex, level, relative locations under %SRCROOT%, and our fingerprint in
// partialFingerprints["fuzzforge/v1"] so a round trip keeps identities.
QByteArray writeSarif(const QList<Finding> &findings, const SarifOptions &options = {});

// SARIF level for a severity (error, warning, note) and the numeric security-severity GitHub
// and others read.
QString sarifLevel(Severity severity);
QString securitySeverity(Severity severity);

} // namespace ff::findings

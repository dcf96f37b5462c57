#pragma once

// A history for the export tests, recorded through the real Store (no engine involved):
//   project/ c-cpp-static  run-old (300 s ago) fp1 high, fp2 critical, fp3 medium
//            c-cpp-static  run-new (100 s ago) fp2 critical, fp3 medium, fp4 low, fp5 high
//            python-sast   run-py  ( 50 s ago) py1 medium
//   big/     secrets       run-big (200 s ago) 5000 findings big0 ... big4999
// fp3 is a false positive and fp4 an accepted risk on the project.
#include "storage/store.h"
#include "testutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace ff::test {

inline constexpr int kBigRunFindings = 5000;

inline findings::Finding exportFinding(const QString &workflow, const QString &fp,
                                       findings::Severity severity)
{
    findings::Finding f;
    f.workflow = workflow;
    f.tool = QStringLiteral("tool-") + workflow;
    f.ruleId = QStringLiteral("rule-") + fp;
    f.title = QStringLiteral("Title of ") + fp;
    f.message = QStringLiteral("Message of ") + fp;
    f.severity = severity;
    f.path = QStringLiteral("src/main.c");
    f.region.startLine = 7;
    f.fingerprint = fp;
    return f;
}

inline run::RunResult exportRun(const QString &id, const QString &workflow, const QString &project,
                                int secondsAgo, QList<findings::Finding> found)
{
    run::RunResult r;
    r.runId = id;
    r.workflowId = workflow;
    r.workflowVersion = QStringLiteral("1.0.0");
    r.projectPath = project;
    r.state = run::RunState::Succeeded;
    r.exitCode = 0;
    r.submitted = QDateTime::currentDateTimeUtc().addSecs(-secondsAgo);
    r.containerRunning = r.submitted.addMSecs(100);
    r.finished = r.submitted.addSecs(2);
    r.findings = std::move(found);
    return r;
}

// Records the runs above; `project` and `big` are existing folders.
inline bool seedExportHistory(storage::Store &store, const QString &project, const QString &big)
{
    using findings::Severity;
    const QString c = QStringLiteral("c-cpp-static");
    auto f = [&c](const char *fp, Severity s) {
        return exportFinding(c, QString::fromLatin1(fp), s);
    };
    QList<findings::Finding> many;
    for (int i = 0; i < kBigRunFindings; ++i)
        many << exportFinding(QStringLiteral("secrets"), QStringLiteral("big%1").arg(i), Severity::Medium);
    const QList<run::RunResult> runs = {
        exportRun(QStringLiteral("run-old"), c, project, 300,
                  {f("fp1", Severity::High), f("fp2", Severity::Critical), f("fp3", Severity::Medium)}),
        exportRun(QStringLiteral("run-new"), c, project, 100,
                  {f("fp2", Severity::Critical), f("fp3", Severity::Medium), f("fp4", Severity::Low),
                   f("fp5", Severity::High)}),
        exportRun(QStringLiteral("run-py"), QStringLiteral("python-sast"), project, 50,
                  {exportFinding(QStringLiteral("python-sast"), QStringLiteral("py1"), Severity::Medium)}),
        exportRun(QStringLiteral("run-big"), QStringLiteral("secrets"), big, 200, many),
    };
    for (const auto &r : runs)
        if (!wait(store.recordRun(r)).ok())
            return false;
    storage::Triage falsePositive;
    falsePositive.status = storage::TriageStatus::FalsePositive;
    falsePositive.reason = QStringLiteral("test code");
    storage::Triage accepted;
    accepted.status = storage::TriageStatus::AcceptedRisk;
    accepted.reason = QStringLiteral("legacy module");
    return wait(store.setTriage(project, QStringLiteral("fp3"), falsePositive)).ok() &&
           wait(store.setTriage(project, QStringLiteral("fp4"), accepted)).ok();
}

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The fingerprints of a JSON report's findings, in order.
inline QStringList jsonFingerprints(const QString &path)
{
    QStringList out;
    const QJsonArray found =
        QJsonDocument::fromJson(readAll(path)).object().value(QLatin1String("findings")).toArray();
    for (const auto &v : found)
        out << v.toObject().value(QLatin1String("fingerprint")).toString();
    return out;
}

inline QSet<QString> setOf(const QStringList &list)
{
    return QSet<QString>(list.cbegin(), list.cend());
}

} // namespace ff::test

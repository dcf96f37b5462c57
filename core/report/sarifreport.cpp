// SARIF 2.1.0 (OASIS): one run per workflow run and tool, so code-scanning services and the
// SARIF viewers keep tools apart and know when each ran.
#include "findings/sarif.h"
#include "report.h"

#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace ff::report {

using findings::Finding;
using findings::Severity;

namespace {

const QString kFingerprintKey = QStringLiteral("fuzzforge/v1");
const QString kSrcRoot = QStringLiteral("SRCROOT");

QJsonObject message(const QString &text)
{
    QJsonObject o;
    o.insert(QLatin1String("text"), text);
    return o;
}

QString toolInformationUri(const QString &tool)
{
    static const QHash<QString, QString> known{
        {QStringLiteral("cppcheck"), QStringLiteral("https://cppcheck.sourceforge.io/")},
        {QStringLiteral("flawfinder"), QStringLiteral("https://dwheeler.com/flawfinder/")},
        {QStringLiteral("bandit"), QStringLiteral("https://bandit.readthedocs.io/")},
        {QStringLiteral("shellcheck"), QStringLiteral("https://www.shellcheck.net/")},
    };
    return known.value(tool.toLower());
}

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject ruleFor(const Finding &f, Severity highest)
{
    QJsonObject rule;
    rule.insert(QLatin1String("id"), f.ruleId);
    const QString shortText = f.title.isEmpty() ? f.ruleId : f.title;
    const QString fullText = f.message.isEmpty() ? shortText : f.message;
    rule.insert(QLatin1String("shortDescription"), message(shortText));
    rule.insert(QLatin1String("fullDescription"), message(fullText));
    QString help = fullText;
    if (!f.cwe.isEmpty())
        help += QStringLiteral("\n\nWeakness: ") + f.cwe;
    if (!f.helpUri.isEmpty())
        help += QStringLiteral("\n\nMore: ") + f.helpUri;
    rule.insert(QLatin1String("help"), message(help));
    if (!f.helpUri.isEmpty())
        rule.insert(QLatin1String("helpUri"), f.helpUri);
    QJsonObject config;
    config.insert(QLatin1String("level"), findings::sarifLevel(highest));
    rule.insert(QLatin1String("defaultConfiguration"), config);
    QJsonObject props;
    QJsonArray tags{QStringLiteral("security")};
    if (!f.cwe.isEmpty())
        tags.append(QString(QStringLiteral("external/cwe/") + f.cwe.toLower()));
    props.insert(QLatin1String("tags"), tags);
    props.insert(QLatin1String("security-severity"), findings::securitySeverity(highest));
    if (!f.confidence.isEmpty())
        props.insert(QLatin1String("precision"),
                     f.confidence.toLower() == QLatin1String("high")  ? QStringLiteral("high")
                     : f.confidence.toLower() == QLatin1String("low") ? QStringLiteral("low")
                                                                      : QStringLiteral("medium"));
    rule.insert(QLatin1String("properties"), props);
    return rule;
}

QJsonObject resultFor(const Entry &e, int ruleIndex, bool compared)
{
    const Finding &f = e.finding;
    QJsonObject result;
    result.insert(QLatin1String("ruleId"), f.ruleId);
    result.insert(QLatin1String("ruleIndex"), ruleIndex);
    result.insert(QLatin1String("level"), findings::sarifLevel(f.severity));
    QString text = f.message.isEmpty() ? f.title : f.message;
    if (text.isEmpty())
        text = f.ruleId;
    result.insert(QLatin1String("message"), message(text));
    if (!f.path.isEmpty()) {
        QJsonObject artifact;
        artifact.insert(QLatin1String("uri"), QString::fromUtf8(QUrl::toPercentEncoding(f.path, "/")));
        artifact.insert(QLatin1String("uriBaseId"), kSrcRoot);
        QJsonObject physical;
        physical.insert(QLatin1String("artifactLocation"), artifact);
        if (f.region.startLine > 0) {
            QJsonObject region;
            region.insert(QLatin1String("startLine"), f.region.startLine);
            if (f.region.startColumn > 0)
                region.insert(QLatin1String("startColumn"), f.region.startColumn);
            const bool hasEnd = f.region.endLine >= f.region.startLine;
            if (hasEnd)
                region.insert(QLatin1String("endLine"), f.region.endLine);
            // An end column only means something after the start on the same line.
            if (hasEnd && f.region.endColumn > 0 &&
                (f.region.endLine > f.region.startLine || f.region.endColumn > f.region.startColumn))
                region.insert(QLatin1String("endColumn"), f.region.endColumn);
            if (!f.snippet.isEmpty())
                region.insert(QLatin1String("snippet"), message(f.snippet));
            physical.insert(QLatin1String("region"), region);
        }
        QJsonObject location;
        location.insert(QLatin1String("physicalLocation"), physical);
        result.insert(QLatin1String("locations"), QJsonArray{location});
    }
    if (!f.fingerprint.isEmpty()) {
        QJsonObject fp;
        fp.insert(kFingerprintKey, f.fingerprint);
        result.insert(QLatin1String("partialFingerprints"), fp);
    }
    if (compared)
        result.insert(QLatin1String("baselineState"), baselineStateName(e.baseline));
    if (e.status == storage::TriageStatus::FalsePositive || e.status == storage::TriageStatus::AcceptedRisk) {
        QJsonObject suppression;
        suppression.insert(QLatin1String("kind"), QStringLiteral("external"));
        suppression.insert(QLatin1String("status"), QStringLiteral("accepted"));
        QString why = e.status == storage::TriageStatus::FalsePositive ? QStringLiteral("False positive")
                                                                       : QStringLiteral("Accepted risk");
        if (!e.reason.isEmpty())
            why += QStringLiteral(" (") + e.reason + QLatin1Char(')');
        if (!e.note.isEmpty())
            why += QStringLiteral(": ") + e.note;
        suppression.insert(QLatin1String("justification"), why);
        QJsonObject props;
        props.insert(QLatin1String("triageStatus"), storage::triageStatusName(e.status));
        if (e.expires.isValid())
            props.insert(QLatin1String("expires"), isoTime(e.expires));
        suppression.insert(QLatin1String("properties"), props);
        result.insert(QLatin1String("suppressions"), QJsonArray{suppression});
    }
    QJsonObject props;
    props.insert(QLatin1String("severity"), findings::severityName(f.severity));
    props.insert(QLatin1String("security-severity"), findings::securitySeverity(f.severity));
    if (!f.confidence.isEmpty())
        props.insert(QLatin1String("confidence"), f.confidence);
    if (!f.cwe.isEmpty())
        props.insert(QLatin1String("cwe"), f.cwe);
    if (!f.title.isEmpty())
        props.insert(QLatin1String("title"), f.title);
    props.insert(QLatin1String("triageStatus"), storage::triageStatusName(e.status));
    if (!e.note.isEmpty() && e.status != storage::TriageStatus::FalsePositive &&
        e.status != storage::TriageStatus::AcceptedRisk)
        props.insert(QLatin1String("triageNote"), e.note);
    if (e.redacted)
        props.insert(QLatin1String("redacted"), true);
    // Tool-specific detail, e.g. "crash" (signature, frames, reproducer) of fuzzing findings.
    for (auto it = f.properties.constBegin(); it != f.properties.constEnd(); ++it)
        if (!props.contains(it.key()))
            props.insert(it.key(), it.value());
    result.insert(QLatin1String("properties"), props);
    return result;
}

struct ToolGroup
{
    QString tool;
    QString version;
    QList<const Entry *> entries;
};

QJsonObject sarifRun(const RunInfo &info, const ToolGroup &group)
{
    const bool compared = !info.baselineRunId.isEmpty();
    // Rules in first-seen order; a rule's default level is its most severe result's.
    QHash<QString, Severity> highest;
    for (const Entry *e : group.entries) {
        auto it = highest.find(e->finding.ruleId);
        if (it == highest.end())
            highest.insert(e->finding.ruleId, e->finding.severity);
        else if (e->finding.severity > *it)
            *it = e->finding.severity;
    }
    QJsonArray rules;
    QHash<QString, int> ruleIndex;
    QJsonArray results;
    for (const Entry *e : group.entries) {
        const QString &id = e->finding.ruleId;
        if (!ruleIndex.contains(id)) {
            ruleIndex.insert(id, static_cast<int>(rules.size()));
            rules.append(ruleFor(e->finding, highest.value(id)));
        }
        results.append(resultFor(*e, ruleIndex.value(id), compared));
    }
    QJsonObject driver;
    driver.insert(QLatin1String("name"), group.tool);
    if (!group.version.isEmpty())
        driver.insert(QLatin1String("version"), group.version);
    const QString infoUri = toolInformationUri(group.tool);
    if (!infoUri.isEmpty())
        driver.insert(QLatin1String("informationUri"), infoUri);
    driver.insert(QLatin1String("rules"), rules);
    QJsonObject tool;
    tool.insert(QLatin1String("driver"), driver);

    QJsonObject run;
    run.insert(QLatin1String("tool"), tool);
    QJsonObject invocation;
    invocation.insert(QLatin1String("executionSuccessful"), info.succeeded);
    if (info.exitCode >= 0)
        invocation.insert(QLatin1String("exitCode"), info.exitCode);
    if (info.started.isValid())
        invocation.insert(QLatin1String("startTimeUtc"), isoTime(info.started));
    if (info.finished.isValid())
        invocation.insert(QLatin1String("endTimeUtc"), isoTime(info.finished));
    if (!info.succeeded && !info.error.isEmpty()) {
        QJsonObject note;
        note.insert(QLatin1String("level"), QStringLiteral("error"));
        note.insert(QLatin1String("message"), message(info.error));
        invocation.insert(QLatin1String("toolExecutionNotifications"), QJsonArray{note});
    }
    run.insert(QLatin1String("invocations"), QJsonArray{invocation});
    QJsonObject automation;
    automation.insert(QLatin1String("id"), QString(info.workflow + QLatin1Char('/') + info.id));
    run.insert(QLatin1String("automationDetails"), automation);
    if (!info.projectPath.isEmpty()) {
        QJsonObject root;
        root.insert(QLatin1String("uri"),
                    QUrl::fromLocalFile(QDir::cleanPath(info.projectPath) + QLatin1Char('/')).toString());
        QJsonObject bases;
        bases.insert(kSrcRoot, root);
        run.insert(QLatin1String("originalUriBaseIds"), bases);
    }
    QJsonObject props;
    props.insert(QLatin1String("workflow"), info.workflow);
    if (!info.workflowVersion.isEmpty())
        props.insert(QLatin1String("workflowVersion"), info.workflowVersion);
    props.insert(QLatin1String("runId"), info.id);
    if (compared)
        props.insert(QLatin1String("baselineRunId"), info.baselineRunId);
    run.insert(QLatin1String("properties"), props);
    run.insert(QLatin1String("results"), results);
    return run;
}

} // namespace

QByteArray renderSarif(const Report &report, const Progress &progress)
{
    // Entries by run, then by tool in first-seen order; a run's "absent" results are the
    // compared run's findings that are gone.
    QHash<QString, QList<ToolGroup>> groups;
    auto add = [&groups](const QString &runId, const Entry &e) {
        QList<ToolGroup> &tools = groups[runId];
        const QString tool = e.finding.tool.isEmpty() ? QStringLiteral("unknown") : e.finding.tool;
        for (ToolGroup &g : tools) {
            if (g.tool == tool) {
                g.entries << &e;
                return;
            }
        }
        tools.append(ToolGroup{tool, e.finding.toolVersion, {&e}});
    };
    const qsizetype total = report.entries.size();
    for (const Entry &e : report.entries)
        add(e.runId, e);
    QHash<QString, QString> comparedBy;
    for (const RunInfo &r : report.runs)
        if (!r.baselineRunId.isEmpty())
            comparedBy.insert(r.baselineRunId, r.id);
    for (const Entry &e : report.fixed)
        if (comparedBy.contains(e.runId))
            add(comparedBy.value(e.runId), e);

    QJsonArray runs;
    qsizetype done = 0;
    for (const RunInfo &info : report.runs) {
        QList<ToolGroup> tools = groups.value(info.id);
        // A run with nothing to report still says it ran, under its workflow's name.
        if (tools.isEmpty())
            tools.append(ToolGroup{info.workflow, info.workflowVersion, {}});
        for (const ToolGroup &g : std::as_const(tools)) {
            runs.append(sarifRun(info, g));
            done += g.entries.size();
            if (progress && !progress(std::min(done, total), total))
                return {};
        }
    }
    QJsonObject root;
    root.insert(QLatin1String("$schema"), QStringLiteral("https://json.schemastore.org/sarif-2.1.0.json"));
    root.insert(QLatin1String("version"), QStringLiteral("2.1.0"));
    root.insert(QLatin1String("runs"), runs);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace ff::report

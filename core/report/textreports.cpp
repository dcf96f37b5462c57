// CSV, Markdown and JSON: the formats people read in a spreadsheet, a pull request or a script.
#include "report.h"
#include "reportsections.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ff::report {

using findings::Severity;

namespace {

constexpr qsizetype kProgressEvery = 1000;

bool tick(const Progress &progress, qsizetype done, qsizetype total)
{
    if (!progress || done % kProgressEvery != 0)
        return true;
    return progress(done, total);
}

QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QString location(const findings::Finding &f)
{
    if (f.path.isEmpty())
        return {};
    return f.region.startLine > 0 ? f.path + QLatin1Char(':') + QString::number(f.region.startLine) : f.path;
}

// RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled, records end
// in CRLF. A field a spreadsheet would run as a formula gets a leading apostrophe (tool output
// comes from the code under test, which an attacker may have written).
void csvField(QString &out, const QString &value)
{
    QString v = value;
    if (!v.isEmpty() && QStringView(u"=+-@\t\r").contains(v.front()))
        v.prepend(QLatin1Char('\''));
    const bool quote = v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('"')) ||
                       v.contains(QLatin1Char('\n')) || v.contains(QLatin1Char('\r'));
    if (!quote) {
        out += v;
        return;
    }
    out += QLatin1Char('"');
    out += QString(v).replace(QLatin1Char('"'), QLatin1String("\"\""));
    out += QLatin1Char('"');
}

void csvRecord(QString &out, const QStringList &fields)
{
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i)
            out += QLatin1Char(',');
        csvField(out, fields.at(i));
    }
    out += QLatin1String("\r\n");
}

QString number(int n)
{
    return n > 0 ? QString::number(n) : QString();
}

// Markdown table cells: no line breaks, pipes escaped, HTML neutralised, and no link or image
// (`![x](http://beacon)` would be fetched by the viewer) can form.
QString mdCell(const QString &text)
{
    QString t = text.toHtmlEscaped();
    t.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    for (const char c : {'|', '`', '[', ']', '!', '(', ')'})
        t.replace(QLatin1Char(c), QLatin1Char('\\') + QLatin1Char(c));
    t.replace(QLatin1String("\r\n"), QLatin1String("<br>"));
    t.replace(QLatin1Char('\r'), QLatin1String("<br>"));
    t.replace(QLatin1Char('\n'), QLatin1String("<br>"));
    return t;
}

// A fenced block the text cannot close: line endings normalised, the fence one longer than
// the longest run of backticks or tildes inside it.
QString mdFence(const QStringList &lines)
{
    QString body = lines.join(QLatin1Char('\n'));
    body.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    body.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    qsizetype longest = 0, run = 0;
    QChar previous;
    for (const QChar c : std::as_const(body)) {
        const bool fenceChar = c == QLatin1Char('~') || c == QLatin1Char('`');
        run = fenceChar ? (c == previous ? run + 1 : 1) : 0;
        previous = c;
        longest = std::max(longest, run);
    }
    const QString fence(std::max<qsizetype>(4, longest + 1), QLatin1Char('~'));
    return fence + QStringLiteral("text\n") + body + QLatin1Char('\n') + fence + QLatin1Char('\n');
}

QString mdCode(const QString &text)
{
    return text.isEmpty() ? QString() : QLatin1Char('`') + mdCell(text) + QLatin1Char('`');
}

QString triageLabel(const Entry &e)
{
    QString s = storage::triageStatusName(e.status);
    if (!e.reason.isEmpty())
        s += QStringLiteral(" (") + e.reason + QLatin1Char(')');
    if (!e.note.isEmpty())
        s += QStringLiteral(": ") + e.note;
    return s;
}

QJsonObject entryJson(const Entry &e)
{
    QJsonObject o = e.finding.toJson();
    o.insert(QLatin1String("runId"), e.runId);
    QJsonObject triage;
    triage.insert(QLatin1String("status"), storage::triageStatusName(e.status));
    if (!e.reason.isEmpty())
        triage.insert(QLatin1String("reason"), e.reason);
    if (!e.note.isEmpty())
        triage.insert(QLatin1String("note"), e.note);
    if (e.expires.isValid())
        triage.insert(QLatin1String("expires"), isoTime(e.expires));
    o.insert(QLatin1String("triage"), triage);
    if (e.baseline != BaselineState::None)
        o.insert(QLatin1String("baselineState"), baselineStateName(e.baseline));
    if (e.redacted)
        o.insert(QLatin1String("redacted"), true);
    return o;
}

} // namespace

QByteArray renderCsv(const Report &report, const Progress &progress)
{
    QString out;
    out.reserve(report.entries.size() * 400);
    csvRecord(
        out,
        {QStringLiteral("severity"),    QStringLiteral("workflow"),       QStringLiteral("tool"),
         QStringLiteral("rule_id"),     QStringLiteral("title"),          QStringLiteral("message"),
         QStringLiteral("path"),        QStringLiteral("start_line"),     QStringLiteral("start_column"),
         QStringLiteral("end_line"),    QStringLiteral("end_column"),     QStringLiteral("cwe"),
         QStringLiteral("confidence"),  QStringLiteral("triage_status"),  QStringLiteral("triage_reason"),
         QStringLiteral("triage_note"), QStringLiteral("baseline_state"), QStringLiteral("run_id"),
         QStringLiteral("fingerprint"), QStringLiteral("snippet")});
    const qsizetype total = report.entries.size();
    for (qsizetype i = 0; i < total; ++i) {
        if (!tick(progress, i, total))
            return {};
        const Entry &e = report.entries.at(i);
        const findings::Finding &f = e.finding;
        csvRecord(out, {findings::severityName(f.severity),
                        f.workflow,
                        f.tool,
                        f.ruleId,
                        f.title,
                        f.message,
                        f.path,
                        number(f.region.startLine),
                        number(f.region.startColumn),
                        number(f.region.endLine),
                        number(f.region.endColumn),
                        f.cwe,
                        f.confidence,
                        storage::triageStatusName(e.status),
                        e.reason,
                        e.note,
                        baselineStateName(e.baseline),
                        e.runId,
                        f.fingerprint,
                        f.snippet});
    }
    if (progress && !progress(total, total))
        return {};
    return out.toUtf8();
}

QByteArray renderMarkdown(const Report &report, const Progress &progress)
{
    QString out;
    out.reserve(report.entries.size() * 200 + 4096);
    out += QStringLiteral("# ") + mdCell(report.title()) + QStringLiteral("\n\n");
    if (!report.options.author.isEmpty())
        out += QStringLiteral("Author: ") + mdCell(report.options.author) + QStringLiteral("  \n");
    out += QStringLiteral("Generated: ") + isoTime(report.generated) + QStringLiteral(" by ") +
           mdCell(report.generator) + QStringLiteral("\n\n");

    out += QStringLiteral("## Scope\n\n");
    for (const QString &p : report.projects())
        out += QStringLiteral("- Project: ") + mdCode(p) + QLatin1Char('\n');
    out += QStringLiteral("\n| Workflow | Run | State | Exit code | Started | Finished | Compared with |\n"
                          "|---|---|---|---|---|---|---|\n");
    for (const RunInfo &r : report.runs)
        out += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 |\n")
                   .arg(mdCell(r.workflow), mdCode(r.id.left(12)), mdCell(r.state),
                        r.exitCode >= 0 ? QString::number(r.exitCode) : QString(), isoTime(r.started),
                        isoTime(r.finished), mdCode(r.baselineRunId.left(12)));

    out += QStringLiteral("\n## Summary\n\n| Severity | Findings |\n|---|---:|\n");
    const auto counts = report.countsBySeverity();
    for (Severity s : findings::kAllSeverities)
        out += QStringLiteral("| %1 | %2 |\n").arg(findings::severityName(s)).arg(counts.value(s));
    out += QStringLiteral("| **Total** | **%1** |\n\n").arg(report.entries.size());
    out += QStringLiteral(
        "| Workflow | Critical | High | Medium | Low | Info |\n|---|---:|---:|---:|---:|---:|\n");
    for (const auto &[workflow, c] : report.countsByWorkflow()) {
        out += QStringLiteral("| ") + mdCell(workflow);
        for (Severity s : findings::kAllSeverities)
            out += QStringLiteral(" | ") + QString::number(c.value(s));
        out += QStringLiteral(" |\n");
    }
    if (report.excluded.total() > 0)
        out += QStringLiteral("\nNot shown: %1 below the severity threshold, %2 false positives, %3 accepted "
                              "risks.\n")
                   .arg(report.excluded.belowThreshold)
                   .arg(report.excluded.falsePositives)
                   .arg(report.excluded.acceptedRisks);

    out += QStringLiteral("\n## Findings\n\n");
    if (report.entries.isEmpty())
        out += QStringLiteral("No findings.\n");
    else
        out += QStringLiteral("| Severity | Rule | Location | Message | Triage | Baseline |\n"
                              "|---|---|---|---|---|---|\n");
    const qsizetype total = report.entries.size();
    for (qsizetype i = 0; i < total; ++i) {
        if (!tick(progress, i, total))
            return {};
        const Entry &e = report.entries.at(i);
        const findings::Finding &f = e.finding;
        QString rule = mdCode(f.ruleId);
        if (!f.title.isEmpty() && f.title != f.ruleId)
            rule += QLatin1Char(' ') + mdCell(f.title);
        if (!f.cwe.isEmpty())
            rule += QStringLiteral(" (") + mdCell(f.cwe) + QLatin1Char(')');
        out += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |\n")
                   .arg(findings::severityName(f.severity), rule, mdCode(location(f)), mdCell(f.message),
                        mdCell(triageLabel(e)), baselineStateName(e.baseline));
    }
    bool crashHeading = false;
    for (const Entry &e : report.entries) {
        const QStringList crash = sections::crashLines(e.finding);
        if (crash.isEmpty())
            continue;
        if (!std::exchange(crashHeading, true))
            out += QStringLiteral("\n## Crashes\n");
        out += QStringLiteral("\n### ") + mdCell(e.finding.title) + QStringLiteral(" at ") +
               mdCode(location(e.finding)) + QStringLiteral("\n\n") + mdFence(crash);
    }
    if (!report.fixed.isEmpty()) {
        out += QStringLiteral("\n## Fixed since the compared run\n\n");
        for (const Entry &e : report.fixed)
            out += QStringLiteral("- %1 %2 at %3\n")
                       .arg(findings::severityName(e.finding.severity), mdCode(e.finding.ruleId),
                            mdCode(location(e.finding)));
    }
    if (progress && !progress(total, total))
        return {};
    return out.toUtf8();
}

QByteArray renderJson(const Report &report, const Progress &progress)
{
    QJsonObject meta;
    meta.insert(QLatin1String("title"), report.title());
    if (!report.options.author.isEmpty())
        meta.insert(QLatin1String("author"), report.options.author);
    meta.insert(QLatin1String("generated"), isoTime(report.generated));
    meta.insert(QLatin1String("generator"), report.generator);
    QJsonObject options;
    if (report.options.minSeverity)
        options.insert(QLatin1String("minSeverity"), findings::severityName(*report.options.minSeverity));
    options.insert(QLatin1String("includeFalsePositives"), report.options.includeFalsePositives);
    options.insert(QLatin1String("includeAcceptedRisks"), report.options.includeAcceptedRisks);
    options.insert(QLatin1String("redactSecrets"), report.options.redactSecrets);
    meta.insert(QLatin1String("options"), options);

    QJsonArray runs;
    for (const RunInfo &r : report.runs) {
        QJsonObject o;
        o.insert(QLatin1String("id"), r.id);
        o.insert(QLatin1String("project"), r.projectPath);
        o.insert(QLatin1String("workflow"), r.workflow);
        o.insert(QLatin1String("workflowVersion"), r.workflowVersion);
        o.insert(QLatin1String("state"), r.state);
        o.insert(QLatin1String("exitCode"), r.exitCode);
        o.insert(QLatin1String("started"), isoTime(r.started));
        o.insert(QLatin1String("finished"), isoTime(r.finished));
        if (!r.error.isEmpty())
            o.insert(QLatin1String("error"), r.error);
        if (!r.baselineRunId.isEmpty())
            o.insert(QLatin1String("comparedWith"), r.baselineRunId);
        runs.append(o);
    }
    QJsonArray entries;
    const qsizetype total = report.entries.size();
    for (qsizetype i = 0; i < total; ++i) {
        if (!tick(progress, i, total))
            return {};
        entries.append(entryJson(report.entries.at(i)));
    }
    QJsonArray fixed;
    for (const Entry &e : report.fixed)
        fixed.append(entryJson(e));
    QJsonObject excluded;
    excluded.insert(QLatin1String("belowThreshold"), report.excluded.belowThreshold);
    excluded.insert(QLatin1String("falsePositives"), report.excluded.falsePositives);
    excluded.insert(QLatin1String("acceptedRisks"), report.excluded.acceptedRisks);

    QJsonObject root;
    root.insert(QLatin1String("report"), meta);
    root.insert(QLatin1String("runs"), runs);
    root.insert(QLatin1String("findings"), entries);
    root.insert(QLatin1String("fixed"), fixed);
    root.insert(QLatin1String("excluded"), excluded);
    if (progress && !progress(total, total))
        return {};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace ff::report

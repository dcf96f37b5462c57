// The HTML report: one self-contained file (inline CSS, an inline SVG chart, no script, nothing
// fetched), readable on screen and on paper.

#include "report.h"
#include "reportsections.h"

#include <algorithm>

namespace ff::report {

using findings::Severity;
using namespace sections;

namespace {

// Severity classes: the badge's colour on screen; on paper only its border and the text stay.
QString severityCss()
{
    QString css;
    for (Severity s : findings::kAllSeverities)
        css += QStringLiteral(".sev-") + findings::severityName(s) + QStringLiteral("{background:") +
               severityColor(s).name() + QStringLiteral(";border-color:") + severityColor(s).name() +
               QStringLiteral(";color:") + severityTextColor(s).name() + QStringLiteral("}\n");
    return css;
}

const char kCss[] = R"(
:root{color-scheme:light}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#212121;
  background:#fff;margin:2rem auto;max-width:1280px;padding:0 1rem}
h1{font-size:1.9rem;margin:0 0 .3rem}
h2{font-size:1.35rem;margin:2rem 0 .6rem;border-bottom:2px solid #e0e0e0;padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.meta,.muted{color:#616161}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #cfd8dc;padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:#eceff1}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",Consolas,monospace;font-size:.9em}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f5f5f5;border:1px solid #e0e0e0;
  padding:.35rem .5rem;margin:.4rem 0 0}
.badge{display:inline-block;padding:.1rem .55rem;border-radius:.8rem;font-weight:600;font-size:.85em;
  border:1px solid transparent;margin:0 .3rem .3rem 0;white-space:nowrap}
.tag{display:inline-block;font-size:.72em;font-weight:700;text-transform:uppercase;padding:0 .35rem;
  border-radius:.3rem;border:1px solid;margin-left:.35rem;vertical-align:middle}
.tag.new{color:#0d47a1}
.tag.redacted{color:#6d4c41}
.msg{white-space:pre-line}
.nowrap{white-space:nowrap}
table.findings{table-layout:fixed}
table.findings td{overflow-wrap:anywhere}
col.sev{width:9%}col.finding{width:21%}col.loc{width:17%}col.details{width:43%}col.triage{width:10%}
table.fixed col.finding{width:43%}table.fixed col.loc{width:30%}table.fixed col.run{width:18%}
.note{margin-top:.3rem;font-style:italic}
.excluded{font-style:italic;color:#424242}
.chart{max-width:640px;height:auto;display:block;margin:.5rem 0}
.chart text{font:12px sans-serif;fill:#212121}
tr{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
footer{margin-top:2rem;color:#757575;font-size:.85em}
@media print{
  body{margin:0;max-width:none;font-size:9.5pt;color:#000}
  .badge,thead th,pre{background:none!important;color:#000!important}
  .badge{border-width:2px}
  a{color:#000}
  h2,h3{break-after:avoid;page-break-after:avoid}
  .chart{break-inside:avoid}
}
)";

QString severityChart(const QMap<Severity, int> &counts)
{
    int max = 1;
    for (int n : counts)
        max = std::max(max, n);
    const int rowHeight = 28, barX = 90, barWidth = 440;
    const int height = rowHeight * 5 + 8;
    QString svg = QStringLiteral("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 640 ") +
                  QString::number(height) + QStringLiteral("\" width=\"640\" height=\"") +
                  QString::number(height) + QStringLiteral("\"><title>Findings by severity</title>");
    int y = 4;
    for (Severity s : findings::kAllSeverities) {
        const int n = counts.value(s);
        const int w = n == 0 ? 0 : std::max(2, static_cast<int>(qint64(barWidth) * n / max));
        const QString mid = QString::number(y + rowHeight / 2 + 4);
        svg += QStringLiteral("<text x=\"0\" y=\"") + mid + QStringLiteral("\">") + severityLabel(s) +
               QStringLiteral("</text><rect x=\"") + QString::number(barX) + QStringLiteral("\" y=\"") +
               QString::number(y + 4) + QStringLiteral("\" width=\"") + QString::number(w) +
               QStringLiteral("\" height=\"") + QString::number(rowHeight - 8) +
               QStringLiteral("\" fill=\"") + severityColor(s).name() + QStringLiteral("\"/><text x=\"") +
               QString::number(barX + w + 6) + QStringLiteral("\" y=\"") + mid + QStringLiteral("\">") +
               QString::number(n) + QStringLiteral("</text>");
        y += rowHeight;
    }
    return svg + QStringLiteral("</svg>");
}

QString badge(Severity s)
{
    return QStringLiteral("<span class=\"badge sev-") + findings::severityName(s) + QStringLiteral("\">") +
           severityLabel(s) + QStringLiteral("</span>");
}

// Rule id, CWE, tool and the rule's help as a link when it is a web address.
void appendRuleCell(QString &out, const Entry &entry)
{
    const findings::Finding &f = entry.finding;
    out += QStringLiteral("<td><b>") + esc(findingTitle(f)) + QStringLiteral("</b>");
    if (entry.baseline == BaselineState::New)
        out += QStringLiteral("<span class=\"tag new\">new</span>");
    if (entry.redacted)
        out +=
            QStringLiteral("<span class=\"tag redacted\" title=\"secret values are hidden\">redacted</span>");
    out += QStringLiteral("<div class=\"muted\"><code>") + esc(f.ruleId) + QStringLiteral("</code>");
    if (!f.cwe.isEmpty())
        out += QStringLiteral(" &middot; ") + esc(f.cwe);
    if (!f.tool.isEmpty() || !f.workflow.isEmpty())
        out += QStringLiteral(" &middot; ") + esc(f.tool.isEmpty() ? f.workflow : f.tool);
    if (const auto link = webLink(f.helpUri))
        out += QStringLiteral(" &middot; <a href=\"") + esc(*link) +
               QStringLiteral("\" rel=\"noopener noreferrer nofollow\">rule help</a>");
    out += QStringLiteral("</div></td>");
}

void appendFindingRow(QString &out, const Entry &entry)
{
    const findings::Finding &f = entry.finding;
    out += QStringLiteral("<tr><td>") + badge(f.severity) + QStringLiteral("</td>");
    appendRuleCell(out, entry);
    out += QStringLiteral("<td class=\"loc\"><code>") + esc(locationText(f)) +
           QStringLiteral("</code></td><td><div class=\"msg\">") + esc(f.message) + QStringLiteral("</div>");
    if (!f.snippet.isEmpty())
        out += QStringLiteral("<pre>") + esc(f.snippet) + QStringLiteral("</pre>");
    if (const QStringList crash = crashLines(f); !crash.isEmpty())
        out += QStringLiteral("<pre class=\"crash\">") + esc(crash.join(QLatin1Char('\n'))) +
               QStringLiteral("</pre>");
    out += QStringLiteral("</td><td>") + esc(triageText(entry));
    if (!entry.note.isEmpty())
        out += QStringLiteral("<div class=\"note\">") + esc(entry.note) + QStringLiteral("</div>");
    out += QStringLiteral("</td></tr>\n");
}

void appendFixedRow(QString &out, const Entry &entry)
{
    const findings::Finding &f = entry.finding;
    out += QStringLiteral("<tr><td>") + badge(f.severity) + QStringLiteral("</td>");
    appendRuleCell(out, entry);
    out += QStringLiteral("<td class=\"loc\"><code>") + esc(locationText(f)) +
           QStringLiteral("</code></td><td><code>") + esc(shortRunId(entry.runId)) +
           QStringLiteral("</code></td></tr>\n");
}

void appendHeader(QString &out, const Report &report)
{
    out += QStringLiteral("<header><h1>") + esc(report.title()) + QStringLiteral("</h1><p class=\"meta\">");
    if (!report.options.author.trimmed().isEmpty())
        out += QStringLiteral("Author: ") + esc(report.options.author.trimmed()) + QStringLiteral("<br>");
    out += QStringLiteral("Generated ") + dateTimeText(report.generated) + QStringLiteral(" by ") +
           esc(report.generator) + QStringLiteral("</p></header>\n");
}

} // namespace

QByteArray renderHtml(const Report &report, const Progress &progress)
{
    const qint64 total = report.entries.size() + report.fixed.size();
    qint64 done = 0;
    // Asked every thousand entries; false stops the rendering.
    const auto carryOn = [&] {
        ++done;
        return !progress || done % 1000 != 0 || progress(done, total);
    };

    QString out;
    out.reserve(16384 + 900 * total);
    out += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          // Whatever a finding smuggles in, the page fetches and runs nothing.
                          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                          "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n"
                          "<meta name=\"generator\" content=\"") +
           esc(report.generator) + QStringLiteral("\">\n<title>") + esc(report.title()) +
           QStringLiteral("</title>\n<style>") + QLatin1String(kCss) + severityCss() +
           QStringLiteral("</style></head>\n<body>\n");
    appendHeader(out, report);
    out += QStringLiteral("<section id=\"scope\">");
    appendScope(out, report, Flavour::Browser);
    out += QStringLiteral("</section>\n<section id=\"summary\">");
    appendSummary(out, report, Flavour::Browser, severityChart(report.countsBySeverity()));
    out += QStringLiteral("</section>\n<section id=\"findings\"><h2>Findings</h2>\n");

    const auto newCount = std::count_if(report.entries.cbegin(), report.entries.cend(),
                                        [](const Entry &e) { return e.baseline == BaselineState::New; });
    if (report.entries.isEmpty())
        out += QStringLiteral("<p>No findings.</p>");
    else if (newCount > 0)
        out +=
            QStringLiteral("<p>") + QString::number(newCount) +
            QStringLiteral(
                " of them are new since the compared runs (marked <span class=\"tag new\">new</span>).</p>");
    if (!report.entries.isEmpty()) {
        out += QStringLiteral("<table class=\"findings\"><colgroup><col class=\"sev\"><col class=\"finding\">"
                              "<col class=\"loc\"><col class=\"details\"><col class=\"triage\"></colgroup>"
                              "<thead><tr><th>Severity</th><th>Finding</th><th>Location</th><th>Details</th>"
                              "<th>Triage</th></tr></thead><tbody>\n");
        for (const Entry &entry : report.entries) {
            appendFindingRow(out, entry);
            if (!carryOn())
                return {};
        }
        out += QStringLiteral("</tbody></table>");
    }
    out += QStringLiteral("</section>\n");

    if (!report.fixed.isEmpty()) {
        out +=
            QStringLiteral("<section id=\"fixed\"><h2>Fixed since the compared run</h2><p>") +
            esc(fixedText(report)) +
            QStringLiteral("</p><table class=\"findings fixed\"><colgroup>"
                           "<col class=\"sev\"><col class=\"finding\"><col class=\"loc\"><col class=\"run\">"
                           "</colgroup><thead><tr>"
                           "<th>Severity</th><th>Finding</th><th>Location</th><th>Last seen in run</th>"
                           "</tr></thead><tbody>\n");
        for (const Entry &entry : report.fixed) {
            appendFixedRow(out, entry);
            if (!carryOn())
                return {};
        }
        out += QStringLiteral("</tbody></table></section>\n");
    }
    appendExcluded(out, report, Flavour::Browser);
    out += QStringLiteral("<footer>") + esc(report.title()) + QStringLiteral(" &middot; generated ") +
           dateTimeText(report.generated) + QStringLiteral(" by ") + esc(report.generator) +
           QStringLiteral("</footer>\n</body></html>\n");
    if (progress && !progress(total, total))
        return {};
    return out.toUtf8();
}

} // namespace ff::report

#include "reportsections.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>

namespace ff::report::sections {

using findings::Severity;

namespace {

const QString kDash = QStringLiteral("\u2014");

// Qt rich text has no class selectors worth relying on for tables: attributes it knows.
QString tableOpen(Flavour flavour, const QString &cssClass)
{
    if (flavour == Flavour::Browser)
        return QStringLiteral("<table class=\"") + cssClass + QStringLiteral("\">");
    return QStringLiteral("<table width=\"100%\" border=\"0\" cellspacing=\"0\" cellpadding=\"4\" "
                          "style=\"border-collapse: collapse; margin-bottom: 6px\">");
}

// Columns from `firstNumber` on hold numbers, aligned right.
QString headRow(Flavour flavour, const QStringList &cells, qsizetype firstNumber = -1)
{
    QString out = QStringLiteral("<thead><tr>");
    for (qsizetype i = 0; i < cells.size(); ++i) {
        const bool number = firstNumber >= 0 && i >= firstNumber;
        if (flavour == Flavour::Browser)
            out += (number ? QStringLiteral("<th class=\"num\">") : QStringLiteral("<th>")) + cells[i] +
                   QStringLiteral("</th>");
        else
            out += QStringLiteral("<th bgcolor=\"#eceff1\" align=\"") +
                   (number ? QStringLiteral("right") : QStringLiteral("left")) + QStringLiteral("\">") +
                   cells[i] + QStringLiteral("</th>");
    }
    return out + QStringLiteral("</tr></thead>");
}

QString numberCell(Flavour flavour, const QString &content)
{
    return (flavour == Flavour::Browser ? QStringLiteral("<td class=\"num\">")
                                        : QStringLiteral("<td align=\"right\">")) +
           content + QStringLiteral("</td>");
}

QString noWrapCell(Flavour flavour)
{
    return flavour == Flavour::Browser ? QStringLiteral("<td class=\"nowrap\">")
                                       : QStringLiteral("<td style=\"white-space: nowrap\">");
}

QString code(Flavour flavour, const QString &text)
{
    return flavour == Flavour::Browser ? QStringLiteral("<code>") + esc(text) + QStringLiteral("</code>")
                                       : QStringLiteral("<tt>") + esc(text) + QStringLiteral("</tt>");
}

QString muted(Flavour flavour, const QString &escaped)
{
    return flavour == Flavour::Browser
               ? QStringLiteral("<span class=\"muted\">") + escaped + QStringLiteral("</span>")
               : QStringLiteral("<span style=\"color: #616161\">") + escaped + QStringLiteral("</span>");
}

} // namespace

QString plural(qsizetype n, const QString &one, const QString &many)
{
    return QString::number(n) + QLatin1Char(' ') + (n == 1 ? one : many);
}

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString severityLabel(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return QStringLiteral("Critical");
    case Severity::High:
        return QStringLiteral("High");
    case Severity::Medium:
        return QStringLiteral("Medium");
    case Severity::Low:
        return QStringLiteral("Low");
    case Severity::Info:
        return QStringLiteral("Info");
    }
    return QStringLiteral("Unknown");
}

// The Findings view's colours, so a report looks like the application.
QColor severityColor(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return QColor(0x8e, 0x1b, 0x8e);
    case Severity::High:
        return QColor(0xd3, 0x2f, 0x2f);
    case Severity::Medium:
        return QColor(0xf5, 0x7c, 0x00);
    case Severity::Low:
        return QColor(0xfb, 0xc0, 0x2d);
    case Severity::Info:
        return QColor(0x19, 0x76, 0xd2);
    }
    return QColor(0x75, 0x75, 0x75);
}

QColor severityTextColor(Severity severity)
{
    return severity == Severity::Low ? QColor(0x21, 0x21, 0x21) : QColor(Qt::white);
}

QString dateTimeText(const QDateTime &time)
{
    if (!time.isValid())
        return kDash;
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) + QStringLiteral(" UTC");
}

QString durationText(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid() || to < from)
        return kDash;
    const qint64 s = from.secsTo(to);
    if (s < 60)
        return QString::number(s) + QStringLiteral(" s");
    if (s < 3600)
        return QString::number(s / 60) + QStringLiteral(" min ") + QString::number(s % 60) +
               QStringLiteral(" s");
    return QString::number(s / 3600) + QStringLiteral(" h ") + QString::number(s % 3600 / 60) +
           QStringLiteral(" min");
}

QString shortRunId(const QString &id)
{
    return id.left(12);
}

QString locationText(const findings::Finding &finding)
{
    if (finding.path.isEmpty())
        return kDash;
    if (finding.region.startLine <= 0)
        return finding.path;
    return finding.path + QLatin1Char(':') + QString::number(finding.region.startLine);
}

QString findingTitle(const findings::Finding &finding)
{
    return finding.title.trimmed().isEmpty() ? finding.ruleId : finding.title;
}

QStringList crashLines(const findings::Finding &finding)
{
    const QJsonObject crash = finding.properties.value(QLatin1String("crash")).toObject();
    if (crash.isEmpty())
        return {};
    QStringList out;
    QString type = crash.value(QLatin1String("type")).toString();
    const QString check = crash.value(QLatin1String("check")).toString();
    if (!check.isEmpty() && check != type)
        type += QStringLiteral(" (") + check + QLatin1Char(')');
    const QString access = crash.value(QLatin1String("access")).toString();
    if (!access.isEmpty())
        type += QLatin1Char(' ') + access;
    const int occurrences = crash.value(QLatin1String("occurrences")).toInt();
    out << QStringLiteral("Crash: %1, %2, engine %3")
               .arg(type,
                    plural(occurrences, QStringLiteral("crashing input"), QStringLiteral("crashing inputs")),
                    crash.value(QLatin1String("engine")).toString());
    out << QStringLiteral("Signature: ") + crash.value(QLatin1String("signature")).toString();
    const QJsonArray frames = crash.value(QLatin1String("frames")).toArray();
    if (!frames.isEmpty()) {
        out << QStringLiteral("Top frames:");
        for (qsizetype i = 0; i < frames.size() && i < 5; ++i)
            out << QStringLiteral("  #%1 %2").arg(i).arg(frames.at(i).toString());
    }
    const QJsonObject reproducer = crash.value(QLatin1String("reproducer")).toObject();
    const qint64 size = reproducer.value(QLatin1String("size")).toInteger();
    const QString base64 = reproducer.value(QLatin1String("base64")).toString();
    out << QStringLiteral("Reproducer: %1 (%2)")
               .arg(reproducer.value(QLatin1String("name")).toString(),
                    plural(size, QStringLiteral("byte"), QStringLiteral("bytes")));
    constexpr qsizetype kHexDumpMax = 256;
    constexpr qsizetype kBase64Max = 4096;
    const QByteArray input = QByteArray::fromBase64(base64.toLatin1());
    if (base64.isEmpty()) {
        out << QStringLiteral("  (the input is too big to include; it is kept with the run)");
    } else if (input.size() <= kHexDumpMax) {
        for (qsizetype offset = 0; offset < input.size(); offset += 16) {
            const QByteArray row = input.mid(offset, 16);
            QString printable;
            for (const char c : row)
                printable += c >= 0x20 && c < 0x7f ? QLatin1Char(c) : QLatin1Char('.');
            out << QStringLiteral("  %1  %2  %3")
                       .arg(offset, 4, 16, QLatin1Char('0'))
                       .arg(QString::fromLatin1(row.toHex(' ')), -47)
                       .arg(printable);
        }
    } else {
        out << QStringLiteral("  base64: ") + base64.left(kBase64Max) +
                   (base64.size() > kBase64Max
                        ? QStringLiteral(" ... (the whole input is in the SARIF and JSON exports)")
                        : QString());
    }
    return out;
}

std::optional<QString> webLink(const QString &uri)
{
    const QUrl url(uri.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return std::nullopt;
    if (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        return std::nullopt;
    return url.toString(QUrl::FullyEncoded);
}

QString triageText(const Entry &entry)
{
    QString out = storage::triageStatusName(entry.status);
    if (entry.status == storage::TriageStatus::AcceptedRisk && entry.expires.isValid())
        out += QStringLiteral(" until ") + entry.expires.toUTC().toString(QStringLiteral("yyyy-MM-dd"));
    if (!entry.reason.isEmpty())
        out += QStringLiteral(": ") + entry.reason;
    return out;
}

QString excludedText(const Report &report)
{
    const Excluded &x = report.excluded;
    if (x.total() == 0)
        return QStringLiteral("The report's filters excluded no findings.");
    QStringList parts;
    if (x.belowThreshold > 0) {
        const QString below = report.options.minSeverity
                                  ? QStringLiteral(" below ") + severityLabel(*report.options.minSeverity)
                                  : QStringLiteral(" below the minimum severity");
        parts << QString::number(x.belowThreshold) + below;
    }
    if (x.falsePositives > 0)
        parts << plural(x.falsePositives, QStringLiteral("false positive"),
                        QStringLiteral("false positives"));
    if (x.acceptedRisks > 0)
        parts << plural(x.acceptedRisks, QStringLiteral("accepted risk"), QStringLiteral("accepted risks"));
    return QStringLiteral("The report's filters excluded ") +
           plural(x.total(), QStringLiteral("finding"), QStringLiteral("findings")) + QStringLiteral(" (") +
           parts.join(QStringLiteral(", ")) + QStringLiteral(").");
}

QString fixedText(const Report &report)
{
    return report.fixed.size() == 1 ? QStringLiteral("1 finding of the compared runs is gone.")
                                    : QString::number(report.fixed.size()) +
                                          QStringLiteral(" findings of the compared runs are gone.");
}

QString filtersText(const Options &options)
{
    QStringList parts;
    parts << (options.minSeverity ? QStringLiteral("severity ") + severityLabel(*options.minSeverity) +
                                        QStringLiteral(" and above")
                                  : QStringLiteral("all severities"));
    parts << (options.includeFalsePositives ? QStringLiteral("false positives included")
                                            : QStringLiteral("false positives left out"));
    parts << (options.includeAcceptedRisks ? QStringLiteral("accepted risks included")
                                           : QStringLiteral("accepted risks left out"));
    parts << (options.redactSecrets ? QStringLiteral("secret-looking values redacted")
                                    : QStringLiteral("only findings about secrets redacted"));
    if (options.compareWithPrevious)
        parts << QStringLiteral("each run compared with the previous run of its workflow");
    return parts.join(QStringLiteral("; ")) + QLatin1Char('.');
}

void appendScope(QString &out, const Report &report, Flavour flavour)
{
    const QStringList projects = report.projects();
    out += QStringLiteral("<h2>Scope</h2>");
    if (projects.size() == 1) {
        out += QStringLiteral("<p>Project: ") + code(flavour, projects.first()) + QStringLiteral("</p>");
    } else {
        out += QStringLiteral("<p>Projects:</p><ul>");
        for (const QString &p : projects)
            out += QStringLiteral("<li>") + code(flavour, p) + QStringLiteral("</li>");
        out += QStringLiteral("</ul>");
    }
    out += QStringLiteral("<p>Filters: ") + esc(filtersText(report.options)) + QStringLiteral("</p>");

    const bool manyProjects = projects.size() > 1;
    QStringList head{QStringLiteral("Workflow"),     QStringLiteral("Run"),     QStringLiteral("State"),
                     QStringLiteral("Exit code"),    QStringLiteral("Started"), QStringLiteral("Duration"),
                     QStringLiteral("Compared with")};
    if (manyProjects)
        head.insert(1, QStringLiteral("Project"));
    out += tableOpen(flavour, QStringLiteral("runs")) + headRow(flavour, head) + QStringLiteral("<tbody>");
    for (const RunInfo &run : report.runs) {
        out += QStringLiteral("<tr><td>") + esc(run.workflow);
        if (!run.workflowVersion.isEmpty())
            out += QLatin1Char(' ') + muted(flavour, esc(run.workflowVersion));
        out += QStringLiteral("</td>");
        if (manyProjects)
            out += QStringLiteral("<td>") + code(flavour, run.projectPath) + QStringLiteral("</td>");
        out += QStringLiteral("<td>") + code(flavour, shortRunId(run.id)) + QStringLiteral("</td><td>") +
               esc(run.state);
        if (!run.error.isEmpty())
            out += QStringLiteral("<br/>") + muted(flavour, esc(run.error));
        out += QStringLiteral("</td>") +
               numberCell(flavour, run.exitCode >= 0 ? QString::number(run.exitCode) : kDash) +
               noWrapCell(flavour) + dateTimeText(run.started) + QStringLiteral("</td>") +
               noWrapCell(flavour) + durationText(run.started, run.finished) + QStringLiteral("</td><td>") +
               (run.baselineRunId.isEmpty() ? kDash : code(flavour, shortRunId(run.baselineRunId))) +
               QStringLiteral("</td></tr>");
    }
    out += QStringLiteral("</tbody></table>");
}

void appendSummary(QString &out, const Report &report, Flavour flavour, const QString &chart)
{
    const QMap<Severity, int> counts = report.countsBySeverity();
    const int total = static_cast<int>(report.entries.size());
    out += QStringLiteral("<h2>Summary</h2><p><b>") +
           plural(total, QStringLiteral("finding"), QStringLiteral("findings")) + QStringLiteral("</b> in ") +
           plural(report.runs.size(), QStringLiteral("run"), QStringLiteral("runs")) +
           QStringLiteral(".</p>");
    if (flavour == Flavour::Browser) {
        out += QStringLiteral("<p class=\"counts\">");
        for (Severity s : findings::kAllSeverities)
            out += QStringLiteral("<span class=\"badge sev-") + findings::severityName(s) +
                   QStringLiteral("\">") + severityLabel(s) + QStringLiteral(" <b>") +
                   QString::number(counts.value(s)) + QStringLiteral("</b></span> ");
        out += QStringLiteral("</p>");
    } else {
        out += QStringLiteral("<table width=\"100%\" cellspacing=\"4\" cellpadding=\"6\"><tr>");
        for (Severity s : findings::kAllSeverities)
            out += QStringLiteral("<td width=\"20%\" align=\"center\" bgcolor=\"") + severityColor(s).name() +
                   QStringLiteral("\"><span style=\"color: ") + severityTextColor(s).name() +
                   QStringLiteral("\">") + severityLabel(s) +
                   QStringLiteral("<br/><span style=\"font-size: 14pt; font-weight: bold\">") +
                   QString::number(counts.value(s)) + QStringLiteral("</span></span></td>");
        out += QStringLiteral("</tr></table>");
    }
    out += chart;

    out += QStringLiteral("<h3>By workflow</h3>");
    QStringList head{QStringLiteral("Workflow")};
    for (Severity s : findings::kAllSeverities)
        head << severityLabel(s);
    head << QStringLiteral("Total");
    out +=
        tableOpen(flavour, QStringLiteral("counts")) + headRow(flavour, head, 1) + QStringLiteral("<tbody>");
    for (const auto &[workflow, byWorkflow] : report.countsByWorkflow()) {
        out += QStringLiteral("<tr><td>") + esc(workflow) + QStringLiteral("</td>");
        int sum = 0;
        for (Severity s : findings::kAllSeverities) {
            out += numberCell(flavour, QString::number(byWorkflow.value(s)));
            sum += byWorkflow.value(s);
        }
        out += numberCell(flavour, QStringLiteral("<b>") + QString::number(sum) + QStringLiteral("</b>")) +
               QStringLiteral("</tr>");
    }
    out += QStringLiteral("</tbody></table>");
}

void appendExcluded(QString &out, const Report &report, Flavour flavour)
{
    out += (flavour == Flavour::Browser ? QStringLiteral("<p class=\"excluded\">") : QStringLiteral("<p>")) +
           esc(excludedText(report)) + QStringLiteral("</p>");
}

} // namespace ff::report::sections

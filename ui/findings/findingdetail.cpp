#include "findingdetail.h"

#include "findings/redact.h"

#include "common/session.h"
#include "findingsmodel.h"

#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace ff::ui {

namespace {

QString link(const QString &url, const QString &text)
{
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(url.toHtmlEscaped(), text.toHtmlEscaped());
}

} // namespace

FindingDetail::FindingDetail(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_browser(new QTextBrowser(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser);
    // Links open in the analyst's browser; nothing is fetched here.
    m_browser->setOpenExternalLinks(true);
    m_browser->setOpenLinks(true);
    m_browser->setPlaceholderText(tr("Select a finding to see its details and the code around it."));
    render();
}

void FindingDetail::showRow(const std::optional<FindingRow> &row, int selected)
{
    const bool sameFile = row && m_row && row->projectPath == m_row->projectPath &&
                          row->finding.path == m_row->finding.path &&
                          row->finding.region.startLine == m_row->finding.region.startLine;
    m_row = row;
    m_selected = selected;
    if (!sameFile) {
        m_snippet.reset();
        ++m_generation;
        if (m_row) {
            const quint64 generation = m_generation;
            const QString project = m_row->projectPath;
            const QString path = m_row->finding.path;
            const int line = m_row->finding.region.startLine;
            const bool secret = findings::isSecretFinding(m_row->finding);
            m_session->background<CodeSnippet>(
                this,
                [project, path, line, secret] {
                    CodeSnippet s = CodeSnippet::read(project, path, line);
                    if (secret)
                        s.redactSecrets();
                    return s;
                },
                [this, generation](CodeSnippet snippet) {
                    if (generation != m_generation)
                        return; // another finding was selected meanwhile
                    m_snippet = std::move(snippet);
                    render();
                    Q_EMIT snippetReady();
                });
        }
    }
    render();
}

QString FindingDetail::text() const
{
    return m_browser->toPlainText();
}

void FindingDetail::render()
{
    if (!m_row) {
        m_browser->clear();
        return;
    }
    const findings::Finding &f = m_row->finding;
    QString html;
    if (m_selected > 1)
        html += QStringLiteral("<p><i>%1</i></p>")
                    .arg(tr("%n findings selected; triage applies to all of them. Shown: the current one.",
                            nullptr, m_selected));
    const QString title = f.title.isEmpty() ? f.ruleId : f.title;
    html += QStringLiteral("<h3>%1</h3>").arg(title.toHtmlEscaped());
    html += QStringLiteral("<p><span style=\"color:%1\">&#9679;</span> <b>%2</b> &middot; %3")
                .arg(FindingsModel::severityColor(f.severity).name(),
                     FindingsModel::severityText(f.severity).toHtmlEscaped(),
                     FindingsModel::statusText(m_row->status).toHtmlEscaped());
    if (!m_row->reason.isEmpty())
        html += QStringLiteral(": ") + m_row->reason.toHtmlEscaped();
    html += QStringLiteral("</p><p>");
    const QUrl help(f.helpUri);
    const bool helpOk =
        help.isValid() && (help.scheme() == QLatin1String("https") || help.scheme() == QLatin1String("http"));
    html += tr("Rule: %1").arg(helpOk ? link(f.helpUri, f.ruleId) : f.ruleId.toHtmlEscaped());
    if (helpOk)
        html += QStringLiteral(" (%1)").arg(link(f.helpUri, tr("rule help")));
    const QString cwe = findings::normalizeCwe(f.cwe);
    if (!cwe.isEmpty()) {
        const QString number = cwe.mid(4);
        html += QStringLiteral("<br>") +
                tr("CWE: %1").arg(
                    link(QStringLiteral("https://cwe.mitre.org/data/definitions/%1.html").arg(number), cwe));
    }
    html +=
        QStringLiteral("<br>") + tr("Tool: %1 %2 &middot; workflow %3 &middot; run %4")
                                     .arg(f.tool.toHtmlEscaped(), f.toolVersion.toHtmlEscaped(),
                                          f.workflow.toHtmlEscaped(), m_row->runId.left(12).toHtmlEscaped());
    if (!f.confidence.isEmpty())
        html += QStringLiteral("<br>") + tr("Confidence: %1").arg(f.confidence.toHtmlEscaped());
    html += QStringLiteral("</p>");
    if (!f.message.isEmpty())
        html += QStringLiteral("<p style=\"white-space:pre-wrap\">%1</p>").arg(f.message.toHtmlEscaped());
    QString location = f.path;
    if (f.region.startLine > 0)
        location += QLatin1Char(':') + QString::number(f.region.startLine);
    if (f.region.startColumn > 0)
        location += QLatin1Char(':') + QString::number(f.region.startColumn);
    html += QStringLiteral("<p>%1</p>").arg(tr("Location: %1").arg(location.toHtmlEscaped()));
    if (!m_snippet)
        html += QStringLiteral("<p><i>%1</i></p>").arg(tr("Reading the file…"));
    else
        html += m_snippet->toHtml();
    html += QStringLiteral("<p style=\"color:gray\">%1</p>")
                .arg(tr("Fingerprint: %1").arg(f.fingerprint.toHtmlEscaped()));
    m_browser->setHtml(html);
}

} // namespace ff::ui

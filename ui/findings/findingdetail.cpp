#include "findingdetail.h"

#include "findings/redact.h"

#include "common/session.h"
#include "findingsmodel.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLocale>
#include <QTextBrowser>
#include <QToolButton>
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
    , m_crashBar(new QWidget(this))
    , m_reproduce(
          new QAction(QIcon::fromTheme(QStringLiteral("media-playback-start")), tr("&Reproduce"), this))
    , m_saveReproducer(
          new QAction(QIcon::fromTheme(QStringLiteral("document-save-as")), tr("&Save Reproducer…"), this))
{
    m_reproduce->setObjectName(QStringLiteral("reproduceAction"));
    m_reproduce->setToolTip(tr("Run the harness on the crash's reproducer in a fresh hardened container and "
                               "compare the stack with the recorded one (Ctrl+R)"));
    m_saveReproducer->setObjectName(QStringLiteral("saveReproducerAction"));
    m_saveReproducer->setToolTip(tr("Write the input that makes the harness crash to a file"));
    connect(m_reproduce, &QAction::triggered, this, [this] {
        if (m_row && hasReproducer(m_row->finding))
            Q_EMIT reproduceRequested(*m_row);
    });
    connect(m_saveReproducer, &QAction::triggered, this, &FindingDetail::saveReproducerDialog);

    auto *bar = new QHBoxLayout(m_crashBar);
    bar->setContentsMargins(4, 2, 4, 2);
    for (QAction *action : {m_reproduce, m_saveReproducer}) {
        auto *button = new QToolButton(m_crashBar);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        bar->addWidget(button);
    }
    bar->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_browser);
    layout->addWidget(m_crashBar);
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

QJsonObject FindingDetail::crashOf(const findings::Finding &finding)
{
    return finding.properties.value(QLatin1String("crash")).toObject();
}

bool FindingDetail::hasReproducer(const findings::Finding &finding)
{
    const QJsonObject reproducer = crashOf(finding).value(QLatin1String("reproducer")).toObject();
    return !reproducer.value(QLatin1String("base64")).toString().isEmpty();
}

void FindingDetail::saveReproducerDialog()
{
    if (!m_row || !hasReproducer(m_row->finding))
        return;
    const QJsonObject crash = crashOf(m_row->finding);
    QString name =
        crash.value(QLatin1String("reproducer")).toObject().value(QLatin1String("name")).toString();
    if (name.isEmpty())
        name = QStringLiteral("reproducer");
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Save the reproducer"), QDir::home().filePath(QStringLiteral("crash-") + name.left(16)));
    if (!file.isEmpty())
        saveReproducer(file);
}

bool FindingDetail::saveReproducer(const QString &fileName)
{
    if (!m_row || !hasReproducer(m_row->finding))
        return false;
    const QByteArray base64 = crashOf(m_row->finding)
                                  .value(QLatin1String("reproducer"))
                                  .toObject()
                                  .value(QLatin1String("base64"))
                                  .toString()
                                  .toLatin1();
    m_session->background<QString>(
        this,
        [fileName, base64]() -> QString {
            QFile f(fileName);
            if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return f.errorString();
            const QByteArray input = QByteArray::fromBase64(base64);
            if (f.write(input) != input.size() || !f.flush())
                return f.errorString();
            return {};
        },
        [this, fileName](const QString &error) {
            if (error.isEmpty()) {
                Q_EMIT reproducerSaved(fileName);
                return;
            }
            Q_EMIT m_session->problem(tr("The reproducer could not be saved to %1: %2")
                                          .arg(QDir::toNativeSeparators(fileName), error),
                                      tr("Choose a folder you can write to."));
        });
    return true;
}

QString FindingDetail::crashHtml() const
{
    const QJsonObject crash = crashOf(m_row->finding);
    if (crash.isEmpty())
        return {};
    const QLocale locale;
    QString html = QStringLiteral("<h4>%1</h4><p>").arg(tr("Crash"));
    QString type = crash.value(QLatin1String("type")).toString();
    const QString access = crash.value(QLatin1String("access")).toString();
    if (!access.isEmpty())
        type += QStringLiteral(" (%1)").arg(access);
    html += tr("Type: %1").arg(type.toHtmlEscaped());
    const QString engine = crash.value(QLatin1String("engine")).toString();
    if (!engine.isEmpty())
        html += QStringLiteral(" &middot; ") + tr("engine %1").arg(engine.toHtmlEscaped());
    const int occurrences = crash.value(QLatin1String("occurrences")).toInt();
    // Plural forms spelled out: they must read right without a translation loaded.
    html +=
        QStringLiteral("<br>") + (occurrences == 1 ? tr("Occurrences: 1 crashing input")
                                                   : tr("Occurrences: %1 crashing inputs").arg(occurrences));
    html += QStringLiteral("<br>") +
            tr("Signature: %1")
                .arg(QStringLiteral("<code>%1</code>")
                         .arg(crash.value(QLatin1String("signature")).toString().toHtmlEscaped()));
    const QJsonObject reproducer = crash.value(QLatin1String("reproducer")).toObject();
    const qint64 size = reproducer.value(QLatin1String("size")).toInteger(-1);
    if (size >= 0) {
        html += QStringLiteral("<br>") +
                tr("Reproducer: %1 (%2), the smallest input with this signature")
                    .arg(reproducer.value(QLatin1String("name")).toString().left(16).toHtmlEscaped(),
                         locale.formattedDataSize(size));
        if (!hasReproducer(m_row->finding))
            html += QStringLiteral("<br><i>%1</i>")
                        .arg(tr("The input was too large to keep with the findings: find it in the run's "
                                "results folder."));
    }
    html += QStringLiteral("</p>");
    const QJsonArray frames = crash.value(QLatin1String("frames")).toArray();
    if (!frames.isEmpty()) {
        html += QStringLiteral("<p><b>%1</b></p><ol>").arg(tr("Stack frames"));
        for (const auto &frame : frames)
            html += QStringLiteral("<li><code>%1</code></li>").arg(frame.toString().toHtmlEscaped());
        html += QStringLiteral("</ol>");
    }
    const QString stack = crash.value(QLatin1String("stack")).toString();
    if (!stack.isEmpty())
        html += QStringLiteral("<p><b>%1</b></p><pre style=\"font-size:small\">%2</pre>")
                    .arg(tr("Sanitizer report"), stack.toHtmlEscaped());
    return html;
}

void FindingDetail::render()
{
    const bool crash = m_row && !crashOf(m_row->finding).isEmpty();
    const bool reproducible = crash && hasReproducer(m_row->finding);
    m_reproduce->setEnabled(reproducible);
    m_saveReproducer->setEnabled(reproducible);
    m_crashBar->setVisible(crash);
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
    html += crashHtml();
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

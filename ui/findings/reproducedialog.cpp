#include "reproducedialog.h"

#include "common/session.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace ff::ui {

namespace {

// What the history says of the run that found the crash.
struct RunLookup
{
    bool found = false;
    QString workflowId;
    QString projectPath;
    QMap<QString, QString> parameters;
};

QString shortSignature(const QString &signature)
{
    return signature.isEmpty() ? QStringLiteral("–") : signature.left(16);
}

} // namespace

CrashReproducer::CrashReproducer(Session *session, FindingRow row, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_row(std::move(row))
{
    qRegisterMetaType<ff::fuzz::ReproduceResult>();
}

CrashReproducer::~CrashReproducer()
{
    if (m_reproduction)
        m_reproduction->cancel();
}

QString CrashReproducer::recordedSignature() const
{
    return fuzz::Reproduction::signatureOf(m_row.finding);
}

void CrashReproducer::start()
{
    if (m_running)
        return;
    m_running = true;
    m_cancelled = false;
    Q_EMIT progress(tr("Looking up the run that found the crash…"));
    const QString runId = m_row.runId;
    const auto looked = [this](const RunLookup &run) {
        if (m_cancelled)
            return;
        // A run the history does not know (no database, or not recorded yet): the workflow
        // that reported the finding, on its project, with the workflow's default parameters.
        if (!run.found) {
            const auto info = m_session->runInfo(m_row.runId);
            launch(m_row.finding.workflow.isEmpty() && info ? info->workflowId : m_row.finding.workflow,
                   m_row.projectPath.isEmpty() && info ? info->projectPath : m_row.projectPath, {});
            return;
        }
        launch(run.workflowId, run.projectPath, run.parameters);
    };
    const bool reading = m_session->read<RunLookup>(
        this,
        [runId](const storage::Store &store) {
            RunLookup out;
            auto record = store.run(runId);
            if (!record)
                return out;
            out.found = true;
            out.workflowId = record->workflow;
            out.projectPath = record->projectPath;
            for (auto it = record->parameters.constBegin(); it != record->parameters.constEnd(); ++it)
                out.parameters.insert(it.key(), it.value().toVariant().toString());
            return out;
        },
        looked);
    if (!reading)
        looked(RunLookup{});
}

void CrashReproducer::launch(const QString &workflowId, const QString &projectPath,
                             const QMap<QString, QString> &parameters)
{
    const workflow::WorkflowManifest *manifest = m_session->catalogue().find(workflowId);
    if (!manifest) {
        fail(tr("The workflow \"%1\" that found the crash is not available.").arg(workflowId));
        return;
    }
    if (manifest->reproduce.isEmpty()) {
        fail(tr("The workflow \"%1\" cannot reproduce crashes.").arg(workflowId));
        return;
    }
    auto resolved = manifest->resolveParameters(parameters);
    if (!resolved) {
        fail(tr("The run's parameters no longer suit the workflow: %1").arg(resolved.error().message));
        return;
    }
    fuzz::ReproduceRequest request;
    request.workflow = *manifest;
    request.projectPath = projectPath;
    request.parameters = resolved.value();
    request.input = fuzz::Reproduction::reproducerOf(m_row.finding);
    if (request.input.isEmpty()) {
        fail(tr("The finding keeps no reproducer (the input was too large to store)."));
        return;
    }
    Q_EMIT progress(
        tr("Starting %1 on %2…").arg(manifest->name.isEmpty() ? manifest->id : manifest->name, projectPath));
    auto *reproduction = new fuzz::Reproduction(m_session->client(), request, this);
    m_reproduction = reproduction;
    connect(reproduction, &fuzz::Reproduction::progress, this, &CrashReproducer::progress);
    connect(reproduction, &fuzz::Reproduction::logLine, this, &CrashReproducer::logLine);
    connect(reproduction, &fuzz::Reproduction::finished, this,
            [this, reproduction](const fuzz::ReproduceResult &result) {
                m_running = false;
                m_result = result;
                reproduction->deleteLater();
                Q_EMIT finished(result);
            });
    reproduction->start();
}

void CrashReproducer::fail(const QString &error)
{
    m_running = false;
    fuzz::ReproduceResult result;
    result.ok = false;
    result.error = error;
    m_result = result;
    Q_EMIT finished(result);
}

void CrashReproducer::cancel()
{
    m_cancelled = true;
    if (m_reproduction)
        m_reproduction->cancel();
    m_running = false;
}

ReproduceDialog::ReproduceDialog(Session *session, const FindingRow &row, QWidget *parent)
    : QDialog(parent)
    , m_reproducer(new CrashReproducer(session, row, this))
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_signatures(new QLabel(this))
    , m_stack(new QPlainTextEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this))
    , m_cancel(m_buttons->addButton(QDialogButtonBox::Cancel))
{
    setObjectName(QStringLiteral("reproduceDialog"));
    setWindowTitle(tr("Reproduce Crash"));
    const QString title = row.finding.title.isEmpty() ? row.finding.ruleId : row.finding.title;
    m_title->setText(
        tr("<b>%1</b><br>run %2, reproducer of %3")
            .arg(title.toHtmlEscaped(), row.runId.left(12),
                 QLocale().formattedDataSize(fuzz::Reproduction::reproducerOf(row.finding).size())));
    m_title->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("reproduceStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 0); // busy: the engine gives no percentage
    m_signatures->setObjectName(QStringLiteral("reproduceSignatures"));
    m_signatures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_signatures->hide();
    m_stack->setObjectName(QStringLiteral("reproduceStack"));
    m_stack->setReadOnly(true);
    m_stack->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_stack->setMaximumBlockCount(5000);
    m_stack->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_stack->setPlaceholderText(tr("The container's output appears here."));
    m_buttons->button(QDialogButtonBox::Close)->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(m_signatures);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_buttons);
    resize(820, 560);

    connect(m_buttons, &QDialogButtonBox::rejected, this, &ReproduceDialog::reject);
    connect(m_reproducer, &CrashReproducer::progress, m_status, &QLabel::setText);
    connect(m_reproducer, &CrashReproducer::logLine, this,
            [this](const QString &line) { m_stack->appendPlainText(line); });
    connect(m_reproducer, &CrashReproducer::finished, this, &ReproduceDialog::showResult);
}

void ReproduceDialog::start()
{
    m_verdict = Verdict::Running;
    m_stack->clear();
    m_reproducer->start();
}

void ReproduceDialog::reject()
{
    if (m_reproducer->isRunning())
        m_reproducer->cancel();
    QDialog::reject();
}

void ReproduceDialog::showResult(const fuzz::ReproduceResult &result)
{
    const QString recorded = m_reproducer->recordedSignature();
    if (!result.ok)
        m_verdict = Verdict::Error;
    else if (!result.crashed)
        m_verdict = Verdict::NoCrash;
    else if (!recorded.isEmpty() && result.signature == recorded)
        m_verdict = Verdict::SameSignature;
    else
        m_verdict = Verdict::OtherSignature;

    QString text;
    QString colour;
    switch (m_verdict) {
    case Verdict::SameSignature:
        text = tr("Reproduced: the harness crashed with the recorded signature.");
        colour = QStringLiteral("#2c8a2c");
        break;
    case Verdict::OtherSignature:
        text = tr("The harness crashed, but with another signature than the recorded one.");
        colour = QStringLiteral("#b36b00");
        break;
    case Verdict::NoCrash:
        text = tr("Not reproduced: the harness did not crash on the input.");
        colour = QStringLiteral("#b36b00");
        break;
    case Verdict::Error:
    case Verdict::Running:
        text = tr("The reproduction failed: %1").arg(result.error);
        colour = QStringLiteral("#c9302c");
        break;
    }
    m_status->setText(QStringLiteral("<b style=\"color:%1\">%2</b>").arg(colour, text.toHtmlEscaped()));
    m_progress->hide();
    if (result.ok) {
        m_signatures->setText(
            tr("Recorded signature: %1<br>Signature now: %2")
                .arg(QStringLiteral("<code>%1</code>").arg(shortSignature(recorded)),
                     QStringLiteral("<code>%1</code>")
                         .arg(result.crashed ? shortSignature(result.signature) : tr("no crash"))));
        m_signatures->setToolTip(tr("Recorded: %1\nNow: %2").arg(recorded, result.signature));
        m_signatures->show();
    }
    // The sanitizer's report when it crashed, else what the container printed.
    const QString stack = result.crashed && !result.stackTrace.isEmpty() ? result.stackTrace : result.log;
    if (!stack.isEmpty() || result.ok)
        m_stack->setPlainText(stack);
    m_cancel->hide();
    m_buttons->button(QDialogButtonBox::Close)->setEnabled(true);
    m_buttons->button(QDialogButtonBox::Close)->setDefault(true);
    Q_EMIT done(m_verdict);
}

QString ReproduceDialog::verdictText() const
{
    return m_status->text();
}

QString ReproduceDialog::stackText() const
{
    return m_stack->toPlainText();
}

} // namespace ff::ui

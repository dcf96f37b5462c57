#include "exportdialog.h"

#include "common/session.h"
#include "exportjob.h"
#include "exportrunlist.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace ff::ui {

using report::Format;

namespace {
struct FormatSpec
{
    Format format;
    const char *label;
};
// In the order the list offers them.
constexpr FormatSpec kFormats[] = {
    {Format::Sarif, QT_TRANSLATE_NOOP("ff::ui::ExportDialog", "SARIF, for code-scanning tools")},
    {Format::Html, QT_TRANSLATE_NOOP("ff::ui::ExportDialog", "HTML, to read in a browser")},
    {Format::Pdf, QT_TRANSLATE_NOOP("ff::ui::ExportDialog", "PDF, to share and print")},
    {Format::Csv, QT_TRANSLATE_NOOP("ff::ui::ExportDialog", "CSV, for spreadsheets")},
    {Format::Markdown, QT_TRANSLATE_NOOP("ff::ui::ExportDialog", "Markdown, for tickets and wikis")},
    {Format::Json, QT_TRANSLATE_NOOP("ff::ui::ExportDialog", "JSON, for scripts")},
};
} // namespace

ExportDialog::ExportDialog(Session *session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_settings(ExportSettings::load())
    , m_job(new ExportJob(session, this))
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export Report"));
    m_form = buildForm();

    m_reason = new QLabel(this);
    m_reason->setObjectName(QStringLiteral("exportReason"));
    m_reason->setWordWrap(true);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("exportError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("exportStatus"));
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_status);
    m_progress->hide();
    m_status->hide();

    m_buttons = new QDialogButtonBox(this);
    m_exportButton = m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setDefault(true);
    m_cancelButton = m_buttons->addButton(tr("Cancel"), QDialogButtonBox::RejectRole);
    m_cancelButton->setObjectName(QStringLiteral("exportCancelButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportDialog::startExport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_form, 1);
    layout->addWidget(m_reason);
    layout->addWidget(m_error);
    layout->addLayout(progressRow);
    layout->addWidget(m_buttons);

    connect(m_job, &ExportJob::progressed, this, &ExportDialog::showProgress);
    connect(m_job, &ExportJob::finished, this, &ExportDialog::exportFinished);
    connect(m_runs, &ExportRunList::changed, this, &ExportDialog::runsChanged);

    setFormat(m_settings.format);
    updateDefaultPath();
    updateState();
    resize(sizeHint().expandedTo(QSize(620, 0)));
}

ExportDialog::~ExportDialog() = default;

QWidget *ExportDialog::buildForm()
{
    auto *form = new QWidget(this);
    m_format = new QComboBox(form);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    for (const FormatSpec &spec : kFormats)
        m_format->addItem(tr(spec.label), int(spec.format));
    m_path = new QLineEdit(form);
    m_path->setObjectName(QStringLiteral("exportPath"));
    m_path->setClearButtonEnabled(true);
    m_browse = new QPushButton(tr("&Browse…"), form);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    m_title = new QLineEdit(form);
    m_title->setObjectName(QStringLiteral("exportTitle"));
    // What the report is called when this stays empty (the report's own words).
    m_title->setPlaceholderText(report::Options{}.effectiveTitle());
    m_author = new QLineEdit(m_settings.effectiveAuthor(), form);
    m_author->setObjectName(QStringLiteral("exportAuthor"));
    m_author->setPlaceholderText(tr("Left out of the report when empty"));
    m_runs = new ExportRunList(m_session, form);
    m_severity = new QComboBox(form);
    m_severity->setObjectName(QStringLiteral("exportSeverity"));
    m_severity->addItem(tr("All severities"), -1);
    m_severity->addItem(tr("Low and above"), int(findings::Severity::Low));
    m_severity->addItem(tr("Medium and above"), int(findings::Severity::Medium));
    m_severity->addItem(tr("High and above"), int(findings::Severity::High));
    m_severity->addItem(tr("Critical only"), int(findings::Severity::Critical));

    const report::Options defaults;
    m_falsePositives = new QCheckBox(tr("Include &false positives"), form);
    m_falsePositives->setChecked(defaults.includeFalsePositives);
    m_acceptedRisks = new QCheckBox(tr("Include accepted &risks"), form);
    m_acceptedRisks->setChecked(defaults.includeAcceptedRisks);
    m_redact = new QCheckBox(tr("Re&dact secret values in snippets and messages"), form);
    m_redact->setChecked(defaults.redactSecrets);
    auto *redactNote = new QLabel(tr("Findings about secrets are always redacted."), form);
    redactNote->setObjectName(QStringLiteral("exportRedactNote"));
    redactNote->setWordWrap(true);
    redactNote->setIndent(m_redact->style()->pixelMetric(QStyle::PM_IndicatorWidth) + 4);
    QFont small = redactNote->font(); // a note, not a control
    small.setPointSizeF(small.pointSizeF() * 0.9);
    redactNote->setFont(small);
    m_compare = new QCheckBox(tr("&Compare with the previous run (new and fixed findings)"), form);
    m_compare->setChecked(defaults.compareWithPrevious);
    auto *contents = new QVBoxLayout;
    contents->setSpacing(2);
    for (QWidget *w : QList<QWidget *>{m_falsePositives, m_acceptedRisks, m_redact, redactNote, m_compare})
        contents->addWidget(w);

    auto *layout = new QFormLayout(form);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addRow(tr("&Format:"), m_format);
    auto *pathLabel = new QLabel(tr("F&ile:"), form);
    pathLabel->setBuddy(m_path); // a row of widgets gets no buddy of its own
    layout->addRow(pathLabel, pathRow);
    layout->addRow(tr("&Title:"), m_title);
    layout->addRow(tr("&Author:"), m_author);
    layout->addRow(tr("R&uns:"), m_runs);
    layout->addRow(tr("&Severity:"), m_severity);
    layout->addRow(tr("Contents:"), contents);
    static_cast<QLabel *>(layout->labelForField(m_runs))->setBuddy(m_runs->list());

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(m_path, &QLineEdit::textEdited, this, [this] { m_pathEdited = true; });
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::pathChanged);
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::browse);
    return form;
}

QString ExportDialog::formatLabel(Format format)
{
    for (const FormatSpec &spec : kFormats)
        if (spec.format == format)
            return tr(spec.label);
    return {};
}

QString ExportDialog::formatFilter(Format format)
{
    return tr("%1 files (*.%2)").arg(report::formatName(format).toUpper(), report::fileExtension(format));
}

void ExportDialog::setRuns(const QStringList &runIds, const QStringList &projects)
{
    m_fingerprints.reset();
    m_compare->setEnabled(true);
    m_compare->setToolTip(QString());
    m_runs->load(runIds, projects);
    updateState();
}

void ExportDialog::setSelection(const QStringList &runIds, const QSet<QString> &fingerprints)
{
    m_fingerprints = fingerprints;
    m_runs->loadSelection(runIds, int(fingerprints.size()));
    // The findings picked are what the report shows: nothing earlier to compare them with.
    m_compare->setChecked(false);
    m_compare->setEnabled(false);
    m_compare->setToolTip(tr("A selection of findings is reported as it is, without comparing runs."));
    updateState();
}

Format ExportDialog::format() const
{
    return Format(m_format->currentData().toInt());
}

void ExportDialog::setFormat(Format format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

void ExportDialog::setPath(const QString &path)
{
    m_pathEdited = true;
    m_path->setText(path);
}

report::Options ExportDialog::options() const
{
    report::Options o;
    o.title = m_title->text().trimmed();
    o.author = m_author->text().trimmed();
    const int severity = m_severity->currentData().toInt();
    if (severity >= 0)
        o.minSeverity = findings::Severity(severity);
    o.includeFalsePositives = m_falsePositives->isChecked();
    o.includeAcceptedRisks = m_acceptedRisks->isChecked();
    o.redactSecrets = m_redact->isChecked();
    o.compareWithPrevious = m_compare->isChecked();
    return o;
}

QStringList ExportDialog::checkedRuns() const
{
    return m_runs->checkedRuns();
}

bool ExportDialog::isExporting() const
{
    return m_job->isRunning();
}

bool ExportDialog::isLoading() const
{
    return m_runs->isLoading();
}

QString ExportDialog::reason() const
{
    if (!m_runs->problem().isEmpty())
        return m_runs->problem();
    if (m_fingerprints && m_fingerprints->isEmpty())
        return tr("No findings are selected: select them in the Findings view first.");
    if (m_runs->isLoading())
        return tr("Reading the runs from the history…");
    if (m_runs->checkedRuns().isEmpty())
        return m_runs->isFixed() ? tr("The runs of the selected findings are no longer in the history.")
                                 : tr("Check at least one run to export.");
    if (path().isEmpty())
        return tr("Choose the file to write the report to.");
    if (QFileInfo(path()).isDir())
        return tr("%1 is a folder: add a file name.").arg(QDir::toNativeSeparators(path()));
    return {};
}

QString ExportDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ExportDialog::browse()
{
    QStringList filters;
    for (const FormatSpec &spec : kFormats)
        filters << formatFilter(spec.format);
    QString filter = formatFilter(format());
    const QString start = path().isEmpty() ? m_settings.effectiveFolder() : path();
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export Report"), start,
                                                        filters.join(QStringLiteral(";;")), &filter);
    if (chosen.isEmpty())
        return;
    const auto byFilter = filters.indexOf(filter);
    if (byFilter >= 0 && !report::formatForPath(chosen))
        setFormat(kFormats[byFilter].format);
    setPath(withExtension(chosen, report::formatForPath(chosen).value_or(format())));
}

void ExportDialog::formatChanged()
{
    if (!path().isEmpty() && report::formatForPath(path()) != format())
        m_path->setText(withExtension(m_path->text().trimmed(), format()));
    updateState();
}

void ExportDialog::pathChanged(const QString &text)
{
    // The format follows the extension typed.
    if (const auto f = report::formatForPath(text.trimmed()); f && *f != format()) {
        const QSignalBlocker block(m_format);
        setFormat(*f);
    }
    updateState();
}

void ExportDialog::runsChanged()
{
    updateDefaultPath();
    updateState();
    if (!m_runs->isLoading())
        Q_EMIT runsLoaded();
}

void ExportDialog::updateDefaultPath()
{
    if (m_pathEdited)
        return;
    const QString name = defaultReportName(m_runs->projectName(), QDate::currentDate(), format());
    m_path->setText(QDir(m_settings.effectiveFolder()).filePath(name));
}

void ExportDialog::updateState()
{
    const QString why = isExporting() ? QString() : reason();
    m_reason->setText(why);
    m_reason->setVisible(!why.isEmpty());
    m_exportButton->setEnabled(!isExporting() && why.isEmpty());
}

void ExportDialog::setBusy(bool busy)
{
    m_form->setEnabled(!busy);
    m_progress->setVisible(busy);
    m_status->setVisible(busy);
    updateState();
}

void ExportDialog::startExport()
{
    if (isExporting() || !reason().isEmpty())
        return;
    ExportRequest request;
    request.runIds = checkedRuns();
    request.fingerprints = m_fingerprints;
    request.options = options();
    request.format = format();
    request.path = QFileInfo(path()).absoluteFilePath();
    m_error->hide();
    if (!m_job->start(request)) {
        m_error->setText(tr("There is no history database: only recorded runs can be exported."));
        m_error->show();
        return;
    }
    m_exportPath = request.path;
    m_progress->setRange(0, 0); // busy while the report is collected
    m_status->setText(tr("Collecting findings…"));
    setBusy(true);
}

void ExportDialog::showProgress(qint64 done, qint64 total)
{
    // Entries can outnumber an int's range in theory only; the bar shows per mille then.
    const bool scaled = total > std::numeric_limits<int>::max();
    const int max = scaled ? 1000 : int(total);
    const int value = scaled ? int(done * 1000 / total) : int(done);
    m_progress->setRange(0, std::max(max, 1));
    m_progress->setValue(total > 0 ? value : 1);
    m_progress->setFormat(tr("%1 of %2 entries").arg(done).arg(total));
    m_status->setText(tr("Writing the report…"));
    Q_EMIT progressed(done, total);
}

void ExportDialog::exportFinished(const Error &error)
{
    setBusy(false);
    if (!error) {
        m_settings.folder = QFileInfo(m_exportPath).absolutePath();
        m_settings.author = m_author->text().trimmed();
        m_settings.format = format();
        m_settings.save();
        Q_EMIT exported(m_exportPath, format());
        accept();
        return;
    }
    const QString message = ExportJob::describe(error, m_exportPath);
    m_error->setText(message);
    m_error->show();
    Q_EMIT failed(message);
}

void ExportDialog::reject()
{
    if (isExporting()) {
        m_job->cancel();
        m_status->setText(tr("Canceling…"));
        return;
    }
    QDialog::reject();
}

} // namespace ff::ui

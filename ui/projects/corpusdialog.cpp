#include "corpusdialog.h"

#include "common/session.h"
#include "run/workflowrun.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace ff::ui {

namespace {

const QString kHarness = QStringLiteral("harness");

// The history's latest fuzzing run on the project: its workflow and harness.
struct LastRun
{
    QString workflowId;
    QString harness;
};

} // namespace

CorpusDialog::CorpusDialog(Session *session, const QString &projectPath, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_project(projectPath)
    , m_workflow(new QComboBox(this))
    , m_harness(new QLineEdit(this))
    , m_volume(new QLabel(this))
    , m_entries(new QLabel(this))
    , m_size(new QLabel(this))
    , m_status(new QLabel(this))
    , m_refresh(new QPushButton(QIcon::fromTheme(QStringLiteral("view-refresh")), tr("Re&fresh"), this))
    , m_export(new QPushButton(QIcon::fromTheme(QStringLiteral("document-export")), tr("&Export…"), this))
    , m_import(new QPushButton(QIcon::fromTheme(QStringLiteral("document-import")), tr("&Import…"), this))
    , m_reset(new QPushButton(QIcon::fromTheme(QStringLiteral("edit-delete")), tr("&Reset…"), this))
{
    setObjectName(QStringLiteral("corpusDialog"));
    setWindowTitle(tr("Fuzzing Corpus of %1").arg(QDir(projectPath).dirName()));

    // The workflows that keep a corpus between campaigns.
    const auto workflows = session->catalogue().workflows();
    for (const auto &w : workflows)
        if (!w.corpus.isEmpty())
            m_workflow->addItem(w.name.isEmpty() ? w.id : w.name, w.id);
    m_workflow->setToolTip(tr("The fuzzing workflow whose image reaches the volume"));
    m_harness->setToolTip(tr("The harness parameter of the campaigns, as given to the workflow: each harness "
                             "keeps a corpus of its own"));
    m_volume->setObjectName(QStringLiteral("corpusVolume"));
    m_entries->setObjectName(QStringLiteral("corpusEntries"));
    m_size->setObjectName(QStringLiteral("corpusSize"));
    m_status->setObjectName(QStringLiteral("corpusStatus"));
    for (QLabel *label : {m_volume, m_entries, m_size, m_status})
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    m_export->setToolTip(tr("Copy every corpus entry into a folder"));
    m_import->setToolTip(tr("Add the files of a folder to the corpus (creating the volume if needed)"));
    m_reset->setToolTip(tr("Delete the volume: the next campaign starts from its seeds again"));

    auto *form = new QFormLayout;
    auto *project = new QLabel(QDir::toNativeSeparators(projectPath), this);
    project->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Project:"), project);
    form->addRow(tr("Workflow:"), m_workflow);
    form->addRow(tr("Harness:"), m_harness);
    form->addRow(tr("Volume:"), m_volume);
    form->addRow(tr("Entries:"), m_entries);
    form->addRow(tr("Size:"), m_size);

    auto *actions = new QHBoxLayout;
    for (QPushButton *button : {m_refresh, m_export, m_import, m_reset}) {
        button->setAutoDefault(false);
        actions->addWidget(button);
    }
    actions->addStretch(1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addLayout(actions);
    layout->addWidget(buttons);
    resize(560, 280);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(&m_debounce, &QTimer::timeout, this, &CorpusDialog::refresh);
    connect(m_harness, &QLineEdit::textEdited, this, [this] {
        m_harnessEdited = true;
        harnessEdited();
    });
    connect(m_workflow, &QComboBox::currentIndexChanged, this, &CorpusDialog::workflowChanged);
    connect(m_refresh, &QPushButton::clicked, this, &CorpusDialog::refresh);
    connect(m_export, &QPushButton::clicked, this, &CorpusDialog::chooseExport);
    connect(m_import, &QPushButton::clicked, this, &CorpusDialog::chooseImport);
    connect(m_reset, &QPushButton::clicked, this, &CorpusDialog::confirmReset);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // The workflow's default harness at first; the last campaign's when the history knows it.
    const workflow::WorkflowManifest *w = session->catalogue().find(workflowId());
    const workflow::ParameterSpec *p = w ? w->parameter(kHarness) : nullptr;
    m_harness->setText(p ? p->defaultValue : QString());
    if (m_workflow->count() == 0) {
        showError(tr("No fuzzing workflow is installed, so there is no corpus to show."));
        updateButtons();
        return;
    }
    loadLastHarness();
    refresh();
}

QString CorpusDialog::workflowId() const
{
    return m_workflow->currentData().toString();
}

void CorpusDialog::setWorkflowId(const QString &id)
{
    const int index = m_workflow->findData(id);
    if (index >= 0)
        m_workflow->setCurrentIndex(index);
}

QString CorpusDialog::harness() const
{
    return m_harness->text().trimmed();
}

void CorpusDialog::setHarness(const QString &harness)
{
    m_harness->setText(harness);
    harnessEdited();
}

QString CorpusDialog::image() const
{
    if (!m_image.isEmpty())
        return m_image;
    const workflow::WorkflowManifest *w = m_session->catalogue().find(workflowId());
    return w ? run::WorkflowRun::imageTagFor(*w) : QString();
}

void CorpusDialog::setImage(const QString &image)
{
    m_image = image;
}

QString CorpusDialog::volumeName() const
{
    return fuzz::corpusVolumeName(m_project, harness());
}

fuzz::CorpusVolume CorpusDialog::volume() const
{
    return fuzz::CorpusVolume(m_session->client(), m_project, harness(), image());
}

void CorpusDialog::loadLastHarness()
{
    const QString project = m_project;
    QStringList fuzzing;
    for (int i = 0; i < m_workflow->count(); ++i)
        fuzzing << m_workflow->itemData(i).toString();
    m_session->read<LastRun>(
        this,
        [project, fuzzing](const storage::Store &store) {
            LastRun last;
            const auto runs = store.runs(project);
            if (!runs)
                return last;
            // Newest first.
            for (const storage::RunRecord &r : runs.value())
                if (fuzzing.contains(r.workflow)) {
                    last.workflowId = r.workflow;
                    last.harness = r.parameters.value(kHarness).toString();
                    break;
                }
            return last;
        },
        [this](const LastRun &last) {
            // What the analyst typed meanwhile wins.
            if (m_harnessEdited || last.workflowId.isEmpty())
                return;
            setWorkflowId(last.workflowId);
            if (!last.harness.isEmpty() && last.harness != harness())
                setHarness(last.harness);
        });
}

void CorpusDialog::harnessEdited()
{
    m_volume->setText(harness().isEmpty() ? QString() : volumeName());
    m_known = false;
    m_message.clear();
    ++m_generation; // a read under way is for another volume
    m_entries->setText(QStringLiteral("…"));
    m_size->setText(QStringLiteral("…"));
    updateButtons();
    m_debounce.start();
}

void CorpusDialog::workflowChanged()
{
    if (m_harnessEdited)
        return refresh();
    // Another workflow: its default harness, unless the analyst typed one.
    const workflow::WorkflowManifest *w = m_session->catalogue().find(workflowId());
    const workflow::ParameterSpec *p = w ? w->parameter(kHarness) : nullptr;
    if (p && !p->defaultValue.isEmpty() && p->defaultValue != harness())
        setHarness(p->defaultValue);
    else
        refresh();
}

void CorpusDialog::refresh()
{
    m_debounce.stop();
    m_volume->setText(volumeName());
    if (harness().isEmpty()) {
        m_known = false;
        showError(tr("Give the harness the campaigns ran (the workflow's harness parameter)."));
        updateButtons();
        return;
    }
    if (m_busy)
        return; // the operation under way reads the volume again when it ends
    const quint64 generation = ++m_generation;
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Reading the volume…"));
    // No export, import or reset while the volume is read: the reading container mounts the
    // volume, and the engine would make it again right after a reset removed it.
    ++m_reads;
    updateButtons();
    volume().info().then(this, [this, generation](const Result<fuzz::CorpusInfo> &info) {
        --m_reads;
        if (generation != m_generation) {
            updateButtons();
            return; // another harness or workflow was chosen meanwhile
        }
        if (!info) {
            m_known = false;
            m_entries->setText(QStringLiteral("–"));
            m_size->setText(QStringLiteral("–"));
            showError(info.error().message);
            updateButtons();
            return;
        }
        showInfo(info.value());
    });
}

void CorpusDialog::showInfo(const fuzz::CorpusInfo &info)
{
    m_info = info;
    m_known = true;
    if (!info.volume.isEmpty())
        m_volume->setText(info.volume);
    const QLocale locale;
    if (info.exists) {
        m_entries->setText(locale.toString(info.entries));
        m_size->setText(locale.formattedDataSize(info.bytes));
        m_status->setText(info.entries == 0 ? tr("The corpus is empty.")
                                            : tr("The next campaign with this harness starts from these "
                                                 "entries."));
    } else {
        m_entries->setText(tr("none"));
        m_size->setText(locale.formattedDataSize(0));
        m_status->setText(
            tr("No corpus yet: the first campaign with this harness makes the volume (or import "
               "a folder)."));
    }
    // What the last operation did stays in front of it.
    if (!m_message.isEmpty())
        m_status->setText(m_message + QLatin1Char(' ') + m_status->text());
    m_status->setStyleSheet(QString());
    updateButtons();
    Q_EMIT infoShown(info);
}

void CorpusDialog::chooseExport()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export the corpus into"));
    if (!folder.isEmpty())
        exportTo(folder);
}

void CorpusDialog::chooseImport()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Import the files of"));
    if (!folder.isEmpty())
        importFrom(folder);
}

void CorpusDialog::confirmReset()
{
    const auto answer = QMessageBox::question(
        this, tr("Reset the corpus"),
        tr("Delete the corpus of %1 (%2 entries, %3)? The next campaign starts from the seeds again; this "
           "cannot be undone. Export it first to keep a copy.")
            .arg(harness())
            .arg(m_info.entries)
            .arg(QLocale().formattedDataSize(m_info.bytes)),
        QMessageBox::Reset | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Reset)
        resetCorpus();
}

void CorpusDialog::exportTo(const QString &folder)
{
    if (isBusy() || harness().isEmpty())
        return;
    ++m_generation;
    m_message.clear();
    setBusy(true, tr("Exporting to %1…").arg(QDir::toNativeSeparators(folder)));
    volume().exportTo(folder).then(this, [this, folder](const Result<qint64> &written) {
        setBusy(false);
        if (!written) {
            showError(tr("The corpus could not be exported: %1").arg(written.error().message));
            Q_EMIT operationFinished(false, m_status->text());
            return;
        }
        const QString message =
            tr("Entries exported to %1: %2.").arg(QDir::toNativeSeparators(folder)).arg(written.value());
        m_message = message;
        refresh();
        Q_EMIT operationFinished(true, message);
    });
}

void CorpusDialog::importFrom(const QString &folder)
{
    if (isBusy() || harness().isEmpty())
        return;
    ++m_generation;
    m_message.clear();
    setBusy(true, tr("Importing %1…").arg(QDir::toNativeSeparators(folder)));
    volume().importFrom(folder).then(this, [this, folder](const Result<qint64> &added) {
        setBusy(false);
        if (!added) {
            showError(tr("The folder could not be imported: %1").arg(added.error().message));
            Q_EMIT operationFinished(false, m_status->text());
            return;
        }
        const QString message =
            tr("Files imported from %1: %2.").arg(QDir::toNativeSeparators(folder)).arg(added.value());
        m_message = message;
        refresh();
        Q_EMIT operationFinished(true, message);
    });
}

void CorpusDialog::resetCorpus()
{
    if (isBusy() || harness().isEmpty())
        return;
    ++m_generation;
    m_message.clear();
    setBusy(true, tr("Deleting the volume…"));
    volume().reset().then(this, [this](const Status &status) {
        setBusy(false);
        if (!status) {
            showError(tr("The corpus could not be reset: %1").arg(status.error().message));
            Q_EMIT operationFinished(false, m_status->text());
            return;
        }
        const QString message = tr("The corpus was deleted.");
        m_message = message;
        refresh();
        Q_EMIT operationFinished(true, message);
    });
}

void CorpusDialog::setBusy(bool busy, const QString &status)
{
    m_busy = busy;
    if (busy) {
        m_status->setStyleSheet(QString());
        m_status->setText(status);
    }
    updateButtons();
}

void CorpusDialog::showError(const QString &message)
{
    m_status->setStyleSheet(QStringLiteral("color: #c9302c"));
    m_status->setText(message);
    Q_EMIT failed(message);
}

bool CorpusDialog::canExport() const
{
    return !isBusy() && m_known && m_info.exists && m_info.entries > 0;
}

bool CorpusDialog::canImport() const
{
    return !isBusy() && !harness().isEmpty() && m_workflow->count() > 0;
}

bool CorpusDialog::canReset() const
{
    return !isBusy() && m_known && m_info.exists;
}

void CorpusDialog::updateButtons()
{
    m_refresh->setEnabled(!m_busy && !harness().isEmpty() && m_workflow->count() > 0);
    m_export->setEnabled(canExport());
    m_import->setEnabled(canImport());
    m_reset->setEnabled(canReset());
}

QString CorpusDialog::entriesText() const
{
    return m_entries->text();
}

QString CorpusDialog::sizeText() const
{
    return m_size->text();
}

QString CorpusDialog::statusText() const
{
    return m_status->text();
}

} // namespace ff::ui

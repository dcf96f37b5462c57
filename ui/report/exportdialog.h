#pragma once

#include "exportsettings.h"
#include "report/report.h"
#include "util/error.h"

#include <QDialog>
#include <QSet>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace ff::ui {

class ExportJob;
class ExportRunList;
class Session;

// File > Export Report… and the Findings view's Export Selection…: the format (the file's
// extension follows it and the other way round), the file, title and author, the runs, the
// filters. Export stays disabled, with the reason shown, while something is missing. The report
// is collected and written off the UI thread with a progress bar and Cancel; an error is shown
// in the dialog, which stays open so that nothing typed is lost. Once written, exported() and
// the dialog closes.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ExportDialog(Session *session, QWidget *parent = nullptr);
    ~ExportDialog() override;

    // The runs to offer checked (those selected in the Runs or History view); with none of them
    // recorded, the latest run of each workflow on `projects` (every project when empty).
    void setRuns(const QStringList &runIds, const QStringList &projects = {});
    // A selection of findings from the Findings view: the run list is fixed to their runs.
    void setSelection(const QStringList &runIds, const QSet<QString> &fingerprints);

    report::Format format() const;
    void setFormat(report::Format format);
    QString path() const;
    void setPath(const QString &path); // as if typed: the name is no longer made up
    report::Options options() const;
    QStringList checkedRuns() const;
    bool isExporting() const;
    bool isLoading() const;
    // Why Export is disabled; empty when it is not.
    QString reason() const;
    QString errorText() const;

    ExportRunList *runList() const { return m_runs; }
    QComboBox *formatBox() const { return m_format; }
    QLineEdit *pathEdit() const { return m_path; }
    QLineEdit *titleEdit() const { return m_title; }
    QLineEdit *authorEdit() const { return m_author; }
    QComboBox *severityBox() const { return m_severity; }
    QCheckBox *falsePositivesBox() const { return m_falsePositives; }
    QCheckBox *acceptedRisksBox() const { return m_acceptedRisks; }
    QCheckBox *redactBox() const { return m_redact; }
    QCheckBox *compareBox() const { return m_compare; }
    QProgressBar *progressBar() const { return m_progress; }
    QPushButton *exportButton() const { return m_exportButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }

    // Labels and file dialog filters of the formats.
    static QString formatLabel(report::Format format);
    static QString formatFilter(report::Format format);

public Q_SLOTS:
    // Starts the export when Export is enabled.
    void startExport();
    // Stops an export under way (the dialog stays open); closes the dialog otherwise.
    void reject() override;

Q_SIGNALS:
    // The run list has been read from the history.
    void runsLoaded();
    void progressed(qint64 done, qint64 total);
    void exported(const QString &path, ff::report::Format format);
    void failed(const QString &message);

private:
    QWidget *buildForm();
    void browse();
    void formatChanged();
    void pathChanged(const QString &text);
    void runsChanged();
    void updateDefaultPath();
    void updateState();
    void showProgress(qint64 done, qint64 total);
    void exportFinished(const Error &error);
    void setBusy(bool busy);

    Session *m_session;
    ExportSettings m_settings;
    ExportJob *m_job;
    std::optional<QSet<QString>> m_fingerprints;
    QString m_exportPath;
    bool m_pathEdited = false;

    QWidget *m_form = nullptr;
    QComboBox *m_format = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_browse = nullptr;
    QLineEdit *m_title = nullptr;
    QLineEdit *m_author = nullptr;
    ExportRunList *m_runs = nullptr;
    QComboBox *m_severity = nullptr;
    QCheckBox *m_falsePositives = nullptr;
    QCheckBox *m_acceptedRisks = nullptr;
    QCheckBox *m_redact = nullptr;
    QCheckBox *m_compare = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_error = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_exportButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
};

} // namespace ff::ui

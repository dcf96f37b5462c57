#pragma once

#include "fuzz/corpus.h"

#include <QDialog>
#include <QTimer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace ff::ui {

class Session;

// "Fuzzing Corpus…" of a project: the named volume that keeps the corpus of one harness between
// campaigns, its entries and size, and Export…, Import… and Reset (confirmed). Every operation
// goes to the engine through fuzz::CorpusVolume, asynchronously; the buttons wait while one is
// under way.
class CorpusDialog : public QDialog
{
    Q_OBJECT
public:
    CorpusDialog(Session *session, const QString &projectPath, QWidget *parent = nullptr);

    QString projectPath() const { return m_project; }
    QString workflowId() const;
    void setWorkflowId(const QString &id);
    QString harness() const;
    void setHarness(const QString &harness);
    // The image whose container reaches the volume: the chosen workflow's, unless set.
    QString image() const;
    void setImage(const QString &image);
    QString volumeName() const;

    // Reads the volume again; infoShown() follows.
    void refresh();
    // The operations behind the buttons, without their file and confirmation dialogs.
    void exportTo(const QString &folder);
    void importFrom(const QString &folder);
    void resetCorpus();

    // What the dialog shows (for tests and the status line).
    // An operation or a read of the volume is under way.
    bool isBusy() const { return m_busy || m_reads > 0; }
    const fuzz::CorpusInfo &info() const { return m_info; }
    QString entriesText() const;
    QString sizeText() const;
    QString statusText() const;
    // Shows `info` as read from the engine.
    void showInfo(const fuzz::CorpusInfo &info);
    // Whether the buttons are available (they depend on the volume's existence and on no
    // operation being under way).
    bool canExport() const;
    bool canImport() const;
    bool canReset() const;

Q_SIGNALS:
    void infoShown(const ff::fuzz::CorpusInfo &info);
    // An export, import or reset ended: ok, and what to say.
    void operationFinished(bool ok, const QString &message);
    void failed(const QString &message);

private:
    void harnessEdited();
    void workflowChanged();
    void chooseExport();
    void chooseImport();
    void confirmReset();
    void setBusy(bool busy, const QString &status = {});
    void showError(const QString &message);
    void updateButtons();
    void loadLastHarness();
    fuzz::CorpusVolume volume() const;

    Session *m_session;
    QString m_project;
    QString m_image;
    QComboBox *m_workflow;
    QLineEdit *m_harness;
    QLabel *m_volume;
    QLabel *m_entries;
    QLabel *m_size;
    QLabel *m_status;
    QPushButton *m_refresh;
    QPushButton *m_export;
    QPushButton *m_import;
    QPushButton *m_reset;
    QTimer m_debounce;
    fuzz::CorpusInfo m_info;
    bool m_known = false; // m_info was read for the volume shown
    bool m_busy = false;
    int m_reads = 0; // reads of the volume under way
    bool m_harnessEdited = false;
    QString m_message; // what the last export, import or reset did
    quint64 m_generation = 0;
};

} // namespace ff::ui

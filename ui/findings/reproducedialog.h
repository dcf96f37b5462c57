#pragma once

#include "findingrow.h"
#include "fuzz/reproduce.h"

#include <QDialog>
#include <QPointer>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace ff::ui {

class Session;

// Runs a crash finding's reproducer again: the run's workflow, project and parameters are read
// from the history (on a worker), then fuzz::Reproduction runs the harness on the input in a
// fresh hardened container through the session's engine client. Asynchronous throughout.
class CrashReproducer : public QObject
{
    Q_OBJECT
public:
    CrashReproducer(Session *session, FindingRow row, QObject *parent = nullptr);
    ~CrashReproducer() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    const FindingRow &row() const { return m_row; }
    QString recordedSignature() const;
    // The result of the last reproduction (ok false before one ended).
    const fuzz::ReproduceResult &lastResult() const { return m_result; }

Q_SIGNALS:
    void progress(const QString &detail);
    void logLine(const QString &line);
    // ok false with the error when the run could not be looked up or the container not run.
    void finished(const ff::fuzz::ReproduceResult &result);

private:
    void launch(const QString &workflowId, const QString &projectPath,
                const QMap<QString, QString> &parameters);
    void fail(const QString &error);

    Session *m_session;
    FindingRow m_row;
    QPointer<fuzz::Reproduction> m_reproduction;
    fuzz::ReproduceResult m_result;
    bool m_running = false;
    bool m_cancelled = false;
};

// "Reproduce": progress while the harness runs on the reproducer, then whether it crashed with
// the signature recorded for the finding, and its stack trace. Not modal; closing it cancels a
// reproduction still under way.
class ReproduceDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Verdict { Running, SameSignature, OtherSignature, NoCrash, Error };
    Q_ENUM(Verdict)

    ReproduceDialog(Session *session, const FindingRow &row, QWidget *parent = nullptr);

    void start();
    Verdict verdict() const { return m_verdict; }
    QString verdictText() const;
    QString stackText() const;
    CrashReproducer *reproducer() const { return m_reproducer; }

    // The dialog's result for `result` (also used by tests with a recorded result).
    void showResult(const fuzz::ReproduceResult &result);

Q_SIGNALS:
    void done(ff::ui::ReproduceDialog::Verdict verdict);

protected:
    void reject() override;

private:
    CrashReproducer *m_reproducer;
    QLabel *m_title;
    QLabel *m_status;
    QProgressBar *m_progress;
    QLabel *m_signatures;
    QPlainTextEdit *m_stack;
    QDialogButtonBox *m_buttons;
    QPushButton *m_cancel;
    QString m_log;
    Verdict m_verdict = Verdict::Running;
};

} // namespace ff::ui

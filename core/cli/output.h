#pragma once

#include "findings/finding.h"
#include "run/runtypes.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTextStream>
#include <QTimer>

#include <functional>
#include <memory>

class QSocketNotifier;

namespace ff::run {
class WorkflowRun;
}

namespace ff::cli {

// stdout and stderr, through printable() (printable.h): container text cannot drive the terminal.
QTextStream &out();
QTextStream &err();
// Prints "fuzzforge-cli COMMAND: message" and returns ExitUsage.
int usageError(const QString &command, const QString &message);
int inputError(const QString &command, const QString &message);

// Compact live progress on stderr: one rewritten line on a terminal, one line per state
// change otherwise. A fuzzing run's statistics (its summary line) replace its CPU and memory on
// the terminal's line, and are printed at most every 10 s otherwise.
class ProgressPrinter : public QObject
{
    Q_OBJECT
public:
    ProgressPrinter();
    void track(run::WorkflowRun *run);
    void finish();
    // Label each run WORKFLOW@PROJECT (several projects in one scan).
    void setShowProject(bool show) { m_showProject = show; }

private:
    struct Entry
    {
        QString workflow;
        QString state;
        bool final = false;
        double cpu = 0;
        qint64 memory = 0;
        QElapsedTimer clock;
        QString fuzz;              // a fuzzing run's live summary (fuzz::summaryLine)
        QElapsedTimer fuzzPrinted; // not a terminal: a summary line at most every 10 s
    };
    void redraw();
    bool m_tty;
    QTimer m_timer;
    QList<std::shared_ptr<Entry>> m_entries;
    int m_lastWidth = 0;
    bool m_showProject = false;
};

// Runs `onInterrupt` (on the event loop) when SIGINT or SIGTERM arrives while it lives.
class InterruptGuard
{
public:
    explicit InterruptGuard(std::function<void()> onInterrupt);
    ~InterruptGuard();

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
    std::function<void()> m_callback;
};

void printSummary(QTextStream &stream, const QString &project, const QList<run::RunResult> &runs,
                  const QList<findings::Finding> &findings, bool listFindings);

} // namespace ff::cli

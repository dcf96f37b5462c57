#include "output.h"
#include "cli.h"
#include "printable.h"

#include "run/workflowrun.h"

#include <QFileInfo>
#include <QLocale>
#include <QMap>
#include <QSocketNotifier>

#include <csignal>
#include <unistd.h>

namespace ff::cli {

namespace {
constexpr qint64 kFuzzLineIntervalMs = 10000;
} // namespace

int usageError(const QString &command, const QString &message)
{
    err() << "fuzzforge-cli " << command << ": " << message << "\nTry 'fuzzforge-cli " << command
          << " --help'." << Qt::endl;
    return ExitUsage;
}

int inputError(const QString &command, const QString &message)
{
    err() << "fuzzforge-cli " << command << ": " << message << Qt::endl;
    return ExitUsage;
}

ProgressPrinter::ProgressPrinter()
    : m_tty(::isatty(STDERR_FILENO) == 1)
{
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, &ProgressPrinter::redraw);
    if (m_tty)
        m_timer.start();
}

void ProgressPrinter::track(run::WorkflowRun *r)
{
    auto entry = std::make_shared<Entry>();
    entry->workflow = r->spec().workflow.id;
    if (m_showProject)
        entry->workflow += QLatin1Char('@') + QFileInfo(r->spec().projectPath).fileName();
    entry->state = QStringLiteral("queued");
    entry->clock.start();
    m_entries << entry;
    connect(r, &run::WorkflowRun::stateChanged, this,
            [this, entry](run::RunState state, const QString &detail) {
                entry->state = run::stateName(state);
                entry->final = run::isFinal(state);
                if (!detail.isEmpty() && !run::isFinal(state))
                    entry->state += QLatin1Char(' ') + detail;
                if (!m_tty) {
                    err() << "  [" << entry->workflow << "] " << run::stateName(state);
                    if (!detail.isEmpty())
                        err() << ": " << detail;
                    err() << " (" << QString::number(entry->clock.elapsed() / 1000.0, 'f', 1) << " s)"
                          << Qt::endl;
                }
            });
    connect(r, &run::WorkflowRun::statsSample, this, [entry](const docker::StatsSample &s) {
        entry->cpu = s.cpuPercent;
        entry->memory = s.memoryUsage;
    });
    connect(r, &run::WorkflowRun::fuzzSample, this, [this, entry](const fuzz::FuzzSample &s) {
        entry->fuzz = fuzz::summaryLine(s);
        if (m_tty || entry->final)
            return;
        if (entry->fuzzPrinted.isValid() && entry->fuzzPrinted.elapsed() < kFuzzLineIntervalMs)
            return;
        entry->fuzzPrinted.start();
        err() << "  [" << entry->workflow << "] " << entry->fuzz << Qt::endl;
    });
}

void ProgressPrinter::redraw()
{
    QStringList parts;
    for (const auto &e : std::as_const(m_entries)) {
        if (e->final)
            continue;
        QString part = QStringLiteral("%1: %2 %3s").arg(e->workflow, e->state).arg(e->clock.elapsed() / 1000);
        if (e->state == QLatin1String("running") && !e->fuzz.isEmpty())
            part = QStringLiteral("%1: %2").arg(e->workflow, e->fuzz);
        else if (e->state == QLatin1String("running"))
            part +=
                QStringLiteral(" cpu %1% mem %2")
                    .arg(e->cpu, 0, 'f', 0)
                    .arg(QLocale::c().formattedDataSize(e->memory, 0, QLocale::DataSizeTraditionalFormat));
        parts << part;
    }
    QString line = parts.join(QStringLiteral(" | "));
    if (line.size() > 150)
        line = line.left(147) + QStringLiteral("...");
    const int width = static_cast<int>(line.size());
    terminalErr() << '\r' << printable(line) << QString(std::max(0, m_lastWidth - width), QLatin1Char(' '));
    terminalErr().flush();
    m_lastWidth = width;
}

void ProgressPrinter::finish()
{
    m_timer.stop();
    if (m_tty && m_lastWidth > 0) {
        terminalErr() << '\r' << QString(m_lastWidth, QLatin1Char(' ')) << '\r';
        terminalErr().flush();
    }
}

namespace {
int g_signalPipe[2] = {-1, -1};
void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);
}
} // namespace

InterruptGuard::InterruptGuard(std::function<void()> onInterrupt)
    : m_callback(std::move(onInterrupt))
{
    if (g_signalPipe[0] < 0 && ::pipe(g_signalPipe) != 0)
        return;
    m_notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [this] {
        char buf[16];
        [[maybe_unused]] const auto n = ::read(g_signalPipe[0], buf, sizeof buf);
        err() << "\nfuzzforge-cli: interrupted, cancelling the runs..." << Qt::endl;
        m_callback();
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

InterruptGuard::~InterruptGuard()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

void printSummary(QTextStream &stream, const QString &project, const QList<run::RunResult> &runs,
                  const QList<findings::Finding> &findings, bool listFindings)
{
    // Paths, rule ids, messages and errors come from the containers: the whole summary goes
    // through printable(), whichever stream it is printed on.
    QString text;
    QTextStream s(&text);
    using findings::Severity;
    s << "\nProject  " << project << "\n\n";
    s << QStringLiteral("%1 %2 %3 %4   %5\n")
             .arg(QStringLiteral("WORKFLOW").leftJustified(22), QStringLiteral("STATE").leftJustified(11),
                  QStringLiteral("FINDINGS").rightJustified(8), QStringLiteral("TIME").rightJustified(8),
                  QStringLiteral("RUN"));
    for (const auto &r : runs) {
        const double secs =
            r.submitted.isValid() && r.finished.isValid() ? r.submitted.msecsTo(r.finished) / 1000.0 : 0.0;
        s << QStringLiteral("%1 %2 %3 %4   %5\n")
                 .arg(r.workflowId.leftJustified(22), run::stateName(r.state).leftJustified(11))
                 .arg(r.findings.size(), 8)
                 .arg(QString::number(secs, 'f', 1) + QStringLiteral("s"), 8)
                 .arg(r.runId);
        if (!r.succeeded())
            s << "    error: " << r.error << "\n";
    }
    QMap<Severity, int> bySeverity;
    QMap<QString, int> byTool;
    for (const auto &f : findings) {
        ++bySeverity[f.severity];
        ++byTool[f.tool];
    }
    QStringList sev;
    for (Severity x : findings::kAllSeverities)
        sev << QStringLiteral("%1 %2").arg(findings::severityName(x)).arg(bySeverity.value(x));
    QStringList tools;
    for (auto it = byTool.cbegin(); it != byTool.cend(); ++it)
        tools << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
    s << "\nFindings " << findings.size() << ": " << sev.join(QStringLiteral(", ")) << "\n";
    if (!tools.isEmpty())
        s << "By tool: " << tools.join(QStringLiteral(", ")) << "\n";
    if (listFindings && !findings.isEmpty()) {
        QList<findings::Finding> sorted = findings;
        std::stable_sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
            if (a.severity != b.severity)
                return a.severity > b.severity;
            if (a.path != b.path)
                return a.path < b.path;
            return a.region.startLine < b.region.startLine;
        });
        s << "\n";
        for (const auto &f : sorted) {
            const QString where =
                f.region.startLine > 0 ? QStringLiteral("%1:%2").arg(f.path).arg(f.region.startLine) : f.path;
            s << QStringLiteral("%1 %2 %3 %4 %5\n")
                     .arg(findings::severityName(f.severity).toUpper().leftJustified(8),
                          QString(f.tool + QLatin1Char('/') + f.ruleId).leftJustified(30),
                          where.leftJustified(24),
                          f.cwe.isEmpty() ? QString() : QStringLiteral("[%1]").arg(f.cwe),
                          f.message.left(200));
        }
    }
    s.flush();
    stream << printable(text);
    stream.flush();
}

} // namespace ff::cli

// A container prints 1,000,000 lines as fast as it can (`seq`) through a real Session while a
// shown Logs view follows it: lines per second the view receives, the longest stall of the UI
// event loop, peak memory and lines kept / dropped. The reference, in the same run, is
// `docker run --rm` of the same image with the same hardening, its stdout counted by a pipe.
#include "logs/logsview.h"
#include "logs/logview.h"
#include "ratioreporter.h"
#include "trivialworkflow.h"
#include "uitestutil.h"
#include "workflowfixture.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QListView>
#include <QProcess>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>

using namespace ff;

namespace {

constexpr int kLines = 1000000;
const char *const kScript = "seq 1 1000000";

struct Figures
{
    std::vector<double> oursLinesPerSecond;
    std::vector<double> refLinesPerSecond;
    double maxStallMs = 0;
    qint64 kept = 0;
    qint64 dropped = 0;
    qint64 received = 0;
    qint64 runLines = 0;
    double vmHwmMiB = 0;
    QString imageTag;
    QString project;
};

Figures *g_figures = nullptr;

double vmHwmMiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return 0;
}

double medianOf(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void BM_LogsViewFollows(benchmark::State &state)
{
    Figures &f = *g_figures;
    QTemporaryDir dir;
    auto session = test::readySession(test::uiSettings(dir));
    if (!session->isReady()) {
        state.SkipWithError("the session did not start");
        return;
    }
    ui::LogsView logs(session.get());
    logs.resize(1000, 600);
    logs.show();
    for (auto _ : state) {
        qint64 received = 0;
        QElapsedTimer clock;
        clock.start();
        qint64 firstNs = -1;
        qint64 lastNs = 0;
        QObject ctx;
        // Connected after the view: it sees each batch once the view has taken it.
        QObject::connect(session.get(), &ui::Session::logLines, &ctx,
                         [&](const QString &, const QList<docker::LogLine> &lines) {
                             if (firstNs < 0)
                                 firstNs = clock.nsecsElapsed();
                             lastNs = clock.nsecsElapsed();
                             received += lines.size();
                         });
        // The UI event loop's heartbeat: the largest gap between 5 ms ticks while lines stream.
        qint64 lastTick = clock.nsecsElapsed();
        qint64 maxGap = 0;
        QTimer heartbeat;
        heartbeat.setInterval(5);
        QObject::connect(&heartbeat, &QTimer::timeout, &ctx, [&] {
            const qint64 now = clock.nsecsElapsed();
            if (firstNs >= 0)
                maxGap = std::max(maxGap, now - lastTick);
            lastTick = now;
        });
        heartbeat.start();
        bool done = false;
        run::RunResult result;
        QObject::connect(session.get(), &ui::Session::runFinished, &ctx, [&](const run::RunResult &r) {
            result = r;
            done = true;
        });
        const auto ids = session->submit({f.project}, {QStringLiteral("ff-logs-bench")});
        if (!ids) {
            state.SkipWithError(qPrintable(ids.error().message));
            return;
        }
        // A real event loop (processEvents in a loop would spin a core the engine needs).
        QEventLoop loop;
        QObject::connect(session.get(), &ui::Session::runFinished, &loop, &QEventLoop::quit);
        QTimer::singleShot(170000, &loop, &QEventLoop::quit);
        if (!done)
            loop.exec();
        heartbeat.stop();
        ui::LogView *view = logs.viewFor(ids->value(0));
        if (!done || !result.succeeded() || !view) {
            state.SkipWithError(done ? qPrintable(result.error) : "the run did not finish in time");
            return;
        }
        const double seconds = static_cast<double>(lastNs - firstNs) / 1e9;
        state.SetIterationTime(seconds);
        f.oursLinesPerSecond.push_back(static_cast<double>(received) / seconds);
        f.maxStallMs = std::max(f.maxStallMs, static_cast<double>(maxGap) / 1e6);
        f.kept = view->lineCount();
        f.dropped = view->droppedCount();
        f.received = received;
        f.imageTag = result.imageTag;
        // Still following: the last line is at the end of the view.
        QCoreApplication::processEvents();
        const QScrollBar *bar = view->listView()->verticalScrollBar();
        state.counters["lines"] = static_cast<double>(received);
        state.counters["run_lines"] = static_cast<double>(result.logLines); // as the run counted them
        f.runLines = result.logLines;
        state.counters["lines_per_s"] = static_cast<double>(received) / seconds;
        state.counters["max_stall_ms"] = static_cast<double>(maxGap) / 1e6;
        state.counters["kept"] = static_cast<double>(f.kept);
        state.counters["dropped"] = static_cast<double>(f.dropped);
        state.counters["at_end"] = view->isFollowing() && bar->value() == bar->maximum() ? 1 : 0;
    }
    f.vmHwmMiB = vmHwmMiB();
}

void BM_DockerRunPipe(benchmark::State &state)
{
    Figures &f = *g_figures;
    if (f.imageTag.isEmpty()) {
        state.SkipWithError("no image: FuzzForge's run did not succeed");
        return;
    }
    for (auto _ : state) {
        QProcess p;
        qint64 lines = 0;
        QElapsedTimer clock;
        clock.start();
        qint64 firstNs = -1;
        QObject ctx;
        QObject::connect(&p, &QProcess::readyReadStandardOutput, &ctx, [&] {
            if (firstNs < 0)
                firstNs = clock.nsecsElapsed();
            lines += p.readAllStandardOutput().count('\n');
        });
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(QStringLiteral("docker"),
                bench::hardenedDockerRunArgs(f.project, f.imageTag, QString::fromLatin1(kScript)));
        if (!p.waitForFinished(170000) || p.exitCode() != 0) {
            state.SkipWithError("docker run --rm failed");
            return;
        }
        lines += p.readAllStandardOutput().count('\n');
        const double seconds = static_cast<double>(clock.nsecsElapsed() - firstNs) / 1e9;
        state.SetIterationTime(seconds);
        f.refLinesPerSecond.push_back(static_cast<double>(lines) / seconds);
        state.counters["lines"] = static_cast<double>(lines);
        state.counters["lines_per_s"] = static_cast<double>(lines) / seconds;
    }
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    // The workflow is a user workflow: the session's catalogue finds it in the (test mode) data
    // folder.
    QStandardPaths::setTestModeEnabled(true);
    const QString wf = workflow::Catalogue::userRoot() + QStringLiteral("/ff-logs-bench");
    QDir(wf).removeRecursively();
    test::writeUserWorkflow(
        wf, QStringLiteral("ff-logs-bench"),
        QString::fromLatin1(kScript) +
            QStringLiteral("\necho '{\"version\":\"2.1.0\",\"runs\":[]}' > /results/out.sarif\n"),
        QStringLiteral("resources:\n  timeout: 600\n"));
    QTemporaryDir projectDir;
    static Figures figures;
    g_figures = &figures;
    figures.project = projectDir.filePath(QStringLiteral("project"));
    QDir().mkpath(figures.project);
    QFile(figures.project + QStringLiteral("/a.c")).open(QIODevice::WriteOnly);

    const int repetitions = std::max(1, qEnvironmentVariableIntValue("FUZZFORGE_BENCH_REPETITIONS"));
    for (auto *b : {benchmark::RegisterBenchmark("BM_LogsViewFollows", BM_LogsViewFollows),
                    benchmark::RegisterBenchmark("BM_DockerRunPipe", BM_DockerRunPipe)})
        b->Iterations(1)->Repetitions(repetitions)->Unit(benchmark::kMillisecond)->UseManualTime();
    benchmark::Initialize(&argc, argv);
    bench::RatioReporter reporter([](const bench::RatioReporter::Medians &) {
        const Figures &f = *g_figures;
        const double ours = medianOf(f.oursLinesPerSecond);
        const double ref = medianOf(f.refLinesPerSecond);
        std::printf("\n%d lines printed by `%s` in a hardened container (median of %zu):\n"
                    "  Logs view through the Session  %12.0f lines/s (first to last line received)\n"
                    "  docker run --rm | count        %12.0f lines/s (first to last byte)\n"
                    "  ratio (ours/reference)         %12.2f\n"
                    "  longest UI event-loop stall    %12.1f ms (5 ms heartbeat, while lines streamed)\n"
                    "  peak memory (VmHWM)            %12.1f MiB\n"
                    "  lines kept / dropped           %lld / %lld (buffer: the default setting)\n"
                    "  lines received by the view     %lld of %d (the run itself counted %lld)\n",
                    kLines, kScript, f.oursLinesPerSecond.size(), ours, ref, ref > 0 ? ours / ref : 0.0,
                    f.maxStallMs, f.vmHwmMiB, static_cast<long long>(f.kept),
                    static_cast<long long>(f.dropped), static_cast<long long>(f.received), kLines,
                    static_cast<long long>(f.runLines));
    });
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    QDir(wf).removeRecursively();
    return 0;
}

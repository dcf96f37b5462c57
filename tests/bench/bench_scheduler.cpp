// Throughput of the scheduler: 200 runs of a trivial workflow (cached image; it writes a minimal
// SARIF and exits) queued at once with at most 8 at a time, each through FuzzForge's whole run
// lifecycle, against `printf '%s\n' 1..200 | xargs -P8 -n1 docker run --rm ...` of the same
// image, command and hardening, in one process run. Prints both wall times, their ratio and the
// scheduler process's own CPU time per run (the engine's is in neither figure).
#include "docker/dockerclient.h"
#include "run/workflowrun.h"
#include "scheduler/scheduler.h"
#include "workflow/manifest.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include "ratioreporter.h"
#include "trivialworkflow.h"

#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

using namespace ff;

namespace {

constexpr int kRuns = 200;
constexpr int kParallel = 8;
const char *kScript = "echo '{\"version\":\"2.1.0\",\"runs\":[]}' > /results/out.sarif";

struct Fixture
{
    QTemporaryDir dir;
    workflow::WorkflowManifest manifest;
    QString project;
    QString image;
    std::vector<double> oursMs;
    std::vector<double> referenceMs;
    std::vector<double> oursCpuMsPerRun;
    std::vector<double> dispatchMs;     // slot free -> container running, runs prepared ahead
    std::vector<double> dispatchColdMs; // the same, runs whose preparation was not done yet
    std::vector<double> referenceCpuMsPerRun;
};

Fixture *g_fixture = nullptr;

docker::DockerClient *client()
{
    static docker::DockerClient *c = docker::DockerClient::fromEnvironment(QCoreApplication::instance());
    return c;
}

double cpuMs(int who)
{
    rusage u{};
    getrusage(who, &u);
    auto ms = [](const timeval &t) {
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
    };
    return ms(u.ru_utime) + ms(u.ru_stime);
}

double medianOf(std::vector<double> v)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

bool setUp(Fixture &f)
{
    auto t = ff::bench::writeTrivialWorkflow(f.dir.path(), QStringLiteral("bench-scheduler"), kScript);
    if (!t)
        return false;
    f.manifest = t->manifest;
    f.project = t->project;
    f.image = t->image;
    return true;
}

run::RunSpec specFor(const Fixture &f, const QString &root)
{
    run::RunSpec spec;
    spec.workflow = f.manifest;
    spec.projectPath = f.project;
    spec.outputDir = root; // the scheduler keeps each run in ROOT/RUN_ID
    return spec;
}

// Queues `count` runs and waits for all of them; the number that succeeded, or -1 on an error
// (printed).
int runBatch(const Fixture &f, int count, int limit, const QString &root)
{
    scheduler::Limits limits;
    limits.maxConcurrent = limit;
    scheduler::Scheduler s(client(), nullptr, limits);
    int done = 0;
    int succeeded = 0;
    QString firstError;
    QEventLoop loop;
    QObject::connect(&s, &scheduler::Scheduler::runFinished, &loop, [&](const run::RunResult &r) {
        ++done;
        if (r.dispatchLatencyMs() >= 0)
            (r.preparedAhead ? g_fixture->dispatchMs : g_fixture->dispatchColdMs)
                .push_back(static_cast<double>(r.dispatchLatencyMs()));
        if (r.succeeded())
            ++succeeded;
        else if (firstError.isEmpty())
            firstError = r.error;
        if (done == count)
            loop.quit();
    });
    const run::RunSpec spec = specFor(f, root);
    for (int i = 0; i < count; ++i) {
        const auto id = s.enqueue(spec);
        if (!id.ok()) {
            std::fprintf(stderr, "bench_scheduler: enqueue: %s\n", qPrintable(id.error().toString()));
            return -1;
        }
    }
    loop.exec();
    if (!firstError.isEmpty())
        std::fprintf(stderr, "bench_scheduler: a run failed: %s\n", qPrintable(firstError));
    return succeeded;
}

void BM_Scheduler(benchmark::State &state)
{
    Fixture &f = *g_fixture;
    int batch = 0;
    for (auto _ : state) {
        const QString root = f.dir.filePath(QStringLiteral("runs-%1").arg(++batch));
        const double cpu0 = cpuMs(RUSAGE_SELF);
        QElapsedTimer t;
        t.start();
        const int ok = runBatch(f, kRuns, kParallel, root);
        const double wall = static_cast<double>(t.nsecsElapsed()) / 1e6;
        const double cpu = cpuMs(RUSAGE_SELF) - cpu0;
        if (ok != kRuns) {
            state.SkipWithError("not every run succeeded");
            break;
        }
        f.oursMs.push_back(wall);
        f.oursCpuMsPerRun.push_back(cpu / kRuns);
        state.counters["cpu_ms_per_run"] = cpu / kRuns;
    }
    state.counters["runs"] = kRuns;
}

void BM_XargsDockerRunRm(benchmark::State &state)
{
    Fixture &f = *g_fixture;
    QByteArray input;
    for (int i = 1; i <= kRuns; ++i)
        input += QByteArray::number(i) + '\n';
    // -n1 appends the number to the command: it becomes the inner shell's $0, harmlessly.
    const QStringList args =
        QStringList{QStringLiteral("-P%1").arg(kParallel), QStringLiteral("-n1"), QStringLiteral("docker")} +
        ff::bench::hardenedDockerRunArgs(f.project, f.image, QString::fromLatin1(kScript));
    for (auto _ : state) {
        const double cpu0 = cpuMs(RUSAGE_CHILDREN);
        QElapsedTimer t;
        t.start();
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(QStringLiteral("xargs"), args);
        p.write(input);
        p.closeWriteChannel();
        const bool finished = p.waitForFinished(600000);
        const double wall = static_cast<double>(t.nsecsElapsed()) / 1e6;
        const double cpu = cpuMs(RUSAGE_CHILDREN) - cpu0;
        if (!finished || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            state.SkipWithError("xargs docker run --rm failed");
            break;
        }
        f.referenceMs.push_back(wall);
        f.referenceCpuMsPerRun.push_back(cpu / kRuns);
        state.counters["cpu_ms_per_run"] = cpu / kRuns; // xargs and the docker CLI processes
    }
    state.counters["runs"] = kRuns;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    static Fixture f;
    g_fixture = &f;
    if (!setUp(f))
        return 1;
    // Build the image once: the benchmark measures runs of a cached workflow.
    if (runBatch(f, 1, 1, f.dir.filePath(QStringLiteral("warm-up"))) != 1) {
        std::fprintf(stderr, "bench_scheduler: the warm-up run failed\n");
        return 1;
    }
    // One batch of 200 each by default (a few minutes on two cores); more for medians.
    const int repetitions = std::max(1, qEnvironmentVariableIntValue("FUZZFORGE_BENCH_REPETITIONS"));
    for (auto *b : {benchmark::RegisterBenchmark("BM_Scheduler", BM_Scheduler),
                    benchmark::RegisterBenchmark("BM_XargsDockerRunRm", BM_XargsDockerRunRm)})
        b->Iterations(1)->Repetitions(repetitions)->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::Initialize(&argc, argv);
    ff::bench::RatioReporter reporter([](const ff::bench::RatioReporter::Medians &m) {
        // With one repetition Google Benchmark makes no aggregates: take our own figures.
        double ours = ff::bench::median(m, "BM_Scheduler");
        double ref = ff::bench::median(m, "BM_XargsDockerRunRm");
        if (ours <= 0)
            ours = medianOf(g_fixture->oursMs);
        if (ref <= 0)
            ref = medianOf(g_fixture->referenceMs);
        const double oursCpu = medianOf(g_fixture->oursCpuMsPerRun);
        const double refCpu = medianOf(g_fixture->referenceCpuMsPerRun);
        std::vector<double> dispatch = g_fixture->dispatchMs;
        std::sort(dispatch.begin(), dispatch.end());
        const double p90 = dispatch.empty() ? 0.0 : dispatch.at((dispatch.size() * 9) / 10);
        std::printf(
            "\n%d trivial runs, at most %d at once, wall time (median of %zu batches):\n"
            "  fuzzforge scheduler          %9.1f ms  (%.1f ms per run; whole lifecycle: volume, "
            "hardened container, logs, stats, results, parse, cleanup)\n"
            "  xargs -P%d docker run --rm    %9.1f ms  (%.1f ms per run)\n"
            "  ratio (ours/xargs)           %9.2f\n"
            "  CPU per run: scheduler process %.2f ms; xargs + docker CLI %.2f ms (engine excluded)\n"
            "  slot free to container running: prepared ahead %lld runs, median %.1f ms, p90 %.1f ms; "
            "not prepared yet %lld runs, median %.1f ms\n",
            kRuns, kParallel, g_fixture->oursMs.size(), ours, ours / kRuns, kParallel, ref, ref / kRuns,
            ref > 0 ? ours / ref : 0.0, oursCpu, refCpu, static_cast<long long>(dispatch.size()),
            medianOf(dispatch), p90, static_cast<long long>(g_fixture->dispatchColdMs.size()),
            medianOf(g_fixture->dispatchColdMs));
    });
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}

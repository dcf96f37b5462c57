// A trivial workflow (cached image) from submit to finished through FuzzForge's run lifecycle
// (volume, hardened container, logs, stats, results copied out and parsed, cleanup), against
// `docker run --rm` of the same image, command and hardening, in one process run. Prints both
// medians, their ratio, and the start latency (submit to container running).
#include "docker/dockerclient.h"
#include "run/workflowrun.h"
#include "util/await.h"
#include "workflow/manifest.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include "ratioreporter.h"
#include "trivialworkflow.h"

#include <benchmark/benchmark.h>

#include <cstdio>

using namespace ff;

namespace {

struct Fixture
{
    QTemporaryDir dir;
    workflow::WorkflowManifest manifest;
    QString project;
    QString image;
    std::vector<double> startLatencyMs;
};

Fixture *g_fixture = nullptr;
int g_counter = 0;
Fixture *fixture()
{
    return g_fixture;
}

const char *kScript = "echo '{\"version\":\"2.1.0\",\"runs\":[]}' > /results/out.sarif";

docker::DockerClient *client()
{
    static docker::DockerClient *c = docker::DockerClient::fromEnvironment(QCoreApplication::instance());
    return c;
}

bool setUp(Fixture &f)
{
    auto t = ff::bench::writeTrivialWorkflow(f.dir.path(), QStringLiteral("bench-trivial"), kScript);
    if (!t)
        return false;
    f.manifest = t->manifest;
    f.project = t->project;
    f.image = t->image;
    return true;
}

run::RunResult runOnce(const Fixture &f)
{
    run::RunSpec spec;
    spec.workflow = f.manifest;
    spec.projectPath = f.project;
    spec.outputDir =
        f.dir.filePath(QStringLiteral("runs/") + QString::number(QDateTime::currentMSecsSinceEpoch()) +
                       QString::number(++g_counter));
    run::WorkflowRun r(client(), spec);
    QEventLoop loop;
    run::RunResult result;
    QObject::connect(&r, &run::WorkflowRun::finished, &loop, [&](const run::RunResult &res) {
        result = res;
        loop.quit();
    });
    r.start();
    loop.exec();
    return result;
}

void BM_FuzzForgeRun(benchmark::State &state)
{
    Fixture &f = *fixture();
    for (auto _ : state) {
        const run::RunResult r = runOnce(f);
        if (!r.succeeded()) {
            state.SkipWithError(qPrintable(r.error));
            break;
        }
        f.startLatencyMs.push_back(static_cast<double>(r.startLatencyMs()));
    }
}

void BM_DockerRunRm(benchmark::State &state)
{
    Fixture &f = *fixture();
    for (auto _ : state) {
        QProcess p;
        p.start(QStringLiteral("docker"),
                ff::bench::hardenedDockerRunArgs(f.project, f.image, QString::fromLatin1(kScript)));
        if (!p.waitForFinished(60000) || p.exitCode() != 0) {
            state.SkipWithError("docker run --rm failed");
            break;
        }
    }
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
    const run::RunResult warm = runOnce(f);
    if (!warm.succeeded()) {
        std::fprintf(stderr, "bench_workflowrun: the warm-up run failed: %s\n", qPrintable(warm.error));
        return 1;
    }
    const int n = qEnvironmentVariableIntValue("FUZZFORGE_BENCH_RUNS") > 0
                      ? qEnvironmentVariableIntValue("FUZZFORGE_BENCH_RUNS")
                      : 10;
    for (auto *b : {benchmark::RegisterBenchmark("BM_FuzzForgeRun", BM_FuzzForgeRun),
                    benchmark::RegisterBenchmark("BM_DockerRunRm", BM_DockerRunRm)})
        b->Iterations(n)->Repetitions(5)->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::Initialize(&argc, argv);
    ff::bench::RatioReporter reporter([](const ff::bench::RatioReporter::Medians &m) {
        const double ours = ff::bench::median(m, "BM_FuzzForgeRun");
        const double ref = ff::bench::median(m, "BM_DockerRunRm");
        auto &lat = fixture()->startLatencyMs;
        std::sort(lat.begin(), lat.end());
        const double latency = lat.empty() ? 0.0 : lat[lat.size() / 2];
        std::printf(
            "\ntrivial workflow, submit to finished (median of repetitions):\n"
            "  fuzzforge run      %8.1f ms  (volume, hardened container, logs, stats, results, parse, "
            "cleanup)\n"
            "  docker run --rm    %8.1f ms\n  ratio (ours/docker) %7.2f\n"
            "  start latency, submit to container running: median %.1f ms over %zu runs\n",
            ours, ref, ref > 0 ? ours / ref : 0.0, latency, lat.size());
    });
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}

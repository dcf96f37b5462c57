// N trivial containers (create, start, wait, remove) through FuzzForge's client and through
// `docker run --rm` in the same process run, with both medians and their ratio.
//   bench_containers [google benchmark flags, e.g. --benchmark_filter=Client]
// Five repetitions of each; the medians are over those repetitions.
// FUZZFORGE_BENCH_CONTAINERS sets how many containers one repetition runs (default 10).
#include "docker/dockerclient.h"
#include "util/await.h"

#include <QCoreApplication>
#include <QProcess>

#include "ratioreporter.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

using namespace ff::docker;

namespace {

const QString kImage = QStringLiteral("debian:bookworm-slim");

int containersPerRepetition()
{
    const int n = qEnvironmentVariableIntValue("FUZZFORGE_BENCH_CONTAINERS");
    return n > 0 ? n : 10;
}

DockerClient *client()
{
    static DockerClient *c = DockerClient::fromEnvironment(QCoreApplication::instance());
    return c;
}

bool runThroughClient()
{
    ContainerSpec spec;
    spec.image = kImage;
    spec.cmd = {QStringLiteral("true")};
    spec.labels.insert(QStringLiteral("org.fuzzforge.bench"), QStringLiteral("1"));
    spec.networkMode = QStringLiteral("none");
    const auto id = ff::await(client()->createContainer(spec));
    if (!id)
        return false;
    const bool ok = ff::await(client()->startContainer(id.value())).ok() &&
                    ff::await(client()->waitContainer(id.value())).ok();
    return ff::await(client()->removeContainer(id.value(), true)).ok() && ok;
}

bool runThroughDockerCli()
{
    QProcess p;
    p.start(QStringLiteral("docker"),
            {QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--network"),
             QStringLiteral("none"), QStringLiteral("--label"), QStringLiteral("org.fuzzforge.bench=1"),
             kImage, QStringLiteral("true")});
    return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

void BM_FuzzForgeClient(benchmark::State &state)
{
    for (auto _ : state) {
        if (!runThroughClient()) {
            state.SkipWithError("the client could not run a container");
            break;
        }
    }
}

void BM_DockerRunRm(benchmark::State &state)
{
    for (auto _ : state) {
        if (!runThroughDockerCli()) {
            state.SkipWithError("docker run --rm failed");
            break;
        }
    }
}

// Collects the medians of both benchmarks and prints their ratio after the usual table.

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (!ff::await(client()->inspectImage(kImage)).ok()) {
        std::fprintf(stderr, "bench_containers: %s is missing; run packaging/setup.sh\n", qPrintable(kImage));
        return 1;
    }
    const int n = containersPerRepetition();
    for (auto *b : {benchmark::RegisterBenchmark("BM_FuzzForgeClient", BM_FuzzForgeClient),
                    benchmark::RegisterBenchmark("BM_DockerRunRm", BM_DockerRunRm)}) {
        b->Iterations(n)->Repetitions(5)->Unit(benchmark::kMillisecond)->UseRealTime();
    }
    benchmark::Initialize(&argc, argv);
    ff::bench::RatioReporter reporter([](const ff::bench::RatioReporter::Medians &m) {
        const double ours = ff::bench::median(m, "BM_FuzzForgeClient");
        const double ref = ff::bench::median(m, "BM_DockerRunRm");
        std::printf(
            "\ncontainer create+start+wait+remove, median per container (%d per repetition):\n"
            "  fuzzforge client   %8.1f ms\n  docker run --rm    %8.1f ms\n  ratio (ours/docker) %7.2f\n",
            containersPerRepetition(), ours, ref, ref > 0 ? ours / ref : 0.0);
    });
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}

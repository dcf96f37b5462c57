// Executions per second of the example fuzz harness (resources/examples/fuzz-parser, built
// with clang -fsanitize=fuzzer,address,undefined as the libfuzzer workflow builds it) inside
// the hardened container FuzzForge runs fuzzers in, against the very same binary run directly
// on the host, in one process run. The binary is built once in the workflow's image and copied
// out; each iteration then runs it on the example's seeds, every seed executed `runs` times
// (libFuzzer's -runs=N with file arguments: a fixed amount of work on both sides, which a
// mutating campaign cannot give once it finds the planted crash). The time is taken inside the
// container and on the host in the same way (date +%s%N around the harness), so container start
// is not counted: what is compared is the harness's speed under the hardening and the limits.
// Run with packaging/bench.sh (FUZZFORGE_BENCH_FUZZ_RUNS: executions per seed, default 20000).
#include "docker/dockerclient.h"
#include "run/workflowrun.h"
#include "workflow/catalogue.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include "ratioreporter.h"

#include <benchmark/benchmark.h>

#include <cstdio>

using namespace ff;

namespace {

const QString kExample = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples/fuzz-parser");

struct Fixture
{
    QTemporaryDir dir;
    workflow::WorkflowManifest workflow; // the libfuzzer workflow, its command replaced
    QString project;                     // the example, with the built harness beside it
    int runs = 20000;
    qint64 executions = 0; // per iteration: seeds x runs
};

Fixture *g_fixture = nullptr;
int g_counter = 0;

docker::DockerClient *client()
{
    static docker::DockerClient *c = docker::DockerClient::fromEnvironment(QCoreApplication::instance());
    return c;
}

// The same script on both sides: only where the project is differs.
QString timedScript(const QString &root, int runs)
{
    return QStringLiteral("cd %1 && s=$(date +%s%N) && ./fuzz_parser_bench -runs=%2 seeds/* >/dev/null 2>&1; "
                          "rc=$?; e=$(date +%s%N); echo elapsed_ns=$((e - s)) rc=$rc")
        .arg(root)
        .arg(runs);
}

struct Timed
{
    bool ok = false;
    QString error;
    double seconds = 0;
};

Timed parseTimed(const QString &output)
{
    static const QRegularExpression re(QStringLiteral("elapsed_ns=(\\d+) rc=(\\d+)"));
    const auto m = re.match(output);
    if (!m.hasMatch())
        return {false, QStringLiteral("no timing in: ") + output.right(400), 0};
    if (m.captured(2) != QLatin1String("0"))
        return {false, QStringLiteral("the harness exited with %1").arg(m.captured(2)), 0};
    return {true, {}, m.captured(1).toDouble() / 1e9};
}

// One hardened container through FuzzForge's lifecycle, running `script`; its whole log.
std::pair<run::RunResult, QString> runInContainer(const Fixture &f, const QString &script)
{
    run::RunSpec spec;
    spec.workflow = f.workflow;
    spec.workflow.command = {QStringLiteral("sh"), QStringLiteral("-c"), script};
    spec.projectPath = f.project;
    spec.outputDir = f.dir.filePath(QStringLiteral("runs/%1").arg(++g_counter));
    run::WorkflowRun r(client(), spec);
    QString log;
    QObject::connect(&r, &run::WorkflowRun::logLine, &r,
                     [&log](const docker::LogLine &l) { log += l.text + QLatin1Char('\n'); });
    QEventLoop loop;
    run::RunResult result;
    QObject::connect(&r, &run::WorkflowRun::finished, &loop, [&](const run::RunResult &res) {
        result = res;
        loop.quit();
    });
    r.start();
    loop.exec();
    return {result, log};
}

bool setUp(Fixture &f)
{
    const workflow::Catalogue catalogue = workflow::Catalogue::standard();
    const workflow::WorkflowManifest *wf = catalogue.find(QStringLiteral("libfuzzer"));
    if (!wf) {
        std::fprintf(stderr, "bench_fuzz: no libfuzzer workflow in the catalogue\n");
        return false;
    }
    f.workflow = *wf;
    // Only the harness runs: no corpus volume, no outputs to parse, no statistics.
    f.workflow.corpus.clear();
    f.workflow.statistics.clear();
    f.workflow.outputs.clear();
    if (const int runs = qEnvironmentVariableIntValue("FUZZFORGE_BENCH_FUZZ_RUNS"); runs > 0)
        f.runs = runs;
    f.project = f.dir.filePath(QStringLiteral("project"));
    QProcess cp;
    cp.start(QStringLiteral("cp"), {QStringLiteral("-r"), kExample, f.project});
    if (!cp.waitForFinished() || cp.exitCode() != 0) {
        std::fprintf(stderr, "bench_fuzz: cannot copy %s\n", qPrintable(kExample));
        return false;
    }
    const int seeds = int(QDir(f.project + QStringLiteral("/seeds")).entryList(QDir::Files).size());
    f.executions = qint64(seeds) * f.runs;
    // Built once, in the workflow's image, with the workflow's flags; copied out with /results.
    const auto [built, log] = runInContainer(
        f, QStringLiteral("clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined "
                          "-I/target/src /target/src/*.c /target/fuzz/fuzz_parser.c "
                          "-o /results/fuzz_parser_bench"));
    const QString binary = built.outputDir + QStringLiteral("/results/fuzz_parser_bench");
    if (!built.succeeded() || !QFile::exists(binary)) {
        std::fprintf(stderr, "bench_fuzz: building the harness failed: %s\n%s\n", qPrintable(built.error),
                     qPrintable(log));
        return false;
    }
    if (!QFile::copy(binary, f.project + QStringLiteral("/fuzz_parser_bench")) ||
        !QFile::setPermissions(f.project + QStringLiteral("/fuzz_parser_bench"),
                               QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup |
                                   QFile::ReadOther | QFile::ExeOther))
        return false;
    std::printf("harness built in the libfuzzer image (%s): %d seeds x %d executions per iteration\n",
                qPrintable(built.imageTag), seeds, f.runs);
    return true;
}

void BM_HardenedContainer(benchmark::State &state)
{
    Fixture &f = *g_fixture;
    for (auto _ : state) {
        const auto [r, log] = runInContainer(f, timedScript(QStringLiteral("/target"), f.runs));
        const Timed t = parseTimed(log);
        if (!r.succeeded() || !t.ok) {
            state.SkipWithError(qPrintable(r.succeeded() ? t.error : r.error));
            break;
        }
        state.SetIterationTime(t.seconds);
    }
    state.counters["exec/s"] =
        benchmark::Counter(double(f.executions), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Host(benchmark::State &state)
{
    Fixture &f = *g_fixture;
    for (auto _ : state) {
        QProcess p;
        p.start(QStringLiteral("sh"), {QStringLiteral("-c"), timedScript(f.project, f.runs)});
        p.waitForFinished(600000);
        const Timed t = parseTimed(QString::fromUtf8(p.readAllStandardOutput()));
        if (!t.ok) {
            state.SkipWithError(qPrintable(t.error));
            break;
        }
        state.SetIterationTime(t.seconds);
    }
    state.counters["exec/s"] =
        benchmark::Counter(double(f.executions), benchmark::Counter::kIsIterationInvariantRate);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    static Fixture f;
    g_fixture = &f;
    if (!setUp(f))
        return 1;
    for (auto *b : {benchmark::RegisterBenchmark("BM_HardenedContainer", BM_HardenedContainer),
                    benchmark::RegisterBenchmark("BM_Host", BM_Host)})
        b->Iterations(1)->Repetitions(5)->Unit(benchmark::kMillisecond)->UseManualTime();
    benchmark::Initialize(&argc, argv);
    ff::bench::RatioReporter reporter([](const ff::bench::RatioReporter::Medians &m) {
        const double container = ff::bench::median(m, "BM_HardenedContainer");
        const double host = ff::bench::median(m, "BM_Host");
        const double execs = double(g_fixture->executions);
        auto rate = [execs](double ms) {
            return ms > 0 ? execs / (ms / 1000.0) : 0.0;
        };
        std::printf("\nexample harness, %.0f executions (median of repetitions):\n"
                    "  hardened container  %10.1f ms  %12.0f exec/s\n"
                    "  host, same binary   %10.1f ms  %12.0f exec/s\n"
                    "  ratio (container exec/s / host exec/s) %.3f\n",
                    execs, container, rate(container), host, rate(host),
                    rate(host) > 0 ? rate(container) / rate(host) : 0.0);
    });
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}

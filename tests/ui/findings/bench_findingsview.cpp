// The Findings view's model and proxy with 1,000,000 findings: loading them (a model reset, with
// the proxy sorting by severity as the view does), sorting by severity and by path, filtering by
// text and by severity, and the counts per severity. The reference, in the same run, does the same
// work on a plain std::vector of the same rows: an index vector with std::stable_sort and the same
// comparisons, a linear scan with the same predicates collecting pointers to the rows.
#include "findingsfilterproxy.h"
#include "findingsmodel.h"
#include "ratioreporter.h"

#include <QCoreApplication>
#include <QFile>
#include <QStringMatcher>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

using namespace ff;
using namespace ff::ui;
using findings::Severity;

namespace {

constexpr int kRows = 1'000'000;
const QString kNeedle = QStringLiteral("overflow in parse");

QList<FindingRow> g_rows;
std::vector<FindingRow> g_vector;

long memoryKiB(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').first().toLong();
    return -1;
}

// Realistic variety: 5 tools, 300 rules, 20,000 files, a unique message and fingerprint each; one
// message in 50 mentions the needle.
QList<FindingRow> makeRows()
{
    QStringList tools, rules, paths;
    for (int i = 0; i < 5; ++i)
        tools << QStringLiteral("tool%1").arg(i);
    for (int i = 0; i < 300; ++i)
        rules << QStringLiteral("rule.category%1.check-%2").arg(i % 17).arg(i);
    for (int i = 0; i < 20000; ++i)
        paths << QStringLiteral("src/module%1/sub%2/file%3.c").arg(i % 97).arg(i % 13).arg(i);
    QList<FindingRow> rows;
    rows.reserve(kRows);
    quint32 seed = 12345;
    auto next = [&seed] {
        return seed = seed * 1664525u + 1013904223u;
    };
    for (int i = 0; i < kRows; ++i) {
        FindingRow r;
        const quint32 a = next() >> 8, b = next() >> 8;
        findings::Finding &f = r.finding;
        f.workflow = QStringLiteral("static-analysis");
        f.tool = tools.at(a % 5);
        f.ruleId = rules.at(b % 300);
        f.title = QStringLiteral("Title of ") + f.ruleId;
        f.message = (i % 50 == 0) ? QStringLiteral("Possible overflow in parse of item %1").arg(i)
                                  : QStringLiteral("Message number %1 about this code").arg(i);
        f.severity = Severity(a % 5);
        f.path = paths.at(b % 20000);
        f.region.startLine = int(a % 5000) + 1;
        f.cwe = QStringLiteral("CWE-%1").arg(b % 900);
        f.fingerprint = QStringLiteral("%1").arg(quint64(a) * 1000003u + i, 16, 16, QLatin1Char('0'));
        r.runId = QStringLiteral("run%1").arg(i % 3);
        r.projectPath = QStringLiteral("/projects/p");
        rows << std::move(r);
    }
    return rows;
}

bool textMatches(const QStringMatcher &m, const FindingRow &r)
{
    const findings::Finding &f = r.finding;
    return m.indexIn(f.title) >= 0 || m.indexIn(f.message) >= 0 || m.indexIn(f.path) >= 0 ||
           m.indexIn(f.ruleId) >= 0;
}

bool pathLess(const FindingRow &x, const FindingRow &y)
{
    if (const int c = QString::compare(x.finding.path, y.finding.path, Qt::CaseInsensitive); c != 0)
        return c < 0;
    return x.finding.region.startLine < y.finding.region.startLine;
}

// --- ours: the model and the proxy as the view sets them up ---

struct View
{
    FindingsModel model;
    FindingsFilterProxy proxy;
    explicit View(bool load = true)
    {
        proxy.setSourceModel(&model);
        proxy.sort(FindingsModel::Severity, Qt::DescendingOrder);
        if (load)
            model.setRows(g_rows);
    }
};

void BM_Ours_Load(benchmark::State &state)
{
    for (auto _ : state) {
        state.PauseTiming();
        auto view = std::make_unique<View>(false);
        QList<FindingRow> rows = g_rows; // what the worker hands over
        state.ResumeTiming();
        view->model.setRows(std::move(rows));
        benchmark::DoNotOptimize(view->proxy.rowCount());
        state.PauseTiming();
        view.reset();
        state.ResumeTiming();
    }
}

void BM_Ours_SortSeverity(benchmark::State &state)
{
    View view;
    for (auto _ : state) {
        state.PauseTiming();
        view.proxy.sort(-1);
        state.ResumeTiming();
        view.proxy.sort(FindingsModel::Severity, Qt::DescendingOrder);
        benchmark::DoNotOptimize(view.proxy.index(0, 0));
    }
}

void BM_Ours_SortPath(benchmark::State &state)
{
    View view;
    for (auto _ : state) {
        state.PauseTiming();
        view.proxy.sort(-1);
        state.ResumeTiming();
        view.proxy.sort(FindingsModel::Path, Qt::AscendingOrder);
        benchmark::DoNotOptimize(view.proxy.index(0, 0));
    }
}

void BM_Ours_FilterText(benchmark::State &state)
{
    View view;
    view.proxy.sort(-1); // the filter alone
    for (auto _ : state) {
        state.PauseTiming();
        view.proxy.setTextFilter({});
        state.ResumeTiming();
        view.proxy.setTextFilter(kNeedle);
        benchmark::DoNotOptimize(view.proxy.rowCount());
    }
    state.counters["shown"] = view.proxy.rowCount();
}

void BM_Ours_FilterSeverity(benchmark::State &state)
{
    View view;
    view.proxy.sort(-1);
    for (auto _ : state) {
        state.PauseTiming();
        view.proxy.setSeverities(
            {Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info});
        state.ResumeTiming();
        view.proxy.setSeverities({Severity::Critical, Severity::High});
        benchmark::DoNotOptimize(view.proxy.rowCount());
    }
    state.counters["shown"] = view.proxy.rowCount();
}

void BM_Ours_Counts(benchmark::State &state)
{
    View view;
    for (auto _ : state) {
        state.PauseTiming();
        view.proxy.setTool(QStringLiteral("tool1")); // any change makes the counts stale
        view.proxy.setTool({});
        state.ResumeTiming();
        benchmark::DoNotOptimize(view.proxy.severityCounts());
    }
}

// --- the reference: a plain vector of the same rows ---

void BM_Ref_Load(benchmark::State &state)
{
    for (auto _ : state) {
        std::vector<int> order(g_vector.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [](int x, int y) {
            return g_vector[size_t(x)].finding.severity > g_vector[size_t(y)].finding.severity;
        });
        benchmark::DoNotOptimize(order.data());
    }
}

void BM_Ref_SortSeverity(benchmark::State &state)
{
    BM_Ref_Load(state); // loading the reference is exactly its sort by severity
}

void BM_Ref_SortPath(benchmark::State &state)
{
    for (auto _ : state) {
        std::vector<int> order(g_vector.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [](int x, int y) { return pathLess(g_vector[size_t(x)], g_vector[size_t(y)]); });
        benchmark::DoNotOptimize(order.data());
    }
}

void BM_Ref_FilterText(benchmark::State &state)
{
    const QStringMatcher matcher(kNeedle, Qt::CaseInsensitive);
    size_t shown = 0;
    for (auto _ : state) {
        std::vector<const FindingRow *> out;
        for (const FindingRow &r : g_vector)
            if (textMatches(matcher, r))
                out.push_back(&r);
        shown = out.size();
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["shown"] = double(shown);
}

void BM_Ref_FilterSeverity(benchmark::State &state)
{
    size_t shown = 0;
    for (auto _ : state) {
        std::vector<const FindingRow *> out;
        for (const FindingRow &r : g_vector)
            if (r.finding.severity >= Severity::High)
                out.push_back(&r);
        shown = out.size();
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["shown"] = double(shown);
}

void BM_Ref_Counts(benchmark::State &state)
{
    for (auto _ : state) {
        std::array<int, 5> counts{};
        for (const FindingRow &r : g_vector)
            ++counts[size_t(r.finding.severity)];
        benchmark::DoNotOptimize(counts.data());
    }
}

#define FF_BENCH(fn) BENCHMARK(fn)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)
FF_BENCH(BM_Ours_Load);
FF_BENCH(BM_Ref_Load);
FF_BENCH(BM_Ours_SortSeverity);
FF_BENCH(BM_Ref_SortSeverity);
FF_BENCH(BM_Ours_SortPath);
FF_BENCH(BM_Ref_SortPath);
FF_BENCH(BM_Ours_FilterText);
FF_BENCH(BM_Ref_FilterText);
FF_BENCH(BM_Ours_FilterSeverity);
FF_BENCH(BM_Ref_FilterSeverity);
FF_BENCH(BM_Ours_Counts);
FF_BENCH(BM_Ref_Counts);

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    const long rssStart = memoryKiB("VmRSS");
    g_rows = makeRows();
    const long rssRows = memoryKiB("VmRSS");
    long rssView = 0;
    {
        // What the model and proxy add on top of the rows (the list is shared, not copied).
        View view;
        rssView = memoryKiB("VmRSS");
    }
    // The reference's own vector (its strings shared with the list).
    g_vector.assign(g_rows.cbegin(), g_rows.cend());
    std::printf(
        "%d synthetic findings: %ld MiB for the rows; model + proxy (sorted by severity) add %ld MiB\n",
        kRows, (rssRows - rssStart) / 1024, (rssView - rssRows) / 1024);

    ff::bench::RatioReporter reporter([](const ff::bench::RatioReporter::Medians &m) {
        std::printf("\n%-18s %12s %12s %8s\n", "operation (1M)", "ours ms", "reference ms", "ratio");
        for (const char *op :
             {"Load", "SortSeverity", "SortPath", "FilterText", "FilterSeverity", "Counts"}) {
            const double ours = ff::bench::median(m, std::string("BM_Ours_") + op);
            const double ref = ff::bench::median(m, std::string("BM_Ref_") + op);
            std::printf("%-18s %12.1f %12.1f %8.2f\n", op, ours, ref, ref > 0 ? ours / ref : 0.0);
        }
        std::printf("peak memory (VmHWM): %ld MiB\n", memoryKiB("VmHWM") / 1024);
    });
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}

// 1,000,000 findings (two runs of 500,000 sharing 90% of their fingerprints) written through
// the Store on SQLite and on a PostgreSQL server started for the run, then the queries the
// findings view needs, each through the Store (rows turned into Findings) and as the same SQL
// read raw with QSqlQuery, in one process run: medians and the ratio ours/raw.
//   FUZZFORGE_BENCH_FINDINGS=N   total findings (default 1000000)
#include "pgserver.h"
#include "storage/connection.h"
#include "storage/store.h"
#include "util/await.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTemporaryDir>

#include "ratioreporter.h"

#include <benchmark/benchmark.h>

#include <cstdio>

using namespace ff;
using namespace ff::storage;

namespace {

struct Backend
{
    QString name;
    std::unique_ptr<Store> store;
    double insertSeconds = 0;
};

std::vector<Backend> g_backends;
int g_perRun = 500000;

run::RunResult makeRun(const QString &id, int offset)
{
    static const char *words[] = {"buffer overflow", "format string", "shell injection", "use of eval",
                                  "weak hash"};
    run::RunResult r;
    r.runId = id;
    r.workflowId = QStringLiteral("c-cpp-static");
    r.workflowVersion = QStringLiteral("1.0.0");
    r.projectPath = QStringLiteral("/bench/project");
    r.state = run::RunState::Succeeded;
    r.submitted = QDateTime::currentDateTimeUtc();
    r.finished = r.submitted;
    r.findings.reserve(g_perRun);
    for (int i = 0; i < g_perRun; ++i) {
        const int n = i + offset;
        findings::Finding f;
        f.workflow = r.workflowId;
        f.tool = (n % 2) ? QStringLiteral("flawfinder") : QStringLiteral("cppcheck");
        f.ruleId = QStringLiteral("R%1").arg(n % 97);
        f.title = f.ruleId;
        f.message = QStringLiteral("%1 in function f%2").arg(QLatin1String(words[n % 5])).arg(n);
        f.severity = static_cast<findings::Severity>(n % 5);
        f.path = QStringLiteral("src/module%1/file%2.c").arg(n % 50).arg(n % 1000);
        f.region.startLine = n % 5000 + 1;
        f.fingerprint = QStringLiteral("fp%1").arg(n);
        r.findings << f;
    }
    return r;
}

bool fill(Backend &b)
{
    QElapsedTimer t;
    t.start();
    // Run B: the same findings as A but for its last tenth, which are new.
    const auto a = ff::await(b.store->recordRun(makeRun(QStringLiteral("runA"), 0)));
    const auto c = ff::await(b.store->recordRun(makeRun(QStringLiteral("runB"), g_perRun / 10)));
    b.insertSeconds = t.elapsed() / 1000.0;
    if (!a || !c) {
        std::fprintf(stderr, "insert failed: %s\n", qPrintable((a ? c : a).error().toString()));
        return false;
    }
    return true;
}

// The raw reference: the same statement, rows read and dropped.
qint64 raw(Store &store, const QString &sql, const QVariantList &binds)
{
    auto db = store.reader();
    QSqlQuery q(db.value());
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const auto &v : binds)
        q.addBindValue(v);
    q.exec();
    qint64 n = 0;
    while (q.next())
        ++n;
    return n;
}

void registerFor(Backend &b)
{
    const bool pg = b.name == QLatin1String("postgresql");
    const QString like = pg ? QStringLiteral("ILIKE") : QStringLiteral("LIKE");
    auto add = [&b](const QString &query, const char *side, std::function<void(benchmark::State &)> fn) {
        benchmark::RegisterBenchmark(
            QStringLiteral("%1/%2/%3").arg(b.name, query, QLatin1String(side)).toStdString().c_str(),
            [fn](benchmark::State &st) { fn(st); })
            ->Repetitions(5)
            ->Iterations(1)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
    };
    Store *s = b.store.get();
    add(QStringLiteral("severity+status"), "ours", [s](benchmark::State &st) {
        FindingFilter f;
        f.minSeverity = findings::Severity::High;
        f.statuses = {TriageStatus::Open};
        f.limit = 1000;
        for (auto _ : st)
            benchmark::DoNotOptimize(s->findings(QStringLiteral("runB"), f));
    });
    add(QStringLiteral("severity+status"), "raw", [s](benchmark::State &st) {
        for (auto _ : st)
            benchmark::DoNotOptimize(
                raw(*s,
                    QStringLiteral("SELECT f.* FROM findings f LEFT JOIN triage t ON t.project_id = "
                                   "f.project_id AND t.fingerprint = f.fingerprint WHERE f.run_id = ? "
                                   "AND COALESCE(t.status, 'open') IN ('open') AND f.severity >= ? "
                                   "ORDER BY f.severity DESC, f.path, f.start_line, f.seq LIMIT 1000"),
                    {QStringLiteral("runB"), 3}));
    });
    add(QStringLiteral("text-search"), "ours", [s](benchmark::State &st) {
        FindingFilter f;
        f.text = QStringLiteral("module7/file107");
        for (auto _ : st)
            benchmark::DoNotOptimize(s->findings(QStringLiteral("runB"), f));
    });
    add(QStringLiteral("text-search"), "raw", [s, like](benchmark::State &st) {
        for (auto _ : st)
            benchmark::DoNotOptimize(
                raw(*s,
                    QStringLiteral("SELECT f.* FROM findings f WHERE f.run_id = ? AND (f.message %1 ? "
                                   "OR f.path %1 ? OR f.rule_id %1 ? OR f.title %1 ?) ORDER BY "
                                   "f.severity DESC, f.path, f.start_line, f.seq")
                        .arg(like),
                    {QStringLiteral("runB"), QStringLiteral("%module7/file107%"),
                     QStringLiteral("%module7/file107%"), QStringLiteral("%module7/file107%"),
                     QStringLiteral("%module7/file107%")}));
    });
    add(QStringLiteral("severity-counts"), "ours", [s](benchmark::State &st) {
        for (auto _ : st)
            benchmark::DoNotOptimize(s->severityCounts(QStringLiteral("runB")));
    });
    add(QStringLiteral("severity-counts"), "raw", [s](benchmark::State &st) {
        for (auto _ : st)
            benchmark::DoNotOptimize(raw(
                *s,
                QStringLiteral("SELECT severity, COUNT(*) FROM findings WHERE run_id = ? GROUP BY severity"),
                {QStringLiteral("runB")}));
    });
    add(QStringLiteral("diff"), "ours", [s](benchmark::State &st) {
        for (auto _ : st)
            benchmark::DoNotOptimize(s->diff(QStringLiteral("runA"), QStringLiteral("runB")));
    });
    add(QStringLiteral("diff"), "raw", [s](benchmark::State &st) {
        const QString anti =
            QStringLiteral("SELECT f.* FROM findings f WHERE f.run_id = ? AND NOT EXISTS (SELECT 1 FROM "
                           "findings o WHERE o.run_id = ? AND o.fingerprint = f.fingerprint)");
        for (auto _ : st) {
            benchmark::DoNotOptimize(raw(*s, anti, {QStringLiteral("runB"), QStringLiteral("runA")}));
            benchmark::DoNotOptimize(raw(*s, anti, {QStringLiteral("runA"), QStringLiteral("runB")}));
        }
    });
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (const int n = qEnvironmentVariableIntValue("FUZZFORGE_BENCH_FINDINGS"); n > 0)
        g_perRun = n / 2;
    QTemporaryDir dir;
    test::PostgresServer pg;
    QString error;
    if (!pg.start(&error)) {
        std::fprintf(stderr, "bench_storage: %s\n", qPrintable(error));
        return 1;
    }
    const QList<std::pair<QString, QString>> urls{
        {QStringLiteral("sqlite"),
         QString(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("bench.sqlite")))},
        {QStringLiteral("postgresql"), pg.url()}};
    for (const auto &[name, url] : urls) {
        auto store = Store::open(DatabaseUrl::parse(url).value());
        if (!store) {
            std::fprintf(stderr, "bench_storage: %s\n", qPrintable(store.error().toString()));
            return 1;
        }
        g_backends.push_back(Backend{name, std::move(store).value(), 0});
        std::fprintf(stderr, "filling %s...\n", qPrintable(name));
        if (!fill(g_backends.back()))
            return 1;
    }
    if (auto db = g_backends.back().store->reader()) {
        QSqlQuery analyze(db.value());
        analyze.exec(QStringLiteral("ANALYZE"));
    }
    for (Backend &b : g_backends)
        registerFor(b);
    benchmark::Initialize(&argc, argv);
    ff::bench::RatioReporter reporter([](const ff::bench::RatioReporter::Medians &m) {
        std::printf("\n%d findings (two runs of %d):\n", 2 * g_perRun, g_perRun);
        for (const Backend &b : g_backends)
            std::printf("  %-10s insert %7.1f s  (%.0f findings/s, through the writer thread, one "
                        "transaction a run)\n",
                        qPrintable(b.name), b.insertSeconds, 2 * g_perRun / b.insertSeconds);
        std::printf("\n  %-10s %-16s %10s %10s %7s\n", "backend", "query", "ours ms", "raw ms", "ratio");
        for (const Backend &b : g_backends) {
            for (const char *q : {"severity+status", "text-search", "severity-counts", "diff"}) {
                const std::string base = b.name.toStdString() + "/" + q + "/";
                const double ours = ff::bench::median(m, base + "ours");
                const double ref = ff::bench::median(m, base + "raw");
                std::printf("  %-10s %-16s %10.1f %10.1f %7.2f\n", qPrintable(b.name), q, ours, ref,
                            ref > 0 ? ours / ref : 0.0);
            }
        }
    });
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    g_backends.clear();
    return 0;
}

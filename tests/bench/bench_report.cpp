// Exporting 100,000 findings from a real SQLite history in each report format, against the
// sqlite3 shell exporting the same rows from the same database in its nearest output mode
// (csv, json, markdown, html) in the same run. Ours includes reading the history (runs,
// findings, triage, the comparison with the previous run) and redaction; sqlite3 only selects
// and prints. Run with packaging/bench.sh.
#include "ratioreporter.h"
#include "report/report.h"
#include "storage/store.h"
#include "util/await.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cstdio>

using namespace ff;
using report::Format;

namespace {

// FUZZFORGE_BENCH_FINDINGS for another size.
const int kFindings = qEnvironmentVariableIsSet("FUZZFORGE_BENCH_FINDINGS")
                          ? std::max(10, qEnvironmentVariableIntValue("FUZZFORGE_BENCH_FINDINGS"))
                          : 100000;
constexpr int kRuns = 4;

QTemporaryDir *g_tmp = nullptr;
storage::Store *g_store = nullptr;
QStringList g_runIds;

QString dbPath()
{
    return g_tmp->filePath(QStringLiteral("history.db"));
}

findings::Finding syntheticFinding(int i, int run)
{
    static const char *const tools[] = {"cppcheck", "flawfinder", "bandit", "shellcheck"};
    findings::Finding f;
    f.workflow = QStringLiteral("workflow-%1").arg(run % 2);
    f.tool = QLatin1String(tools[i % 4]);
    f.toolVersion = QStringLiteral("1.%1").arg(i % 4);
    f.ruleId = QStringLiteral("RULE-%1").arg(i % 97);
    f.title = QStringLiteral("Rule %1: unchecked buffer copy").arg(i % 97);
    f.message = QStringLiteral("strcpy into a fixed-size buffer of %1 bytes, \"input\" is not checked, may "
                               "overflow")
                    .arg(16 + i % 512);
    f.severity = static_cast<findings::Severity>(i % 5);
    f.confidence = QStringLiteral("medium");
    f.path = QStringLiteral("src/module%1/file%2.c").arg(i % 50).arg(i % 300);
    f.region = {10 + i % 2000, 5, 10 + i % 2000, 30};
    // One in fifty snippets holds a credential, for the redaction to find.
    f.snippet = i % 50 == 0 ? QStringLiteral("    const char *api_key = \"Zx81kPq0aLm3Ty7u%1\";").arg(i)
                            : QStringLiteral("    strcpy(buffer, argv[%1]); /* copy %2 */").arg(i % 7).arg(i);
    f.cwe = QStringLiteral("CWE-120");
    f.helpUri = QStringLiteral("https://cwe.mitre.org/data/definitions/120.html");
    f.fingerprint = findings::fingerprintOf(f.ruleId, f.path, f.snippet, i);
    return f;
}

void setUp()
{
    g_tmp = new QTemporaryDir;
    auto store =
        storage::Store::open(storage::DatabaseUrl::parse(QStringLiteral("sqlite:") + dbPath()).value());
    if (!store)
        qFatal("cannot open the history: %s", qPrintable(store.error().toString()));
    g_store = std::move(store).value().release();
    // Two earlier runs the later ones are compared with, then the reported ones.
    for (int run = 0; run < kRuns; ++run) {
        run::RunResult r;
        r.runId = QStringLiteral("bench-run-%1").arg(run);
        r.workflowId = QStringLiteral("workflow-%1").arg(run % 2);
        r.workflowVersion = QStringLiteral("1.0.0");
        r.projectPath = QStringLiteral("/src/bench-project");
        r.state = run::RunState::Succeeded;
        r.exitCode = 0;
        r.submitted = QDateTime::currentDateTimeUtc().addSecs(-1000 + run * 100);
        r.finished = r.submitted.addSecs(30);
        const int per = kFindings / 2;
        const int offset = run >= 2 ? 500 : 0; // the later runs fixed 500 findings and found 500 new ones
        for (int i = 0; i < per; ++i)
            r.findings << syntheticFinding(i + offset + (run % 2) * per, run);
        if (Status s = ff::await(g_store->recordRun(r), 600000); !s)
            qFatal("cannot record: %s", qPrintable(s.error().toString()));
        if (run >= 2)
            g_runIds << r.runId;
    }
    storage::Triage t;
    t.status = storage::TriageStatus::FalsePositive;
    for (int i = 0; i < std::min(1000, kFindings / 14); ++i)
        ff::await(g_store->setTriage(QStringLiteral("/src/bench-project"),
                                     syntheticFinding(i * 7, 0).fingerprint, t));
    g_store->writer().flush();
}

report::Options options()
{
    report::Options o;
    o.title = QStringLiteral("Benchmark");
    o.includeFalsePositives = true; // every finding is written
    return o;
}

void BM_Collect(benchmark::State &state)
{
    qsizetype n = 0;
    for (auto _ : state) {
        auto r = report::collect(*g_store, g_runIds, options());
        if (!r)
            state.SkipWithError(qPrintable(r.error().toString()));
        else
            n = r->entries.size();
    }
    state.counters["findings"] = double(n);
}

void runOurs(benchmark::State &state, Format format)
{
    const QString path = g_tmp->filePath(QStringLiteral("ours.") + report::fileExtension(format));
    for (auto _ : state) {
        auto r = report::collect(*g_store, g_runIds, options());
        if (!r) {
            state.SkipWithError(qPrintable(r.error().toString()));
            break;
        }
        if (Status s = report::write(r.value(), format, path); !s) {
            state.SkipWithError(qPrintable(s.error().toString()));
            break;
        }
    }
    state.counters["MiB"] = double(QFileInfo(path).size()) / (1024.0 * 1024.0);
}

QString sqliteMode(Format format)
{
    switch (format) {
    case Format::Csv:
        return QStringLiteral("-csv");
    case Format::Markdown:
        return QStringLiteral("-markdown");
    case Format::Html:
    case Format::Pdf:
        return QStringLiteral("-html");
    case Format::Json:
    case Format::Sarif:
        return QStringLiteral("-json");
    }
    return QStringLiteral("-csv");
}

void runSqlite(benchmark::State &state, Format format)
{
    const QString sqlite = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
    if (sqlite.isEmpty()) {
        state.SkipWithError("sqlite3 is not installed (packaging/bench.sh installs it)");
        return;
    }
    const QString out = g_tmp->filePath(QStringLiteral("sqlite3.") + report::fileExtension(format));
    QStringList ids;
    for (const QString &id : g_runIds)
        ids << QLatin1Char('\'') + id + QLatin1Char('\'');
    const QString query =
        QStringLiteral(
            "SELECT f.severity, f.workflow, f.tool, f.rule_id, f.title, f.message, f.path, f.start_line, "
            "f.start_column, f.end_line, f.end_column, f.cwe, f.confidence, coalesce(t.status, 'open'), "
            "t.reason, t.note, f.run_id, f.fingerprint, f.snippet FROM findings f LEFT JOIN triage t ON "
            "t.project_id = f.project_id AND t.fingerprint = f.fingerprint WHERE f.run_id IN (%1) ORDER "
            "BY f.severity DESC, f.path, f.start_line")
            .arg(ids.join(QLatin1Char(',')));
    for (auto _ : state) {
        QProcess p;
        p.setStandardOutputFile(out);
        p.start(sqlite, {QStringLiteral("-readonly"), sqliteMode(format), QStringLiteral("-header"), dbPath(),
                         query});
        if (!p.waitForFinished(600000) || p.exitCode() != 0) {
            state.SkipWithError(qPrintable(QString::fromUtf8(p.readAllStandardError())));
            break;
        }
    }
    state.counters["MiB"] = double(QFileInfo(out).size()) / (1024.0 * 1024.0);
}

const Format kFormats[] = {Format::Sarif, Format::Html,     Format::Pdf,
                           Format::Csv,   Format::Markdown, Format::Json};

void summary(const bench::RatioReporter::Medians &m)
{
    const double collect = bench::median(m, "BM_Collect");
    std::printf("\nExporting %d findings (%d runs compared with earlier ones, %d false positives kept)\n",
                kFindings, kRuns / 2, std::min(1000, kFindings / 14));
    std::printf("reading the history (collect): %.0f ms\n\n", collect);
    std::printf("%-9s %14s %14s %10s %8s\n", "format", "ours (ms)", "sqlite3 (ms)", "mode", "ratio");
    for (Format f : kFormats) {
        const std::string name = report::formatName(f).toStdString();
        const double ours = bench::median(m, "Ours/" + name);
        const double ref = bench::median(m, "Sqlite3/" + name);
        std::printf("%-9s %14.0f %14.0f %10s %8.2f\n", name.c_str(), ours, ref, qPrintable(sqliteMode(f)),
                    ref > 0 ? ours / ref : 0.0);
    }
    std::printf(
        "(ours = read the history, filter, redact and write the file; sqlite3 = the shell selecting the "
        "same rows with triage into the same kind of file)\n");
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv); // the PDF lays text out
    setUp();
    benchmark::RegisterBenchmark("BM_Collect", BM_Collect)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1)
        ->Repetitions(3);
    for (Format f : kFormats) {
        const std::string name = report::formatName(f).toStdString();
        benchmark::RegisterBenchmark(("Ours/" + name).c_str(), [f](benchmark::State &s) { runOurs(s, f); })
            ->Unit(benchmark::kMillisecond)
            ->Iterations(1)
            ->Repetitions(3);
        benchmark::RegisterBenchmark(("Sqlite3/" + name).c_str(),
                                     [f](benchmark::State &s) { runSqlite(s, f); })
            ->Unit(benchmark::kMillisecond)
            ->Iterations(1)
            ->Repetitions(3);
    }
    benchmark::Initialize(&argc, argv);
    bench::RatioReporter reporter(summary);
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    delete g_store;
    delete g_tmp;
    return 0;
}

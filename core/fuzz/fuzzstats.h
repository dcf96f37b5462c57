#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace ff::fuzz {

// One reading of a fuzzing campaign's progress. Figures the engine did not give (yet) are -1;
// a parser carries the last known value of every figure forward, so each sample is whole.
struct FuzzSample
{
    QDateTime at;               // when the line that made it was read (UTC)
    QString engine;             // "libfuzzer" or "afl++"
    qint64 execs = -1;          // total executions so far, over all jobs and segments
    double execsPerSec = -1;    // current rate, summed over the parallel jobs
    qint64 coverage = -1;       // libFuzzer "cov" (edges), AFL++ edges_found
    qint64 features = -1;       // libFuzzer "ft"
    double bitmapCoverage = -1; // AFL++ bitmap_cvg, percent
    qint64 corpus = -1;         // entries
    qint64 corpusBytes = -1;    // libFuzzer "corp: N/SIZE"
    qint64 crashes = -1;        // crashing inputs saved so far
    qint64 hangs = -1;          // AFL++ saved hangs, libFuzzer timeouts
    double stability = -1;      // AFL++ stability, percent
    qint64 cycles = -1;         // AFL++ cycles_done
    qint64 rssMb = -1;
    qint64 lastFindSeconds = -1; // seconds since the last new corpus entry (AFL++ last_find)
    qint64 elapsedSeconds = -1;  // since the campaign started fuzzing
    QString event;               // NEW, REDUCE, pulse, INITED, DONE, plot, stats, live, ...
};

// Turns a fuzzing workflow's log lines into samples, as they arrive. engine: "libfuzzer" reads
// libFuzzer's status lines (optionally prefixed "[job N] " when jobs run in parallel; figures
// are then summed or maximised over the jobs); "afl" reads the "[afl] ..." lines the
// aflplusplus workflow prints from AFL++'s fuzzer_stats and plot_data. Both read the
// "[fuzzforge] ..." lines every fuzzing workflow prints. Lines that carry no figures give
// nullopt.
class StatsParser
{
public:
    explicit StatsParser(QString engine);
    std::optional<FuzzSample> feed(QStringView line, const QDateTime &at);
    // The last sample made (every figure -1 before the first).
    const FuzzSample &current() const { return m_current; }
    // From "[fuzzforge] corpus: initial=N seeds=M": the corpus the campaign started from
    // (-1 until the line was seen), and how many of its entries were seeds.
    qint64 initialCorpus() const { return m_initialCorpus; }
    qint64 seedCount() const { return m_seeds; }
    QString phase() const { return m_phase; } // "[fuzzforge] phase: build|fuzz|triage|done"

    static bool knowsEngine(const QString &engine);

private:
    struct Job
    {
        qint64 execsBefore = 0; // executions of the job's finished segments
        qint64 execs = 0;       // of its current segment
        double execsPerSec = 0;
        qint64 coverage = -1;
        qint64 features = -1;
        qint64 corpus = -1;
        qint64 corpusBytes = -1;
        qint64 rssMb = -1;
    };
    // One afl-fuzz instance, keyed by its fuzzer_pid ("plot" for plot rows before any stats).
    struct AflInstance
    {
        qint64 execs = -1;
        double execsPerSec = -1;
        qint64 coverage = -1;
        double bitmapCoverage = -1;
        qint64 corpus = -1;
        qint64 crashes = -1;
        qint64 hangs = -1;
        double stability = -1;
        qint64 cycles = -1;
        qint64 rssMb = -1;
        qint64 lastFindSeconds = -1;
    };
    std::optional<FuzzSample> feedLibFuzzer(QStringView line, const QDateTime &at);
    std::optional<FuzzSample> feedAfl(QStringView line, const QDateTime &at);
    std::optional<FuzzSample> feedFuzzForge(QStringView line, const QDateTime &at);
    FuzzSample makeSample(const QDateTime &at, const QString &event);

    QString m_engine;
    FuzzSample m_current;
    QHash<QString, Job> m_jobs;
    QHash<QString, AflInstance> m_aflInstances;
    QStringList m_plotColumns;
    QDateTime m_started;
    QDateTime m_lastFind; // libFuzzer: the last NEW line
    // libFuzzer: (ms since epoch, total executions) over the last kRateWindowMs, for the rate.
    QList<std::pair<qint64, qint64>> m_execHistory;
    static constexpr qint64 kRateWindowMs = 5000;
    qint64 m_initialCorpus = -1;
    qint64 m_seeds = -1;
    qint64 m_crashes = -1; // crash artifacts written (libFuzzer), live crash count (AFL++)
    qint64 m_hangs = -1;
    qint64 m_aflCorpus = -1; // "[afl] live: corpus=N"
    QString m_phase;
};

// "fuzz 01:23 | 12.3k exec/s | cov 143 | corpus 57 (12 KiB) | crashes 2" — the CLI's live line.
QString summaryLine(const FuzzSample &sample);

} // namespace ff::fuzz

Q_DECLARE_METATYPE(ff::fuzz::FuzzSample)

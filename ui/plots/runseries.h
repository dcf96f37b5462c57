#pragma once

#include "docker/types.h"
#include "fuzz/fuzzstats.h"

#include <QColor>
#include <QList>
#include <QString>
#include <QVector>

namespace ff::ui {

// What the Resources view marks on a run's graphs.
enum class MarkerKind { Throttled, MemoryLimitHit, OomKilled };

// One run's resource samples and what is plotted from them, in plot units: seconds since the
// run's first sample, MiB, KiB/s. Appending a sample extends the derived series, so live runs
// are never recomputed from the start.
struct RunSeries
{
    QString runId;
    QString label;
    QColor colour;
    QList<docker::StatsSample> samples;

    QVector<double> time; // one per sample
    QVector<double> cpu;  // %
    QVector<double> memoryMiB;
    QVector<double> pids;
    // Rates from the cumulative counters of consecutive samples (none for the first one).
    QVector<double> rateTime;
    QVector<double> netRx, netTx, blockRead, blockWrite; // KiB/s
    // Where the container was throttled (its throttled periods grew) and where it hit its
    // memory limit (failcnt grew): time and the value the marker sits on.
    QVector<double> throttledTime, throttledCpu;
    QVector<double> limitHitTime, limitHitMiB;

    // A fuzzing run's progress on the same time axis (seconds since the run's first resource
    // sample, or since its first fuzzing sample while it has none); a figure the engine did not
    // give is NaN, a gap in its graph.
    QList<fuzz::FuzzSample> fuzzSamples;
    QVector<double> fuzzTime;
    QVector<double> coverage, execsPerSec, corpus, crashes;
    // Bumped when the fuzzing points were computed again from another origin (the first
    // resource sample came after them): a plot drops what it drew and draws them again.
    int fuzzEpoch = 0;

    double memoryLimitMiB = 0; // 0: unknown
    double pidsLimit = 0;      // 0: unknown or unlimited
    bool oomKilled = false;
    QDateTime finished; // invalid: not over (or not known)

    void append(const docker::StatsSample &sample);
    void setSamples(const QList<docker::StatsSample> &all);
    void appendFuzz(const fuzz::FuzzSample &sample);
    void setFuzzSamples(const QList<fuzz::FuzzSample> &all);
    bool hasFuzz() const { return !fuzzSamples.isEmpty(); }
    double lastFuzzTime() const { return fuzzTime.isEmpty() ? 0.0 : fuzzTime.constLast(); }
    int markerCount(MarkerKind kind) const;
    double lastTime() const { return time.isEmpty() ? 0.0 : time.constLast(); }
    // Where the run ended on the time axis: when it finished, else its last sample.
    double endTime() const;
    // Seconds since the first sample at `at` (0 before any sample).
    double secondsAt(const QDateTime &at) const;

    // The rate of a cumulative counter between two samples, in KiB/s; a counter that went
    // backwards was reset, so what it counts now all came after the reset.
    static double rate(qint64 previous, qint64 current, double seconds);

private:
    // Where the time axis starts: the first resource sample, else the first fuzzing sample.
    QDateTime origin() const;
    void addFuzzPoint(const fuzz::FuzzSample &sample);
    QDateTime m_fuzzOrigin;
};

} // namespace ff::ui

#pragma once

#include "store.h"

#include <QObject>
#include <QPointer>

namespace ff::run {
class WorkflowRun;
}

namespace ff::storage {

// Averages samples into at most `maxPoints` buckets (CPU averaged, memory and PIDs at their
// peak, the cumulative network and block counters at the bucket's end), so a long run keeps
// its shape without keeping every second.
QList<docker::StatsSample> downsample(const QList<docker::StatsSample> &samples, int maxPoints = 720);

// The same for a fuzzing campaign's statistics, over time rather than by count, and only when
// there are more than `maxPoints`: buckets of duration / maxPoints, so a run under an hour keeps
// at least one sample per 5 s where it had them. A bucket gives its last sample (the running totals,
// coverage and corpus at its end) with the rate averaged and the RSS at its peak.
QList<fuzz::FuzzSample> downsampleFuzz(const QList<fuzz::FuzzSample> &samples, int maxPoints = 720);

// Records runs as they end: their state changes with times, resource samples and fuzzing
// statistics (downsampled), findings, and the log file the run kept (compressed, capped).
class RunRecorder : public QObject
{
    Q_OBJECT
public:
    explicit RunRecorder(Store *store, QObject *parent = nullptr);
    // recordResult false: only samples and the log (the scheduler records the run itself,
    // once its last attempt is over).
    void track(run::WorkflowRun *run, bool recordResult = true);
    // Every write submitted so far, as one status: the first error, or ok.
    Status wait();
    qint64 logCap() const { return m_logCap; }
    void setLogCap(qint64 bytes) { m_logCap = bytes; }

private:
    Store *m_store;
    QList<QFuture<Status>> m_pending;
    qint64 m_logCap = 8 * 1024 * 1024;
};

} // namespace ff::storage

#include "runseries.h"

namespace ff::ui {

namespace {
constexpr double kMiB = 1024.0 * 1024.0;

// A figure the engine gave, or NaN (a gap) for one it did not (-1).
double figure(double value)
{
    return value < 0 ? qQNaN() : value;
}
} // namespace

double RunSeries::rate(qint64 previous, qint64 current, double seconds)
{
    if (seconds <= 0)
        return 0.0;
    const qint64 delta = current >= previous ? current - previous : current;
    return double(qMax<qint64>(delta, 0)) / 1024.0 / seconds;
}

double RunSeries::secondsAt(const QDateTime &at) const
{
    if (samples.isEmpty() || !at.isValid())
        return 0.0;
    return double(samples.constFirst().read.msecsTo(at)) / 1000.0;
}

double RunSeries::endTime() const
{
    if (finished.isValid() && !samples.isEmpty())
        return qMax(secondsAt(finished), 0.0);
    return lastTime();
}

void RunSeries::append(const docker::StatsSample &sample)
{
    samples.append(sample);
    // Fuzzing points drawn before the first resource sample move to its origin.
    if (samples.size() == 1 && !fuzzSamples.isEmpty() && m_fuzzOrigin != sample.read)
        setFuzzSamples(QList<fuzz::FuzzSample>(fuzzSamples));
    const docker::StatsSample &first = samples.constFirst();
    const double t = double(first.read.msecsTo(sample.read)) / 1000.0;
    const double mem = double(sample.memoryUsage) / kMiB;
    time.append(t);
    cpu.append(sample.cpuPercent);
    memoryMiB.append(mem);
    pids.append(double(sample.pids));
    if (sample.memoryLimit > 0)
        memoryLimitMiB = double(sample.memoryLimit) / kMiB;
    if (sample.pidsLimit > 0)
        pidsLimit = double(sample.pidsLimit);
    if (samples.size() < 2)
        return;
    const docker::StatsSample &prev = samples.at(samples.size() - 2);
    const double dt = double(prev.read.msecsTo(sample.read)) / 1000.0;
    // Samples out of order or at the same instant give no rate.
    if (dt > 0) {
        rateTime.append(t);
        netRx.append(rate(prev.netRx, sample.netRx, dt));
        netTx.append(rate(prev.netTx, sample.netTx, dt));
        blockRead.append(rate(prev.blockRead, sample.blockRead, dt));
        blockWrite.append(rate(prev.blockWrite, sample.blockWrite, dt));
    }
    if (sample.throttledPeriods > prev.throttledPeriods) {
        throttledTime.append(t);
        throttledCpu.append(sample.cpuPercent);
    }
    if (sample.failcnt > prev.failcnt) {
        limitHitTime.append(t);
        limitHitMiB.append(mem);
    }
}

void RunSeries::setSamples(const QList<docker::StatsSample> &all)
{
    RunSeries fresh;
    fresh.runId = runId;
    fresh.label = label;
    fresh.colour = colour;
    fresh.oomKilled = oomKilled;
    fresh.finished = finished;
    fresh.samples.reserve(all.size());
    for (const auto &s : all)
        fresh.append(s);
    if (fresh.memoryLimitMiB <= 0)
        fresh.memoryLimitMiB = memoryLimitMiB;
    if (fresh.pidsLimit <= 0)
        fresh.pidsLimit = pidsLimit;
    fresh.fuzzEpoch = fuzzEpoch;
    const QList<fuzz::FuzzSample> fuzz = fuzzSamples;
    *this = std::move(fresh);
    setFuzzSamples(fuzz);
}

QDateTime RunSeries::origin() const
{
    if (!samples.isEmpty())
        return samples.constFirst().read;
    return fuzzSamples.isEmpty() ? QDateTime() : fuzzSamples.constFirst().at;
}

void RunSeries::addFuzzPoint(const fuzz::FuzzSample &sample)
{
    fuzzTime.append(double(m_fuzzOrigin.msecsTo(sample.at)) / 1000.0);
    coverage.append(figure(double(sample.coverage)));
    execsPerSec.append(figure(sample.execsPerSec));
    corpus.append(figure(double(sample.corpus)));
    crashes.append(figure(double(sample.crashes)));
}

void RunSeries::appendFuzz(const fuzz::FuzzSample &sample)
{
    fuzzSamples.append(sample);
    if (!m_fuzzOrigin.isValid())
        m_fuzzOrigin = origin();
    addFuzzPoint(sample);
}

void RunSeries::setFuzzSamples(const QList<fuzz::FuzzSample> &all)
{
    fuzzSamples = all;
    fuzzTime.clear();
    coverage.clear();
    execsPerSec.clear();
    corpus.clear();
    crashes.clear();
    m_fuzzOrigin = origin();
    ++fuzzEpoch;
    for (const auto &s : all)
        addFuzzPoint(s);
}

int RunSeries::markerCount(MarkerKind kind) const
{
    switch (kind) {
    case MarkerKind::Throttled:
        return int(throttledTime.size());
    case MarkerKind::MemoryLimitHit:
        return int(limitHitTime.size());
    case MarkerKind::OomKilled:
        return oomKilled ? 1 : 0;
    }
    return 0;
}

} // namespace ff::ui

#include "runseries.h"

namespace ff::ui {

namespace {
constexpr double kMiB = 1024.0 * 1024.0;
}

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
    *this = std::move(fresh);
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

#include "runrecorder.h"

#include "run/workflowrun.h"
#include "util/await.h"

#include <QFile>

#include <algorithm>
#include <memory>

namespace ff::storage {

QList<docker::StatsSample> downsample(const QList<docker::StatsSample> &samples, int maxPoints)
{
    if (maxPoints <= 0 || samples.size() <= maxPoints)
        return samples;
    const qsizetype bucket = (samples.size() + maxPoints - 1) / maxPoints;
    QList<docker::StatsSample> out;
    out.reserve(maxPoints);
    for (qsizetype start = 0; start < samples.size(); start += bucket) {
        const qsizetype end = std::min(start + bucket, samples.size());
        docker::StatsSample s = samples.at(end - 1); // cumulative counters, limits: the latest
        s.read = samples.at(start).read;
        double cpu = 0.0;
        for (qsizetype i = start; i < end; ++i) {
            cpu += samples.at(i).cpuPercent;
            s.memoryUsage = std::max(s.memoryUsage, samples.at(i).memoryUsage);
            s.pids = std::max(s.pids, samples.at(i).pids);
        }
        s.cpuPercent = cpu / static_cast<double>(end - start);
        out << s;
    }
    return out;
}

QList<fuzz::FuzzSample> downsampleFuzz(const QList<fuzz::FuzzSample> &samples, int maxPoints)
{
    if (maxPoints <= 0 || samples.size() <= maxPoints)
        return samples;
    QList<fuzz::FuzzSample> sorted = samples;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const fuzz::FuzzSample &a, const fuzz::FuzzSample &b) { return a.at < b.at; });
    const qint64 first = sorted.first().at.toMSecsSinceEpoch();
    const qint64 duration = sorted.last().at.toMSecsSinceEpoch() - first;
    const qint64 width = duration / maxPoints + 1;
    QList<fuzz::FuzzSample> out;
    qsizetype start = 0;
    while (start < sorted.size()) {
        const qint64 bucket = (sorted.at(start).at.toMSecsSinceEpoch() - first) / width;
        qsizetype end = start + 1;
        while (end < sorted.size() && (sorted.at(end).at.toMSecsSinceEpoch() - first) / width == bucket)
            ++end;
        fuzz::FuzzSample s = sorted.at(end - 1);
        double rate = 0.0;
        int rates = 0;
        for (qsizetype i = start; i < end; ++i) {
            const fuzz::FuzzSample &x = sorted.at(i);
            if (x.execsPerSec >= 0) {
                rate += x.execsPerSec;
                ++rates;
            }
            s.rssMb = std::max(s.rssMb, x.rssMb);
        }
        if (rates > 0)
            s.execsPerSec = rate / rates;
        out << s;
        start = end;
    }
    return out;
}

RunRecorder::RunRecorder(Store *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{}

void RunRecorder::track(run::WorkflowRun *r, bool recordResult)
{
    struct Collected
    {
        QList<RunEvent> events;
        QList<docker::StatsSample> samples;
        QList<fuzz::FuzzSample> fuzz;
    };
    auto collected = std::make_shared<Collected>();
    connect(r, &run::WorkflowRun::stateChanged, this,
            [collected](run::RunState state, const QString &detail) {
                collected->events << RunEvent{QDateTime::currentDateTimeUtc(), run::stateName(state), detail};
            });
    connect(r, &run::WorkflowRun::statsSample, this,
            [collected](const docker::StatsSample &s) { collected->samples << s; });
    connect(r, &run::WorkflowRun::fuzzSample, this,
            [collected](const fuzz::FuzzSample &s) { collected->fuzz << s; });
    connect(r, &run::WorkflowRun::finished, this,
            [this, collected, recordResult](const run::RunResult &result) {
                QList<QFuture<Status>> writes;
                if (recordResult)
                    writes << m_store->recordRun(result, collected->events);
                // Samples with the same timestamp (the engine's resolution) keep the first.
                QList<docker::StatsSample> unique;
                for (const auto &s : std::as_const(collected->samples))
                    if (s.read.isValid() && (unique.isEmpty() || unique.last().read != s.read))
                        unique << s;
                if (!unique.isEmpty())
                    writes << m_store->addSamples(result.runId, downsample(unique));
                if (!collected->fuzz.isEmpty())
                    writes << m_store->addFuzzSamples(result.runId, downsampleFuzz(collected->fuzz));
                QFile log(result.outputDir + QStringLiteral("/run.log"));
                if (log.open(QIODevice::ReadOnly)) {
                    // Only the end is kept when it is longer than the cap: read no more than that.
                    if (log.size() > m_logCap)
                        log.seek(log.size() - m_logCap);
                    writes << m_store->saveLog(result.runId, log.readAll(), m_logCap);
                }
                m_pending += writes;
            });
}

Status RunRecorder::wait()
{
    Status first;
    for (const auto &f : std::as_const(m_pending)) {
        const Status s = ff::await(f);
        if (!s && first)
            first = s;
    }
    m_pending.clear();
    return first;
}

} // namespace ff::storage

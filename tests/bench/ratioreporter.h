#pragma once

#include <benchmark/benchmark.h>

#include <functional>
#include <map>
#include <string>
#include <utility>

namespace ff::bench {

// Google Benchmark's console table, then a summary of our own: the medians (real time, in the
// benchmark's unit) by benchmark name, handed to `summary` to print figures and ratios.
class RatioReporter : public benchmark::ConsoleReporter
{
public:
    using Medians = std::map<std::string, double>;
    explicit RatioReporter(std::function<void(const Medians &)> summary)
        : m_summary(std::move(summary))
    {}
    void ReportRuns(const std::vector<Run> &runs) override
    {
        ConsoleReporter::ReportRuns(runs);
        for (const Run &run : runs)
            if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median")
                m_medians[run.run_name.function_name] = run.GetAdjustedRealTime();
    }
    void Finalize() override
    {
        ConsoleReporter::Finalize();
        m_summary(m_medians);
    }

private:
    std::function<void(const Medians &)> m_summary;
    Medians m_medians;
};

inline double median(const RatioReporter::Medians &m, const std::string &name)
{
    const auto it = m.find(name);
    return it == m.end() ? 0.0 : it->second;
}

} // namespace ff::bench

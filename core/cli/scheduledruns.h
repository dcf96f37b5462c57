#pragma once

#include "output.h"
#include "scheduler/scheduler.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <functional>

namespace ff::cli {

// Runs a scheduler's work to the end in the CLI: live progress, the engine's availability
// ("engine unavailable, retrying in N s"), Ctrl+C cancels everything (containers are killed
// and removed). Waits for `expected` final results, or with -1 until the scheduler is idle.
// `kickoff` runs once the event loop does (enqueue or recover there).
QList<run::RunResult> driveScheduler(scheduler::Scheduler &scheduler, ProgressPrinter &progress, int expected,
                                     const std::function<void()> &kickoff);

// -j/--jobs N, as the commands that run the queue take it.
QCommandLineOption jobsOption();
// Its value: 0 when it is not given; an error (for the usage message) when it is not 1..64.
Result<int> jobsValue(const QCommandLineParser &parser, const QCommandLineOption &option);

// Asks the engine once (so that "engine down" is one clear line), then the scheduler's limits:
// what the engine has (less a margin), with the number of runs at once from --jobs when it is
// given (jobs > 0). The error's message says which of the two failed.
Result<scheduler::Limits> schedulerLimits(docker::DockerClient *client, int jobs);

} // namespace ff::cli

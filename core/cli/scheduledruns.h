#pragma once

#include "output.h"
#include "scheduler/scheduler.h"

#include <functional>

namespace ff::cli {

// Runs a scheduler's work to the end in the CLI: live progress, the engine's availability
// ("engine unavailable, retrying in N s"), Ctrl+C cancels everything (containers are killed
// and removed). Waits for `expected` final results, or with -1 until the scheduler is idle.
// `kickoff` runs once the event loop does (enqueue or recover there).
QList<run::RunResult> driveScheduler(scheduler::Scheduler &scheduler, ProgressPrinter &progress, int expected,
                                     const std::function<void()> &kickoff);

// The scheduler's limits: what the engine has (less a margin), with the number of runs at
// once from --jobs when it is given (jobs > 0).
Result<scheduler::Limits> schedulerLimits(docker::DockerClient *client, int jobs);

} // namespace ff::cli

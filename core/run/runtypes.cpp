#include "runtypes.h"

namespace ff::run {

QString stateName(RunState state)
{
    switch (state) {
    case RunState::Queued:
        return QStringLiteral("queued");
    case RunState::Preparing:
        return QStringLiteral("preparing");
    case RunState::Running:
        return QStringLiteral("running");
    case RunState::Collecting:
        return QStringLiteral("collecting");
    case RunState::Succeeded:
        return QStringLiteral("succeeded");
    case RunState::Failed:
        return QStringLiteral("failed");
    case RunState::Cancelled:
        return QStringLiteral("cancelled");
    case RunState::TimedOut:
        return QStringLiteral("timed out");
    case RunState::Dead:
        return QStringLiteral("dead");
    case RunState::Lost:
        return QStringLiteral("lost");
    }
    return QStringLiteral("unknown");
}

std::optional<RunState> parseState(const QString &name)
{
    for (int i = 0; i <= static_cast<int>(RunState::Lost); ++i)
        if (stateName(static_cast<RunState>(i)) == name)
            return static_cast<RunState>(i);
    return std::nullopt;
}

bool isFinal(RunState state)
{
    return state == RunState::Succeeded || state == RunState::Failed || state == RunState::Cancelled ||
           state == RunState::TimedOut || state == RunState::Dead || state == RunState::Lost;
}

bool keepsObjects(RunState state, bool keep, bool keepOnFailure)
{
    if (keep)
        return true;
    // A cancelled run is the analyst's choice, not a failure to debug.
    return keepOnFailure && isFinal(state) && state != RunState::Succeeded && state != RunState::Cancelled;
}

qint64 RunResult::startLatencyMs() const
{
    return submitted.isValid() && containerRunning.isValid() ? submitted.msecsTo(containerRunning) : -1;
}

qint64 RunResult::dispatchLatencyMs() const
{
    return dispatched.isValid() && containerRunning.isValid() ? dispatched.msecsTo(containerRunning) : -1;
}

} // namespace ff::run

#pragma once

#include "findingrow.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

#include <optional>

namespace ff::storage {
class Store;
}

namespace ff::ui {

enum class FindingsMode { All, NewSincePrevious, FixedSincePrevious };

// A run whose findings the view shows: selected (only the id; the rest is read from the store)
// or finished in this session (its findings known already, maybe not stored yet).
struct FindingsSource
{
    QString runId;
    QString workflowId;
    QString projectPath;
    QDateTime submitted;
    std::optional<QList<findings::Finding>> findings;
};

struct LoadedFindings
{
    QList<FindingRow> rows;
    int runCount = 0;
    QStringList notes;  // what the analyst should know (no previous run to compare with, ...)
    QStringList errors; // reads that failed
};

// Builds the rows of `sources` in `mode`, with the triage of their projects. For the modes that
// compare, the previous run is the latest earlier successful run of the same workflow on the same
// project; without one, every finding is new and none is fixed. Runs on a worker: it reads the
// store (which may be null: no history, then only known findings and no triage).
LoadedFindings loadFindings(const storage::Store *store, const QList<FindingsSource> &sources,
                            FindingsMode mode);

} // namespace ff::ui

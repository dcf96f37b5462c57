#pragma once

#include "findings/finding.h"
#include "fuzz/fuzzstats.h"
#include "workflow/manifest.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

#include <optional>

namespace ff::run {

enum class RunState {
    Queued,
    Preparing,
    Running,
    Collecting,
    Succeeded,
    Failed,
    Cancelled,
    TimedOut,
    Dead,
    Lost
};
QString stateName(RunState state);
std::optional<RunState> parseState(const QString &name);
bool isFinal(RunState state);
// Whether a run that ended in `state` keeps its engine objects under `keep` / `keepOnFailure`.
bool keepsObjects(RunState state, bool keep, bool keepOnFailure);

// Labels every object of a run carries, so that the engine can tell what belongs to whom.
inline const QString kLabelRun = QStringLiteral("org.fuzzforge.run");
inline const QString kLabelWorkflow = QStringLiteral("org.fuzzforge.workflow");
inline const QString kLabelProject = QStringLiteral("org.fuzzforge.project");
inline const QString kLabelAttempt = QStringLiteral("org.fuzzforge.attempt");
// The database whose scheduler made the object: recovery touches only its own.
inline const QString kLabelStore = QStringLiteral("org.fuzzforge.store");

struct RunSpec
{
    QString runId; // empty: one is made
    workflow::WorkflowManifest workflow;
    QString projectPath;
    QMap<QString, QString> parameters; // validated (WorkflowManifest::resolveParameters)
    QStringList languages;             // detected in the project (workflow::detectLanguages)
    QString outputDir;                 // raw outputs and the log are kept here
    bool keep = false;                 // keep container, volume and network for debugging
    bool keepOnFailure = false;        // keep them only when the run fails (not when cancelled)
    int attempt = 1;                   // > 1: a retry, whose engine objects get names of their own
    QStringList extraLabels;           // "key=value", on the container, volume and network
};

// What a fuzzing run's statistics said (workflows with `statistics` in their manifest).
struct FuzzSummary
{
    bool present = false;      // the workflow reports statistics
    qint64 initialCorpus = -1; // corpus entries before fuzzing ("[fuzzforge] corpus: initial=N")
    qint64 seeds = -1;         // of which from the seed folder
    fuzz::FuzzSample last;     // the latest sample (every figure -1 before the first)
    int samples = 0;           // how many samples the run gave
};

struct RunResult
{
    QString runId;
    QString workflowId;
    QString workflowVersion;
    QString projectPath;
    QStringList projectLanguages;
    QMap<QString, QString> parameters;
    RunState state = RunState::Queued;
    QString error;
    bool transient = false; // failed because of the engine (unreachable, 5xx, ...), not the workflow
    int attempts = 1;
    QStringList attemptErrors; // the error of every earlier attempt
    int exitCode = -1;
    bool oomKilled = false;
    qint64 memoryLimit = 0;
    QString imageTag;
    QString imageId;
    QString containerId;
    QString volumeName;
    QString networkId;
    QString corpusVolume; // the named corpus volume mounted (kept after the run), or empty
    QList<findings::Finding> findings;
    QStringList rawFiles; // kept under outputDir
    QString outputDir;
    QMap<QString, QString> toolVersions;
    QDateTime submitted;
    QDateTime dispatched; // a slot became free and the run was told to start
    QDateTime containerRunning;
    QDateTime finished;
    qint64 logLines = 0;
    FuzzSummary fuzz;

    bool succeeded() const { return state == RunState::Succeeded; }
    qint64 startLatencyMs() const;
    // From a free slot to a running container: with the run prepared ahead, only the start.
    qint64 dispatchLatencyMs() const;
    bool resumed = false;       // re-attached after a restart of the application
    bool preparedAhead = false; // its container existed when its slot came
};

} // namespace ff::run

Q_DECLARE_METATYPE(ff::run::RunResult)
Q_DECLARE_METATYPE(ff::run::RunState)

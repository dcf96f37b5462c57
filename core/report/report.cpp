#include "report.h"
#include "findings/redact.h"

#include <QHash>

#include <algorithm>

namespace ff::report {

using findings::Finding;
using findings::Severity;
using storage::TriageStatus;

QString Options::effectiveTitle() const
{
    return title.trimmed().isEmpty() ? QStringLiteral("FuzzForge report") : title.trimmed();
}

RunInfo RunInfo::fromRecord(const storage::RunRecord &record)
{
    RunInfo r;
    r.id = record.id;
    r.projectPath = record.projectPath;
    r.workflow = record.workflow;
    r.workflowVersion = record.workflowVersion;
    r.image = record.image;
    r.state = record.state;
    r.error = record.error;
    r.exitCode = record.exitCode;
    r.succeeded = record.state == QLatin1String("succeeded");
    r.started = record.started.isValid() ? record.started : record.submitted;
    r.finished = record.finished;
    r.findingCount = record.findingCount;
    return r;
}

RunInfo RunInfo::fromResult(const run::RunResult &result)
{
    RunInfo r;
    r.id = result.runId;
    r.projectPath = result.projectPath;
    r.workflow = result.workflowId;
    r.workflowVersion = result.workflowVersion;
    r.image = result.imageTag;
    r.state = run::stateName(result.state);
    r.error = result.error;
    r.exitCode = result.exitCode;
    r.succeeded = result.succeeded();
    r.started = result.containerRunning.isValid() ? result.containerRunning : result.submitted;
    r.finished = result.finished;
    r.findingCount = static_cast<int>(result.findings.size());
    return r;
}

QString baselineStateName(BaselineState state)
{
    switch (state) {
    case BaselineState::New:
        return QStringLiteral("new");
    case BaselineState::Unchanged:
        return QStringLiteral("unchanged");
    case BaselineState::Absent:
        return QStringLiteral("absent");
    case BaselineState::None:
        break;
    }
    return {};
}

QStringList Report::projects() const
{
    QStringList out;
    for (const RunInfo &r : runs)
        if (!out.contains(r.projectPath))
            out << r.projectPath;
    return out;
}

const RunInfo *Report::run(const QString &id) const
{
    for (const RunInfo &r : runs)
        if (r.id == id)
            return &r;
    return nullptr;
}

QMap<Severity, int> Report::countsBySeverity() const
{
    QMap<Severity, int> counts;
    for (Severity s : findings::kAllSeverities)
        counts.insert(s, 0);
    for (const Entry &e : entries)
        ++counts[e.finding.severity];
    return counts;
}

QList<QPair<QString, QMap<Severity, int>>> Report::countsByWorkflow() const
{
    QList<QPair<QString, QMap<Severity, int>>> out;
    QHash<QString, qsizetype> index;
    QHash<QString, QString> workflowOfRun;
    for (const RunInfo &r : runs) {
        workflowOfRun.insert(r.id, r.workflow);
        if (!index.contains(r.workflow)) {
            index.insert(r.workflow, out.size());
            QMap<Severity, int> zero;
            for (Severity s : findings::kAllSeverities)
                zero.insert(s, 0);
            out.append({r.workflow, zero});
        }
    }
    for (const Entry &e : entries) {
        const QString workflow = workflowOfRun.value(e.runId, e.finding.workflow);
        auto it = index.constFind(workflow);
        if (it == index.constEnd()) {
            index.insert(workflow, out.size());
            out.append({workflow, {}});
            it = index.constFind(workflow);
        }
        ++out[*it].second[e.finding.severity];
    }
    return out;
}

namespace {

bool entryOrder(const Entry &a, const Entry &b)
{
    if (a.finding.severity != b.finding.severity)
        return a.finding.severity > b.finding.severity;
    if (a.finding.path != b.finding.path)
        return a.finding.path < b.finding.path;
    if (a.finding.region.startLine != b.finding.region.startLine)
        return a.finding.region.startLine < b.finding.region.startLine;
    return a.finding.ruleId < b.finding.ruleId;
}

void redactEntry(Entry &e, bool redactAll)
{
    e.redacted = findings::redactFinding(e.finding, redactAll) || e.redacted;
}

// An accepted risk whose time is up is open again.
void applyExpiry(Entry &e, const QDateTime &now)
{
    if (e.status == TriageStatus::AcceptedRisk && e.expires.isValid() && e.expires < now) {
        e.status = TriageStatus::Open;
        e.note = QStringLiteral("Accepted risk expired on %1. %2")
                     .arg(e.expires.toUTC().toString(Qt::ISODate), e.note)
                     .trimmed();
    }
}

} // namespace

Report assemble(QList<RunInfo> runs, QList<Entry> entries, QList<Entry> fixed, const Options &options)
{
    Report report;
    report.options = options;
    report.generated = QDateTime::currentDateTimeUtc();
    report.generator = QStringLiteral("FuzzForge " FUZZFORGE_VERSION);
    report.runs = std::move(runs);
    report.entries.reserve(entries.size());
    for (Entry &e : entries) {
        applyExpiry(e, report.generated);
        // Triage decisions are counted before the threshold: "3 false positives hidden" is what
        // the reader wants to know about.
        if (e.status == TriageStatus::FalsePositive && !options.includeFalsePositives) {
            ++report.excluded.falsePositives;
            continue;
        }
        if (e.status == TriageStatus::AcceptedRisk && !options.includeAcceptedRisks) {
            ++report.excluded.acceptedRisks;
            continue;
        }
        if (options.minSeverity && e.finding.severity < *options.minSeverity) {
            ++report.excluded.belowThreshold;
            continue;
        }
        redactEntry(e, options.redactSecrets);
        report.entries.append(std::move(e));
    }
    for (Entry &e : fixed) {
        if (options.minSeverity && e.finding.severity < *options.minSeverity)
            continue;
        e.baseline = BaselineState::Absent;
        redactEntry(e, options.redactSecrets);
        report.fixed.append(std::move(e));
    }
    std::stable_sort(report.entries.begin(), report.entries.end(), entryOrder);
    std::stable_sort(report.fixed.begin(), report.fixed.end(), entryOrder);
    return report;
}

namespace {

// The latest run of the same workflow on the same project submitted before `run`.
std::optional<storage::RunRecord> previousRun(const QList<storage::RunRecord> &projectRuns,
                                              const storage::RunRecord &run)
{
    std::optional<storage::RunRecord> best;
    for (const storage::RunRecord &r : projectRuns) {
        if (r.id == run.id || r.workflow != run.workflow || r.submitted >= run.submitted)
            continue;
        if (r.state != QLatin1String("succeeded"))
            continue;
        if (!best || r.submitted > best->submitted)
            best = r;
    }
    return best;
}

Entry entryFor(Finding f, const QString &runId, const QMap<QString, storage::Triage> &triage)
{
    Entry e;
    e.runId = runId;
    const auto t = triage.constFind(f.fingerprint);
    if (t != triage.constEnd()) {
        e.status = t->status;
        e.reason = t->reason;
        e.note = t->note;
        e.expires = t->expires;
    }
    e.finding = std::move(f);
    return e;
}

} // namespace

Result<Report> collect(const storage::Store &store, const QStringList &runIds, const Options &options,
                       const std::optional<QSet<QString>> &onlyFingerprints)
{
    if (runIds.isEmpty())
        return Error::make(Error::Kind::InvalidArgument, QStringLiteral("no runs to report on"));
    if (onlyFingerprints && onlyFingerprints->isEmpty())
        return Error::make(Error::Kind::InvalidArgument,
                           QStringLiteral("the selection is empty: select the findings to export"));
    QList<RunInfo> runs;
    QList<Entry> entries;
    QList<Entry> fixed;
    QHash<QString, QMap<QString, storage::Triage>> triageByProject;
    QHash<QString, QList<storage::RunRecord>> runsByProject;
    QSet<QString> seen;
    for (const QString &idOrPrefix : runIds) {
        auto record = store.run(idOrPrefix);
        if (!record)
            return record.error();
        if (seen.contains(record->id))
            continue;
        seen.insert(record->id);
        const QString project = record->projectPath;
        if (!triageByProject.contains(project)) {
            auto triage = store.triage(project);
            if (!triage)
                return triage.error();
            triageByProject.insert(project, std::move(triage).value());
        }
        const auto &triage = triageByProject[project];
        RunInfo info = RunInfo::fromRecord(record.value());

        auto found = store.findings(record->id);
        if (!found)
            return found.error();
        QSet<QString> added;
        bool compared = false;
        if (options.compareWithPrevious && !onlyFingerprints) {
            if (!runsByProject.contains(project)) {
                auto all = store.runs(project);
                if (!all)
                    return all.error();
                runsByProject.insert(project, std::move(all).value());
            }
            if (auto previous = previousRun(runsByProject[project], record.value())) {
                auto diff = store.diff(previous->id, record->id);
                if (!diff)
                    return diff.error();
                compared = true;
                info.baselineRunId = previous->id;
                for (const Finding &f : diff->added)
                    added.insert(f.fingerprint);
                for (Finding f : diff->fixed) {
                    Entry e = entryFor(std::move(f), previous->id, triage);
                    fixed.append(std::move(e));
                }
            }
        }
        for (Finding f : std::move(found).value()) {
            if (onlyFingerprints && !onlyFingerprints->contains(f.fingerprint))
                continue;
            Entry e = entryFor(std::move(f), record->id, triage);
            if (compared)
                e.baseline =
                    added.contains(e.finding.fingerprint) ? BaselineState::New : BaselineState::Unchanged;
            entries.append(std::move(e));
        }
        runs.append(std::move(info));
    }
    if (onlyFingerprints && entries.isEmpty())
        return Error::make(Error::Kind::NotFound,
                           QStringLiteral("none of the %1 selected findings belongs to the runs given")
                               .arg(onlyFingerprints->size()));
    return assemble(std::move(runs), std::move(entries), std::move(fixed), options);
}

} // namespace ff::report

#include "findingsloader.h"

#include "run/runtypes.h"
#include "storage/store.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

namespace ff::ui {

namespace {

// The latest successful run of the same workflow and project before `source` (runs come newest
// first from the store).
std::optional<storage::RunRecord> previousRun(const QList<storage::RunRecord> &runs,
                                              const FindingsSource &source, bool *sourceStored)
{
    *sourceStored = false;
    qsizetype from = 0;
    for (qsizetype i = 0; i < runs.size(); ++i) {
        if (runs.at(i).id == source.runId) {
            *sourceStored = true;
            from = i + 1;
            break;
        }
    }
    for (qsizetype i = from; i < runs.size(); ++i) {
        const storage::RunRecord &r = runs.at(i);
        if (r.id == source.runId || r.workflow != source.workflowId)
            continue;
        if (run::parseState(r.state) != run::RunState::Succeeded)
            continue;
        if (!*sourceStored && source.submitted.isValid() && r.submitted.isValid() &&
            r.submitted > source.submitted)
            continue;
        return r;
    }
    return std::nullopt;
}

} // namespace

LoadedFindings loadFindings(const storage::Store *store, const QList<FindingsSource> &sources,
                            FindingsMode mode)
{
    LoadedFindings out;
    QHash<QString, QMap<QString, storage::Triage>> triageByProject;
    QHash<QString, QList<storage::RunRecord>> runsByProject;
    QSet<QString> seen;
    for (FindingsSource source : sources) {
        if (seen.contains(source.runId))
            continue;
        seen.insert(source.runId);
        if (source.projectPath.isEmpty() || source.workflowId.isEmpty()) {
            if (!store)
                continue;
            auto record = store->run(source.runId);
            if (!record) {
                out.errors << record.error().message;
                continue;
            }
            source.projectPath = record->projectPath;
            source.workflowId = record->workflow;
            source.submitted = record->submitted;
        }
        ++out.runCount;

        QList<findings::Finding> current;
        if (source.findings) {
            current = *source.findings;
        } else if (store) {
            auto read = store->findings(source.runId);
            if (!read) {
                out.errors << read.error().message;
                continue;
            }
            current = std::move(read).value();
        }

        // What the rows are made of in this mode, and the run each came from.
        QList<findings::Finding> shown = current;
        QString shownRun = source.runId;
        if (mode != FindingsMode::All) {
            std::optional<storage::RunRecord> previous;
            bool stored = false;
            if (store) {
                if (!runsByProject.contains(source.projectPath)) {
                    auto runs = store->runs(source.projectPath);
                    if (!runs)
                        out.errors << runs.error().message;
                    runsByProject.insert(source.projectPath,
                                         runs ? std::move(runs).value() : QList<storage::RunRecord>{});
                }
                previous = previousRun(runsByProject.value(source.projectPath), source, &stored);
            }
            if (!previous) {
                out.notes << QCoreApplication::translate("ff::ui::FindingsLoader",
                                                         "%1 on %2 has no earlier successful run to compare "
                                                         "with: all its findings count as new.")
                                 .arg(source.workflowId, source.projectPath);
                if (mode == FindingsMode::FixedSincePrevious)
                    shown.clear();
            } else if (stored && !source.findings) {
                auto diff = store->diff(previous->id, source.runId);
                if (!diff) {
                    out.errors << diff.error().message;
                    continue;
                }
                shown = mode == FindingsMode::NewSincePrevious ? diff->added : diff->fixed;
            } else {
                // Finished in this session and perhaps not written yet: compare in memory.
                auto before = store->findings(previous->id);
                if (!before) {
                    out.errors << before.error().message;
                    continue;
                }
                QSet<QString> now;
                for (const findings::Finding &f : std::as_const(current))
                    now.insert(f.fingerprint);
                QSet<QString> then;
                for (const findings::Finding &f : before.value())
                    then.insert(f.fingerprint);
                shown.clear();
                if (mode == FindingsMode::NewSincePrevious) {
                    for (const findings::Finding &f : std::as_const(current))
                        if (!then.contains(f.fingerprint))
                            shown << f;
                } else {
                    for (const findings::Finding &f : before.value())
                        if (!now.contains(f.fingerprint))
                            shown << f;
                }
            }
            if (previous && mode == FindingsMode::FixedSincePrevious)
                shownRun = previous->id; // a fixed finding was last seen there
        }

        if (store && !triageByProject.contains(source.projectPath)) {
            auto triage = store->triage(source.projectPath);
            if (!triage)
                out.errors << triage.error().message;
            triageByProject.insert(source.projectPath,
                                   triage ? std::move(triage).value() : QMap<QString, storage::Triage>{});
        }
        const QMap<QString, storage::Triage> &triage = triageByProject[source.projectPath];
        out.rows.reserve(out.rows.size() + shown.size());
        for (findings::Finding &f : shown) {
            FindingRow row;
            row.runId = shownRun;
            row.projectPath = source.projectPath;
            if (const auto it = triage.constFind(f.fingerprint); it != triage.constEnd()) {
                row.status = it->status;
                row.reason = it->reason;
            }
            row.finding = std::move(f);
            out.rows << std::move(row);
        }
    }
    return out;
}

} // namespace ff::ui

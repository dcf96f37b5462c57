#pragma once

#include "findings/finding.h"
#include "storage/store.h"

#include <QMetaType>
#include <QString>

namespace ff::ui {

// One row of the Findings view: a finding, the run and project it came from and its triage.
// A plain value: rows are built on a worker and handed to the model on the UI thread.
struct FindingRow
{
    findings::Finding finding;
    QString runId;
    QString projectPath;
    storage::TriageStatus status = storage::TriageStatus::Open;
    QString reason;
};

} // namespace ff::ui

Q_DECLARE_METATYPE(ff::ui::FindingRow)

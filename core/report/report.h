#pragma once

#include "findings/finding.h"
#include "run/runtypes.h"
#include "storage/store.h"
#include "util/error.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>

namespace ff::report {

enum class Format { Sarif, Html, Pdf, Csv, Markdown, Json };

QString formatName(Format format); // "sarif", "html", ...
std::optional<Format> parseFormat(QStringView name);
// The format a file name implies by its extension (.sarif, .html, .pdf, .csv, .md, .json).
std::optional<Format> formatForPath(const QString &path);
QString fileExtension(Format format); // without the dot
QStringList formatNames();

struct Options
{
    QString title;  // empty: "FuzzForge report"
    QString author; // empty: left out
    std::optional<findings::Severity> minSeverity;
    bool includeFalsePositives = false;
    bool includeAcceptedRisks = true;
    // Secret-looking values in snippets and messages. Findings about secrets are always
    // redacted, whatever this says.
    bool redactSecrets = true;
    // Compare each run with the previous run of its workflow on its project (SARIF
    // baselineState, "new" marks, the list of fixed findings).
    bool compareWithPrevious = true;
    QString effectiveTitle() const;
};

// What a report says about one run it covers.
struct RunInfo
{
    QString id;
    QString projectPath;
    QString workflow;
    QString workflowVersion;
    QString image;
    QString state;
    QString error;
    int exitCode = -1;
    bool succeeded = false;
    QDateTime started;
    QDateTime finished;
    QString baselineRunId; // the earlier run compared with; empty when none
    int findingCount = 0;  // all the run found, before the report's filters

    static RunInfo fromRecord(const storage::RunRecord &record);
    static RunInfo fromResult(const run::RunResult &result);
};

enum class BaselineState { None, New, Unchanged, Absent };
QString baselineStateName(BaselineState state); // SARIF's words: new, unchanged, absent; "" for None

struct Entry
{
    findings::Finding finding; // redacted where the report redacts
    QString runId;
    storage::TriageStatus status = storage::TriageStatus::Open;
    QString reason;
    QString note;
    QDateTime expires;
    BaselineState baseline = BaselineState::None;
    bool redacted = false; // something in the snippet or message was hidden
};

struct Excluded
{
    int belowThreshold = 0;
    int falsePositives = 0;
    int acceptedRisks = 0;
    int total() const { return belowThreshold + falsePositives + acceptedRisks; }
};

// Everything a report shows, gathered once and rendered in any format.
struct Report
{
    Options options;
    QDateTime generated;
    QString generator; // "FuzzForge 0.1.0"
    QList<RunInfo> runs;
    QList<Entry> entries; // by severity (highest first), then path and line
    QList<Entry> fixed;   // in a compared run, gone from this one (baseline "absent")
    Excluded excluded;

    QString title() const { return options.effectiveTitle(); }
    QStringList projects() const;
    const RunInfo *run(const QString &id) const;
    QMap<findings::Severity, int> countsBySeverity() const;
    // Per workflow, in the order the runs are listed.
    QList<QPair<QString, QMap<findings::Severity, int>>> countsByWorkflow() const;
};

// Findings of the given runs, with their triage, filtered and redacted by `options`. Run ids
// may be unique prefixes. `onlyFingerprints`, when given, keeps just those findings (the
// Findings view's selection); a selection that matches nothing is an error, as are an empty
// run list and a run the database does not have.
Result<Report> collect(const storage::Store &store, const QStringList &runIds, const Options &options,
                       const std::optional<QSet<QString>> &onlyFingerprints = std::nullopt);

// The same from values already in hand (a scan without history): triage and baseline are
// whatever the entries carry. Filters, redacts and sorts.
Report assemble(QList<RunInfo> runs, QList<Entry> entries, QList<Entry> fixed, const Options &options);

// Called now and then while writing; returning false cancels the export.
using Progress = std::function<bool(qint64 done, qint64 total)>;

// Writes the report to `path` in `format`, whole or not at all (an existing file is replaced
// only once the new one is complete). PDF needs a QGuiApplication.
Status write(const Report &report, Format format, const QString &path, const Progress &progress = {});

// The bytes of a text format (every format but PDF).
Result<QByteArray> render(const Report &report, Format format, const Progress &progress = {});

// One renderer per format; each reports progress by entries written.
QByteArray renderSarif(const Report &report, const Progress &progress = {});
QByteArray renderCsv(const Report &report, const Progress &progress = {});
QByteArray renderMarkdown(const Report &report, const Progress &progress = {});
QByteArray renderJson(const Report &report, const Progress &progress = {});
QByteArray renderHtml(const Report &report, const Progress &progress = {});
Status writePdf(const Report &report, const QString &path, const Progress &progress = {});

} // namespace ff::report

Q_DECLARE_METATYPE(ff::report::Report)

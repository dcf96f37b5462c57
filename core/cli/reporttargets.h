#pragma once

#include "report/report.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace ff::cli {

// Where a report goes and in which format: `report -f FMT -o FILE` and `scan --report FMT:FILE`.
struct ReportTarget
{
    report::Format format = report::Format::Sarif;
    QString path; // "-": standard output

    // The format by name, else from the file's extension.
    static Result<ReportTarget> parse(const QString &formatName, const QString &path);
    // "FMT:FILE", or a bare FILE whose extension names the format.
    static Result<ReportTarget> parseSpec(const QString &spec);

    bool toStdout() const { return path == QLatin1String("-"); }
    // Before any work: the folder exists and a file can be made there.
    Status checkWritable() const;
    Status write(const report::Report &report) const;
};

// The options that shape a report, shared by `report` and `scan`.
class ReportOptionSet
{
public:
    ReportOptionSet();
    void addTo(QCommandLineParser &parser) const;
    Result<report::Options> options(const QCommandLineParser &parser) const;

private:
    QCommandLineOption m_title;
    QCommandLineOption m_author;
    QCommandLineOption m_minSeverity;
    QCommandLineOption m_includeFalsePositives;
    QCommandLineOption m_excludeAcceptedRisks;
    QCommandLineOption m_noRedact;
    QCommandLineOption m_noCompare;
};

} // namespace ff::cli

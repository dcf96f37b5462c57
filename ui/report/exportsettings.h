#pragma once

#include "report/report.h"

#include <QDate>
#include <QString>

namespace ff::ui {

// What the Export dialog remembers from one export to the next, stored with QSettings under a
// versioned group (as AppSettings is).
struct ExportSettings
{
    QString folder; // where the last report went; empty: the Documents folder
    QString author; // empty: the user's name
    report::Format format = report::Format::Html;

    static ExportSettings load();
    void save() const;
    // The folder to offer: the last one while it still exists, else Documents (or home).
    QString effectiveFolder() const;
    // The author to offer: the last one, else the user's name.
    QString effectiveAuthor() const;
};

// The user's name as the system knows it: the full name where the account has one, else the
// login name from the environment.
QString userName();
// "fuzzforge-report-<project>-<yyyy-MM-dd>.<ext>"; without a project, "fuzzforge-report-<date>".
QString defaultReportName(const QString &project, const QDate &date, report::Format format);
// `path` with the extension of `format`: a report extension it has is replaced, any other kept
// and the new one added. An empty path stays empty.
QString withExtension(const QString &path, report::Format format);

} // namespace ff::ui

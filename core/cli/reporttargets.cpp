#include "reporttargets.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

#include <cstdio>

namespace ff::cli {

using report::Format;

Result<ReportTarget> ReportTarget::parse(const QString &formatName, const QString &path)
{
    if (path.trimmed().isEmpty())
        return Error::make(Error::Kind::InvalidArgument, QStringLiteral("the report's file name is empty"));
    ReportTarget t;
    t.path = path;
    if (!formatName.isEmpty()) {
        const auto f = report::parseFormat(formatName);
        if (!f)
            return Error::make(Error::Kind::InvalidArgument,
                               QStringLiteral("unknown report format '%1' (use %2)")
                                   .arg(formatName, report::formatNames().join(QStringLiteral(", "))));
        t.format = *f;
    } else {
        const auto f = report::formatForPath(path);
        if (!f)
            return Error::make(Error::Kind::InvalidArgument,
                               QStringLiteral("cannot tell the format of '%1' from its name: give it (%2)")
                                   .arg(path, report::formatNames().join(QStringLiteral(", "))));
        t.format = *f;
    }
    if (t.toStdout() && t.format == Format::Pdf)
        return Error::make(Error::Kind::InvalidArgument,
                           QStringLiteral("a PDF report needs a file name, not standard output"));
    return t;
}

Result<ReportTarget> ReportTarget::parseSpec(const QString &spec)
{
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    if (colon > 0 && report::parseFormat(QStringView(spec).left(colon)))
        return parse(spec.left(colon), spec.mid(colon + 1));
    if (colon > 0 && !QStringView(spec).left(colon).contains(QLatin1Char('/')))
        return parse(spec.left(colon), spec.mid(colon + 1)); // names the unknown format in the error
    return parse(QString(), spec);
}

Status ReportTarget::checkWritable() const
{
    if (toStdout())
        return {};
    const QFileInfo info(path);
    const QString shown = QDir::toNativeSeparators(path);
    if (info.isDir())
        return Error::make(Error::Kind::InvalidArgument,
                           QStringLiteral("cannot write %1: it is a folder").arg(shown));
    if (!info.dir().exists())
        return Error::make(Error::Kind::Io, QStringLiteral("cannot write %1: the folder %2 does not exist")
                                                .arg(shown, QDir::toNativeSeparators(info.dir().path())));
    QTemporaryFile probe(info.dir().filePath(QStringLiteral(".fuzzforge-probe-XXXXXX")));
    if (!probe.open())
        return Error::make(Error::Kind::Io,
                           QStringLiteral("cannot write %1: %2").arg(shown, probe.errorString()));
    if (info.exists() && !info.isWritable())
        return Error::make(Error::Kind::Io,
                           QStringLiteral("cannot write %1: the file is read-only").arg(shown));
    return {};
}

Status ReportTarget::write(const report::Report &r) const
{
    if (!toStdout())
        return report::write(r, format, path);
    auto data = report::render(r, format);
    if (!data)
        return data.error();
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly) || out.write(data.value()) != data->size() || !out.flush())
        return Error::make(Error::Kind::Io, QStringLiteral("cannot write to standard output"));
    return {};
}

ReportOptionSet::ReportOptionSet()
    : m_title(QStringLiteral("title"), QStringLiteral("The report's title."), QStringLiteral("TITLE"))
    , m_author(QStringLiteral("author"), QStringLiteral("The report's author."), QStringLiteral("NAME"))
    , m_minSeverity(QStringLiteral("min-severity"),
                    QStringLiteral("Leave out findings below SEVERITY (critical, high, medium, low, info)."),
                    QStringLiteral("SEVERITY"))
    , m_includeFalsePositives(
          QStringLiteral("include-false-positives"),
          QStringLiteral("Keep findings triaged as false positives (left out by default)."))
    , m_excludeAcceptedRisks(QStringLiteral("exclude-accepted-risks"),
                             QStringLiteral("Leave out findings whose risk was accepted."))
    , m_noRedact(QStringLiteral("no-redact"),
                 QStringLiteral("Do not hide secret-looking values in other findings' snippets (findings "
                                "about secrets are always redacted)."))
    , m_noCompare(QStringLiteral("no-compare"),
                  QStringLiteral("Do not compare each run with the previous run of its workflow."))
{}

void ReportOptionSet::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_title, m_author, m_minSeverity, m_includeFalsePositives, m_excludeAcceptedRisks,
                       m_noRedact, m_noCompare});
}

Result<report::Options> ReportOptionSet::options(const QCommandLineParser &parser) const
{
    report::Options o;
    o.title = parser.value(m_title);
    o.author = parser.value(m_author);
    if (parser.isSet(m_minSeverity)) {
        o.minSeverity = findings::parseSeverity(parser.value(m_minSeverity));
        if (!o.minSeverity)
            return Error::make(
                Error::Kind::InvalidArgument,
                QStringLiteral("--min-severity '%1' is not critical, high, medium, low or info")
                    .arg(parser.value(m_minSeverity)));
    }
    o.includeFalsePositives = parser.isSet(m_includeFalsePositives);
    o.includeAcceptedRisks = !parser.isSet(m_excludeAcceptedRisks);
    o.redactSecrets = !parser.isSet(m_noRedact);
    o.compareWithPrevious = !parser.isSet(m_noCompare);
    return o;
}

} // namespace ff::cli

#include "report.h"

#include <QFileInfo>

namespace ff::report {

namespace {
struct FormatInfo
{
    Format format;
    const char *name;
    const char *extension;
};
constexpr FormatInfo kFormats[] = {
    {Format::Sarif, "sarif", "sarif"}, {Format::Html, "html", "html"},       {Format::Pdf, "pdf", "pdf"},
    {Format::Csv, "csv", "csv"},       {Format::Markdown, "markdown", "md"}, {Format::Json, "json", "json"},
};
} // namespace

QString formatName(Format format)
{
    for (const FormatInfo &f : kFormats)
        if (f.format == format)
            return QLatin1String(f.name);
    return {};
}

QString fileExtension(Format format)
{
    for (const FormatInfo &f : kFormats)
        if (f.format == format)
            return QLatin1String(f.extension);
    return {};
}

QStringList formatNames()
{
    QStringList out;
    for (const FormatInfo &f : kFormats)
        out << QLatin1String(f.name);
    return out;
}

std::optional<Format> parseFormat(QStringView name)
{
    const QString n = name.trimmed().toString().toLower();
    for (const FormatInfo &f : kFormats)
        if (n == QLatin1String(f.name) || n == QLatin1String(f.extension))
            return f.format;
    if (n == QLatin1String("htm"))
        return Format::Html;
    if (n == QLatin1String("sarif.json"))
        return Format::Sarif;
    return std::nullopt;
}

std::optional<Format> formatForPath(const QString &path)
{
    const QString name = QFileInfo(path).fileName().toLower();
    if (name.endsWith(QLatin1String(".sarif.json")))
        return Format::Sarif;
    const QString suffix = QFileInfo(name).suffix();
    if (suffix.isEmpty())
        return std::nullopt;
    return parseFormat(suffix);
}

} // namespace ff::report

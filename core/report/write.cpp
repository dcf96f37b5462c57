#include "report.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace ff::report {

namespace {
Error canceled()
{
    return Error::make(Error::Kind::Canceled, QStringLiteral("the export was canceled"));
}
} // namespace

Result<QByteArray> render(const Report &report, Format format, const Progress &progress)
{
    // Renderers stop early when told to; the flag says whether an empty result means that.
    bool stopped = false;
    const Progress watch = [&](qint64 done, qint64 total) {
        if (progress && !progress(done, total))
            stopped = true;
        return !stopped;
    };
    QByteArray data;
    switch (format) {
    case Format::Sarif:
        data = renderSarif(report, watch);
        break;
    case Format::Html:
        data = renderHtml(report, watch);
        break;
    case Format::Csv:
        data = renderCsv(report, watch);
        break;
    case Format::Markdown:
        data = renderMarkdown(report, watch);
        break;
    case Format::Json:
        data = renderJson(report, watch);
        break;
    case Format::Pdf:
        return Error::make(Error::Kind::InvalidArgument,
                           QStringLiteral("PDF is written to a file, not rendered"));
    }
    if (stopped)
        return canceled();
    return data;
}

Status write(const Report &report, Format format, const QString &path, const Progress &progress)
{
    if (path.trimmed().isEmpty())
        return Error::make(Error::Kind::InvalidArgument, QStringLiteral("no file to write the report to"));
    const QFileInfo info(path);
    if (info.isDir())
        return Error::make(
            Error::Kind::InvalidArgument,
            QStringLiteral("cannot write %1: it is a folder").arg(QDir::toNativeSeparators(path)));
    if (!info.dir().exists())
        return Error::make(Error::Kind::Io, QStringLiteral("cannot write %1: the folder %2 does not exist")
                                                .arg(QDir::toNativeSeparators(path),
                                                     QDir::toNativeSeparators(info.dir().path())));
    if (format == Format::Pdf)
        return writePdf(report, path, progress);
    // The file is replaced only once the new one is whole: a full disk or a cancel keeps the old.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::make(
            Error::Kind::Io,
            QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    auto data = render(report, format, progress);
    if (!data) {
        file.cancelWriting();
        return data.error();
    }
    if (file.write(data.value()) != data->size() || !file.commit())
        return Error::make(
            Error::Kind::Io,
            QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    return {};
}

} // namespace ff::report

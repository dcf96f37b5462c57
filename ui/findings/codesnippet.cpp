#include "codesnippet.h"

#include "findings/redact.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace ff::ui {

namespace {

constexpr int kMaxLineLength = 400;

} // namespace

CodeSnippet CodeSnippet::read(const QString &projectPath, const QString &relativePath, int line, int context)
{
    CodeSnippet s;
    s.line = line;
    if (projectPath.isEmpty() || relativePath.isEmpty()) {
        s.error = tr("The finding names no file.");
        return s;
    }
    const QDir root(projectPath);
    s.file = QDir::cleanPath(root.absoluteFilePath(relativePath));
    const QFileInfo info(s.file);
    if (!info.exists()) {
        s.error =
            tr("The file %1 is missing from the project (moved or deleted since the run?).").arg(s.file);
        return s;
    }
    // The path comes from a tool's output: never read outside the project.
    const QString canonicalRoot = QFileInfo(projectPath).canonicalFilePath();
    const QString canonical = info.canonicalFilePath();
    if (canonicalRoot.isEmpty() || !canonical.startsWith(canonicalRoot + QLatin1Char('/'))) {
        s.error = tr("The file %1 lies outside the project; it is not shown.").arg(s.file);
        return s;
    }
    if (!info.isFile()) {
        s.error = tr("%1 is not a regular file.").arg(s.file);
        return s;
    }
    QFile file(canonical);
    if (!file.open(QIODevice::ReadOnly)) {
        s.error = tr("The file %1 cannot be read: %2").arg(s.file, file.errorString());
        return s;
    }
    if (file.peek(8192).contains('\0')) {
        s.error = tr("The file %1 is binary; there is no source to show.").arg(s.file);
        return s;
    }
    const int wanted = line > 0 ? line : 1;
    s.firstLine = std::max(1, wanted - context);
    const int last = wanted + context;
    int number = 0;
    while (number < last && !file.atEnd()) {
        QByteArray bytes = file.readLine();
        ++number;
        if (number < s.firstLine)
            continue;
        while (bytes.endsWith('\n') || bytes.endsWith('\r'))
            bytes.chop(1);
        QString text = QString::fromUtf8(bytes);
        if (text.size() > kMaxLineLength)
            text = text.left(kMaxLineLength) + QStringLiteral(" …");
        s.lines << text;
    }
    if (line > number) {
        s.error = tr("Line %1 is past the end of %2 (%3 lines): the file changed since the run.")
                      .arg(line)
                      .arg(s.file)
                      .arg(number);
        s.lines.clear();
    }
    return s;
}

void CodeSnippet::redactSecrets()
{
    for (QString &l : lines)
        l = findings::redactSecrets(l, true).text;
}

QString CodeSnippet::toHtml() const
{
    if (!ok())
        return QStringLiteral("<p><i>%1</i></p>").arg(error.toHtmlEscaped());
    const int width = int(QString::number(firstLine + int(lines.size())).size());
    QString html = QStringLiteral("<pre style=\"margin:0\">");
    for (int i = 0; i < lines.size(); ++i) {
        const int number = firstLine + i;
        const QString text = QStringLiteral("%1  %2").arg(number, width).arg(lines.at(i).toHtmlEscaped());
        if (number == line)
            html += QStringLiteral("<span style=\"background-color:#fff3b0;color:#000\"><b>%1</b></span>\n")
                        .arg(text);
        else
            html += text + QLatin1Char('\n');
    }
    html += QStringLiteral("</pre>");
    if (line <= 0)
        html += QStringLiteral("<p><i>%1</i></p>")
                    .arg(tr("The tool gave no line; the start of the file is shown."));
    return html;
}

} // namespace ff::ui

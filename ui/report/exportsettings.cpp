#include "exportsettings.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace ff::ui {

namespace {
// Versioned group: a later format gets a new group instead of misreading this one.
const QString kGroup = QStringLiteral("Export/v1");
} // namespace

ExportSettings ExportSettings::load()
{
    QSettings s;
    s.beginGroup(kGroup);
    ExportSettings e;
    e.folder = s.value(QStringLiteral("folder")).toString();
    e.author = s.value(QStringLiteral("author")).toString();
    if (auto format = report::parseFormat(s.value(QStringLiteral("format")).toString()))
        e.format = *format;
    return e;
}

void ExportSettings::save() const
{
    QSettings s;
    s.beginGroup(kGroup);
    s.setValue(QStringLiteral("folder"), folder);
    s.setValue(QStringLiteral("author"), author);
    s.setValue(QStringLiteral("format"), report::formatName(format));
}

QString ExportSettings::effectiveFolder() const
{
    if (!folder.isEmpty() && QFileInfo(folder).isDir())
        return folder;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return !documents.isEmpty() && QFileInfo(documents).isDir() ? documents : QDir::homePath();
}

QString ExportSettings::effectiveAuthor() const
{
    return author.isEmpty() ? userName() : author;
}

QString userName()
{
#ifdef Q_OS_UNIX
    // The GECOS field: "Full Name,room,phone,...".
    if (const passwd *pw = getpwuid(getuid()); pw && pw->pw_gecos) {
        const QString full = QString::fromLocal8Bit(pw->pw_gecos).section(QLatin1Char(','), 0, 0).trimmed();
        if (!full.isEmpty())
            return full;
    }
#endif
    for (const char *name : {"USER", "USERNAME", "LOGNAME"}) {
        const QString value = qEnvironmentVariable(name).trimmed();
        if (!value.isEmpty())
            return value;
    }
    return {};
}

QString defaultReportName(const QString &project, const QDate &date, report::Format format)
{
    // Only characters that every file system takes.
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    QString name = project;
    name.replace(unsafe, QStringLiteral("_"));
    QString base = QStringLiteral("fuzzforge-report-");
    if (!name.isEmpty())
        base += name + QLatin1Char('-');
    return base + date.toString(Qt::ISODate) + QLatin1Char('.') + report::fileExtension(format);
}

QString withExtension(const QString &path, report::Format format)
{
    if (path.isEmpty())
        return path;
    QString base = path;
    if (report::formatForPath(path)) {
        const QString suffix = QFileInfo(path).suffix();
        base.chop(suffix.size() + 1);
    } else if (base.endsWith(QLatin1Char('.'))) {
        base.chop(1);
    }
    return base + QLatin1Char('.') + report::fileExtension(format);
}

} // namespace ff::ui

#include "tararchive.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include <unistd.h>

namespace ff::docker::tar {

namespace {

struct ArchiveDeleter
{
    void operator()(archive *a) const
    {
        if (a)
            archive_free(a);
    }
};
struct EntryDeleter
{
    void operator()(archive_entry *e) const { archive_entry_free(e); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;
using EntryPtr = std::unique_ptr<archive_entry, EntryDeleter>;

la_ssize_t appendToByteArray(archive *, void *clientData, const void *buffer, size_t length)
{
    static_cast<QByteArray *>(clientData)
        ->append(static_cast<const char *>(buffer), static_cast<qsizetype>(length));
    return static_cast<la_ssize_t>(length);
}

Error archiveError(archive *a, const QString &what)
{
    const char *msg = archive_error_string(a);
    return Error::make(Error::Kind::Io, what + QStringLiteral(": ") +
                                            (msg ? QString::fromUtf8(msg) : QStringLiteral("unknown error")));
}

class Writer
{
public:
    Writer()
        : m_archive(archive_write_new())
    {
        archive_write_set_format_pax_restricted(m_archive.get());
        archive_write_set_bytes_in_last_block(m_archive.get(), 1);
        m_ok = archive_write_open2(m_archive.get(), &m_out, nullptr, &appendToByteArray, nullptr, nullptr) ==
               ARCHIVE_OK;
    }
    Error add(const Entry &e)
    {
        if (!m_ok)
            return archiveError(m_archive.get(), QStringLiteral("cannot start a tar archive"));
        EntryPtr entry(archive_entry_new());
        const QByteArray path = e.path.toUtf8();
        archive_entry_set_pathname(entry.get(), path.constData());
        archive_entry_set_mtime(entry.get(), 0, 0);
        archive_entry_set_uid(entry.get(), e.uid);
        archive_entry_set_gid(entry.get(), e.gid);
        if (e.directory) {
            archive_entry_set_filetype(entry.get(), AE_IFDIR);
            archive_entry_set_perm(entry.get(), 0755);
        } else if (!e.linkTarget.isEmpty()) {
            const QByteArray target = e.linkTarget.toUtf8();
            archive_entry_set_filetype(entry.get(), AE_IFLNK);
            archive_entry_set_perm(entry.get(), 0777);
            archive_entry_set_symlink(entry.get(), target.constData());
        } else {
            archive_entry_set_filetype(entry.get(), AE_IFREG);
            archive_entry_set_perm(entry.get(), static_cast<mode_t>(e.mode & 07777));
            archive_entry_set_size(entry.get(), e.data.size());
        }
        if (archive_write_header(m_archive.get(), entry.get()) != ARCHIVE_OK)
            return archiveError(m_archive.get(), QStringLiteral("cannot add %1 to the archive").arg(e.path));
        if (!e.directory && e.linkTarget.isEmpty() && !e.data.isEmpty() &&
            archive_write_data(m_archive.get(), e.data.constData(), static_cast<size_t>(e.data.size())) < 0)
            return archiveError(m_archive.get(),
                                QStringLiteral("cannot write %1 into the archive").arg(e.path));
        return {};
    }
    Result<QByteArray> finish()
    {
        if (archive_write_close(m_archive.get()) != ARCHIVE_OK)
            return archiveError(m_archive.get(), QStringLiteral("cannot finish the tar archive"));
        return m_out;
    }

private:
    QByteArray m_out;
    ArchivePtr m_archive;
    bool m_ok = false;
};

} // namespace

Result<QByteArray> pack(const QList<Entry> &entries)
{
    Writer writer;
    for (const Entry &e : entries) {
        if (Error err = writer.add(e))
            return err;
    }
    return writer.finish();
}

Result<QByteArray> packDirectory(const QString &dir)
{
    const QFileInfo root(dir);
    if (!root.exists())
        return Error::make(Error::Kind::InvalidArgument, QStringLiteral("folder %1 does not exist").arg(dir));
    if (!root.isDir())
        return Error::make(Error::Kind::InvalidArgument, QStringLiteral("%1 is not a folder").arg(dir));
    QStringList paths;
    QDirIterator it(dir, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        paths << it.next();
    paths.sort();
    const QDir base(dir);
    Writer writer;
    for (const QString &p : paths) {
        const QFileInfo fi(p);
        Entry e;
        e.path = base.relativeFilePath(p);
        if (fi.isSymLink()) {
            // The link as written (it may be relative), not the resolved path.
            char target[4096];
            const ssize_t n = ::readlink(QFile::encodeName(p).constData(), target, sizeof target);
            if (n < 0)
                return Error::make(Error::Kind::Io, QStringLiteral("cannot read the link %1").arg(p));
            e.linkTarget = QString::fromUtf8(target, static_cast<qsizetype>(n));
        } else if (fi.isDir()) {
            e.directory = true;
        } else {
            QFile f(p);
            if (!f.open(QIODevice::ReadOnly))
                return Error::make(Error::Kind::Io,
                                   QStringLiteral("cannot read %1: %2").arg(p, f.errorString()));
            e.data = f.readAll();
            e.mode = fi.isExecutable() ? 0755 : 0644;
        }
        if (Error err = writer.add(e))
            return err;
    }
    return writer.finish();
}

Result<QList<Entry>> unpack(const QByteArray &archiveBytes, qint64 maxBytes)
{
    ArchivePtr a(archive_read_new());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_memory(a.get(), archiveBytes.constData(),
                                 static_cast<size_t>(archiveBytes.size())) != ARCHIVE_OK)
        return Error::make(Error::Kind::Protocol, QStringLiteral("not a tar archive"));
    QList<Entry> out;
    qint64 total = 0;
    archive_entry *entry = nullptr;
    for (;;) {
        const int r = archive_read_next_header(a.get(), &entry);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
            return archiveError(a.get(), QStringLiteral("truncated or malformed tar archive"));
        Entry e;
        e.path = QString::fromUtf8(archive_entry_pathname(entry));
        e.mode = static_cast<int>(archive_entry_perm(entry));
        const auto type = archive_entry_filetype(entry);
        e.directory = type == AE_IFDIR;
        if (type == AE_IFLNK)
            e.linkTarget = QString::fromUtf8(archive_entry_symlink(entry));
        if (type == AE_IFREG) {
            const la_int64_t size = archive_entry_size(entry);
            total += size;
            if (total > maxBytes)
                return Error::make(Error::Kind::Io,
                                   QStringLiteral("archive larger than %1 bytes").arg(maxBytes));
            e.data.resize(static_cast<qsizetype>(size));
            const la_ssize_t got = archive_read_data(a.get(), e.data.data(), static_cast<size_t>(size));
            if (got != size)
                return archiveError(a.get(), QStringLiteral("truncated tar entry %1").arg(e.path));
        }
        out.append(std::move(e));
    }
    return out;
}

Result<QStringList> extract(const QByteArray &archiveBytes, const QString &destDir)
{
    if (!QDir().mkpath(destDir))
        return Error::make(Error::Kind::Io, QStringLiteral("cannot create %1").arg(destDir));
    ArchivePtr in(archive_read_new());
    archive_read_support_format_tar(in.get());
    if (archive_read_open_memory(in.get(), archiveBytes.constData(),
                                 static_cast<size_t>(archiveBytes.size())) != ARCHIVE_OK)
        return Error::make(Error::Kind::Protocol, QStringLiteral("not a tar archive"));
    ArchivePtr out(archive_write_disk_new());
    // Entry paths are rewritten below to absolute paths under destDir, so libarchive's own
    // absolute-path guard cannot be used; the archive's paths are checked before rewriting.
    archive_write_disk_set_options(out.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM |
                                                  ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                                                  ARCHIVE_EXTRACT_SECURE_SYMLINKS);
    auto escapes = [](const QString &path) {
        return path.startsWith(QLatin1Char('/')) || path == QLatin1String("..") ||
               path.startsWith(QLatin1String("../")) || path.contains(QLatin1String("/../")) ||
               path.endsWith(QLatin1String("/.."));
    };
    const QDir dest(destDir);
    QStringList written;
    archive_entry *entry = nullptr;
    for (;;) {
        const int r = archive_read_next_header(in.get(), &entry);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
            return archiveError(in.get(), QStringLiteral("truncated or malformed tar archive"));
        const QString rel = QString::fromUtf8(archive_entry_pathname(entry));
        if (escapes(rel))
            return Error::make(
                Error::Kind::Io,
                QStringLiteral("refusing to extract %1: it points outside the destination").arg(rel));
        const QByteArray full = QFile::encodeName(dest.absoluteFilePath(rel));
        archive_entry_set_pathname(entry, full.constData());
        // Hard links in the archive name other archive members: point them inside dest too.
        if (const char *hl = archive_entry_hardlink(entry)) {
            if (escapes(QString::fromUtf8(hl)))
                return Error::make(
                    Error::Kind::Io,
                    QStringLiteral("refusing to extract %1: its link points outside the destination")
                        .arg(rel));
            const QByteArray target = QFile::encodeName(dest.absoluteFilePath(QString::fromUtf8(hl)));
            archive_entry_set_hardlink(entry, target.constData());
        }
        if (archive_write_header(out.get(), entry) != ARCHIVE_OK)
            return archiveError(out.get(), QStringLiteral("cannot extract %1").arg(rel));
        const void *buf = nullptr;
        size_t size = 0;
        la_int64_t offset = 0;
        for (;;) {
            const int rr = archive_read_data_block(in.get(), &buf, &size, &offset);
            if (rr == ARCHIVE_EOF)
                break;
            if (rr != ARCHIVE_OK)
                return archiveError(in.get(), QStringLiteral("truncated tar entry %1").arg(rel));
            if (archive_write_data_block(out.get(), buf, size, offset) != ARCHIVE_OK)
                return archiveError(out.get(), QStringLiteral("cannot write %1").arg(rel));
        }
        if (archive_write_finish_entry(out.get()) != ARCHIVE_OK)
            return archiveError(out.get(), QStringLiteral("cannot finish %1").arg(rel));
        written << rel;
    }
    return written;
}

} // namespace ff::docker::tar

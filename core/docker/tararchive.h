#pragma once

#include "error.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace ff::docker {

// Tar archives through libarchive: build contexts and archive uploads are made here, and
// what the engine sends back from a container is extracted here, safely (no absolute
// paths, no "..", no writing through symlinks).
namespace tar {

struct Entry
{
    QString path;
    QByteArray data;
    int mode = 0644;
    bool directory = false;
    QString linkTarget; // symlinks only
    int uid = 0;        // owner in the archive (the engine keeps it when it extracts)
    int gid = 0;

    static Entry file(QString path, QByteArray data, int mode = 0644, int uid = 0, int gid = 0)
    {
        Entry e;
        e.path = std::move(path);
        e.data = std::move(data);
        e.mode = mode;
        e.uid = uid;
        e.gid = gid;
        return e;
    }
};

// Packs a folder (relative paths, sorted, modes and symlinks kept, owner root, fixed mtime so
// the same folder always gives the same bytes).
Result<QByteArray> packDirectory(const QString &dir);
Result<QByteArray> pack(const QList<Entry> &entries);
// Reads every entry into memory (bounded by maxBytes in total).
Result<QList<Entry>> unpack(const QByteArray &archive, qint64 maxBytes = 256 * 1024 * 1024);
// Extracts under destDir; returns the relative paths written.
Result<QStringList> extract(const QByteArray &archive, const QString &destDir);

} // namespace tar
} // namespace ff::docker

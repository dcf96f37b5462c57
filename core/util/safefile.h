#pragma once

#include "error.h"

#include <QByteArray>
#include <QString>

namespace ff::util {

// Reads a file a container wrote: dir is trusted (the run's results folder), relative is not.
// Every folder on the way is opened without following symlinks and the file itself is opened
// O_NOFOLLOW | O_NONBLOCK, so a symlink (to /etc/passwd or anywhere), a FIFO, a device or a
// socket is refused at once instead of being read through or blocking the reader forever.
// Only a regular file of at most maxBytes is read. A missing file is Error::Kind::NotFound.
Result<QByteArray> readResultFile(const QString &dir, const QString &relative, qint64 maxBytes);

} // namespace ff::util

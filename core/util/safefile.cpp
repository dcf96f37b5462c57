#include "safefile.h"

#include <QFile>
#include <QStringList>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ff::util {

namespace {

class Fd
{
public:
    explicit Fd(int fd = -1)
        : m_fd(fd)
    {}
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    Fd &operator=(Fd &&other) noexcept
    {
        std::swap(m_fd, other.m_fd);
        return *this;
    }
    int get() const { return m_fd; }

private:
    int m_fd;
};

Error refused(const QString &relative, const QString &why)
{
    return Error::make(Error::Kind::Io,
                       QStringLiteral("refusing to read /results/%1: %2").arg(relative, why));
}

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

} // namespace

Result<QByteArray> readResultFile(const QString &dir, const QString &relative, qint64 maxBytes)
{
    const QStringList parts = relative.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.isEmpty() || relative.startsWith(QLatin1Char('/')))
        return refused(relative, QStringLiteral("not a relative path"));
    for (const QString &p : parts) {
        if (p == QLatin1String("..") || p == QLatin1String("."))
            return refused(relative, QStringLiteral("the path leaves the results folder"));
    }
    Fd current(::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (current.get() < 0)
        return Error::make(
            Error::Kind::Io,
            QStringLiteral("cannot open the results folder %1: %2").arg(dir, errnoText(errno)));
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        Fd next(::openat(current.get(), QFile::encodeName(parts[i]).constData(),
                         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (next.get() < 0) {
            const int err = errno;
            if (err == ENOENT)
                return Error::make(Error::Kind::NotFound,
                                   QStringLiteral("the workflow did not write /results/%1").arg(relative));
            return refused(relative, err == ENOTDIR || err == ELOOP
                                         ? QStringLiteral("%1 is not a folder (a symlink?)").arg(parts[i])
                                         : errnoText(err));
        }
        current = std::move(next);
    }
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
    Fd file(::openat(current.get(), QFile::encodeName(parts.last()).constData(),
                     O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (file.get() < 0) {
        const int err = errno;
        if (err == ENOENT)
            return Error::make(Error::Kind::NotFound,
                               QStringLiteral("the workflow did not write /results/%1").arg(relative));
        return refused(relative, err == ELOOP ? QStringLiteral("it is a symlink") : errnoText(err));
    }
    struct stat st = {};
    if (::fstat(file.get(), &st) != 0)
        return refused(relative, errnoText(errno));
    if (!S_ISREG(st.st_mode))
        return refused(relative, S_ISDIR(st.st_mode)    ? QStringLiteral("it is a folder")
                                 : S_ISFIFO(st.st_mode) ? QStringLiteral("it is a FIFO")
                                                        : QStringLiteral("it is not a regular file"));
    if (st.st_size > maxBytes)
        return refused(
            relative,
            QStringLiteral("it is %1 bytes, more than the limit of %2").arg(st.st_size).arg(maxBytes));
    QByteArray data;
    data.resize(static_cast<qsizetype>(st.st_size));
    qsizetype got = 0;
    while (got < data.size()) {
        const ssize_t n = ::read(file.get(), data.data() + got, static_cast<size_t>(data.size() - got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return refused(relative, errnoText(errno));
        if (n == 0)
            break; // shrank meanwhile: what is there
        got += n;
    }
    data.truncate(got);
    return data;
}

} // namespace ff::util

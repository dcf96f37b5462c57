#include "peerlock.h"

#include <QCoreApplication>
#include <QDir>
#include <QUuid>

#include <spdlog/spdlog.h>

namespace ff::scheduler {

PeerLock::PeerLock(const QString &storeId)
    : m_dir(QDir::tempPath() + QStringLiteral("/fuzzforge-schedulers/") + storeId)
{
    if (!QDir().mkpath(m_dir)) {
        spdlog::warn("scheduler: cannot create {}: recovery cannot tell other FuzzForge processes apart",
                     m_dir.toStdString());
        return;
    }
    // One file per scheduler, so that several in one process (tests) count as peers too.
    m_ownFile = m_dir + QStringLiteral("/%1-%2.lock")
                            .arg(QCoreApplication::applicationPid())
                            .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
    m_own = std::make_unique<QLockFile>(m_ownFile);
    m_own->setStaleLockTime(0); // stale only when its process is gone, never by age
    if (!m_own->tryLock(0)) {
        spdlog::warn("scheduler: cannot lock {}", m_ownFile.toStdString());
        m_own.reset();
    }
}

PeerLock::~PeerLock() = default; // QLockFile unlocks (and removes its file) when destroyed

bool PeerLock::held() const
{
    return m_own && m_own->isLocked();
}

QList<qint64> PeerLock::livePeers() const
{
    QList<qint64> peers;
    const QStringList files = QDir(m_dir).entryList({QStringLiteral("*.lock")}, QDir::Files);
    for (const QString &name : files) {
        const QString path = m_dir + QLatin1Char('/') + name;
        if (path == m_ownFile)
            continue;
        QLockFile other(path);
        other.setStaleLockTime(0);
        if (other.tryLock(0)) {
            other.unlock(); // a crashed process's: gone now
            continue;
        }
        qint64 pid = 0;
        QString host;
        QString app;
        if (other.error() == QLockFile::LockFailedError && other.getLockInfo(&pid, &host, &app))
            peers << pid;
    }
    return peers;
}

} // namespace ff::scheduler

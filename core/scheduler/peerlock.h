#pragma once

#include <QList>
#include <QLockFile>
#include <QString>

#include <memory>

namespace ff::scheduler {

// The FuzzForge processes on this machine that run a scheduler on one history database: each
// holds a lock file of its own, in a folder named after the database's id, for as long as it
// lives. A file whose process is gone (a crash, SIGKILL) is stale and cleared by the next look.
// Recovery after a crash must not take over the runs of a process that is still running them
// (the GUI and the CLI on the same database).
class PeerLock
{
public:
    explicit PeerLock(const QString &storeId);
    ~PeerLock();

    bool held() const;
    // The process ids of the other live holders.
    QList<qint64> livePeers() const;

private:
    QString m_dir;
    QString m_ownFile;
    std::unique_ptr<QLockFile> m_own;
};

} // namespace ff::scheduler

#pragma once

#include "docker/dockerclient.h"

#include <QFuture>
#include <QString>
#include <QStringList>

namespace ff::fuzz {

inline const QString kLabelCorpus = QStringLiteral("org.fuzzforge.corpus");
inline const QString kLabelHarness = QStringLiteral("org.fuzzforge.harness");

// The named volume that keeps the corpus of one harness of one project between campaigns:
// "fuzzforge-corpus-" and 16 hex digits of sha256(absolute project path "\n" harness).
QString corpusVolumeName(const QString &projectPath, const QString &harness);

struct CorpusInfo
{
    QString volume;
    bool exists = false;
    qint64 entries = 0; // regular files
    qint64 bytes = 0;   // their total size
};

// Looks at, exports, imports and resets a corpus volume. The volume is reached through a
// container that is created (never started) from `image`, a fuzzing workflow's image whose
// /corpus belongs to the workflow's user, so that a new volume gets that owner; the container
// is removed afterwards. Asynchronous, on the client's thread.
class CorpusVolume
{
public:
    CorpusVolume(docker::DockerClient *client, QString projectPath, QString harness, QString image);
    const QString &name() const { return m_name; }

    QFuture<Result<CorpusInfo>> info();
    // Writes every entry into `folder` (created if missing); returns how many were written.
    QFuture<Result<qint64>> exportTo(const QString &folder);
    // Copies the regular files of `folder` (not recursive) into the corpus, creating the
    // volume when needed; returns how many were added.
    QFuture<Result<qint64>> importFrom(const QString &folder);
    // Removes the volume: the next campaign starts from its seeds.
    QFuture<Status> reset();

private:
    docker::DockerClient *m_client;
    QString m_project;
    QString m_harness;
    QString m_image;
    QString m_name;
};

} // namespace ff::fuzz

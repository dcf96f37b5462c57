#include "corpus.h"

#include "docker/tararchive.h"
#include "run/runtypes.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPromise>

#include <spdlog/spdlog.h>

#include <functional>
#include <memory>

namespace ff::fuzz {

// Keyed by the absolute path: the project named relatively or absolutely shares its corpus.
QString corpusVolumeName(const QString &projectPath, const QString &harness)
{
    const QByteArray key = QDir(projectPath).absolutePath().toUtf8() + '\n' + harness.toUtf8();
    return QStringLiteral("fuzzforge-corpus-") +
           QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16));
}

namespace {

using namespace ff::docker;

// The workflow's user: what the fuzzer runs as, so what owns the corpus.
constexpr int kUser = 10001;
// An archive of the whole corpus is held in memory: bounded.
constexpr qint64 kMaxCorpusBytes = 1024ll * 1024 * 1024;

QString mountPoint()
{
    return QStringLiteral("/corpus");
}

template <typename T> using Promise = std::shared_ptr<QPromise<T>>;

template <typename T> Promise<T> newPromise()
{
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    return promise;
}

template <typename T> void deliver(const Promise<T> &promise, T value)
{
    promise->addResult(std::move(value));
    promise->finish();
}

Error engineError(const QString &what, const Error &error)
{
    return Error::make(error.kind, what + QStringLiteral(": ") + error.toString(), error.httpStatus);
}

// The container that reaches the volume: created, never started, as hardened as a run's.
ContainerSpec helperSpec(const QString &image, const QString &volume, const QString &project,
                         const QString &harness, bool writable)
{
    ContainerSpec s;
    s.image = image;
    s.entrypoint = QStringList{};
    s.cmd = {QStringLiteral("/bin/true")};
    s.user = QStringLiteral("%1:%1").arg(kUser);
    s.labels.insert(kLabelCorpus, volume);
    s.labels.insert(kLabelHarness, harness);
    s.labels.insert(run::kLabelProject, project);
    s.mounts << Mount{Mount::Type::Volume, volume, mountPoint(), !writable, 0, 0};
    s.readonlyRootfs = true;
    s.capDrop = {QStringLiteral("ALL")};
    s.securityOpt = {QStringLiteral("no-new-privileges:true")};
    s.networkMode = QStringLiteral("none");
    s.memory = 64ll * 1024 * 1024;
    s.memorySwap = s.memory;
    s.pidsLimit = 8;
    return s;
}

// The entry's path inside the corpus ("corpus/a/b" -> "a/b"), or empty for the folder itself
// and for anything that would leave the destination folder.
QString relativeEntryPath(const QString &archivePath)
{
    QStringList parts = archivePath.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (!parts.isEmpty())
        parts.removeFirst();
    if (parts.isEmpty() || parts.contains(QStringLiteral("..")) || parts.contains(QStringLiteral(".")))
        return {};
    return parts.join(QLatin1Char('/'));
}

bool isFile(const tar::Entry &e)
{
    return !e.directory && e.linkTarget.isEmpty();
}

// Makes sure the workflow's image is there (the helper container is made from it), then runs
// `then`; a missing image ends the operation with a message that says what to do.
template <typename T>
void withImage(DockerClient *client, const QString &image, Promise<Result<T>> promise,
               std::function<void()> then)
{
    client->inspectImage(image).then(client, [promise, image, then](const Result<ImageInfo> &info) {
        if (info)
            return then();
        if (info.error().kind == Error::Kind::NotFound)
            return deliver(promise, Result<T>(Error::make(
                                        Error::Kind::NotFound,
                                        QStringLiteral("the fuzzing workflow's image %1 does not exist "
                                                       "yet: run a fuzzing campaign first (it builds "
                                                       "the image)")
                                            .arg(image))));
        deliver(promise,
                Result<T>(engineError(QStringLiteral("cannot look up image %1").arg(image), info.error())));
    });
}

// Creates the helper container and runs `use` with its id; `use` ends with `done(result)`,
// which removes the container (whatever happened) and then delivers the result.
template <typename T>
void withHelper(DockerClient *client, const ContainerSpec &spec, Promise<Result<T>> promise,
                std::function<void(const QString &id, std::function<void(Result<T>)> done)> use)
{
    client->createContainer(spec).then(client, [client, promise, use](const Result<QString> &created) {
        if (!created)
            return deliver(promise,
                           Result<T>(engineError(QStringLiteral("cannot create the container that reaches "
                                                                "the corpus volume"),
                                                 created.error())));
        const QString id = created.value();
        use(id, [client, promise, id](Result<T> result) {
            client->removeContainer(id, true, false)
                .then(client, [promise, id, result](const Status &removed) {
                    if (!removed && removed.error().kind != Error::Kind::NotFound)
                        spdlog::warn("corpus: cannot remove the helper container {}: {}", id.toStdString(),
                                     removed.error().toString().toStdString());
                    deliver(promise, result);
                });
        });
    });
}

// The corpus as an archive from the engine, unpacked.
void readCorpus(DockerClient *client, const QString &id, std::function<void(Result<QList<tar::Entry>>)> then)
{
    client->getArchive(id, mountPoint(), CallOptions{std::chrono::minutes(5)})
        .then(client, [then](const Result<QByteArray> &archive) {
            if (!archive)
                return then(engineError(QStringLiteral("cannot read the corpus volume"), archive.error()));
            auto entries = tar::unpack(archive.value(), kMaxCorpusBytes);
            if (!entries)
                return then(
                    Error::make(entries.error().kind, QStringLiteral("cannot read the corpus archive: ") +
                                                          entries.error().message));
            then(std::move(entries).value());
        });
}

} // namespace

CorpusVolume::CorpusVolume(docker::DockerClient *client, QString projectPath, QString harness, QString image)
    : m_client(client)
    , m_project(QDir(projectPath).absolutePath())
    , m_harness(std::move(harness))
    , m_image(std::move(image))
    , m_name(corpusVolumeName(m_project, m_harness))
{}

QFuture<Result<CorpusInfo>> CorpusVolume::info()
{
    auto promise = newPromise<Result<CorpusInfo>>();
    DockerClient *client = m_client;
    const ContainerSpec spec = helperSpec(m_image, m_name, m_project, m_harness, false);
    const QString image = m_image;
    const QString name = m_name;
    client->inspectVolume(name).then(client, [=](const Result<VolumeInfo> &volume) {
        CorpusInfo info;
        info.volume = name;
        if (!volume && volume.error().kind == Error::Kind::NotFound)
            return deliver(promise, Result<CorpusInfo>(info));
        if (!volume)
            return deliver(promise, Result<CorpusInfo>(engineError(
                                        QStringLiteral("cannot look up the corpus volume %1").arg(name),
                                        volume.error())));
        info.exists = true;
        withImage<CorpusInfo>(client, image, promise, [=] {
            withHelper<CorpusInfo>(client, spec, promise, [=](const QString &id, auto done) {
                readCorpus(client, id, [info, done](Result<QList<tar::Entry>> entries) mutable {
                    if (!entries)
                        return done(entries.error());
                    for (const tar::Entry &e : entries.value()) {
                        if (!isFile(e) || relativeEntryPath(e.path).isEmpty())
                            continue;
                        ++info.entries;
                        info.bytes += e.data.size();
                    }
                    done(info);
                });
            });
        });
    });
    return promise->future();
}

QFuture<Result<qint64>> CorpusVolume::exportTo(const QString &folder)
{
    auto promise = newPromise<Result<qint64>>();
    const QString dest = QDir(folder).absolutePath();
    if (!QDir().mkpath(dest)) {
        deliver(promise, Result<qint64>(Error::make(
                             Error::Kind::Io, QStringLiteral("cannot create the folder %1").arg(dest))));
        return promise->future();
    }
    DockerClient *client = m_client;
    const ContainerSpec spec = helperSpec(m_image, m_name, m_project, m_harness, false);
    const QString image = m_image;
    const QString name = m_name;
    client->inspectVolume(name).then(client, [=](const Result<VolumeInfo> &volume) {
        if (!volume && volume.error().kind == Error::Kind::NotFound)
            return deliver(promise,
                           Result<qint64>(Error::make(
                               Error::Kind::NotFound,
                               QStringLiteral("the corpus volume %1 does not exist: nothing to export "
                                              "(no campaign has run on this harness yet)")
                                   .arg(name))));
        if (!volume)
            return deliver(promise, Result<qint64>(engineError(
                                        QStringLiteral("cannot look up the corpus volume %1").arg(name),
                                        volume.error())));
        withImage<qint64>(client, image, promise, [=] {
            withHelper<qint64>(client, spec, promise, [=](const QString &id, auto done) {
                readCorpus(client, id, [dest, done](Result<QList<tar::Entry>> entries) {
                    if (!entries)
                        return done(entries.error());
                    qint64 written = 0;
                    for (const tar::Entry &e : entries.value()) {
                        const QString relative = relativeEntryPath(e.path);
                        if (!isFile(e) || relative.isEmpty())
                            continue;
                        const QString path = dest + QLatin1Char('/') + relative;
                        QFile f(path);
                        if (!QDir().mkpath(QFileInfo(path).path()) ||
                            !f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
                            f.write(e.data) != e.data.size())
                            return done(Error::make(
                                Error::Kind::Io,
                                QStringLiteral("cannot write %1: %2").arg(path, f.errorString())));
                        ++written;
                    }
                    done(written);
                });
            });
        });
    });
    return promise->future();
}

QFuture<Result<qint64>> CorpusVolume::importFrom(const QString &folder)
{
    auto promise = newPromise<Result<qint64>>();
    // The folder is read first: a typo must not create a volume.
    const QFileInfo dir(folder);
    const auto refuse = [&promise](const QString &message) {
        deliver(promise, Result<qint64>(Error::make(Error::Kind::InvalidArgument, message)));
        return promise->future();
    };
    if (!dir.exists())
        return refuse(QStringLiteral("the folder %1 does not exist").arg(folder));
    if (!dir.isDir())
        return refuse(QStringLiteral("%1 is not a folder").arg(folder));
    if (!dir.isReadable() || !dir.isExecutable())
        return refuse(QStringLiteral("the folder %1 cannot be read").arg(folder));
    QList<tar::Entry> entries;
    const QFileInfoList files =
        QDir(folder).entryInfoList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo &fi : files) {
        QFile f(fi.absoluteFilePath());
        if (!f.open(QIODevice::ReadOnly))
            return refuse(QStringLiteral("cannot read %1: %2").arg(fi.absoluteFilePath(), f.errorString()));
        entries << tar::Entry::file(fi.fileName(), f.readAll(), 0644, kUser, kUser);
    }
    auto archive = tar::pack(entries);
    if (!archive) {
        deliver(promise, Result<qint64>(archive.error()));
        return promise->future();
    }
    const qint64 count = entries.size();
    DockerClient *client = m_client;
    const ContainerSpec spec = helperSpec(m_image, m_name, m_project, m_harness, true);
    const QString image = m_image;
    VolumeSpec volume;
    volume.name = m_name;
    volume.labels.insert(kLabelCorpus, QStringLiteral("1"));
    volume.labels.insert(run::kLabelProject, m_project);
    volume.labels.insert(kLabelHarness, m_harness);
    const QByteArray tarBytes = archive.value();
    withImage<qint64>(client, image, promise, [=] {
        // Creating a volume that exists returns it unchanged.
        client->createVolume(volume).then(client, [=](const Result<VolumeInfo> &created) {
            if (!created)
                return deliver(promise,
                               Result<qint64>(engineError(
                                   QStringLiteral("cannot create the corpus volume %1").arg(volume.name),
                                   created.error())));
            withHelper<qint64>(client, spec, promise, [=](const QString &id, auto done) {
                client->putArchive(id, mountPoint(), tarBytes, CallOptions{std::chrono::minutes(5)})
                    .then(client, [count, done](const Status &put) {
                        if (!put)
                            return done(engineError(
                                QStringLiteral("cannot copy the files into the corpus volume"), put.error()));
                        done(count);
                    });
            });
        });
    });
    return promise->future();
}

QFuture<Status> CorpusVolume::reset()
{
    auto promise = newPromise<Status>();
    const QString name = m_name;
    m_client->removeVolume(name, false).then(m_client, [promise, name](const Status &removed) {
        if (removed || removed.error().kind == Error::Kind::NotFound)
            return deliver(promise, Status());
        if (removed.error().kind == Error::Kind::Conflict)
            return deliver(promise,
                           Status(Error::make(Error::Kind::Conflict,
                                              QStringLiteral("the corpus volume %1 is in use by a container "
                                                             "(a campaign on this harness is running?): "
                                                             "reset it once the campaign has ended")
                                                  .arg(name),
                                              removed.error().httpStatus)));
        deliver(promise, Status(engineError(QStringLiteral("cannot remove the corpus volume %1").arg(name),
                                            removed.error())));
    });
    return promise->future();
}

} // namespace ff::fuzz

#pragma once

#include "error.h"
#include "streamdemuxer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace ff::docker {

struct ApiVersion
{
    int major = 0;
    int minor = 0;
    static std::optional<ApiVersion> parse(QStringView text);
    QString toString() const { return QStringLiteral("%1.%2").arg(major).arg(minor); }
    friend auto operator<=>(const ApiVersion &, const ApiVersion &) = default;
};

struct CallOptions
{
    // 0 means no limit. Streams use it only for the wait until the engine answers.
    std::chrono::milliseconds timeout{30000};
};

using Labels = QMap<QString, QString>;

// "key" or "key=value" label filters, as the engine's filters={"label":[...]} takes them.
struct Filter
{
    QStringList labels;
    QStringList names;
    QStringList types; // events only: container, image, volume, network, ...
    QStringList events;
    QByteArray toQueryValue() const; // percent-encoded JSON, empty when nothing is set
};

struct PingInfo
{
    QString apiVersion;
    QString osType;
    bool experimental = false;
};

struct VersionInfo
{
    QString version;
    QString apiVersion;
    QString minApiVersion;
    QString os;
    QString arch;
    QString kernel;
    QString goVersion;
};

struct SystemInfo
{
    QString serverVersion;
    QString storageDriver;
    QString cgroupDriver;
    QString cgroupVersion;
    bool memoryLimit = false;
    bool swapLimit = false;
    bool cpuCfsQuota = false;
    bool pidsLimit = false;
    bool oomKillDisable = false;
    int cpus = 0;
    qint64 memTotal = 0;
    QString operatingSystem;
    QString rootDir;
    QStringList securityOptions;
    QStringList warnings;
};

struct ImageSummary
{
    QString id;
    QStringList repoTags;
    QStringList repoDigests;
    qint64 size = 0;
    QDateTime created;
    Labels labels;
};

struct ImageInfo
{
    QString id;
    QStringList repoTags;
    QStringList repoDigests;
    qint64 size = 0;
    QString user;
    QStringList cmd;
    Labels labels;
    QJsonObject raw;
};

struct RegistryAuth
{
    QString username;
    QString password;
    QString serverAddress;
    QString identityToken;
    QByteArray toHeaderValue() const; // base64url JSON for X-Registry-Auth
};

struct BuildSpec
{
    QByteArray context; // a tar archive (see TarArchive)
    QStringList tags;
    QString dockerfile = QStringLiteral("Dockerfile");
    QMap<QString, QString> buildArgs;
    Labels labels;
    bool noCache = false;
    bool pull = false;
    bool removeIntermediate = true;
    QString networkMode; // empty: the engine's default
    QMap<QString, RegistryAuth> registryAuth;
};

// One line of build, pull or push progress.
struct ProgressEvent
{
    enum class Kind { Step, CacheHit, Output, StatusLine, Progress, Error, Aux };
    Kind kind = Kind::Output;
    QString message;
    int step = 0;
    int totalSteps = 0;
    QString layer;
    qint64 current = 0;
    qint64 total = 0;
};

struct ImageJobResult
{
    Error error;
    QString imageId; // build: the built image
    QString digest;  // pull/push: the manifest digest
    int steps = 0;
    int cacheHits = 0;
};

struct Mount
{
    enum class Type { Bind, Volume, Tmpfs };
    Type type = Type::Bind;
    QString source;
    QString target;
    bool readOnly = false;
    qint64 tmpfsSize = 0;
    int tmpfsMode = 0; // octal permissions of a tmpfs mount, 0 = the engine default
};

// What the create call sends: Config plus a full HostConfig.
struct ContainerSpec
{
    QString image;
    QStringList cmd;
    std::optional<QStringList> entrypoint;
    QStringList env;
    QString user;
    QString workingDir;
    Labels labels;
    bool tty = false;
    bool openStdin = false;

    QList<Mount> mounts;
    QStringList binds;            // "src:dst[:ro]"
    QMap<QString, QString> tmpfs; // path -> options
    QStringList capDrop;
    QStringList capAdd;
    QStringList securityOpt;
    bool readonlyRootfs = false;
    QString networkMode;   // "none", "bridge", a network name
    qint64 memory = 0;     // bytes, 0 = no limit
    qint64 memorySwap = 0; // -1 unlimited; equal to memory disables swap
    qint64 nanoCpus = 0;
    qint64 pidsLimit = 0;
    bool autoRemove = false;
    std::optional<int> stopTimeout;
    QString stopSignal;

    QJsonObject toJson() const;
    // Refuses what FuzzForge never does: the engine's socket in a container, capabilities that
    // escape isolation (ALL, SYS_ADMIN, SYS_PTRACE, ...), or unconfined seccomp/AppArmor.
    Error validate() const;
};

struct ContainerState
{
    QString status; // created, running, paused, restarting, removing, exited, dead
    bool running = false;
    bool oomKilled = false;
    bool dead = false;
    int pid = 0;
    int exitCode = 0;
    QString error;
    QDateTime startedAt;
    QDateTime finishedAt;
};

struct ContainerInfo
{
    QString id;
    QString name;
    QString image;
    QString imageId;
    ContainerState state;
    Labels labels;
    bool tty = false;
    QString user;
    QJsonObject hostConfig;
    QJsonObject raw;
};

struct ContainerSummary
{
    QString id;
    QStringList names;
    QString image;
    QString state;
    QString status;
    Labels labels;
    QDateTime created;
};

struct WaitResult
{
    int statusCode = 0;
    QString error;
};

struct LogOptions
{
    bool follow = false;
    bool stdoutStream = true;
    bool stderrStream = true;
    bool timestamps = false;
    qint64 since = 0;        // unix seconds
    int tail = -1;           // -1 all
    std::optional<bool> tty; // unknown: the client inspects the container first
};

// One resource sample, computed the way `docker stats` does.
struct StatsSample
{
    QDateTime read;
    double cpuPercent = 0.0;
    int onlineCpus = 0;
    qint64 memoryUsage = 0; // minus the page cache, as the CLI shows it
    qint64 memoryLimit = 0;
    double memoryPercent = 0.0;
    qint64 pids = 0;
    qint64 pidsLimit = 0;
    qint64 netRx = 0;
    qint64 netTx = 0;
    qint64 blockRead = 0;
    qint64 blockWrite = 0;
    qint64 throttledPeriods = 0;
    qint64 failcnt = 0;
};

struct DockerEvent
{
    QString type;   // container, image, volume, network, ...
    QString action; // create, start, die, oom, destroy, ...
    QString actorId;
    QMap<QString, QString> attributes;
    QDateTime time;
    qint64 timeNano = 0;
};

struct VolumeSpec
{
    QString name;
    QString driver = QStringLiteral("local");
    Labels labels;
};

struct VolumeInfo
{
    QString name;
    QString driver;
    QString mountpoint;
    Labels labels;
    QDateTime created;
};

struct NetworkSpec
{
    QString name;
    QString driver = QStringLiteral("bridge");
    bool internal = false;
    Labels labels;
};

struct NetworkInfo
{
    QString id;
    QString name;
    QString driver;
    bool internal = false;
    Labels labels;
    QStringList containers;
};

// Parsers from the engine's JSON. They never fail: missing fields keep their defaults.
namespace json {
Labels labels(const QJsonValue &value);
QDateTime time(const QJsonValue &value);
VersionInfo versionInfo(const QJsonObject &o);
SystemInfo systemInfo(const QJsonObject &o);
ImageSummary imageSummary(const QJsonObject &o);
ImageInfo imageInfo(const QJsonObject &o);
ContainerInfo containerInfo(const QJsonObject &o);
ContainerSummary containerSummary(const QJsonObject &o);
DockerEvent event(const QJsonObject &o);
VolumeInfo volumeInfo(const QJsonObject &o);
NetworkInfo networkInfo(const QJsonObject &o);
StatsSample statsSample(const QJsonObject &o);
// A JSON array of objects (the engine's list answers), each read by `item`; `what` names it in
// the error when the body is not an array.
template <typename T>
Result<QList<T>> list(const QByteArray &body, T (*item)(const QJsonObject &), const char *what);
} // namespace json

} // namespace ff::docker

namespace ff::docker::json {
template <typename T>
Result<QList<T>> list(const QByteArray &body, T (*item)(const QJsonObject &), const char *what)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isArray())
        return Error::make(Error::Kind::Protocol,
                           QStringLiteral("malformed %1 from the engine").arg(QLatin1String(what)));
    QList<T> out;
    const QJsonArray arr = doc.array();
    out.reserve(arr.size());
    for (const auto &v : arr)
        out << item(v.toObject());
    return out;
}
} // namespace ff::docker::json

Q_DECLARE_METATYPE(ff::docker::StatsSample)
Q_DECLARE_METATYPE(ff::docker::DockerEvent)
Q_DECLARE_METATYPE(ff::docker::ProgressEvent)
Q_DECLARE_METATYPE(ff::docker::ImageJobResult)

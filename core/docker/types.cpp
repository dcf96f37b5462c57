#include "types.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

namespace ff::docker {

namespace {
QStringList strings(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray arr = v.toArray();
    for (const auto &item : arr)
        out << item.toString();
    return out;
}
QJsonArray array(const QStringList &list)
{
    QJsonArray out;
    for (const auto &s : list)
        out.append(s);
    return out;
}
QJsonObject object(const QMap<QString, QString> &map)
{
    QJsonObject out;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}
qint64 num(const QJsonObject &o, QLatin1String key)
{
    // An integer keeps all its bits (timeNano needs more than a double's 53).
    const QJsonValue v = o.value(key);
    return v.toInteger(static_cast<qint64>(v.toDouble()));
}
} // namespace

std::optional<ApiVersion> ApiVersion::parse(QStringView text)
{
    const auto dot = text.indexOf(QLatin1Char('.'));
    if (dot <= 0)
        return std::nullopt;
    bool okMajor = false;
    bool okMinor = false;
    ApiVersion v{text.left(dot).toInt(&okMajor), text.mid(dot + 1).toInt(&okMinor)};
    if (!okMajor || !okMinor)
        return std::nullopt;
    return v;
}

QByteArray Filter::toQueryValue() const
{
    QJsonObject o;
    if (!labels.isEmpty())
        o.insert(QLatin1String("label"), array(labels));
    if (!names.isEmpty())
        o.insert(QLatin1String("name"), array(names));
    if (!types.isEmpty())
        o.insert(QLatin1String("type"), array(types));
    if (!events.isEmpty())
        o.insert(QLatin1String("event"), array(events));
    if (o.isEmpty())
        return {};
    return QUrl::toPercentEncoding(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
}

QByteArray RegistryAuth::toHeaderValue() const
{
    QJsonObject o;
    if (!identityToken.isEmpty()) {
        o.insert(QLatin1String("identitytoken"), identityToken);
    } else {
        if (!username.isEmpty())
            o.insert(QLatin1String("username"), username);
        if (!password.isEmpty())
            o.insert(QLatin1String("password"), password);
    }
    if (!serverAddress.isEmpty())
        o.insert(QLatin1String("serveraddress"), serverAddress);
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toBase64(QByteArray::Base64UrlEncoding);
}

QJsonObject ContainerSpec::toJson() const
{
    QJsonObject config;
    config.insert(QLatin1String("Image"), image);
    if (!cmd.isEmpty())
        config.insert(QLatin1String("Cmd"), array(cmd));
    if (entrypoint)
        config.insert(QLatin1String("Entrypoint"), array(*entrypoint));
    if (!env.isEmpty())
        config.insert(QLatin1String("Env"), array(env));
    if (!user.isEmpty())
        config.insert(QLatin1String("User"), user);
    if (!workingDir.isEmpty())
        config.insert(QLatin1String("WorkingDir"), workingDir);
    if (!labels.isEmpty())
        config.insert(QLatin1String("Labels"), object(labels));
    config.insert(QLatin1String("Tty"), tty);
    config.insert(QLatin1String("OpenStdin"), openStdin);
    config.insert(QLatin1String("AttachStdout"), true);
    config.insert(QLatin1String("AttachStderr"), true);
    if (stopTimeout)
        config.insert(QLatin1String("StopTimeout"), *stopTimeout);
    if (!stopSignal.isEmpty())
        config.insert(QLatin1String("StopSignal"), stopSignal);

    QJsonObject host;
    if (!binds.isEmpty())
        host.insert(QLatin1String("Binds"), array(binds));
    if (!mounts.isEmpty()) {
        QJsonArray ms;
        for (const Mount &m : mounts) {
            QJsonObject mo;
            mo.insert(QLatin1String("Target"), m.target);
            mo.insert(QLatin1String("ReadOnly"), m.readOnly);
            switch (m.type) {
            case Mount::Type::Bind:
                mo.insert(QLatin1String("Type"), QStringLiteral("bind"));
                mo.insert(QLatin1String("Source"), m.source);
                break;
            case Mount::Type::Volume:
                mo.insert(QLatin1String("Type"), QStringLiteral("volume"));
                mo.insert(QLatin1String("Source"), m.source);
                break;
            case Mount::Type::Tmpfs: {
                mo.insert(QLatin1String("Type"), QStringLiteral("tmpfs"));
                QJsonObject t;
                if (m.tmpfsSize > 0)
                    t.insert(QLatin1String("SizeBytes"), static_cast<double>(m.tmpfsSize));
                if (m.tmpfsMode > 0)
                    t.insert(QLatin1String("Mode"), m.tmpfsMode);
                mo.insert(QLatin1String("TmpfsOptions"), t);
                break;
            }
            }
            ms.append(mo);
        }
        host.insert(QLatin1String("Mounts"), ms);
    }
    if (!tmpfs.isEmpty())
        host.insert(QLatin1String("Tmpfs"), object(tmpfs));
    if (!capDrop.isEmpty())
        host.insert(QLatin1String("CapDrop"), array(capDrop));
    if (!capAdd.isEmpty())
        host.insert(QLatin1String("CapAdd"), array(capAdd));
    if (!securityOpt.isEmpty())
        host.insert(QLatin1String("SecurityOpt"), array(securityOpt));
    host.insert(QLatin1String("ReadonlyRootfs"), readonlyRootfs);
    host.insert(QLatin1String("Privileged"), false);
    if (!networkMode.isEmpty())
        host.insert(QLatin1String("NetworkMode"), networkMode);
    if (memory > 0)
        host.insert(QLatin1String("Memory"), static_cast<double>(memory));
    if (memorySwap != 0)
        host.insert(QLatin1String("MemorySwap"), static_cast<double>(memorySwap));
    if (nanoCpus > 0)
        host.insert(QLatin1String("NanoCpus"), static_cast<double>(nanoCpus));
    if (pidsLimit > 0)
        host.insert(QLatin1String("PidsLimit"), static_cast<double>(pidsLimit));
    host.insert(QLatin1String("AutoRemove"), autoRemove);
    config.insert(QLatin1String("HostConfig"), host);
    return config;
}

Error ContainerSpec::validate() const
{
    if (image.isEmpty())
        return Error::make(Error::Kind::InvalidArgument, QStringLiteral("a container needs an image"));
    auto isEngineSocket = [](const QString &source) {
        // Normalised first, or "/var/run/" and "/var/./run" would get past the check; "/" and
        // "/var" hold the socket as much as "/var/run" does.
        const QString path = QDir::cleanPath(source);
        return path.endsWith(QLatin1String("docker.sock")) || path == QLatin1String("/") ||
               path == QLatin1String("/var") || path == QLatin1String("/var/run") ||
               path == QLatin1String("/run") || path.startsWith(QLatin1String("/run/docker")) ||
               path.startsWith(QLatin1String("/var/run/docker"));
    };
    for (const QString &bind : binds) {
        if (isEngineSocket(bind.section(QLatin1Char(':'), 0, 0)))
            return Error::make(
                Error::Kind::InvalidArgument,
                QStringLiteral("refusing to mount the engine's socket into a container (%1)").arg(bind));
    }
    for (const Mount &m : mounts) {
        if (m.type == Mount::Type::Bind && isEngineSocket(m.source))
            return Error::make(
                Error::Kind::InvalidArgument,
                QStringLiteral("refusing to mount the engine's socket into a container (%1)").arg(m.source));
    }
    // Capabilities that let a process out of its container, or into the kernel.
    static const QStringList escapes = {QStringLiteral("ALL"),        QStringLiteral("SYS_ADMIN"),
                                        QStringLiteral("SYS_MODULE"), QStringLiteral("SYS_PTRACE"),
                                        QStringLiteral("SYS_RAWIO"),  QStringLiteral("DAC_READ_SEARCH"),
                                        QStringLiteral("NET_ADMIN"),  QStringLiteral("SYS_BOOT"),
                                        QStringLiteral("MAC_ADMIN"),  QStringLiteral("BPF")};
    for (const QString &cap : capAdd) {
        QString name = cap.toUpper();
        if (name.startsWith(QLatin1String("CAP_")))
            name = name.mid(4);
        if (escapes.contains(name))
            return Error::make(
                Error::Kind::InvalidArgument,
                QStringLiteral("refusing capability %1: it lets a container escape its isolation").arg(cap));
    }
    for (const QString &opt : securityOpt) {
        if (opt.contains(QLatin1String("unconfined"), Qt::CaseInsensitive) ||
            opt.startsWith(QLatin1String("no-new-privileges:false"), Qt::CaseInsensitive))
            return Error::make(
                Error::Kind::InvalidArgument,
                QStringLiteral("refusing security option %1: FuzzForge keeps the engine's confinement")
                    .arg(opt));
    }
    return {};
}

namespace json {

Labels labels(const QJsonValue &value)
{
    Labels out;
    const QJsonObject o = value.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

QDateTime time(const QJsonValue &value)
{
    if (value.isDouble())
        return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(value.toDouble()), Qt::UTC);
    const QString s = value.toString();
    if (s.isEmpty() || s.startsWith(QLatin1String("0001-01-01")))
        return {};
    // The engine writes nanoseconds; Qt reads at most milliseconds.
    static const QRegularExpression frac(QStringLiteral("\\.(\\d{3})\\d*"));
    QString trimmed = s;
    trimmed.replace(frac, QStringLiteral(".\\1"));
    return QDateTime::fromString(trimmed, Qt::ISODateWithMs);
}

VersionInfo versionInfo(const QJsonObject &o)
{
    return VersionInfo{o.value(QLatin1String("Version")).toString(),
                       o.value(QLatin1String("ApiVersion")).toString(),
                       o.value(QLatin1String("MinAPIVersion")).toString(),
                       o.value(QLatin1String("Os")).toString(),
                       o.value(QLatin1String("Arch")).toString(),
                       o.value(QLatin1String("KernelVersion")).toString(),
                       o.value(QLatin1String("GoVersion")).toString()};
}

SystemInfo systemInfo(const QJsonObject &o)
{
    SystemInfo s;
    s.serverVersion = o.value(QLatin1String("ServerVersion")).toString();
    s.storageDriver = o.value(QLatin1String("Driver")).toString();
    s.cgroupDriver = o.value(QLatin1String("CgroupDriver")).toString();
    s.cgroupVersion = o.value(QLatin1String("CgroupVersion")).toString();
    s.memoryLimit = o.value(QLatin1String("MemoryLimit")).toBool();
    s.swapLimit = o.value(QLatin1String("SwapLimit")).toBool();
    s.cpuCfsQuota = o.value(QLatin1String("CpuCfsQuota")).toBool();
    s.pidsLimit = o.value(QLatin1String("PidsLimit")).toBool();
    s.oomKillDisable = o.value(QLatin1String("OomKillDisable")).toBool();
    s.cpus = o.value(QLatin1String("NCPU")).toInt();
    s.memTotal = num(o, QLatin1String("MemTotal"));
    s.operatingSystem = o.value(QLatin1String("OperatingSystem")).toString();
    s.rootDir = o.value(QLatin1String("DockerRootDir")).toString();
    s.securityOptions = strings(o.value(QLatin1String("SecurityOptions")));
    s.warnings = strings(o.value(QLatin1String("Warnings")));
    return s;
}

ImageSummary imageSummary(const QJsonObject &o)
{
    ImageSummary s;
    s.id = o.value(QLatin1String("Id")).toString();
    s.repoTags = strings(o.value(QLatin1String("RepoTags")));
    s.repoDigests = strings(o.value(QLatin1String("RepoDigests")));
    s.size = num(o, QLatin1String("Size"));
    s.created = time(o.value(QLatin1String("Created")));
    s.labels = labels(o.value(QLatin1String("Labels")));
    return s;
}

ImageInfo imageInfo(const QJsonObject &o)
{
    ImageInfo s;
    s.id = o.value(QLatin1String("Id")).toString();
    s.repoTags = strings(o.value(QLatin1String("RepoTags")));
    s.repoDigests = strings(o.value(QLatin1String("RepoDigests")));
    s.size = num(o, QLatin1String("Size"));
    const QJsonObject config = o.value(QLatin1String("Config")).toObject();
    s.user = config.value(QLatin1String("User")).toString();
    s.cmd = strings(config.value(QLatin1String("Cmd")));
    s.labels = labels(config.value(QLatin1String("Labels")));
    s.raw = o;
    return s;
}

ContainerInfo containerInfo(const QJsonObject &o)
{
    ContainerInfo c;
    c.id = o.value(QLatin1String("Id")).toString();
    c.name = o.value(QLatin1String("Name")).toString();
    if (c.name.startsWith(QLatin1Char('/')))
        c.name.remove(0, 1);
    c.imageId = o.value(QLatin1String("Image")).toString();
    const QJsonObject config = o.value(QLatin1String("Config")).toObject();
    c.image = config.value(QLatin1String("Image")).toString();
    c.labels = labels(config.value(QLatin1String("Labels")));
    c.tty = config.value(QLatin1String("Tty")).toBool();
    c.user = config.value(QLatin1String("User")).toString();
    const QJsonObject st = o.value(QLatin1String("State")).toObject();
    c.state.status = st.value(QLatin1String("Status")).toString();
    c.state.running = st.value(QLatin1String("Running")).toBool();
    c.state.oomKilled = st.value(QLatin1String("OOMKilled")).toBool();
    c.state.dead = st.value(QLatin1String("Dead")).toBool();
    c.state.pid = st.value(QLatin1String("Pid")).toInt();
    c.state.exitCode = st.value(QLatin1String("ExitCode")).toInt();
    c.state.error = st.value(QLatin1String("Error")).toString();
    c.state.startedAt = time(st.value(QLatin1String("StartedAt")));
    c.state.finishedAt = time(st.value(QLatin1String("FinishedAt")));
    c.hostConfig = o.value(QLatin1String("HostConfig")).toObject();
    c.raw = o;
    return c;
}

ContainerSummary containerSummary(const QJsonObject &o)
{
    ContainerSummary c;
    c.id = o.value(QLatin1String("Id")).toString();
    c.names = strings(o.value(QLatin1String("Names")));
    c.image = o.value(QLatin1String("Image")).toString();
    c.state = o.value(QLatin1String("State")).toString();
    c.status = o.value(QLatin1String("Status")).toString();
    c.labels = labels(o.value(QLatin1String("Labels")));
    c.created = time(o.value(QLatin1String("Created")));
    return c;
}

DockerEvent event(const QJsonObject &o)
{
    DockerEvent e;
    e.type = o.value(QLatin1String("Type")).toString();
    e.action = o.value(QLatin1String("Action")).toString();
    const QJsonObject actor = o.value(QLatin1String("Actor")).toObject();
    e.actorId = actor.value(QLatin1String("ID")).toString();
    e.attributes = labels(actor.value(QLatin1String("Attributes")));
    e.timeNano = num(o, QLatin1String("timeNano"));
    e.time = e.timeNano > 0 ? QDateTime::fromMSecsSinceEpoch(e.timeNano / 1000000, Qt::UTC)
                            : time(o.value(QLatin1String("time")));
    return e;
}

VolumeInfo volumeInfo(const QJsonObject &o)
{
    return VolumeInfo{o.value(QLatin1String("Name")).toString(), o.value(QLatin1String("Driver")).toString(),
                      o.value(QLatin1String("Mountpoint")).toString(),
                      labels(o.value(QLatin1String("Labels"))), time(o.value(QLatin1String("CreatedAt")))};
}

NetworkInfo networkInfo(const QJsonObject &o)
{
    NetworkInfo n;
    n.id = o.value(QLatin1String("Id")).toString();
    n.name = o.value(QLatin1String("Name")).toString();
    n.driver = o.value(QLatin1String("Driver")).toString();
    n.internal = o.value(QLatin1String("Internal")).toBool();
    n.labels = labels(o.value(QLatin1String("Labels")));
    n.containers = o.value(QLatin1String("Containers")).toObject().keys();
    return n;
}

StatsSample statsSample(const QJsonObject &o)
{
    StatsSample s;
    s.read = time(o.value(QLatin1String("read")));
    const QJsonObject cpu = o.value(QLatin1String("cpu_stats")).toObject();
    const QJsonObject pre = o.value(QLatin1String("precpu_stats")).toObject();
    const QJsonObject usage = cpu.value(QLatin1String("cpu_usage")).toObject();
    const QJsonObject preUsage = pre.value(QLatin1String("cpu_usage")).toObject();
    // As the docker CLI computes it: the container's share of all host CPU time since the
    // previous sample, scaled by the number of online CPUs.
    const double cpuDelta = usage.value(QLatin1String("total_usage")).toDouble() -
                            preUsage.value(QLatin1String("total_usage")).toDouble();
    const double previousSystem = pre.value(QLatin1String("system_cpu_usage")).toDouble();
    const double systemDelta = cpu.value(QLatin1String("system_cpu_usage")).toDouble() - previousSystem;
    int online = cpu.value(QLatin1String("online_cpus")).toInt();
    if (online == 0)
        online = static_cast<int>(usage.value(QLatin1String("percpu_usage")).toArray().size());
    s.onlineCpus = online;
    // The first sample of a stream (or a one-shot one) has no previous reading; against zero
    // it would give the average since the host booted, not a rate: leave it at 0.
    if (previousSystem > 0.0 && systemDelta > 0.0 && cpuDelta > 0.0)
        s.cpuPercent = cpuDelta / systemDelta * online * 100.0;
    s.throttledPeriods =
        num(cpu.value(QLatin1String("throttling_data")).toObject(), QLatin1String("throttled_periods"));

    const QJsonObject mem = o.value(QLatin1String("memory_stats")).toObject();
    const QJsonObject memStats = mem.value(QLatin1String("stats")).toObject();
    qint64 used = num(mem, QLatin1String("usage"));
    // cgroup v1 reports total_inactive_file, v2 inactive_file; the CLI subtracts it.
    qint64 cache = 0;
    if (memStats.contains(QLatin1String("total_inactive_file")))
        cache = num(memStats, QLatin1String("total_inactive_file"));
    else if (memStats.contains(QLatin1String("inactive_file")))
        cache = num(memStats, QLatin1String("inactive_file"));
    if (cache < used)
        used -= cache;
    s.memoryUsage = used;
    s.memoryLimit = num(mem, QLatin1String("limit"));
    s.failcnt = num(mem, QLatin1String("failcnt"));
    if (s.memoryLimit > 0)
        s.memoryPercent = static_cast<double>(s.memoryUsage) / static_cast<double>(s.memoryLimit) * 100.0;

    const QJsonObject pids = o.value(QLatin1String("pids_stats")).toObject();
    s.pids = num(pids, QLatin1String("current"));
    s.pidsLimit = num(pids, QLatin1String("limit"));

    const QJsonObject nets = o.value(QLatin1String("networks")).toObject();
    for (auto it = nets.begin(); it != nets.end(); ++it) {
        const QJsonObject n = it.value().toObject();
        s.netRx += num(n, QLatin1String("rx_bytes"));
        s.netTx += num(n, QLatin1String("tx_bytes"));
    }
    const QJsonArray io = o.value(QLatin1String("blkio_stats"))
                              .toObject()
                              .value(QLatin1String("io_service_bytes_recursive"))
                              .toArray();
    for (const auto &entry : io) {
        const QJsonObject e = entry.toObject();
        const QString op = e.value(QLatin1String("op")).toString();
        if (op.compare(QLatin1String("read"), Qt::CaseInsensitive) == 0)
            s.blockRead += num(e, QLatin1String("value"));
        else if (op.compare(QLatin1String("write"), Qt::CaseInsensitive) == 0)
            s.blockWrite += num(e, QLatin1String("value"));
    }
    return s;
}

} // namespace json
} // namespace ff::docker

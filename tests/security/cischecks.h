#pragma once

// CIS Docker Benchmark v1.6, section 5 (container runtime), plus FuzzForge's own rules, evaluated
// on the JSON of GET /containers/{id}/json. Shared by tst_cischecks (containers made to fail each
// check) and tst_builtinhardening (a live container of every built-in workflow).
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace ff::test::cis {

struct Check
{
    QString id;   // "5.3", or "ff.user" for the product's own
    QString name; // short, for the data row
    // Empty when the container passes; otherwise what is wrong.
    std::function<QString(const QJsonObject &inspect, const QString &allowedNetwork)> failure;
};

namespace detail {

inline QJsonObject host(const QJsonObject &i)
{
    return i.value(QLatin1String("HostConfig")).toObject();
}

inline QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray())
        out << e.toString();
    return out;
}

struct Bind
{
    QString source;
    QString destination;
    bool readOnly = false;
};

// Every bind mount, from both Mounts (what the engine did) and HostConfig.Binds (what it was told).
inline QList<Bind> binds(const QJsonObject &i)
{
    QList<Bind> out;
    for (const QJsonValue &v : i.value(QLatin1String("Mounts")).toArray()) {
        const QJsonObject m = v.toObject();
        if (m.value(QLatin1String("Type")).toString() != QLatin1String("bind"))
            continue;
        out << Bind{m.value(QLatin1String("Source")).toString(),
                    m.value(QLatin1String("Destination")).toString(),
                    !m.value(QLatin1String("RW")).toBool(true)};
    }
    for (const QString &b : strings(host(i).value(QLatin1String("Binds")))) {
        const QStringList parts = b.split(QLatin1Char(':'));
        if (parts.size() < 2)
            continue;
        out << Bind{parts.at(0), parts.at(1),
                    parts.size() > 2 && parts.at(2).split(QLatin1Char(',')).contains(u"ro")};
    }
    return out;
}

inline bool isSensitive(const QString &path)
{
    QString p = path;
    while (p.size() > 1 && p.endsWith(QLatin1Char('/')))
        p.chop(1);
    if (p == QLatin1String("/"))
        return true;
    // /var/run is where docker.sock lives (and /run, which it links to).
    static const QStringList roots{
        QStringLiteral("/boot"), QStringLiteral("/dev"),     QStringLiteral("/etc"),
        QStringLiteral("/lib"),  QStringLiteral("/proc"),    QStringLiteral("/sys"),
        QStringLiteral("/usr"),  QStringLiteral("/var/run"), QStringLiteral("/run")};
    for (const QString &r : roots)
        if (p == r || p.startsWith(r + QLatin1Char('/')))
            return true;
    return false;
}

inline qint64 number(const QJsonObject &o, const char *key)
{
    return static_cast<qint64>(o.value(QLatin1String(key)).toDouble());
}

} // namespace detail

inline QList<Check> checks()
{
    using namespace detail;
    return {
        {QStringLiteral("5.3"), QStringLiteral("capabilities restricted"),
         [](const QJsonObject &i, const QString &) {
             const QStringList drop = strings(host(i).value(QLatin1String("CapDrop")));
             const QStringList add = strings(host(i).value(QLatin1String("CapAdd")));
             if (!drop.contains(u"ALL"))
                 return QStringLiteral("CapDrop is [%1], without ALL").arg(drop.join(u','));
             if (!add.isEmpty())
                 return QStringLiteral("CapAdd is [%1]").arg(add.join(u','));
             return QString();
         }},
        {QStringLiteral("5.4"), QStringLiteral("not privileged"),
         [](const QJsonObject &i, const QString &) {
             return host(i).value(QLatin1String("Privileged")).toBool() ? QStringLiteral("Privileged")
                                                                        : QString();
         }},
        {QStringLiteral("5.5"), QStringLiteral("no sensitive host directory"),
         [](const QJsonObject &i, const QString &) {
             QStringList bad;
             for (const Bind &b : binds(i))
                 if (isSensitive(b.source))
                     bad << b.source;
             return bad.isEmpty() ? QString() : QStringLiteral("binds %1").arg(bad.join(u','));
         }},
        {QStringLiteral("5.9"), QStringLiteral("host network not shared"),
         [](const QJsonObject &i, const QString &allowed) {
             const QString mode = host(i).value(QLatin1String("NetworkMode")).toString();
             if (mode == QLatin1String("host"))
                 return QStringLiteral("NetworkMode host");
             if (allowed == QLatin1String("none") && mode != QLatin1String("none"))
                 return QStringLiteral("NetworkMode %1 where the manifest asks for none").arg(mode);
             if (mode == QLatin1String("default") || mode == QLatin1String("bridge"))
                 return QStringLiteral("NetworkMode %1: the engine's shared network").arg(mode);
             return QString();
         }},
        {QStringLiteral("5.10"), QStringLiteral("memory limited"),
         [](const QJsonObject &i, const QString &) {
             return number(host(i), "Memory") > 0 ? QString() : QStringLiteral("Memory 0");
         }},
        {QStringLiteral("5.11"), QStringLiteral("CPU limited"),
         [](const QJsonObject &i, const QString &) {
             const QJsonObject h = host(i);
             return number(h, "NanoCpus") > 0 || number(h, "CpuQuota") > 0 || number(h, "CpuShares") > 0
                        ? QString()
                        : QStringLiteral("no NanoCpus, CpuQuota or CpuShares");
         }},
        {QStringLiteral("5.12"), QStringLiteral("root filesystem read-only"),
         [](const QJsonObject &i, const QString &) {
             return host(i).value(QLatin1String("ReadonlyRootfs")).toBool()
                        ? QString()
                        : QStringLiteral("ReadonlyRootfs false");
         }},
        {QStringLiteral("5.15"), QStringLiteral("host PID namespace not shared"),
         [](const QJsonObject &i, const QString &) {
             return host(i).value(QLatin1String("PidMode")).toString() == QLatin1String("host")
                        ? QStringLiteral("PidMode host")
                        : QString();
         }},
        {QStringLiteral("5.16"), QStringLiteral("host IPC namespace not shared"),
         [](const QJsonObject &i, const QString &) {
             return host(i).value(QLatin1String("IpcMode")).toString() == QLatin1String("host")
                        ? QStringLiteral("IpcMode host")
                        : QString();
         }},
        {QStringLiteral("5.17"), QStringLiteral("no host devices"),
         [](const QJsonObject &i, const QString &) {
             const QJsonArray d = host(i).value(QLatin1String("Devices")).toArray();
             return d.isEmpty() ? QString() : QStringLiteral("%1 devices").arg(d.size());
         }},
        {QStringLiteral("5.21"), QStringLiteral("default seccomp profile kept"),
         [](const QJsonObject &i, const QString &) {
             for (const QString &o : strings(host(i).value(QLatin1String("SecurityOpt"))))
                 if (o == QLatin1String("seccomp=unconfined") || o == QLatin1String("seccomp:unconfined"))
                     return o;
             return QString();
         }},
        {QStringLiteral("5.25"), QStringLiteral("no-new-privileges"),
         [](const QJsonObject &i, const QString &) {
             const QStringList o = strings(host(i).value(QLatin1String("SecurityOpt")));
             return o.contains(u"no-new-privileges") || o.contains(u"no-new-privileges:true") ||
                            o.contains(u"no-new-privileges=true")
                        ? QString()
                        : QStringLiteral("SecurityOpt [%1]").arg(o.join(u','));
         }},
        {QStringLiteral("5.28"), QStringLiteral("PIDs limited"),
         [](const QJsonObject &i, const QString &) {
             return number(host(i), "PidsLimit") > 0 ? QString() : QStringLiteral("no PidsLimit");
         }},
        {QStringLiteral("5.31"), QStringLiteral("Docker socket not mounted"),
         [](const QJsonObject &i, const QString &) {
             for (const Bind &b : binds(i))
                 if (b.source.endsWith(QLatin1String("docker.sock")) ||
                     b.destination.endsWith(QLatin1String("docker.sock")))
                     return b.source;
             return QString();
         }},
        {QStringLiteral("ff.user"), QStringLiteral("non-root numeric user"),
         [](const QJsonObject &i, const QString &) {
             const QString user =
                 i.value(QLatin1String("Config")).toObject().value(QLatin1String("User")).toString();
             const QStringList ids = user.split(QLatin1Char(':'));
             bool uidOk = false;
             bool gidOk = false;
             const uint uid = ids.value(0).toUInt(&uidOk);
             const uint gid = ids.size() == 2 ? ids.at(1).toUInt(&gidOk) : 0;
             return uidOk && gidOk && uid != 0 && gid != 0 ? QString()
                                                           : QStringLiteral("User \"%1\"").arg(user);
         }},
        {QStringLiteral("ff.target"), QStringLiteral("/target read-only"),
         [](const QJsonObject &i, const QString &) {
             for (const QJsonValue &v : i.value(QLatin1String("Mounts")).toArray()) {
                 const QJsonObject m = v.toObject();
                 if (m.value(QLatin1String("Destination")).toString() == QLatin1String("/target"))
                     return m.value(QLatin1String("RW")).toBool(true) ? QStringLiteral("/target writable")
                                                                      : QString();
             }
             return QStringLiteral("no /target mount");
         }},
        {QStringLiteral("ff.ports"), QStringLiteral("no published ports"),
         [](const QJsonObject &i, const QString &) {
             const QJsonObject h = host(i);
             if (h.value(QLatin1String("PublishAllPorts")).toBool())
                 return QStringLiteral("PublishAllPorts");
             if (!h.value(QLatin1String("PortBindings")).toObject().isEmpty())
                 return QStringLiteral("PortBindings");
             const QJsonObject ports = i.value(QLatin1String("NetworkSettings"))
                                           .toObject()
                                           .value(QLatin1String("Ports"))
                                           .toObject();
             for (auto it = ports.begin(); it != ports.end(); ++it)
                 if (!it.value().isNull() && !it.value().toArray().isEmpty())
                     return QStringLiteral("port %1 published").arg(it.key());
             return QString();
         }},
    };
}

} // namespace ff::test::cis

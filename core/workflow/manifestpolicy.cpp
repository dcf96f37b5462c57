// What a manifest may never ask for. FuzzForge hardens every container the same way (no
// capabilities, no privilege escalation, a read-only root, the project read-only, no host
// path, device or namespace of the host, never the engine's socket, never root); a field
// that would change that is refused with its line and the reason, and so is every field the
// schema does not have: an unknown field is never silently ignored.
#include "manifestreader.h"

#include <QHash>
#include <QSet>

namespace ff::workflow::detail {

namespace {

const QString kNamespaces = QStringLiteral(
    "the container's namespaces are its own: sharing the host's (pid: host, ipc: host, ...) lets it see "
    "and signal the host's processes or reach its shared memory");

// Fields that would weaken the hardening if the product honoured them, with why they are refused.
const QHash<QString, QString> &weakening()
{
    static const QHash<QString, QString> reasons = [] {
        QHash<QString, QString> h;
        const auto add = [&h](std::initializer_list<const char *> keys, const QString &reason) {
            for (const char *k : keys)
                h.insert(QLatin1String(k), reason);
        };
        add({"privileged"},
            QStringLiteral("workflows never run privileged: a privileged container has "
                           "every capability and the host's devices, it is root on the host"));
        add({"cap_add", "capabilities", "caps", "add_capabilities", "cap-add"},
            QStringLiteral("extra capabilities are refused: a workflow runs with none (every capability is "
                           "dropped)"));
        add({"volumes", "volume", "binds", "bind", "mounts", "mount", "host_path", "host_paths", "hostpath",
             "tmpfs", "volumes_from"},
            QStringLiteral(
                "host paths are never mounted into a workflow: the project is mounted read-only at "
                "/target, the results go to a volume of the run's own"));
        add({"devices", "device", "device_cgroup_rules", "device_requests", "gpus"},
            QStringLiteral("devices of the host are never given to a workflow"));
        add({"pid", "pid_mode", "ipc", "ipc_mode", "uts", "uts_mode", "userns", "userns_mode", "cgroup",
             "cgroupns", "cgroup_parent", "network_mode", "net", "net_mode"},
            kNamespaces);
        add({"security_opt", "seccomp", "apparmor", "selinux", "no_new_privileges", "read_only",
             "readonly_rootfs", "runtime"},
            QStringLiteral("the container's confinement (seccomp, AppArmor, no-new-privileges, a read-only "
                           "root) is not configurable"));
        add({"docker_socket", "docker_sock", "docker", "socket", "engine_socket", "docker_host"},
            QStringLiteral("the engine's socket is never reachable from a workflow: whoever holds it is root "
                           "on the host"));
        add({"group_add", "groups", "uid", "gid"},
            QStringLiteral(
                "the user is set by 'user: UID:GID' alone, and is never root nor in the root group"));
        return h;
    }();
    return reasons;
}

// The fields of each map of the schema.
const QSet<QString> &fieldsOf(const QString &level)
{
    static const QHash<QString, QSet<QString>> fields = {
        {QString(),
         {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("version"),
          QStringLiteral("description"), QStringLiteral("category"), QStringLiteral("composite"),
          QStringLiteral("image"), QStringLiteral("command"), QStringLiteral("parameters"),
          QStringLiteral("resources"), QStringLiteral("network"), QStringLiteral("outputs"),
          QStringLiteral("applies_to"), QStringLiteral("success_exit_codes"), QStringLiteral("user"),
          QStringLiteral("corpus"), QStringLiteral("scratch"), QStringLiteral("statistics"),
          QStringLiteral("reproduce")}},
        {QStringLiteral("image"),
         {QStringLiteral("build"), QStringLiteral("dockerfile"), QStringLiteral("reference")}},
        {QStringLiteral("resources"),
         {QStringLiteral("memory"), QStringLiteral("cpus"), QStringLiteral("pids"), QStringLiteral("timeout"),
          QStringLiteral("results")}},
        {QStringLiteral("scratch"), {QStringLiteral("size"), QStringLiteral("exec")}},
        {QStringLiteral("applies_to"), {QStringLiteral("globs"), QStringLiteral("languages")}},
        {QStringLiteral("outputs"),
         {QStringLiteral("path"), QStringLiteral("parser"), QStringLiteral("tool"),
          QStringLiteral("optional")}},
        {QStringLiteral("parameters"),
         {QStringLiteral("type"), QStringLiteral("default"), QStringLiteral("description"),
          QStringLiteral("allowed"), QStringLiteral("min"), QStringLiteral("max")}},
    };
    static const QSet<QString> none;
    const auto it = fields.constFind(level);
    return it == fields.cend() ? none : *it;
}

bool namesEngineSocket(const QString &text)
{
    static const char *const sockets[] = {"docker.sock", "containerd.sock", "podman.sock", "/run/containerd",
                                          "/run/podman", "/var/run/docker", "/run/docker"};
    for (const char *s : sockets)
        if (text.contains(QLatin1String(s), Qt::CaseInsensitive))
            return true;
    return false;
}

bool anyScalar(const YAML::Node &n, bool (*pred)(const QString &))
{
    if (n.IsScalar())
        return pred(str(n));
    if (n.IsSequence() || n.IsMap())
        for (auto it = n.begin(); it != n.end(); ++it) {
            if (n.IsMap() ? (anyScalar(it->first, pred) || anyScalar(it->second, pred))
                          : anyScalar(*it, pred))
                return true;
        }
    return false;
}

// One map of the schema: each key known at `level`, none twice, none that weakens the hardening.
void checkMap(const YAML::Node &map, const QString &level, const QString &prefix, Reader &r)
{
    if (!map.IsMap())
        return; // the field's reader says what it should be
    const QSet<QString> &known = fieldsOf(level);
    QHash<QString, int> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString key = str(it->first);
        const QString field = prefix + key;
        const int line = lineOf(it->first);
        if (!it->first.IsScalar()) {
            r.error(QStringLiteral("%1(key)").arg(prefix), QStringLiteral("a field's name is a plain string"),
                    line);
            continue;
        }
        if (seen.contains(key)) {
            r.error(field,
                    QStringLiteral("appears twice (first on line %1): which one counts is ambiguous")
                        .arg(seen.value(key)),
                    line);
            continue;
        }
        seen.insert(key, line);
        if (known.contains(key))
            continue;
        const QString normal = key.toLower();
        if (weakening().contains(normal)) {
            const YAML::Node value = it->second;
            QString reason = weakening().value(normal);
            if (anyScalar(value, namesEngineSocket))
                reason = weakening().value(QStringLiteral("docker_socket"));
            else if (value.IsScalar() &&
                     str(value).compare(QLatin1String("host"), Qt::CaseInsensitive) == 0 &&
                     reason == kNamespaces)
                reason = QStringLiteral("'%1: host' shares the host's namespace: %2").arg(key, reason);
            r.error(field, QStringLiteral("refused: %1").arg(reason), line);
            continue;
        }
        QStringList names(known.cbegin(), known.cend());
        names.sort();
        r.error(field,
                QStringLiteral("is not a field of a workflow manifest and is refused rather than ignored "
                               "(the fields here: %1)")
                    .arg(names.join(QStringLiteral(", "))),
                line);
    }
}

} // namespace

void checkFields(const YAML::Node &root, Reader &r)
{
    checkMap(root, QString(), QString(), r);
    for (const char *level : {"image", "resources", "scratch", "applies_to"})
        if (const YAML::Node n = root[level])
            checkMap(n, QLatin1String(level), QLatin1String(level) + QLatin1Char('.'), r);
    if (const YAML::Node outputs = root["outputs"]; outputs && outputs.IsSequence())
        for (std::size_t i = 0; i < outputs.size(); ++i)
            checkMap(outputs[i], QStringLiteral("outputs"), QStringLiteral("outputs[%1].").arg(i), r);
    if (const YAML::Node params = root["parameters"]; params && params.IsMap())
        for (auto it = params.begin(); it != params.end(); ++it)
            checkMap(it->second, QStringLiteral("parameters"),
                     QStringLiteral("parameters.%1.").arg(str(it->first)), r);
}

void readNetwork(const YAML::Node &node, WorkflowManifest &m, Reader &r)
{
    if (!node)
        return;
    const QString value = str(node);
    if (value == QLatin1String("none") || value == QLatin1String("bridge")) {
        m.network = value;
        return;
    }
    QString reason;
    if (value.compare(QLatin1String("host"), Qt::CaseInsensitive) == 0)
        reason = QStringLiteral("refused: 'network: host' shares the host's network stack (its services on "
                                "localhost, its interfaces); a workflow has none or a bridge network of its "
                                "run's own");
    else if (value.startsWith(QLatin1String("container:"), Qt::CaseInsensitive))
        reason = QStringLiteral("refused: '%1' joins another container's network namespace; a workflow has "
                                "none or a bridge network of its run's own")
                     .arg(value);
    else
        reason =
            QStringLiteral("'%1' is not none or bridge").arg(node.IsScalar() ? value : QStringLiteral("?"));
    r.error(node, QStringLiteral("network"), reason);
}

} // namespace ff::workflow::detail

// Sizes, durations, resources and the user of a manifest: every number finite, bounded and
// without overflow; the user numeric and never root.
#include "manifestreader.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace ff::workflow {

qint64 parseByteSize(const QString &text, bool *ok)
{
    static const QRegularExpression re(
        QStringLiteral("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kmgt]?)(?:i?b)?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    *ok = false;
    const auto m = re.match(text);
    if (!m.hasMatch())
        return 0;
    bool number = false;
    const double mantissa = m.captured(1).toDouble(&number);
    const QString unit = m.captured(2).toLower();
    const int shift = unit == QLatin1String("k")   ? 10
                      : unit == QLatin1String("m") ? 20
                      : unit == QLatin1String("g") ? 30
                      : unit == QLatin1String("t") ? 40
                                                   : 0;
    const double v = std::ldexp(mantissa, shift);
    // 2^63 is exact as a double: anything at or above it does not fit a qint64.
    if (!number || !std::isfinite(v) || v >= std::ldexp(1.0, 63))
        return 0;
    *ok = true;
    return static_cast<qint64>(v);
}

int parseDurationSeconds(const QString &text, bool *ok)
{
    static const QRegularExpression re(QStringLiteral("^\\s*([0-9]+)\\s*([smh]?)\\s*$"));
    *ok = false;
    const auto m = re.match(text);
    if (!m.hasMatch())
        return 0;
    bool number = false;
    const qlonglong v = m.captured(1).toLongLong(&number); // fails past 2^63
    const QString unit = m.captured(2);
    const qlonglong factor = unit == QLatin1String("m") ? 60 : unit == QLatin1String("h") ? 3600 : 1;
    if (!number || v > std::numeric_limits<int>::max() / factor)
        return 0;
    *ok = true;
    return static_cast<int>(v * factor);
}

Result<std::pair<quint32, quint32>> parseUser(const QString &text)
{
    auto bad = [](const QString &why) {
        return Error::make(Error::Kind::InvalidArgument, why);
    };
    static const QRegularExpression re(QStringLiteral("^([0-9]+):([0-9]+)$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return bad(QStringLiteral("'%1' is not UID:GID, both numeric (e.g. 10001:10001): a name is "
                                  "looked up in the image, which can make it root, and a UID alone "
                                  "runs with the group of the image's choosing, 0 when it names none")
                       .arg(text));
    bool uidOk = false;
    bool gidOk = false;
    const qulonglong uid = m.captured(1).toULongLong(&uidOk);
    const qulonglong gid = m.captured(2).toULongLong(&gidOk);
    constexpr qulonglong maxId = std::numeric_limits<quint32>::max() - 1; // (uid_t)-1 means "none"
    if (!uidOk || !gidOk || uid > maxId || gid > maxId)
        return bad(QStringLiteral("'%1': a UID and a GID are below 4294967295").arg(text));
    if (uid == 0)
        return bad(QStringLiteral("'%1' is UID 0: workflows never run as root").arg(text));
    if (gid == 0)
        return bad(QStringLiteral("'%1' is GID 0: workflows never run in the root group").arg(text));
    return std::pair<quint32, quint32>{static_cast<quint32>(uid), static_cast<quint32>(gid)};
}

namespace detail {

void readUser(const YAML::Node &node, WorkflowManifest &m, Reader &r)
{
    if (!node)
        return;
    if (!node.IsScalar()) {
        r.error(node, QStringLiteral("user"), QStringLiteral("must be UID:GID (e.g. 10001:10001)"));
        return;
    }
    const auto user = parseUser(str(node));
    if (!user) {
        r.error(node, QStringLiteral("user"), user.error().message);
        return;
    }
    // The canonical form: "0010001:010001" is sent as "10001:10001".
    m.user = QStringLiteral("%1:%2").arg(user->first).arg(user->second);
}

void readResources(const YAML::Node &node, WorkflowManifest &m, Reader &r)
{
    if (!node)
        return;
    if (!node.IsMap()) {
        r.error(node, QStringLiteral("resources"), QStringLiteral("must be a map"));
        return;
    }
    bool ok = true;
    const QString maxMemory =
        QLocale::c().formattedDataSize(kMaxMemoryBytes, 0, QLocale::DataSizeTraditionalFormat);
    m.resources.memoryStated = bool(node["memory"]);
    m.resources.cpusStated = bool(node["cpus"]);
    m.resources.timeoutStated = bool(node["timeout"]);
    if (const YAML::Node n = node["memory"]) {
        m.resources.memoryBytes = parseByteSize(str(n), &ok);
        if (!ok || m.resources.memoryBytes < 6 * 1024 * 1024 || m.resources.memoryBytes > kMaxMemoryBytes)
            r.error(
                n, QStringLiteral("resources.memory"),
                QStringLiteral("'%1' is not a size from 6m to %2 (e.g. 512m, 2g)").arg(str(n), maxMemory));
    }
    if (const YAML::Node n = node["cpus"]) {
        // toDouble() reads "nan" and "inf" as numbers: a NaN cast to the nano-CPUs sent to the
        // engine is undefined behaviour, and no limit at all in practice.
        m.resources.cpus = str(n).toDouble(&ok);
        if (!ok || !std::isfinite(m.resources.cpus) || m.resources.cpus <= 0.0 || m.resources.cpus > kMaxCpus)
            r.error(n, QStringLiteral("resources.cpus"),
                    QStringLiteral("'%1' is not a positive number of at most %2").arg(str(n)).arg(kMaxCpus));
    }
    if (const YAML::Node n = node["pids"]) {
        m.resources.pids = str(n).toInt(&ok);
        if (!ok || m.resources.pids < 8 || m.resources.pids > kMaxPids)
            r.error(n, QStringLiteral("resources.pids"),
                    QStringLiteral("'%1' is not a whole number from 8 to %2").arg(str(n)).arg(kMaxPids));
    }
    if (const YAML::Node n = node["timeout"]) {
        m.resources.timeoutSeconds = parseDurationSeconds(str(n), &ok);
        if (!ok || m.resources.timeoutSeconds <= 0 || m.resources.timeoutSeconds > kMaxTimeoutSeconds)
            r.error(n, QStringLiteral("resources.timeout"),
                    QStringLiteral("'%1' is not a duration of at most 7 days (e.g. 600, 90s, 15m, 2h)")
                        .arg(str(n)));
    }
    if (const YAML::Node n = node["results"]) {
        m.resources.resultsBytes = parseByteSize(str(n), &ok);
        if (!ok || m.resources.resultsBytes < 1024 ||
            m.resources.resultsBytes > ResourceSpec::kMaxResultsBytes)
            r.error(n, QStringLiteral("resources.results"),
                    QStringLiteral("'%1' is not a size from 1k to 1g (e.g. 64m)").arg(str(n)));
    }
}

} // namespace detail

} // namespace ff::workflow

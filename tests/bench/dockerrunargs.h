#pragma once

#include <QStringList>

namespace ff::bench {

// The reference tool's side of a benchmark: `docker run --rm` of a trivial workflow's image
// with the hardening FuzzForge applies (read-only root and target, no capabilities,
// no-new-privileges, no network, memory and PIDs limits), running `script`.
inline QStringList hardenedDockerRunArgs(const QString &project, const QString &image, const QString &script)
{
    return {QStringLiteral("run"),
            QStringLiteral("--rm"),
            QStringLiteral("--read-only"),
            QStringLiteral("--cap-drop"),
            QStringLiteral("ALL"),
            QStringLiteral("--security-opt"),
            QStringLiteral("no-new-privileges:true"),
            QStringLiteral("--network"),
            QStringLiteral("none"),
            QStringLiteral("--memory"),
            QStringLiteral("512m"),
            QStringLiteral("--pids-limit"),
            QStringLiteral("256"),
            QStringLiteral("--tmpfs"),
            QStringLiteral("/tmp"),
            QStringLiteral("-v"),
            project + QStringLiteral(":/target:ro"),
            QStringLiteral("--tmpfs"),
            QStringLiteral("/results:uid=10001"),
            image,
            QStringLiteral("sh"),
            QStringLiteral("-c"),
            script};
}

} // namespace ff::bench

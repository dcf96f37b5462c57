#pragma once

#include "run/workflowrun.h"
#include "workflow/manifest.h"

#include <QDir>
#include <QFile>
#include <QStringList>

#include <cstdio>

namespace ff::bench {

// A trivial user workflow for the benchmarks, written under `dir`: a small image (non-root,
// /results owned by the user) whose command is `script`, and an empty project beside it.
struct TrivialWorkflow
{
    workflow::WorkflowManifest manifest;
    QString project;
    QString image; // the tag FuzzForge builds it as
};

inline std::optional<TrivialWorkflow> writeTrivialWorkflow(const QString &dir, const QString &id,
                                                           const char *script)
{
    const QString wf = dir + QStringLiteral("/wf");
    TrivialWorkflow t;
    t.project = dir + QStringLiteral("/project");
    QDir().mkpath(wf);
    QDir().mkpath(t.project);
    QFile(t.project + QStringLiteral("/a.c")).open(QIODevice::WriteOnly);
    QFile d(wf + QStringLiteral("/Dockerfile"));
    if (!d.open(QIODevice::WriteOnly))
        return std::nullopt;
    d.write("FROM debian:bookworm-slim\nRUN useradd --uid 10001 --user-group --no-create-home fuzzforge "
            "&& mkdir -p /results && chown 10001:10001 /results\nUSER 10001:10001\n");
    d.close();
    const QByteArray yaml =
        QByteArray("id: ") + id.toUtf8() +
        "\nname: trivial\nversion: 1.0.0\nimage:\n  build: .\ncommand: [\"sh\", \"-c\", \"" +
        QByteArray(script).replace("\"", "\\\"") + "\"]\noutputs:\n  - path: out.sarif\n    parser: sarif\n";
    QList<workflow::ManifestError> errors;
    auto m = workflow::parseManifest(yaml, QStringLiteral("bench.yaml"), wf, &errors);
    if (!m) {
        std::fprintf(stderr, "%s\n", qPrintable(errors.value(0).toString()));
        return std::nullopt;
    }
    t.manifest = m.value();
    t.image = run::WorkflowRun::imageTagFor(t.manifest);
    return t;
}

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

#pragma once

#include "run/workflowrun.h"
#include "workflow/catalogue.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace ff::test {

// A user workflow written into a temporary folder: the same small image for every test (so it
// is built once), with the command and limits each test needs.
inline QString writeUserWorkflow(const QString &folder, const QString &id, const QString &script,
                                 const QString &extraYaml = {}, const QString &outputs = {})
{
    QDir().mkpath(folder);
    QFile dockerfile(folder + QStringLiteral("/Dockerfile"));
    if (!dockerfile.open(QIODevice::WriteOnly))
        return {};
    dockerfile.write("FROM debian:bookworm-slim\n"
                     "RUN useradd --uid 10001 --user-group --no-create-home fuzzforge \\\n"
                     " && mkdir -p /results && chown 10001:10001 /results\n"
                     "USER 10001:10001\n");
    dockerfile.close();
    QFile script_(folder + QStringLiteral("/probe.sh"));
    if (!script_.open(QIODevice::WriteOnly))
        return {};
    script_.write(script.toUtf8());
    script_.close();
    QFile manifest(folder + QStringLiteral("/workflow.yaml"));
    if (!manifest.open(QIODevice::WriteOnly))
        return {};
    // The script reaches the container as the command's argument, not through the image, so
    // every test shares one image.
    QString quoted = script;
    quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('"'), QStringLiteral("\\\""))
        .replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    manifest.write(
        QStringLiteral("id: %1\nname: %1\nversion: 1.0.0\nimage:\n  build: .\n"
                       "command: [\"sh\", \"-c\", \"%2\"]\n%3%4")
            .arg(id, quoted, extraYaml,
                 outputs.isEmpty()
                     ? QStringLiteral("outputs:\n  - path: out.sarif\n    parser: sarif\n    tool: probe\n")
                     : outputs)
            .toUtf8());
    return folder;
}

inline QByteArray minimalSarif(const QString &ruleId, const QString &uri, int line)
{
    return QStringLiteral(
               "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"probe\",\"version\":\"0."
               "1\"}},"
               "\"results\":[{\"ruleId\":\"%1\",\"level\":\"error\",\"message\":{\"text\":\"probe finding\"},"
               "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"%2\"},"
               "\"region\":{\"startLine\":%3}}}]}]}]}")
        .arg(ruleId, uri)
        .arg(line)
        .toUtf8();
}

} // namespace ff::test

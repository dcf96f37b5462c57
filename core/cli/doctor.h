#pragma once

#include "docker/dockerclient.h"

#include <QFuture>
#include <QJsonObject>
#include <QString>

namespace ff::cli {

// What `fuzzforge-cli doctor` finds out about the engine this machine talks to.
struct DoctorReport
{
    QString endpoint;
    docker::Error engineError; // set when the engine did not answer
    docker::VersionInfo version;
    docker::SystemInfo info;
    QString apiVersion; // negotiated
    QString baseImage;
    bool baseImagePresent = false;
    QString baseImageId;
    qint64 baseImageSize = 0;

    bool healthy() const { return !engineError.isError() && baseImagePresent; }
    QString toText() const;
    QJsonObject toJson() const;
};

inline constexpr const char *kBaseImage = "debian:bookworm-slim";

QFuture<DoctorReport> runDoctor(docker::DockerClient *client,
                                const QString &baseImage = QString::fromLatin1(kBaseImage));

} // namespace ff::cli

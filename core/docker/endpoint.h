#pragma once

#include "error.h"

#include <QProcessEnvironment>
#include <QString>

namespace ff::docker {

// Where the engine listens and how to talk to it: parsed from DOCKER_HOST, DOCKER_TLS_VERIFY,
// DOCKER_TLS and DOCKER_CERT_PATH the way the docker CLI reads them.
struct Endpoint
{
    enum class Scheme { Unix, Tcp };

    Scheme scheme = Scheme::Unix;
    QString socketPath = QStringLiteral("/var/run/docker.sock");
    QString host;
    quint16 port = 0;
    bool tls = false;
    bool tlsVerify = false;
    QString certPath; // folder with ca.pem, cert.pem, key.pem

    static constexpr const char *kDefaultSocket = "/var/run/docker.sock";

    // "unix:///path", "tcp://host:port", "host:port"; tls from the flags given.
    static Result<Endpoint> parse(const QString &url, bool tls = false, bool tlsVerify = false,
                                  const QString &certPath = {});
    static Result<Endpoint>
    fromEnvironment(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    QString toString() const;
};

} // namespace ff::docker

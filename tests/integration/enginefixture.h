#pragma once

#include "docker/dockerclient.h"
#include "testutil.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QUuid>

#include <memory>

namespace ff::test {

// A free TCP port on loopback (bound, then released).
quint16 freePort();

// Runs a command to completion; returns its exit code (-1 when it could not start) and
// fills stdout/stderr when asked.
int runCommand(const QString &program, const QStringList &args, QByteArray *out = nullptr,
               QByteArray *err = nullptr, int timeoutMs = 60000);

// A helper process started for a test (registry, socat proxy) and stopped with it.
class BackgroundProcess
{
public:
    ~BackgroundProcess();
    // Starts and waits until `port` on 127.0.0.1 accepts connections.
    bool start(const QString &program, const QStringList &args, quint16 port, QString *error);
    // Starts and waits until the unix socket `path` exists.
    bool startUnix(const QString &program, const QStringList &args, const QString &path, QString *error);
    QByteArray output();

private:
    std::unique_ptr<QProcess> m_process;
};

// Debian's docker-registry on 127.0.0.1 with storage in a temporary folder.
class LocalRegistry
{
public:
    bool start(QString *error);
    quint16 port() const { return m_port; }
    QString host() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }

private:
    QTemporaryDir m_dir;
    BackgroundProcess m_process;
    quint16 m_port = 0;
};

// Certificates for a TLS test: a CA, a server certificate for 127.0.0.1 and a client one,
// laid out as DOCKER_CERT_PATH expects (ca.pem, cert.pem, key.pem).
class TestPki
{
public:
    bool create(QString *error);
    QString clientDir() const { return m_dir.path() + QStringLiteral("/client"); }
    QString serverCert() const { return m_dir.path() + QStringLiteral("/server-cert.pem"); }
    QString serverKey() const { return m_dir.path() + QStringLiteral("/server-key.pem"); }
    QString caCert() const { return m_dir.path() + QStringLiteral("/ca.pem"); }
    QString otherCaDir() const { return m_dir.path() + QStringLiteral("/other"); }

private:
    QTemporaryDir m_dir;
};

inline QString uniqueName(const QString &prefix)
{
    return prefix + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128).left(12);
}

} // namespace ff::test

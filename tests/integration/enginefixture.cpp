#include "enginefixture.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace ff::test {

quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

int runCommand(const QString &program, const QStringList &args, QByteArray *out, QByteArray *err,
               int timeoutMs)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return -1;
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return -1;
    }
    if (out)
        *out = p.readAllStandardOutput();
    if (err)
        *err = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

BackgroundProcess::~BackgroundProcess()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished();
        }
    }
}

bool BackgroundProcess::start(const QString &program, const QStringList &args, quint16 port, QString *error)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(program, args);
    if (!m_process->waitForStarted(10000)) {
        *error = program + QStringLiteral(": ") + m_process->errorString();
        return false;
    }
    for (int i = 0; i < 100; ++i) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port);
        if (probe.waitForConnected(200))
            return true;
        if (m_process->state() == QProcess::NotRunning)
            break;
        QThread::msleep(100);
    }
    *error = program + QStringLiteral(" did not listen on port %1: ").arg(port) +
             QString::fromUtf8(m_process->readAll());
    return false;
}

bool BackgroundProcess::startUnix(const QString &program, const QStringList &args, const QString &path,
                                  QString *error)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(program, args);
    if (!m_process->waitForStarted(10000)) {
        *error = program + QStringLiteral(": ") + m_process->errorString();
        return false;
    }
    for (int i = 0; i < 100; ++i) {
        if (QFileInfo::exists(path))
            return true;
        if (m_process->state() == QProcess::NotRunning)
            break;
        QThread::msleep(50);
    }
    *error =
        program + QStringLiteral(" did not create %1: ").arg(path) + QString::fromUtf8(m_process->readAll());
    return false;
}

QByteArray BackgroundProcess::output()
{
    return m_process ? m_process->readAll() : QByteArray();
}

bool LocalRegistry::start(QString *error)
{
    m_port = freePort();
    const QString config = m_dir.filePath(QStringLiteral("config.yml"));
    QFile f(config);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1").arg(config);
        return false;
    }
    f.write(QStringLiteral("version: 0.1\n"
                           "log:\n  level: error\n"
                           "storage:\n  filesystem:\n    rootdirectory: %1\n  delete:\n    enabled: true\n"
                           "http:\n  addr: 127.0.0.1:%2\n")
                .arg(m_dir.filePath(QStringLiteral("data")))
                .arg(m_port)
                .toUtf8());
    f.close();
    return m_process.start(QStringLiteral("docker-registry"), {QStringLiteral("serve"), config}, m_port,
                           error);
}

bool TestPki::create(QString *error)
{
    const QString d = m_dir.path();
    QDir().mkpath(clientDir());
    QDir().mkpath(otherCaDir());
    const QString openssl = QStringLiteral("openssl");
    QFile ext(d + QStringLiteral("/server.ext"));
    if (!ext.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write server.ext");
        return false;
    }
    ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    ext.close();
    QFile cext(d + QStringLiteral("/client.ext"));
    if (!cext.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write client.ext");
        return false;
    }
    cext.write("extendedKeyUsage=clientAuth\n");
    cext.close();
    const QList<QStringList> steps = {
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
         QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"),
         QStringLiteral("-subj"), QStringLiteral("/CN=FuzzForge test CA"), QStringLiteral("-keyout"),
         d + QStringLiteral("/ca-key.pem"), QStringLiteral("-out"), caCert()},
        {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
         QStringLiteral("-nodes"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
         QStringLiteral("-keyout"), serverKey(), QStringLiteral("-out"), d + QStringLiteral("/server.csr")},
        {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
         d + QStringLiteral("/server.csr"), QStringLiteral("-CA"), caCert(), QStringLiteral("-CAkey"),
         d + QStringLiteral("/ca-key.pem"), QStringLiteral("-CAcreateserial"), QStringLiteral("-days"),
         QStringLiteral("2"), QStringLiteral("-extfile"), d + QStringLiteral("/server.ext"),
         QStringLiteral("-out"), serverCert()},
        {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
         QStringLiteral("-nodes"), QStringLiteral("-subj"), QStringLiteral("/CN=fuzzforge-client"),
         QStringLiteral("-keyout"), clientDir() + QStringLiteral("/key.pem"), QStringLiteral("-out"),
         d + QStringLiteral("/client.csr")},
        {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
         d + QStringLiteral("/client.csr"), QStringLiteral("-CA"), caCert(), QStringLiteral("-CAkey"),
         d + QStringLiteral("/ca-key.pem"), QStringLiteral("-CAcreateserial"), QStringLiteral("-days"),
         QStringLiteral("2"), QStringLiteral("-extfile"), d + QStringLiteral("/client.ext"),
         QStringLiteral("-out"), clientDir() + QStringLiteral("/cert.pem")},
        // A second, unrelated CA: a client trusting only it must refuse our server.
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
         QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"),
         QStringLiteral("-subj"), QStringLiteral("/CN=Other CA"), QStringLiteral("-keyout"),
         otherCaDir() + QStringLiteral("/ca-key.pem"), QStringLiteral("-out"),
         otherCaDir() + QStringLiteral("/ca.pem")},
    };
    for (const QStringList &args : steps) {
        QByteArray err;
        if (runCommand(openssl, args, nullptr, &err) != 0) {
            *error = QStringLiteral("openssl %1 failed: %2")
                         .arg(args.join(QLatin1Char(' ')), QString::fromUtf8(err));
            return false;
        }
    }
    QFile::copy(caCert(), clientDir() + QStringLiteral("/ca.pem"));
    // The "other" folder holds the client's own cert and key, but trusts the wrong CA.
    QFile::copy(clientDir() + QStringLiteral("/cert.pem"), otherCaDir() + QStringLiteral("/cert.pem"));
    QFile::copy(clientDir() + QStringLiteral("/key.pem"), otherCaDir() + QStringLiteral("/key.pem"));
    return true;
}

} // namespace ff::test

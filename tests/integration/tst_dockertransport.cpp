// How the client reaches the engine: tcp:// and tcp:// with TLS through real proxies in front
// of the engine, a local registry for push and pull, and the errors a user meets first (no
// engine, no permission), seen through fuzzforge-cli doctor.
#include "docker/dockerclient.h"
#include "enginefixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>

using namespace ff::docker;
using ff::test::wait;

class TestDockerTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void plainTcp();
    void tlsWithClientCertificate();
    void tlsRefusesUnknownServer();
    void tlsServerRefusesClientWithoutCertificate();
    void pushAndPullThroughLocalRegistry();
    void pullUnknownImageIsNotFound();
    void doctorReportsEngine();
    void doctorWithoutEngine();
    void doctorWithoutPermission();

private:
    Endpoint tcpEndpoint(quint16 port, bool tls, const QString &certDir) const;
    // socat terminating TLS (client certificates required) in front of the engine's socket.
    bool startTlsProxy(ff::test::BackgroundProcess &proxy, const ff::test::TestPki &pki, quint16 port,
                       QString *error) const;
    QString m_socket;
    // One CA, server and client certificates, and one TLS proxy for every TLS test.
    ff::test::TestPki m_pki;
    ff::test::BackgroundProcess m_tlsProxy;
    quint16 m_tlsPort = 0;
};

void TestDockerTransport::initTestCase()
{
    m_socket = Endpoint::fromEnvironment().value().socketPath;
    DockerClient client(Endpoint::fromEnvironment().value());
    const auto ping = wait(client.ping());
    QVERIFY2(ping.ok(), qPrintable(ping.error().toString()));
    QString error;
    QVERIFY2(m_pki.create(&error), qPrintable(error));
    m_tlsPort = ff::test::freePort();
    QVERIFY2(startTlsProxy(m_tlsProxy, m_pki, m_tlsPort, &error), qPrintable(error));
}

Endpoint TestDockerTransport::tcpEndpoint(quint16 port, bool tls, const QString &certDir) const
{
    auto ep = Endpoint::parse(QStringLiteral("tcp://127.0.0.1:%1").arg(port), tls, tls, certDir);
    return ep.value();
}

bool TestDockerTransport::startTlsProxy(ff::test::BackgroundProcess &proxy, const ff::test::TestPki &pki,
                                        quint16 port, QString *error) const
{
    return proxy.start(
        QStringLiteral("socat"),
        {QStringLiteral("OPENSSL-LISTEN:%1,bind=127.0.0.1,reuseaddr,fork,cert=%2,key=%3,cafile=%4,verify=1")
             .arg(port)
             .arg(pki.serverCert(), pki.serverKey(), pki.caCert()),
         QStringLiteral("UNIX-CONNECT:") + m_socket},
        port, error);
}

void TestDockerTransport::plainTcp()
{
    const quint16 port = ff::test::freePort();
    ff::test::BackgroundProcess proxy;
    QString error;
    QVERIFY2(proxy.start(QStringLiteral("socat"),
                         {QStringLiteral("TCP-LISTEN:%1,bind=127.0.0.1,reuseaddr,fork").arg(port),
                          QStringLiteral("UNIX-CONNECT:") + m_socket},
                         port, &error),
             qPrintable(error));
    DockerClient client(tcpEndpoint(port, false, {}));
    const auto version = wait(client.version());
    QVERIFY2(version.ok(), qPrintable(version.error().toString()));
    QVERIFY(!version->version.isEmpty());
    // A streamed call over TCP too.
    const auto images = wait(client.listImages());
    QVERIFY(images.ok());
    QVERIFY(!images->isEmpty());
}

void TestDockerTransport::tlsWithClientCertificate()
{
    const ff::test::TestPki &pki = m_pki;
    const quint16 port = m_tlsPort;

    // As the docker CLI reads it: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH.
    QProcessEnvironment env;
    env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("tcp://127.0.0.1:%1").arg(port));
    env.insert(QStringLiteral("DOCKER_TLS_VERIFY"), QStringLiteral("1"));
    env.insert(QStringLiteral("DOCKER_CERT_PATH"), pki.clientDir());
    const auto ep = Endpoint::fromEnvironment(env);
    QVERIFY(ep.ok());
    QVERIFY(ep->tls && ep->tlsVerify);
    DockerClient client(ep.value());
    const auto version = wait(client.version());
    QVERIFY2(version.ok(), qPrintable(version.error().toString()));
    const auto info = wait(client.info());
    QVERIFY2(info.ok(), qPrintable(info.error().toString()));
}

void TestDockerTransport::tlsRefusesUnknownServer()
{
    const ff::test::TestPki &pki = m_pki;
    const quint16 port = m_tlsPort;
    // The client trusts another CA only: it must not talk to this server.
    DockerClient client(tcpEndpoint(port, true, pki.otherCaDir()));
    const auto version = wait(client.version(), 20000);
    QVERIFY(!version.ok());
    QCOMPARE(version.error().kind, Error::Kind::Tls);
    QVERIFY2(version.error().message.contains(QLatin1String("TLS")), qPrintable(version.error().message));
}

void TestDockerTransport::tlsServerRefusesClientWithoutCertificate()
{
    const ff::test::TestPki &pki = m_pki;
    const quint16 port = m_tlsPort;
    // Only the CA: no client certificate to show.
    QTemporaryDir caOnly;
    QVERIFY(QFile::copy(pki.caCert(), caOnly.filePath(QStringLiteral("ca.pem"))));
    DockerClient client(tcpEndpoint(port, true, caOnly.path()));
    const auto version = wait(client.version(), 20000);
    QVERIFY(!version.ok());
    QVERIFY2(version.error().kind == Error::Kind::Tls || version.error().kind == Error::Kind::Protocol ||
                 version.error().kind == Error::Kind::Io,
             qPrintable(version.error().toString()));
}

void TestDockerTransport::pushAndPullThroughLocalRegistry()
{
    ff::test::LocalRegistry registry;
    QString error;
    QVERIFY2(registry.start(&error), qPrintable(error));
    DockerClient client(Endpoint::fromEnvironment().value());

    const QString repo = registry.host() + QStringLiteral("/fuzzforge-test/base");
    const QString tag = ff::test::uniqueName(QStringLiteral("t"));
    const QString ref = repo + QLatin1Char(':') + tag;
    QVERIFY(wait(client.tagImage(QStringLiteral("debian:bookworm-slim"), repo, tag)).ok());

    ImageJob *push = client.pushImage(ref);
    QList<ProgressEvent> pushEvents;
    connect(push, &ImageJob::progress, this, [&pushEvents](const ProgressEvent &e) { pushEvents << e; });
    QSignalSpy pushed(push, &ImageJob::done);
    QVERIFY(pushed.wait(300000));
    const auto pushResult = pushed.first().first().value<ImageJobResult>();
    QVERIFY2(!pushResult.error.isError(), qPrintable(pushResult.error.toString()));
    QVERIFY2(pushResult.digest.startsWith(QLatin1String("sha256:")), qPrintable(pushResult.digest));
    QVERIFY(!pushEvents.isEmpty());

    // The registry itself names the same manifest digest.
    QNetworkAccessManager nam;
    QNetworkRequest head(
        QUrl(QStringLiteral("http://%1/v2/fuzzforge-test/base/manifests/%2").arg(registry.host(), tag)));
    head.setRawHeader("Accept", "application/vnd.docker.distribution.manifest.v2+json");
    QNetworkReply *reply = nam.head(head);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(QString::fromLatin1(reply->rawHeader("Docker-Content-Digest")), pushResult.digest);
    reply->deleteLater();

    // Pull it back after removing the local tag: same digest.
    QVERIFY(wait(client.removeImage(ref)).ok());
    QCOMPARE(wait(client.inspectImage(ref)).error().kind, Error::Kind::NotFound);
    ImageJob *pull = client.pullImage(ref);
    QSignalSpy pulled(pull, &ImageJob::done);
    QVERIFY(pulled.wait(300000));
    const auto pullResult = pulled.first().first().value<ImageJobResult>();
    QVERIFY2(!pullResult.error.isError(), qPrintable(pullResult.error.toString()));
    QCOMPARE(pullResult.digest, pushResult.digest);
    const auto image = wait(client.inspectImage(ref));
    QVERIFY(image.ok());
    QVERIFY2(image->repoDigests.contains(repo + QLatin1Char('@') + pushResult.digest),
             qPrintable(image->repoDigests.join(QLatin1Char(' '))));
    QVERIFY(wait(client.removeImage(ref)).ok());
}

void TestDockerTransport::pullUnknownImageIsNotFound()
{
    ff::test::LocalRegistry registry;
    QString error;
    QVERIFY2(registry.start(&error), qPrintable(error));
    DockerClient client(Endpoint::fromEnvironment().value());
    ImageJob *pull = client.pullImage(registry.host() + QStringLiteral("/fuzzforge-test/never-pushed:1"));
    QSignalSpy pulled(pull, &ImageJob::done);
    QVERIFY(pulled.wait(60000));
    const auto result = pulled.first().first().value<ImageJobResult>();
    QCOMPARE(result.error.kind, Error::Kind::NotFound);
    QVERIFY2(result.error.message.contains(QLatin1String("never-pushed")),
             qPrintable(result.error.toString()));
}

void TestDockerTransport::doctorReportsEngine()
{
    QByteArray out;
    QCOMPARE(ff::test::runCommand(QStringLiteral(FUZZFORGE_CLI), {QStringLiteral("doctor")}, &out), 0);
    const QString text = QString::fromUtf8(out);
    QVERIFY2(text.contains(QLatin1String("reachable, Docker ")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("storage driver")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("debian:bookworm-slim present")), qPrintable(text));

    QCOMPARE(ff::test::runCommand(QStringLiteral(FUZZFORGE_CLI),
                                  {QStringLiteral("doctor"), QStringLiteral("--json")}, &out),
             0);
    const QJsonObject o = QJsonDocument::fromJson(out).object();
    QVERIFY(o.value(QLatin1String("healthy")).toBool());
    QVERIFY(!o.value(QLatin1String("apiVersion")).toString().isEmpty());
    QVERIFY(!o.value(QLatin1String("cgroupVersion")).toString().isEmpty());
}

void TestDockerTransport::doctorWithoutEngine()
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix:///nonexistent/docker.sock"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(FUZZFORGE_CLI), {QStringLiteral("doctor")});
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitCode(), 3);
    const QString text = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(text.contains(QLatin1String("unreachable")) &&
                 text.contains(QLatin1String("/nonexistent/docker.sock")),
             qPrintable(text));
}

void TestDockerTransport::doctorWithoutPermission()
{
    // An unprivileged user who is not in the docker group: the engine's socket refuses us and
    // the message says how to fix it. The binary is copied where that user may run it.
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                  QFileDevice::ExeOther | QFileDevice::ReadGroup |
                                                  QFileDevice::ExeGroup));
    const QString cli = dir.filePath(QStringLiteral("fuzzforge-cli"));
    QVERIFY(QFile::copy(QStringLiteral(FUZZFORGE_CLI), cli));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), dir.path());
    env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix://") + m_socket);
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(dir.path());
    p.start(QStringLiteral("setpriv"), {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                        QStringLiteral("--clear-groups"), cli, QStringLiteral("doctor")});
    QVERIFY(p.waitForFinished(20000));
    const QString text = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    QCOMPARE(p.exitCode(), 3);
    QVERIFY2(text.contains(QLatin1String("permission denied")) &&
                 text.contains(QLatin1String("docker' group")),
             qPrintable(text));
}

QTEST_GUILESS_MAIN(TestDockerTransport)
#include "tst_dockertransport.moc"

#include "docker/endpoint.h"

#include <QDir>
#include <QTest>

using ff::docker::Endpoint;
using ff::docker::Error;

class TestEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void parseRefuses_data();
    void parseRefuses();
    void tlsFlags();
    void fromEnvironment_data();
    void fromEnvironment();
    void toString();
};

void TestEndpoint::parse_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("isUnix");
    QTest::addColumn<QString>("socketPath");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("tls");

    const QString defaultSocket = QString::fromLatin1(Endpoint::kDefaultSocket);
    QTest::addRow("empty: default socket") << QString() << true << defaultSocket << QString() << 0 << false;
    QTest::addRow("blank: default socket")
        << QStringLiteral("  ") << true << defaultSocket << QString() << 0 << false;
    QTest::addRow("unix url") << QStringLiteral("unix:///run/user/1000/docker.sock") << true
                              << QStringLiteral("/run/user/1000/docker.sock") << QString() << 0 << false;
    QTest::addRow("bare path") << QStringLiteral("/x/docker.sock") << true << QStringLiteral("/x/docker.sock")
                               << QString() << 0 << false;
    QTest::addRow("tcp with port") << QStringLiteral("tcp://h:1") << false << defaultSocket
                                   << QStringLiteral("h") << 1 << false;
    QTest::addRow("host:port") << QStringLiteral("h:1") << false << defaultSocket << QStringLiteral("h") << 1
                               << false;
    QTest::addRow("tcp without port") << QStringLiteral("tcp://docker.example") << false << defaultSocket
                                      << QStringLiteral("docker.example") << 2375 << false;
    QTest::addRow("https: tls port") << QStringLiteral("https://h") << false << defaultSocket
                                     << QStringLiteral("h") << 2376 << true;
    QTest::addRow("https with port") << QStringLiteral("https://h:443") << false << defaultSocket
                                     << QStringLiteral("h") << 443 << true;
    QTest::addRow("http") << QStringLiteral("http://h") << false << defaultSocket << QStringLiteral("h")
                          << 2375 << false;
    QTest::addRow("ip address") << QStringLiteral("tcp://192.168.1.5:2376") << false << defaultSocket
                                << QStringLiteral("192.168.1.5") << 2376 << false;
    QTest::addRow("ipv6") << QStringLiteral("tcp://[::1]:2375") << false << defaultSocket
                          << QStringLiteral("::1") << 2375 << false;
    QTest::addRow("surrounding blanks")
        << QStringLiteral(" tcp://h:1\n") << false << defaultSocket << QStringLiteral("h") << 1 << false;
    QTest::addRow("highest port") << QStringLiteral("tcp://h:65535") << false << defaultSocket
                                  << QStringLiteral("h") << 65535 << false;
}

void TestEndpoint::parse()
{
    QFETCH(QString, url);
    QFETCH(bool, isUnix);
    QFETCH(QString, socketPath);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(bool, tls);

    const auto ep = Endpoint::parse(url);
    QVERIFY2(ep.ok(), qPrintable(ep.error().toString()));
    QCOMPARE(ep->scheme == Endpoint::Scheme::Unix, isUnix);
    if (isUnix)
        QCOMPARE(ep->socketPath, socketPath);
    QCOMPARE(ep->host, host);
    QCOMPARE(int(ep->port), port);
    QCOMPARE(ep->tls, tls);
    QVERIFY(!ep->tlsVerify);
}

void TestEndpoint::parseRefuses_data()
{
    QTest::addColumn<QString>("url");

    QTest::addRow("relative unix path") << QStringLiteral("unix://docker.sock");
    QTest::addRow("relative unix dir") << QStringLiteral("unix://run/docker.sock");
    QTest::addRow("unix without path") << QStringLiteral("unix://");
    QTest::addRow("tcp without host") << QStringLiteral("tcp://");
    QTest::addRow("tcp port only") << QStringLiteral("tcp://:2375");
    QTest::addRow("port not a number") << QStringLiteral("tcp://h:port");
    QTest::addRow("port too large") << QStringLiteral("tcp://h:65536");
    QTest::addRow("port zero") << QStringLiteral("tcp://h:0");
    QTest::addRow("ssh") << QStringLiteral("ssh://user@h");
    QTest::addRow("npipe") << QStringLiteral("npipe:////./pipe/docker_engine");
    QTest::addRow("ftp") << QStringLiteral("ftp://h:21");
    QTest::addRow("spaces in host") << QStringLiteral("tcp://a b:1");
}

void TestEndpoint::parseRefuses()
{
    QFETCH(QString, url);
    const auto ep = Endpoint::parse(url);
    QVERIFY(!ep.ok());
    QCOMPARE(ep.error().kind, Error::Kind::InvalidArgument);
    // The message names what was given, so a person can find the bad setting.
    QVERIFY2(ep.error().message.contains(url.trimmed()), qPrintable(ep.error().message));
}

void TestEndpoint::tlsFlags()
{
    const auto verify = Endpoint::parse(QStringLiteral("tcp://h"), false, true, QStringLiteral("/certs"));
    QVERIFY(verify.ok());
    QVERIFY(verify->tls);
    QVERIFY(verify->tlsVerify);
    QCOMPARE(int(verify->port), 2376);
    QCOMPARE(verify->certPath, QStringLiteral("/certs"));

    const auto tlsOnly = Endpoint::parse(QStringLiteral("tcp://h"), true);
    QVERIFY(tlsOnly.ok());
    QVERIFY(tlsOnly->tls);
    QVERIFY(!tlsOnly->tlsVerify);
    QCOMPARE(int(tlsOnly->port), 2376);
}

void TestEndpoint::fromEnvironment_data()
{
    QTest::addColumn<QStringList>("variables"); // NAME=value
    QTest::addColumn<bool>("isUnix");
    QTest::addColumn<QString>("target"); // socket path or host:port
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("tlsVerify");
    QTest::addColumn<QString>("certPath");

    const QString homeCerts = QDir::homePath() + QStringLiteral("/.docker");
    QTest::addRow("nothing set") << QStringList{} << true << QStringLiteral("/var/run/docker.sock") << false
                                 << false << QString();
    QTest::addRow("DOCKER_HOST empty")
        << QStringList{QStringLiteral("DOCKER_HOST=")} << true << QStringLiteral("/var/run/docker.sock")
        << false << false << QString();
    QTest::addRow("rootless socket") << QStringList{QStringLiteral(
                                            "DOCKER_HOST=unix:///run/user/1000/docker.sock")}
                                     << true << QStringLiteral("/run/user/1000/docker.sock") << false << false
                                     << QString();
    QTest::addRow("tcp") << QStringList{QStringLiteral("DOCKER_HOST=tcp://10.0.0.2:2375")} << false
                         << QStringLiteral("10.0.0.2:2375") << false << false << QString();
    QTest::addRow("tls verify") << QStringList{QStringLiteral("DOCKER_HOST=tcp://h"),
                                               QStringLiteral("DOCKER_TLS_VERIFY=1"),
                                               QStringLiteral("DOCKER_CERT_PATH=/etc/docker/certs")}
                                << false << QStringLiteral("h:2376") << true << true
                                << QStringLiteral("/etc/docker/certs");
    // As in the docker CLI, any non-empty DOCKER_TLS_VERIFY turns verification on.
    QTest::addRow("tls verify 0") << QStringList{QStringLiteral("DOCKER_HOST=tcp://h:1"),
                                                 QStringLiteral("DOCKER_TLS_VERIFY=0")}
                                  << false << QStringLiteral("h:1") << true << true << homeCerts;
    QTest::addRow("tls without verify")
        << QStringList{QStringLiteral("DOCKER_HOST=tcp://h"), QStringLiteral("DOCKER_TLS=1")} << false
        << QStringLiteral("h:2376") << true << false << homeCerts;
    QTest::addRow("cert path without tls")
        << QStringList{QStringLiteral("DOCKER_HOST=tcp://h:1"), QStringLiteral("DOCKER_CERT_PATH=/c")}
        << false << QStringLiteral("h:1") << false << false << QStringLiteral("/c");
}

void TestEndpoint::fromEnvironment()
{
    QFETCH(QStringList, variables);
    QFETCH(bool, isUnix);
    QFETCH(QString, target);
    QFETCH(bool, tls);
    QFETCH(bool, tlsVerify);
    QFETCH(QString, certPath);

    // A fresh environment, not the process's: the machine's DOCKER_HOST must not leak in.
    QProcessEnvironment env;
    for (const QString &v : std::as_const(variables))
        env.insert(v.section(QLatin1Char('='), 0, 0), v.section(QLatin1Char('='), 1));

    const auto ep = Endpoint::fromEnvironment(env);
    QVERIFY2(ep.ok(), qPrintable(ep.error().toString()));
    QCOMPARE(ep->scheme == Endpoint::Scheme::Unix, isUnix);
    if (isUnix)
        QCOMPARE(ep->socketPath, target);
    else
        QCOMPARE(ep->host + QLatin1Char(':') + QString::number(ep->port), target);
    QCOMPARE(ep->tls, tls);
    QCOMPARE(ep->tlsVerify, tlsVerify);
    QCOMPARE(ep->certPath, certPath);
}

void TestEndpoint::toString()
{
    QCOMPARE(Endpoint::parse(QString())->toString(), QStringLiteral("unix:///var/run/docker.sock"));
    QCOMPARE(Endpoint::parse(QStringLiteral("h:1"))->toString(), QStringLiteral("tcp://h:1"));
    QCOMPARE(Endpoint::parse(QStringLiteral("https://h"))->toString(), QStringLiteral("tcp://h:2376 (TLS)"));
}

QTEST_GUILESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"

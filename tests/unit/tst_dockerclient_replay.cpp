// Drives the real DockerClient against a fake engine on a unix socket that replays recorded
// (or hand-written) HTTP byte streams: the way to test what a real engine cannot be made to do
// on demand (old API versions, cut connections, garbage, silence).

#include "docker/dockerclient.h"
#include "testutil.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <vector>

using namespace ff::docker;
using namespace std::chrono_literals;

namespace {

// What the fake engine does once it has read a request: write the pieces (each after its
// delay), then close the connection or leave it open (a live stream, or an engine that hangs).
struct Script
{
    struct Piece
    {
        QByteArray bytes;
        int delayMs = 0;
    };
    QList<Piece> pieces;
    bool close = true;
};

Script answer(const QByteArray &bytes, bool close = true)
{
    return Script{{{bytes, 0}}, close};
}

Script answerInPieces(const QByteArray &bytes, qsizetype size, int delayMs)
{
    Script s;
    for (qsizetype i = 0; i < bytes.size(); i += size)
        s.pieces.append({bytes.mid(i, size), delayMs});
    return s;
}

Script hang()
{
    return Script{{}, false};
}

Script answerAfter(int delayMs, const QByteArray &bytes)
{
    return Script{{{bytes, delayMs}}, true};
}

QByteArray httpResponse(int status, QByteArrayView reason, const QByteArray &body)
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason.toByteArray() +
           "\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nServer: Docker/20.10.24+dfsg1 "
           "(linux)\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray jsonResponse(const QJsonObject &o)
{
    return httpResponse(200, "OK", QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
}

QByteArray chunkedHead()
{
    return "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nTransfer-Encoding: "
           "chunked\r\n\r\n";
}

QByteArray chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

// The recorded ping with another API-Version header, or none when version is empty.
QByteArray pingAnswer(const QByteArray &version)
{
    QByteArray bytes = ff::test::readFixture(QStringLiteral("ping.http"));
    const QByteArray recorded = "Api-Version: 1.41\r\n";
    if (!bytes.contains(recorded))
        qFatal("ping.http no longer carries %s", recorded.constData());
    return bytes.replace(recorded, version.isEmpty() ? QByteArray() : "Api-Version: " + version + "\r\n");
}

QByteArray bodyOf(const QByteArray &response)
{
    return response.mid(response.indexOf("\r\n\r\n") + 4);
}

struct Request
{
    int connection = -1;
    QByteArray method;
    QByteArray target;
    HttpHeaders headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    // The path without API prefix and query: what scripts are looked up by.
    QByteArray route() const
    {
        static const QRegularExpression prefix(QStringLiteral("^/v\\d+\\.\\d+(?=/)"));
        const qsizetype q = target.indexOf('?');
        QString path = QString::fromLatin1(q < 0 ? target : target.left(q));
        return path.remove(prefix).toLatin1();
    }
    QUrlQuery query() const
    {
        const qsizetype q = target.indexOf('?');
        return QUrlQuery(q < 0 ? QString() : QString::fromLatin1(target.mid(q + 1)));
    }
};

// A fake engine: one request per connection, recorded, then answered by the script of its
// route. Unknown routes get a 404 naming the route, so a wrong request shows in the failure.
class ReplayServer : public QObject
{
public:
    explicit ReplayServer(QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&m_server, &QLocalServer::newConnection, this, &ReplayServer::onNewConnection);
    }

    // The sockets belong to m_server, which outlives the Connection records their signals write to.
    ~ReplayServer() override
    {
        for (const auto &c : m_connections)
            delete c->socket;
    }

    bool listen(const QString &path) { return m_server.listen(path); }
    void on(const QByteArray &route, Script script) { m_scripts.insert(route, std::move(script)); }

    const QList<Request> &requests() const { return m_requests; }
    QByteArrayList targets() const
    {
        QByteArrayList out;
        for (const auto &r : m_requests)
            out << r.target;
        return out;
    }
    qsizetype count(const QByteArray &route) const
    {
        return std::count_if(m_requests.cbegin(), m_requests.cend(),
                             [&route](const Request &r) { return r.route() == route; });
    }
    // Whether the connection has ended; with a script that keeps it open, the client closed it.
    bool isClosed(int connection) const { return m_connections.at(connection)->closed; }

private:
    struct Connection
    {
        int id = 0;
        QPointer<QLocalSocket> socket;
        QByteArray buffer;
        bool answered = false;
        bool closed = false;
    };

    void onNewConnection()
    {
        while (QLocalSocket *socket = m_server.nextPendingConnection()) {
            auto connection = std::make_unique<Connection>();
            Connection *c = connection.get();
            c->id = static_cast<int>(m_connections.size());
            c->socket = socket;
            m_connections.push_back(std::move(connection));
            connect(socket, &QLocalSocket::readyRead, this, [this, c] { onReadyRead(c); });
            connect(socket, &QLocalSocket::disconnected, this, [c] { c->closed = true; });
        }
    }

    void onReadyRead(Connection *c)
    {
        c->buffer += c->socket->readAll();
        if (c->answered)
            return;
        const qsizetype headEnd = c->buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        Request r;
        r.connection = c->id;
        const QByteArrayList lines = c->buffer.left(headEnd).split('\n');
        const QByteArrayList requestLine = lines.first().trimmed().split(' ');
        r.method = requestLine.value(0);
        r.target = requestLine.value(1);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            r.headers.append({lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
            if (r.headers.last().first.compare("Content-Length", Qt::CaseInsensitive) == 0)
                length = r.headers.last().second.toLongLong();
        }
        if (c->buffer.size() < headEnd + 4 + length)
            return;
        r.body = c->buffer.mid(headEnd + 4, length);
        c->answered = true;
        const Script script = m_scripts.value(
            r.route(),
            answer(httpResponse(404, "Not Found",
                                R"({"message":"replay server: no script for )" + r.route() + "\"}")));
        m_requests.append(r);
        play(c->socket, std::make_shared<const Script>(script), 0);
    }

    void play(QPointer<QLocalSocket> socket, std::shared_ptr<const Script> script, qsizetype index)
    {
        if (!socket || socket->state() != QLocalSocket::ConnectedState)
            return;
        if (index == script->pieces.size()) {
            if (script->close)
                socket->disconnectFromServer();
            return;
        }
        auto send = [this, socket, script, index] {
            if (!socket || socket->state() != QLocalSocket::ConnectedState)
                return;
            socket->write(script->pieces.at(index).bytes);
            socket->flush();
            play(socket, script, index + 1);
        };
        const int delay = script->pieces.at(index).delayMs;
        if (delay > 0)
            QTimer::singleShot(delay, socket.data(), send);
        else
            send();
    }

    QLocalServer m_server;
    QMap<QByteArray, Script> m_scripts;
    QList<Request> m_requests;
    std::vector<std::unique_ptr<Connection>> m_connections;
};

QStringList describe(const QList<QList<QVariant>> &lineSignals)
{
    QStringList out;
    for (const auto &args : lineSignals) {
        const auto l = args.at(0).value<LogLine>();
        out << (l.stream == StreamKind::Stderr ? QStringLiteral("stderr: ") : QStringLiteral("stdout: ")) +
                   l.text;
    }
    return out;
}

QString kindName(Error::Kind kind)
{
    Error e;
    e.kind = kind;
    return e.kindName();
}

Error errorOf(const QSignalSpy &finished)
{
    return finished.at(0).at(0).value<Error>();
}

} // namespace

Q_DECLARE_METATYPE(Script)
Q_DECLARE_METATYPE(ff::docker::Error::Kind)

// The kind, and a message that says what went wrong (checked by a telling fragment); the
// whole error is printed when either is off.
#define VERIFY_ERROR(error, expectedKind, fragment)                                                          \
    do {                                                                                                     \
        const ff::docker::Error actual_ = (error);                                                           \
        QVERIFY2(                                                                                            \
            actual_.kind == (expectedKind),                                                                  \
            qPrintable(                                                                                      \
                QStringLiteral("expected %1, got %2").arg(kindName(expectedKind), actual_.toString())));     \
        QVERIFY2(actual_.message.contains(fragment, Qt::CaseInsensitive),                                    \
                 qPrintable(QStringLiteral("message lacks \"%1\": %2").arg(fragment, actual_.message)));     \
    } while (false)

class TestDockerClientReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void negotiatedPrefix_data();
    void negotiatedPrefix();
    void engineTooOldFailsEveryQueuedCall();
    void pingWithoutApiVersion();
    void concurrentCallsShareOnePing();

    void httpStatus_data();
    void httpStatus();
    void brokenResponse_data();
    void brokenResponse();
    void timeout_data();
    void timeout();
    void cancelClosesConnection();
    void cancelDuringNegotiation();
    void unreachableSocket_data();
    void unreachableSocket();

    void logsFramed_data();
    void logsFramed();
    void logsTty();
    void logsAsksForTtyFirst_data();
    void logsAsksForTtyFirst();
    void logsOfMissingContainer_data();
    void logsOfMissingContainer();
    void logsEndingMidFrame_data();
    void logsEndingMidFrame();

    void eventsReplay();
    void eventsCutByEngine();
    void eventsFilterQuery();

    void buildProgress();
    void buildErrorInsideOkResponse();

    void statsOnce_data();
    void statsOnce();

    void streamCancel_data();
    void streamCancel();

private:
    QString socketPath() const { return m_dir->filePath(QStringLiteral("engine.sock")); }
    DockerClient &client() { return *m_client; }
    ReplayServer &server() { return *m_server; }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ReplayServer> m_server;
    std::unique_ptr<DockerClient> m_client;
};

void TestDockerClientReplay::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<ReplayServer>();
    QVERIFY(m_server->listen(socketPath()));
    Endpoint endpoint;
    endpoint.socketPath = socketPath();
    m_client = std::make_unique<DockerClient>(endpoint);
    // Most cases want a plain 1.41 engine; those about negotiation override it.
    m_server->on("/_ping", answer(ff::test::readFixture(QStringLiteral("ping.http"))));
}

void TestDockerClientReplay::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_dir.reset();
}

// ---- negotiation ----

void TestDockerClientReplay::negotiatedPrefix_data()
{
    QTest::addColumn<QByteArray>("ping");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("used");

    QTest::addRow("recorded 1.41") << ff::test::readFixture(QStringLiteral("ping.http"))
                                   << QByteArray("/v1.41/version") << QStringLiteral("1.41");
    QTest::addRow("1.43") << pingAnswer("1.43") << QByteArray("/v1.43/version") << QStringLiteral("1.43");
    QTest::addRow("1.45, the newest we know")
        << pingAnswer("1.45") << QByteArray("/v1.45/version") << QStringLiteral("1.45");
    // A newer engine still serves older API versions: we ask for the newest we understand.
    QTest::addRow("1.50 capped") << pingAnswer("1.50") << QByteArray("/v1.45/version")
                                 << QStringLiteral("1.45");
}

void TestDockerClientReplay::negotiatedPrefix()
{
    QFETCH(QByteArray, ping);
    QFETCH(QByteArray, target);
    QFETCH(QString, used);
    server().on("/_ping", answer(ping));
    server().on("/version", answer(ff::test::readFixture(QStringLiteral("version.http"))));

    const auto result = ff::test::wait(client().version(), 5000);
    QVERIFY2(result.ok(), qPrintable(result.error().toString()));
    QCOMPARE(result->version, QStringLiteral("20.10.24+dfsg1"));
    QCOMPARE(server().targets(), (QByteArrayList{"/_ping", target}));
    QCOMPARE(server().requests().at(1).method, QByteArray("GET"));
    QCOMPARE(client().apiVersion(), used);
}

void TestDockerClientReplay::engineTooOldFailsEveryQueuedCall()
{
    server().on("/_ping", answer(pingAnswer("1.40")));

    // Issued together: all wait for the one negotiation and all learn why it failed.
    auto version = client().version();
    auto info = client().info();
    auto start = client().startContainer(QStringLiteral("x"));
    const auto versionResult = ff::test::wait(version, 5000);
    const auto infoResult = ff::test::wait(info, 5000);
    const auto startResult = ff::test::wait(start, 5000);

    for (const Error &e : {versionResult.error(), infoResult.error(), startResult.error()}) {
        VERIFY_ERROR(e, Error::Kind::EngineTooOld, QStringLiteral("1.40"));
        VERIFY_ERROR(e, Error::Kind::EngineTooOld, QStringLiteral("1.41 or newer"));
    }
    // Nothing but the ping reached the engine.
    QCOMPARE(server().targets(), QByteArrayList{"/_ping"});
    QCOMPARE(client().engineApiVersion(), QStringLiteral("1.40"));
    QVERIFY(client().apiVersion().isEmpty());
}

void TestDockerClientReplay::pingWithoutApiVersion()
{
    server().on("/_ping", answer(pingAnswer({})));
    const auto result = ff::test::wait(client().version(), 5000);
    VERIFY_ERROR(result.error(), Error::Kind::Protocol, QStringLiteral("API version"));
    QCOMPARE(server().count("/version"), 0);
}

void TestDockerClientReplay::concurrentCallsShareOnePing()
{
    // A slow ping keeps the negotiation open while every call below queues up behind it.
    server().on("/_ping", answerAfter(150, ff::test::readFixture(QStringLiteral("ping.http"))));
    server().on("/version", answer(ff::test::readFixture(QStringLiteral("version.http"))));
    server().on("/containers/a/start", answer(httpResponse(204, "No Content", {})));

    QList<QFuture<Result<VersionInfo>>> versions;
    for (int i = 0; i < 4; ++i)
        versions << client().version();
    auto start = client().startContainer(QStringLiteral("a"));
    for (const auto &f : std::as_const(versions)) {
        const auto r = ff::test::wait(f, 5000);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    }
    const auto started = ff::test::wait(start, 5000);
    QVERIFY2(started.ok(), qPrintable(started.error().toString()));
    QCOMPARE(server().count("/_ping"), 1);
    QCOMPARE(server().count("/version"), 4);

    // Once known, the version is not asked again.
    QVERIFY(ff::test::wait(client().version(), 5000).ok());
    QCOMPARE(server().count("/_ping"), 1);
}

// ---- one-shot calls: statuses, broken answers, time ----

void TestDockerClientReplay::httpStatus_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<Error::Kind>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<bool>("transient");

    QTest::addRow("recorded 404") << ff::test::readFixture(QStringLiteral("error-404.http"))
                                  << Error::Kind::NotFound << 404
                                  << QStringLiteral("No such container: does-not-exist") << false;
    QTest::addRow("404") << httpResponse(404, "Not Found", R"({"message":"No such container: x"})")
                         << Error::Kind::NotFound << 404 << QStringLiteral("No such container: x") << false;
    QTest::addRow("409") << httpResponse(409, "Conflict",
                                         R"({"message":"cannot start container x: it is being removed"})")
                         << Error::Kind::Conflict << 409 << QStringLiteral("it is being removed") << false;
    QTest::addRow("500") << httpResponse(500, "Internal Server Error",
                                         R"({"message":"driver failed programming external connectivity"})")
                         << Error::Kind::EngineError << 500
                         << QStringLiteral("driver failed programming external connectivity") << true;
    QTest::addRow("500 without body")
        << httpResponse(500, "Internal Server Error", {}) << Error::Kind::EngineError << 500
        << QStringLiteral("HTTP 500 without a message") << true;
    QTest::addRow("400 plain text") << httpResponse(400, "Bad Request", "bad parameter\n")
                                    << Error::Kind::BadRequest << 400 << QStringLiteral("bad parameter")
                                    << false;
    // Already running: the engine says "not modified", which is success for a start.
    QTest::addRow("304 on start") << QByteArray("HTTP/1.1 304 Not Modified\r\nApi-Version: 1.41\r\nServer: "
                                                "Docker/20.10.24+dfsg1 (linux)\r\n\r\n")
                                  << Error::Kind::None << 0 << QString() << false;
    QTest::addRow("204 on start") << httpResponse(204, "No Content", {}) << Error::Kind::None << 0
                                  << QString() << false;
}

void TestDockerClientReplay::httpStatus()
{
    QFETCH(QByteArray, response);
    QFETCH(Error::Kind, kind);
    QFETCH(int, status);
    QFETCH(QString, fragment);
    QFETCH(bool, transient);
    server().on("/containers/x/start", answer(response));

    const auto result = ff::test::wait(client().startContainer(QStringLiteral("x")), 5000);
    QCOMPARE(server().targets().last(), QByteArray("/v1.41/containers/x/start"));
    QCOMPARE(server().requests().last().method, QByteArray("POST"));
    if (kind == Error::Kind::None) {
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        return;
    }
    VERIFY_ERROR(result.error(), kind, fragment);
    QCOMPARE(result.error().httpStatus, status);
    QCOMPARE(result.error().isTransient(), transient);
}

void TestDockerClientReplay::brokenResponse_data()
{
    QTest::addColumn<Script>("script");
    QTest::addColumn<QString>("fragment");

    const QByteArray version = ff::test::readFixture(QStringLiteral("version.http"));
    QTest::addRow("Content-Length longer than the body")
        << answer(version.chopped(100)) << QStringLiteral("closed before the response body was complete");
    QTest::addRow("chunked body cut inside a chunk")
        << answer(chunkedHead() + chunk(R"({"Version":)") + "40\r\n\"20.10")
        << QStringLiteral("closed before the response body was complete");
    QTest::addRow("chunked body without its last chunk") << answer(chunkedHead() + chunk(bodyOf(version)))
                                                         << QStringLiteral("closed before the response body");
    QTest::addRow("headers cut") << answer(version.left(40))
                                 << QStringLiteral("closed before a complete HTTP response");
    QTest::addRow("closed without a byte")
        << answer({}) << QStringLiteral("closed before a complete HTTP response");
    QTest::addRow("an SSH server") << answer("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", false)
                                   << QStringLiteral("malformed HTTP response");
    QTest::addRow("binary garbage") << answer(QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
                                              false)
                                    << QStringLiteral("malformed HTTP response");
    QTest::addRow("not JSON") << answer(httpResponse(200, "OK", "<html>proxy error</html>"))
                              << QStringLiteral("malformed /version answer");
}

void TestDockerClientReplay::brokenResponse()
{
    QFETCH(Script, script);
    QFETCH(QString, fragment);
    server().on("/version", script);

    const auto result = ff::test::wait(client().version(), 5000);
    VERIFY_ERROR(result.error(), Error::Kind::Protocol, fragment);
    // A cut or garbled answer may be a passing hiccup: callers may retry.
    QVERIFY(result.error().isTransient());
}

void TestDockerClientReplay::timeout_data()
{
    QTest::addColumn<bool>("pingAnswered");
    QTest::addRow("the call is never answered") << true;
    // The caller's deadline covers the wait for the negotiation too.
    QTest::addRow("not even the ping is answered") << false;
}

void TestDockerClientReplay::timeout()
{
    QFETCH(bool, pingAnswered);
    if (!pingAnswered)
        server().on("/_ping", hang());
    server().on("/version", hang());

    QElapsedTimer clock;
    clock.start();
    const auto result = ff::test::wait(client().version(CallOptions{300ms}), 15000);
    const qint64 elapsed = clock.elapsed();
    VERIFY_ERROR(result.error(), Error::Kind::Timeout, QStringLiteral("no answer from the engine"));
    VERIFY_ERROR(result.error(), Error::Kind::Timeout, QStringLiteral("within 300 ms"));
    VERIFY_ERROR(result.error(), Error::Kind::Timeout, socketPath());
    QVERIFY2(elapsed >= 250, qPrintable(QString::number(elapsed)));
    QVERIFY2(elapsed < 5000, qPrintable(QString::number(elapsed)));
}

void TestDockerClientReplay::cancelClosesConnection()
{
    server().on("/version", hang());
    auto future = client().version();
    QTRY_COMPARE_WITH_TIMEOUT(server().count("/version"), 1, 5000);
    const int connection = server().requests().last().connection;
    QVERIFY(!server().isClosed(connection));

    future.cancel();
    QVERIFY(future.isCanceled());
    QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 5000);
    // The request is really abandoned, not just forgotten: the engine sees the hang-up.
    QTRY_VERIFY_WITH_TIMEOUT(server().isClosed(connection), 5000);
}

void TestDockerClientReplay::cancelDuringNegotiation()
{
    server().on("/_ping", answerAfter(300, ff::test::readFixture(QStringLiteral("ping.http"))));
    server().on("/version", answer(ff::test::readFixture(QStringLiteral("version.http"))));
    auto future = client().version();
    QTRY_COMPARE_WITH_TIMEOUT(server().count("/_ping"), 1, 5000);
    future.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 5000);

    // The negotiation completes for later calls, but the canceled one is never sent.
    const auto later = ff::test::wait(client().ping(), 5000);
    QVERIFY2(later.ok(), qPrintable(later.error().toString()));
    QTRY_COMPARE_WITH_TIMEOUT(client().apiVersion(), QStringLiteral("1.41"), 5000);
    QTest::qWait(100);
    QCOMPARE(server().count("/version"), 0);
}

void TestDockerClientReplay::unreachableSocket_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<Error::Kind>("expected");
    QTest::addColumn<QString>("fragment");

    QTest::addRow("no such path") << QStringLiteral("missing") << Error::Kind::NoSocket
                                  << QStringLiteral("is dockerd running");
    QTest::addRow("regular file") << QStringLiteral("file") << Error::Kind::ConnectionRefused
                                  << QStringLiteral("connection refused");
    // QLocalServer::close() removes its socket file, so this is the missing case again.
    QTest::addRow("server closed") << QStringLiteral("closed") << Error::Kind::NoSocket
                                   << QStringLiteral("is dockerd running");
    // What a crashed dockerd leaves behind: a socket file nobody listens on.
    QTest::addRow("stale socket file")
        << QStringLiteral("stale") << Error::Kind::ConnectionRefused << QStringLiteral("stale socket file");
}

void TestDockerClientReplay::unreachableSocket()
{
    QFETCH(QString, kind);
    QFETCH(Error::Kind, expected);
    QFETCH(QString, fragment);

    const QString path = m_dir->filePath(QStringLiteral("other.sock"));
    if (kind == QLatin1String("file")) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a socket");
    } else if (kind == QLatin1String("closed")) {
        QLocalServer closed;
        QVERIFY(closed.listen(path));
        closed.close();
    } else if (kind == QLatin1String("stale")) {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const QByteArray native = QFile::encodeName(path);
        QVERIFY(static_cast<size_t>(native.size()) < sizeof(addr.sun_path));
        qstrncpy(addr.sun_path, native.constData(), sizeof(addr.sun_path));
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)), 0);
        ::close(fd);
        QVERIFY(QFileInfo::exists(path));
    }

    Endpoint endpoint;
    endpoint.socketPath = path;
    DockerClient other(endpoint);
    const auto result = ff::test::wait(other.version(), 5000);
    VERIFY_ERROR(result.error(), expected, fragment);
    VERIFY_ERROR(result.error(), expected, path);
}

// ---- logs ----

void TestDockerClientReplay::logsFramed_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<bool>("timestamps");
    QTest::addColumn<int>("pieceSize");

    QTest::addRow("whole") << QStringLiteral("logs-multiplexed.http") << false << 0;
    // Every frame header, chunk size line and UTF-8 sequence gets split somewhere.
    QTest::addRow("1-byte pieces") << QStringLiteral("logs-multiplexed.http") << false << 1;
    QTest::addRow("7-byte pieces") << QStringLiteral("logs-multiplexed.http") << false << 7;
    QTest::addRow("timestamps, 3-byte pieces")
        << QStringLiteral("logs-multiplexed-timestamps.http") << true << 3;
}

void TestDockerClientReplay::logsFramed()
{
    QFETCH(QString, fixture);
    QFETCH(bool, timestamps);
    QFETCH(int, pieceSize);
    const QByteArray bytes = ff::test::readFixture(fixture);
    server().on("/containers/rec-mux/logs",
                pieceSize > 0 ? answerInPieces(bytes, pieceSize, 1) : answer(bytes));

    LogOptions options;
    options.tty = false;
    options.timestamps = timestamps;
    LogStream *stream = client().logs(QStringLiteral("rec-mux"), options);
    QSignalSpy lines(stream, &LogStream::line);
    QSignalSpy finished(stream, &StreamCall::finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QVERIFY2(!errorOf(finished), qPrintable(errorOf(finished).toString()));

    QCOMPARE(describe(lines),
             (QStringList{QStringLiteral("stdout: out1"), QStringLiteral("stderr: err1"),
                          QStringLiteral("stdout: partial line"), QStringLiteral("stdout: out3 with ümlaut"),
                          QStringLiteral("stderr: err2")}));
    for (const auto &args : std::as_const(lines))
        QCOMPARE(args.at(0).value<LogLine>().timestamp.isValid(), timestamps);
    if (timestamps)
        QCOMPARE(lines.at(0).at(0).value<LogLine>().timestamp,
                 QDateTime(QDate(2026, 11, 23), QTime(8, 0, 26, 505), Qt::UTC));
    // The TTY setting was given, so the container is not inspected.
    QCOMPARE(
        server().targets(),
        (QByteArrayList{
            "/_ping",
            QByteArray(QByteArray("/v1.41/containers/rec-mux/logs?stdout=1&stderr=1&follow=0&timestamps=") +
                       (timestamps ? "1" : "0"))}));
}

void TestDockerClientReplay::logsTty()
{
    server().on("/containers/rec-tty/logs",
                answerInPieces(ff::test::readFixture(QStringLiteral("logs-tty.http")), 5, 1));
    LogOptions options;
    options.tty = true;
    LogStream *stream = client().logs(QStringLiteral("rec-tty"), options);
    QSignalSpy lines(stream, &LogStream::line);
    QSignalSpy finished(stream, &StreamCall::finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QVERIFY2(!errorOf(finished), qPrintable(errorOf(finished).toString()));
    // A TTY writes CRLF; the CR is not part of the line.
    QCOMPARE(describe(lines), (QStringList{QStringLiteral("stdout: tty1"), QStringLiteral("stdout: tty2")}));
}

void TestDockerClientReplay::logsAsksForTtyFirst_data()
{
    QTest::addColumn<bool>("tty");
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QStringList>("expected");

    QTest::addRow("tty container") << true << QStringLiteral("logs-tty.http")
                                   << QStringList{QStringLiteral("stdout: tty1"),
                                                  QStringLiteral("stdout: tty2")};
    QTest::addRow("framed container")
        << false << QStringLiteral("logs-multiplexed.http")
        << QStringList{QStringLiteral("stdout: out1"), QStringLiteral("stderr: err1"),
                       QStringLiteral("stdout: partial line"), QStringLiteral("stdout: out3 with ümlaut"),
                       QStringLiteral("stderr: err2")};
}

void TestDockerClientReplay::logsAsksForTtyFirst()
{
    QFETCH(bool, tty);
    QFETCH(QString, fixture);
    QFETCH(QStringList, expected);
    server().on("/containers/abc/json",
                answer(jsonResponse(
                    QJsonObject{{QStringLiteral("Id"), QStringLiteral("abc")},
                                {QStringLiteral("Config"), QJsonObject{{QStringLiteral("Tty"), tty}}}})));
    server().on("/containers/abc/logs", answerInPieces(ff::test::readFixture(fixture), 16, 1));

    LogStream *stream = client().logs(QStringLiteral("abc"));
    QSignalSpy lines(stream, &LogStream::line);
    QSignalSpy finished(stream, &StreamCall::finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QVERIFY2(!errorOf(finished), qPrintable(errorOf(finished).toString()));
    QCOMPARE(describe(lines), expected);
    QCOMPARE(server().targets(),
             (QByteArrayList{"/_ping", "/v1.41/containers/abc/json",
                             "/v1.41/containers/abc/logs?stdout=1&stderr=1&follow=0&timestamps=0"}));
}

void TestDockerClientReplay::logsOfMissingContainer_data()
{
    QTest::addColumn<bool>("ttyKnown");
    // The inspection that precedes the logs fails...
    QTest::addRow("tty unknown") << false;
    // ...or the logs call itself does.
    QTest::addRow("tty given") << true;
}

void TestDockerClientReplay::logsOfMissingContainer()
{
    QFETCH(bool, ttyKnown);
    const QByteArray notFound = httpResponse(404, "Not Found", R"({"message":"No such container: gone"})");
    server().on("/containers/gone/json", answer(notFound));
    server().on("/containers/gone/logs", answer(notFound));

    LogOptions options;
    if (ttyKnown)
        options.tty = false;
    LogStream *stream = client().logs(QStringLiteral("gone"), options);
    QSignalSpy started(stream, &StreamCall::started);
    QSignalSpy finished(stream, &StreamCall::finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    VERIFY_ERROR(errorOf(finished), Error::Kind::NotFound, QStringLiteral("No such container: gone"));
    QCOMPARE(started.count(), 0);
    QCOMPARE(server().count("/containers/gone/logs"), ttyKnown ? 1 : 0);
}

void TestDockerClientReplay::logsEndingMidFrame_data()
{
    QTest::addColumn<Script>("script");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("fragment");

    // The HTTP body ends properly, but its last frame announces more than it carries.
    QTest::addRow("short last frame")
        << answer(ff::test::readFixture(QStringLiteral("replay-logs-cut-frame.http")))
        << QStringList{QStringLiteral("stdout: out1"), QStringLiteral("stderr: err1")}
        << QStringLiteral("ended inside a frame");
    // The engine goes away in the middle of a frame (and of an HTTP chunk).
    const QByteArray recorded = ff::test::readFixture(QStringLiteral("logs-multiplexed.http"));
    const qsizetype cut = recorded.indexOf("out3") + 2;
    QTest::addRow("connection cut") << answerInPieces(recorded.left(cut), 32, 1)
                                    << QStringList{QStringLiteral("stdout: out1"),
                                                   QStringLiteral("stderr: err1"),
                                                   QStringLiteral("stdout: partial line")}
                                    << QStringLiteral("closed before the response body was complete");
}

void TestDockerClientReplay::logsEndingMidFrame()
{
    QFETCH(Script, script);
    QFETCH(QStringList, expected);
    QFETCH(QString, fragment);
    server().on("/containers/rec-mux/logs", script);

    LogOptions options;
    options.tty = false;
    LogStream *stream = client().logs(QStringLiteral("rec-mux"), options);
    QSignalSpy lines(stream, &LogStream::line);
    QSignalSpy finished(stream, &StreamCall::finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    VERIFY_ERROR(errorOf(finished), Error::Kind::Protocol, fragment);
    // What arrived whole before the cut is still delivered.
    QCOMPARE(describe(lines), expected);
}

// ---- events ----

void TestDockerClientReplay::eventsReplay()
{
    // A live event stream stays open after the recorded events.
    server().on("/events", answer(ff::test::readFixture(QStringLiteral("events.http")), false));
    QPointer<EventStream> stream = client().events();
    QSignalSpy events(stream, &EventStream::received);
    QSignalSpy finished(stream, &StreamCall::finished);
    QTRY_COMPARE_WITH_TIMEOUT(events.count(), 5, 5000);

    QStringList actions;
    for (const auto &args : std::as_const(events)) {
        const auto e = args.at(0).value<DockerEvent>();
        QCOMPARE(e.type, QStringLiteral("container"));
        QCOMPARE(e.actorId,
                 QStringLiteral("44211f265217cc2063a3d2b19bee6970b5d73bd18d88c0028fcafc153bc13ddc"));
        QCOMPARE(e.attributes.value(QStringLiteral("name")), QStringLiteral("blissful_kalam"));
        actions << e.action;
    }
    QCOMPARE(actions,
             (QStringList{QStringLiteral("create"), QStringLiteral("attach"), QStringLiteral("start"),
                          QStringLiteral("die"), QStringLiteral("destroy")}));
    const auto first = events.at(0).at(0).value<DockerEvent>();
    QCOMPARE(first.timeNano, Q_INT64_C(1795420828598143660));
    QCOMPARE(first.time, QDateTime::fromMSecsSinceEpoch(Q_INT64_C(1795420828598), Qt::UTC));
    QCOMPARE(events.at(3).at(0).value<DockerEvent>().attributes.value(QStringLiteral("exitCode")),
             QStringLiteral("0"));
    QCOMPARE(server().targets().last(), QByteArray("/v1.41/events"));

    QCOMPARE(finished.count(), 0);
    stream->cancel();
    QCOMPARE(finished.count(), 1);
    VERIFY_ERROR(errorOf(finished), Error::Kind::Canceled, QStringLiteral("canceled"));
}

void TestDockerClientReplay::eventsCutByEngine()
{
    // events.http ends without the closing chunk: the engine went away (a restart, say).
    server().on("/events", answer(ff::test::readFixture(QStringLiteral("events.http"))));
    EventStream *stream = client().events();
    QSignalSpy events(stream, &EventStream::received);
    QSignalSpy finished(stream, &StreamCall::finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QCOMPARE(events.count(), 5);
    // Not a clean end: a watcher must learn that it has to reconnect.
    VERIFY_ERROR(errorOf(finished), Error::Kind::Protocol, QStringLiteral("connection closed"));
    QVERIFY(errorOf(finished).isTransient());
}

void TestDockerClientReplay::eventsFilterQuery()
{
    server().on("/events", answer(chunkedHead(), false));
    Filter filter;
    filter.labels = QStringList{QStringLiteral("org.fuzzforge.run=42"), QStringLiteral("org.fuzzforge")};
    filter.types = QStringList{QStringLiteral("container")};
    QPointer<EventStream> stream = client().events(filter, 1795420800);
    QSignalSpy started(stream, &StreamCall::started);
    QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 5000);

    const Request &request = server().requests().last();
    QCOMPARE(request.route(), QByteArray("/events"));
    QVERIFY(request.target.startsWith("/v1.41/events?"));
    const QUrlQuery query = request.query();
    QCOMPARE(query.queryItemValue(QStringLiteral("since")), QStringLiteral("1795420800"));
    QJsonParseError error;
    const QJsonDocument filters = QJsonDocument::fromJson(
        query.queryItemValue(QStringLiteral("filters"), QUrl::FullyDecoded).toUtf8(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(filters.object(),
             (QJsonObject{{QStringLiteral("label"), QJsonArray{QStringLiteral("org.fuzzforge.run=42"),
                                                               QStringLiteral("org.fuzzforge")}},
                          {QStringLiteral("type"), QJsonArray{QStringLiteral("container")}}}));
    stream->cancel();
}

// ---- build ----

void TestDockerClientReplay::buildProgress()
{
    server().on("/build",
                answerInPieces(ff::test::readFixture(QStringLiteral("build-progress.http")), 64, 1));
    BuildSpec spec;
    spec.context = QByteArray("pretend this is a tar archive");
    spec.tags = QStringList{QStringLiteral("ff-fixture:1")};
    ImageJob *job = client().buildImage(spec);
    QSignalSpy progress(job, &ImageJob::progress);
    QSignalSpy done(job, &ImageJob::done);
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 5000);

    const auto result = done.at(0).at(0).value<ImageJobResult>();
    QVERIFY2(!result.error, qPrintable(result.error.toString()));
    QCOMPARE(result.imageId,
             QStringLiteral("sha256:3be226f90b952218bed0d532e6d49067a7765ded13ab4077f6a6ed19e608181e"));
    QCOMPARE(result.steps, 3);
    QStringList steps;
    for (const auto &args : std::as_const(progress)) {
        const auto ev = args.at(0).value<ProgressEvent>();
        if (ev.kind == ProgressEvent::Kind::Step)
            steps << QStringLiteral("%1/%2 %3").arg(ev.step).arg(ev.totalSteps).arg(ev.message);
    }
    QCOMPARE(steps, (QStringList{QStringLiteral("1/3 Step 1/3 : FROM debian:bookworm-slim"),
                                 QStringLiteral("2/3 Step 2/3 : RUN echo built > /built.txt"),
                                 QStringLiteral("3/3 Step 3/3 : LABEL org.fuzzforge.test=fixture")}));

    const Request &request = server().requests().last();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.route(), QByteArray("/build"));
    QCOMPARE(request.query().queryItemValue(QStringLiteral("t"), QUrl::FullyDecoded),
             QStringLiteral("ff-fixture:1"));
    QCOMPARE(request.query().queryItemValue(QStringLiteral("dockerfile")), QStringLiteral("Dockerfile"));
    QCOMPARE(request.header("Content-Type"), QByteArray("application/x-tar"));
    QCOMPARE(request.body, spec.context);
}

void TestDockerClientReplay::buildErrorInsideOkResponse()
{
    server().on("/build", answer(ff::test::readFixture(QStringLiteral("replay-build-error.http"))));
    BuildSpec spec;
    spec.context = QByteArray("tar");
    ImageJob *job = client().buildImage(spec);
    QSignalSpy progress(job, &ImageJob::progress);
    QSignalSpy done(job, &ImageJob::done);
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 5000);

    const auto result = done.at(0).at(0).value<ImageJobResult>();
    // HTTP said 200; the failure is only in the stream.
    VERIFY_ERROR(result.error, Error::Kind::EngineError, QStringLiteral("boom"));
    QCOMPARE(result.error.httpStatus, 0);
    QVERIFY(result.imageId.isEmpty());
    QCOMPARE(result.steps, 2);
    const auto last = progress.last().at(0).value<ProgressEvent>();
    QCOMPARE(last.kind, ProgressEvent::Kind::Error);
    QCOMPARE(last.message, QStringLiteral("boom"));
}

// ---- stats ----

void TestDockerClientReplay::statsOnce_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QDateTime>("read");
    QTest::addColumn<double>("cpuPercent");
    QTest::addColumn<int>("onlineCpus");
    QTest::addColumn<qint64>("memoryUsage");
    QTest::addColumn<qint64>("memoryLimit");
    QTest::addColumn<double>("memoryPercent");
    QTest::addColumn<qint64>("pids");
    QTest::addColumn<qint64>("pidsLimit");
    QTest::addColumn<qint64>("netRx");
    QTest::addColumn<qint64>("netTx");
    QTest::addColumn<qint64>("blockRead");
    QTest::addColumn<qint64>("blockWrite");
    QTest::addColumn<qint64>("throttledPeriods");

    // Recorded from a stopped container: the engine sends empty sections and a zero time.
    QTest::addRow("recorded, stopped")
        << QStringLiteral("stats-once.http") << QDateTime() << 0.0 << 0 << qint64(0) << qint64(0) << 0.0
        << qint64(0) << qint64(0) << qint64(0) << qint64(0) << qint64(0) << qint64(0) << qint64(0);
    // Running (cgroup v2 names): 1e9 of 1e10 ns on 2 CPUs is 20 %; 100 MiB minus 4 MiB of
    // inactive file cache out of 512 MiB is 18.75 %.
    QTest::addRow("running") << QStringLiteral("replay-stats-running.http")
                             << QDateTime(QDate(2026, 11, 23), QTime(8, 0, 27, 123), Qt::UTC) << 20.0 << 2
                             << qint64(100663296) << qint64(536870912) << 18.75 << qint64(7) << qint64(256)
                             << qint64(1010) << qint64(2020) << qint64(8192) << qint64(8192) << qint64(3);
}

void TestDockerClientReplay::statsOnce()
{
    QFETCH(QString, fixture);
    QFETCH(QDateTime, read);
    QFETCH(double, cpuPercent);
    QFETCH(int, onlineCpus);
    QFETCH(qint64, memoryUsage);
    QFETCH(qint64, memoryLimit);
    QFETCH(double, memoryPercent);
    QFETCH(qint64, pids);
    QFETCH(qint64, pidsLimit);
    QFETCH(qint64, netRx);
    QFETCH(qint64, netTx);
    QFETCH(qint64, blockRead);
    QFETCH(qint64, blockWrite);
    QFETCH(qint64, throttledPeriods);
    server().on("/containers/rec/stats", answer(ff::test::readFixture(fixture)));

    const auto result = ff::test::wait(client().statsOnce(QStringLiteral("rec")), 5000);
    QVERIFY2(result.ok(), qPrintable(result.error().toString()));
    QCOMPARE(server().targets().last(), QByteArray("/v1.41/containers/rec/stats?stream=0"));
    const StatsSample &s = result.value();
    QCOMPARE(s.read, read);
    QCOMPARE(s.cpuPercent, cpuPercent);
    QCOMPARE(s.onlineCpus, onlineCpus);
    QCOMPARE(s.memoryUsage, memoryUsage);
    QCOMPARE(s.memoryLimit, memoryLimit);
    QCOMPARE(s.memoryPercent, memoryPercent);
    QCOMPARE(s.pids, pids);
    QCOMPARE(s.pidsLimit, pidsLimit);
    QCOMPARE(s.netRx, netRx);
    QCOMPARE(s.netTx, netTx);
    QCOMPARE(s.blockRead, blockRead);
    QCOMPARE(s.blockWrite, blockWrite);
    QCOMPARE(s.throttledPeriods, throttledPeriods);
}

// ---- canceling streams ----

void TestDockerClientReplay::streamCancel_data()
{
    QTest::addColumn<Script>("script");
    QTest::addColumn<int>("samplesBeforeCancel");

    QTest::addRow("before the engine answers") << hang() << 0;
    QTest::addRow("while streaming") << answer(chunkedHead() +
                                                   chunk(bodyOf(ff::test::readFixture(
                                                       QStringLiteral("replay-stats-running.http")))),
                                               false)
                                     << 1;
}

void TestDockerClientReplay::streamCancel()
{
    QFETCH(Script, script);
    QFETCH(int, samplesBeforeCancel);
    server().on("/containers/rec/stats", script);

    QPointer<StatsStream> stream = client().stats(QStringLiteral("rec"));
    QSignalSpy samples(stream, &StatsStream::sample);
    QSignalSpy finished(stream, &StreamCall::finished);
    QTRY_COMPARE_WITH_TIMEOUT(server().count("/containers/rec/stats"), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(samples.count(), samplesBeforeCancel, 5000);
    const int connection = server().requests().last().connection;

    stream->cancel();
    QCOMPARE(finished.count(), 1);
    VERIFY_ERROR(errorOf(finished), Error::Kind::Canceled, QStringLiteral("canceled"));
    QVERIFY(stream->isFinished());
    // It goes away by itself, hangs up on the engine, and says finished only once.
    QTRY_VERIFY_WITH_TIMEOUT(stream.isNull(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(server().isClosed(connection), 5000);
    QCOMPARE(finished.count(), 1);
}

QTEST_GUILESS_MAIN(TestDockerClientReplay)
#include "tst_dockerclient_replay.moc"

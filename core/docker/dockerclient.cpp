#include "dockerclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include <spdlog/spdlog.h>

namespace ff::docker {

DockerClient::DockerClient(Endpoint endpoint, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
{
    qRegisterMetaType<ff::Error>();
    qRegisterMetaType<ff::docker::LogLine>();
    qRegisterMetaType<ff::docker::StatsSample>();
    qRegisterMetaType<ff::docker::DockerEvent>();
    qRegisterMetaType<ff::docker::ProgressEvent>();
    qRegisterMetaType<ff::docker::ImageJobResult>();
}

DockerClient *DockerClient::fromEnvironment(QObject *parent)
{
    auto ep = Endpoint::fromEnvironment();
    if (ep)
        return new DockerClient(ep.value(), parent);
    auto *client = new DockerClient(Endpoint{}, parent);
    client->m_endpointError = ep.error();
    return client;
}

DockerClient::~DockerClient() = default;

QString DockerClient::apiVersion() const
{
    return m_api ? m_api->toString() : QString();
}

HttpExchange *DockerClient::submit(HttpRequest request, HttpExchange::Mode mode,
                                   std::chrono::milliseconds timeout)
{
    auto *exchange = new HttpExchange(m_endpoint, std::move(request), mode, timeout, this);
    const QPointer<HttpExchange> guard(exchange);
    // Start on the next turn of the event loop, so callers connect first whatever happens.
    QMetaObject::invokeMethod(
        this,
        [this, guard] {
            if (!guard || guard->isFinished())
                return;
            if (!guard->request().versioned) {
                guard->start({});
                return;
            }
            withApi([this, guard](const Error &error) {
                if (!guard || guard->isFinished())
                    return;
                if (error)
                    guard->fail(error);
                else
                    guard->start("/v" + m_api->toString().toLatin1());
            });
        },
        Qt::QueuedConnection);
    return exchange;
}

void DockerClient::withApi(std::function<void(const Error &)> then)
{
    if (m_endpointError) {
        then(m_endpointError);
        return;
    }
    if (m_api) {
        then({});
        return;
    }
    m_waiting.append(std::move(then));
    if (!m_negotiating)
        negotiate();
}

void DockerClient::negotiate()
{
    m_negotiating = true;
    HttpRequest req;
    req.target = "/_ping";
    req.versioned = false;
    auto *exchange =
        new HttpExchange(m_endpoint, req, HttpExchange::Mode::Buffer, std::chrono::seconds(10), this);
    connect(exchange, &HttpExchange::finished, this, [this, exchange] {
        exchange->deleteLater();
        if (exchange->error()) {
            finishNegotiation(exchange->error());
            return;
        }
        const QByteArray header = exchange->response().header("API-Version");
        const auto engine = ApiVersion::parse(QString::fromLatin1(header));
        if (!engine) {
            finishNegotiation(Error::make(
                Error::Kind::Protocol, QStringLiteral("the engine did not say which API version it speaks")));
            return;
        }
        m_engineApi = engine->toString();
        if (*engine < kMinimumApi) {
            finishNegotiation(
                Error::make(Error::Kind::EngineTooOld,
                            QStringLiteral("the engine speaks API %1; FuzzForge needs %2 or newer "
                                           "(Docker 20.10 or later)")
                                .arg(engine->toString(), kMinimumApi.toString())));
            return;
        }
        m_api = std::min(*engine, kMaximumApi);
        spdlog::debug("docker: engine API {}, using {}", m_engineApi.toStdString(),
                      m_api->toString().toStdString());
        finishNegotiation({});
    });
    exchange->start({});
}

void DockerClient::finishNegotiation(const Error &error)
{
    m_negotiating = false;
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &fn : waiting)
        fn(error);
}

void DockerClient::startStream(StreamCall *stream, HttpRequest request, CallOptions options)
{
    stream->attach(submit(std::move(request), HttpExchange::Mode::Stream, options.timeout));
}

QFuture<Result<HttpResponse>> DockerClient::request(HttpRequest request, CallOptions options)
{
    return call<HttpResponse>(std::move(request), options, [](const HttpResponse &r) { return r; });
}

// ---- system ----

QFuture<Result<PingInfo>> DockerClient::ping(CallOptions options)
{
    HttpRequest req;
    req.target = "/_ping";
    req.versioned = false;
    return call<PingInfo>(std::move(req), options, [](const HttpResponse &r) -> Result<PingInfo> {
        return PingInfo{QString::fromLatin1(r.header("API-Version")), QString::fromLatin1(r.header("OSType")),
                        r.header("Docker-Experimental") == "true"};
    });
}

QFuture<Result<VersionInfo>> DockerClient::version(CallOptions options)
{
    HttpRequest req;
    req.target = "/version";
    return call<VersionInfo>(std::move(req), options, [](const HttpResponse &r) -> Result<VersionInfo> {
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        if (!doc.isObject())
            return Error::make(Error::Kind::Protocol, QStringLiteral("malformed /version answer"));
        return json::versionInfo(doc.object());
    });
}

QFuture<Result<SystemInfo>> DockerClient::info(CallOptions options)
{
    HttpRequest req;
    req.target = "/info";
    return call<SystemInfo>(std::move(req), options, [](const HttpResponse &r) -> Result<SystemInfo> {
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        if (!doc.isObject())
            return Error::make(Error::Kind::Protocol, QStringLiteral("malformed /info answer"));
        return json::systemInfo(doc.object());
    });
}

EventStream *DockerClient::events(const Filter &filter, std::optional<qint64> since)
{
    auto *stream = new EventStream(this);
    HttpRequest req;
    req.target = "/events";
    QByteArray query;
    const QByteArray f = filter.toQueryValue();
    if (!f.isEmpty())
        query += "filters=" + f;
    if (since)
        query += (query.isEmpty() ? "" : "&") + QByteArray("since=") + QByteArray::number(*since);
    if (!query.isEmpty())
        req.target += '?' + query;
    startStream(stream, std::move(req));
    return stream;
}

} // namespace ff::docker

#include "dockerclient.h"
#include "tararchive.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QUrl>

namespace ff::docker {

namespace {
QByteArray enc(const QString &s)
{
    return QUrl::toPercentEncoding(s);
}
Status noBody(const HttpResponse &)
{
    return {};
}
} // namespace

QFuture<Result<QString>> DockerClient::createContainer(const ContainerSpec &spec, const QString &name,
                                                       CallOptions options)
{
    HttpRequest req;
    req.method = "POST";
    req.target = "/containers/create";
    if (!name.isEmpty())
        req.target += "?name=" + enc(name);
    if (Error e = spec.validate()) {
        // Refused before anything reaches the engine.
        return QtFuture::makeReadyFuture(Result<QString>(e));
    }
    req.body = QJsonDocument(spec.toJson()).toJson(QJsonDocument::Compact);
    return call<QString>(std::move(req), options, [](const HttpResponse &r) -> Result<QString> {
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        const QString id = doc.object().value(QLatin1String("Id")).toString();
        if (id.isEmpty())
            return Error::make(Error::Kind::Protocol,
                               QStringLiteral("the engine created a container without an id"));
        return id;
    });
}

QFuture<Status> DockerClient::startContainer(const QString &id, CallOptions options)
{
    HttpRequest req;
    req.method = "POST";
    req.target = "/containers/" + enc(id) + "/start";
    return call<void>(std::move(req), options, noBody); // 304: already started, fine
}

QFuture<Result<WaitResult>> DockerClient::waitContainer(const QString &id, CallOptions options,
                                                        const QString &condition)
{
    HttpRequest req;
    req.method = "POST";
    req.target = "/containers/" + enc(id) + "/wait?condition=" + enc(condition);
    return call<WaitResult>(std::move(req), options, [](const HttpResponse &r) -> Result<WaitResult> {
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        if (!doc.isObject() || !doc.object().contains(QLatin1String("StatusCode")))
            return Error::make(Error::Kind::Protocol, QStringLiteral("malformed wait answer"));
        const QJsonObject o = doc.object();
        return WaitResult{
            o.value(QLatin1String("StatusCode")).toInt(),
            o.value(QLatin1String("Error")).toObject().value(QLatin1String("Message")).toString()};
    });
}

QFuture<Status> DockerClient::stopContainer(const QString &id, int graceSeconds, CallOptions options)
{
    HttpRequest req;
    req.method = "POST";
    req.target = "/containers/" + enc(id) + "/stop?t=" + QByteArray::number(graceSeconds);
    if (options.timeout.count() > 0)
        options.timeout += std::chrono::seconds(graceSeconds);
    return call<void>(std::move(req), options, noBody);
}

QFuture<Status> DockerClient::killContainer(const QString &id, const QString &signal, CallOptions options)
{
    HttpRequest req;
    req.method = "POST";
    req.target = "/containers/" + enc(id) + "/kill?signal=" + enc(signal);
    return call<void>(std::move(req), options, noBody);
}

QFuture<Status> DockerClient::removeContainer(const QString &id, bool force, bool volumes,
                                              CallOptions options)
{
    HttpRequest req;
    req.method = "DELETE";
    req.target = "/containers/" + enc(id) + "?force=" + (force ? "1" : "0") + "&v=" + (volumes ? "1" : "0");
    return call<void>(std::move(req), options, noBody);
}

QFuture<Result<ContainerInfo>> DockerClient::inspectContainer(const QString &id, CallOptions options)
{
    HttpRequest req;
    req.target = "/containers/" + enc(id) + "/json";
    return call<ContainerInfo>(std::move(req), options, [](const HttpResponse &r) -> Result<ContainerInfo> {
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        if (!doc.isObject())
            return Error::make(Error::Kind::Protocol, QStringLiteral("malformed container inspection"));
        return json::containerInfo(doc.object());
    });
}

QFuture<Result<QList<ContainerSummary>>> DockerClient::listContainers(const Filter &filter, bool all,
                                                                      CallOptions options)
{
    HttpRequest req;
    req.target = QByteArray("/containers/json?all=") + (all ? "1" : "0");
    const QByteArray f = filter.toQueryValue();
    if (!f.isEmpty())
        req.target += "&filters=" + f;
    return call<QList<ContainerSummary>>(std::move(req), options, [](const HttpResponse &r) {
        return json::list(r.body, &json::containerSummary, "container list");
    });
}

LogStream *DockerClient::logs(const QString &id, const LogOptions &options)
{
    auto *stream = new LogStream(options.tty.value_or(false), options.timestamps, this);
    HttpRequest req;
    req.target = "/containers/" + enc(id) + "/logs?stdout=" + (options.stdoutStream ? "1" : "0") +
                 "&stderr=" + (options.stderrStream ? "1" : "0") + "&follow=" + (options.follow ? "1" : "0") +
                 "&timestamps=" + (options.timestamps ? "1" : "0");
    if (options.since > 0)
        req.target += "&since=" + QByteArray::number(options.since);
    if (options.tail >= 0)
        req.target += "&tail=" + QByteArray::number(options.tail);
    if (options.tty.has_value()) {
        startStream(stream, std::move(req));
        return stream;
    }
    // Whether the stream is framed depends on the container's TTY setting (API 1.41 marks
    // both kinds as raw-stream): ask the engine first.
    const QPointer<LogStream> guard(stream);
    inspectContainer(id).then(this, [this, guard, req](const Result<ContainerInfo> &info) mutable {
        if (!guard)
            return;
        if (!info) {
            auto *ex = submit(std::move(req), HttpExchange::Mode::Stream, {});
            guard->attach(ex);
            ex->fail(info.error());
            return;
        }
        guard->setTty(info->tty);
        startStream(guard, std::move(req));
    });
    return stream;
}

StatsStream *DockerClient::stats(const QString &id)
{
    auto *stream = new StatsStream(this);
    HttpRequest req;
    req.target = "/containers/" + enc(id) + "/stats?stream=1";
    startStream(stream, std::move(req));
    return stream;
}

QFuture<Result<StatsSample>> DockerClient::statsOnce(const QString &id, CallOptions options)
{
    HttpRequest req;
    req.target = "/containers/" + enc(id) + "/stats?stream=0";
    return call<StatsSample>(std::move(req), options, [](const HttpResponse &r) -> Result<StatsSample> {
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        if (!doc.isObject())
            return Error::make(Error::Kind::Protocol, QStringLiteral("malformed stats answer"));
        return json::statsSample(doc.object());
    });
}

QFuture<Result<QByteArray>> DockerClient::getArchive(const QString &id, const QString &path,
                                                     CallOptions options)
{
    HttpRequest req;
    req.target = "/containers/" + enc(id) + "/archive?path=" + enc(path);
    return call<QByteArray>(std::move(req), options,
                            [](const HttpResponse &r) -> Result<QByteArray> { return r.body; });
}

QFuture<Result<QStringList>> DockerClient::copyFromContainer(const QString &id, const QString &path,
                                                             const QString &destDir, CallOptions options)
{
    HttpRequest req;
    req.target = "/containers/" + enc(id) + "/archive?path=" + enc(path);
    return call<QStringList>(
        std::move(req), options,
        [destDir](const HttpResponse &r) -> Result<QStringList> { return tar::extract(r.body, destDir); });
}

QFuture<Status> DockerClient::putArchive(const QString &id, const QString &path, const QByteArray &tarBytes,
                                         CallOptions options)
{
    HttpRequest req;
    req.method = "PUT";
    req.target = "/containers/" + enc(id) + "/archive?path=" + enc(path);
    req.contentType = "application/x-tar";
    req.body = tarBytes;
    return call<void>(std::move(req), options, noBody);
}

} // namespace ff::docker

#include "dockerclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace ff::docker {

namespace {
QByteArray enc(const QString &s)
{
    return QUrl::toPercentEncoding(s);
}
QJsonObject labelsJson(const Labels &labels)
{
    QJsonObject o;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}
} // namespace

QFuture<Result<VolumeInfo>> DockerClient::createVolume(const VolumeSpec &spec, CallOptions options)
{
    HttpRequest req;
    req.method = "POST";
    req.target = "/volumes/create";
    QJsonObject body;
    if (!spec.name.isEmpty())
        body.insert(QLatin1String("Name"), spec.name);
    body.insert(QLatin1String("Driver"), spec.driver);
    body.insert(QLatin1String("Labels"), labelsJson(spec.labels));
    req.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return call<VolumeInfo>(std::move(req), options, [](const HttpResponse &r) -> Result<VolumeInfo> {
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        if (!doc.isObject())
            return Error::make(Error::Kind::Protocol, QStringLiteral("malformed volume answer"));
        return json::volumeInfo(doc.object());
    });
}

QFuture<Result<VolumeInfo>> DockerClient::inspectVolume(const QString &name, CallOptions options)
{
    HttpRequest req;
    req.target = "/volumes/" + enc(name);
    return call<VolumeInfo>(std::move(req), options, [](const HttpResponse &r) -> Result<VolumeInfo> {
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        if (!doc.isObject())
            return Error::make(Error::Kind::Protocol, QStringLiteral("malformed volume answer"));
        return json::volumeInfo(doc.object());
    });
}

QFuture<Result<QList<VolumeInfo>>> DockerClient::listVolumes(const Filter &filter, CallOptions options)
{
    HttpRequest req;
    req.target = "/volumes";
    const QByteArray f = filter.toQueryValue();
    if (!f.isEmpty())
        req.target += "?filters=" + f;
    return call<QList<VolumeInfo>>(
        std::move(req), options, [](const HttpResponse &r) -> Result<QList<VolumeInfo>> {
            const QJsonDocument doc = QJsonDocument::fromJson(r.body);
            if (!doc.isObject())
                return Error::make(Error::Kind::Protocol, QStringLiteral("malformed volume list"));
            QList<VolumeInfo> out;
            const QJsonArray arr = doc.object().value(QLatin1String("Volumes")).toArray();
            for (const auto &v : arr)
                out << json::volumeInfo(v.toObject());
            return out;
        });
}

QFuture<Status> DockerClient::removeVolume(const QString &name, bool force, CallOptions options)
{
    HttpRequest req;
    req.method = "DELETE";
    req.target = "/volumes/" + enc(name) + (force ? "?force=1" : "");
    return call<void>(std::move(req), options, [](const HttpResponse &) { return Status(); });
}

QFuture<Result<QString>> DockerClient::createNetwork(const NetworkSpec &spec, CallOptions options)
{
    HttpRequest req;
    req.method = "POST";
    req.target = "/networks/create";
    QJsonObject body;
    body.insert(QLatin1String("Name"), spec.name);
    body.insert(QLatin1String("Driver"), spec.driver);
    body.insert(QLatin1String("Internal"), spec.internal);
    body.insert(QLatin1String("CheckDuplicate"), true);
    body.insert(QLatin1String("Labels"), labelsJson(spec.labels));
    req.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return call<QString>(std::move(req), options, [](const HttpResponse &r) -> Result<QString> {
        const QString id = QJsonDocument::fromJson(r.body).object().value(QLatin1String("Id")).toString();
        if (id.isEmpty())
            return Error::make(Error::Kind::Protocol,
                               QStringLiteral("the engine created a network without an id"));
        return id;
    });
}

QFuture<Result<NetworkInfo>> DockerClient::inspectNetwork(const QString &id, CallOptions options)
{
    HttpRequest req;
    req.target = "/networks/" + enc(id);
    return call<NetworkInfo>(std::move(req), options, [](const HttpResponse &r) -> Result<NetworkInfo> {
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        if (!doc.isObject())
            return Error::make(Error::Kind::Protocol, QStringLiteral("malformed network answer"));
        return json::networkInfo(doc.object());
    });
}

QFuture<Result<QList<NetworkInfo>>> DockerClient::listNetworks(const Filter &filter, CallOptions options)
{
    HttpRequest req;
    req.target = "/networks";
    const QByteArray f = filter.toQueryValue();
    if (!f.isEmpty())
        req.target += "?filters=" + f;
    return call<QList<NetworkInfo>>(std::move(req), options, [](const HttpResponse &r) {
        return json::list(r.body, &json::networkInfo, "network list");
    });
}

QFuture<Status> DockerClient::removeNetwork(const QString &id, CallOptions options)
{
    HttpRequest req;
    req.method = "DELETE";
    req.target = "/networks/" + enc(id);
    return call<void>(std::move(req), options, [](const HttpResponse &) { return Status(); });
}

} // namespace ff::docker

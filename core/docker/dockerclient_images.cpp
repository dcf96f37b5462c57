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

// "registry:5000/name:tag" -> ("registry:5000/name", "tag"); digests stay with the name.
std::pair<QString, QString> splitReference(const QString &ref)
{
    if (ref.contains(QLatin1Char('@')))
        return {ref, QString()};
    const qsizetype colon = ref.lastIndexOf(QLatin1Char(':'));
    const qsizetype slash = ref.lastIndexOf(QLatin1Char('/'));
    if (colon > slash)
        return {ref.left(colon), ref.mid(colon + 1)};
    return {ref, QStringLiteral("latest")};
}
} // namespace

QFuture<Result<QList<ImageSummary>>> DockerClient::listImages(const Filter &filter, CallOptions options)
{
    HttpRequest req;
    req.target = "/images/json";
    const QByteArray f = filter.toQueryValue();
    if (!f.isEmpty())
        req.target += "?filters=" + f;
    return call<QList<ImageSummary>>(std::move(req), options, [](const HttpResponse &r) {
        return json::list(r.body, &json::imageSummary, "image list");
    });
}

QFuture<Result<ImageInfo>> DockerClient::inspectImage(const QString &reference, CallOptions options)
{
    HttpRequest req;
    req.target = "/images/" + enc(reference) + "/json";
    return call<ImageInfo>(std::move(req), options, [](const HttpResponse &r) -> Result<ImageInfo> {
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        if (!doc.isObject())
            return Error::make(Error::Kind::Protocol, QStringLiteral("malformed image inspection"));
        return json::imageInfo(doc.object());
    });
}

ImageJob *DockerClient::buildImage(const BuildSpec &spec)
{
    auto *job = new ImageJob(ImageJob::Kind::Build, this);
    HttpRequest req;
    req.method = "POST";
    QByteArray q = "/build?dockerfile=" + enc(spec.dockerfile);
    for (const QString &t : spec.tags)
        q += "&t=" + enc(t);
    if (spec.noCache)
        q += "&nocache=1";
    if (spec.pull)
        q += "&pull=1";
    q += spec.removeIntermediate ? "&rm=1&forcerm=1" : "&rm=0";
    if (!spec.networkMode.isEmpty())
        q += "&networkmode=" + enc(spec.networkMode);
    auto toJson = [](const QMap<QString, QString> &m) {
        QJsonObject o;
        for (auto it = m.cbegin(); it != m.cend(); ++it)
            o.insert(it.key(), it.value());
        return QUrl::toPercentEncoding(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    };
    if (!spec.buildArgs.isEmpty())
        q += "&buildargs=" + toJson(spec.buildArgs);
    if (!spec.labels.isEmpty())
        q += "&labels=" + toJson(spec.labels);
    req.target = q;
    req.contentType = "application/x-tar";
    req.body = spec.context;
    if (!spec.registryAuth.isEmpty()) {
        QJsonObject auths;
        for (auto it = spec.registryAuth.cbegin(); it != spec.registryAuth.cend(); ++it) {
            QJsonObject a;
            a.insert(QLatin1String("username"), it->username);
            a.insert(QLatin1String("password"), it->password);
            auths.insert(it.key(), a);
        }
        req.headers.append(
            {"X-Registry-Config",
             QJsonDocument(auths).toJson(QJsonDocument::Compact).toBase64(QByteArray::Base64UrlEncoding)});
    }
    startStream(job, std::move(req), CallOptions{std::chrono::minutes(2)});
    return job;
}

ImageJob *DockerClient::pullImage(const QString &reference, const RegistryAuth &auth)
{
    auto *job = new ImageJob(ImageJob::Kind::Pull, this);
    const auto [name, tag] = splitReference(reference);
    HttpRequest req;
    req.method = "POST";
    req.target = "/images/create?fromImage=" + enc(name);
    if (!tag.isEmpty())
        req.target += "&tag=" + enc(tag);
    req.headers.append({"X-Registry-Auth", auth.toHeaderValue()});
    startStream(job, std::move(req), CallOptions{std::chrono::minutes(2)});
    return job;
}

ImageJob *DockerClient::pushImage(const QString &reference, const RegistryAuth &auth)
{
    auto *job = new ImageJob(ImageJob::Kind::Push, this);
    const auto [name, tag] = splitReference(reference);
    HttpRequest req;
    req.method = "POST";
    req.target = "/images/" + enc(name) + "/push";
    if (!tag.isEmpty())
        req.target += "?tag=" + enc(tag);
    // The engine insists on the header even for registries without authentication.
    req.headers.append({"X-Registry-Auth", auth.toHeaderValue()});
    startStream(job, std::move(req), CallOptions{std::chrono::minutes(2)});
    return job;
}

QFuture<Status> DockerClient::tagImage(const QString &source, const QString &repository, const QString &tag,
                                       CallOptions options)
{
    HttpRequest req;
    req.method = "POST";
    req.target = "/images/" + enc(source) + "/tag?repo=" + enc(repository) + "&tag=" + enc(tag);
    return call<void>(std::move(req), options, [](const HttpResponse &) { return Status(); });
}

QFuture<Status> DockerClient::removeImage(const QString &reference, bool force, CallOptions options)
{
    HttpRequest req;
    req.method = "DELETE";
    req.target = "/images/" + enc(reference) + (force ? "?force=1" : "");
    return call<void>(std::move(req), options, [](const HttpResponse &) { return Status(); });
}

} // namespace ff::docker

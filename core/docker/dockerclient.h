#pragma once

#include "endpoint.h"
#include "error.h"
#include "httpexchange.h"
#include "streams.h"
#include "types.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QPromise>

#include <functional>
#include <memory>
#include <optional>

namespace ff::docker {

// Asynchronous client of the Docker Engine API. Lives in one thread and does all its I/O on
// that thread's event loop; nothing here blocks. One-shot calls return a QFuture of a Result
// (QFuture::cancel() aborts the request); long-lived calls return a StreamCall subclass.
// The API version is negotiated with the engine on first use (minimum 1.41).
class DockerClient : public QObject
{
    Q_OBJECT
public:
    static constexpr ApiVersion kMinimumApi{1, 41};
    static constexpr ApiVersion kMaximumApi{1, 45};

    explicit DockerClient(Endpoint endpoint, QObject *parent = nullptr);
    // From DOCKER_HOST & co; an unreadable DOCKER_HOST falls back to the default socket
    // and is reported by the first call.
    static DockerClient *fromEnvironment(QObject *parent = nullptr);
    ~DockerClient() override;

    const Endpoint &endpoint() const { return m_endpoint; }
    // Empty until negotiated.
    QString apiVersion() const;
    QString engineApiVersion() const { return m_engineApi; }

    // system
    QFuture<Result<PingInfo>> ping(CallOptions options = {});
    QFuture<Result<VersionInfo>> version(CallOptions options = {});
    QFuture<Result<SystemInfo>> info(CallOptions options = {});
    EventStream *events(const Filter &filter = {}, std::optional<qint64> since = {});

    // images
    QFuture<Result<QList<ImageSummary>>> listImages(const Filter &filter = {}, CallOptions options = {});
    QFuture<Result<ImageInfo>> inspectImage(const QString &reference, CallOptions options = {});
    ImageJob *buildImage(const BuildSpec &spec);
    ImageJob *pullImage(const QString &reference, const RegistryAuth &auth = {});
    ImageJob *pushImage(const QString &reference, const RegistryAuth &auth = {});
    QFuture<Status> tagImage(const QString &source, const QString &repository, const QString &tag,
                             CallOptions options = {});
    QFuture<Status> removeImage(const QString &reference, bool force = false, CallOptions options = {});

    // containers
    QFuture<Result<QString>> createContainer(const ContainerSpec &spec, const QString &name = {},
                                             CallOptions options = {});
    QFuture<Status> startContainer(const QString &id, CallOptions options = {});
    // condition: "not-running", "next-exit" or "removed"; the timeout bounds the wait.
    QFuture<Result<WaitResult>> waitContainer(const QString &id,
                                              CallOptions options = CallOptions{std::chrono::milliseconds(0)},
                                              const QString &condition = QStringLiteral("not-running"));
    QFuture<Status> stopContainer(const QString &id, int graceSeconds = 10, CallOptions options = {});
    QFuture<Status> killContainer(const QString &id, const QString &signal = QStringLiteral("SIGKILL"),
                                  CallOptions options = {});
    QFuture<Status> removeContainer(const QString &id, bool force = false, bool volumes = false,
                                    CallOptions options = {});
    QFuture<Result<ContainerInfo>> inspectContainer(const QString &id, CallOptions options = {});
    QFuture<Result<QList<ContainerSummary>>> listContainers(const Filter &filter = {}, bool all = true,
                                                            CallOptions options = {});
    LogStream *logs(const QString &id, const LogOptions &options = {});
    StatsStream *stats(const QString &id);
    // One sample with a CPU figure (the engine waits for a second reading, about a second).
    QFuture<Result<StatsSample>> statsOnce(const QString &id, CallOptions options = {});
    QFuture<Result<QByteArray>> getArchive(const QString &id, const QString &path, CallOptions options = {});
    // Copies path out of the container and extracts it under destDir; returns what was written.
    QFuture<Result<QStringList>> copyFromContainer(const QString &id, const QString &path,
                                                   const QString &destDir, CallOptions options = {});
    QFuture<Status> putArchive(const QString &id, const QString &path, const QByteArray &tar,
                               CallOptions options = {});

    // volumes
    QFuture<Result<VolumeInfo>> createVolume(const VolumeSpec &spec, CallOptions options = {});
    QFuture<Result<VolumeInfo>> inspectVolume(const QString &name, CallOptions options = {});
    QFuture<Result<QList<VolumeInfo>>> listVolumes(const Filter &filter = {}, CallOptions options = {});
    QFuture<Status> removeVolume(const QString &name, bool force = false, CallOptions options = {});

    // networks
    QFuture<Result<QString>> createNetwork(const NetworkSpec &spec, CallOptions options = {});
    QFuture<Result<NetworkInfo>> inspectNetwork(const QString &id, CallOptions options = {});
    QFuture<Result<QList<NetworkInfo>>> listNetworks(const Filter &filter = {}, CallOptions options = {});
    QFuture<Status> removeNetwork(const QString &id, CallOptions options = {});

    // The raw request underneath the typed calls: status < 400 gives the response.
    QFuture<Result<HttpResponse>> request(HttpRequest request, CallOptions options = {});

private:
    HttpExchange *submit(HttpRequest request, HttpExchange::Mode mode, std::chrono::milliseconds timeout);
    void startStream(StreamCall *call, HttpRequest request, CallOptions options = {});
    void withApi(std::function<void(const Error &)> then);
    void negotiate();
    void finishNegotiation(const Error &error);

    template <typename T, typename Convert>
    QFuture<Result<T>> call(HttpRequest request, CallOptions options, Convert convert);

    Endpoint m_endpoint;
    Error m_endpointError;
    std::optional<ApiVersion> m_api;
    QString m_engineApi;
    bool m_negotiating = false;
    QList<std::function<void(const Error &)>> m_waiting;
};

template <typename T, typename Convert>
QFuture<Result<T>> DockerClient::call(HttpRequest request, CallOptions options, Convert convert)
{
    auto promise = std::make_shared<QPromise<Result<T>>>();
    QFuture<Result<T>> future = promise->future();
    promise->start();
    HttpExchange *exchange = submit(std::move(request), HttpExchange::Mode::Buffer, options.timeout);
    // future.cancel() anywhere aborts the request.
    auto *watcher = new QFutureWatcher<Result<T>>(exchange);
    connect(watcher, &QFutureWatcherBase::canceled, exchange, &HttpExchange::cancel);
    watcher->setFuture(future);
    connect(exchange, &HttpExchange::finished, this, [promise, exchange, convert = std::move(convert)] {
        if (exchange->error().isError())
            promise->addResult(Result<T>(exchange->error()));
        else
            promise->addResult(convert(exchange->response()));
        promise->finish();
        exchange->deleteLater();
    });
    return future;
}

} // namespace ff::docker

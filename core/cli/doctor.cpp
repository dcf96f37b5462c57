#include "doctor.h"

#include <QJsonArray>
#include <QLocale>

#include <memory>

namespace ff::cli {

using namespace ff::docker;

QFuture<DoctorReport> runDoctor(DockerClient *client, const QString &baseImage)
{
    auto report = std::make_shared<DoctorReport>();
    report->endpoint = client->endpoint().toString();
    report->baseImage = baseImage;
    return client->version()
        .then(client,
              [client, report](const Result<VersionInfo> &v) {
                  if (!v) {
                      report->engineError = v.error();
                      return QtFuture::makeReadyFuture(Result<SystemInfo>(v.error()));
                  }
                  report->version = v.value();
                  report->apiVersion = client->apiVersion();
                  return client->info();
              })
        .unwrap()
        .then(client,
              [client, report](const Result<SystemInfo> &info) {
                  if (!info) {
                      if (!report->engineError)
                          report->engineError = info.error();
                      return QtFuture::makeReadyFuture(Result<ImageInfo>(info.error()));
                  }
                  report->info = info.value();
                  return client->inspectImage(report->baseImage);
              })
        .unwrap()
        .then(client, [report](const Result<ImageInfo> &image) {
            if (image) {
                report->baseImagePresent = true;
                report->baseImageId = image->id;
                report->baseImageSize = image->size;
            }
            return *report;
        });
}

QString DoctorReport::toText() const
{
    QString out;
    auto row = [&out](const QString &key, const QString &value) {
        out += QStringLiteral("  %1 %2\n").arg(key.leftJustified(16), value);
    };
    auto yes = [](bool b) {
        return b ? QStringLiteral("yes") : QStringLiteral("no");
    };
    out += QStringLiteral("FuzzForge %1 doctor\n").arg(QStringLiteral(FUZZFORGE_VERSION));
    row(QStringLiteral("endpoint"), endpoint);
    if (engineError) {
        row(QStringLiteral("engine"), QStringLiteral("unreachable: ") + engineError.toString());
        return out;
    }
    row(QStringLiteral("engine"), QStringLiteral("reachable, Docker %1 (%2/%3, kernel %4)")
                                      .arg(version.version, version.os, version.arch, version.kernel));
    row(QStringLiteral("API version"),
        QStringLiteral("%1 in use (engine %2, engine minimum %3, FuzzForge minimum %4)")
            .arg(apiVersion, version.apiVersion, version.minApiVersion,
                 DockerClient::kMinimumApi.toString()));
    row(QStringLiteral("storage driver"), info.storageDriver);
    row(QStringLiteral("cgroups"),
        QStringLiteral("v%1 (%2); memory limit %3, swap limit %4, CPU quota %5, PIDs limit %6")
            .arg(info.cgroupVersion.isEmpty() ? QStringLiteral("?") : info.cgroupVersion, info.cgroupDriver,
                 yes(info.memoryLimit), yes(info.swapLimit), yes(info.cpuCfsQuota), yes(info.pidsLimit)));
    row(QStringLiteral("resources"), QStringLiteral("%1 CPUs, %2 memory")
                                         .arg(info.cpus)
                                         .arg(QLocale::c().formattedDataSize(info.memTotal)));
    row(QStringLiteral("security"), info.securityOptions.join(QStringLiteral(", ")));
    if (baseImagePresent)
        row(QStringLiteral("base image"),
            QStringLiteral("%1 present (%2, %3)")
                .arg(baseImage, baseImageId.left(19), QLocale::c().formattedDataSize(baseImageSize)));
    else
        row(QStringLiteral("base image"),
            QStringLiteral("%1 MISSING: run packaging/setup.sh to pull or build it").arg(baseImage));
    for (const QString &w : info.warnings)
        row(QStringLiteral("warning"), w);
    return out;
}

QJsonObject DoctorReport::toJson() const
{
    QJsonObject o;
    o.insert(QLatin1String("endpoint"), endpoint);
    o.insert(QLatin1String("healthy"), healthy());
    if (engineError) {
        o.insert(QLatin1String("error"), engineError.toString());
        return o;
    }
    o.insert(QLatin1String("engineVersion"), version.version);
    o.insert(QLatin1String("engineApiVersion"), version.apiVersion);
    o.insert(QLatin1String("apiVersion"), apiVersion);
    o.insert(QLatin1String("storageDriver"), info.storageDriver);
    o.insert(QLatin1String("cgroupVersion"), info.cgroupVersion);
    o.insert(QLatin1String("cgroupDriver"), info.cgroupDriver);
    o.insert(QLatin1String("memoryLimit"), info.memoryLimit);
    o.insert(QLatin1String("cpuCfsQuota"), info.cpuCfsQuota);
    o.insert(QLatin1String("pidsLimit"), info.pidsLimit);
    o.insert(QLatin1String("baseImage"), baseImage);
    o.insert(QLatin1String("baseImagePresent"), baseImagePresent);
    o.insert(QLatin1String("baseImageId"), baseImageId);
    return o;
}

} // namespace ff::cli

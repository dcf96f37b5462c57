#include "docker/error.h"
#include "docker/httpresponseparser.h"
#include "docker/types.h"
#include "testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrl>

using namespace ff::docker;

namespace {

QByteArray recordedBody(const QString &fixture)
{
    HttpResponseParser parser;
    if (!parser.feed(ff::test::readFixture(fixture)) || !parser.finish())
        qFatal("cannot parse fixture %s: %s", qPrintable(fixture), qPrintable(parser.errorString()));
    return parser.takeBody();
}

QJsonObject jsonObject(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (!doc.isObject())
        qFatal("not a JSON object: %s", qPrintable(error.errorString()));
    return doc.object();
}

QJsonObject statsFixture(const QString &name)
{
    return name.endsWith(QLatin1String(".http")) ? jsonObject(recordedBody(name))
                                                 : jsonObject(ff::test::readFixture(name));
}

double field(const QJsonObject &o, const QStringList &path)
{
    QJsonValue v = o;
    for (const QString &key : path)
        v = v.toObject().value(key);
    return v.toDouble();
}

// The docker CLI's formula, written out again from the raw fields as the oracle. A sample
// without a previous reading (the first of a stream, or one-shot) has no rate: 0 %.
double expectedCpuPercent(const QJsonObject &o)
{
    const double previousSystem =
        field(o, {QStringLiteral("precpu_stats"), QStringLiteral("system_cpu_usage")});
    const double cpuDelta =
        field(o, {QStringLiteral("cpu_stats"), QStringLiteral("cpu_usage"), QStringLiteral("total_usage")}) -
        field(o,
              {QStringLiteral("precpu_stats"), QStringLiteral("cpu_usage"), QStringLiteral("total_usage")});
    const double systemDelta =
        field(o, {QStringLiteral("cpu_stats"), QStringLiteral("system_cpu_usage")}) - previousSystem;
    double cpus = field(o, {QStringLiteral("cpu_stats"), QStringLiteral("online_cpus")});
    if (cpus == 0)
        cpus = o.value(QLatin1String("cpu_stats"))
                   .toObject()
                   .value(QLatin1String("cpu_usage"))
                   .toObject()
                   .value(QLatin1String("percpu_usage"))
                   .toArray()
                   .size();
    if (previousSystem <= 0 || systemDelta <= 0 || cpuDelta <= 0)
        return 0.0;
    return cpuDelta / systemDelta * cpus * 100.0;
}

bool fuzzyEqual(double a, double b)
{
    return qAbs(a - b) <= 1e-9 * qMax(1.0, qAbs(b));
}

} // namespace

class TestTypes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statsSample_data();
    void statsSample();
    void statsOnlineCpusFromPerCpuList();
    void statsPreviousReadingMissing_data();
    void statsPreviousReadingMissing();

    void containerSpecToJson();
    void containerSpecMinimalJson();
    void validateAccepts_data();
    void validateAccepts();
    void validateRefuses_data();
    void validateRefuses();
    void validateRefusesUnconfined_data();
    void validateRefusesUnconfined();

    void errorFromRecorded404();
    void errorFromHttp_data();
    void errorFromHttp();

    void filterQueryValue();
    void registryAuthHeader();
    void apiVersionParse_data();
    void apiVersionParse();
    void apiVersionCompare();
    void jsonTime_data();
    void jsonTime();
    void recordedEvent();
    void recordedVersion();
};

void TestTypes::statsSample_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QDateTime>("read");
    QTest::addColumn<double>("cpuPercent");
    QTest::addColumn<int>("onlineCpus");
    QTest::addColumn<qint64>("memoryUsage");
    QTest::addColumn<qint64>("memoryLimit");
    QTest::addColumn<qint64>("pids");
    QTest::addColumn<qint64>("netRx");
    QTest::addColumn<qint64>("netTx");
    QTest::addColumn<qint64>("blockRead");
    QTest::addColumn<qint64>("blockWrite");
    QTest::addColumn<qint64>("throttledPeriods");

    // Recorded from a container that had already exited: the engine sends zeros, and no
    // "read" time (0001-01-01).
    QTest::addRow("recorded, exited")
        << QStringLiteral("stats-once.http") << QDateTime() << 0.0 << 0 << qint64(0) << qint64(0) << qint64(0)
        << qint64(0) << qint64(0) << qint64(0) << qint64(0) << qint64(0);
    // cgroup v1: usage minus total_inactive_file (not inactive_file); Read/Write of every
    // device summed, Sync/Total ignored; both interfaces summed.
    QTest::addRow("cgroup v1") << QStringLiteral("stats-cgroup1.json")
                               << QDateTime(QDate(2026, 11, 23), QTime(8, 0, 30, 123), Qt::UTC)
                               << (400e6 - 200e6) / (20e9 - 18e9) * 4 * 100 << 4
                               << qint64(104857600 - 20971520) << qint64(536870912) << qint64(7)
                               << qint64(1500 + 500) << qint64(700 + 300) << qint64(4096 + 1000)
                               << qint64(8192 + 24) << qint64(3);
    // cgroup v2: inactive_file, lower-case ops, no per-CPU list.
    QTest::addRow("cgroup v2") << QStringLiteral("stats-cgroup2.json")
                               << QDateTime(QDate(2026, 11, 23), QTime(8, 0, 30, 500), Qt::UTC)
                               << (150e6 - 100e6) / (12e9 - 10e9) * 2 * 100 << 2
                               << qint64(52428800 - 15728640) << qint64(268435456) << qint64(3)
                               << qint64(4096) << qint64(2048) << qint64(65536) << qint64(32768) << qint64(0);
    // No previous reading: no CPU rate. The page cache exceeds usage, so nothing is taken off.
    QTest::addRow("first sample") << QStringLiteral("stats-first-sample.json")
                                  << QDateTime(QDate(2026, 11, 23), QTime(8, 0, 30), Qt::UTC) << 0.0 << 2
                                  << qint64(1048576) << qint64(268435456) << qint64(1) << qint64(0)
                                  << qint64(0) << qint64(0) << qint64(0) << qint64(0);
}

void TestTypes::statsSample()
{
    QFETCH(QString, fixture);
    QFETCH(QDateTime, read);
    QFETCH(double, cpuPercent);
    QFETCH(int, onlineCpus);
    QFETCH(qint64, memoryUsage);
    QFETCH(qint64, memoryLimit);
    QFETCH(qint64, pids);
    QFETCH(qint64, netRx);
    QFETCH(qint64, netTx);
    QFETCH(qint64, blockRead);
    QFETCH(qint64, blockWrite);
    QFETCH(qint64, throttledPeriods);

    const QJsonObject o = statsFixture(fixture);
    const StatsSample s = json::statsSample(o);
    QVERIFY2(fuzzyEqual(cpuPercent, expectedCpuPercent(o)), "the table disagrees with the formula");
    QVERIFY2(fuzzyEqual(s.cpuPercent, cpuPercent), qPrintable(QString::number(s.cpuPercent)));
    QCOMPARE(s.read.isValid(), read.isValid());
    if (read.isValid())
        QCOMPARE(s.read.toMSecsSinceEpoch(), read.toMSecsSinceEpoch());
    QCOMPARE(s.onlineCpus, onlineCpus);
    QCOMPARE(s.memoryUsage, memoryUsage);
    QCOMPARE(s.memoryLimit, memoryLimit);
    const double memoryPercent = memoryLimit > 0 ? double(memoryUsage) / double(memoryLimit) * 100.0 : 0.0;
    QVERIFY(fuzzyEqual(s.memoryPercent, memoryPercent));
    QCOMPARE(s.pids, pids);
    QCOMPARE(s.netRx, netRx);
    QCOMPARE(s.netTx, netTx);
    QCOMPARE(s.blockRead, blockRead);
    QCOMPARE(s.blockWrite, blockWrite);
    QCOMPARE(s.throttledPeriods, throttledPeriods);
}

void TestTypes::statsOnlineCpusFromPerCpuList()
{
    // Engines before API 1.27 do not send online_cpus; the CLI counts percpu_usage instead.
    QJsonObject o = statsFixture(QStringLiteral("stats-cgroup1.json"));
    QJsonObject cpu = o.value(QLatin1String("cpu_stats")).toObject();
    cpu.remove(QLatin1String("online_cpus"));
    o.insert(QLatin1String("cpu_stats"), cpu);
    const StatsSample s = json::statsSample(o);
    QCOMPARE(s.onlineCpus, 4);
    QVERIFY(fuzzyEqual(s.cpuPercent, 40.0));
    QVERIFY(fuzzyEqual(s.cpuPercent, expectedCpuPercent(o)));
    QCOMPARE(s.pidsLimit, 256);
    QCOMPARE(s.failcnt, 2);
}

void TestTypes::statsPreviousReadingMissing_data()
{
    QTest::addColumn<QJsonObject>("precpu");
    QTest::addRow("empty object") << QJsonObject();
    QTest::addRow("zeros, no system usage")
        << QJsonObject{{QLatin1String("cpu_usage"), QJsonObject{{QLatin1String("total_usage"), 0}}}};
    QTest::addRow("system usage zero")
        << QJsonObject{{QLatin1String("cpu_usage"), QJsonObject{{QLatin1String("total_usage"), 0}}},
                       {QLatin1String("system_cpu_usage"), 0}};
}

void TestTypes::statsPreviousReadingMissing()
{
    QFETCH(QJsonObject, precpu);
    QJsonObject o = statsFixture(QStringLiteral("stats-cgroup1.json"));
    o.insert(QLatin1String("precpu_stats"), precpu);
    const StatsSample s = json::statsSample(o);
    // Against a zero baseline the "rate" would be the average since the host booted.
    QCOMPARE(s.cpuPercent, 0.0);
    QCOMPARE(s.onlineCpus, 4);
}

void TestTypes::containerSpecToJson()
{
    ContainerSpec spec;
    spec.image = QStringLiteral("fuzzforge/worker:1");
    spec.cmd = {QStringLiteral("run"), QStringLiteral("--target"), QStringLiteral("/in")};
    spec.entrypoint = QStringList{};
    spec.env = {QStringLiteral("FF_JOB=42")};
    spec.user = QStringLiteral("1000:1000");
    spec.workingDir = QStringLiteral("/work");
    spec.labels = {{QStringLiteral("fuzzforge.job"), QStringLiteral("42")}};
    spec.binds = {QStringLiteral("/home/u/target:/in:ro")};
    spec.tmpfs = {{QStringLiteral("/tmp"), QStringLiteral("rw,noexec,nosuid,size=64m")}};
    spec.mounts = {
        Mount{Mount::Type::Volume, QStringLiteral("ff-corpus"), QStringLiteral("/corpus"), false, 0, {}},
        Mount{Mount::Type::Tmpfs, {}, QStringLiteral("/scratch"), false, 1 << 20, {}}};
    spec.capDrop = {QStringLiteral("ALL")};
    spec.securityOpt = {QStringLiteral("no-new-privileges:true")};
    spec.readonlyRootfs = true;
    spec.networkMode = QStringLiteral("none");
    spec.memory = 512ll * 1024 * 1024;
    spec.memorySwap = spec.memory;
    spec.nanoCpus = 1'500'000'000;
    spec.pidsLimit = 256;
    spec.stopTimeout = 10;
    QVERIFY(!spec.validate());

    const QJsonObject o = spec.toJson();
    QCOMPARE(o.value(QLatin1String("Image")).toString(), spec.image);
    QCOMPARE(o.value(QLatin1String("Cmd")).toArray().size(), 3);
    // An explicit empty entrypoint clears the image's; it must be sent, not left out.
    QVERIFY(o.value(QLatin1String("Entrypoint")).isArray());
    QCOMPARE(o.value(QLatin1String("Env")).toArray().first().toString(), QStringLiteral("FF_JOB=42"));
    QCOMPARE(o.value(QLatin1String("User")).toString(), QStringLiteral("1000:1000"));
    QCOMPARE(o.value(QLatin1String("WorkingDir")).toString(), QStringLiteral("/work"));
    QCOMPARE(o.value(QLatin1String("Labels")).toObject().value(QLatin1String("fuzzforge.job")).toString(),
             QStringLiteral("42"));
    QCOMPARE(o.value(QLatin1String("StopTimeout")).toInt(), 10);
    QCOMPARE(o.value(QLatin1String("Tty")).toBool(true), false);

    const QJsonObject host = o.value(QLatin1String("HostConfig")).toObject();
    QCOMPARE(host.value(QLatin1String("CapDrop")).toArray(), QJsonArray({QStringLiteral("ALL")}));
    QVERIFY(!host.contains(QLatin1String("CapAdd")));
    QCOMPARE(host.value(QLatin1String("SecurityOpt")).toArray(),
             QJsonArray({QStringLiteral("no-new-privileges:true")}));
    QCOMPARE(host.value(QLatin1String("ReadonlyRootfs")), QJsonValue(true));
    QCOMPARE(host.value(QLatin1String("Privileged")), QJsonValue(false));
    QCOMPARE(host.value(QLatin1String("NetworkMode")).toString(), QStringLiteral("none"));
    QCOMPARE(host.value(QLatin1String("Memory")).toInteger(), 536870912);
    QCOMPARE(host.value(QLatin1String("MemorySwap")).toInteger(), 536870912);
    QCOMPARE(host.value(QLatin1String("NanoCpus")).toInteger(), 1500000000);
    QCOMPARE(host.value(QLatin1String("PidsLimit")).toInteger(), 256);
    QCOMPARE(host.value(QLatin1String("AutoRemove")), QJsonValue(false));
    QCOMPARE(host.value(QLatin1String("Binds")).toArray(),
             QJsonArray({QStringLiteral("/home/u/target:/in:ro")}));
    QCOMPARE(host.value(QLatin1String("Tmpfs")).toObject().value(QLatin1String("/tmp")).toString(),
             QStringLiteral("rw,noexec,nosuid,size=64m"));

    const QJsonArray mounts = host.value(QLatin1String("Mounts")).toArray();
    QCOMPARE(mounts.size(), 2);
    const QJsonObject volume = mounts.at(0).toObject();
    QCOMPARE(volume.value(QLatin1String("Type")).toString(), QStringLiteral("volume"));
    QCOMPARE(volume.value(QLatin1String("Source")).toString(), QStringLiteral("ff-corpus"));
    QCOMPARE(volume.value(QLatin1String("Target")).toString(), QStringLiteral("/corpus"));
    const QJsonObject scratch = mounts.at(1).toObject();
    QCOMPARE(scratch.value(QLatin1String("Type")).toString(), QStringLiteral("tmpfs"));
    QVERIFY(!scratch.contains(QLatin1String("Source")));
    QCOMPARE(
        scratch.value(QLatin1String("TmpfsOptions")).toObject().value(QLatin1String("SizeBytes")).toInteger(),
        1 << 20);
}

void TestTypes::containerSpecMinimalJson()
{
    ContainerSpec spec;
    spec.image = QStringLiteral("alpine");
    const QJsonObject o = spec.toJson();
    QVERIFY(!o.contains(QLatin1String("Cmd")));
    QVERIFY(!o.contains(QLatin1String("Entrypoint")));
    const QJsonObject host = o.value(QLatin1String("HostConfig")).toObject();
    // Privileged is always sent, false; limits left at 0 are not sent at all.
    QCOMPARE(host.value(QLatin1String("Privileged")), QJsonValue(false));
    QVERIFY(!host.contains(QLatin1String("Memory")));
    QVERIFY(!host.contains(QLatin1String("MemorySwap")));
    QVERIFY(!host.contains(QLatin1String("NanoCpus")));
    QVERIFY(!host.contains(QLatin1String("PidsLimit")));
    QVERIFY(!host.contains(QLatin1String("Binds")));
    QVERIFY(!host.contains(QLatin1String("NetworkMode")));
}

void TestTypes::validateAccepts_data()
{
    QTest::addColumn<QStringList>("binds");
    QTest::addColumn<QString>("mountSource");
    QTest::addColumn<QStringList>("capAdd");

    QTest::addRow("plain") << QStringList{} << QString() << QStringList{};
    QTest::addRow("read-only bind") << QStringList{QStringLiteral("/home/u/src:/src:ro")} << QString()
                                    << QStringList{};
    QTest::addRow("bind mount") << QStringList{} << QStringLiteral("/srv/corpus") << QStringList{};
    QTest::addRow("harmless cap") << QStringList{} << QString()
                                  << QStringList{QStringLiteral("NET_BIND_SERVICE")};
    QTest::addRow("run subfolder") << QStringList{QStringLiteral("/run/user/1000/ff:/x")} << QString()
                                   << QStringList{};
}

void TestTypes::validateAccepts()
{
    QFETCH(QStringList, binds);
    QFETCH(QString, mountSource);
    QFETCH(QStringList, capAdd);
    ContainerSpec spec;
    spec.image = QStringLiteral("alpine");
    spec.binds = binds;
    spec.capAdd = capAdd;
    if (!mountSource.isEmpty())
        spec.mounts = {Mount{Mount::Type::Bind, mountSource, QStringLiteral("/m"), true, 0, {}}};
    const Error e = spec.validate();
    QVERIFY2(!e, qPrintable(e.toString()));
}

void TestTypes::validateRefuses_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<QStringList>("binds");
    QTest::addColumn<QString>("mountSource");
    QTest::addColumn<QStringList>("capAdd");

    const QString image = QStringLiteral("alpine");
    QTest::addRow("no image") << QString() << QStringList{} << QString() << QStringList{};
    QTest::addRow("socket bind") << image
                                 << QStringList{QStringLiteral("/var/run/docker.sock:/var/run/docker.sock")}
                                 << QString() << QStringList{};
    QTest::addRow("socket bind ro") << image << QStringList{QStringLiteral("/run/docker.sock:/s:ro")}
                                    << QString() << QStringList{};
    QTest::addRow("socket after good bind")
        << image
        << QStringList{QStringLiteral("/src:/src:ro"), QStringLiteral("/var/run/docker.sock:/d.sock")}
        << QString() << QStringList{};
    QTest::addRow("folder of the socket")
        << image << QStringList{QStringLiteral("/var/run:/host-run")} << QString() << QStringList{};
    // Spellings of the same folders must not get around the check.
    QTest::addRow("trailing slash") << image << QStringList{QStringLiteral("/var/run/:/host-run")}
                                    << QString() << QStringList{};
    QTest::addRow("dot segment") << image << QStringList{QStringLiteral("/var/./run:/host-run")} << QString()
                                 << QStringList{};
    QTest::addRow("double slash") << image << QStringList{QStringLiteral("/var//run/docker.sock:/d")}
                                  << QString() << QStringList{};
    // A folder that holds the socket exposes it as much as the socket itself.
    QTest::addRow("host root") << image << QStringList{QStringLiteral("/:/host:ro")} << QString()
                               << QStringList{};
    QTest::addRow("host var") << image << QStringList{QStringLiteral("/var:/host-var")} << QString()
                              << QStringList{};
    QTest::addRow("socket mount") << image << QStringList{} << QStringLiteral("/var/run/docker.sock")
                                  << QStringList{};
    QTest::addRow("socket mount trailing slash")
        << image << QStringList{} << QStringLiteral("/run/") << QStringList{};
    QTest::addRow("cap ALL") << image << QStringList{} << QString() << QStringList{QStringLiteral("ALL")};
    QTest::addRow("cap all") << image << QStringList{} << QString() << QStringList{QStringLiteral("all")};
    QTest::addRow("cap SYS_ADMIN") << image << QStringList{} << QString()
                                   << QStringList{QStringLiteral("NET_RAW"), QStringLiteral("SYS_ADMIN")};
    QTest::addRow("cap CAP_SYS_ADMIN")
        << image << QStringList{} << QString() << QStringList{QStringLiteral("cap_sys_admin")};
    QTest::addRow("cap SYS_PTRACE") << image << QStringList{} << QString()
                                    << QStringList{QStringLiteral("SYS_PTRACE")};
    QTest::addRow("cap SYS_MODULE") << image << QStringList{} << QString()
                                    << QStringList{QStringLiteral("CAP_SYS_MODULE")};
    QTest::addRow("cap DAC_READ_SEARCH")
        << image << QStringList{} << QString() << QStringList{QStringLiteral("dac_read_search")};
}

void TestTypes::validateRefusesUnconfined_data()
{
    QTest::addColumn<QString>("option");
    QTest::addRow("seccomp") << "seccomp=unconfined";
    QTest::addRow("seccomp colon") << "seccomp:unconfined";
    QTest::addRow("apparmor") << "apparmor=unconfined";
    QTest::addRow("new privileges") << "no-new-privileges:false";
}

void TestTypes::validateRefusesUnconfined()
{
    QFETCH(QString, option);
    ContainerSpec spec;
    spec.image = QStringLiteral("alpine");
    spec.securityOpt = {QStringLiteral("no-new-privileges:true"), option};
    const Error e = spec.validate();
    QCOMPARE(e.kind, Error::Kind::InvalidArgument);
    QVERIFY2(e.message.contains(option), qPrintable(e.message));
    spec.securityOpt = {QStringLiteral("no-new-privileges:true")};
    QVERIFY(!spec.validate());
}

void TestTypes::validateRefuses()
{
    QFETCH(QString, image);
    QFETCH(QStringList, binds);
    QFETCH(QString, mountSource);
    QFETCH(QStringList, capAdd);
    ContainerSpec spec;
    spec.image = image;
    spec.binds = binds;
    spec.capAdd = capAdd;
    if (!mountSource.isEmpty())
        spec.mounts = {Mount{Mount::Type::Bind, mountSource, QStringLiteral("/m"), true, 0, {}}};
    const Error e = spec.validate();
    QVERIFY(e.isError());
    QCOMPARE(e.kind, Error::Kind::InvalidArgument);
    QVERIFY(!e.message.isEmpty());
}

void TestTypes::errorFromRecorded404()
{
    HttpResponseParser parser;
    QVERIFY(parser.feed(ff::test::readFixture(QStringLiteral("error-404.http"))));
    QVERIFY(parser.finish());
    const Error e = Error::fromHttp(parser.status(), parser.takeBody());
    QCOMPARE(e.kind, Error::Kind::NotFound);
    QCOMPARE(e.httpStatus, 404);
    QCOMPARE(e.message, QStringLiteral("No such container: does-not-exist"));
    QCOMPARE(e.toString(), QStringLiteral("not found (HTTP 404): No such container: does-not-exist"));
    QVERIFY(!e.isTransient());
}

void TestTypes::errorFromHttp_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Error::Kind>("kind");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("transient");

    QTest::addRow("400") << 400 << QByteArrayLiteral("{\"message\":\"bad parameter\"}")
                         << Error::Kind::BadRequest << QStringLiteral("bad parameter") << false;
    QTest::addRow("401") << 401 << QByteArrayLiteral("{\"message\":\"login\"}") << Error::Kind::Unauthorized
                         << QStringLiteral("login") << false;
    QTest::addRow("403") << 403 << QByteArrayLiteral("{\"message\":\"no\"}") << Error::Kind::Unauthorized
                         << QStringLiteral("no") << false;
    QTest::addRow("404") << 404 << QByteArrayLiteral("{\"message\":\"No such image: x\"}\n")
                         << Error::Kind::NotFound << QStringLiteral("No such image: x") << false;
    QTest::addRow("409") << 409
                         << QByteArrayLiteral(
                                "{\"message\":\"Conflict. The container name \\\"/ff\\\" is already "
                                "in use\"}")
                         << Error::Kind::Conflict
                         << QStringLiteral("Conflict. The container name \"/ff\" is already in use") << false;
    QTest::addRow("500") << 500 << QByteArrayLiteral("{\"message\":\"boom\"}") << Error::Kind::EngineError
                         << QStringLiteral("boom") << true;
    QTest::addRow("304 empty") << 304 << QByteArray() << Error::Kind::EngineError
                               << QStringLiteral("the engine answered HTTP 304 without a message") << false;
    QTest::addRow("plain text body") << 502 << QByteArrayLiteral("  Bad Gateway\n")
                                     << Error::Kind::EngineError << QStringLiteral("Bad Gateway") << true;
    QTest::addRow("json without message")
        << 500 << QByteArrayLiteral("{\"error\":\"x\"}") << Error::Kind::EngineError
        << QStringLiteral("{\"error\":\"x\"}") << true;
}

void TestTypes::errorFromHttp()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(Error::Kind, kind);
    QFETCH(QString, message);
    QFETCH(bool, transient);

    const Error e = Error::fromHttp(status, body);
    QCOMPARE(e.kind, kind);
    QCOMPARE(e.httpStatus, status);
    QCOMPARE(e.message, message);
    QCOMPARE(e.isTransient(), transient);
    QVERIFY(e.isError());
}

void TestTypes::filterQueryValue()
{
    QVERIFY(Filter{}.toQueryValue().isEmpty());

    Filter simple;
    simple.labels = {QStringLiteral("a=b")};
    QCOMPARE(simple.toQueryValue(), QByteArrayLiteral("%7B%22label%22%3A%5B%22a%3Db%22%5D%7D"));

    Filter f;
    f.labels = {QStringLiteral("fuzzforge.job=42"), QStringLiteral("fuzzforge")};
    f.names = {QStringLiteral("ff worker")};
    f.types = {QStringLiteral("container")};
    f.events = {QStringLiteral("die"), QStringLiteral("oom")};
    const QByteArray value = f.toQueryValue();
    // Nothing that would end or split a query parameter survives unencoded.
    for (const char c : {'{', '}', '"', ' ', '=', '&', '+', ':', ',', '[', ']', '#'})
        QVERIFY2(!value.contains(c), value.constData());

    const QJsonObject o = jsonObject(QByteArray::fromPercentEncoding(value));
    QCOMPARE(o.value(QLatin1String("label")).toArray(),
             QJsonArray({QStringLiteral("fuzzforge.job=42"), QStringLiteral("fuzzforge")}));
    QCOMPARE(o.value(QLatin1String("name")).toArray(), QJsonArray({QStringLiteral("ff worker")}));
    QCOMPARE(o.value(QLatin1String("type")).toArray(), QJsonArray({QStringLiteral("container")}));
    QCOMPARE(o.value(QLatin1String("event")).toArray(),
             QJsonArray({QStringLiteral("die"), QStringLiteral("oom")}));
}

void TestTypes::registryAuthHeader()
{
    RegistryAuth auth;
    auth.username = QStringLiteral("ff");
    // Bytes whose standard base64 needs '+' and '/', which the URL alphabet replaces.
    auth.password = QStringLiteral("?>?>~~~\u00ff");
    auth.serverAddress = QStringLiteral("registry.example:5000");
    const QByteArray header = auth.toHeaderValue();
    QVERIFY(!header.contains('+'));
    QVERIFY(!header.contains('/'));
    const QByteArray json = QByteArray::fromBase64(header, QByteArray::Base64UrlEncoding |
                                                               QByteArray::AbortOnBase64DecodingErrors);
    QVERIFY(json.toBase64().contains('+') || json.toBase64().contains('/'));
    const QJsonObject o = jsonObject(json);
    QCOMPARE(o.value(QLatin1String("username")).toString(), auth.username);
    QCOMPARE(o.value(QLatin1String("password")).toString(), auth.password);
    QCOMPARE(o.value(QLatin1String("serveraddress")).toString(), auth.serverAddress);
    QVERIFY(!o.contains(QLatin1String("identitytoken")));

    // An identity token replaces the user name and password.
    auth.identityToken = QStringLiteral("tok");
    const QJsonObject t =
        jsonObject(QByteArray::fromBase64(auth.toHeaderValue(), QByteArray::Base64UrlEncoding));
    QCOMPARE(t.value(QLatin1String("identitytoken")).toString(), QStringLiteral("tok"));
    QVERIFY(!t.contains(QLatin1String("username")));
    QVERIFY(!t.contains(QLatin1String("password")));
    QCOMPARE(t.value(QLatin1String("serveraddress")).toString(), auth.serverAddress);
}

void TestTypes::apiVersionParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("major");
    QTest::addColumn<int>("minor");

    QTest::addRow("1.41") << QStringLiteral("1.41") << true << 1 << 41;
    QTest::addRow("1.9") << QStringLiteral("1.9") << true << 1 << 9;
    QTest::addRow("2.0") << QStringLiteral("2.0") << true << 2 << 0;
    QTest::addRow("empty") << QString() << false << 0 << 0;
    QTest::addRow("no dot") << QStringLiteral("141") << false << 0 << 0;
    QTest::addRow("no major") << QStringLiteral(".41") << false << 0 << 0;
    QTest::addRow("no minor") << QStringLiteral("1.") << false << 0 << 0;
    QTest::addRow("letters") << QStringLiteral("a.b") << false << 0 << 0;
    QTest::addRow("three parts") << QStringLiteral("1.41.0") << false << 0 << 0;
}

void TestTypes::apiVersionParse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, major);
    QFETCH(int, minor);

    const auto v = ApiVersion::parse(text);
    QCOMPARE(v.has_value(), valid);
    if (valid) {
        QCOMPARE(v->major, major);
        QCOMPARE(v->minor, minor);
        QCOMPARE(v->toString(), text);
    }
}

void TestTypes::apiVersionCompare()
{
    const ApiVersion v141{1, 41};
    // Numeric, not textual: 1.41 is newer than 1.9.
    QVERIFY(v141 > (ApiVersion{1, 9}));
    QVERIFY(v141 > (ApiVersion{1, 24}));
    QVERIFY(v141 < (ApiVersion{1, 43}));
    QVERIFY(v141 < (ApiVersion{2, 0}));
    QVERIFY(v141 == *ApiVersion::parse(u"1.41"));
    QVERIFY(v141 >= *ApiVersion::parse(u"1.41"));
}

void TestTypes::jsonTime_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QDateTime>("expected");

    const QDate day(2026, 11, 23);
    QTest::addRow("nanoseconds") << QJsonValue(QStringLiteral("2026-11-23T08:00:28.598143660Z"))
                                 << QDateTime(day, QTime(8, 0, 28, 598), Qt::UTC);
    QTest::addRow("trimmed nanoseconds") << QJsonValue(QStringLiteral("2026-11-23T08:00:28.5Z"))
                                         << QDateTime(day, QTime(8, 0, 28, 500), Qt::UTC);
    QTest::addRow("no fraction") << QJsonValue(QStringLiteral("2026-11-23T08:00:28Z"))
                                 << QDateTime(day, QTime(8, 0, 28), Qt::UTC);
    QTest::addRow("offset") << QJsonValue(QStringLiteral("2026-11-23T10:00:28.000000001+02:00"))
                            << QDateTime(day, QTime(8, 0, 28), Qt::UTC);
    QTest::addRow("unix seconds") << QJsonValue(1795420828) << QDateTime(day, QTime(8, 0, 28), Qt::UTC);
    // Go's zero time means "never" (a container not yet finished).
    QTest::addRow("zero time") << QJsonValue(QStringLiteral("0001-01-01T00:00:00Z")) << QDateTime();
    QTest::addRow("empty") << QJsonValue(QString()) << QDateTime();
    QTest::addRow("missing") << QJsonValue(QJsonValue::Undefined) << QDateTime();
}

void TestTypes::jsonTime()
{
    QFETCH(QJsonValue, value);
    QFETCH(QDateTime, expected);
    const QDateTime t = json::time(value);
    QCOMPARE(t.isValid(), expected.isValid());
    if (expected.isValid())
        QCOMPARE(t.toMSecsSinceEpoch(), expected.toMSecsSinceEpoch());
}

void TestTypes::recordedEvent()
{
    HttpResponseParser parser;
    QVERIFY(parser.feed(ff::test::readFixture(QStringLiteral("events.http"))));
    const QByteArray body = parser.takeBody();
    const DockerEvent e = json::event(jsonObject(body.left(body.indexOf('\n'))));
    QCOMPARE(e.type, QStringLiteral("container"));
    QCOMPARE(e.action, QStringLiteral("create"));
    QCOMPARE(e.actorId, QStringLiteral("44211f265217cc2063a3d2b19bee6970b5d73bd18d88c0028fcafc153bc13ddc"));
    QCOMPARE(e.attributes.value(QStringLiteral("name")), QStringLiteral("blissful_kalam"));
    QCOMPARE(e.attributes.value(QStringLiteral("image")), QStringLiteral("debian:bookworm-slim"));
    QCOMPARE(e.timeNano, 1795420828598143660ll);
    QCOMPARE(e.time.toMSecsSinceEpoch(), 1795420828598ll);
}

void TestTypes::recordedVersion()
{
    const VersionInfo v = json::versionInfo(jsonObject(recordedBody(QStringLiteral("version.http"))));
    QCOMPARE(v.version, QStringLiteral("20.10.24+dfsg1"));
    QCOMPARE(v.apiVersion, QStringLiteral("1.41"));
    QCOMPARE(v.minApiVersion, QStringLiteral("1.12"));
    QCOMPARE(v.os, QStringLiteral("linux"));
    QCOMPARE(v.arch, QStringLiteral("amd64"));
    QCOMPARE(*ApiVersion::parse(v.apiVersion), (ApiVersion{1, 41}));
}

QTEST_GUILESS_MAIN(TestTypes)
#include "tst_types.moc"

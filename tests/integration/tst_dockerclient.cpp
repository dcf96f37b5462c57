// The Docker client against the real engine: images, containers, logs, stats, archives,
// events, volumes, networks and the engine's own error answers.
#include "docker/dockerclient.h"
#include "docker/tararchive.h"
#include "enginefixture.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

using namespace ff::docker;
using ff::test::wait;

class TestDockerClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void versionInfoAndNegotiation();
    void buildUsesCacheTheSecondTime();
    void buildFailureIsAnError();
    void stdoutAndStderrAreDemultiplexedInOrder();
    void followLogsUntilExit();
    void ttyLogsAreRaw();
    void statsWithMemoryLimit();
    void copyFileOutOfStoppedContainer();
    void putArchiveRoundTrip();
    void eventsSeeCreateStartDie();
    void memoryLimitKillIsReportedAsOom();
    void volumesNetworksAndLabels();
    void engineErrors();
    void timeoutAndCancel();

private:
    ContainerSpec spec(const QStringList &cmd) const;
    QString create(const ContainerSpec &s);
    QString runToExit(const ContainerSpec &s, int *exitCode = nullptr);
    QList<LogLine> collectLogs(const QString &id, LogOptions options);

    DockerClient *m_client = nullptr;
    QString m_label; // every object this test makes carries it, so cleanup finds them all
    QStringList m_images;
};

static const QString kBase = QStringLiteral("debian:bookworm-slim");

void TestDockerClient::initTestCase()
{
    m_client = DockerClient::fromEnvironment(this);
    m_label = QStringLiteral("org.fuzzforge.test=") + ff::test::uniqueName(QStringLiteral("dockerclient"));
    const auto ping = wait(m_client->ping());
    QVERIFY2(ping.ok(),
             qPrintable(QStringLiteral("the Docker engine must answer (run packaging/setup.sh): ") +
                        ping.error().toString()));
    const auto base = wait(m_client->inspectImage(kBase));
    QVERIFY2(base.ok(), "the base image debian:bookworm-slim must exist (packaging/setup.sh makes it)");
}

void TestDockerClient::cleanupTestCase()
{
    Filter f;
    f.labels << m_label;
    const auto containers = wait(m_client->listContainers(f));
    if (containers)
        for (const auto &c : containers.value())
            wait(m_client->removeContainer(c.id, true, true));
    const auto volumes = wait(m_client->listVolumes(f));
    if (volumes)
        for (const auto &v : volumes.value())
            wait(m_client->removeVolume(v.name, true));
    const auto networks = wait(m_client->listNetworks(f));
    if (networks)
        for (const auto &n : networks.value())
            wait(m_client->removeNetwork(n.id));
    for (const QString &image : std::as_const(m_images))
        wait(m_client->removeImage(image, true));
}

ContainerSpec TestDockerClient::spec(const QStringList &cmd) const
{
    ContainerSpec s;
    s.image = kBase;
    s.cmd = cmd;
    const auto kv = m_label.split(QLatin1Char('='));
    s.labels.insert(kv[0], kv[1]);
    return s;
}

QString TestDockerClient::create(const ContainerSpec &s)
{
    const auto id = wait(m_client->createContainer(s));
    if (!id)
        qWarning("create failed: %s", qPrintable(id.error().toString()));
    return id ? id.value() : QString();
}

QString TestDockerClient::runToExit(const ContainerSpec &s, int *exitCode)
{
    const QString id = create(s);
    if (id.isEmpty())
        return {};
    const auto started = wait(m_client->startContainer(id));
    if (!started) {
        qWarning("start failed: %s", qPrintable(started.error().toString()));
        return {};
    }
    const auto waited = wait(m_client->waitContainer(id));
    if (!waited)
        return {};
    if (exitCode)
        *exitCode = waited->statusCode;
    return id;
}

QList<LogLine> TestDockerClient::collectLogs(const QString &id, LogOptions options)
{
    QList<LogLine> lines;
    QPointer<LogStream> stream = m_client->logs(id, options);
    connect(stream, &LogStream::line, this, [&lines](const LogLine &l) { lines << l; });
    QSignalSpy done(stream.data(), &StreamCall::finished);
    if (!done.wait(60000) || !done.first().first().value<Error>().toString().isEmpty()) {
        if (!done.isEmpty() && done.first().first().value<Error>().isError())
            qWarning("logs failed: %s", qPrintable(done.first().first().value<Error>().toString()));
    }
    return lines;
}

void TestDockerClient::versionInfoAndNegotiation()
{
    const auto version = wait(m_client->version());
    QVERIFY2(version.ok(), qPrintable(version.error().toString()));
    QVERIFY(!version->version.isEmpty());
    const auto engineApi = ApiVersion::parse(version->apiVersion);
    QVERIFY(engineApi.has_value());
    QVERIFY(*engineApi >= DockerClient::kMinimumApi);
    // The client speaks the engine's version, capped at its own maximum.
    QCOMPARE(m_client->apiVersion(), std::min(*engineApi, DockerClient::kMaximumApi).toString());

    const auto info = wait(m_client->info());
    QVERIFY2(info.ok(), qPrintable(info.error().toString()));
    QVERIFY(!info->storageDriver.isEmpty());
    QVERIFY(info->cpus > 0);
    QVERIFY(info->memTotal > 0);
}

void TestDockerClient::buildUsesCacheTheSecondTime()
{
    const QString marker = ff::test::uniqueName(QStringLiteral("marker"));
    const QByteArray dockerfile = "FROM debian:bookworm-slim\n"
                                  "RUN echo " +
                                  marker.toUtf8() +
                                  " > /marker.txt\n"
                                  "COPY hello.sh /usr/local/bin/hello.sh\n"
                                  "CMD [\"/usr/local/bin/hello.sh\"]\n";
    const auto context = tar::pack(
        {tar::Entry::file(QStringLiteral("Dockerfile"), dockerfile),
         tar::Entry::file(QStringLiteral("hello.sh"), QByteArray("#!/bin/sh\ncat /marker.txt\n"), 0755)});
    QVERIFY(context.ok());
    const QString tag = QStringLiteral("fuzzforge-test/build:") + marker;
    m_images << tag;

    auto build = [&](ImageJobResult *result, QList<ProgressEvent> *events) {
        BuildSpec b;
        b.context = context.value();
        b.tags << tag;
        b.labels.insert(QStringLiteral("org.fuzzforge.test"), marker);
        ImageJob *job = m_client->buildImage(b);
        connect(job, &ImageJob::progress, this, [events](const ProgressEvent &e) { *events << e; });
        QSignalSpy done(job, &ImageJob::done);
        QVERIFY(done.wait(180000));
        *result = done.first().first().value<ImageJobResult>();
    };

    ImageJobResult first;
    QList<ProgressEvent> firstEvents;
    build(&first, &firstEvents);
    QVERIFY2(!first.error.isError(), qPrintable(first.error.toString()));
    QVERIFY(first.imageId.startsWith(QLatin1String("sha256:")));
    // Four instructions, and a fifth LABEL step the engine adds for the build's labels.
    QCOMPARE(first.steps, 5);
    const auto steps = std::count_if(firstEvents.cbegin(), firstEvents.cend(), [](const ProgressEvent &e) {
        return e.kind == ProgressEvent::Kind::Step;
    });
    QCOMPARE(steps, 5);
    QCOMPARE(first.cacheHits, 0); // the marker makes the RUN step new

    ImageJobResult second;
    QList<ProgressEvent> secondEvents;
    build(&second, &secondEvents);
    QVERIFY2(!second.error.isError(), qPrintable(second.error.toString()));
    QCOMPARE(second.imageId, first.imageId);
    QVERIFY2(second.cacheHits >= 3, qPrintable(QString::number(second.cacheHits)));

    // The image works: its command prints the marker.
    ContainerSpec s = spec({});
    s.image = tag;
    int code = -1;
    const QString id = runToExit(s, &code);
    QVERIFY(!id.isEmpty());
    QCOMPARE(code, 0);
    const auto lines = collectLogs(id, {});
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().text, marker);
}

void TestDockerClient::buildFailureIsAnError()
{
    const auto context = tar::pack(
        {tar::Entry::file(QStringLiteral("Dockerfile"),
                          QByteArray("FROM debian:bookworm-slim\nRUN echo failing step && false\n"))});
    QVERIFY(context.ok());
    BuildSpec b;
    b.context = context.value();
    ImageJob *job = m_client->buildImage(b);
    QSignalSpy done(job, &ImageJob::done);
    QVERIFY(done.wait(120000));
    const auto result = done.first().first().value<ImageJobResult>();
    QVERIFY(result.error.isError());
    QVERIFY2(result.error.message.contains(QLatin1String("non-zero code")), qPrintable(result.error.message));

    // A Dockerfile that does not exist in the context is the engine's 4xx/5xx, with its message.
    BuildSpec missing;
    missing.context =
        tar::pack({tar::Entry::file(QStringLiteral("README"), QByteArray("no Dockerfile here"))}).value();
    job = m_client->buildImage(missing);
    QSignalSpy done2(job, &ImageJob::done);
    QVERIFY(done2.wait(60000));
    const auto r2 = done2.first().first().value<ImageJobResult>();
    QVERIFY(r2.error.isError());
    QVERIFY2(r2.error.message.contains(QLatin1String("Dockerfile"), Qt::CaseInsensitive),
             qPrintable(r2.error.toString()));
}

void TestDockerClient::stdoutAndStderrAreDemultiplexedInOrder()
{
    // Pauses between writes so the engine's two readers record them in the order written.
    // The last write has no newline: it still arrives, as a line of its own, at the end.
    const QString script =
        QStringLiteral("echo out1; sleep 0.2; echo err1 >&2; sleep 0.2; echo out2; sleep 0.2; "
                       "echo; echo 'out3 ünïcode'; sleep 0.2; printf 'err2 no newline' >&2");
    int code = -1;
    const QString id = runToExit(spec({QStringLiteral("sh"), QStringLiteral("-c"), script}), &code);
    QVERIFY(!id.isEmpty());
    QCOMPARE(code, 0);

    LogOptions options;
    options.timestamps = true;
    const auto lines = collectLogs(id, options);
    QStringList out, err, all;
    for (const auto &l : lines) {
        QVERIFY(l.timestamp.isValid());
        (l.stream == StreamKind::Stderr ? err : out) << l.text;
        all << l.text;
    }
    QCOMPARE(out, (QStringList{QStringLiteral("out1"), QStringLiteral("out2"), QString(),
                               QStringLiteral("out3 ünïcode")}));
    QCOMPARE(err, (QStringList{QStringLiteral("err1"), QStringLiteral("err2 no newline")}));
    QCOMPARE(all,
             (QStringList{QStringLiteral("out1"), QStringLiteral("err1"), QStringLiteral("out2"), QString(),
                          QStringLiteral("out3 ünïcode"), QStringLiteral("err2 no newline")}));
    for (qsizetype i = 1; i < lines.size(); ++i)
        QVERIFY(lines[i - 1].timestamp <= lines[i].timestamp);

    // Only stderr, when only stderr is asked for.
    LogOptions errOnly;
    errOnly.stdoutStream = false;
    const auto errLines = collectLogs(id, errOnly);
    QCOMPARE(errLines.size(), 2);
    QVERIFY(std::all_of(errLines.cbegin(), errLines.cend(),
                        [](const LogLine &l) { return l.stream == StreamKind::Stderr; }));
}

void TestDockerClient::followLogsUntilExit()
{
    const QString id = create(spec({QStringLiteral("sh"), QStringLiteral("-c"),
                                    QStringLiteral("for i in 1 2 3 4 5; do echo line$i; sleep 0.3; done")}));
    QVERIFY(!id.isEmpty());
    QVERIFY(wait(m_client->startContainer(id)).ok());
    LogOptions options;
    options.follow = true;
    QPointer<LogStream> stream = m_client->logs(id, options);
    QStringList seen;
    connect(stream, &LogStream::line, this, [&seen](const LogLine &l) { seen << l.text; });
    QSignalSpy done(stream.data(), &StreamCall::finished);
    // The first lines arrive while the container still runs...
    QTRY_VERIFY_WITH_TIMEOUT(seen.size() >= 2, 20000);
    const auto running = wait(m_client->inspectContainer(id));
    QVERIFY(running.ok());
    // ...and the stream ends by itself when the container exits.
    QVERIFY(done.wait(30000));
    QVERIFY(!done.first().first().value<Error>().isError());
    QCOMPARE(seen, (QStringList{QStringLiteral("line1"), QStringLiteral("line2"), QStringLiteral("line3"),
                                QStringLiteral("line4"), QStringLiteral("line5")}));
    QVERIFY(stream.isNull() || stream->isFinished());
    QTRY_VERIFY(stream.isNull()); // it deletes itself
}

void TestDockerClient::ttyLogsAreRaw()
{
    ContainerSpec s =
        spec({QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo tty-out; echo tty-err >&2")});
    s.tty = true;
    int code = -1;
    const QString id = runToExit(s, &code);
    QVERIFY(!id.isEmpty());
    // tty unset: the client inspects the container and reads the raw stream.
    const auto lines = collectLogs(id, {});
    QStringList texts;
    for (const auto &l : lines) {
        QCOMPARE(l.stream, StreamKind::Stdout); // a TTY has one stream
        texts << l.text;
    }
    QCOMPARE(texts, (QStringList{QStringLiteral("tty-out"), QStringLiteral("tty-err")}));
}

void TestDockerClient::statsWithMemoryLimit()
{
    ContainerSpec s =
        spec({QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("while :; do :; done & sleep 60")});
    s.memory = 64ll * 1024 * 1024;
    s.memorySwap = s.memory;
    s.pidsLimit = 32;
    s.nanoCpus = 500000000; // half a CPU
    const QString id = create(s);
    QVERIFY(!id.isEmpty());
    QVERIFY(wait(m_client->startContainer(id)).ok());

    const auto inspected = wait(m_client->inspectContainer(id));
    QVERIFY(inspected.ok());
    QCOMPARE(static_cast<qint64>(inspected->hostConfig.value(QLatin1String("Memory")).toDouble()), s.memory);
    QCOMPARE(static_cast<qint64>(inspected->hostConfig.value(QLatin1String("NanoCpus")).toDouble()),
             s.nanoCpus);

    const auto sample = wait(m_client->statsOnce(id));
    QVERIFY2(sample.ok(), qPrintable(sample.error().toString()));
    QCOMPARE(sample->memoryLimit, s.memory);
    QVERIFY(sample->memoryUsage > 0);
    QVERIFY(sample->memoryPercent > 0.0 && sample->memoryPercent < 100.0);
    QVERIFY(sample->pids >= 2);
    QVERIFY(sample->onlineCpus > 0);
    // A busy loop limited to half a CPU: clearly busy, never much above the quota.
    QVERIFY2(sample->cpuPercent > 10.0 && sample->cpuPercent < 75.0,
             qPrintable(QString::number(sample->cpuPercent)));

    QPointer<StatsStream> stream = m_client->stats(id);
    QList<StatsSample> samples;
    connect(stream, &StatsStream::sample, this, [&samples](const StatsSample &x) { samples << x; });
    QTRY_VERIFY_WITH_TIMEOUT(samples.size() >= 3, 15000);
    stream->cancel();
    QVERIFY(samples.last().cpuPercent > 10.0);
    QVERIFY(samples.last().read > samples.first().read);
    QVERIFY(wait(m_client->killContainer(id)).ok());
}

void TestDockerClient::copyFileOutOfStoppedContainer()
{
    int code = -1;
    const QString id = runToExit(spec({QStringLiteral("sh"), QStringLiteral("-c"),
                                       QStringLiteral("mkdir -p /out/sub && echo hello > /out/a.txt && "
                                                      "printf 'world' > /out/sub/b.txt")}),
                                 &code);
    QVERIFY(!id.isEmpty());
    QCOMPARE(code, 0);
    const auto state = wait(m_client->inspectContainer(id));
    QVERIFY(state.ok());
    QVERIFY(!state->state.running);

    QTemporaryDir dest;
    const auto written = wait(m_client->copyFromContainer(id, QStringLiteral("/out"), dest.path()));
    QVERIFY2(written.ok(), qPrintable(written.error().toString()));
    QVERIFY(written->contains(QStringLiteral("out/a.txt")));
    QFile a(dest.filePath(QStringLiteral("out/a.txt")));
    QVERIFY(a.open(QIODevice::ReadOnly));
    QCOMPARE(a.readAll(), QByteArray("hello\n"));
    QFile b(dest.filePath(QStringLiteral("out/sub/b.txt")));
    QVERIFY(b.open(QIODevice::ReadOnly));
    QCOMPARE(b.readAll(), QByteArray("world"));

    const auto missing = wait(m_client->getArchive(id, QStringLiteral("/no/such/file")));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().kind, Error::Kind::NotFound);
}

void TestDockerClient::putArchiveRoundTrip()
{
    const QString id = create(spec({QStringLiteral("true")}));
    QVERIFY(!id.isEmpty());
    QByteArray payload(200000, '\0');
    for (int i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<char>(i * 7 + 3);
    const auto archive = tar::pack({tar::Entry::file(QStringLiteral("blob.bin"), payload, 0600)});
    QVERIFY(archive.ok());
    const auto put = wait(m_client->putArchive(id, QStringLiteral("/tmp"), archive.value()));
    QVERIFY2(put.ok(), qPrintable(put.error().toString()));
    const auto got = wait(m_client->getArchive(id, QStringLiteral("/tmp/blob.bin")));
    QVERIFY2(got.ok(), qPrintable(got.error().toString()));
    const auto entries = tar::unpack(got.value());
    QVERIFY(entries.ok());
    QCOMPARE(entries->size(), 1);
    QCOMPARE(entries->first().path, QStringLiteral("blob.bin"));
    QCOMPARE(entries->first().data, payload);

    const auto refused = wait(m_client->putArchive(id, QStringLiteral("/does/not/exist"), archive.value()));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, Error::Kind::NotFound);
}

void TestDockerClient::eventsSeeCreateStartDie()
{
    Filter filter;
    filter.labels << m_label;
    filter.types << QStringLiteral("container");
    QPointer<EventStream> stream = m_client->events(filter);
    // However the test ends, the stream stops calling into this frame.
    const auto stopEvents = qScopeGuard([&stream, this] {
        if (stream) {
            stream->disconnect(this);
            stream->cancel();
        }
    });
    QSignalSpy started(stream.data(), &StreamCall::started);
    QList<DockerEvent> events;
    connect(stream, &EventStream::received, this, [&events](const DockerEvent &e) { events << e; });
    QVERIFY(started.wait(10000));

    // A container without our label must not show up.
    ContainerSpec other = spec({QStringLiteral("true")});
    other.labels.clear();
    other.labels.insert(QStringLiteral("org.fuzzforge.test"), QStringLiteral("unrelated"));
    const auto otherId = wait(m_client->createContainer(other));
    QVERIFY(otherId.ok());

    const QString id =
        runToExit(spec({QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("exit 3")}));
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(events.cbegin(), events.cend(),
                    [](const DockerEvent &e) { return e.action == QLatin1String("die"); }),
        15000);
    stream->cancel();
    wait(m_client->removeContainer(otherId.value(), true));

    QStringList actions;
    for (const auto &e : events) {
        QCOMPARE(e.type, QStringLiteral("container"));
        QCOMPARE(e.actorId, id);
        QVERIFY(e.time.isValid());
        actions << e.action;
    }
    QVERIFY2(actions.indexOf(QStringLiteral("create")) >= 0 &&
                 actions.indexOf(QStringLiteral("create")) < actions.indexOf(QStringLiteral("start")) &&
                 actions.indexOf(QStringLiteral("start")) < actions.indexOf(QStringLiteral("die")),
             qPrintable(actions.join(QLatin1Char(','))));
    const auto die = std::find_if(events.cbegin(), events.cend(),
                                  [](const DockerEvent &e) { return e.action == QLatin1String("die"); });
    QCOMPARE(die->attributes.value(QStringLiteral("exitCode")), QStringLiteral("3"));
}

void TestDockerClient::memoryLimitKillIsReportedAsOom()
{
    // tail keeps a line in memory until it ends: a 512 MiB line without newline is far
    // beyond a 32 MiB limit.
    ContainerSpec s =
        spec({QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("head -c 512m /dev/zero | tail")});
    s.memory = 32ll * 1024 * 1024;
    s.memorySwap = s.memory;
    int code = -1;
    const QString id = runToExit(s, &code);
    QVERIFY(!id.isEmpty());
    const auto info = wait(m_client->inspectContainer(id));
    QVERIFY(info.ok());
    QVERIFY2(info->state.oomKilled, qPrintable(QStringLiteral("exit %1").arg(code)));
    QCOMPARE(code, 137);
    QCOMPARE(info->state.exitCode, 137);
}

void TestDockerClient::volumesNetworksAndLabels()
{
    const auto kv = m_label.split(QLatin1Char('='));
    VolumeSpec vs;
    vs.name = ff::test::uniqueName(QStringLiteral("fuzzforge-test-vol"));
    vs.labels.insert(kv[0], kv[1]);
    const auto vol = wait(m_client->createVolume(vs));
    QVERIFY2(vol.ok(), qPrintable(vol.error().toString()));
    QCOMPARE(vol->name, vs.name);
    const auto inspected = wait(m_client->inspectVolume(vs.name));
    QVERIFY(inspected.ok());
    QCOMPARE(inspected->labels.value(kv[0]), kv[1]);
    Filter f;
    f.labels << m_label;
    const auto vols = wait(m_client->listVolumes(f));
    QVERIFY(vols.ok());
    QVERIFY(
        std::any_of(vols->cbegin(), vols->cend(), [&](const VolumeInfo &v) { return v.name == vs.name; }));

    // A container writes into the volume, another reads it back.
    ContainerSpec writer =
        spec({QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo kept > /data/f")});
    writer.mounts << Mount{Mount::Type::Volume, vs.name, QStringLiteral("/data"), false, 0, {}};
    int code = -1;
    QVERIFY(!runToExit(writer, &code).isEmpty());
    QCOMPARE(code, 0);
    ContainerSpec reader = spec({QStringLiteral("cat"), QStringLiteral("/data/f")});
    reader.mounts << Mount{Mount::Type::Volume, vs.name, QStringLiteral("/data"), true, 0, {}};
    const QString readerId = runToExit(reader, &code);
    QCOMPARE(code, 0);
    QCOMPARE(collectLogs(readerId, {}).value(0).text, QStringLiteral("kept"));

    NetworkSpec ns;
    ns.name = ff::test::uniqueName(QStringLiteral("fuzzforge-test-net"));
    ns.internal = true;
    ns.labels.insert(kv[0], kv[1]);
    const auto net = wait(m_client->createNetwork(ns));
    QVERIFY2(net.ok(), qPrintable(net.error().toString()));
    const auto netInfo = wait(m_client->inspectNetwork(net.value()));
    QVERIFY(netInfo.ok());
    QCOMPARE(netInfo->name, ns.name);
    QVERIFY(netInfo->internal);
    const auto nets = wait(m_client->listNetworks(f));
    QVERIFY(nets.ok());
    QCOMPARE(nets->size(), 1);
    QVERIFY(wait(m_client->removeNetwork(net.value())).ok());
    QCOMPARE(wait(m_client->inspectNetwork(net.value())).error().kind, Error::Kind::NotFound);

    const auto containers = wait(m_client->listContainers(f));
    QVERIFY(containers.ok());
    QVERIFY(std::any_of(containers->cbegin(), containers->cend(),
                        [&](const ContainerSummary &c) { return c.id == readerId; }));
    for (const auto &c : containers.value())
        QVERIFY(wait(m_client->removeContainer(c.id, true)).ok());
    QVERIFY(wait(m_client->removeVolume(vs.name)).ok());
    QCOMPARE(wait(m_client->inspectVolume(vs.name)).error().kind, Error::Kind::NotFound);
}

void TestDockerClient::engineErrors()
{
    const auto missing = wait(m_client->inspectContainer(QStringLiteral("fuzzforge-no-such-container")));
    QCOMPARE(missing.error().kind, Error::Kind::NotFound);
    QCOMPARE(missing.error().httpStatus, 404);
    QVERIFY2(missing.error().message.contains(QLatin1String("No such container")),
             qPrintable(missing.error().message));

    const QString name = ff::test::uniqueName(QStringLiteral("fuzzforge-test-conflict"));
    QVERIFY(wait(m_client->createContainer(spec({QStringLiteral("true")}), name)).ok());
    const auto conflict = wait(m_client->createContainer(spec({QStringLiteral("true")}), name));
    QCOMPARE(conflict.error().kind, Error::Kind::Conflict);
    QVERIFY2(conflict.error().message.contains(name), qPrintable(conflict.error().message));

    ContainerSpec noImage = spec({QStringLiteral("true")});
    noImage.image = QStringLiteral("fuzzforge-test/no-such-image:never");
    const auto noImageResult = wait(m_client->createContainer(noImage));
    QCOMPARE(noImageResult.error().kind, Error::Kind::NotFound);
    QVERIFY2(noImageResult.error().message.contains(QLatin1String("No such image")),
             qPrintable(noImageResult.error().message));
    QCOMPARE(wait(m_client->inspectImage(noImage.image)).error().kind, Error::Kind::NotFound);
    QCOMPARE(wait(m_client->startContainer(QStringLiteral("fuzzforge-no-such-container"))).error().kind,
             Error::Kind::NotFound);
    QCOMPARE(wait(m_client->removeVolume(QStringLiteral("fuzzforge-no-such-volume"))).error().kind,
             Error::Kind::NotFound);

    // The client refuses, before the engine sees it, to hand a container the engine's socket.
    ContainerSpec socket = spec({QStringLiteral("true")});
    socket.binds << QStringLiteral("/var/run/docker.sock:/var/run/docker.sock");
    const auto refused = wait(m_client->createContainer(socket));
    QCOMPARE(refused.error().kind, Error::Kind::InvalidArgument);
    Filter f;
    f.labels << m_label;
    const auto all = wait(m_client->listContainers(f));
    QVERIFY(all.ok());
    for (const auto &c : all.value()) {
        const auto info = wait(m_client->inspectContainer(c.id));
        QVERIFY(info.ok());
        QVERIFY(!info->hostConfig.value(QLatin1String("Binds"))
                     .toVariant()
                     .toStringList()
                     .join(QLatin1Char(' '))
                     .contains(QLatin1String("docker.sock")));
    }

    // Stopping a stopped container is not an error (the engine answers 304).
    const QString stopped = runToExit(spec({QStringLiteral("true")}));
    QVERIFY(wait(m_client->stopContainer(stopped, 1)).ok());
}

void TestDockerClient::timeoutAndCancel()
{
    const QString id = create(spec({QStringLiteral("sleep"), QStringLiteral("60")}));
    QVERIFY(!id.isEmpty());
    QVERIFY(wait(m_client->startContainer(id)).ok());

    QElapsedTimer timer;
    timer.start();
    const auto timedOut = wait(m_client->waitContainer(id, CallOptions{std::chrono::milliseconds(500)}));
    QCOMPARE(timedOut.error().kind, Error::Kind::Timeout);
    QVERIFY(timer.elapsed() < 5000);

    auto pending = m_client->waitContainer(id);
    QTest::qWait(200);
    pending.cancel();
    QVERIFY(pending.isCanceled());
    const auto canceled = wait(pending, 5000);
    QCOMPARE(canceled.error().kind, Error::Kind::Canceled);

    // The container is still there and still running: cancel only ended our request.
    const auto info = wait(m_client->inspectContainer(id));
    QVERIFY(info.ok());
    QVERIFY(info->state.running);
    QVERIFY(wait(m_client->killContainer(id)).ok());
    const auto exited = wait(m_client->waitContainer(id));
    QVERIFY(exited.ok());
    QCOMPARE(exited->statusCode, 137);
    QVERIFY(wait(m_client->removeContainer(id)).ok());
    QCOMPARE(wait(m_client->inspectContainer(id)).error().kind, Error::Kind::NotFound);
}

QTEST_GUILESS_MAIN(TestDockerClient)
#include "tst_dockerclient.moc"

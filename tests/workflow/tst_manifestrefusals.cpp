// A user-supplied manifest cannot weaken the container's hardening: every field that would
// (privileged, host paths, capabilities, host namespaces, devices, the engine's socket, root)
// and every field the schema does not have is refused when the manifest is loaded, with the
// YAML line and the reason. The user is read as numbers; sizes, durations and limits are finite,
// bounded and do not overflow.
#include "workflow/manifest.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace ff::workflow;

class TestManifestRefusals : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refused_data();
    void refused();
    void validStillLoads();
    void userRefused_data();
    void userRefused();
    void userAccepted_data();
    void userAccepted();
    void numbersRefused_data();
    void numbersRefused();
    void boundsAccepted();
    void sizeAndDurationOverflow();

private:
    // 18 lines; a case adds its own below them, or replaces one of them.
    static QByteArray valid()
    {
        return "id: demo\nname: Demo\nversion: 1.0.0\nimage:\n  build: .\n"
               "command: [\"tool\", \"--level={{level}}\", \"{{flag}}\"]\n"
               "parameters:\n  level:\n    type: integer\n    default: 2\n    min: 0\n    max: 5\n"
               "  flag:\n    type: boolean\n    default: false\n"
               "outputs:\n  - path: out.sarif\n    parser: sarif\n";
    }
    // Folder "" so that the build context is not looked up: only the manifest's text counts.
    static QList<ManifestError> errorsOf(const QByteArray &yaml, bool *loaded = nullptr)
    {
        QList<ManifestError> errors;
        const auto m = parseManifest(yaml, QStringLiteral("user/workflow.yaml"), QString(), &errors);
        if (loaded)
            *loaded = m.ok();
        return errors;
    }
    static QString dump(const QList<ManifestError> &errors)
    {
        QStringList lines;
        for (const auto &e : errors)
            lines << e.toString();
        return lines.join(QLatin1Char('\n'));
    }
};

// Each case marks the offending line with "#here"; the error must name that line.
void TestManifestRefusals::refused_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("reason");
    const QByteArray v = valid();
    // QByteArray, not the QStringBuilder `+` makes: that would outlive what it refers to.
    auto plus = [&v](const char *extra) -> QByteArray {
        return v + extra;
    };
    auto with = [&v](const char *from, const char *to) {
        return QByteArray(v).replace(from, to);
    };

    QTest::addRow("privileged") << plus("privileged: true #here\n") << "privileged"
                                << "never run privileged";
    QTest::addRow("privileged false is refused too") << plus("privileged: false #here\n") << "privileged"
                                                     << "never run privileged";
    QTest::addRow("host path volume") << plus("volumes: #here\n  - /home:/home\n") << "volumes"
                                      << "host paths";
    QTest::addRow("binds") << plus("binds: [\"/etc:/etc:ro\"] #here\n") << "binds"
                           << "host paths";
    QTest::addRow("mounts") << plus("mounts:  #here\n  - {type: bind, source: /, target: /host}\n")
                            << "mounts"
                            << "host paths";
    QTest::addRow("cap_add") << plus("cap_add: [SYS_ADMIN] #here\n") << "cap_add"
                             << "capabilities";
    QTest::addRow("capabilities") << plus("capabilities: #here\n  add: [NET_RAW]\n") << "capabilities"
                                  << "capabilities";
    QTest::addRow("network host") << plus("network: host #here\n") << "network"
                                  << "host's network stack";
    QTest::addRow("network of a container") << plus("network: \"container:db\" #here\n") << "network"
                                            << "another container's network";
    QTest::addRow("pid host") << plus("pid: host #here\n") << "pid"
                              << "'pid: host' shares the host's namespace";
    QTest::addRow("ipc host") << plus("ipc: host #here\n") << "ipc"
                              << "'ipc: host' shares the host's namespace";
    QTest::addRow("userns host") << plus("userns_mode: host #here\n") << "userns_mode"
                                 << "namespace";
    QTest::addRow("docker socket volume")
        << plus("volumes: [\"/var/run/docker.sock:/var/run/docker.sock\"] #here\n") << "volumes"
        << "engine's socket";
    QTest::addRow("docker socket bind in /run")
        << plus("binds: #here\n  - /run/docker.sock:/d.sock\n") << "binds"
        << "engine's socket";
    QTest::addRow("docker socket field") << plus("docker_socket: true #here\n") << "docker_socket"
                                         << "engine's socket";
    QTest::addRow("devices") << plus("devices: #here\n  - /dev/kvm\n") << "devices"
                             << "devices of the host";
    QTest::addRow("gpus") << plus("gpus: all #here\n") << "gpus"
                          << "devices of the host";
    QTest::addRow("security_opt") << plus("security_opt: [\"seccomp=unconfined\"] #here\n") << "security_opt"
                                  << "confinement";
    QTest::addRow("read_only false") << plus("read_only: false #here\n") << "read_only"
                                     << "confinement";
    QTest::addRow("group_add") << plus("group_add: [\"0\"] #here\n") << "group_add"
                               << "root group";
    // Nested maps of the schema are checked as the top level is.
    QTest::addRow("devices under resources")
        << plus("resources:\n  memory: 1g\n  devices: [/dev/sda] #here\n") << "resources.devices"
        << "devices of the host";
    QTest::addRow("privileged under image")
        << with("  build: .\n", "  build: .\n  privileged: true #here\n") << "image.privileged"
        << "never run privileged";
    QTest::addRow("mount in an output")
        << with("    parser: sarif\n", "    parser: sarif\n    mount: /etc #here\n") << "outputs[0].mount"
        << "host paths";
    QTest::addRow("unknown in a parameter")
        << with("    max: 5\n", "    max: 5\n    cap_add: [ALL] #here\n") << "parameters.level.cap_add"
        << "capabilities";
    QTest::addRow("tmpfs under scratch")
        << plus("scratch:\n  size: 64m\n  tmpfs: /dev/shm #here\n") << "scratch.tmpfs"
        << "host paths";
    // Not a field of the schema: refused, not ignored.
    QTest::addRow("unknown field") << plus("environment: #here\n  FOO: bar\n") << "environment"
                                   << "not a field of a workflow manifest";
    QTest::addRow("typo of a field") << plus("resorces: #here\n  memory: 64g\n") << "resorces"
                                     << "not a field of a workflow manifest";
    QTest::addRow("merge key") << plus("base: &b {memory: 1g}\nresources:\n  <<: *b #here\n")
                               << "resources.<<"
                               << "not a field";
    // The first of two would count for one reader and the second for another.
    QTest::addRow("twice") << plus("network: none\nnetwork: bridge #here\n") << "network"
                           << "appears twice (first on line 19)";
    QTest::addRow("root user") << plus("user: root #here\n") << "user"
                               << "numeric";
}

void TestManifestRefusals::refused()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, field);
    QFETCH(QString, reason);
    const int line = static_cast<int>(yaml.left(yaml.indexOf("#here")).count('\n')) + 1;
    bool loaded = true;
    const auto errors = errorsOf(yaml, &loaded);
    QVERIFY2(!loaded, "the manifest must be refused");
    const auto hit = std::find_if(errors.cbegin(), errors.cend(),
                                  [&](const ManifestError &e) { return e.field == field; });
    QVERIFY2(hit != errors.cend(), qPrintable(dump(errors)));
    QVERIFY2(hit->reason.contains(reason), qPrintable(hit->toString()));
    QCOMPARE(hit->line, line);
    QVERIFY2(hit->toString().startsWith(
                 QStringLiteral("user/workflow.yaml:%1: field '%2': ").arg(line).arg(field)),
             qPrintable(hit->toString()));
}

void TestManifestRefusals::validStillLoads()
{
    bool loaded = false;
    const auto errors = errorsOf(valid() + "network: bridge\nuser: \"10001:10001\"\n", &loaded);
    QVERIFY2(loaded, qPrintable(dump(errors)));
}

void TestManifestRefusals::userRefused_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("reason");
    QTest::addRow("0") << "0"
                       << "UID:GID";
    QTest::addRow("00") << "00"
                        << "UID:GID";
    QTest::addRow("+0") << "+0"
                        << "UID:GID";
    QTest::addRow("root") << "root"
                          << "UID:GID";
    QTest::addRow("root:root") << "root:root"
                               << "UID:GID";
    QTest::addRow("name") << "fuzzforge"
                          << "a name is looked up in the image";
    QTest::addRow("name:group") << "fuzzforge:fuzzforge"
                                << "UID:GID";
    QTest::addRow("uid alone") << "10001"
                               << "a UID alone";
    QTest::addRow("0:0") << "0:0"
                         << "UID 0";
    QTest::addRow("00:1") << "00:1"
                          << "UID 0";
    QTest::addRow("+0:1") << "+0:1"
                          << "UID:GID";
    QTest::addRow("0000:0") << "0000:0"
                            << "UID 0";
    QTest::addRow("0:10001") << "0:10001"
                             << "UID 0";
    QTest::addRow("10001:0") << "10001:0"
                             << "GID 0";
    QTest::addRow("10001:000") << "10001:000"
                               << "GID 0";
    QTest::addRow("uid wraps") << "4294967296:1"
                               << "below 4294967295";
    QTest::addRow("uid -1") << "4294967295:1"
                            << "below 4294967295";
    QTest::addRow("spaces") << " 10001:10001"
                            << "UID:GID";
    QTest::addRow("empty") << ""
                           << "UID:GID";
}

void TestManifestRefusals::userRefused()
{
    QFETCH(QString, user);
    QFETCH(QString, reason);
    const auto parsed = parseUser(user);
    QVERIFY(!parsed);
    QVERIFY2(parsed.error().message.contains(reason), qPrintable(parsed.error().message));
    // And in a manifest, on its line (quoted: YAML reads 0:0 as a sexagesimal number otherwise).
    const QByteArray yaml = valid() + "user: \"" + user.toUtf8() + "\"\n";
    bool loaded = true;
    const auto errors = errorsOf(yaml, &loaded);
    QVERIFY(!loaded);
    const auto hit = std::find_if(errors.cbegin(), errors.cend(),
                                  [](const ManifestError &e) { return e.field == QLatin1String("user"); });
    QVERIFY2(hit != errors.cend(), qPrintable(dump(errors)));
    QCOMPARE(hit->line, 19);
}

void TestManifestRefusals::userAccepted_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("canonical");
    QTest::addRow("default") << "10001:10001"
                             << "10001:10001";
    QTest::addRow("leading zeros") << "0010001:010001"
                                   << "10001:10001";
    QTest::addRow("nobody") << "65534:65534"
                            << "65534:65534";
    QTest::addRow("1:1") << "1:1"
                         << "1:1";
}

void TestManifestRefusals::userAccepted()
{
    QFETCH(QString, user);
    QFETCH(QString, canonical);
    QList<ManifestError> errors;
    const auto m = parseManifest(valid() + "user: \"" + user.toUtf8() + "\"\n", QStringLiteral("w.yaml"),
                                 QString(), &errors);
    QVERIFY2(m.ok(), qPrintable(dump(errors)));
    QCOMPARE(m->user, canonical);
}

void TestManifestRefusals::numbersRefused_data()
{
    QTest::addColumn<QByteArray>("resources");
    QTest::addColumn<QString>("field");
    QTest::addRow("cpus nan") << QByteArray("cpus: nan") << "resources.cpus";
    QTest::addRow("cpus NaN") << QByteArray("cpus: NaN") << "resources.cpus";
    QTest::addRow("cpus inf") << QByteArray("cpus: inf") << "resources.cpus";
    QTest::addRow("cpus -inf") << QByteArray("cpus: -inf") << "resources.cpus";
    QTest::addRow("cpus negative") << QByteArray("cpus: -1") << "resources.cpus";
    QTest::addRow("cpus zero") << QByteArray("cpus: 0") << "resources.cpus";
    QTest::addRow("cpus huge") << QByteArray("cpus: 1e308") << "resources.cpus";
    QTest::addRow("cpus above 256") << QByteArray("cpus: 257") << "resources.cpus";
    QTest::addRow("memory above 1t") << QByteArray("memory: 2t") << "resources.memory";
    QTest::addRow("memory overflows") << QByteArray("memory: 99999999999999999999g") << "resources.memory";
    QTest::addRow("memory 2^64") << QByteArray("memory: 16777216t") << "resources.memory";
    QTest::addRow("pids above 1<<20") << QByteArray("pids: 1048577") << "resources.pids";
    QTest::addRow("pids overflow") << QByteArray("pids: 99999999999") << "resources.pids";
    QTest::addRow("timeout above 7 days") << QByteArray("timeout: 169h") << "resources.timeout";
    QTest::addRow("timeout h overflows int") << QByteArray("timeout: 596524h") << "resources.timeout";
    QTest::addRow("timeout overflows") << QByteArray("timeout: 99999999999999999999") << "resources.timeout";
    QTest::addRow("results above 1g") << QByteArray("results: 2g") << "resources.results";
    QTest::addRow("results overflows") << QByteArray("results: 99999999999999999999t") << "resources.results";
}

void TestManifestRefusals::numbersRefused()
{
    QFETCH(QByteArray, resources);
    QFETCH(QString, field);
    bool loaded = true;
    const auto errors = errorsOf(valid() + "resources:\n  " + resources + "\n", &loaded);
    QVERIFY(!loaded);
    const auto hit = std::find_if(errors.cbegin(), errors.cend(),
                                  [&](const ManifestError &e) { return e.field == field; });
    QVERIFY2(hit != errors.cend(), qPrintable(dump(errors)));
    QCOMPARE(hit->line, 20);
}

void TestManifestRefusals::boundsAccepted()
{
    QList<ManifestError> errors;
    const auto m = parseManifest(valid() + "resources:\n  cpus: 256\n  memory: 1t\n  pids: 1048576\n"
                                           "  timeout: 168h\n  results: 1g\n",
                                 QStringLiteral("w.yaml"), QString(), &errors);
    QVERIFY2(m.ok(), qPrintable(dump(errors)));
    QCOMPARE(m->resources.cpus, 256.0);
    QCOMPARE(m->resources.memoryBytes, 1ll << 40);
    QCOMPARE(m->resources.pids, 1 << 20);
    QCOMPARE(m->resources.timeoutSeconds, 7 * 24 * 3600);
}

void TestManifestRefusals::sizeAndDurationOverflow()
{
    bool ok = true;
    // 2^63 does not fit: refused rather than cast (undefined behaviour, a negative size).
    parseByteSize(QStringLiteral("8388608t"), &ok);
    QVERIFY(!ok);
    QCOMPARE(parseByteSize(QStringLiteral("8388607t"), &ok), 8388607ll << 40);
    QVERIFY(ok);
    parseByteSize(QStringLiteral("99999999999999999999999999999g"), &ok);
    QVERIFY(!ok);
    parseByteSize(QString(400, QLatin1Char('9')), &ok);
    QVERIFY(!ok);
    // Only ASCII digits are numbers.
    parseByteSize(QStringLiteral("\u0661\u0662m"), &ok);
    QVERIFY(!ok);
    // h x 3600 past INT_MAX.
    parseDurationSeconds(QStringLiteral("596524h"), &ok);
    QVERIFY(!ok);
    QCOMPARE(parseDurationSeconds(QStringLiteral("596523h"), &ok), 596523 * 3600);
    QVERIFY(ok);
    parseDurationSeconds(QStringLiteral("35791395m"), &ok);
    QVERIFY(!ok);
    parseDurationSeconds(QStringLiteral("2147483648"), &ok);
    QVERIFY(!ok);
    QCOMPARE(parseDurationSeconds(QStringLiteral("2147483647"), &ok), std::numeric_limits<int>::max());
    QVERIFY(ok);
}

QTEST_GUILESS_MAIN(TestManifestRefusals)
#include "tst_manifestrefusals.moc"

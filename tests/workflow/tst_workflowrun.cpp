// Runs of the built-in and of user workflows against the real engine: expected findings, the
// hardening seen from inside the container, limits, failures, cancellation and cleanup.
#include "docker/dockerclient.h"
#include "testutil.h"
#include "workflowfixture.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace ff;
using namespace ff::run;

namespace {
const QString kExamples = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples");

// Contents and modification times of every file: a run must leave the project as it was.
QByteArray treeState(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const QString &f : std::as_const(files)) {
        QFile file(f);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        h.addData(f.toUtf8());
        h.addData(file.readAll());
        h.addData(QByteArray::number(QFileInfo(f).lastModified().toMSecsSinceEpoch()));
    }
    return h.result().toHex() + QByteArray::number(files.size());
}
} // namespace

class TestWorkflowRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void builtInWorkflowFindsWhatItShould_data();
    void builtInWorkflowFindsWhatItShould();
    void secretsNeverLeaveTheContainerUnredacted();
    void containerIsHardened();
    void bridgeNetworkIsTheRunsOwn();
    void timeoutKillsTheContainer();
    void fastLogIsReadToTheEnd();
    void keepOnFailureKeepsOnlyFailedRuns();
    void memoryLimitIsReportedAsOom();
    void malformedOutputFailsAndKeepsTheRawFile();
    void missingOutputAndFailingToolAreErrors();
    void cancelRemovesTheContainer();
    void keepLeavesEverythingForDebugging();

private:
    RunResult runToEnd(WorkflowRun &run, int timeoutMs = 600000);
    RunSpec userSpec(const QString &id, const QString &script, const QString &extraYaml = {},
                     const QString &project = {});
    void assertGone(const RunResult &r);

    docker::DockerClient *m_client = nullptr;
    workflow::Catalogue m_catalogue;
    QTemporaryDir m_tmp;
    QStringList m_started; // container ids seen, for the hardening checks
};

// The command line that writes a valid, empty SARIF log: a workflow that finds nothing.
static const QString kEmptySarif =
    QStringLiteral("echo '{\"version\":\"2.1.0\",\"runs\":[]}' > /results/out.sarif");

void TestWorkflowRun::initTestCase()
{
    m_client = docker::DockerClient::fromEnvironment(this);
    QVERIFY2(test::wait(m_client->ping()).ok(), "the Docker engine must answer (run packaging/setup.sh)");
    m_catalogue = workflow::Catalogue::standard();
    QVERIFY(m_catalogue.errors().isEmpty());
}

RunResult TestWorkflowRun::runToEnd(WorkflowRun &run, int timeoutMs)
{
    QSignalSpy done(&run, &WorkflowRun::finished);
    run.start();
    if (done.isEmpty() && !done.wait(timeoutMs))
        return RunResult{};
    return done.first().first().value<RunResult>();
}

RunSpec TestWorkflowRun::userSpec(const QString &id, const QString &script, const QString &extraYaml,
                                  const QString &project)
{
    const QString folder = test::writeUserWorkflow(m_tmp.filePath(id), id, script, extraYaml);
    QList<workflow::ManifestError> errors;
    QFile f(folder + QStringLiteral("/workflow.yaml"));
    f.open(QIODevice::ReadOnly);
    auto m = workflow::parseManifest(f.readAll(), f.fileName(), folder, &errors);
    if (!m)
        qWarning("%s", qPrintable(errors.value(0).toString()));
    RunSpec spec;
    spec.workflow = m.value();
    spec.parameters = m->resolveParameters({}).value();
    spec.projectPath = project.isEmpty() ? kExamples + QStringLiteral("/vulnerable-python") : project;
    spec.outputDir = m_tmp.filePath(QStringLiteral("runs/") + id);
    return spec;
}

void TestWorkflowRun::assertGone(const RunResult &r)
{
    QCOMPARE(test::wait(m_client->inspectContainer(r.containerId)).error().kind, Error::Kind::NotFound);
    QCOMPARE(test::wait(m_client->inspectVolume(r.volumeName)).error().kind, Error::Kind::NotFound);
}

void TestWorkflowRun::builtInWorkflowFindsWhatItShould_data()
{
    QTest::addColumn<QString>("workflow");
    QTest::addColumn<QString>("project");
    QTest::addColumn<QStringList>("expected"); // rule@file:line
    QTest::addRow("c-cpp-static") << "c-cpp-static"
                                  << "vulnerable-c"
                                  << QStringList{QStringLiteral("FF1001@main.c:12"),
                                                 QStringLiteral("FF1016@main.c:13"),
                                                 QStringLiteral("FF1015@main.c:20"),
                                                 QStringLiteral("FF1044@main.c:21"),
                                                 QStringLiteral("arrayIndexOutOfBounds@util.c:10")};
    QTest::addRow("python-static") << "python-static"
                                   << "vulnerable-python"
                                   << QStringList{
                                          QStringLiteral("B602@app.py:12"), QStringLiteral("B605@app.py:16"),
                                          QStringLiteral("B307@app.py:20"), QStringLiteral("B301@app.py:24"),
                                          QStringLiteral("B506@app.py:28")};
    QTest::addRow("shell-static") << "shell-static"
                                  << "vulnerable-shell"
                                  << QStringList{QStringLiteral("SC2086@deploy.sh:5"),
                                                 QStringLiteral("SC2164@deploy.sh:11"),
                                                 QStringLiteral("SC2046@deploy.sh:13")};
    // Literal keys, a password in a URL and in YAML, a base64-encoded token, a key split across
    // two string literals; not the placeholder, the environment lookup or the checksum.
    QTest::addRow("secrets") << "secrets"
                             << "leaky-config"
                             << QStringList{QStringLiteral("aws-access-key-id@.env:3"),
                                            QStringLiteral("aws-secret-access-key@.env:4"),
                                            QStringLiteral("stripe-live-key@.env:5"),
                                            QStringLiteral("database-url-password@.env:6"),
                                            QStringLiteral("generic-password@config.yaml:8"),
                                            QStringLiteral("slack-token@notify.py:6"),
                                            QStringLiteral("generic-secret@notify.py:9")};
}

void TestWorkflowRun::builtInWorkflowFindsWhatItShould()
{
    QFETCH(QString, workflow);
    QFETCH(QString, project);
    QFETCH(QStringList, expected);
    const workflow::WorkflowManifest *w = m_catalogue.find(workflow);
    QVERIFY(w);
    RunSpec spec;
    spec.workflow = *w;
    spec.parameters = w->resolveParameters({}).value();
    spec.projectPath = kExamples + QLatin1Char('/') + project;
    spec.outputDir = m_tmp.filePath(QStringLiteral("runs/") + workflow);
    const QByteArray before = treeState(spec.projectPath);

    WorkflowRun run(m_client, spec);
    QStringList states;
    connect(&run, &WorkflowRun::stateChanged, this,
            [&states](RunState s, const QString &) { states << stateName(s); });
    int logLines = 0;
    connect(&run, &WorkflowRun::logLine, this, [&logLines](const docker::LogLine &) { ++logLines; });
    const RunResult r = runToEnd(run);
    QVERIFY2(r.succeeded(), qPrintable(r.error));
    QVERIFY(states.contains(QStringLiteral("running")));
    QVERIFY(states.contains(QStringLiteral("collecting")));
    QCOMPARE(states.last(), QStringLiteral("succeeded"));
    QVERIFY(logLines > 0);

    QStringList found;
    for (const auto &f : r.findings) {
        found << QStringLiteral("%1@%2:%3").arg(f.ruleId, f.path).arg(f.region.startLine);
        QCOMPARE(f.workflow, workflow);
        QVERIFY2(!f.fingerprint.isEmpty(), qPrintable(f.ruleId));
        QVERIFY2(!f.toolVersion.isEmpty(), qPrintable(f.tool));
        QVERIFY2(!f.snippet.isEmpty(), qPrintable(f.ruleId)); // read from the project file
    }
    for (const QString &e : std::as_const(expected))
        QVERIFY2(found.contains(e),
                 qPrintable(e + QStringLiteral(" not in ") + found.join(QLatin1Char(' '))));
    if (workflow == QLatin1String("secrets")) // nothing but the planted ones
        QCOMPARE(found.size(), expected.size());
    QVERIFY(!r.toolVersions.isEmpty());
    QVERIFY(QFileInfo::exists(spec.outputDir + QStringLiteral("/run.log")));
    QVERIFY(QFileInfo::exists(spec.outputDir + QLatin1String("/results/") + w->outputs.first().path));
    QCOMPARE(treeState(spec.projectPath), before);
    assertGone(r);
}

// What the secrets workflow hands back — findings (snippet, message), its log, its raw SARIF —
// names where each secret is and never the secret itself.
void TestWorkflowRun::secretsNeverLeaveTheContainerUnredacted()
{
    const QString project = kExamples + QStringLiteral("/leaky-config");
    // The values planted in the example: every assignment's right-hand side and the encoded token.
    QStringList values;
    for (const QString &name : {QStringLiteral(".env"), QStringLiteral("config.yaml")}) {
        QFile f(project + QLatin1Char('/') + name);
        QVERIFY(f.open(QIODevice::ReadOnly));
        for (const QByteArray &line : f.readAll().split('\n')) {
            const qsizetype sep = std::max(line.indexOf('='), line.indexOf(": \""));
            if (sep <= 0 || line.startsWith('#') || line.contains("production"))
                continue;
            const QString value = QString::fromUtf8(line.mid(sep + 1)).remove(QLatin1Char('"')).trimmed();
            values << value;
            if (value.contains(QLatin1String("://"))) // the password of user:password@host
                values << value.section(QLatin1Char('@'), 0, 0).section(QLatin1Char(':'), -1);
        }
    }
    values << QStringLiteral("eG94Yi0xMDUwNjcz") << QStringLiteral("pyZ9NfUl36ohkj")
           << QStringLiteral("XRS4ASfzgUOVm0");
    QVERIFY(values.size() >= 8);
    const workflow::WorkflowManifest *w = m_catalogue.find(QStringLiteral("secrets"));
    QVERIFY(w);
    RunSpec spec;
    spec.workflow = *w;
    spec.parameters = w->resolveParameters({}).value();
    spec.projectPath = project;
    spec.outputDir = m_tmp.filePath(QStringLiteral("runs/secrets-redaction"));
    WorkflowRun run(m_client, spec);
    QByteArray log;
    connect(&run, &WorkflowRun::logLine, this,
            [&log](const docker::LogLine &l) { log += l.text.toUtf8() + '\n'; });
    const RunResult r = runToEnd(run);
    QVERIFY2(r.succeeded(), qPrintable(r.error));
    QCOMPARE(r.findings.size(), 7);
    QFile sarif(spec.outputDir + QStringLiteral("/results/secrets.sarif"));
    QVERIFY(sarif.open(QIODevice::ReadOnly));
    const QByteArray raw = sarif.readAll();
    for (const QString &v : std::as_const(values)) {
        QVERIFY2(!raw.contains(v.toUtf8()), qPrintable(v.left(4) + QStringLiteral("… in the SARIF")));
        QVERIFY2(!log.contains(v.toUtf8()), qPrintable(v.left(4) + QStringLiteral("… in the log")));
        for (const auto &f : r.findings) {
            QVERIFY2(!f.snippet.contains(v), qPrintable(f.ruleId + QStringLiteral(": ") + f.snippet));
            QVERIFY2(!f.message.contains(v), qPrintable(f.ruleId + QStringLiteral(": ") + f.message));
        }
    }
    for (const auto &f : r.findings)
        QVERIFY2(f.snippet.contains(QLatin1String("chars")), qPrintable(f.snippet)); // prefix + length
}

void TestWorkflowRun::containerIsHardened()
{
    // What the container can do, asked from inside it.
    const QString script = QStringLiteral(
        "echo uid=$(id -u) gid=$(id -g)\n"
        "touch /target/pwned 2>/dev/null && echo target=writable || echo target=read-only\n"
        "touch /pwned 2>/dev/null && echo root=writable || echo root=read-only\n"
        "touch /tmp/scratch && echo tmp=writable\n"
        "echo net=$(ls /sys/class/net | tr '\\n' ' ')\n"
        "grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status | tr -s '\\t' '='\n"
        "ls /var/run/docker.sock 2>/dev/null && echo socket=present || echo socket=absent\n"
        "printf '%s' "
        "'{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"probe\"}},\"results\":"
        "[{\"ruleId\":\"P1\",\"level\":\"error\",\"message\":{\"text\":\"probe\"},\"locations\":[{"
        "\"physicalLocation\":"
        "{\"artifactLocation\":{\"uri\":\"app.py\"},\"region\":{\"startLine\":20}}}]}]}]}' > "
        "/results/out.sarif\n");
    RunSpec spec = userSpec(QStringLiteral("probe-hardening"), script,
                            QStringLiteral("resources:\n  memory: 96m\n  cpus: 0.5\n  pids: 64\n"));
    const QByteArray before = treeState(spec.projectPath);
    WorkflowRun run(m_client, spec);
    QStringList lines;
    connect(&run, &WorkflowRun::logLine, this, [&lines](const docker::LogLine &l) { lines << l.text; });
    docker::ContainerInfo info;
    connect(&run, &WorkflowRun::containerCreated, this,
            [this, &info](const QString &id) { info = test::wait(m_client->inspectContainer(id)).value(); });
    const RunResult r = runToEnd(run);
    QVERIFY2(r.succeeded(), qPrintable(r.error + QLatin1Char('\n') + lines.join(QLatin1Char('\n'))));
    const QString out = lines.join(QLatin1Char('\n'));
    QVERIFY2(out.contains(QLatin1String("uid=10001 gid=10001")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("target=read-only")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("root=read-only")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("tmp=writable")), qPrintable(out));
    QVERIFY2(lines.contains(QStringLiteral("net=lo")), qPrintable(out)); // loopback only: no network
    QVERIFY2(lines.contains(QStringLiteral("CapEff:=0000000000000000")), qPrintable(out));
    QVERIFY2(lines.contains(QStringLiteral("CapBnd:=0000000000000000")), qPrintable(out));
    QVERIFY2(lines.contains(QStringLiteral("NoNewPrivs:=1")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("socket=absent")), qPrintable(out));
    QCOMPARE(treeState(spec.projectPath), before);

    // And as the engine was told.
    const QJsonObject host = info.hostConfig;
    QCOMPARE(host.value(QLatin1String("Privileged")).toBool(), false);
    QCOMPARE(host.value(QLatin1String("ReadonlyRootfs")).toBool(), true);
    QCOMPARE(host.value(QLatin1String("NetworkMode")).toString(), QStringLiteral("none"));
    QCOMPARE(host.value(QLatin1String("CapDrop")).toArray().first().toString(), QStringLiteral("ALL"));
    QVERIFY(host.value(QLatin1String("SecurityOpt"))
                .toArray()
                .contains(QStringLiteral("no-new-privileges:true")));
    QCOMPARE(static_cast<qint64>(host.value(QLatin1String("Memory")).toDouble()), 96ll << 20);
    QCOMPARE(static_cast<qint64>(host.value(QLatin1String("MemorySwap")).toDouble()), 96ll << 20);
    QCOMPARE(static_cast<qint64>(host.value(QLatin1String("NanoCpus")).toDouble()), 500000000ll);
    QCOMPARE(host.value(QLatin1String("PidsLimit")).toInt(), 64);
    QCOMPARE(info.labels.value(kLabelRun), r.runId);
    QCOMPARE(info.labels.value(kLabelWorkflow), QStringLiteral("probe-hardening"));
    QCOMPARE(info.labels.value(kLabelProject), spec.projectPath);

    // The SARIF the user workflow wrote became a finding, anchored in the project.
    QCOMPARE(r.findings.size(), 1);
    QCOMPARE(r.findings.first().ruleId, QStringLiteral("P1"));
    QCOMPARE(r.findings.first().severity, findings::Severity::High);
    QCOMPARE(r.findings.first().path, QStringLiteral("app.py"));
    QVERIFY(r.findings.first().snippet.contains(QLatin1String("eval")));
    assertGone(r);
}

void TestWorkflowRun::bridgeNetworkIsTheRunsOwn()
{
    RunSpec spec = userSpec(QStringLiteral("probe-network"),
                            QStringLiteral("echo net=$(ls /sys/class/net | tr '\\n' ' ')\n") + kEmptySarif +
                                QLatin1Char('\n'),
                            QStringLiteral("network: bridge\n"));
    WorkflowRun run(m_client, spec);
    QString network;
    QStringList lines;
    connect(&run, &WorkflowRun::logLine, this, [&lines](const docker::LogLine &l) { lines << l.text; });
    connect(&run, &WorkflowRun::containerCreated, this, [this, &network](const QString &id) {
        network = test::wait(m_client->inspectContainer(id))
                      ->hostConfig.value(QLatin1String("NetworkMode"))
                      .toString();
    });
    const RunResult r = runToEnd(run);
    QVERIFY2(r.succeeded(), qPrintable(r.error));
    QCOMPARE(network, r.volumeName); // a network of its own, not the default bridge
    QVERIFY2(lines.join(QLatin1Char(' ')).contains(QLatin1String("eth0")),
             qPrintable(lines.join(QLatin1Char(' '))));
    QCOMPARE(test::wait(m_client->inspectNetwork(r.networkId)).error().kind, Error::Kind::NotFound);
    assertGone(r);
}

void TestWorkflowRun::timeoutKillsTheContainer()
{
    RunSpec spec = userSpec(QStringLiteral("probe-timeout"), QStringLiteral("echo started; sleep 120\n"),
                            QStringLiteral("resources:\n  timeout: 3s\n"));
    WorkflowRun run(m_client, spec);
    QElapsedTimer clock;
    clock.start();
    const RunResult r = runToEnd(run);
    QCOMPARE(r.state, RunState::TimedOut);
    QVERIFY2(r.error.contains(QLatin1String("timed out after 3 s")), qPrintable(r.error));
    QVERIFY(clock.elapsed() < 60000);
    assertGone(r);
}

void TestWorkflowRun::fastLogIsReadToTheEnd()
{
    // A container that prints far faster than the log stream carries: it exits long before the
    // engine has sent its log, and every line must still arrive, in the run and in run.log.
    RunSpec spec =
        userSpec(QStringLiteral("probe-fastlog"),
                 QStringLiteral("seq 1 300000; echo last line >&2; ") + kEmptySarif + QLatin1Char('\n'));
    WorkflowRun run(m_client, spec);
    qint64 emitted = 0;
    QString last;
    connect(&run, &WorkflowRun::logLine, this, [&emitted, &last](const docker::LogLine &l) {
        ++emitted;
        if (l.stream == docker::StreamKind::Stdout)
            last = l.text;
    });
    const RunResult r = runToEnd(run);
    QVERIFY2(r.succeeded(), qPrintable(r.error));
    QCOMPARE(r.logLines, 300001);
    QCOMPARE(emitted, 300001);
    QCOMPARE(last, QStringLiteral("300000"));
    QFile log(spec.outputDir + QStringLiteral("/run.log"));
    QVERIFY(log.open(QIODevice::ReadOnly));
    QCOMPARE(log.readAll().count('\n'), 300001);
}

void TestWorkflowRun::keepOnFailureKeepsOnlyFailedRuns()
{
    RunSpec failing = userSpec(QStringLiteral("probe-keepfail"), QStringLiteral("exit 7\n"));
    failing.keepOnFailure = true;
    WorkflowRun bad(m_client, failing);
    const RunResult failed = runToEnd(bad);
    QCOMPARE(failed.state, RunState::Failed);
    // Kept for `docker exec` debugging...
    QVERIFY(test::wait(m_client->inspectContainer(failed.containerId)).ok());
    QVERIFY(test::wait(m_client->removeContainer(failed.containerId, true)).ok());
    QVERIFY(test::wait(m_client->removeVolume(failed.volumeName, true)).ok());
    // ...while a run that succeeds is cleaned up as usual.
    RunSpec passing = userSpec(QStringLiteral("probe-keepok"), kEmptySarif + QLatin1Char('\n'));
    passing.keepOnFailure = true;
    WorkflowRun good(m_client, passing);
    const RunResult succeeded = runToEnd(good);
    QVERIFY2(succeeded.succeeded(), qPrintable(succeeded.error));
    assertGone(succeeded);
}

void TestWorkflowRun::memoryLimitIsReportedAsOom()
{
    RunSpec spec = userSpec(QStringLiteral("probe-oom"), QStringLiteral("head -c 512m /dev/zero | tail\n"),
                            QStringLiteral("resources:\n  memory: 32m\n"));
    WorkflowRun run(m_client, spec);
    const RunResult r = runToEnd(run);
    QCOMPARE(r.state, RunState::Failed);
    QVERIFY(r.oomKilled);
    QVERIFY2(r.error.contains(QLatin1String("out of memory")) && r.error.contains(QLatin1String("32 MiB")),
             qPrintable(r.error));
    assertGone(r);
}

void TestWorkflowRun::malformedOutputFailsAndKeepsTheRawFile()
{
    RunSpec spec = userSpec(
        QStringLiteral("probe-malformed"),
        QStringLiteral("printf '{\"version\":\"2.1.0\",\"runs\":[{\"tool\"' > /results/out.sarif\n"));
    WorkflowRun run(m_client, spec);
    const RunResult r = runToEnd(run);
    QCOMPARE(r.state, RunState::Failed);
    QVERIFY2(r.error.contains(QLatin1String("malformed JSON")), qPrintable(r.error));
    QVERIFY2(r.error.contains(QLatin1String("raw output kept")), qPrintable(r.error));
    QVERIFY(r.findings.isEmpty());
    QFile raw(spec.outputDir + QStringLiteral("/results/out.sarif"));
    QVERIFY(raw.open(QIODevice::ReadOnly));
    QVERIFY(raw.readAll().startsWith("{\"version\""));
    assertGone(r);
}

void TestWorkflowRun::missingOutputAndFailingToolAreErrors()
{
    {
        WorkflowRun run(m_client,
                        userSpec(QStringLiteral("probe-nothing"), QStringLiteral("echo I write nothing\n")));
        const RunResult r = runToEnd(run);
        QCOMPARE(r.state, RunState::Failed);
        QVERIFY2(r.error.contains(QLatin1String("did not write /results/out.sarif")), qPrintable(r.error));
        assertGone(r);
    }
    {
        WorkflowRun run(m_client, userSpec(QStringLiteral("probe-crash"),
                                           QStringLiteral("echo 'tool: cannot parse input' >&2; exit 4\n")));
        const RunResult r = runToEnd(run);
        QCOMPARE(r.state, RunState::Failed);
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.error.contains(QLatin1String("exited with code 4")) &&
                     r.error.contains(QLatin1String("cannot parse input")),
                 qPrintable(r.error));
        assertGone(r);
    }
    {
        // A tool that exits 1 because it found something is not a failure when the manifest says so.
        WorkflowRun run(m_client,
                        userSpec(QStringLiteral("probe-exit1"), kEmptySarif + QStringLiteral("; exit 1\n"),
                                 QStringLiteral("success_exit_codes: [0, 1]\n")));
        const RunResult r = runToEnd(run);
        QVERIFY2(r.succeeded(), qPrintable(r.error));
        QCOMPARE(r.exitCode, 1);
    }
    {
        RunSpec spec = userSpec(QStringLiteral("probe-noproject"), QStringLiteral("true\n"));
        spec.projectPath = m_tmp.filePath(QStringLiteral("does-not-exist"));
        WorkflowRun run(m_client, spec);
        const RunResult r = runToEnd(run, 10000);
        QCOMPARE(r.state, RunState::Failed);
        QVERIFY2(r.error.contains(QLatin1String("does not exist")), qPrintable(r.error));
    }
}

void TestWorkflowRun::cancelRemovesTheContainer()
{
    WorkflowRun run(m_client,
                    userSpec(QStringLiteral("probe-cancel"), QStringLiteral("echo waiting; sleep 120\n")));
    QSignalSpy done(&run, &WorkflowRun::finished);
    QSignalSpy state(&run, &WorkflowRun::stateChanged);
    run.start();
    QTRY_VERIFY_WITH_TIMEOUT(run.state() == RunState::Running, 120000);
    QTest::qWait(500);
    run.cancel();
    QVERIFY(done.wait(30000));
    const RunResult r = done.first().first().value<RunResult>();
    QCOMPARE(r.state, RunState::Cancelled);
    assertGone(r);
}

void TestWorkflowRun::keepLeavesEverythingForDebugging()
{
    RunSpec spec = userSpec(QStringLiteral("probe-keep"), kEmptySarif + QLatin1Char('\n'));
    spec.keep = true;
    WorkflowRun run(m_client, spec);
    const RunResult r = runToEnd(run);
    QVERIFY2(r.succeeded(), qPrintable(r.error));
    const auto container = test::wait(m_client->inspectContainer(r.containerId));
    QVERIFY(container.ok());
    QVERIFY(test::wait(m_client->inspectVolume(r.volumeName)).ok());
    QVERIFY(test::wait(m_client->removeContainer(r.containerId, true)).ok());
    QVERIFY(test::wait(m_client->removeVolume(r.volumeName, true)).ok());
}

QTEST_GUILESS_MAIN(TestWorkflowRun)
#include "tst_workflowrun.moc"

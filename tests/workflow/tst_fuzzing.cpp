// The two fuzzing workflows for real, on the example parser with planted bugs: the shallow
// crash is found within a one-minute budget and reported once with its signature and
// reproducer, "Reproduce" gives the same signature in a fresh container, statistics arrive
// while the campaign runs and are stored, a second campaign starts from the first one's corpus,
// and the container stays hardened throughout.
#include "docker/dockerclient.h"
#include "fuzz/corpus.h"
#include "fuzz/reproduce.h"
#include "run/workflowrun.h"
#include "storage/runrecorder.h"
#include "storage/store.h"
#include "testutil.h"
#include "workflow/catalogue.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ff;
using namespace ff::run;

namespace {
const QString kExample = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples/fuzz-parser");

QJsonObject crashOf(const findings::Finding &f)
{
    return f.properties.value(QLatin1String("crash")).toObject();
}
} // namespace

class TestFuzzing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void campaign_data();
    void campaign();
    void cleanupTestCase();

private:
    struct Observed
    {
        RunResult result;
        QList<qint64> sampleTimes; // ms since epoch, when each sample arrived
        QList<fuzz::FuzzSample> samples;
        docker::ContainerInfo running; // the container as the engine saw it while it ran
        bool inspected = false;
    };
    Observed runCampaign(const QString &workflow, const QString &project, int budgetSeconds,
                         storage::Store *store);

    docker::DockerClient *m_client = nullptr;
    workflow::Catalogue m_catalogue;
    QTemporaryDir m_tmp;
    QStringList m_volumes;
};

void TestFuzzing::initTestCase()
{
    m_client = docker::DockerClient::fromEnvironment(this);
    QVERIFY2(test::wait(m_client->ping()).ok(), "the Docker engine must answer (run packaging/setup.sh)");
    m_catalogue = workflow::Catalogue::standard();
    QVERIFY(m_catalogue.errors().isEmpty());
}

void TestFuzzing::cleanupTestCase()
{
    for (const QString &v : std::as_const(m_volumes))
        test::wait(m_client->removeVolume(v, true));
}

TestFuzzing::Observed TestFuzzing::runCampaign(const QString &workflow, const QString &project,
                                               int budgetSeconds, storage::Store *store)
{
    Observed o;
    const workflow::WorkflowManifest *w = m_catalogue.find(workflow);
    if (!w)
        return o;
    RunSpec spec;
    spec.workflow = *w;
    // The example's seeds and dictionary, as an analyst would give them.
    spec.parameters =
        w->resolveParameters({{QStringLiteral("time_budget"), QString::number(budgetSeconds)},
                              {QStringLiteral("seeds"), QStringLiteral("seeds")},
                              {QStringLiteral("dictionary"), QStringLiteral("fuzz/parser.dict")}})
            .value();
    spec.projectPath = project;
    spec.outputDir =
        m_tmp.filePath(QStringLiteral("runs/%1-%2").arg(workflow).arg(QDateTime::currentMSecsSinceEpoch()));
    WorkflowRun run(m_client, spec);
    storage::RunRecorder recorder(store);
    recorder.track(&run);
    connect(&run, &WorkflowRun::fuzzSample, this, [&o](const fuzz::FuzzSample &s) {
        o.sampleTimes << QDateTime::currentMSecsSinceEpoch();
        o.samples << s;
    });
    // Once it fuzzes, the container as the engine runs it.
    connect(&run, &WorkflowRun::fuzzSample, this, [&o, &run, this](const fuzz::FuzzSample &) {
        if (std::exchange(o.inspected, true))
            return;
        m_client->inspectContainer(run.result().containerId)
            .then(this, [&o](const Result<docker::ContainerInfo> &i) {
                if (i)
                    o.running = i.value();
            });
    });
    QSignalSpy done(&run, &WorkflowRun::finished);
    run.start();
    if (!done.wait((budgetSeconds + 900) * 1000))
        return o;
    o.result = done.first().first().value<RunResult>();
    recorder.wait();
    return o;
}

void TestFuzzing::campaign_data()
{
    QTest::addColumn<QString>("workflow");
    QTest::addRow("libfuzzer") << QStringLiteral("libfuzzer");
    QTest::addRow("aflplusplus") << QStringLiteral("aflplusplus");
}

void TestFuzzing::campaign()
{
    QFETCH(QString, workflow);
    // A project of its own: its corpus volume starts empty.
    const QString project = m_tmp.filePath(QStringLiteral("project-") + workflow);
    QProcess cp;
    cp.start(QStringLiteral("cp"), {QStringLiteral("-r"), kExample, project});
    QVERIFY(cp.waitForFinished() && cp.exitCode() == 0);
    const QString harness =
        m_catalogue.find(workflow)->resolveParameters({}).value().value(QStringLiteral("harness"));
    m_volumes << fuzz::corpusVolumeName(project, harness);
    auto store =
        storage::Store::open(storage::DatabaseUrl::parse(QStringLiteral("sqlite:") +
                                                         m_tmp.filePath(workflow + QStringLiteral(".db")))
                                 .value());
    QVERIFY2(store, qPrintable(store ? QString() : store.error().message));

    // First campaign: one minute, from the seeds.
    const Observed first = runCampaign(workflow, project, 60, store->get());
    const RunResult &r = first.result;
    QVERIFY2(r.succeeded(), qPrintable(r.error));

    // The shallow bug, once, with its signature and a reproducer.
    QList<findings::Finding> crashes;
    QSet<QString> signatures;
    for (const auto &f : r.findings) {
        const QJsonObject c = crashOf(f);
        QVERIFY2(!c.isEmpty(), qPrintable(f.ruleId));
        const QString sig = c.value(QLatin1String("signature")).toString();
        QVERIFY(!sig.isEmpty());
        QVERIFY2(!signatures.contains(sig), "one finding per signature");
        signatures.insert(sig);
        QCOMPARE(f.fingerprint, sig);
        crashes << f;
    }
    const auto shallow = std::find_if(crashes.cbegin(), crashes.cend(), [](const findings::Finding &f) {
        return f.ruleId == QLatin1String("heap-buffer-overflow") && f.path == QLatin1String("src/parser.c");
    });
    QVERIFY2(shallow != crashes.cend(),
             qPrintable(QStringLiteral("%1 findings, none the shallow overflow").arg(crashes.size())));
    const QJsonObject crash = crashOf(*shallow);
    QVERIFY(crash.value(QLatin1String("occurrences")).toInt() >= 1);
    QVERIFY(!crash.value(QLatin1String("frames")).toArray().isEmpty());
    QVERIFY(crash.value(QLatin1String("stack")).toString().contains(QLatin1String("heap-buffer-overflow")));
    const QByteArray input = fuzz::Reproduction::reproducerOf(*shallow);
    QVERIFY(!input.isEmpty());
    QCOMPARE(input.size(),
             crash.value(QLatin1String("reproducer")).toObject().value(QLatin1String("size")).toInt());
    QVERIFY(QFile::exists(
        r.outputDir + QStringLiteral("/results/crashes/") +
        crash.value(QLatin1String("reproducer")).toObject().value(QLatin1String("name")).toString()));

    // Statistics while it ran: at least one every five seconds, and all of them stored.
    QVERIFY2(first.samples.size() >= 10, qPrintable(QString::number(first.samples.size())));
    qint64 widest = 0;
    for (qsizetype i = 1; i < first.sampleTimes.size(); ++i)
        widest = std::max(widest, first.sampleTimes.at(i) - first.sampleTimes.at(i - 1));
    QVERIFY2(widest <= 5000, qPrintable(QStringLiteral("%1 ms without a sample").arg(widest)));
    QVERIFY(first.samples.last().execs > 0);
    QVERIFY(std::any_of(first.samples.cbegin(), first.samples.cend(),
                        [](const fuzz::FuzzSample &s) { return s.execsPerSec > 0; }));
    QVERIFY(first.samples.last().coverage > 0);
    QVERIFY(first.samples.last().corpus > 0);
    QVERIFY(first.samples.last().crashes >= 1);
    const auto stored = store->get()->fuzzSamples(r.runId);
    QVERIFY2(stored, qPrintable(stored ? QString() : stored.error().message));
    // More than 720 are thinned over time, never below one per 5 s in a run this short.
    QVERIFY(stored->size() <= first.samples.size());
    QVERIFY2(stored->size() >= 60 / 5, qPrintable(QString::number(stored->size())));
    for (qsizetype i = 1; i < stored->size(); ++i)
        QVERIFY(stored->at(i - 1).at.msecsTo(stored->at(i).at) <= 5000);
    QCOMPARE(stored->last().execs, first.samples.last().execs);
    QCOMPARE(stored->last().crashes, first.samples.last().crashes);
    const auto storedFindings = store->get()->findings(r.runId);
    QVERIFY(storedFindings);
    QCOMPARE(storedFindings->size(), r.findings.size());
    QVERIFY(std::any_of(storedFindings->cbegin(), storedFindings->cend(),
                        [&](const findings::Finding &f) { return f.properties == shallow->properties; }));

    // Hardened while it fuzzed.
    QVERIFY(!first.running.id.isEmpty());
    const QJsonObject host = first.running.hostConfig;
    QCOMPARE(first.running.user, QStringLiteral("10001:10001"));
    QCOMPARE(host.value(QLatin1String("CapDrop")).toArray(), QJsonArray{QStringLiteral("ALL")});
    QVERIFY(host.value(QLatin1String("CapAdd")).toArray().isEmpty());
    QCOMPARE(host.value(QLatin1String("Privileged")).toBool(), false);
    QCOMPARE(host.value(QLatin1String("ReadonlyRootfs")).toBool(), true);
    QCOMPARE(host.value(QLatin1String("NetworkMode")).toString(), QStringLiteral("none"));
    QVERIFY(host.value(QLatin1String("SecurityOpt"))
                .toArray()
                .contains(QStringLiteral("no-new-privileges:true")));
    QVERIFY(host.value(QLatin1String("Memory")).toInteger() > 0);
    QVERIFY(host.value(QLatin1String("PidsLimit")).toInteger() > 0);
    bool targetReadOnly = false;
    for (const QJsonValue &m : first.running.raw.value(QLatin1String("Mounts")).toArray()) {
        const QJsonObject mount = m.toObject();
        QVERIFY(!mount.value(QLatin1String("Source")).toString().contains(QLatin1String("docker.sock")));
        if (mount.value(QLatin1String("Destination")).toString() == QLatin1String("/target"))
            targetReadOnly = !mount.value(QLatin1String("RW")).toBool();
    }
    QVERIFY(targetReadOnly);

    // Reproduce: a fresh container, the same signature.
    fuzz::ReproduceRequest request;
    request.workflow = *m_catalogue.find(workflow);
    request.projectPath = project;
    request.parameters = r.parameters;
    request.input = input;
    request.outputDir = m_tmp.filePath(QStringLiteral("reproduce-") + workflow);
    fuzz::Reproduction reproduction(m_client, request);
    QSignalSpy reproduced(&reproduction, &fuzz::Reproduction::finished);
    reproduction.start();
    QVERIFY(reproduced.wait(600000));
    const auto again = reproduced.first().first().value<fuzz::ReproduceResult>();
    QVERIFY2(again.ok, qPrintable(again.error));
    QVERIFY(again.crashed);
    QCOMPARE(again.signature, crash.value(QLatin1String("signature")).toString());
    QVERIFY(again.stackTrace.contains(QLatin1String("heap-buffer-overflow")));

    // Second campaign: it starts from the corpus the first one left.
    const Observed second = runCampaign(workflow, project, 15, store->get());
    QVERIFY2(second.result.succeeded(), qPrintable(second.result.error));
    QVERIFY(second.result.fuzz.present);
    QVERIFY(second.result.fuzz.seeds > 0);
    QVERIFY2(second.result.fuzz.initialCorpus > second.result.fuzz.seeds,
             qPrintable(QStringLiteral("initial corpus %1, seeds %2")
                            .arg(second.result.fuzz.initialCorpus)
                            .arg(second.result.fuzz.seeds)));
}

QTEST_GUILESS_MAIN(TestFuzzing)
#include "tst_fuzzing.moc"

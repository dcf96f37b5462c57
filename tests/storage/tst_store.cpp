// The storage layer, run once per backend: SQLite (the embedded default) and a real
// PostgreSQL server started by the test on loopback (FUZZFORGE_TEST_BACKEND=sqlite|postgres).
#include "pgserver.h"
#include "run/workflowrun.h"
#include "storage/connection.h"
#include "storage/runrecorder.h"
#include "storage/schema.h"
#include "storage/store.h"
#include "testutil.h"

#include <QFile>
#include <QJsonArray>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>

using namespace ff;

// Shows the error, not just that there was one.
#define QVERIFY_OK(expr)                                                                                     \
    do {                                                                                                     \
        const auto status_ = (expr);                                                                         \
        QVERIFY2(status_.ok(), qPrintable(status_.error().toString()));                                      \
    } while (false)
using namespace ff::storage;
using findings::Finding;
using findings::Severity;

class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void migratesOnceAndRefusesNewer();
    void recordsRunsFindingsAndEvents();
    void recordingIsIdempotent();
    void filtersAndCounts();
    void diffOfTwoRuns();
    void triageSurvivesRescans();
    void samplesAndLogs();
    void findingProperties();
    void fuzzSamples();
    void findingsByFingerprint();
    void fuzzDownsamplingKeepsFiveSeconds();
    void recorderStoresFuzzSamples();
    void badJobFailsAlone();
    void twoWritersShareTheDatabase();
    void unreachableDatabaseIsAClearError();

private:
    DatabaseUrl freshUrl();
    static run::RunResult makeRun(const QString &id, const QString &project, QList<Finding> findings);
    static fuzz::FuzzSample fuzzSample(qint64 atMs, int i);
    static Finding finding(const QString &rule, const QString &path, int line, Severity s, const QString &fp);

    bool m_postgres = false;
    test::PostgresServer m_server;
    QTemporaryDir m_tmp;
    int m_counter = 0;
    std::unique_ptr<Store> m_store;
};

void TestStore::initTestCase()
{
    m_postgres = qEnvironmentVariable("FUZZFORGE_TEST_BACKEND") == QLatin1String("postgres");
    if (m_postgres) {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
    }
}

DatabaseUrl TestStore::freshUrl()
{
    if (!m_postgres)
        return DatabaseUrl::parse(QStringLiteral("sqlite:") +
                                  m_tmp.filePath(QStringLiteral("db%1.sqlite").arg(++m_counter)))
            .value();
    // A fresh database per test, on the same server.
    const QString name = QStringLiteral("t%1").arg(++m_counter);
    DatabaseUrl admin = DatabaseUrl::parse(m_server.url()).value();
    auto db = openConnection(admin, QStringLiteral("admin"));
    if (db) {
        QSqlQuery q(db.value());
        q.exec(QStringLiteral("CREATE DATABASE ") + name);
    }
    QSqlDatabase::database(QStringLiteral("admin"), false).close();
    DatabaseUrl url = admin;
    url.database = name;
    return url;
}

void TestStore::init()
{
    auto store = Store::open(freshUrl());
    QVERIFY2(store.ok(), qPrintable(store.error().toString()));
    m_store = std::move(store).value();
}

void TestStore::cleanup()
{
    m_store.reset();
}

Finding TestStore::finding(const QString &rule, const QString &path, int line, Severity s, const QString &fp)
{
    Finding f;
    f.workflow = QStringLiteral("c-cpp-static");
    f.tool = QStringLiteral("flawfinder");
    f.toolVersion = QStringLiteral("2.0.19");
    f.ruleId = rule;
    f.title = rule;
    f.message = QStringLiteral("message of ") + rule;
    f.severity = s;
    f.path = path;
    f.region.startLine = line;
    f.snippet = QStringLiteral("snippet ') \"quoted\"");
    f.cwe = QStringLiteral("CWE-120");
    f.fingerprint = fp;
    return f;
}

run::RunResult TestStore::makeRun(const QString &id, const QString &project, QList<Finding> findings)
{
    run::RunResult r;
    r.runId = id;
    r.workflowId = QStringLiteral("c-cpp-static");
    r.workflowVersion = QStringLiteral("1.0.0");
    r.projectPath = project;
    r.state = run::RunState::Succeeded;
    r.exitCode = 0;
    r.imageTag = QStringLiteral("fuzzforge/c-cpp-static:abc");
    r.imageId = QStringLiteral("sha256:1234");
    r.submitted = QDateTime::currentDateTimeUtc().addSecs(-10);
    r.containerRunning = r.submitted.addMSecs(200);
    r.finished = QDateTime::currentDateTimeUtc();
    r.memoryLimit = 1 << 30;
    r.findings = std::move(findings);
    r.parameters = {{QStringLiteral("min_level"), QStringLiteral("1")}};
    r.projectLanguages = {QStringLiteral("c"), QStringLiteral("python")};
    return r;
}

void TestStore::migratesOnceAndRefusesNewer()
{
    {
        auto db = m_store->reader();
        QVERIFY(db.ok());
        QSqlQuery q(db.value());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*), MAX(version) FROM schema_version")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), currentSchemaVersion());
        QCOMPARE(q.value(1).toInt(), currentSchemaVersion());
    }
    const DatabaseUrl url = m_store->url();
    m_store.reset();
    // Opening again migrates nothing.
    auto again = Store::open(url);
    QVERIFY(again.ok());
    again.value().reset();
    // A database from a newer FuzzForge is refused, not misread.
    {
        auto raw = openConnection(url, QStringLiteral("raw"));
        QVERIFY(raw.ok());
        QSqlQuery bump(raw.value());
        QVERIFY(bump.exec(QStringLiteral("INSERT INTO schema_version (version) VALUES (99)")));
        raw.value().close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    auto newer = Store::open(url);
    QVERIFY(!newer.ok());
    QVERIFY2(newer.error().message.contains(QLatin1String("schema version 99")),
             qPrintable(newer.error().message));
}

void TestStore::recordsRunsFindingsAndEvents()
{
    const QString project = QStringLiteral("/src/project-a");
    const auto r = makeRun(QStringLiteral("aaaa1111bbbb2222"), project,
                           {finding(QStringLiteral("FF1001"), QStringLiteral("main.c"), 12, Severity::High,
                                    QStringLiteral("fp1")),
                            finding(QStringLiteral("FF1013"), QStringLiteral("main.c"), 11, Severity::Low,
                                    QStringLiteral("fp2"))});
    const QList<RunEvent> events{{r.submitted, QStringLiteral("preparing"), QStringLiteral("image")},
                                 {r.containerRunning, QStringLiteral("running"), {}},
                                 {r.finished, QStringLiteral("succeeded"), {}}};
    QVERIFY_OK(test::wait(m_store->recordRun(r, events)));
    m_store->writer().flush();

    const auto runs = m_store->runs(project);
    QVERIFY2(runs.ok(), qPrintable(runs.error().toString()));
    QCOMPARE(runs->size(), 1);
    const RunRecord &rec = runs->first();
    QCOMPARE(rec.id, r.runId);
    QCOMPARE(rec.projectPath, project);
    QCOMPARE(rec.state, QStringLiteral("succeeded"));
    QCOMPARE(rec.findingCount, 2);
    QCOMPARE(rec.exitCode, 0);
    QCOMPARE(rec.imageDigest, QStringLiteral("sha256:1234"));
    QCOMPARE(rec.submitted.toMSecsSinceEpoch(), r.submitted.toMSecsSinceEpoch());
    QCOMPARE(static_cast<qint64>(rec.limits.value(QLatin1String("memory")).toDouble()), qint64(1) << 30);
    QCOMPARE(rec.parameters.value(QLatin1String("min_level")).toString(), QStringLiteral("1"));
    QCOMPARE(rec.projectLanguages, (QStringList{QStringLiteral("c"), QStringLiteral("python")}));
    QCOMPARE(m_store->run(QStringLiteral("aaaa11"))->id, r.runId); // by prefix
    QCOMPARE(m_store->run(QStringLiteral("zzzz")).error().kind, Error::Kind::NotFound);
    QVERIFY(m_store->runs(QStringLiteral("/elsewhere"))->isEmpty());

    const auto ev = m_store->events(r.runId);
    QVERIFY(ev.ok());
    QCOMPARE(ev->size(), 3);
    QCOMPARE(ev->at(1).state, QStringLiteral("running"));
    QCOMPARE(ev->at(0).detail, QStringLiteral("image"));

    const auto fs = m_store->findings(r.runId);
    QVERIFY(fs.ok());
    QCOMPARE(fs->size(), 2);
    QCOMPARE(fs->first(), r.findings.first()); // every field back, highest severity first
}

void TestStore::recordingIsIdempotent()
{
    // The writer may run a job again after a lost connection: nothing may double.
    const auto r = makeRun(
        QStringLiteral("idem0000"), QStringLiteral("/p"),
        {finding(QStringLiteral("R"), QStringLiteral("a.c"), 1, Severity::Medium, QStringLiteral("f1"))});
    QVERIFY_OK(test::wait(m_store->recordRun(r)));
    QVERIFY_OK(test::wait(m_store->recordRun(r)));
    QCOMPARE(m_store->runs()->size(), 1);
    QCOMPARE(m_store->findings(r.runId)->size(), 1);
}

void TestStore::filtersAndCounts()
{
    QList<Finding> fs;
    for (int i = 0; i < 50; ++i)
        fs << finding(QStringLiteral("R%1").arg(i % 5), QStringLiteral("src/file%1.c").arg(i % 7), i + 1,
                      static_cast<Severity>(i % 5), QStringLiteral("fp%1").arg(i));
    fs[3].message = QStringLiteral("100% sure: buffer_overflow here");
    const auto r = makeRun(QStringLiteral("filt0000"), QStringLiteral("/p"), fs);
    QVERIFY_OK(test::wait(m_store->recordRun(r)));
    FindingFilter high;
    high.minSeverity = Severity::High;
    QCOMPARE(m_store->findings(r.runId, high)->size(), 20); // high and critical: 10 each
    FindingFilter text;
    text.text = QStringLiteral("FILE3.c");
    QCOMPARE(m_store->findings(r.runId, text)->size(), 7); // case-insensitive, in the path
    text.text = QStringLiteral("100% sure");
    QCOMPARE(m_store->findings(r.runId, text)->size(), 1); // % is literal
    text.text = QStringLiteral("buffer_o");
    QCOMPARE(m_store->findings(r.runId, text)->size(), 1); // so is _
    const auto counts = m_store->severityCounts(r.runId);
    QVERIFY(counts.ok());
    QCOMPARE(counts->value(Severity::Critical), 10);
    QCOMPARE(counts->value(Severity::Info), 10);
}

void TestStore::diffOfTwoRuns()
{
    const QString p = QStringLiteral("/p");
    QVERIFY_OK(test::wait(m_store->recordRun(makeRun(
        QStringLiteral("runA"), p,
        {finding(QStringLiteral("R1"), QStringLiteral("a.c"), 1, Severity::High, QStringLiteral("kept")),
         finding(QStringLiteral("R2"), QStringLiteral("a.c"), 2, Severity::Low, QStringLiteral("gone"))}))));
    QVERIFY_OK(test::wait(m_store->recordRun(makeRun(
        QStringLiteral("runB"), p,
        {finding(QStringLiteral("R1"), QStringLiteral("a.c"), 9, Severity::High, QStringLiteral("kept")),
         finding(QStringLiteral("R3"), QStringLiteral("b.c"), 3, Severity::Medium,
                 QStringLiteral("new"))}))));
    const auto d = m_store->diff(QStringLiteral("runA"), QStringLiteral("runB"));
    QVERIFY2(d.ok(), qPrintable(d.error().toString()));
    QCOMPARE(d->added.size(), 1);
    QCOMPARE(d->added.first().fingerprint, QStringLiteral("new"));
    QCOMPARE(d->fixed.size(), 1);
    QCOMPARE(d->fixed.first().fingerprint, QStringLiteral("gone"));
    QCOMPARE(d->unchanged, 1);
    QVERIFY_OK(test::wait(m_store->recordRun(makeRun(QStringLiteral("other"), QStringLiteral("/q"), {}))));
    QCOMPARE(m_store->diff(QStringLiteral("runA"), QStringLiteral("other")).error().kind,
             Error::Kind::InvalidArgument);
}

void TestStore::triageSurvivesRescans()
{
    const QString p = QStringLiteral("/p");
    QVERIFY_OK(test::wait(m_store->recordRun(makeRun(
        QStringLiteral("scan1"), p,
        {finding(QStringLiteral("R1"), QStringLiteral("a.c"), 1, Severity::High, QStringLiteral("fpX"))}))));
    Triage t;
    t.status = TriageStatus::AcceptedRisk;
    t.reason = QStringLiteral("internal tool");
    t.note = QStringLiteral("reviewed by A. Analyst");
    t.expires = QDateTime::currentDateTimeUtc().addDays(30);
    QVERIFY_OK(test::wait(m_store->setTriage(p, QStringLiteral("fpX"), t)));
    QVERIFY_OK(test::wait(m_store->recordRun(makeRun(
        QStringLiteral("scan2"), p,
        {finding(QStringLiteral("R1"), QStringLiteral("a.c"), 5, Severity::High, QStringLiteral("fpX"))}))));
    const auto decisions = m_store->triage(p);
    QVERIFY(decisions.ok());
    QCOMPARE(decisions->size(), 1);
    const Triage back = decisions->value(QStringLiteral("fpX"));
    QCOMPARE(back.status, TriageStatus::AcceptedRisk);
    QCOMPARE(back.reason, t.reason);
    QCOMPARE(back.note, t.note);
    QCOMPARE(back.expires.toMSecsSinceEpoch(), t.expires.toMSecsSinceEpoch());
    t.status = TriageStatus::FalsePositive;
    QVERIFY_OK(test::wait(m_store->setTriage(p, QStringLiteral("fpX"), t)));
    QCOMPARE(m_store->triage(p)->value(QStringLiteral("fpX")).status, TriageStatus::FalsePositive);
    // The findings view filters by the decision; a finding never triaged counts as open.
    QVERIFY_OK(test::wait(m_store->recordRun(makeRun(
        QStringLiteral("scan3"), p,
        {finding(QStringLiteral("R1"), QStringLiteral("a.c"), 5, Severity::High, QStringLiteral("fpX")),
         finding(QStringLiteral("R2"), QStringLiteral("a.c"), 6, Severity::High, QStringLiteral("fpY"))}))));
    FindingFilter open;
    open.statuses = {TriageStatus::Open};
    const auto openOnes = m_store->findings(QStringLiteral("scan3"), open);
    QVERIFY(openOnes.ok());
    QCOMPARE(openOnes->size(), 1);
    QCOMPARE(openOnes->first().fingerprint, QStringLiteral("fpY"));
    FindingFilter dismissed;
    dismissed.statuses = {TriageStatus::FalsePositive, TriageStatus::AcceptedRisk};
    QCOMPARE(m_store->findings(QStringLiteral("scan3"), dismissed)->size(), 1);
}

void TestStore::samplesAndLogs()
{
    QVERIFY_OK(test::wait(m_store->recordRun(makeRun(QStringLiteral("logs"), QStringLiteral("/p"), {}))));
    QList<docker::StatsSample> samples;
    for (int i = 0; i < 20; ++i) {
        docker::StatsSample s;
        s.read = QDateTime::fromMSecsSinceEpoch(1700000000000 + i * 1000, Qt::UTC);
        s.cpuPercent = i * 1.5;
        s.memoryUsage = 1000 + i;
        s.memoryLimit = 1 << 20;
        s.pids = 3;
        s.pidsLimit = 64;
        s.throttledPeriods = i / 4; // the markers of the resource graph come from these
        s.failcnt = i / 10;
        samples << s;
    }
    QVERIFY_OK(test::wait(m_store->addSamples(QStringLiteral("logs"), samples)));
    const auto back = m_store->samples(QStringLiteral("logs"));
    QVERIFY(back.ok());
    QCOMPARE(back->size(), 20);
    QCOMPARE(back->at(7).cpuPercent, 10.5);
    QCOMPARE(back->at(7).read, samples.at(7).read);
    QCOMPARE(back->at(13).pidsLimit, 64);
    QCOMPARE(back->at(13).throttledPeriods, 3);
    QCOMPARE(back->at(13).failcnt, 1);

    QByteArray log;
    for (int i = 0; i < 5000; ++i)
        log += "stdout line " + QByteArray::number(i) + "\n";
    QVERIFY_OK(test::wait(m_store->saveLog(QStringLiteral("logs"), log)));
    QCOMPARE(m_store->log(QStringLiteral("logs")).value(), log);
    // Over the cap, the end is kept.
    QVERIFY_OK(test::wait(m_store->saveLog(QStringLiteral("logs"), log, 1000)));
    QCOMPARE(m_store->log(QStringLiteral("logs")).value(), log.right(1000));
    QCOMPARE(m_store->log(QStringLiteral("nolog")).error().kind, Error::Kind::NotFound);
}

fuzz::FuzzSample TestStore::fuzzSample(qint64 atMs, int i)
{
    fuzz::FuzzSample s;
    s.at = QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC);
    s.engine = i % 2 ? QStringLiteral("afl++") : QStringLiteral("libfuzzer");
    s.execs = 1000ll * i;
    s.execsPerSec = 1234.5 + i;
    s.coverage = 10 + i;
    s.features = i % 3 ? 20 + i : -1; // not given by every engine
    s.bitmapCoverage = i * 0.25;
    s.corpus = 5 + i;
    s.corpusBytes = 100ll * i;
    s.crashes = i / 10;
    s.hangs = -1;
    s.stability = 99.5;
    s.cycles = i / 7;
    s.rssMb = 30 + i;
    s.lastFindSeconds = i % 4;
    s.elapsedSeconds = i;
    s.event = i == 0 ? QStringLiteral("INITED") : QStringLiteral("pulse");
    return s;
}

void TestStore::findingProperties()
{
    Finding crash = finding(QStringLiteral("heap-buffer-overflow"), QStringLiteral("src/parser.c"), 42,
                            Severity::Critical, QStringLiteral("sig1"));
    QJsonObject reproducer{{QStringLiteral("name"), QStringLiteral("da39a3ee")},
                           {QStringLiteral("size"), 7},
                           {QStringLiteral("base64"), QStringLiteral("RkYBAgM=")}};
    crash.properties.insert(
        QStringLiteral("crash"),
        QJsonObject{
            {QStringLiteral("signature"), QStringLiteral("sig1")},
            {QStringLiteral("access"), QStringLiteral("WRITE")},
            {QStringLiteral("frames"), QJsonArray{QStringLiteral("parse_header /target/src/parser.c:42")}},
            {QStringLiteral("occurrences"), 3},
            {QStringLiteral("stack"), QStringLiteral("==1==ERROR: AddressSanitizer: 'quoted' \"x\"\n")},
            {QStringLiteral("reproducer"), reproducer}});
    const Finding plain =
        finding(QStringLiteral("R"), QStringLiteral("a.c"), 1, Severity::Low, QStringLiteral("plain"));
    const auto r = makeRun(QStringLiteral("props0000"), QStringLiteral("/p"), {crash, plain});
    QVERIFY_OK(test::wait(m_store->recordRun(r)));
    const auto back = m_store->findings(r.runId);
    QVERIFY(back.ok());
    QCOMPARE(back->size(), 2);
    QCOMPARE(back->at(0), crash);
    QCOMPARE(
        back->at(0).properties.value(QStringLiteral("crash")).toObject().value(QStringLiteral("reproducer")),
        QJsonValue(reproducer));
    QCOMPARE(back->at(1), plain);
    QVERIFY(back->at(1).properties.isEmpty());
    // Compared runs carry them too.
    QVERIFY_OK(
        test::wait(m_store->recordRun(makeRun(QStringLiteral("props0001"), QStringLiteral("/p"), {plain}))));
    QCOMPARE(m_store->diff(QStringLiteral("props0001"), r.runId)->added.value(0), crash);
}

void TestStore::fuzzSamples()
{
    QVERIFY_OK(test::wait(m_store->recordRun(makeRun(QStringLiteral("fuzz"), QStringLiteral("/p"), {}))));
    QList<fuzz::FuzzSample> samples;
    for (int i = 0; i < 100; ++i)
        samples << fuzzSample(1700000000000 + (i / 2) * 1000, i); // two samples in each millisecond
    QVERIFY_OK(test::wait(m_store->addFuzzSamples(QStringLiteral("fuzz"), samples)));
    // Again: nothing doubles (the writer may run a job twice after a lost connection).
    QVERIFY_OK(test::wait(m_store->addFuzzSamples(QStringLiteral("fuzz"), samples)));
    const auto back = m_store->fuzzSamples(QStringLiteral("fuzz"));
    QVERIFY2(back.ok(), qPrintable(back.error().toString()));
    QCOMPARE(back->size(), 100);
    for (int i = 0; i < 100; ++i) {
        const fuzz::FuzzSample &a = samples.at(i);
        const fuzz::FuzzSample &b = back->at(i);
        QCOMPARE(b.at, a.at);
        QCOMPARE(b.engine, a.engine);
        QCOMPARE(b.execs, a.execs);
        QCOMPARE(b.execsPerSec, a.execsPerSec);
        QCOMPARE(b.coverage, a.coverage);
        QCOMPARE(b.features, a.features);
        QCOMPARE(b.bitmapCoverage, a.bitmapCoverage);
        QCOMPARE(b.corpus, a.corpus);
        QCOMPARE(b.corpusBytes, a.corpusBytes);
        QCOMPARE(b.crashes, a.crashes);
        QCOMPARE(b.hangs, a.hangs);
        QCOMPARE(b.stability, a.stability);
        QCOMPARE(b.cycles, a.cycles);
        QCOMPARE(b.rssMb, a.rssMb);
        QCOMPARE(b.lastFindSeconds, a.lastFindSeconds);
        QCOMPARE(b.elapsedSeconds, a.elapsedSeconds);
        QCOMPARE(b.event, a.event);
    }
    QVERIFY(m_store->fuzzSamples(QStringLiteral("other"))->isEmpty());
    QVERIFY_OK(test::wait(m_store->addFuzzSamples(QStringLiteral("fuzz"), {})));
    // The samples belong to their run: a sample of no recorded run is refused.
    QVERIFY(!test::wait(m_store->addFuzzSamples(QStringLiteral("norun"), {samples.first()})).ok());
}

void TestStore::findingsByFingerprint()
{
    const QString p = QStringLiteral("/p");
    auto crash = [](const QString &fp, int line) {
        return finding(QStringLiteral("heap-buffer-overflow"), QStringLiteral("src/parser.c"), line,
                       Severity::Critical, fp);
    };
    auto older = makeRun(QStringLiteral("fpold"), p, {crash(QStringLiteral("abc123"), 1)});
    older.submitted = older.submitted.addSecs(-3600);
    auto newer = makeRun(QStringLiteral("fpnew"), p,
                         {crash(QStringLiteral("abc123"), 2), crash(QStringLiteral("abd999"), 3)});
    QVERIFY_OK(test::wait(m_store->recordRun(newer)));
    QVERIFY_OK(test::wait(m_store->recordRun(older)));

    auto byPrefix = m_store->findingsByFingerprint(QStringLiteral("abc"));
    QVERIFY2(byPrefix.ok(), qPrintable(byPrefix.error().toString()));
    QCOMPARE(byPrefix->size(), 2);
    QCOMPARE(byPrefix->at(0).first, QStringLiteral("fpnew")); // newest run first
    QCOMPARE(byPrefix->at(0).second, newer.findings.at(0));
    QCOMPARE(byPrefix->at(1).first, QStringLiteral("fpold"));
    QCOMPARE(byPrefix->at(1).second.region.startLine, 1);
    QCOMPARE(m_store->findingsByFingerprint(QStringLiteral("abc"), 1)->size(), 1);
    // A prefix two fingerprints share: both, for the caller to say it is ambiguous.
    const auto ab = m_store->findingsByFingerprint(QStringLiteral("ab"));
    QCOMPARE(ab->size(), 3);
    QCOMPARE(m_store->findingsByFingerprint(QStringLiteral("abd999"))->size(), 1);
    QCOMPARE(m_store->findingsByFingerprint(QStringLiteral("abd999"))->first().second.region.startLine, 3);
    // Case counts, and wildcards are literal.
    QVERIFY(m_store->findingsByFingerprint(QStringLiteral("ABC"))->isEmpty());
    QVERIFY(m_store->findingsByFingerprint(QStringLiteral("a%"))->isEmpty());
    QVERIFY(m_store->findingsByFingerprint(QStringLiteral("zzz"))->isEmpty());
    QCOMPARE(m_store->findingsByFingerprint(QString()).error().kind, Error::Kind::InvalidArgument);
}

void TestStore::fuzzDownsamplingKeepsFiveSeconds()
{
    const qint64 t0 = 1700000000000;
    // Few samples: kept as they are.
    QList<fuzz::FuzzSample> few;
    for (int i = 0; i < 720; ++i)
        few << fuzzSample(t0 + i * 100, i);
    QCOMPARE(downsampleFuzz(few).size(), 720);

    // A 50-minute run, a sample every 500 ms: 6000 samples, at least one per 5 s is kept.
    QList<fuzz::FuzzSample> run;
    for (int i = 0; i < 6000; ++i)
        run << fuzzSample(t0 + i * 500, i);
    const auto kept = downsampleFuzz(run);
    QVERIFY2(kept.size() <= 720, qPrintable(QString::number(kept.size())));
    QVERIFY(kept.size() >= 600);
    for (int i = 1; i < kept.size(); ++i)
        QVERIFY(kept.at(i - 1).at.msecsTo(kept.at(i).at) <= 5000);
    QVERIFY(kept.first().at.msecsTo(run.first().at) > -5000);
    // The running totals end where the run ended; the rate is the bucket's average.
    QCOMPARE(kept.last().execs, run.last().execs);
    QCOMPARE(kept.last().crashes, run.last().crashes);
    // Buckets of 2999.5 s / 720 (4.17 s): the first holds samples 0..8.
    QCOMPARE(kept.first().execsPerSec, 1234.5 + 4.0);
    QCOMPARE(kept.first().rssMb, 30 + 8);

    // Three hours: at most 720 points, evenly spread.
    QList<fuzz::FuzzSample> longRun;
    for (int i = 0; i < 10800; ++i)
        longRun << fuzzSample(t0 + i * 1000ll, i);
    const auto longKept = downsampleFuzz(longRun);
    QVERIFY2(longKept.size() <= 720 && longKept.size() >= 700, qPrintable(QString::number(longKept.size())));
    QCOMPARE(longKept.last().execs, longRun.last().execs);
}

void TestStore::recorderStoresFuzzSamples()
{
    // A run's signals as a fuzzing workflow gives them; the engine is not needed for this.
    run::RunSpec spec;
    spec.runId = QStringLiteral("recfuzz0");
    spec.workflow.id = QStringLiteral("libfuzzer");
    spec.workflow.version = QStringLiteral("1.0.0");
    spec.workflow.statistics = QStringLiteral("libfuzzer");
    spec.projectPath = m_tmp.path();
    run::WorkflowRun wr(nullptr, spec);
    RunRecorder recorder(m_store.get());
    recorder.track(&wr);
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < 1000; ++i) // more than 720, under an hour: one per 5 s or more is kept
        Q_EMIT wr.fuzzSample(fuzzSample(t0 + i * 1000ll, i));
    run::RunResult result = makeRun(spec.runId, spec.projectPath, {});
    result.outputDir = m_tmp.filePath(QStringLiteral("recfuzz0"));
    Q_EMIT wr.finished(result);
    QVERIFY_OK(recorder.wait());
    const auto stored = m_store->fuzzSamples(spec.runId);
    QVERIFY2(stored.ok(), qPrintable(stored.error().toString()));
    QVERIFY2(stored->size() >= 200 && stored->size() <= 720, qPrintable(QString::number(stored->size())));
    for (int i = 1; i < stored->size(); ++i)
        QVERIFY(stored->at(i - 1).at.msecsTo(stored->at(i).at) <= 5000);
    QCOMPARE(stored->last().execs, 999000);
}

void TestStore::badJobFailsAlone()
{
    QList<QFuture<Status>> futures;
    for (int i = 0; i < 200; ++i) {
        if (i == 100)
            futures << m_store->writer().submit([](QSqlDatabase &db) {
                return exec(db, QStringLiteral("INSERT INTO no_such_table VALUES (1)"));
            });
        else
            futures << m_store->recordRun(
                makeRun(QStringLiteral("batch%1").arg(i), QStringLiteral("/p"), {}));
    }
    for (int i = 0; i < futures.size(); ++i) {
        const Status s = test::wait(futures[i]);
        QCOMPARE(s.ok(), i != 100);
    }
    QCOMPARE(m_store->runs()->size(), 199);
}

void TestStore::twoWritersShareTheDatabase()
{
    // The CLI and the GUI on the same database at once.
    auto second = Store::open(m_store->url());
    QVERIFY2(second.ok(), qPrintable(second.error().toString()));
    QList<QFuture<Status>> futures;
    for (int i = 0; i < 100; ++i) {
        futures << m_store->recordRun(makeRun(QStringLiteral("one%1").arg(i), QStringLiteral("/p"), {}));
        futures << second.value()->recordRun(
            makeRun(QStringLiteral("two%1").arg(i), QStringLiteral("/p"), {}));
    }
    for (auto &f : futures)
        QVERIFY_OK(test::wait(f));
    QCOMPARE(m_store->runs()->size(), 200);
    QCOMPARE(second.value()->runs()->size(), 200);
}

void TestStore::unreachableDatabaseIsAClearError()
{
    auto url = DatabaseUrl::parse(QStringLiteral("postgresql://fuzzforge:topsecret@127.0.0.1:1/fuzzforge"));
    QVERIFY(url.ok());
    QCOMPARE(url->redacted(), QStringLiteral("postgresql://fuzzforge:***@127.0.0.1:1/fuzzforge"));
    auto store = Store::open(url.value());
    QVERIFY(!store.ok());
    QVERIFY2(
        store.error().message.contains(QLatin1String("postgresql://fuzzforge:***@127.0.0.1:1/fuzzforge")),
        qPrintable(store.error().message));
    QVERIFY(!store.error().message.contains(QLatin1String("topsecret")));
    QVERIFY(!DatabaseUrl::parse(QStringLiteral("mysql://x")).ok());
    QVERIFY(!DatabaseUrl::parse(QStringLiteral("postgresql://h:5432/")).ok());
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"

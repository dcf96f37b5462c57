// Workflow manifests: every field validated, bad ones reported with file, field and reason,
// the other workflows still loaded; parameters typed and substituted; the built-in catalogue.
#include "fuzz/corpus.h"
#include "run/workflowrun.h"
#include "workflow/catalogue.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ff::workflow;

class TestManifest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtInCatalogue();
    void invalidFields_data();
    void invalidFields();
    void badManifestDoesNotStopTheOthers();
    void parameters();
    void sizesAndDurations();
    void appliesTo();
    void folderHashFollowsContent();
    void compositeExpansion();
    void languages();
    void fuzzingFields();
    void fuzzingContainer();
    void fuzzingWorkflowsShareTheirScripts();

private:
    static QByteArray valid()
    {
        return "id: demo\nname: Demo\nversion: 1.0.0\nimage:\n  build: .\n"
               "command: [\"tool\", \"--level={{level}}\", \"{{flag}}\"]\n"
               "parameters:\n  level:\n    type: integer\n    default: 2\n    min: 0\n    max: 5\n"
               "  flag:\n    type: boolean\n    default: false\n"
               "outputs:\n  - path: out.sarif\n    parser: sarif\n";
    }
    static QByteArray fuzzing()
    {
        return "id: fuzz\nname: Fuzz\nversion: 1.0.0\nimage:\n  build: .\n"
               "command: [\"sh\", \"/opt/run.sh\", \"{{harness}}\", \"{{time_budget}}\"]\n"
               "reproduce: [\"sh\", \"/opt/reproduce.sh\", \"{{harness}}\", \"/results/input\"]\n"
               "corpus: /corpus\nscratch: {size: 1g, exec: true}\nstatistics: libfuzzer\n"
               "parameters:\n  harness:\n    type: string\n    default: fuzz/fuzz_parser.c\n"
               "  time_budget:\n    type: integer\n    default: 60\n"
               "outputs:\n  - path: out.sarif\n    parser: sarif\n";
    }
    static void writeWorkflow(const QString &dir, const QByteArray &yaml)
    {
        QDir().mkpath(dir);
        QFile m(dir + QStringLiteral("/workflow.yaml"));
        QVERIFY(m.open(QIODevice::WriteOnly));
        m.write(yaml);
        QFile d(dir + QStringLiteral("/Dockerfile"));
        QVERIFY(d.open(QIODevice::WriteOnly));
        d.write("FROM debian:bookworm-slim\n");
    }
};

void TestManifest::builtInCatalogue()
{
    const Catalogue c = Catalogue::standard();
    QVERIFY2(c.errors().isEmpty(), qPrintable(c.errors().value(0).toString()));
    for (const char *id :
         {"c-cpp-static", "python-static", "shell-static", "secrets", "security-assessment"}) {
        const WorkflowManifest *w = c.find(QLatin1String(id));
        QVERIFY2(w, id);
        QVERIFY(w->builtIn);
        QCOMPARE(w->network, QStringLiteral("none"));
        QVERIFY(!w->user.startsWith(QLatin1Char('0')));
    }
    QVERIFY(c.find(QStringLiteral("security-assessment"))->isComposite());
    const WorkflowManifest *cpp = c.find(QStringLiteral("c-cpp-static"));
    QCOMPARE(cpp->outputs.size(), 2);
    QCOMPARE(cpp->resources.memoryBytes, 1024ll * 1024 * 1024);
    QCOMPARE(cpp->resources.timeoutSeconds, 15 * 60);
    QVERIFY(QFileInfo::exists(cpp->buildContext + QStringLiteral("/Dockerfile")));
}

void TestManifest::invalidFields_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("reason");
    const QByteArray v = valid();
    auto with = [&v](const char *from, const char *to) {
        return QByteArray(v).replace(from, to);
    };
    QTest::addRow("no id") << with("id: demo\n", "") << "id"
                           << "required";
    QTest::addRow("bad id") << with("id: demo", "id: Demo Workflow") << "id"
                            << "lowercase";
    QTest::addRow("bad version") << with("version: 1.0.0", "version: one") << "version"
                                 << "not a version";
    QTest::addRow("no command") << with("command: [\"tool\", \"--level={{level}}\", \"{{flag}}\"]\n", "")
                                << "command"
                                << "required";
    QTest::addRow("unknown placeholder") << with("{{flag}}", "{{nope}}") << "command"
                                         << "{{nope}}";
    QTest::addRow("bad type") << with("type: boolean", "type: colour") << "parameters.flag.type"
                              << "colour";
    QTest::addRow("default out of range") << with("default: 2", "default: 9") << "parameters.level.default"
                                          << "maximum";
    QTest::addRow("enum without values") << with("type: boolean", "type: enum") << "parameters.flag.allowed"
                                         << "allowed";
    QTest::addRow("unknown parser") << with("parser: sarif", "parser: magic") << "outputs[0].parser"
                                    << "magic";
    QTest::addRow("output escapes") << with("path: out.sarif", "path: ../../etc/passwd") << "outputs[0].path"
                                    << "under /results";
    QTest::addRow("no outputs") << with("outputs:\n  - path: out.sarif\n    parser: sarif\n", "") << "outputs"
                                << "required";
    QTest::addRow("memory") << QByteArray(v + "resources:\n  memory: lots\n") << "resources.memory"
                            << "lots";
    QTest::addRow("timeout") << QByteArray(v + "resources:\n  timeout: soon\n") << "resources.timeout"
                             << "soon";
    QTest::addRow("network") << QByteArray(v + "network: host\n") << "network"
                             << "host";
    QTest::addRow("root") << QByteArray(v + "user: \"0:0\"\n") << "user"
                          << "root";
    QTest::addRow("build outside") << with("build: .", "build: ../..") << "image.build"
                                   << "inside";
    const QByteArray f = fuzzing();
    auto fuzz = [&f](const char *from, const char *to) {
        return QByteArray(f).replace(from, to);
    };
    QTest::addRow("corpus relative") << fuzz("corpus: /corpus", "corpus: corpus") << "corpus"
                                     << "absolute";
    QTest::addRow("corpus taken") << fuzz("corpus: /corpus", "corpus: /results/corpus") << "corpus"
                                  << "taken";
    QTest::addRow("corpus over target") << fuzz("corpus: /corpus", "corpus: /target") << "corpus"
                                        << "taken";
    QTest::addRow("corpus without harness")
        << fuzz("  harness:", "  target:").replace("{{harness}}", "{{target}}") << "corpus"
        << "harness";
    QTest::addRow("scratch size") << fuzz("size: 1g", "size: huge") << "scratch.size"
                                  << "huge";
    QTest::addRow("scratch too small") << fuzz("size: 1g", "size: 4k") << "scratch.size"
                                       << "at least 1m";
    QTest::addRow("scratch exec") << fuzz("exec: true", "exec: maybe") << "scratch.exec"
                                  << "maybe";
    QTest::addRow("scratch not a map") << fuzz("scratch: {size: 1g, exec: true}", "scratch: 1g") << "scratch"
                                       << "map";
    QTest::addRow("statistics") << fuzz("statistics: libfuzzer", "statistics: honggfuzz") << "statistics"
                                << "honggfuzz";
    QTest::addRow("reproduce placeholder")
        << fuzz("/opt/reproduce.sh\", \"{{harness}}", "/opt/reproduce.sh\", \"{{nope}}") << "reproduce"
        << "{{nope}}";
    QTest::addRow("reproduce not a list")
        << fuzz("reproduce: [\"sh\", \"/opt/reproduce.sh\", \"{{harness}}\", \"/results/input\"]",
                "reproduce: {sh: x}")
        << "reproduce"
        << "list";
    QTest::addRow("reproduce empty")
        << fuzz("reproduce: [\"sh\", \"/opt/reproduce.sh\", \"{{harness}}\", \"/results/input\"]",
                "reproduce: []")
        << "reproduce"
        << "non-empty";
    QTest::addRow("exit codes") << QByteArray(v + "success_exit_codes: [0, 300]\n") << "success_exit_codes"
                                << "300";
}

void TestManifest::invalidFields()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, field);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    writeWorkflow(dir.path(), yaml);
    QList<ManifestError> errors;
    const auto m = parseManifest(yaml, QStringLiteral("demo/workflow.yaml"), dir.path(), &errors);
    QVERIFY(!m.ok());
    const auto hit = std::find_if(errors.cbegin(), errors.cend(),
                                  [&](const ManifestError &e) { return e.field == field; });
    QVERIFY2(hit != errors.cend(), qPrintable(errors.value(0).toString()));
    QCOMPARE(hit->file, QStringLiteral("demo/workflow.yaml"));
    QVERIFY2(hit->reason.contains(reason), qPrintable(hit->reason));
    // "file:line: field 'x': reason" when the line is known, "file: field ..." otherwise.
    const QString where = hit->line > 0 ? QStringLiteral("demo/workflow.yaml:%1").arg(hit->line)
                                        : QStringLiteral("demo/workflow.yaml");
    QVERIFY2(hit->toString().startsWith(where + QLatin1String(": field '") + field),
             qPrintable(hit->toString()));
}

void TestManifest::badManifestDoesNotStopTheOthers()
{
    QTemporaryDir dir;
    writeWorkflow(dir.filePath(QStringLiteral("a-good")), valid());
    writeWorkflow(dir.filePath(QStringLiteral("b-broken")), "id: [unclosed\n");
    writeWorkflow(dir.filePath(QStringLiteral("c-good")),
                  QByteArray(valid()).replace("id: demo", "id: demo2"));
    writeWorkflow(dir.filePath(QStringLiteral("d-dup")), valid());
    Catalogue c;
    c.load(dir.path());
    QCOMPARE(c.workflows().size(), 2);
    QVERIFY(c.find(QStringLiteral("demo")) && c.find(QStringLiteral("demo2")));
    QCOMPARE(c.errors().size(), 2);
    QVERIFY(c.errors().at(0).file.endsWith(QLatin1String("b-broken/workflow.yaml")));
    QVERIFY(c.errors().at(0).reason.contains(QLatin1String("YAML")));
    QVERIFY(c.errors().at(1).reason.contains(QLatin1String("already defined")));
    c.load(dir.filePath(QStringLiteral("missing")));
    QVERIFY(c.errors().last().reason.contains(QLatin1String("not a folder")));
}

void TestManifest::parameters()
{
    QTemporaryDir dir;
    writeWorkflow(dir.path(), valid());
    const auto m = parseManifest(valid(), QStringLiteral("w.yaml"), dir.path(), nullptr);
    QVERIFY(m.ok());
    const auto defaults = m->resolveParameters({});
    QVERIFY(defaults.ok());
    QCOMPARE(m->substitute(defaults.value()),
             (QStringList{QStringLiteral("tool"), QStringLiteral("--level=2"), QStringLiteral("false")}));
    const auto custom = m->resolveParameters(
        {{QStringLiteral("level"), QStringLiteral(" 4")}, {QStringLiteral("flag"), QStringLiteral("yes")}});
    QVERIFY(custom.ok());
    QCOMPARE(m->substitute(custom.value()),
             (QStringList{QStringLiteral("tool"), QStringLiteral("--level=4"), QStringLiteral("true")}));
    // A value with spaces or shell syntax stays one argument: no shell in between.
    QCOMPARE(m->resolveParameters({{QStringLiteral("level"), QStringLiteral("3; rm -rf /")}}).error().kind,
             ff::Error::Kind::InvalidArgument);
    const auto unknown = m->resolveParameters({{QStringLiteral("colour"), QStringLiteral("red")}});
    QVERIFY(!unknown.ok());
    QVERIFY(unknown.error().message.contains(QLatin1String("has no parameter 'colour'")));
    QVERIFY(!m->resolveParameters({{QStringLiteral("level"), QStringLiteral("-1")}}).ok());
    QVERIFY(!m->resolveParameters({{QStringLiteral("flag"), QStringLiteral("maybe")}}).ok());
}

void TestManifest::sizesAndDurations()
{
    bool ok = false;
    QCOMPARE(parseByteSize(QStringLiteral("512m"), &ok), 512ll << 20);
    QVERIFY(ok);
    QCOMPARE(parseByteSize(QStringLiteral("1.5GiB"), &ok), 3ll << 29);
    QCOMPARE(parseByteSize(QStringLiteral("4096"), &ok), 4096);
    parseByteSize(QStringLiteral("-1m"), &ok);
    QVERIFY(!ok);
    QCOMPARE(parseDurationSeconds(QStringLiteral("15m"), &ok), 900);
    QCOMPARE(parseDurationSeconds(QStringLiteral("2h"), &ok), 7200);
    QCOMPARE(parseDurationSeconds(QStringLiteral("45"), &ok), 45);
    parseDurationSeconds(QStringLiteral("1d"), &ok);
    QVERIFY(!ok);
}

void TestManifest::appliesTo()
{
    const Catalogue c = Catalogue::standard();
    const WorkflowManifest *py = c.find(QStringLiteral("python-static"));
    QVERIFY(py->appliesTo({QStringLiteral("README.md"), QStringLiteral("pkg/mod.py")}));
    QVERIFY(!py->appliesTo({QStringLiteral("README.md"), QStringLiteral("notes.pyc"), QStringLiteral("py")}));
    QVERIFY(c.find(QStringLiteral("c-cpp-static"))->appliesTo({QStringLiteral("src/x.hpp")}));
}

void TestManifest::folderHashFollowsContent()
{
    QTemporaryDir dir;
    writeWorkflow(dir.path(), valid());
    const QString h1 = folderHash(dir.path());
    QCOMPARE(folderHash(dir.path()), h1);
    QFile d(dir.filePath(QStringLiteral("Dockerfile")));
    QVERIFY(d.open(QIODevice::Append));
    d.write("RUN true\n");
    d.close();
    QVERIFY(folderHash(dir.path()) != h1);
}

void TestManifest::compositeExpansion()
{
    const Catalogue c = Catalogue::standard();
    const WorkflowManifest *all = c.find(QStringLiteral("security-assessment"));
    auto ids = [](const QList<const WorkflowManifest *> &ws) {
        QStringList out;
        for (const auto *w : ws)
            out << w->id;
        return out;
    };
    const auto forPython = c.expand(*all, {QStringLiteral("a.py"), QStringLiteral("README")});
    QVERIFY(forPython.ok());
    // Secrets can hide in any file: the secrets workflow applies to every project.
    QCOMPARE(ids(forPython.value()),
             (QStringList{QStringLiteral("python-static"), QStringLiteral("secrets")}));
    const auto forMixed =
        c.expand(*all, {QStringLiteral("a.py"), QStringLiteral("b.c"), QStringLiteral("c.sh")});
    QCOMPARE(ids(forMixed.value()),
             (QStringList{QStringLiteral("c-cpp-static"), QStringLiteral("python-static"),
                          QStringLiteral("secrets"), QStringLiteral("shell-static")}));
    QCOMPARE(ids(c.expand(*all, {QStringLiteral("README")}).value()), QStringList{QStringLiteral("secrets")});
    QVERIFY(c.expand(*all, {})->isEmpty());
    // A project with a fuzz harness: the fuzzing workflows apply to it, but an assessment does
    // not start campaigns.
    const QStringList withHarness{QStringLiteral("src/parser.c"), QStringLiteral("fuzz/fuzz_parser.c")};
    QVERIFY(ids(c.applicable(withHarness)).contains(QStringLiteral("libfuzzer")));
    QVERIFY(ids(c.applicable(withHarness)).contains(QStringLiteral("aflplusplus")));
    QCOMPARE(ids(c.expand(*all, withHarness).value()),
             (QStringList{QStringLiteral("c-cpp-static"), QStringLiteral("secrets")}));
}

void TestManifest::languages()
{
    QCOMPARE(
        detectLanguages({QStringLiteral("src/a.C"), QStringLiteral("b.py"), QStringLiteral("x/y.hpp"),
                         QStringLiteral("Makefile"), QStringLiteral(".hidden"), QStringLiteral("deploy.sh")}),
        (QStringList{QStringLiteral("c"), QStringLiteral("c++"), QStringLiteral("python"),
                     QStringLiteral("shell")}));
    QVERIFY(detectLanguages({QStringLiteral("README")}).isEmpty());
}

void TestManifest::fuzzingFields()
{
    QTemporaryDir dir;
    writeWorkflow(dir.path(), fuzzing());
    QList<ManifestError> errors;
    const auto m = parseManifest(fuzzing(), QStringLiteral("w.yaml"), dir.path(), &errors);
    QVERIFY2(m.ok(), qPrintable(errors.value(0).toString()));
    QCOMPARE(m->corpus, QStringLiteral("/corpus"));
    QCOMPARE(m->scratch.sizeBytes, 1ll << 30);
    QVERIFY(m->scratch.exec);
    QCOMPARE(m->statistics, QStringLiteral("libfuzzer"));
    const auto values =
        m->resolveParameters({{QStringLiteral("harness"), QStringLiteral("fuzz/a.c fuzz/b.c")}});
    QVERIFY(values.ok());
    // The harness stays one argument however many files it names: no shell in between.
    QCOMPARE(m->substituteReproduce(values.value()),
             (QStringList{QStringLiteral("sh"), QStringLiteral("/opt/reproduce.sh"),
                          QStringLiteral("fuzz/a.c fuzz/b.c"), QStringLiteral("/results/input")}));
    QCOMPARE(m->substitute(values.value()).at(3), QStringLiteral("60"));
    QCOMPARE(WorkflowManifest::substituteArguments({QStringLiteral("-t={{ time_budget }}s")}, values.value()),
             QStringList{QStringLiteral("-t=60s")});

    const auto afl = parseManifest(QByteArray(fuzzing()).replace("statistics: libfuzzer", "statistics: afl"),
                                   QStringLiteral("w.yaml"), dir.path(), nullptr);
    QVERIFY(afl.ok());
    QCOMPARE(afl->statistics, QStringLiteral("afl"));

    // The other workflows keep what they had: 256 MiB of scratch, noexec, no corpus.
    const auto plain = parseManifest(valid(), QStringLiteral("w.yaml"), dir.path(), nullptr);
    QVERIFY(plain.ok());
    QCOMPARE(plain->scratch.sizeBytes, 256ll << 20);
    QVERIFY(!plain->scratch.exec);
    QVERIFY(plain->corpus.isEmpty());
    QVERIFY(plain->statistics.isEmpty());
    QVERIFY(plain->reproduce.isEmpty());
    QVERIFY(plain->substituteReproduce({}).isEmpty());

    const Catalogue c = Catalogue::standard();
    for (const char *id : {"libfuzzer", "aflplusplus"}) {
        const WorkflowManifest *w = c.find(QLatin1String(id));
        QVERIFY2(w, id);
        QCOMPARE(w->corpus, QStringLiteral("/corpus"));
        QVERIFY(w->scratch.exec);
        QVERIFY(!w->statistics.isEmpty());
        QVERIFY(!w->reproduce.isEmpty());
        QVERIFY(w->parameter(QStringLiteral("harness")));
        QCOMPARE(w->network, QStringLiteral("none"));
    }
}

void TestManifest::fuzzingContainer()
{
    QTemporaryDir dir;
    writeWorkflow(dir.path(), fuzzing());
    const auto m = parseManifest(fuzzing(), QStringLiteral("w.yaml"), dir.path(), nullptr);
    QVERIFY(m.ok());
    ff::run::RunSpec spec;
    spec.runId = QStringLiteral("fuzzrun0000");
    spec.workflow = m.value();
    spec.projectPath = dir.path();
    spec.parameters = m->resolveParameters({}).value();
    spec.extraLabels << QStringLiteral("org.fuzzforge.store=abc");
    ff::run::WorkflowRun run(nullptr, spec);
    const ff::docker::ContainerSpec s = run.containerSpec();

    const QString volume = ff::fuzz::corpusVolumeName(dir.path(), QStringLiteral("fuzz/fuzz_parser.c"));
    QVERIFY(volume.startsWith(QLatin1String("fuzzforge-corpus-")));
    QCOMPARE(volume.size(), 17 + 16);
    // Per project and per harness; the same project named differently is the same corpus.
    QCOMPARE(
        ff::fuzz::corpusVolumeName(dir.path() + QStringLiteral("/."), QStringLiteral("fuzz/fuzz_parser.c")),
        volume);
    QVERIFY(ff::fuzz::corpusVolumeName(dir.path(), QStringLiteral("fuzz/other.c")) != volume);
    QVERIFY(ff::fuzz::corpusVolumeName(dir.path() + QStringLiteral("x"),
                                       QStringLiteral("fuzz/fuzz_parser.c")) != volume);
    QCOMPARE(run.corpusVolume(), volume);
    QCOMPARE(run.result().corpusVolume, volume);
    QVERIFY(run.result().fuzz.present);

    int corpusMounts = 0;
    for (const auto &mount : s.mounts) {
        if (mount.target == QLatin1String("/corpus")) {
            ++corpusMounts;
            QCOMPARE(mount.type, ff::docker::Mount::Type::Volume);
            QCOMPARE(mount.source, volume);
            QVERIFY(!mount.readOnly);
        } else if (mount.target == QLatin1String("/target")) {
            QVERIFY(mount.readOnly);
        }
    }
    QCOMPARE(corpusMounts, 1);
    const QString tmp = s.tmpfs.value(QStringLiteral("/tmp"));
    QVERIFY2(tmp.split(QLatin1Char(',')).contains(QLatin1String("exec")), qPrintable(tmp));
    QVERIFY2(tmp.contains(QLatin1String("size=1073741824")), qPrintable(tmp));
    QVERIFY(tmp.contains(QLatin1String("nosuid")));
    // Still hardened.
    QCOMPARE(s.user, QStringLiteral("10001:10001"));
    QCOMPARE(s.capDrop, QStringList{QStringLiteral("ALL")});
    QVERIFY(s.securityOpt.contains(QStringLiteral("no-new-privileges:true")));
    QVERIFY(s.readonlyRootfs);
    QCOMPARE(s.networkMode, QStringLiteral("none"));

    // The corpus volume is the project's and harness's, not the run's: no run or store label,
    // so neither cleanup nor a scheduler's sweep takes it.
    const ff::docker::VolumeSpec v = run.corpusVolumeSpec();
    QCOMPARE(v.name, volume);
    QCOMPARE(v.labels.value(ff::fuzz::kLabelCorpus), QStringLiteral("1"));
    QCOMPARE(v.labels.value(ff::run::kLabelProject), spec.projectPath);
    QCOMPARE(v.labels.value(ff::fuzz::kLabelHarness), QStringLiteral("fuzz/fuzz_parser.c"));
    QVERIFY(!v.labels.contains(ff::run::kLabelRun));
    QVERIFY(!v.labels.contains(QStringLiteral("org.fuzzforge.store")));

    // Another workflow: the /tmp of before, and no corpus.
    const auto plain = parseManifest(valid(), QStringLiteral("w.yaml"), dir.path(), nullptr);
    spec.workflow = plain.value();
    spec.parameters = plain->resolveParameters({}).value();
    ff::run::WorkflowRun other(nullptr, spec);
    QCOMPARE(other.containerSpec().tmpfs.value(QStringLiteral("/tmp")),
             QStringLiteral("rw,nosuid,nodev,size=268435456"));
    QCOMPARE(other.containerSpec().mounts.size(), 2);
    QVERIFY(other.corpusVolume().isEmpty());
    QVERIFY(!other.result().fuzz.present);
}

// Each workflow folder is its own image build context, so the two fuzzing workflows carry
// copies of the same scripts: they must not drift apart.
void TestManifest::fuzzingWorkflowsShareTheirScripts()
{
    auto read = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QByteArray common = read(QStringLiteral(":/workflows/libfuzzer/common.sh"));
    QVERIFY(common.contains("triage_all"));
    QCOMPARE(read(QStringLiteral(":/workflows/aflplusplus/common.sh")), common);
    const QByteArray reproduce = read(QStringLiteral(":/workflows/libfuzzer/reproduce.sh"));
    QVERIFY(reproduce.contains("ENGINE=${FUZZFORGE_ENGINE:-libfuzzer}"));
    QCOMPARE(read(QStringLiteral(":/workflows/aflplusplus/reproduce.sh")),
             QByteArray(reproduce).replace("ENGINE=${FUZZFORGE_ENGINE:-libfuzzer}",
                                           "ENGINE=${FUZZFORGE_ENGINE:-afl++}"));
}

QTEST_GUILESS_MAIN(TestManifest)
#include "tst_manifest.moc"

// Every built-in workflow, run for real: its live container passes the CIS Docker Benchmark's
// section 5 checks (tests/security/cischecks.h) as the engine reports them, and hostile parameter
// values ($(…), backticks, quotes, newlines) reach its tools as data, never as shell code.
#include "cischecks.h"
#include "docker/dockerclient.h"
#include "testutil.h"
#include "workflowfixture.h"

#include <QDirIterator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace ff;
using namespace ff::run;

namespace {
const QString kExamples = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples");

// The example project each built-in workflow is run on. A new built-in workflow without an entry
// fails the test: none is left out of the checks.
const QMap<QString, QString> kProjects{
    {QStringLiteral("c-cpp-static"), QStringLiteral("vulnerable-c")},
    {QStringLiteral("python-static"), QStringLiteral("vulnerable-python")},
    {QStringLiteral("shell-static"), QStringLiteral("vulnerable-shell")},
    {QStringLiteral("secrets"), QStringLiteral("leaky-config")},
    {QStringLiteral("libfuzzer"), QStringLiteral("fuzz-parser")},
    {QStringLiteral("aflplusplus"), QStringLiteral("fuzz-parser")},
};

// Parameters whose documented meaning is a shell command the user writes (run by the workflow's
// script on purpose, inside the hardened container): exempt from the injection check.
bool isCommandParameter(const QString &name)
{
    return name == QLatin1String("build_command");
}

// Each form of shell injection prints FFINJ<digit> or touches a ffinj<digit> file when it runs; as
// data it stays "FFINJ%s" and no such file appears.
const QString kInline = QStringLiteral("x$(printf FFINJ%s 1)`printf FFINJ%s 2`\"; printf FFINJ%s 3; \"'; "
                                       "printf FFINJ%s 4; ' $((6*7))FFINJ | touch /results/ffinj5; "
                                       "touch /tmp/ffinj6 & touch /results/ffinj7 #");
const QString kMultiline = kInline + QStringLiteral("\nprintf FFINJ%s 8\ntouch /results/ffinj9\n");
} // namespace

class TestBuiltinHardening : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void liveContainerPassesCis_data();
    void liveContainerPassesCis();
    void parametersAreNeverShell_data();
    void parametersAreNeverShell();
    void injectionReachedContainers();

private:
    struct Outcome
    {
        RunResult result;
        QJsonObject inspect; // of the container while it ran
        bool running = false;
        QStringList log;
    };
    Outcome runWorkflow(const workflow::WorkflowManifest &w, const QMap<QString, QString> &values,
                        const QString &outputDir);
    QMap<QString, QString> quickValues(const workflow::WorkflowManifest &w) const;

    docker::DockerClient *m_client = nullptr;
    workflow::Catalogue m_builtIn;
    QTemporaryDir m_tmp;
    int m_injectedRuns = 0;
    QStringList m_stringParameters;
};

void TestBuiltinHardening::initTestCase()
{
    m_client = docker::DockerClient::fromEnvironment(this);
    QVERIFY2(test::wait(m_client->ping()).ok(), "the Docker engine must answer (run packaging/setup.sh)");
    m_builtIn.load(workflow::Catalogue::builtInRoot(), true);
    QVERIFY(m_builtIn.errors().isEmpty());
    QVERIFY(m_builtIn.workflows().size() >= 6);
    QVERIFY(m_tmp.isValid());
}

QMap<QString, QString> TestBuiltinHardening::quickValues(const workflow::WorkflowManifest &w) const
{
    QMap<QString, QString> v;
    for (const auto &p : w.parameters)
        if (p.name == QLatin1String("time_budget"))
            v.insert(p.name, QStringLiteral("5")); // a fuzzing campaign of a few seconds
    return v;
}

TestBuiltinHardening::Outcome TestBuiltinHardening::runWorkflow(const workflow::WorkflowManifest &w,
                                                                const QMap<QString, QString> &values,
                                                                const QString &outputDir)
{
    Outcome out;
    RunSpec spec;
    spec.workflow = w;
    spec.parameters = w.resolveParameters(values).value();
    spec.projectPath = kExamples + QLatin1Char('/') + kProjects.value(w.id);
    spec.outputDir = outputDir;
    WorkflowRun run(m_client, spec);
    QString containerId;
    connect(&run, &WorkflowRun::containerCreated, this,
            [&containerId](const QString &id) { containerId = id; });
    connect(&run, &WorkflowRun::logLine, this, [&out](const docker::LogLine &l) { out.log << l.text; });
    connect(&run, &WorkflowRun::stateChanged, this, [&](RunState s, const QString &) {
        if (s != RunState::Running || containerId.isEmpty())
            return;
        const auto info = test::wait(m_client->inspectContainer(containerId));
        if (info) {
            out.inspect = info->raw;
            out.running =
                info->raw.value(QLatin1String("State")).toObject().value(QLatin1String("Running")).toBool();
        }
    });
    QSignalSpy done(&run, &WorkflowRun::finished);
    run.start();
    if (done.isEmpty() && !done.wait(900000))
        return out;
    out.result = done.first().first().value<RunResult>();
    return out;
}

void TestBuiltinHardening::liveContainerPassesCis_data()
{
    QTest::addColumn<QString>("workflow");
    for (const auto &w : m_builtIn.workflows())
        if (!w.isComposite())
            QTest::newRow(qPrintable(w.id)) << w.id;
}

void TestBuiltinHardening::liveContainerPassesCis()
{
    QFETCH(QString, workflow);
    const workflow::WorkflowManifest *w = m_builtIn.find(workflow);
    QVERIFY(w);
    QVERIFY2(kProjects.contains(workflow), "a built-in workflow without an example project in this test");
    const Outcome o = runWorkflow(*w, quickValues(*w), m_tmp.filePath(QStringLiteral("cis/") + workflow));
    QVERIFY2(!o.inspect.isEmpty(), "the run's container was never seen running");
    QVERIFY2(o.result.succeeded(), qPrintable(o.result.error));
    QStringList failures;
    for (const auto &c : test::cis::checks()) {
        const QString why = c.failure(o.inspect, w->network);
        if (!why.isEmpty())
            failures << c.id + QStringLiteral(" ") + c.name + QStringLiteral(": ") + why;
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    qInfo("%s: %lld CIS/FuzzForge checks passed on container %s (%s)", qPrintable(workflow),
          static_cast<long long>(test::cis::checks().size()),
          qPrintable(o.inspect.value(QLatin1String("Id")).toString().left(12)),
          o.running ? "running" : "already exited when inspected");
}

void TestBuiltinHardening::parametersAreNeverShell_data()
{
    QTest::addColumn<QString>("workflow");
    QTest::addColumn<QString>("parameter");
    for (const auto &w : m_builtIn.workflows()) {
        if (w.isComposite())
            continue;
        for (const auto &p : w.parameters)
            if (!isCommandParameter(p.name))
                QTest::addRow("%s/%s", qPrintable(w.id), qPrintable(p.name)) << w.id << p.name;
    }
}

void TestBuiltinHardening::parametersAreNeverShell()
{
    QFETCH(QString, workflow);
    QFETCH(QString, parameter);
    const workflow::WorkflowManifest *w = m_builtIn.find(workflow);
    QVERIFY(w);
    const auto spec = std::find_if(w->parameters.cbegin(), w->parameters.cend(),
                                   [&parameter](const auto &p) { return p.name == parameter; });
    QVERIFY(spec != w->parameters.cend());

    QMap<QString, QString> values = quickValues(*w);
    if (spec->type != workflow::ParameterSpec::Type::String) {
        // Typed parameters never carry text: the hostile value is refused before any container.
        values.insert(parameter, kInline);
        const auto resolved = w->resolveParameters(values);
        QVERIFY2(!resolved, "a typed parameter accepted shell text");
        QVERIFY(!resolved.error().message.isEmpty());
        return;
    }
    // Free text: the whole value, newlines included, is one argument of the tool's command. A
    // workflow may refuse newlines in its parameters, then the inline forms must still pass.
    values.insert(parameter, kMultiline);
    if (!w->resolveParameters(values))
        values.insert(parameter, kInline);
    QVERIFY2(w->resolveParameters(values), "a string parameter refused plain text");
    m_stringParameters << workflow + QLatin1Char('/') + parameter;

    const QString outputDir = m_tmp.filePath(QStringLiteral("inject/%1-%2").arg(workflow, parameter));
    QFile::remove(QStringLiteral("/tmp/ffinj6"));
    const Outcome o = runWorkflow(*w, values, outputDir);
    QVERIFY2(isFinal(o.result.state), "the run did not end");
    if (!o.inspect.isEmpty())
        ++m_injectedRuns; // the value reached a started container

    // Nothing ran: no marker printed by the tools (the live log and run.log), none in any result
    // file, no marker file in the results or the host's /tmp.
    static const QRegularExpression ran(QStringLiteral("FFINJ[0-9]|42FFINJ"));
    const QString log = o.log.join(QLatin1Char('\n'));
    QVERIFY2(!ran.match(log).hasMatch(),
             qPrintable(ran.match(log).captured(0) + QStringLiteral(" in the log")));
    QVERIFY2(!QFileInfo::exists(QStringLiteral("/tmp/ffinj6")), "a marker file appeared on the host");
    QDirIterator it(outputDir, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        const QString f = it.next();
        ++files;
        QVERIFY2(!QFileInfo(f).fileName().startsWith(QLatin1String("ffinj")), qPrintable(f));
        QFile file(f);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.read(64 << 20));
        QVERIFY2(!ran.match(text).hasMatch(),
                 qPrintable(f + QStringLiteral(": ") + ran.match(text).captured(0)));
    }
    QVERIFY2(files > 0, "the run left no log to check");
}

void TestBuiltinHardening::injectionReachedContainers()
{
    // The check above is only worth something if hostile text reached the tools: every string
    // parameter of the built-in fuzzers did, in a container that started.
    QVERIFY2(!m_stringParameters.isEmpty(), "no built-in workflow has a free-text parameter");
    QCOMPARE(m_injectedRuns, m_stringParameters.size());
}

QTEST_GUILESS_MAIN(TestBuiltinHardening)
#include "tst_builtinhardening.moc"

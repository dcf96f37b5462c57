// A tool that prints the secrets it reads: run.log and the live log lines hold them redacted.
// A real container through the real engine.
#include "docker/dockerclient.h"
#include "testutil.h"
#include "workflowfixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace ff;
using run::RunResult;
using run::RunSpec;
using run::WorkflowRun;

namespace {
const QString kExamples = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples");
const QString kAws = QStringLiteral("AKIAZ7Q3WERTY1234567");
const QString kApiKey = QStringLiteral("Zx81kPq0aLm3Ty7uQ9w");
const QString kUrlPassword = QStringLiteral("s3cretPassw0rd");
} // namespace

class TestRunLogRedaction : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void toolOutputIsRedacted();

private:
    docker::DockerClient *m_client = nullptr;
    QTemporaryDir m_tmp;
};

void TestRunLogRedaction::initTestCase()
{
    m_client = docker::DockerClient::fromEnvironment(this);
    QVERIFY2(test::wait(m_client->ping()).ok(), "the Docker engine must answer (run packaging/setup.sh)");
}

void TestRunLogRedaction::toolOutputIsRedacted()
{
    const QString script = QStringLiteral("echo 'loaded config: api_key = \"%1\"'\n"
                                          "echo 'found %2 in settings.py' >&2\n"
                                          "echo 'connecting to postgres://app:%3@db/app'\n"
                                          "echo '{\"version\":\"2.1.0\",\"runs\":[]}' > /results/out.sarif\n")
                               .arg(kApiKey, kAws, kUrlPassword);
    const QString id = QStringLiteral("probe-logsecrets");
    const QString folder = test::writeUserWorkflow(m_tmp.filePath(id), id, script);
    QFile f(folder + QStringLiteral("/workflow.yaml"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QList<workflow::ManifestError> errors;
    auto m = workflow::parseManifest(f.readAll(), f.fileName(), folder, &errors);
    QVERIFY2(m, qPrintable(errors.value(0).toString()));
    RunSpec spec;
    spec.workflow = m.value();
    spec.parameters = m->resolveParameters({}).value();
    spec.projectPath = kExamples + QStringLiteral("/vulnerable-python");
    spec.outputDir = m_tmp.filePath(QStringLiteral("runs/") + id);
    WorkflowRun run(m_client, spec);
    QStringList lines;
    connect(&run, &WorkflowRun::logLine, this, [&lines](const docker::LogLine &l) { lines << l.text; });
    QSignalSpy done(&run, &WorkflowRun::finished);
    run.start();
    QVERIFY(done.wait(600000));
    const RunResult r = done.first().first().value<RunResult>();
    QVERIFY2(r.succeeded(), qPrintable(r.error));
    QCOMPARE(lines.size(), 3);
    QFile log(spec.outputDir + QStringLiteral("/run.log"));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray logText = log.readAll();
    QVERIFY(logText.contains("loaded config: api_key"));
    for (const QString &value : {kApiKey, kAws, kUrlPassword}) {
        QVERIFY2(!logText.contains(value.toUtf8()), logText.constData());
        QVERIFY2(!lines.join(QLatin1Char('\n')).contains(value), qPrintable(lines.join(QLatin1Char('\n'))));
    }
}

QTEST_GUILESS_MAIN(TestRunLogRedaction)
#include "tst_runlogredaction.moc"

// fuzzforge-cli as a user or a CI job runs it: the commands, their output, files and exit codes.
#include "docker/dockerclient.h"
#include "docker/tararchive.h"
#include "findings/parsers.h"
#include "fuzz/corpus.h"
#include "run/workflowrun.h"
#include "sarifvalidator.h"
#include "storage/store.h"
#include "testutil.h"
#include "workflowfixture.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

namespace {
const QString kCli = QStringLiteral(FUZZFORGE_CLI);
const QString kExamples = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples");

struct Outcome
{
    int code = -1;
    QString out;
    QString err;
};

Outcome cli(const QStringList &args,
            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
            const QString &program = kCli, const QStringList &prefix = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, prefix + args);
    Outcome o;
    if (!p.waitForFinished(600000))
        return o;
    o.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    o.out = QString::fromUtf8(p.readAllStandardOutput());
    o.err = QString::fromUtf8(p.readAllStandardError());
    return o;
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void workflowsTable();
    void workflowsJson();
    void scanExample();
    void scanWritesSarifAndJson();
    void failOnThreshold();
    void inputErrors_data();
    void inputErrors();
    void unreadableProject();
    void unwritableReport();
    void engineDown();
    void failedRunExitsThree();
    void userWorkflowsFolder();
    void historyAndDiff();
    void reportsFromHistory();
    void scanWritesReports();
    void unreachableDatabaseIsAnErrorNotAFallback();
    void readOnlyDatabaseFile();
    void cliAndAnotherProcessShareTheDatabase();
    void reproduceFindsTheFinding();
    void corpusRoundTrip();

private:
    QTemporaryDir m_tmp;
    // What historyAndDiff recorded, for the report tests.
    QString m_historyDb;
    QString m_historyProject;
    QString m_earlierRun;
    QString m_laterRun;
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
};

void TestCli::initTestCase()
{
    // Runs are kept under the test's own folder, not the user's data directory.
    m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_tmp.filePath(QStringLiteral("data")));
}

void TestCli::workflowsTable()
{
    const Outcome o = cli({QStringLiteral("workflows")}, m_env);
    QCOMPARE(o.code, 0);
    for (const char *id : {"c-cpp-static", "python-static", "shell-static", "secrets", "security-assessment",
                           "libfuzzer", "aflplusplus"})
        QVERIFY2(o.out.contains(QLatin1String(id)), qPrintable(o.out));
    QVERIFY(o.out.contains(QLatin1String("--param c-cpp-static.min_level=1")));
}

void TestCli::workflowsJson()
{
    const Outcome o = cli({QStringLiteral("workflows"), QStringLiteral("--json")}, m_env);
    QCOMPARE(o.code, 0);
    const QJsonArray arr = QJsonDocument::fromJson(o.out.toUtf8()).array();
    QCOMPARE(arr.size(), 7); // with the two fuzzing workflows
    const auto py = std::find_if(arr.begin(), arr.end(), [](const QJsonValue &v) {
        return v[QLatin1String("id")].toString() == QLatin1String("python-static");
    });
    QVERIFY(py != arr.end());
    QCOMPARE((*py)[QLatin1String("parameters")][0][QLatin1String("allowed")].toArray().size(), 3);
}

void TestCli::scanExample()
{
    const Outcome o = cli({QStringLiteral("scan"), kExamples + QStringLiteral("/vulnerable-c")}, m_env);
    QVERIFY2(o.code == 0, qPrintable(o.err + o.out));
    QVERIFY2(o.out.contains(QLatin1String("c-cpp-static           succeeded")), qPrintable(o.out));
    QVERIFY(o.out.contains(QLatin1String("By tool: cppcheck 2, flawfinder 6")));
    QVERIFY(o.out.contains(QLatin1String("main.c:12")));
    QVERIFY(o.out.contains(QLatin1String("[CWE-120]")));
    QVERIFY(o.err.contains(QLatin1String("[c-cpp-static] running"))); // progress on stderr
}

void TestCli::scanWritesSarifAndJson()
{
    const QString sarif = m_tmp.filePath(QStringLiteral("all.sarif"));
    const QString json = m_tmp.filePath(QStringLiteral("all.json"));
    const Outcome o = cli({QStringLiteral("scan"), kExamples, QStringLiteral("--sarif"), sarif,
                           QStringLiteral("--json"), json, QStringLiteral("-q")},
                          m_env);
    QVERIFY2(o.code == 0, qPrintable(o.err + o.out));
    QFile s(sarif);
    QVERIFY(s.open(QIODevice::ReadOnly));
    const auto validation = ff::test::validateSarif(sarif);
    QVERIFY2(validation.ok(), qPrintable(validation.describe()));
    const auto imported = ff::findings::parseSarif(s.readAll(), {});
    QVERIFY2(imported.ok(), qPrintable(imported.error().toString()));
    QFile j(json);
    QVERIFY(j.open(QIODevice::ReadOnly));
    const QJsonArray arr = QJsonDocument::fromJson(j.readAll()).array();
    QCOMPARE(imported->size(), arr.size());
    QVERIFY(arr.size() >= 25); // the four examples' findings, merged by security-assessment
    QSet<QString> tools;
    for (const auto &v : arr)
        tools << v[QLatin1String("tool")].toString();
    QCOMPARE(tools, (QSet<QString>{QStringLiteral("cppcheck"), QStringLiteral("flawfinder"),
                                   QStringLiteral("bandit"), QStringLiteral("shellcheck"),
                                   QStringLiteral("fuzzforge-secrets")}));
    for (const auto &f : imported.value())
        QVERIFY(std::any_of(arr.begin(), arr.end(), [&f](const QJsonValue &v) {
            return v[QLatin1String("fingerprint")].toString() == f.fingerprint;
        }));
}

void TestCli::failOnThreshold()
{
    const QString project = kExamples + QStringLiteral("/vulnerable-shell"); // low and medium findings only
    QCOMPARE(cli({QStringLiteral("scan"), project, QStringLiteral("--fail-on"), QStringLiteral("high"),
                  QStringLiteral("-q")},
                 m_env)
                 .code,
             0);
    QCOMPARE(cli({QStringLiteral("scan"), project, QStringLiteral("--fail-on"), QStringLiteral("medium"),
                  QStringLiteral("-q")},
                 m_env)
                 .code,
             1);
    // Raising the tool's own threshold removes the findings.
    QCOMPARE(cli({QStringLiteral("scan"), project, QStringLiteral("--param"),
                  QStringLiteral("shell-static.severity=error"), QStringLiteral("--fail-on"),
                  QStringLiteral("low"), QStringLiteral("-q")},
                 m_env)
                 .code,
             0);
}

void TestCli::inputErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString c = kExamples + QStringLiteral("/vulnerable-c");
    QTest::addRow("no path") << QStringList{QStringLiteral("scan")} << "at least one project folder";
    QTest::addRow("missing") << QStringList{QStringLiteral("scan"), QStringLiteral("/nonexistent/project")}
                             << "does not exist";
    QTest::addRow("a file") << QStringList{QStringLiteral("scan"), c + QStringLiteral("/main.c")}
                            << "is not a folder";
    QTest::addRow("unknown workflow")
        << QStringList{QStringLiteral("scan"), c, QStringLiteral("-w"), QStringLiteral("nope")}
        << "unknown workflow 'nope'";
    QTest::addRow("bad param value") << QStringList{QStringLiteral("scan"), c, QStringLiteral("--param"),
                                                    QStringLiteral("c-cpp-static.min_level=9")}
                                     << "above the maximum 5";
    QTest::addRow("unknown param") << QStringList{QStringLiteral("scan"), c, QStringLiteral("--param"),
                                                  QStringLiteral("c-cpp-static.colour=red")}
                                   << "has no parameter 'colour'";
    QTest::addRow("param of another workflow")
        << QStringList{QStringLiteral("scan"), c, QStringLiteral("--param"),
                       QStringLiteral("python-static.severity=high")}
        << "not part of this scan";
    QTest::addRow("param syntax") << QStringList{QStringLiteral("scan"), c, QStringLiteral("--param"),
                                                 QStringLiteral("oops")}
                                  << "WORKFLOW.KEY=VALUE";
    QTest::addRow("fail-on") << QStringList{QStringLiteral("scan"), c, QStringLiteral("--fail-on"),
                                            QStringLiteral("severe")}
                             << "--fail-on 'severe'";
    QTest::addRow("unknown option") << QStringList{QStringLiteral("scan"), c, QStringLiteral("--frobnicate")}
                                    << "frobnicate";
    QTest::addRow("unknown command") << QStringList{QStringLiteral("explode")} << "unknown command 'explode'";
    QTest::addRow("reproduce: no finding") << QStringList{QStringLiteral("reproduce")} << "name the finding";
    QTest::addRow("reproduce: two findings")
        << QStringList{QStringLiteral("reproduce"), QStringLiteral("ab12"), QStringLiteral("cd34")}
        << "name exactly one finding";
    QTest::addRow("reproduce: unknown finding")
        << QStringList{QStringLiteral("reproduce"), QStringLiteral("0123456789abcdef")}
        << "no finding with the fingerprint '0123456789abcdef'";
    QTest::addRow("reproduce: unknown option")
        << QStringList{QStringLiteral("reproduce"), QStringLiteral("ab12"), QStringLiteral("--frobnicate")}
        << "frobnicate";
    QTest::addRow("reproduce: unwritable output")
        << QStringList{QStringLiteral("reproduce"), QStringLiteral("ab12"), QStringLiteral("--output"),
                       QStringLiteral("/nonexistent/dir/minimized")}
        << "cannot write /nonexistent/dir/minimized";
    QTest::addRow("corpus: no project") << QStringList{QStringLiteral("corpus")} << "give the project folder";
    QTest::addRow("corpus: missing project")
        << QStringList{QStringLiteral("corpus"), QStringLiteral("/nonexistent/project")} << "does not exist";
    QTest::addRow("corpus: two actions")
        << QStringList{QStringLiteral("corpus"), c, QStringLiteral("--reset"), QStringLiteral("--export"),
                       m_tmp.filePath(QStringLiteral("corpus-out"))}
        << "at most one of --export, --import and --reset";
    QTest::addRow("corpus: not a fuzzing workflow")
        << QStringList{QStringLiteral("corpus"), c, QStringLiteral("-w"), QStringLiteral("c-cpp-static")}
        << "keeps no corpus";
    QTest::addRow("corpus: unknown workflow")
        << QStringList{QStringLiteral("corpus"), c, QStringLiteral("-w"), QStringLiteral("nope")}
        << "unknown workflow 'nope'";
    QTest::addRow("corpus: import from nowhere")
        << QStringList{QStringLiteral("corpus"), c, QStringLiteral("--import"),
                       QStringLiteral("/nonexistent/seeds")}
        << "the folder /nonexistent/seeds does not exist";
    QTest::addRow("corpus: export needs a folder")
        << QStringList{QStringLiteral("corpus"), c, QStringLiteral("--export")}
        << "Missing value after '--export'";
    // An empty folder: secrets can be in any file, so only a folder without files has none.
    const QString empty = m_tmp.filePath(QStringLiteral("empty-project"));
    QDir().mkpath(empty);
    QTest::addRow("nothing applies") << QStringList{QStringLiteral("scan"), empty} << "no workflow applies";
}

void TestCli::inputErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Outcome o = cli(args, m_env);
    QCOMPARE(o.code, 2);
    QVERIFY2(o.err.contains(message), qPrintable(o.err));
    QVERIFY(o.out.isEmpty());
}

void TestCli::unreadableProject()
{
    // As an unprivileged user, a folder only its owner may read.
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    QTemporaryDir bin;
    QVERIFY(QFile::setPermissions(bin.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                  QFileDevice::ExeOther));
    const QString copy = bin.filePath(QStringLiteral("fuzzforge-cli"));
    QVERIFY(QFile::copy(kCli, copy));
    QProcessEnvironment env = m_env;
    env.insert(QStringLiteral("HOME"), bin.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), bin.path());
    const Outcome o = cli({QStringLiteral("scan"), dir.path()}, env, QStringLiteral("setpriv"),
                          {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                           QStringLiteral("--clear-groups"), copy});
    QCOMPARE(o.code, 2);
    QVERIFY2(o.err.contains(QLatin1String("cannot be read")), qPrintable(o.err));
}

void TestCli::unwritableReport()
{
    const Outcome o =
        cli({QStringLiteral("scan"), kExamples + QStringLiteral("/vulnerable-shell"), QStringLiteral("-q"),
             QStringLiteral("--sarif"), QStringLiteral("/nonexistent/dir/report.sarif")},
            m_env);
    QCOMPARE(o.code, 2);
    QVERIFY2(o.err.contains(QLatin1String("cannot write /nonexistent/dir/report.sarif")), qPrintable(o.err));
}

void TestCli::engineDown()
{
    QProcessEnvironment env = m_env;
    env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix:///nonexistent/docker.sock"));
    const Outcome o = cli({QStringLiteral("scan"), kExamples + QStringLiteral("/vulnerable-c")}, env);
    QCOMPARE(o.code, 3);
    QVERIFY2(o.err.contains(QLatin1String("Docker engine is unavailable")), qPrintable(o.err));
    QCOMPARE(o.err.count(QLatin1Char('\n')), 1); // one line
}

void TestCli::failedRunExitsThree()
{
    const QString folder =
        ff::test::writeUserWorkflow(m_tmp.filePath(QStringLiteral("wf/broken")), QStringLiteral("broken"),
                                    QStringLiteral("echo 'broken tool' >&2; exit 7\n"));
    const Outcome o = cli({QStringLiteral("scan"), kExamples + QStringLiteral("/vulnerable-c"),
                           QStringLiteral("--workflows"), m_tmp.filePath(QStringLiteral("wf")),
                           QStringLiteral("-w"), QStringLiteral("broken")},
                          m_env);
    QCOMPARE(o.code, 3);
    QVERIFY2(o.out.contains(QLatin1String("exited with code 7: broken tool")), qPrintable(o.out));
}

void TestCli::userWorkflowsFolder()
{
    ff::test::writeUserWorkflow(
        m_tmp.filePath(QStringLiteral("wf2/sarif-tool")), QStringLiteral("sarif-tool"),
        QStringLiteral("echo '") +
            QString::fromUtf8(ff::test::minimalSarif(QStringLiteral("U1"), QStringLiteral("main.c"), 13)) +
            QStringLiteral("' > /results/out.sarif\n"));
    const Outcome list = cli(
        {QStringLiteral("workflows"), QStringLiteral("--workflows"), m_tmp.filePath(QStringLiteral("wf2"))},
        m_env);
    QCOMPARE(list.code, 0);
    QVERIFY(list.out.contains(QLatin1String("sarif-tool")));
    const Outcome o =
        cli({QStringLiteral("scan"), kExamples + QStringLiteral("/vulnerable-c"),
             QStringLiteral("--workflows"), m_tmp.filePath(QStringLiteral("wf2")), QStringLiteral("-w"),
             QStringLiteral("sarif-tool"), QStringLiteral("--fail-on"), QStringLiteral("high")},
            m_env);
    QCOMPARE(o.code, 1);
    QVERIFY2(o.out.contains(QLatin1String("probe/U1")) && o.out.contains(QLatin1String("main.c:13")),
             qPrintable(o.out));
}

void TestCli::historyAndDiff()
{
    // Two scans of a project that changes in between: one finding fixed, one new.
    const QString project = m_tmp.filePath(QStringLiteral("proj-history"));
    QVERIFY(QDir().mkpath(project));
    QVERIFY(QFile::copy(kExamples + QStringLiteral("/vulnerable-python/app.py"),
                        project + QStringLiteral("/app.py")));
    const QString db =
        QStringLiteral("--database=sqlite:") + m_tmp.filePath(QStringLiteral("history.sqlite"));
    const QString python = QStringLiteral("--workflow=python-static");
    QCOMPARE(cli({QStringLiteral("scan"), project, QStringLiteral("-q"), python, db}, m_env).code, 0);
    QFile app(project + QStringLiteral("/app.py"));
    QVERIFY(app.open(QIODevice::ReadWrite));
    QByteArray code = app.readAll().replace("return eval(expression)", "return int(expression)");
    code += "\n\ndef run(cmd):\n    import os\n    os.popen(cmd)\n";
    app.resize(0);
    app.write(code);
    app.close();
    QCOMPARE(cli({QStringLiteral("scan"), project, QStringLiteral("-q"), python, db}, m_env).code, 0);

    const Outcome history = cli({QStringLiteral("history"), project, QStringLiteral("--json"), db}, m_env);
    QCOMPARE(history.code, 0);
    const QJsonArray runs = QJsonDocument::fromJson(history.out.toUtf8()).array();
    QCOMPARE(runs.size(), 2);
    const QString later = runs.at(0)[QLatin1String("id")].toString();
    const QString earlier = runs.at(1)[QLatin1String("id")].toString();
    QCOMPARE(runs.at(0)[QLatin1String("state")].toString(), QStringLiteral("succeeded"));
    QCOMPARE(runs.at(0)[QLatin1String("findings")].toInt(), 7);

    const Outcome table = cli({QStringLiteral("history"), db}, m_env);
    QCOMPARE(table.code, 0);
    QVERIFY2(table.out.contains(later) && table.out.contains(earlier) &&
                 table.out.contains(QLatin1String("python-static")),
             qPrintable(table.out));

    // Unique prefixes are enough.
    const Outcome diff =
        cli({QStringLiteral("diff"), earlier.left(8), later.left(8), QStringLiteral("--json"), db}, m_env);
    QCOMPARE(diff.code, 0);
    const QJsonObject d = QJsonDocument::fromJson(diff.out.toUtf8()).object();
    QCOMPARE(d[QLatin1String("new")].toArray().size(), 1);
    QCOMPARE(d[QLatin1String("new")][0][QLatin1String("ruleId")].toString(), QStringLiteral("B605"));
    QCOMPARE(d[QLatin1String("fixed")].toArray().size(), 1);
    QCOMPARE(d[QLatin1String("fixed")][0][QLatin1String("ruleId")].toString(), QStringLiteral("B307"));
    QCOMPARE(d[QLatin1String("unchanged")].toInt(), 6);
    const Outcome text = cli({QStringLiteral("diff"), earlier, later, db}, m_env);
    QVERIFY2(text.out.contains(QLatin1String("New (1)")) && text.out.contains(QLatin1String("Fixed (1)")),
             qPrintable(text.out));

    // What the scan recorded besides the findings: state changes and the log.
    auto store = ff::storage::Store::open(ff::storage::DatabaseUrl::parse(db.mid(11)).value());
    QVERIFY(store.ok());
    QStringList states;
    const auto events = store.value()->events(later);
    QVERIFY(events.ok());
    for (const auto &e : events.value())
        states << e.state;
    QVERIFY2(states.contains(QStringLiteral("running")) && states.last() == QLatin1String("succeeded"),
             qPrintable(states.join(QLatin1Char(','))));
    QVERIFY2(store.value()->log(later).value().contains("bandit: scanning /target"), "the run's log is kept");

    QCOMPARE(cli({QStringLiteral("diff"), QStringLiteral("nope"), later, db}, m_env).code, 2);
    QCOMPARE(cli({QStringLiteral("diff"), earlier, db}, m_env).code, 2);
    m_historyDb = db;
    m_historyProject = QFileInfo(project).canonicalFilePath();
    m_earlierRun = earlier;
    m_laterRun = later;
}

void TestCli::reportsFromHistory()
{
    QVERIFY2(!m_laterRun.isEmpty(), "historyAndDiff records the runs this test reports on");
    const QString db = m_historyDb;
    const QString later = m_laterRun.left(10);
    auto file = [this](const QString &name) {
        return m_tmp.filePath(QStringLiteral("reports/") + name);
    };
    QVERIFY(QDir().mkpath(m_tmp.filePath(QStringLiteral("reports"))));

    // SARIF: valid, compared with the earlier run (B605 new, B307 gone).
    Outcome o = cli(
        {QStringLiteral("report"), later, QStringLiteral("-o"), file(QStringLiteral("r.sarif")), db}, m_env);
    QVERIFY2(o.code == 0, qPrintable(o.err));
    QVERIFY2(o.err.contains(QLatin1String("wrote 7 findings of 1 runs")), qPrintable(o.err));
    const auto validation = ff::test::validateSarif(file(QStringLiteral("r.sarif")));
    QVERIFY2(validation.ok(), qPrintable(validation.describe()));
    QFile sarif(file(QStringLiteral("r.sarif")));
    QVERIFY(sarif.open(QIODevice::ReadOnly));
    const QJsonObject run = QJsonDocument::fromJson(sarif.readAll())[QLatin1String("runs")][0].toObject();
    QMap<QString, QString> states;
    for (const auto &r : run[QLatin1String("results")].toArray())
        states.insert(r[QLatin1String("ruleId")].toString(), r[QLatin1String("baselineState")].toString());
    QCOMPARE(states.value(QStringLiteral("B605")), QStringLiteral("new"));
    QCOMPARE(states.value(QStringLiteral("B307")), QStringLiteral("absent"));

    // A false positive is left out of the CSV unless asked for.
    auto store = ff::storage::Store::open(ff::storage::DatabaseUrl::parse(db.mid(11)).value());
    QVERIFY(store.ok());
    const auto record = store.value()->run(m_laterRun);
    QVERIFY(record.ok());
    const QJsonObject invocation = run[QLatin1String("invocations")][0].toObject();
    QCOMPARE(invocation[QLatin1String("exitCode")].toInt(-1), record->exitCode);
    QVERIFY(invocation[QLatin1String("executionSuccessful")].toBool());
    QCOMPARE(QDateTime::fromString(invocation[QLatin1String("endTimeUtc")].toString(), Qt::ISODateWithMs),
             record->finished);
    const auto found = store.value()->findings(m_laterRun);
    QVERIFY(found.ok() && found->size() == 7);
    ff::storage::Triage fp;
    fp.status = ff::storage::TriageStatus::FalsePositive;
    fp.note = QStringLiteral("input is a constant");
    QVERIFY(ff::test::wait(store.value()->setTriage(m_historyProject, found->first().fingerprint, fp)).ok());
    store.value().reset();
    auto csvRows = [&](const QStringList &extra) {
        const Outcome c = cli(QStringList{QStringLiteral("report"), later, QStringLiteral("-o"),
                                          file(QStringLiteral("r.csv")), db} +
                                  extra,
                              m_env);
        QFile f(file(QStringLiteral("r.csv")));
        if (c.code != 0 || !f.open(QIODevice::ReadOnly))
            return qsizetype(-1);
        return ff::findings::parseCsv(f.readAll()).value().size() - 1;
    };
    QCOMPARE(csvRows({}), 6);
    QCOMPARE(csvRows({QStringLiteral("--include-false-positives")}), 7);
    QCOMPARE(csvRows({QStringLiteral("--min-severity"), QStringLiteral("high")}) < 6, true);

    // HTML of the latest runs of the project, PDF, Markdown on standard output.
    o = cli({QStringLiteral("report"), QStringLiteral("--latest"), m_historyProject, QStringLiteral("-f"),
             QStringLiteral("html"), QStringLiteral("-o"), file(QStringLiteral("r.html")),
             QStringLiteral("--title"), QStringLiteral("Python audit"), db},
            m_env);
    QVERIFY2(o.code == 0, qPrintable(o.err));
    QFile html(file(QStringLiteral("r.html")));
    QVERIFY(html.open(QIODevice::ReadOnly));
    const QByteArray page = html.readAll();
    QVERIFY(page.contains("Python audit") && page.contains("python-static") && page.contains("B605"));
    o = cli({QStringLiteral("report"), later, QStringLiteral("-o"), file(QStringLiteral("r.pdf")), db},
            m_env);
    QVERIFY2(o.code == 0, qPrintable(o.err));
    QFile pdf(file(QStringLiteral("r.pdf")));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    o = cli({QStringLiteral("report"), later, QStringLiteral("-f"), QStringLiteral("markdown"),
             QStringLiteral("-o"), QStringLiteral("-"), db},
            m_env);
    QCOMPARE(o.code, 0);
    QVERIFY2(o.out.startsWith(QLatin1String("# FuzzForge report\n")), qPrintable(o.out.left(200)));
    QVERIFY(o.out.contains(QLatin1String("| High |")));

    // Bad input: a clear message and exit code 2, nothing written.
    const struct
    {
        QStringList args;
        const char *message;
    } bad[] = {
        {{QStringLiteral("nope"), QStringLiteral("-o"), file(QStringLiteral("x.csv"))}, "no run 'nope'"},
        {{later, QStringLiteral("-o"), QStringLiteral("/nonexistent/dir/x.csv")},
         "cannot write /nonexistent/dir/x.csv"},
        {{QStringLiteral("-o"), file(QStringLiteral("x.csv"))}, "name at least one run"},
        {{later}, "-o FILE"},
        {{later, QStringLiteral("-f"), QStringLiteral("docx"), QStringLiteral("-o"),
          file(QStringLiteral("x.docx"))},
         "unknown report format 'docx'"},
        {{later, QStringLiteral("-o"), file(QStringLiteral("noextension"))}, "cannot tell the format"},
        {{later, QStringLiteral("-f"), QStringLiteral("pdf"), QStringLiteral("-o"), QStringLiteral("-")},
         "needs a file name"},
        {{QStringLiteral("--latest"), m_tmp.filePath(QStringLiteral("never-scanned")), QStringLiteral("-o"),
          file(QStringLiteral("x.csv"))},
         "no runs of"},
    };
    for (const auto &b : bad) {
        o = cli(QStringList{QStringLiteral("report")} + b.args + QStringList{db}, m_env);
        QVERIFY2(o.code == 2, qPrintable(b.args.join(QLatin1Char(' ')) + QStringLiteral(": ") + o.err));
        QVERIFY2(o.err.contains(QLatin1String(b.message)), qPrintable(o.err));
    }
    QVERIFY(!QFile::exists(file(QStringLiteral("x.csv"))));
}

void TestCli::scanWritesReports()
{
    const QString project = kExamples + QStringLiteral("/vulnerable-shell");
    // A report that cannot be written is refused before anything runs.
    Outcome o = cli({QStringLiteral("scan"), project, QStringLiteral("-q"), QStringLiteral("--no-history"),
                     QStringLiteral("--report"), QStringLiteral("md:/nonexistent/dir/r.md")},
                    m_env);
    QCOMPARE(o.code, 2);
    QVERIFY2(o.err.contains(QLatin1String("cannot write /nonexistent/dir/r.md")), qPrintable(o.err));
    QVERIFY2(!o.err.contains(QLatin1String("running")), qPrintable(o.err));
    o = cli({QStringLiteral("scan"), project, QStringLiteral("--report"), QStringLiteral("docx:r.docx")},
            m_env);
    QCOMPARE(o.code, 2);
    QVERIFY(o.err.contains(QLatin1String("unknown report format 'docx'")));

    const QString sarif = m_tmp.filePath(QStringLiteral("scan-report.sarif"));
    const QString md = m_tmp.filePath(QStringLiteral("scan-report.md"));
    const QString pdf = m_tmp.filePath(QStringLiteral("scan-report.pdf"));
    o = cli({QStringLiteral("scan"), project, QStringLiteral("-q"), QStringLiteral("--no-history"),
             QStringLiteral("--report"), QStringLiteral("sarif:") + sarif, QStringLiteral("--report"), md,
             QStringLiteral("--report"), QStringLiteral("pdf:") + pdf, QStringLiteral("--title"),
             QStringLiteral("Shell check")},
            m_env);
    QVERIFY2(o.code == 0, qPrintable(o.err));
    const auto validation = ff::test::validateSarif(sarif);
    QVERIFY2(validation.ok(), qPrintable(validation.describe()));
    QFile s(sarif);
    QVERIFY(s.open(QIODevice::ReadOnly));
    const auto imported = ff::findings::parseSarif(s.readAll(), {});
    QVERIFY(imported.ok());
    QVERIFY(!imported->isEmpty());
    QFile m(md);
    QVERIFY(m.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(m.readAll());
    QVERIFY2(text.startsWith(QLatin1String("# Shell check\n")), qPrintable(text.left(100)));
    for (const auto &f : imported.value())
        QVERIFY2(text.contains(f.ruleId), qPrintable(f.ruleId));
    QFile p(pdf);
    QVERIFY(p.open(QIODevice::ReadOnly));
    QVERIFY(p.read(5) == "%PDF-");
}

void TestCli::unreachableDatabaseIsAnErrorNotAFallback()
{
    QProcessEnvironment env = m_env;
    const QString data = m_tmp.filePath(QStringLiteral("fallback-data"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), data);
    env.insert(QStringLiteral("FUZZFORGE_DATABASE_URL"),
               QStringLiteral("postgresql://ff:hunter2@127.0.0.1:1/fuzzforge"));
    const Outcome o = cli(
        {QStringLiteral("scan"), kExamples + QStringLiteral("/vulnerable-shell"), QStringLiteral("-q")}, env);
    QCOMPARE(o.code, 3);
    QVERIFY2(o.err.contains(QLatin1String("postgresql://ff:***@127.0.0.1:1/fuzzforge")), qPrintable(o.err));
    QVERIFY(!o.err.contains(QLatin1String("hunter2")));
    QCOMPARE(o.err.count(QLatin1Char('\n')), 1);
    QVERIFY(!QFileInfo::exists(data + QStringLiteral("/FuzzForge/fuzzforge/fuzzforge.sqlite")));
    QCOMPARE(
        cli({QStringLiteral("history"), QStringLiteral("--database"), QStringLiteral("mysql://x")}, m_env)
            .code,
        2);
}

void TestCli::readOnlyDatabaseFile()
{
    // A database file the user may read but not write: a clear error, nothing half-written.
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                  QFileDevice::ExeOther));
    const QString file = dir.filePath(QStringLiteral("ro.sqlite"));
    {
        auto store = ff::storage::Store::open(
            ff::storage::DatabaseUrl::parse(QStringLiteral("sqlite:") + file).value());
        QVERIFY(store.ok());
    }
    QVERIFY(QFile::setPermissions(file,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
    const QString copy = dir.filePath(QStringLiteral("fuzzforge-cli"));
    QVERIFY(QFile::copy(kCli, copy));
    QProcessEnvironment env = m_env;
    env.insert(QStringLiteral("HOME"), dir.path());
    const Outcome o =
        cli({QStringLiteral("history"), QStringLiteral("--database"), QStringLiteral("sqlite:") + file}, env,
            QStringLiteral("setpriv"),
            {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
             QStringLiteral("--clear-groups"), copy});
    QCOMPARE(o.code, 3);
    QVERIFY2(o.err.contains(file), qPrintable(o.err));
}

void TestCli::cliAndAnotherProcessShareTheDatabase()
{
    // The GUI (here: this process) writes while the CLI scans into the same SQLite file.
    const QString path = m_tmp.filePath(QStringLiteral("shared.sqlite"));
    auto store =
        ff::storage::Store::open(ff::storage::DatabaseUrl::parse(QStringLiteral("sqlite:") + path).value());
    QVERIFY(store.ok());
    QProcess scan;
    scan.setProcessEnvironment(m_env);
    scan.start(kCli, {QStringLiteral("scan"), kExamples, QStringLiteral("-q"), QStringLiteral("--database"),
                      QStringLiteral("sqlite:") + path});
    QVERIFY(scan.waitForStarted());
    QList<QFuture<ff::Status>> writes;
    for (int i = 0; i < 200; ++i) {
        ff::run::RunResult r;
        r.runId = QStringLiteral("gui%1").arg(i);
        r.workflowId = QStringLiteral("wf");
        r.workflowVersion = QStringLiteral("1");
        r.projectPath = QStringLiteral("/gui/project");
        r.state = ff::run::RunState::Succeeded;
        writes << store.value()->recordRun(r);
        if (i % 20 == 0)
            QTest::qWait(20);
    }
    for (auto &w : writes) {
        const ff::Status s = ff::test::wait(w);
        QVERIFY2(s.ok(), qPrintable(s.error().toString()));
    }
    QVERIFY(scan.waitForFinished(600000));
    QCOMPARE(scan.exitCode(), 0);
    QCOMPARE(store.value()->runs(QStringLiteral("/gui/project"))->size(), 200);
    QCOMPARE(store.value()->runs()->size(), 204); // and the CLI's four workflow runs
}

void TestCli::reproduceFindsTheFinding()
{
    // Recorded crashes as a fuzzing campaign leaves them: the look-up and what is checked before
    // any container runs.
    const QString dbPath = m_tmp.filePath(QStringLiteral("reproduce.sqlite"));
    const QString db = QStringLiteral("--database=sqlite:") + dbPath;
    auto store =
        ff::storage::Store::open(ff::storage::DatabaseUrl::parse(QStringLiteral("sqlite:") + dbPath).value());
    QVERIFY(store.ok());
    const auto crash = [](const QString &fingerprint, const QByteArray &input) {
        ff::findings::Finding f;
        f.workflow = QStringLiteral("libfuzzer");
        f.tool = QStringLiteral("libfuzzer");
        f.ruleId = QStringLiteral("heap-buffer-overflow");
        f.title = QStringLiteral("heap-buffer-overflow in parse_") + fingerprint.left(4);
        f.severity = ff::findings::Severity::High;
        f.path = QStringLiteral("src/parser.c");
        f.fingerprint = fingerprint;
        QJsonObject c{{QStringLiteral("signature"), fingerprint}, {QStringLiteral("type"), f.ruleId}};
        if (!input.isEmpty())
            c.insert(QStringLiteral("reproducer"),
                     QJsonObject{{QStringLiteral("name"), QStringLiteral("x")},
                                 {QStringLiteral("size"), input.size()},
                                 {QStringLiteral("base64"), QString::fromLatin1(input.toBase64())}});
        f.properties.insert(QStringLiteral("crash"), c);
        return f;
    };
    ff::run::RunResult run;
    run.runId = QStringLiteral("feedfacecafe0001");
    run.workflowId = QStringLiteral("libfuzzer");
    run.workflowVersion = QStringLiteral("1.0.0");
    run.projectPath = m_tmp.filePath(QStringLiteral("moved-away-project")); // never created
    run.state = ff::run::RunState::Succeeded;
    run.submitted = run.finished = QDateTime::currentDateTimeUtc();
    const QString first = QStringLiteral("aaaa1111") + QString(56, QLatin1Char('1'));
    const QString second = QStringLiteral("aaaa2222") + QString(56, QLatin1Char('2'));
    const QString third = QStringLiteral("bbbb3333") + QString(56, QLatin1Char('3'));
    run.findings = {crash(first, {}), crash(second, "PK\x01"), crash(third, "FZ\xff\x00")};
    QVERIFY(ff::test::wait(store.value()->recordRun(run)).ok());
    store.value().reset();

    // A prefix of two fingerprints: both are named.
    Outcome o = cli({QStringLiteral("reproduce"), QStringLiteral("aaaa"), db}, m_env);
    QCOMPARE(o.code, 2);
    QVERIFY2(o.err.contains(QLatin1String("prefix of 2 findings")) && o.err.contains(first) &&
                 o.err.contains(second),
             qPrintable(o.err));
    // A finding without its input.
    o = cli({QStringLiteral("reproduce"), QStringLiteral("aaaa1"), db}, m_env);
    QCOMPARE(o.code, 2);
    QVERIFY2(o.err.contains(QLatin1String("carries no reproducer input")), qPrintable(o.err));
    // Its run's project is gone: said so, with the way out.
    o = cli({QStringLiteral("reproduce"), QStringLiteral("bbbb"), db}, m_env);
    QCOMPARE(o.code, 2);
    QVERIFY2(o.err.contains(QLatin1String("does not exist")) && o.err.contains(QLatin1String("--project")),
             qPrintable(o.err));
    o = cli({QStringLiteral("reproduce"), QStringLiteral("cccc"), db}, m_env);
    QCOMPARE(o.code, 2);
    QVERIFY2(o.err.contains(QLatin1String("no finding with the fingerprint 'cccc'")), qPrintable(o.err));
    QVERIFY(o.out.isEmpty());
}

void TestCli::corpusRoundTrip()
{
    // The corpus volume is reached through the fuzzing workflow's image: build it when no
    // campaign has yet.
    auto *client = ff::docker::DockerClient::fromEnvironment(this);
    const auto catalogue = ff::workflow::Catalogue::standard();
    const ff::workflow::WorkflowManifest *wf = catalogue.find(QStringLiteral("libfuzzer"));
    QVERIFY(wf);
    const QString image = ff::run::WorkflowRun::imageTagFor(*wf);
    if (!ff::test::wait(client->inspectImage(image)).ok()) {
        const auto context = ff::docker::tar::packDirectory(wf->buildContext);
        QVERIFY(context.ok());
        ff::docker::BuildSpec build;
        build.context = context.value();
        build.dockerfile = wf->dockerfile;
        build.tags << image;
        build.labels.insert(ff::run::kLabelWorkflow, wf->id);
        auto *job = client->buildImage(build);
        QSignalSpy built(job, &ff::docker::ImageJob::done);
        QVERIFY(built.wait(1500000));
        const auto r = built.first().first().value<ff::docker::ImageJobResult>();
        QVERIFY2(!r.error, qPrintable(r.error.toString()));
    }

    const QString project = m_tmp.filePath(QStringLiteral("proj-corpus"));
    QVERIFY(QDir().mkpath(project));
    const QString harness = QStringLiteral("fuzz/corpus_test_%1.c").arg(QCoreApplication::applicationPid());
    const QStringList base{QStringLiteral("corpus"), project, QStringLiteral("--harness"), harness};
    const auto json = [](const Outcome &o) {
        return QJsonDocument::fromJson(o.out.toUtf8()).object();
    };

    Outcome o = cli(base + QStringList{QStringLiteral("--json")}, m_env);
    QVERIFY2(o.code == 0, qPrintable(o.err));
    QCOMPARE(json(o)[QLatin1String("exists")].toBool(), false);
    const QString volume = json(o)[QLatin1String("volume")].toString();
    QVERIFY(volume.startsWith(QLatin1String("fuzzforge-corpus-")));

    // Three files in, a sub-folder that is not taken.
    const QString in = m_tmp.filePath(QStringLiteral("corpus-in"));
    QVERIFY(QDir().mkpath(in + QStringLiteral("/nested")));
    const QMap<QString, QByteArray> files{{QStringLiteral("one"), QByteArray("A")},
                                          {QStringLiteral("two"), QByteArray("BB\0B", 4)},
                                          {QStringLiteral(".three"), QByteArray(100, 'x')}};
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        QFile f(in + QLatin1Char('/') + it.key());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(it.value());
    }
    QFile nested(in + QStringLiteral("/nested/four"));
    QVERIFY(nested.open(QIODevice::WriteOnly));
    nested.write("not imported");
    nested.close();
    o = cli(base + QStringList{QStringLiteral("--import"), in, QStringLiteral("--json")}, m_env);
    QVERIFY2(o.code == 0, qPrintable(o.err + o.out));
    QCOMPARE(json(o)[QLatin1String("imported")].toInt(), 3);
    QCOMPARE(json(o)[QLatin1String("exists")].toBool(), true);
    QCOMPARE(json(o)[QLatin1String("volume")].toString(), volume);

    o = cli(base, m_env);
    QVERIFY2(o.code == 0, qPrintable(o.err));
    QVERIFY2(o.out.contains(QLatin1String("Entries  3\n")) &&
                 o.out.contains(QLatin1String("Size     105 bytes")),
             qPrintable(o.out));

    const QString outDir = m_tmp.filePath(QStringLiteral("corpus-out"));
    o = cli(base + QStringList{QStringLiteral("--export"), outDir, QStringLiteral("--json")}, m_env);
    QVERIFY2(o.code == 0, qPrintable(o.err + o.out));
    QCOMPARE(json(o)[QLatin1String("exported")].toInt(), 3);
    QCOMPARE(QDir(outDir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot).size(), 3);
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        QFile f(outDir + QLatin1Char('/') + it.key());
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(it.key()));
        QCOMPARE(f.readAll(), it.value());
    }

    // A container that holds the volume (a campaign running): reset refuses, and says why.
    ff::docker::ContainerSpec holder;
    holder.image = image;
    holder.cmd = {QStringLiteral("true")};
    holder.networkMode = QStringLiteral("none");
    holder.capDrop = {QStringLiteral("ALL")};
    holder.mounts << ff::docker::Mount{
        ff::docker::Mount::Type::Volume, volume, QStringLiteral("/corpus"), true, 0, 0};
    const auto holderId = ff::test::wait(client->createContainer(holder));
    QVERIFY2(holderId.ok(), qPrintable(holderId.error().toString()));
    o = cli(base + QStringList{QStringLiteral("--reset")}, m_env);
    ff::test::wait(client->removeContainer(holderId.value(), true));
    QCOMPARE(o.code, 3);
    QVERIFY2(o.err.contains(QLatin1String("is in use")), qPrintable(o.err));

    o = cli(base + QStringList{QStringLiteral("--reset")}, m_env);
    QVERIFY2(o.code == 0, qPrintable(o.err + o.out));
    QVERIFY2(o.out.contains(QLatin1String("does not exist")), qPrintable(o.out));
    QVERIFY(!ff::test::wait(client->inspectVolume(volume)).ok());
    // Nothing left behind by the commands themselves.
    ff::docker::Filter mine;
    mine.labels << ff::fuzz::kLabelCorpus + QLatin1Char('=') + volume;
    const auto left = ff::test::wait(client->listContainers(mine));
    QVERIFY(left.ok());
    QVERIFY2(left->isEmpty(), "the helper containers are removed");
    // Exporting what does not exist is an input error.
    o = cli(base + QStringList{QStringLiteral("--export"), outDir}, m_env);
    QCOMPARE(o.code, 2);
    QVERIFY2(o.err.contains(QLatin1String("nothing to export")), qPrintable(o.err));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

// Fuzzing crashes in the Findings view (offscreen, a real session with an SQLite history): the
// detail shows the crash's type, occurrences, signature, frames, stack and reproducer size;
// Reproduce and Save Reproducer are there only for crashes with a reproducer; the reproducer is
// written to a file; the Reproduce dialog's verdicts; a reproduction whose workflow is gone
// fails with a message instead of blocking anything; and the example parser's shallow bug
// reproduced on the real engine, first against a wrong recorded signature, then the right one.
#include "findingdetail.h"
#include "findingsfilterproxy.h"
#include "findingsmodel.h"
#include "findingsview.h"
#include "reproducedialog.h"
#include "testutil.h"
#include "uitestutil.h"

#include <QAction>
#include <QElapsedTimer>
#include <QFile>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>

using namespace ff;
using namespace ff::ui;
using findings::Finding;

namespace {

const QByteArray kInput("FZ\x01\x02\xff overflow", 14);
const QString kSignature = QStringLiteral("5be1f0c2a6d84e3b9d1f7a20c4e8b6d2a9f3c1e7b5d4a2f0c8e6b4d2a0f9e7c5");

Finding crashFinding(bool withInput = true)
{
    Finding f;
    f.workflow = QStringLiteral("libfuzzer");
    f.tool = QStringLiteral("libfuzzer");
    f.ruleId = QStringLiteral("heap-buffer-overflow");
    f.title = QStringLiteral("heap-buffer-overflow in parse_record");
    f.message =
        QStringLiteral("SUMMARY: AddressSanitizer: heap-buffer-overflow /target/src/parser.c:42:17 in "
                       "parse_record");
    f.severity = findings::Severity::Critical;
    f.path = QStringLiteral("src/parser.c");
    f.region.startLine = 42;
    f.fingerprint = kSignature;
    QJsonObject reproducer{
        {QStringLiteral("name"), QStringLiteral("3f786850e387550fdab836ed7e6dc881de23001b")},
        {QStringLiteral("size"), kInput.size()},
        {QStringLiteral("base64"), withInput ? QString::fromLatin1(kInput.toBase64()) : QString()}};
    QJsonObject crash{{QStringLiteral("signature"), kSignature},
                      {QStringLiteral("type"), QStringLiteral("heap-buffer-overflow")},
                      {QStringLiteral("access"), QStringLiteral("WRITE")},
                      {QStringLiteral("engine"), QStringLiteral("libfuzzer")},
                      {QStringLiteral("occurrences"), 7},
                      {QStringLiteral("frames"),
                       QJsonArray{QStringLiteral("parse_record /target/src/parser.c:42"),
                                  QStringLiteral("parse_message /target/src/parser.c:88"),
                                  QStringLiteral("LLVMFuzzerTestOneInput /target/fuzz/fuzz_parser.c:9")}},
                      {QStringLiteral("stack"),
                       QStringLiteral("==12==ERROR: AddressSanitizer: heap-buffer-overflow on address "
                                      "0x602000000011\nWRITE of size 1 at 0x602000000011 thread T0\n"
                                      "    #0 0x55d in parse_record /target/src/parser.c:42:17\n")},
                      {QStringLiteral("reproducer"), reproducer}};
    f.properties.insert(QStringLiteral("crash"), crash);
    return f;
}

Finding staticFinding()
{
    Finding f;
    f.workflow = QStringLiteral("c-cpp-static");
    f.tool = QStringLiteral("flawfinder");
    f.ruleId = QStringLiteral("buffer-strcpy");
    f.title = QStringLiteral("strcpy without bounds");
    f.path = QStringLiteral("src/parser.c");
    f.region.startLine = 10;
    f.fingerprint = QStringLiteral("static-1");
    return f;
}

FindingRow rowOf(const Finding &f, const QString &project)
{
    return FindingRow{f, QStringLiteral("0123456789abcdef"), project, storage::TriageStatus::Open, {}};
}

} // namespace

class TestCrashDetail : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void crashFieldsAreShown();
    void reproduceOnlyForCrashesWithAnInput();
    void savesTheReproducer();
    void contextMenuAndShortcut();
    void verdicts_data();
    void verdicts();
    void missingWorkflowFailsWithAMessage();
    void reproducesOnTheEngine();

private:
    QTemporaryDir m_dir;
    QString m_project;
    std::unique_ptr<Session> m_session;
};

void TestCrashDetail::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_project = m_dir.filePath(QStringLiteral("project"));
    QVERIFY(QDir().mkpath(m_project + QStringLiteral("/src")));
    QFile source(m_project + QStringLiteral("/src/parser.c"));
    QVERIFY(source.open(QIODevice::WriteOnly));
    for (int i = 1; i <= 50; ++i)
        source.write(i == 42 ? "    buf[len] = 0; /* the off-by-one */\n" : "/* line */\n");
    source.close();
    m_session = test::readySession(test::uiSettings(m_dir));
    QVERIFY(m_session->store());
}

void TestCrashDetail::crashFieldsAreShown()
{
    FindingDetail detail(m_session.get());
    detail.showRow(rowOf(crashFinding(), m_project));
    QTRY_VERIFY_WITH_TIMEOUT(detail.snippetLoaded(), 10000);
    const QString text = detail.text();
    for (const char *expected :
         {"Crash", "Type: heap-buffer-overflow (WRITE)", "engine libfuzzer", "Occurrences: 7 crashing inputs",
          "Signature: 5be1f0c2a6d84e3b", "Reproducer: 3f786850e387550f (14 bytes)", "Stack frames",
          "parse_record /target/src/parser.c:42", "parse_message /target/src/parser.c:88",
          "LLVMFuzzerTestOneInput /target/fuzz/fuzz_parser.c:9", "WRITE of size 1 at 0x602000000011",
          "the off-by-one"})
        QVERIFY2(text.contains(QLatin1String(expected)),
                 qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(QLatin1String(expected), text)));
    // The whole signature is there to copy.
    QVERIFY(text.contains(kSignature));

    // A finding of another workflow has no crash section.
    detail.showRow(rowOf(staticFinding(), m_project));
    QVERIFY(!detail.text().contains(QLatin1String("Occurrences")));
    QVERIFY(!detail.text().contains(QLatin1String("Stack frames")));
}

void TestCrashDetail::reproduceOnlyForCrashesWithAnInput()
{
    FindingDetail detail(m_session.get());
    detail.show();
    QVERIFY(!detail.reproduceAction()->isEnabled()); // nothing shown
    const auto buttons = detail.findChildren<QToolButton *>();
    QCOMPARE(buttons.size(), 2);
    const auto barVisible = [&buttons] {
        return buttons.first()->isVisibleTo(buttons.first()->window());
    };
    QVERIFY(!barVisible());

    detail.showRow(rowOf(crashFinding(), m_project));
    QVERIFY(detail.reproduceAction()->isEnabled());
    QVERIFY(detail.saveReproducerAction()->isEnabled());
    QVERIFY(barVisible());
    QSignalSpy requested(&detail, &FindingDetail::reproduceRequested);
    buttons.first()->click();
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().first().value<FindingRow>().finding.fingerprint, kSignature);

    detail.showRow(rowOf(staticFinding(), m_project));
    QVERIFY(!detail.reproduceAction()->isEnabled());
    QVERIFY(!detail.saveReproducerAction()->isEnabled());
    QVERIFY(!barVisible());
    detail.reproduceAction()->trigger();
    QCOMPARE(requested.size(), 1);

    // A crash whose input was too large to keep: shown, but nothing to run or save.
    detail.showRow(rowOf(crashFinding(false), m_project));
    QVERIFY(!detail.reproduceAction()->isEnabled());
    QVERIFY(barVisible());
    QVERIFY(detail.text().contains(QLatin1String("too large to keep")));

    detail.showRow(std::nullopt);
    QVERIFY(!detail.reproduceAction()->isEnabled());
}

void TestCrashDetail::savesTheReproducer()
{
    FindingDetail detail(m_session.get());
    detail.showRow(rowOf(crashFinding(), m_project));
    const QString file = m_dir.filePath(QStringLiteral("crash-input"));
    QSignalSpy saved(&detail, &FindingDetail::reproducerSaved);
    QVERIFY(detail.saveReproducer(file));
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 5000);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), kInput);
    // Under a file: refused, said through the session.
    QSignalSpy problem(m_session.get(), &Session::problem);
    QVERIFY(detail.saveReproducer(file + QStringLiteral("/input")));
    QTRY_COMPARE_WITH_TIMEOUT(problem.size(), 1, 5000);
    QVERIFY(problem.first().first().toString().contains(QLatin1String("could not be saved")));
    detail.showRow(rowOf(staticFinding(), m_project));
    QVERIFY(!detail.saveReproducer(file));
}

void TestCrashDetail::contextMenuAndShortcut()
{
    // Two findings of a recorded run: the crash's row enables Reproduce in the table's menu.
    const QString runId = QStringLiteral("fedcba9876543210");
    run::RunResult result;
    result.runId = runId;
    result.workflowId = QStringLiteral("libfuzzer");
    result.projectPath = m_project;
    result.state = run::RunState::Succeeded;
    result.submitted = QDateTime::currentDateTimeUtc().addSecs(-70);
    result.finished = QDateTime::currentDateTimeUtc();
    result.findings = {crashFinding(), staticFinding()};
    QVERIFY(test::wait(m_session->store()->recordRun(result)).ok());

    FindingsView view(m_session.get());
    view.show();
    m_session->selectRuns({runId});
    QTRY_VERIFY_WITH_TIMEOUT(!view.isLoading() && view.model()->rowCount() == 2, 10000);
    QAction *reproduce = view.reproduceAction();
    QCOMPARE(reproduce->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
    QCOMPARE(reproduce->shortcutContext(), Qt::WidgetWithChildrenShortcut);
    QVERIFY(view.table()->actions().contains(reproduce));
    QVERIFY(view.table()->actions().contains(view.detail()->saveReproducerAction()));
    for (int row = 0; row < 2; ++row) {
        view.table()->selectionModel()->setCurrentIndex(
            view.proxy()->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const bool crash = !FindingDetail::crashOf(view.detail()->row()->finding).isEmpty();
        QCOMPARE(reproduce->isEnabled(), crash);
    }
    m_session->selectRuns({});
}

void TestCrashDetail::verdicts_data()
{
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("crashed");
    QTest::addColumn<QString>("signature");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<QString>("text");
    QTest::addRow("same") << true << true << kSignature << int(ReproduceDialog::Verdict::SameSignature)
                          << QStringLiteral("Reproduced");
    QTest::addRow("other") << true << true << QStringLiteral("00ff")
                           << int(ReproduceDialog::Verdict::OtherSignature)
                           << QStringLiteral("another signature");
    QTest::addRow("no crash") << true << false << QString() << int(ReproduceDialog::Verdict::NoCrash)
                              << QStringLiteral("did not crash");
    QTest::addRow("engine") << false << false << QString() << int(ReproduceDialog::Verdict::Error)
                            << QStringLiteral("engine gone");
}

void TestCrashDetail::verdicts()
{
    QFETCH(bool, ok);
    QFETCH(bool, crashed);
    QFETCH(QString, signature);
    QFETCH(int, verdict);
    QFETCH(QString, text);
    ReproduceDialog dialog(m_session.get(), rowOf(crashFinding(), m_project));
    QCOMPARE(dialog.verdict(), ReproduceDialog::Verdict::Running);
    fuzz::ReproduceResult result;
    result.ok = ok;
    result.error = ok ? QString() : QStringLiteral("engine gone");
    result.crashed = crashed;
    result.signature = signature;
    result.stackTrace = crashed ? QStringLiteral("==1==ERROR: AddressSanitizer: heap-buffer-overflow\n    #0 "
                                                 "parse_record /target/src/parser.c:42:17")
                                : QString();
    result.log = QStringLiteral("INFO: Running with entropic power schedule\nExecuted /results/input");
    dialog.showResult(result);
    QCOMPARE(int(dialog.verdict()), verdict);
    QVERIFY2(dialog.verdictText().contains(text), qPrintable(dialog.verdictText()));
    if (crashed)
        QVERIFY(dialog.stackText().contains(QLatin1String("parse_record /target/src/parser.c:42:17")));
    else if (ok)
        QVERIFY(dialog.stackText().contains(QLatin1String("Executed /results/input")));
}

void TestCrashDetail::missingWorkflowFailsWithAMessage()
{
    Finding f = crashFinding();
    f.workflow = QStringLiteral("no-such-fuzzer");
    ReproduceDialog dialog(
        m_session.get(),
        FindingRow{f, QStringLiteral("not-in-history"), m_project, storage::TriageStatus::Open, {}});
    dialog.show();
    QSignalSpy done(&dialog, &ReproduceDialog::done);
    dialog.start();
    // Asynchronous: the history is asked on a worker first.
    QCOMPARE(dialog.verdict(), ReproduceDialog::Verdict::Running);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
    QCOMPARE(dialog.verdict(), ReproduceDialog::Verdict::Error);
    QVERIFY2(dialog.verdictText().contains(QLatin1String("no-such-fuzzer")),
             qPrintable(dialog.verdictText()));
}

void TestCrashDetail::reproducesOnTheEngine()
{
    // The example parser's shallow bug: a name of FZ_MAX_NAME (16) bytes writes one past its
    // heap buffer. Reproduced with the libFuzzer workflow's defaults (a run the history does not
    // know), in a fresh hardened container on the real engine.
    const QString project = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples/fuzz-parser");
    QByteArray input("FZ\x01\x00\x01\x10", 6);
    input += QByteArray(16, 'A');
    Finding f = crashFinding();
    QJsonObject crash = f.properties.value(QLatin1String("crash")).toObject();
    QJsonObject reproducer = crash.value(QLatin1String("reproducer")).toObject();
    reproducer.insert(QStringLiteral("base64"), QString::fromLatin1(input.toBase64()));
    reproducer.insert(QStringLiteral("size"), input.size());
    crash.insert(QStringLiteral("reproducer"), reproducer);
    crash.insert(QStringLiteral("signature"), QStringLiteral("not-the-signature"));
    f.properties.insert(QStringLiteral("crash"), crash);
    const FindingRow row{f, QStringLiteral("0000000000000000"), project, storage::TriageStatus::Open, {}};

    const auto reproduce = [this](const FindingRow &r) {
        auto dialog = std::make_unique<ReproduceDialog>(m_session.get(), r);
        dialog->show();
        QSignalSpy progress(dialog->reproducer(), &CrashReproducer::progress);
        QSignalSpy done(dialog.get(), &ReproduceDialog::done);
        QElapsedTimer clock;
        clock.start();
        dialog->start();
        // The UI thread is free while the container runs: events keep being processed.
        int turns = 0;
        while (done.isEmpty() && clock.elapsed() < 480000) {
            QTest::qWait(50);
            ++turns;
        }
        qInfo("reproduced in %lld ms, %d event-loop turns, %lld progress messages", clock.elapsed(), turns,
              qlonglong(progress.size()));
        return dialog;
    };
    auto first = reproduce(row);
    QVERIFY2(first->verdict() == ReproduceDialog::Verdict::OtherSignature,
             qPrintable(first->verdictText() + QLatin1Char('\n') + first->stackText().right(3000)));
    QVERIFY(first->stackText().contains(QLatin1String("heap-buffer-overflow")));
    QVERIFY(first->stackText().contains(QLatin1String("parse_name")));
    const QString signature = first->reproducer()->lastResult().signature;
    QCOMPARE(signature.size(), 64);

    // With the signature the crash was recorded with: the same bug, reproduced.
    crash.insert(QStringLiteral("signature"), signature);
    Finding recorded = f;
    recorded.properties.insert(QStringLiteral("crash"), crash);
    auto second = reproduce(FindingRow{recorded, row.runId, project, storage::TriageStatus::Open, {}});
    QVERIFY2(second->verdict() == ReproduceDialog::Verdict::SameSignature, qPrintable(second->verdictText()));
    QVERIFY(second->findChild<QLabel *>(QStringLiteral("reproduceSignatures"))
                ->text()
                .contains(signature.left(16)));
    QVERIFY(second->grab().save(QStringLiteral("/tmp/reproduce-dialog.png")));
}

QTEST_MAIN(TestCrashDetail)
#include "tst_crashdetail.moc"

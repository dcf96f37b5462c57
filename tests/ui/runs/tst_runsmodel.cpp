// RunsModel: live rows from the session's signals, merged with the recorded history of a real
// SQLite store; progress and duration; one batched dataChanged per tick.
#include "runs/runsmodel.h"
#include "testutil.h"
#include "uitestutil.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ff;
using run::RunState;
using ui::RunsModel;

class TestRunsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void liveRowsFollowTheSession();
    void progressAndDuration();
    void tickingIsOneSignalForAllRows();
    void historyMergesWithLiveRows();

private:
    static ui::RunInfo info(const QString &id, int timeout = 0);
    static QVariant cell(const RunsModel &m, const QString &id, int column, int role = Qt::DisplayRole);
    QTemporaryDir m_tmp;
};

void TestRunsModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
}

ui::RunInfo TestRunsModel::info(const QString &id, int timeout)
{
    return ui::RunInfo{
        id, QStringLiteral("probe"),        QStringLiteral("Probe"), QStringLiteral("/src/alpha"), timeout,
        0,  QDateTime::currentDateTimeUtc()};
}

QVariant TestRunsModel::cell(const RunsModel &m, const QString &id, int column, int role)
{
    return m.index(m.rowOf(id), column).data(role);
}

void TestRunsModel::liveRowsFollowTheSession()
{
    // Not started: no store, no scheduler; the signals are what the model follows.
    ui::Session session(test::uiSettings(m_tmp));
    RunsModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), int(RunsModel::ColumnCount));

    Q_EMIT session.runQueued(info(QStringLiteral("r1")));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, QStringLiteral("r1"), RunsModel::State).toString(), QStringLiteral("Queued"));
    QCOMPARE(cell(model, QStringLiteral("r1"), RunsModel::Workflow).toString(), QStringLiteral("Probe"));
    QCOMPARE(cell(model, QStringLiteral("r1"), RunsModel::Project).toString(), QStringLiteral("alpha"));
    QCOMPARE(cell(model, QStringLiteral("r1"), RunsModel::Project, RunsModel::ProjectRole).toString(),
             QStringLiteral("/src/alpha"));
    QCOMPARE(cell(model, QStringLiteral("r1"), RunsModel::Run, RunsModel::RunIdRole).toString(),
             QStringLiteral("r1"));
    QVERIFY(cell(model, QStringLiteral("r1"), 0, RunsModel::LiveRole).toBool());
    QVERIFY(!model.isTicking()); // queued rows do not tick

    // An id first seen in a state change gets a row of its own.
    Q_EMIT session.runStateChanged(QStringLiteral("r2"), RunState::Preparing, QStringLiteral("image"));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, QStringLiteral("r2"), 0, RunsModel::StateRole).toInt(), int(RunState::Preparing));
    QVERIFY(model.isTicking());

    run::RunResult failed;
    failed.runId = QStringLiteral("r2");
    failed.state = RunState::Failed;
    failed.error = QStringLiteral("exit code 3: boom");
    failed.attempts = 2;
    failed.outputDir = QStringLiteral("/out/r2");
    failed.findings.resize(3);
    failed.finished = QDateTime::currentDateTimeUtc();
    Q_EMIT session.runStateChanged(QStringLiteral("r2"), RunState::Failed, failed.error);
    Q_EMIT session.runFinished(failed);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, QStringLiteral("r2"), RunsModel::State).toString(), QStringLiteral("Failed"));
    QCOMPARE(cell(model, QStringLiteral("r2"), RunsModel::State, Qt::ToolTipRole).toString(), failed.error);
    QCOMPARE(cell(model, QStringLiteral("r2"), RunsModel::Findings).toInt(), 3);
    QCOMPARE(cell(model, QStringLiteral("r2"), RunsModel::Attempts).toInt(), 2);
    QCOMPARE(cell(model, QStringLiteral("r2"), 0, RunsModel::OutputDirRole).toString(), failed.outputDir);
    QCOMPARE(cell(model, QStringLiteral("r2"), 0, RunsModel::ProgressRole).toInt(), 100);
    QVERIFY(cell(model, QStringLiteral("r2"), 0, RunsModel::FinalRole).toBool());
    QCOMPARE(cell(model, QStringLiteral("r2"), RunsModel::State, Qt::ForegroundRole).value<QColor>(),
             RunsModel::stateColor(RunState::Failed));
    QVERIFY(!model.isTicking()); // r1 is queued, r2 is over
}

void TestRunsModel::progressAndDuration()
{
    ui::Session session(test::uiSettings(m_tmp));
    RunsModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString id = QStringLiteral("p1");
    Q_EMIT session.runQueued(info(id, 4));
    QCOMPARE(cell(model, id, 0, RunsModel::ProgressRole).toInt(), 0);

    // Preparing: busy until the image build tells its steps.
    Q_EMIT session.runStateChanged(id, RunState::Preparing, QStringLiteral("image"));
    QCOMPARE(cell(model, id, 0, RunsModel::ProgressRole).toInt(), -1);
    docker::ProgressEvent step;
    step.kind = docker::ProgressEvent::Kind::Step;
    step.step = 2;
    step.totalSteps = 4;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    Q_EMIT session.imageProgress(id, step);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().column(), int(RunsModel::Progress));
    QCOMPARE(cell(model, id, 0, RunsModel::ProgressRole).toInt(), 50);
    QCOMPARE(cell(model, id, RunsModel::Progress).toString(), QStringLiteral("image 2/4"));

    // Running: elapsed over the workflow's timeout (4 s), the duration ticking.
    Q_EMIT session.runStateChanged(id, RunState::Running, {});
    QCOMPARE(cell(model, id, 0, RunsModel::ProgressRole).toInt(), 0);
    QCOMPARE(cell(model, id, RunsModel::Duration).toString(), QStringLiteral("0:00"));
    QTRY_COMPARE_WITH_TIMEOUT(cell(model, id, RunsModel::Duration).toString(), QStringLiteral("0:01"), 3000);
    QTRY_VERIFY_WITH_TIMEOUT(cell(model, id, 0, RunsModel::ProgressRole).toInt() >= 25, 3000);
    QVERIFY(cell(model, id, 0, RunsModel::ProgressRole).toInt() < 100);

    // Over: 100 %, the duration from the container's start to the end.
    run::RunResult done;
    done.runId = id;
    done.state = RunState::Succeeded;
    done.containerRunning = QDateTime::currentDateTimeUtc().addSecs(-75);
    done.finished = QDateTime::currentDateTimeUtc();
    Q_EMIT session.runStateChanged(id, RunState::Succeeded, {});
    Q_EMIT session.runFinished(done);
    QCOMPARE(cell(model, id, 0, RunsModel::ProgressRole).toInt(), 100);
    QCOMPARE(cell(model, id, RunsModel::Duration).toString(), QStringLiteral("1:15"));
    QCOMPARE(cell(model, id, RunsModel::Findings).toInt(), 0);
    QCOMPARE(RunsModel::formatDuration(3723), QStringLiteral("1:02:03"));
}

void TestRunsModel::tickingIsOneSignalForAllRows()
{
    ui::Session session(test::uiSettings(m_tmp));
    RunsModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Rows 0..4: running, queued, running, done, running.
    for (int i = 0; i < 5; ++i)
        Q_EMIT session.runQueued(info(QStringLiteral("t%1").arg(i), 600));
    for (int i : {0, 2, 4})
        Q_EMIT session.runStateChanged(QStringLiteral("t%1").arg(i), RunState::Running, {});
    Q_EMIT session.runStateChanged(QStringLiteral("t3"), RunState::Succeeded, {});
    QVERIFY(model.isTicking());

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // Three timer ticks, each one signal over rows 0..4 and the Progress..Duration columns.
    QTRY_VERIFY_WITH_TIMEOUT(changed.size() >= 3, 5000);
    for (const auto &args : std::as_const(changed)) {
        const QModelIndex tl = args.at(0).toModelIndex();
        const QModelIndex br = args.at(1).toModelIndex();
        QCOMPARE(tl.row(), 0);
        QCOMPARE(br.row(), 4);
        QCOMPARE(tl.column(), int(RunsModel::Progress));
        QCOMPARE(br.column(), int(RunsModel::Duration));
    }
    QVERIFY(changed.size() <= 4); // once a second, not once per row

    // When nothing runs any more, the timer stops.
    for (int i : {0, 2, 4})
        Q_EMIT session.runStateChanged(QStringLiteral("t%1").arg(i), RunState::Cancelled, {});
    QVERIFY(!model.isTicking());
}

void TestRunsModel::historyMergesWithLiveRows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = test::readySession(test::uiSettings(dir));
    QVERIFY(session->isReady());
    QVERIFY(session->store());

    auto record = [&](const QString &id, RunState state, int findings, const QString &error, int agoSeconds) {
        run::RunResult r;
        r.runId = id;
        r.workflowId = QStringLiteral("probe");
        r.workflowVersion = QStringLiteral("1.0.0");
        r.projectPath = QStringLiteral("/src/beta");
        r.state = state;
        r.error = error;
        r.attempts = 1;
        r.submitted = QDateTime::currentDateTimeUtc().addSecs(-agoSeconds);
        r.containerRunning = r.submitted.addSecs(5);
        r.finished = r.containerRunning.addSecs(62);
        r.outputDir = QStringLiteral("/out/") + id;
        r.parameters = {{QStringLiteral("depth"), QStringLiteral("3")}};
        for (int i = 0; i < findings; ++i) {
            findings::Finding f;
            f.ruleId = QStringLiteral("R%1").arg(i);
            f.path = QStringLiteral("a.c");
            f.region.startLine = i + 1;
            f.fingerprint = id + QString::number(i);
            r.findings << f;
        }
        return test::wait(session->store()->recordRun(r)).ok();
    };
    QVERIFY(record(QStringLiteral("histA"), RunState::Succeeded, 2, {}, 3600));
    QVERIFY(record(QStringLiteral("histB"), RunState::Failed, 0, QStringLiteral("exit code 1"), 1800));
    session->store()->writer().flush();

    RunsModel model(session.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &RunsModel::historyLoaded);
    // Read at construction (the session is ready); the answer may come before the spy was made.
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, 10000);
    QCOMPARE(cell(model, QStringLiteral("histA"), RunsModel::Findings).toInt(), 2);
    QCOMPARE(cell(model, QStringLiteral("histA"), RunsModel::Duration).toString(), QStringLiteral("1:02"));
    QCOMPARE(cell(model, QStringLiteral("histA"), 0, RunsModel::ProgressRole).toInt(), 100);
    QVERIFY(!cell(model, QStringLiteral("histA"), 0, RunsModel::LiveRole).toBool());
    QCOMPARE(cell(model, QStringLiteral("histA"), 0, RunsModel::ParametersRole)
                 .toMap()
                 .value(QStringLiteral("depth")),
             QVariant(QStringLiteral("3")));
    QCOMPARE(cell(model, QStringLiteral("histB"), RunsModel::State, Qt::ToolTipRole).toString(),
             QStringLiteral("exit code 1"));

    // histB runs again in this session (as a recovered run would): the live row wins.
    Q_EMIT session->runStateChanged(QStringLiteral("histB"), RunState::Running, {});
    Q_EMIT session->runQueued(info(QStringLiteral("live1")));
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(cell(model, QStringLiteral("histB"), 0, RunsModel::LiveRole).toBool());

    // Reading the history again keeps the live rows and does not double them.
    loaded.clear();
    QVERIFY(model.reloadHistory());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 10000);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(cell(model, QStringLiteral("histB"), 0, RunsModel::StateRole).toInt(), int(RunState::Running));
    QVERIFY(cell(model, QStringLiteral("live1"), 0, RunsModel::LiveRole).toBool());
    QCOMPARE(cell(model, QStringLiteral("histA"), 0, RunsModel::StateRole).toInt(), int(RunState::Succeeded));
    // Newest first sorts by the submission time.
    QVERIFY(cell(model, QStringLiteral("live1"), RunsModel::Started, RunsModel::SortRole).toLongLong() >
            cell(model, QStringLiteral("histA"), RunsModel::Started, RunsModel::SortRole).toLongLong());
}

QTEST_MAIN(TestRunsModel)
#include "tst_runsmodel.moc"

#include "logs/logmodel.h"
#include "logs/logsview.h"
#include "logs/logview.h"
#include "uitestutil.h"
#include "workflowfixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTabWidget>

using namespace ff;
using namespace ff::ui;
using docker::StreamKind;

// The Logs view against the real engine, through a real Session: a user workflow prints known
// lines on stdout and stderr; they arrive live in the run's tab with their streams, and once the
// run is over the history gives them back to a Logs view that was not there to see them.
class TestLogsView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void liveThenFromHistory();

private:
    static QList<QPair<int, QString>> linesOf(const LogView *view);
    static QStringList ofStream(const QList<QPair<int, QString>> &lines, int stream);

    QTemporaryDir m_tmp;
    QString m_workflowDir;
    QString m_project;
    const QString m_id = QStringLiteral("ff-logs-probe");
};

void TestLogsView::initTestCase()
{
    // The session's catalogue loads the user's workflows from the (test mode) data folder.
    QStandardPaths::setTestModeEnabled(true);
    m_workflowDir = workflow::Catalogue::userRoot() + QLatin1Char('/') + m_id;
    QDir(m_workflowDir).removeRecursively();
    const QString script = QStringLiteral("echo 'out one'\n"
                                          "echo 'err one' >&2\n"
                                          "echo 'out two'\n"
                                          "echo 'err two: \u00e9' >&2\n"
                                          "echo '{\"version\":\"2.1.0\",\"runs\":[]}' > /results/out.sarif\n"
                                          "sleep 4\n"
                                          "echo 'after the pause'\n");
    QVERIFY(!test::writeUserWorkflow(m_workflowDir, m_id, script).isEmpty());
    m_project = m_tmp.filePath(QStringLiteral("shop"));
    QVERIFY(QDir().mkpath(m_project));
    QFile f(m_project + QStringLiteral("/main.c"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("int main(void) { return 0; }\n");
}

void TestLogsView::cleanupTestCase()
{
    QDir(m_workflowDir).removeRecursively();
}

QList<QPair<int, QString>> TestLogsView::linesOf(const LogView *view)
{
    QList<QPair<int, QString>> out;
    const LogModel *m = view->model();
    for (int r = 0; r < m->rowCount(); ++r)
        out << qMakePair(m->index(r).data(LogModel::StreamRole).toInt(),
                         m->index(r).data(LogModel::TextRole).toString());
    return out;
}

QStringList TestLogsView::ofStream(const QList<QPair<int, QString>> &lines, int stream)
{
    QStringList out;
    for (const auto &l : lines)
        if (l.first == stream)
            out << l.second;
    return out;
}

void TestLogsView::liveThenFromHistory()
{
    const int out = static_cast<int>(StreamKind::Stdout);
    const int err = static_cast<int>(StreamKind::Stderr);
    const QList<QPair<int, QString>> expected{{out, QStringLiteral("out one")},
                                              {err, QStringLiteral("err one")},
                                              {out, QStringLiteral("out two")},
                                              {err, QStringLiteral("err two: \u00e9")},
                                              {out, QStringLiteral("after the pause")}};
    const AppSettings settings = test::uiSettings(m_tmp);
    QString runId;
    QList<QPair<int, QString>> live;
    {
        auto session = test::readySession(settings);
        QVERIFY(session->isReady());
        QVERIFY(session->store());
        QVERIFY2(session->catalogue().find(m_id), "the user workflow is in the catalogue");

        LogsView logs(session.get());
        logs.resize(800, 400);
        logs.show();
        QSignalSpy finished(session.get(), &Session::runFinished);
        const auto ids = session->submit({m_project}, {m_id});
        QVERIFY2(ids.ok(), qPrintable(ids.error().message));
        runId = ids.value().value(0);

        // The tab opens when the run is queued, named after the workflow and the project.
        QCOMPARE(logs.tabs()->count(), 1);
        LogView *view = logs.viewFor(runId);
        QVERIFY(view);
        QCOMPARE(logs.tabs()->tabText(0), m_id + QStringLiteral(" · shop"));

        // Live: the first lines are there while the container still sleeps.
        QTRY_VERIFY_WITH_TIMEOUT(view->lineCount() >= 4, 240000);
        QCOMPARE(finished.count(), 0);
        // The engine keeps each stream's order, not the order between them.
        QCOMPARE(ofStream(linesOf(view), out), ofStream(expected.mid(0, 4), out));
        QCOMPARE(ofStream(linesOf(view), err), ofStream(expected, err));
        // Their times are when they arrived (the run asks the engine for none): today.
        QCOMPARE(view->model()->index(0).data(LogModel::TimestampRole).toDateTime().date(),
                 QDateTime::currentDateTimeUtc().date());

        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        const auto result = finished.at(0).at(0).value<run::RunResult>();
        QVERIFY2(result.succeeded(), qPrintable(result.error));
        live = linesOf(view);
        QCOMPARE(ofStream(live, out), ofStream(expected, out));
        QCOMPARE(ofStream(live, err), ofStream(expected, err));
        QCOMPARE(view->statusText(), QStringLiteral("5 lines (0 dropped)"));

        // The history keeps the log once the recorder's write is through.
        // (Asked on the session's readers, as the view does: not on this thread.)
        bool stored = false;
        QElapsedTimer waited;
        waited.start();
        while (!stored && waited.elapsed() < 20000) {
            session->read<bool>(
                this, [runId](const storage::Store &s) { return s.log(runId).ok(); },
                [&stored](bool ok) { stored = stored || ok; });
            QTest::qWait(200);
        }
        QVERIFY(stored);

        // A Logs view that saw nothing of the run reads it back when the run is selected.
        LogsView fresh(session.get());
        fresh.show();
        session->selectRuns({runId});
        QCOMPARE(fresh.tabs()->count(), 1);
        LogView *loaded = fresh.viewFor(runId);
        QVERIFY(loaded);
        QTRY_COMPARE_WITH_TIMEOUT(loaded->lineCount(), 5, 10000);
        QCOMPARE(linesOf(loaded), live); // in the order they arrived
        QCOMPARE(loaded->notice(), QString());
        QCOMPARE(fresh.tabs()->tabText(0), m_id + QStringLiteral(" · shop"));
        // The live view had the tab already: it is raised, not opened again.
        QCOMPARE(logs.tabs()->count(), 1);
    }

    // A later session knows the run only from the history: the title comes from there too.
    auto later = test::readySession(settings);
    QVERIFY(later->store());
    LogsView logs(later.get());
    later->selectRuns({runId});
    LogView *view = logs.viewFor(runId);
    QVERIFY(view);
    QTRY_COMPARE_WITH_TIMEOUT(view->lineCount(), 5, 10000);
    QCOMPARE(linesOf(view), live);
    QCOMPARE(logs.tabs()->tabText(0), m_id + QStringLiteral(" · shop"));
}

QTEST_MAIN(TestLogsView)
#include "tst_logsview.moc"

// The Resources view on the offscreen platform: samples fed through a real session's signals,
// stored samples through the real SQLite history, and a live run on the real engine.
#include "fuzz/corpus.h"
#include "plots/fuzzplot.h"
#include "plots/resourceplot.h"
#include "plots/resourcesview.h"
#include "testutil.h"
#include "uitestutil.h"
#include "workflowfixture.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QListWidget>
#include <QStandardPaths>
#include <QUuid>

#include <cmath>

using namespace ff;
using docker::StatsSample;
using fuzz::FuzzSample;
using ui::FuzzPlot;
using ui::MarkerKind;
using ui::ResourcePlot;

namespace {

const QDateTime kStart = QDateTime::fromString(QStringLiteral("2024-05-01T10:00:00Z"), Qt::ISODate);

StatsSample sample(int second, double cpu, qint64 memMiB, qint64 netRx = 0)
{
    StatsSample s;
    s.read = kStart.addSecs(second);
    s.cpuPercent = cpu;
    s.memoryUsage = memMiB * 1024 * 1024;
    s.memoryLimit = 256ll * 1024 * 1024;
    s.pids = 3 + second % 4;
    s.pidsLimit = 64;
    s.netRx = netRx;
    return s;
}

// A libFuzzer-like reading: coverage and corpus grow, the rate settles, crashes come late.
FuzzSample fuzzSample(int second, qint64 coverage, double execsPerSec, qint64 corpus, qint64 crashes)
{
    FuzzSample s;
    s.at = kStart.addSecs(second);
    s.engine = QStringLiteral("libfuzzer");
    s.coverage = coverage;
    s.execsPerSec = execsPerSec;
    s.corpus = corpus;
    s.crashes = crashes;
    s.execs = qint64(execsPerSec) * second;
    s.elapsedSeconds = second;
    s.event = QStringLiteral("pulse");
    return s;
}

QList<double> values(const QCPGraph *g)
{
    QList<double> out;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
        out << it->value;
    return out;
}

QString newRunId()
{
    return QUuid::createUuid().toString(QUuid::Id128).left(16);
}

} // namespace

class TestResourcesView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void rate_data();
    void rate();
    void liveSamplesReachTheGraphs();
    void markers();
    void replotsAreCoalesced();
    void hideShowAndClear();
    void selectionLoadsStoredSamples();
    void staleLoadsAreDropped();
    void withoutHistory();
    void exportsPng();
    void fuzzSamplesReachTheFuzzPlot();
    void fuzzPlotHiddenWithoutFuzzSamples();
    void fuzzPointsFollowTheFirstResourceSample();
    void selectionLoadsStoredFuzzSamples();
    void fuzzPlotSharesTheTimeAxis();
    void screenshot();
    void fuzzScreenshot();
    void liveRunOnTheEngine();
    void liveFuzzingRunOnTheEngine();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ui::Session> m_session;
    QString m_workflowFolder;
    const QString m_workflowId = QStringLiteral("resources-burn");
};

void TestResourcesView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // The session's catalogue is read when it is made: the user workflow of the engine test
    // must be in place before.
    const QString script =
        QStringLiteral("end=$(( $(date +%s) + 4 )); while [ $(date +%s) -lt $end ]; do :; "
                       "done; printf '%s' '") +
        QString::fromUtf8(test::minimalSarif(QStringLiteral("R1"), QStringLiteral("a.sh"), 1)) +
        QStringLiteral("' > /results/out.sarif");
    m_workflowFolder = workflow::Catalogue::userRoot() + QLatin1Char('/') + m_workflowId;
    QVERIFY(!test::writeUserWorkflow(m_workflowFolder, m_workflowId, script,
                                     QStringLiteral("resources:\n  cpus: 0.5\n  memory: 128m\n"))
                 .isEmpty());
    m_session = test::readySession(test::uiSettings(m_dir));
    QVERIFY(m_session->isReady());
    QVERIFY(m_session->store());
}

void TestResourcesView::cleanupTestCase()
{
    m_session.reset();
    QDir(m_workflowFolder).removeRecursively();
}

void TestResourcesView::rate_data()
{
    QTest::addColumn<qint64>("previous");
    QTest::addColumn<qint64>("current");
    QTest::addColumn<double>("seconds");
    QTest::addColumn<double>("kibPerSecond");
    QTest::addRow("steady") << qint64(1024) << qint64(1024 + 4096) << 2.0 << 2.0;
    QTest::addRow("unchanged") << qint64(5000) << qint64(5000) << 1.0 << 0.0;
    // A counter that went backwards restarted from zero: what it holds came after the reset.
    QTest::addRow("reset") << qint64(1 << 20) << qint64(2048) << 1.0 << 2.0;
    QTest::addRow("no time") << qint64(0) << qint64(4096) << 0.0 << 0.0;
}

void TestResourcesView::rate()
{
    QFETCH(qint64, previous);
    QFETCH(qint64, current);
    QFETCH(double, seconds);
    QFETCH(double, kibPerSecond);
    QCOMPARE(ui::RunSeries::rate(previous, current, seconds), kibPerSecond);
}

void TestResourcesView::liveSamplesReachTheGraphs()
{
    ui::ResourcesView view(m_session.get(), nullptr);
    auto *plot = view.resourcePlot();
    const QString id = newRunId();
    // netRx: 0, 10 KiB, 30 KiB, then a reset to 4 KiB, then 12 KiB.
    const QList<qint64> rx{0, 10240, 30720, 4096, 12288};
    for (int i = 0; i < rx.size(); ++i)
        Q_EMIT m_session->statsSample(id, sample(i * 2, 10.0 * i, 20 + i, rx[i]));

    QCOMPARE(view.shownRuns(), QStringList{id});
    QCOMPARE(view.sampleCount(id), 5);
    QCOMPARE(values(plot->graph(id, ResourcePlot::Cpu)), (QList<double>{0, 10, 20, 30, 40}));
    QCOMPARE(values(plot->graph(id, ResourcePlot::Memory)), (QList<double>{20, 21, 22, 23, 24}));
    QCOMPARE(plot->graph(id, ResourcePlot::Cpu)->data()->at(4)->key, 8.0);
    // Rates per 2 s interval, in KiB/s; the reset gives 4 KiB / 2 s, never a negative rate.
    QCOMPARE(values(plot->graph(id, ResourcePlot::NetRx)), (QList<double>{5, 10, 2, 4}));
    QCOMPARE(values(plot->graph(id, ResourcePlot::MemoryLimit)), (QList<double>{256, 256}));
    QCOMPARE(values(plot->graph(id, ResourcePlot::PidsLimit)), (QList<double>{64, 64}));
    // The legend names the run; the replot comes from the timer and fits the data.
    QCOMPARE(plot->legend->itemCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(
        plot->panel(ResourcePlot::MemoryPanel)->axis(QCPAxis::atLeft)->range().upper >= 256.0, 2000);
    for (int p = 0; p < ResourcePlot::PanelCount; ++p)
        QVERIFY(plot->panel(ResourcePlot::Panel(p))->axis(QCPAxis::atBottom)->range().upper >= 8.0);
    // The read-out names the run and its value under the pointer.
    const QCPAxisRect *cpu = plot->panel(ResourcePlot::CpuPanel);
    const QPointF at(cpu->axis(QCPAxis::atBottom)->coordToPixel(4.0), cpu->center().y());
    QVERIFY2(plot->readoutAt(at).contains(QLatin1String("20.0 % CPU")), qPrintable(plot->readoutAt(at)));
}

void TestResourcesView::markers()
{
    ui::ResourcesView view(m_session.get(), nullptr);
    const QString id = newRunId();
    const QList<qint64> throttled{0, 0, 5, 5, 9, 2};
    const QList<qint64> failcnt{0, 1, 1, 3, 3, 3};
    for (int i = 0; i < throttled.size(); ++i) {
        StatsSample s = sample(i, 50, 100 + 20 * i);
        s.throttledPeriods = throttled[i];
        s.failcnt = failcnt[i];
        Q_EMIT m_session->statsSample(id, s);
    }
    // Throttled at 2 and 4 (the drop to 2 is a reset, not a throttle); the limit hit at 1 and 3.
    QCOMPARE(view.markerCount(id, MarkerKind::Throttled), 2);
    QCOMPARE(view.markerCount(id, MarkerKind::MemoryLimitHit), 2);
    QCOMPARE(view.markerCount(id, MarkerKind::OomKilled), 0);
    auto *plot = view.resourcePlot();
    QCOMPARE(values(plot->graph(id, ResourcePlot::Throttled)), (QList<double>{50, 50}));
    QCOMPARE(plot->graph(id, ResourcePlot::MemoryLimitHit)->data()->at(1)->key, 3.0);

    run::RunResult result;
    result.runId = id;
    result.state = run::RunState::Failed;
    result.oomKilled = true;
    result.finished = kStart.addSecs(7);
    Q_EMIT m_session->runFinished(result);
    QCOMPARE(view.markerCount(id, MarkerKind::OomKilled), 1);
    // A red line in each of the four panels and the "OOM" label, at the run's end.
    QCOMPARE(plot->oomItemCount(id), 5);
    auto *line = qobject_cast<QCPItemStraightLine *>(plot->item(0));
    QVERIFY(line);
    QCOMPARE(line->point1->key(), 7.0);
    bool labelled = false;
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto *text = qobject_cast<QCPItemText *>(plot->item(i)))
            labelled = labelled || text->text() == QLatin1String("OOM");
    QVERIFY(labelled);
    // A finished run stays in the plot.
    QCOMPARE(view.shownRuns(), QStringList{id});
}

void TestResourcesView::replotsAreCoalesced()
{
    ui::ResourcesView view(m_session.get(), nullptr);
    view.resize(800, 600);
    view.show();
    QSignalSpy replots(view.plot(), &QCustomPlot::afterReplot);
    const QString id = newRunId();
    QElapsedTimer clock;
    clock.start();
    // 500 samples over about a second, with the event loop running between them as it would live.
    for (int i = 0; i < 500; ++i) {
        Q_EMIT m_session->statsSample(id, sample(i, i % 100, 10 + i % 50, qint64(i) * 1000));
        if (i % 5 == 0)
            QTest::qWait(10);
    }
    const qint64 elapsed = clock.elapsed();
    QTRY_VERIFY_WITH_TIMEOUT(replots.size() >= 1, 2000);
    QTest::qWait(ResourcePlot::kReplotIntervalMs * 2);
    QCOMPARE(view.sampleCount(id), 500);
    QCOMPARE(view.resourcePlot()->graph(id, ResourcePlot::Cpu)->data()->size(), 500);
    // At most one replot per interval (and the last one), far fewer than the samples.
    const qsizetype bound = elapsed / ResourcePlot::kReplotIntervalMs + 3;
    qInfo("%lld samples in %lld ms: %lld replots", 500ll, elapsed, qlonglong(replots.size()));
    QVERIFY2(replots.size() <= bound, qPrintable(QString::number(replots.size())));
    QVERIFY(replots.size() < 50);
}

void TestResourcesView::hideShowAndClear()
{
    ui::ResourcesView view(m_session.get(), nullptr);
    const QString a = newRunId();
    const QString b = newRunId();
    Q_EMIT m_session->statsSample(a, sample(0, 10, 10));
    Q_EMIT m_session->statsSample(b, sample(0, 20, 20));
    QCOMPARE(view.shownRuns(), (QStringList{a, b}));
    auto *plot = view.resourcePlot();
    // One colour per run, one legend entry per run.
    QVERIFY(view.series(a)->colour != view.series(b)->colour);
    QCOMPARE(plot->legend->itemCount(), 2);
    auto *list = view.findChild<QListWidget *>(QStringLiteral("resourcesRuns"));
    QCOMPARE(list->count(), 2);
    list->item(0)->setCheckState(Qt::Unchecked);
    QVERIFY(!view.isRunVisible(a));
    QVERIFY(!plot->graph(a, ResourcePlot::Cpu)->visible());
    QCOMPARE(plot->legend->itemCount(), 1);
    view.setRunVisible(a, true);
    QVERIFY(plot->graph(a, ResourcePlot::Cpu)->visible());
    QCOMPARE(plot->legend->itemCount(), 2);
    QVERIFY(view.message().isEmpty());

    // Clear, an action of the view with its shortcut.
    const auto actions = view.actions();
    const auto clear = std::find_if(actions.cbegin(), actions.cend(),
                                    [](QAction *act) { return act->text() == QLatin1String("Clear"); });
    QVERIFY(clear != actions.cend());
    QCOMPARE((*clear)->shortcutContext(), Qt::WidgetWithChildrenShortcut);
    QVERIFY(!(*clear)->shortcut().isEmpty());
    (*clear)->trigger();
    QVERIFY(view.shownRuns().isEmpty());
    QCOMPARE(plot->graphCount(), 4); // the I/O key's four
    QCOMPARE(list->count(), 0);
    QVERIFY(view.message().contains(QLatin1String("No runs")));
    // A run heard of before does not come back by itself: samples are kept for a later selection.
    Q_EMIT m_session->statsSample(a, sample(1, 10, 10));
    QVERIFY(view.shownRuns().isEmpty());
    m_session->selectRuns({a});
    QCOMPARE(view.shownRuns(), QStringList{a});
    QCOMPARE(view.sampleCount(a), 2);
    m_session->selectRuns({});
}

void TestResourcesView::selectionLoadsStoredSamples()
{
    storage::Store *store = m_session->store();
    const QString id = newRunId();
    QList<StatsSample> samples;
    for (int i = 0; i < 30; ++i) {
        samples << sample(i, 40 + i, 50 + i, qint64(i) * 2048);
    }
    run::RunResult result;
    result.runId = id;
    result.workflowId = QStringLiteral("stored-workflow");
    result.workflowVersion = QStringLiteral("1.0.0");
    result.projectPath = m_dir.path();
    result.state = run::RunState::Failed;
    result.oomKilled = true;
    result.submitted = kStart;
    result.containerRunning = kStart;
    result.finished = kStart.addSecs(31);
    QVERIFY(test::wait(store->recordRun(result)).ok());
    QVERIFY(test::wait(store->addSamples(id, samples)).ok());

    ui::ResourcesView view(m_session.get(), nullptr);
    m_session->selectRuns({id});
    QCOMPARE(view.shownRuns(), QStringList{id});
    QTRY_COMPARE_WITH_TIMEOUT(view.sampleCount(id), 30, 10000);
    auto *plot = view.resourcePlot();
    QCOMPARE(plot->graph(id, ResourcePlot::Cpu)->data()->size(), 30);
    QCOMPARE(plot->graph(id, ResourcePlot::NetRx)->data()->size(), 29);
    QCOMPARE(plot->graph(id, ResourcePlot::NetRx)->data()->at(0)->value, 2.0);
    // The OOM kill comes from the run's record (the history keeps no throttling counters).
    QCOMPARE(view.markerCount(id, MarkerKind::OomKilled), 1);
    QCOMPARE(plot->oomItemCount(id), 5);
    QVERIFY(view.series(id)->label.startsWith(QLatin1String("stored-workflow")));
    QVERIFY(view.message().isEmpty());

    // Selecting other runs shows exactly those.
    m_session->selectRuns({});
    QVERIFY(view.shownRuns().isEmpty());
    QCOMPARE(view.sampleCount(id), 0);
}

void TestResourcesView::staleLoadsAreDropped()
{
    storage::Store *store = m_session->store();
    const QString a = newRunId();
    const QString b = newRunId();
    for (const QString &id : {a, b}) {
        run::RunResult r;
        r.runId = id;
        r.workflowId = QStringLiteral("stored-workflow");
        r.projectPath = m_dir.path();
        r.state = run::RunState::Succeeded;
        r.finished = kStart.addSecs(3);
        QVERIFY(test::wait(store->recordRun(r)).ok());
    }
    QVERIFY(test::wait(store->addSamples(a, {sample(0, 1, 1), sample(1, 2, 2)})).ok());
    QVERIFY(test::wait(store->addSamples(b, {sample(0, 3, 3), sample(1, 4, 4), sample(2, 5, 5)})).ok());

    ui::ResourcesView view(m_session.get(), nullptr);
    // A is asked for, then given up before its samples can arrive, then B is asked for.
    m_session->selectRuns({a});
    m_session->selectRuns({b});
    QTRY_COMPARE_WITH_TIMEOUT(view.sampleCount(b), 3, 10000);
    QTest::qWait(200);
    QCOMPARE(view.shownRuns(), QStringList{b});
    QCOMPARE(view.sampleCount(a), 0);
    QVERIFY(!view.resourcePlot()->hasRun(a));
    // Asked for again while its first load is under way: the run is loaded once, and shown.
    m_session->selectRuns({a, b});
    m_session->selectRuns({b});
    m_session->selectRuns({a, b});
    QTRY_COMPARE_WITH_TIMEOUT(view.sampleCount(a), 2, 10000);
    QCOMPARE(view.resourcePlot()->graph(a, ResourcePlot::Cpu)->data()->size(), 2);
    m_session->selectRuns({});
}

void TestResourcesView::withoutHistory()
{
    // A database under a plain file cannot be opened.
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("file")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    ui::AppSettings settings = test::uiSettings(dir);
    settings.databaseUrl = QStringLiteral("sqlite:") + file.fileName() + QStringLiteral("/history.db");
    auto session = test::readySession(settings);
    QVERIFY(!session->store());
    ui::ResourcesView view(session.get(), nullptr);
    session->selectRuns({newRunId()});
    QVERIFY2(view.message().contains(QLatin1String("no history database")), qPrintable(view.message()));
    // Live runs are still drawn.
    const QString live = newRunId();
    Q_EMIT session->statsSample(live, sample(0, 5, 5));
    QCOMPARE(view.sampleCount(live), 1);
}

void TestResourcesView::exportsPng()
{
    ui::ResourcesView view(m_session.get(), nullptr);
    view.resize(900, 700);
    const QString id = newRunId();
    for (int i = 0; i < 10; ++i)
        Q_EMIT m_session->statsSample(id, sample(i, 5.0 * i, 30 + i));
    const QString file = m_dir.filePath(QStringLiteral("plot.png"));
    QVERIFY(view.exportPng(file));
    QImage image(file);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 100 && image.height() > 100);
    QVERIFY(!view.exportPng(file + QStringLiteral("/plot.png"))); // under a file: cannot be written
    m_session->selectRuns({});
}

void TestResourcesView::fuzzSamplesReachTheFuzzPlot()
{
    ui::ResourcesView view(m_session.get(), nullptr);
    view.resize(900, 900);
    view.show();
    auto *fuzzPlot = view.fuzzPlot();
    QVERIFY(!view.isFuzzPlotShown());
    const QString id = newRunId();
    Q_EMIT m_session->statsSample(id, sample(0, 90, 40));
    // No fuzzing sample yet: CPU and memory only.
    QVERIFY(!view.isFuzzPlotShown());
    QVERIFY(!fuzzPlot->hasRun(id));
    Q_EMIT m_session->fuzzSample(id, fuzzSample(2, 10, 800, 3, 0));
    Q_EMIT m_session->fuzzSample(id, fuzzSample(4, 25, 1500.5, 9, 0));
    Q_EMIT m_session->fuzzSample(id, fuzzSample(6, 31, 2048, 12, 1));
    QVERIFY(view.isFuzzPlotShown());
    QCOMPARE(view.fuzzSampleCount(id), 3);
    QCOMPARE(values(fuzzPlot->graph(id, FuzzPlot::Coverage)), (QList<double>{10, 25, 31}));
    QCOMPARE(values(fuzzPlot->graph(id, FuzzPlot::ExecsPerSec)), (QList<double>{800, 1500.5, 2048}));
    QCOMPARE(values(fuzzPlot->graph(id, FuzzPlot::Corpus)), (QList<double>{3, 9, 12}));
    QCOMPARE(values(fuzzPlot->graph(id, FuzzPlot::Crashes)), (QList<double>{0, 0, 1}));
    // Seconds since the run's first (resource) sample, as in the resource plot.
    QCOMPARE(fuzzPlot->graph(id, FuzzPlot::Coverage)->data()->at(0)->key, 2.0);
    QCOMPARE(fuzzPlot->graph(id, FuzzPlot::Coverage)->pen().color(), view.series(id)->colour);
    // The replot fits the values; the read-out names the run's figures under the pointer.
    QTRY_VERIFY_WITH_TIMEOUT(fuzzPlot->valueAxis(FuzzPlot::ExecsPerSec)->range().upper >= 2048.0, 2000);
    const QCPAxisRect *cov = fuzzPlot->rect(FuzzPlot::GrowthRect);
    const QPointF at(cov->axis(QCPAxis::atBottom)->coordToPixel(4.0), cov->center().y());
    QVERIFY2(fuzzPlot->readoutAt(at).contains(QLatin1String("coverage 25 edges, 9 corpus entries")),
             qPrintable(fuzzPlot->readoutAt(at)));
    // A figure the engine did not give is a gap, not a zero.
    FuzzSample partial = fuzzSample(8, 40, 2100, 14, 1);
    partial.crashes = -1;
    Q_EMIT m_session->fuzzSample(id, partial);
    QVERIFY(std::isnan(fuzzPlot->graph(id, FuzzPlot::Crashes)->data()->at(3)->value));

    // Unticking the run in the list hides its fuzzing graphs, and the plot with them.
    auto *list = view.findChild<QListWidget *>(QStringLiteral("resourcesRuns"));
    list->item(0)->setCheckState(Qt::Unchecked);
    QVERIFY(!view.isFuzzPlotShown());
    view.setRunVisible(id, true);
    QVERIFY(view.isFuzzPlotShown());
    // Deselected: gone from both plots.
    m_session->selectRuns({id});
    m_session->selectRuns({});
    QVERIFY(!fuzzPlot->hasRun(id));
    QVERIFY(!view.isFuzzPlotShown());
}

void TestResourcesView::fuzzPlotHiddenWithoutFuzzSamples()
{
    ui::ResourcesView view(m_session.get(), nullptr);
    view.show();
    const QString a = newRunId();
    for (int i = 0; i < 5; ++i)
        Q_EMIT m_session->statsSample(a, sample(i, 10, 10));
    run::RunResult result;
    result.runId = a;
    result.state = run::RunState::Succeeded;
    result.finished = kStart.addSecs(5);
    Q_EMIT m_session->runFinished(result);
    QTest::qWait(ui::FuzzPlot::kReplotIntervalMs * 2);
    QVERIFY(!view.isFuzzPlotShown());
    QCOMPARE(view.fuzzPlot()->graphCount(), 2); // the key's two
    QCOMPARE(view.fuzzPlot()->visibleRunCount(), 0);
    // A fuzzing run next to it brings the plot; the other run has no fuzzing graphs.
    const QString b = newRunId();
    Q_EMIT m_session->fuzzSample(b, fuzzSample(1, 5, 100, 2, 0));
    QVERIFY(view.isFuzzPlotShown());
    QVERIFY(!view.fuzzPlot()->hasRun(a));
    QCOMPARE(view.fuzzPlot()->graphCount(), 2 + FuzzPlot::FigureCount);
    m_session->selectRuns({a});
    QVERIFY(!view.isFuzzPlotShown());
    m_session->selectRuns({});
}

void TestResourcesView::fuzzPointsFollowTheFirstResourceSample()
{
    ui::ResourcesView view(m_session.get(), nullptr);
    const QString id = newRunId();
    // The fuzzer's first line before the first resource sample: its time counts from itself...
    Q_EMIT m_session->fuzzSample(id, fuzzSample(10, 5, 100, 1, 0));
    Q_EMIT m_session->fuzzSample(id, fuzzSample(12, 6, 120, 2, 0));
    auto *g = view.fuzzPlot()->graph(id, FuzzPlot::Coverage);
    QCOMPARE(g->data()->at(0)->key, 0.0);
    // ...until the resource samples give the run's origin, 4 s earlier.
    Q_EMIT m_session->statsSample(id, sample(6, 50, 20));
    QCOMPARE(g->data()->size(), 2);
    QCOMPARE(g->data()->at(0)->key, 4.0);
    QCOMPARE(g->data()->at(1)->key, 6.0);
    Q_EMIT m_session->fuzzSample(id, fuzzSample(14, 7, 130, 2, 0));
    QCOMPARE(values(g), (QList<double>{5, 6, 7}));
    QCOMPARE(g->data()->at(2)->key, 8.0);
    m_session->selectRuns({});
}

void TestResourcesView::selectionLoadsStoredFuzzSamples()
{
    storage::Store *store = m_session->store();
    const QString fuzzing = newRunId();
    const QString plain = newRunId();
    for (const QString &id : {fuzzing, plain}) {
        run::RunResult result;
        result.runId = id;
        result.workflowId = QStringLiteral("libfuzzer");
        result.projectPath = m_dir.path();
        result.state = run::RunState::Succeeded;
        result.submitted = kStart;
        result.finished = kStart.addSecs(60);
        QVERIFY(test::wait(store->recordRun(result)).ok());
        QList<StatsSample> samples;
        for (int i = 0; i < 60; i += 2)
            samples << sample(i, 95, 60);
        QVERIFY(test::wait(store->addSamples(id, samples)).ok());
    }
    QList<FuzzSample> stored;
    for (int i = 5; i <= 60; i += 5)
        stored << fuzzSample(i, 20 + i, 1000 + 10 * i, i / 2, i >= 40 ? 1 : 0);
    QVERIFY(test::wait(store->addFuzzSamples(fuzzing, stored)).ok());

    ui::ResourcesView view(m_session.get(), nullptr);
    view.show();
    m_session->selectRuns({plain});
    QTRY_COMPARE_WITH_TIMEOUT(view.sampleCount(plain), 30, 10000);
    QVERIFY(!view.isFuzzPlotShown());
    m_session->selectRuns({plain, fuzzing});
    QTRY_COMPARE_WITH_TIMEOUT(view.fuzzSampleCount(fuzzing), stored.size(), 10000);
    QVERIFY(view.isFuzzPlotShown());
    auto *fuzzPlot = view.fuzzPlot();
    QList<double> coverage, crashes;
    for (const FuzzSample &s : std::as_const(stored)) {
        coverage << double(s.coverage);
        crashes << double(s.crashes);
    }
    QCOMPARE(values(fuzzPlot->graph(fuzzing, FuzzPlot::Coverage)), coverage);
    QCOMPARE(values(fuzzPlot->graph(fuzzing, FuzzPlot::Crashes)), crashes);
    QCOMPARE(fuzzPlot->graph(fuzzing, FuzzPlot::Coverage)->data()->at(0)->key, 5.0);
    QVERIFY(!fuzzPlot->hasRun(plain));
    // The resource plot's time axis reaches the fuzzing samples' end too.
    QTRY_VERIFY_WITH_TIMEOUT(view.resourcePlot()->timeAxis()->range().upper >= 60.0, 2000);
    QCOMPARE(fuzzPlot->timeRange(), view.resourcePlot()->timeAxis()->range());
    m_session->selectRuns({});
    QVERIFY(!view.isFuzzPlotShown());
}

void TestResourcesView::fuzzPlotSharesTheTimeAxis()
{
    ui::ResourcesView view(m_session.get(), nullptr);
    view.resize(900, 900);
    view.show();
    const QString id = newRunId();
    for (int i = 0; i <= 30; ++i) {
        Q_EMIT m_session->statsSample(id, sample(i, 50, 50));
        if (i % 3 == 0)
            Q_EMIT m_session->fuzzSample(id, fuzzSample(i, i, 500, i / 3, 0));
    }
    auto *resource = view.resourcePlot();
    auto *fuzzPlot = view.fuzzPlot();
    QTRY_VERIFY_WITH_TIMEOUT(resource->timeAxis()->range().upper >= 30.0, 2000);
    QCOMPARE(fuzzPlot->timeRange(), resource->timeAxis()->range());
    // Zoomed in the fuzzing plot: the resource plot shows the same seconds and stops following.
    fuzzPlot->rect(FuzzPlot::RateRect)->axis(QCPAxis::atBottom)->setRange(5, 15);
    QCOMPARE(resource->timeAxis()->range(), QCPRange(5, 15));
    QCOMPARE(resource->panel(ResourcePlot::IoPanel)->axis(QCPAxis::atBottom)->range(), QCPRange(5, 15));
    QCOMPARE(fuzzPlot->rect(FuzzPlot::GrowthRect)->axis(QCPAxis::atBottom)->range(), QCPRange(5, 15));
    QVERIFY(!resource->isFollowing());
    // Fit brings both back to the whole run.
    resource->fitAll();
    QVERIFY(resource->timeAxis()->range().upper >= 30.0);
    QCOMPARE(fuzzPlot->timeRange(), resource->timeAxis()->range());
    m_session->selectRuns({});
}

void TestResourcesView::screenshot()
{
    // Two runs overlaid: one throttled, one hitting its memory limit and then OOM-killed.
    ui::ResourcesView view(m_session.get(), nullptr);
    view.resize(1100, 780);
    view.show();
    const QString a = newRunId();
    const QString b = newRunId();
    for (int i = 0; i <= 60; ++i) {
        StatsSample s = sample(i, 48 + 4 * std::sin(i / 3.0), 40 + i / 2, qint64(i) * i * 900);
        s.throttledPeriods = i / 7;
        s.blockRead = qint64(i) * 40000;
        s.blockWrite = qint64(i) * 12000;
        s.netTx = qint64(i) * 300;
        Q_EMIT m_session->statsSample(a, s);
    }
    for (int i = 0; i <= 40; ++i) {
        StatsSample s = sample(i, 20 + i * 1.5, qMin(30 + i * i / 6, 250));
        s.failcnt = i > 35 ? i - 35 : 0;
        s.pids = 4 + i / 5;
        s.blockWrite = qint64(i) * 90000;
        Q_EMIT m_session->statsSample(b, s);
    }
    run::RunResult result;
    result.runId = b;
    result.state = run::RunState::Failed;
    result.oomKilled = true;
    result.finished = kStart.addSecs(41);
    Q_EMIT m_session->runFinished(result);
    QTest::qWait(ResourcePlot::kReplotIntervalMs * 2);
    QVERIFY(view.grab().save(QStringLiteral("/tmp/resourcesview.png")));
    m_session->selectRuns({});
}

void TestResourcesView::fuzzScreenshot()
{
    // A fuzzing run: CPU at its limit, coverage and corpus climbing, two crashes.
    ui::ResourcesView view(m_session.get(), nullptr);
    view.resize(1100, 1000);
    view.show();
    const QString id = newRunId();
    for (int i = 0; i <= 60; ++i) {
        StatsSample s = sample(i, 96 + 3 * std::sin(i / 2.0), 40 + i / 3);
        s.blockWrite = qint64(i) * 8000;
        Q_EMIT m_session->statsSample(id, s);
        if (i >= 3 && i % 2 == 1) {
            const double t = i - 3;
            Q_EMIT m_session->fuzzSample(
                id, fuzzSample(i, qint64(180 * (1 - std::exp(-t / 12))) + 20, 2400 + 300 * std::sin(t / 4),
                               qint64(40 * (1 - std::exp(-t / 15))) + 5, i > 24 ? (i > 47 ? 2 : 1) : 0));
        }
    }
    QTest::qWait(ResourcePlot::kReplotIntervalMs * 2);
    QVERIFY(view.isFuzzPlotShown());
    QVERIFY(view.grab().save(QStringLiteral("/tmp/resourcesview-fuzz.png")));
    QVERIFY(view.exportPng(m_dir.filePath(QStringLiteral("fuzz.png"))));
    QVERIFY(QImage(m_dir.filePath(QStringLiteral("fuzz.png"))).height() > view.resourcePlot()->height());
    m_session->selectRuns({});
}

void TestResourcesView::liveRunOnTheEngine()
{
    ui::ResourcesView view(m_session.get(), nullptr);
    view.resize(1100, 780);
    view.show();
    QVERIFY2(m_session->catalogue().find(m_workflowId),
             qPrintable(QStringLiteral("the user workflow is not in the catalogue (%1)")
                            .arg(workflow::Catalogue::userRoot())));
    QSignalSpy finished(m_session.get(), &ui::Session::runFinished);
    const auto ids = m_session->submit(
        {QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples/vulnerable-shell")}, {m_workflowId});
    QVERIFY2(ids.ok(), ids.ok() ? "" : qPrintable(ids.error().message));
    QCOMPARE(ids.value().size(), 1);
    const QString id = ids.value().first();
    // Samples arrive while it runs, and the run is in the plot without being selected.
    QTRY_VERIFY_WITH_TIMEOUT(view.sampleCount(id) >= 2 && finished.isEmpty(), 180000);
    QVERIFY(view.shownRuns().contains(id));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
    const auto result = finished.first().first().value<run::RunResult>();
    QVERIFY2(result.succeeded(), qPrintable(result.error));
    const auto *s = view.series(id);
    QVERIFY(s);
    QVERIFY(s->samples.size() >= 2);
    const double peak = *std::max_element(s->cpu.cbegin(), s->cpu.cend());
    qInfo("%lld live samples, CPU peak %.1f %%, memory limit %.0f MiB, throttled %d times",
          qlonglong(s->samples.size()), peak, s->memoryLimitMiB, s->markerCount(MarkerKind::Throttled));
    QVERIFY2(peak > 10.0, qPrintable(QString::number(peak)));
    QCOMPARE(s->memoryLimitMiB, 128.0);
    QCOMPARE(view.resourcePlot()->graph(id, ResourcePlot::Cpu)->data()->size(), s->samples.size());
    QTest::qWait(ResourcePlot::kReplotIntervalMs * 2);
    QVERIFY(view.grab().save(QStringLiteral("/tmp/resourcesview-live.png")));
}

void TestResourcesView::liveFuzzingRunOnTheEngine()
{
    // The libFuzzer workflow on a copy of the example parser (a corpus volume of its own), for
    // a short budget: its statistics reach the fuzzing plot while it runs.
    const QString project = m_dir.filePath(QStringLiteral("fuzz-parser"));
    const QString example = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples/fuzz-parser");
    for (const QString &sub : {QStringLiteral("src"), QStringLiteral("fuzz"), QStringLiteral("seeds")}) {
        QVERIFY(QDir().mkpath(project + QLatin1Char('/') + sub));
        const auto files = QDir(example + QLatin1Char('/') + sub).entryList(QDir::Files);
        for (const QString &f : files)
            QVERIFY(QFile::copy(example + QLatin1Char('/') + sub + QLatin1Char('/') + f,
                                project + QLatin1Char('/') + sub + QLatin1Char('/') + f));
    }
    ui::ResourcesView view(m_session.get(), nullptr);
    view.resize(1100, 1000);
    view.show();
    QSignalSpy finished(m_session.get(), &ui::Session::runFinished);
    const auto ids = m_session->submit({project}, {QStringLiteral("libfuzzer")},
                                       {{QStringLiteral("libfuzzer.time_budget"), QStringLiteral("12")},
                                        {QStringLiteral("libfuzzer.seeds"), QStringLiteral("seeds")}});
    QVERIFY2(ids.ok(), ids.ok() ? "" : qPrintable(ids.error().message));
    const QString id = ids.value().first();
    // Samples arrive while it runs (not only at its end).
    QTRY_VERIFY_WITH_TIMEOUT(view.fuzzSampleCount(id) >= 2 || !finished.isEmpty(), 600000);
    QVERIFY2(finished.isEmpty(), "the run ended before two fuzzing samples arrived");
    QVERIFY(view.isFuzzPlotShown());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 300000);
    const auto result = finished.first().first().value<run::RunResult>();
    QVERIFY2(result.succeeded(), qPrintable(result.error));
    const auto *s = view.series(id);
    QVERIFY(s);
    auto *coverage = view.fuzzPlot()->graph(id, FuzzPlot::Coverage);
    QCOMPARE(coverage->data()->size(), s->fuzzSamples.size());
    const double last = (coverage->data()->constEnd() - 1)->value;
    qInfo("%lld live fuzzing samples, coverage %.0f, %.0f execs/s at the end",
          qlonglong(s->fuzzSamples.size()), last, s->execsPerSec.constLast());
    QVERIFY(last > 0);
    QTest::qWait(FuzzPlot::kReplotIntervalMs * 2);
    QVERIFY(view.grab().save(QStringLiteral("/tmp/resourcesview-fuzz-live.png")));
    (void)test::wait(m_session->client()->removeVolume(
        fuzz::corpusVolumeName(project, QStringLiteral("fuzz/fuzz_parser.c")), true));
}

QTEST_MAIN(TestResourcesView)
#include "tst_resourcesview.moc"

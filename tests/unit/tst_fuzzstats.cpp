// ff::fuzz::StatsParser fed with logs recorded from real campaigns on this host (see
// data/fuzz/README.md): libFuzzer in 4-second segments, two parallel jobs, and AFL++ through the
// "[afl] ..." sidecar lines of the aflplusplus workflow.
#include "fuzz/fuzzstats.h"
#include "testutil.h"

#include <QRegularExpression>
#include <QTest>

using namespace ff::fuzz;

namespace {

const QDateTime kStart = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);

QStringList fixtureLines(const QString &name)
{
    return QString::fromUtf8(ff::test::readFixture(QStringLiteral("fuzz/") + name)).split(QLatin1Char('\n'));
}

// Feeds every line, one every 100 ms, and returns the samples made.
QList<FuzzSample> feedAll(StatsParser &parser, const QStringList &lines, int upTo = -1)
{
    QList<FuzzSample> samples;
    for (int i = 0; i < lines.size() && (upTo < 0 || i < upTo); ++i)
        if (auto s = parser.feed(lines.at(i), kStart.addMSecs(100LL * i)))
            samples << *s;
    return samples;
}

// The sum of the "stat::number_of_executed_units: N" lines libFuzzer printed at the end of each
// segment, read independently of the parser.
qint64 executedUnits(const QStringList &lines)
{
    static const QRegularExpression re(QStringLiteral("stat::number_of_executed_units: +(\\d+)"));
    qint64 total = 0;
    for (const QString &line : lines)
        if (const auto m = re.match(line); m.hasMatch())
            total += m.captured(1).toLongLong();
    return total;
}

int lineIndex(const QStringList &lines, const QString &needle, int from = 0)
{
    for (int i = from; i < lines.size(); ++i)
        if (lines.at(i).contains(needle))
            return i;
    qFatal("no line with %s", qPrintable(needle));
}

} // namespace

class TestFuzzStats : public QObject
{
    Q_OBJECT

private slots:
    void libFuzzerSegmentsAccumulate()
    {
        const QStringList lines = fixtureLines(QStringLiteral("libfuzzer-segments.log"));
        StatsParser parser(QStringLiteral("libfuzzer"));
        const QList<FuzzSample> samples = feedAll(parser, lines);
        QVERIFY(samples.size() > 100);
        QCOMPARE(parser.phase(), QStringLiteral("done"));
        QCOMPARE(parser.initialCorpus(), 2);
        QCOMPARE(parser.seedCount(), 2);

        QSet<QString> events;
        qint64 previousExecs = 0;
        for (const FuzzSample &s : samples) {
            events << s.event;
            QCOMPARE(s.engine, QStringLiteral("libfuzzer"));
            QVERIFY2(s.execs >= previousExecs, "executions never go back across segments");
            previousExecs = s.execs;
            QVERIFY(s.elapsedSeconds >= 0);
        }
        for (const char *e : {"INITED", "NEW", "REDUCE", "pulse", "DONE", "crash", "stats"})
            QVERIFY2(events.contains(QLatin1String(e)), e);

        // Three segments: the first ran its 4 s out (DONE), the other two ended in a crash.
        const FuzzSample &last = parser.current();
        QCOMPARE(last.execs, executedUnits(lines));
        QCOMPARE(last.execs, 1782984 + 295289 + 1420564);
        QCOMPARE(last.crashes, 2);
        QCOMPARE(last.hangs, 0);
        QCOMPARE(last.coverage, 17);
        QCOMPARE(last.features, 87);
        QVERIFY(last.corpus >= 72);
        QVERIFY(last.corpusBytes > 2000);
        QCOMPARE(last.stability, -1.0); // libFuzzer does not say
        QVERIFY(last.lastFindSeconds >= 0);
    }

    void libFuzzerStatusLineFigures()
    {
        const QStringList lines = fixtureLines(QStringLiteral("libfuzzer-segments.log"));
        StatsParser parser(QStringLiteral("libfuzzer"));
        const int pulse = lineIndex(lines, QStringLiteral("\tpulse "));
        feedAll(parser, lines, pulse);
        const auto s = parser.feed(lines.at(pulse), kStart);
        QVERIFY(s);
        // "#1048576\tpulse  cov: 17 ft: 86 corp: 76/2107b lim: 4096 exec/s: 524288 rss: 177Mb"
        QCOMPARE(s->event, QStringLiteral("pulse"));
        QCOMPARE(s->execs, 1048576);
        QCOMPARE(s->coverage, 17);
        QCOMPARE(s->features, 86);
        QCOMPARE(s->corpus, 76);
        QCOMPARE(s->corpusBytes, 2107);
        QCOMPARE(s->execsPerSec, 524288.0);
        QCOMPARE(s->rssMb, 177);

        // The next segment's INITED says "exec/s: 0" (less than a second measured): the rate
        // of the finished segment is carried forward, the executions are added to it.
        const int inited = lineIndex(lines, QStringLiteral("\tINITED "), pulse);
        feedAll(parser, lines.mid(pulse + 1, inited - pulse - 1));
        const auto next = parser.feed(lines.at(inited), kStart);
        QVERIFY(next);
        QCOMPARE(next->event, QStringLiteral("INITED"));
        QCOMPARE(next->execsPerSec, 356596.0);
        QCOMPARE(next->execs, 1782984 + 78);
        QCOMPARE(next->coverage, 17);
    }

    void libFuzzerFiguresCarriedForward()
    {
        StatsParser parser(QStringLiteral("libfuzzer"));
        QVERIFY(!parser.feed(u"INFO: Seed: 647195498", kStart));
        QVERIFY(!parser.feed(u"[fuzzforge] phase: fuzz", kStart));
        QVERIFY(parser.feed(u"#2\tINITED cov: 4 ft: 4 corp: 1/1b exec/s: 0 rss: 32Mb", kStart.addSecs(1)));
        QCOMPARE(parser.current().coverage, 4);
        // A crash artifact line carries no coverage: the sample keeps the last known one.
        const auto crash = parser.feed(
            u"artifact_prefix='/results/crashes/'; Test unit written to /results/crashes/crash-506d814b",
            kStart.addSecs(3));
        QVERIFY(crash);
        QCOMPARE(crash->event, QStringLiteral("crash"));
        QCOMPARE(crash->crashes, 1);
        QCOMPARE(crash->coverage, 4);
        QCOMPARE(crash->corpus, 1);
        QCOMPARE(crash->rssMb, 32);
        QCOMPARE(crash->elapsedSeconds, 3);
        const auto timeout = parser.feed(
            u"artifact_prefix='/results/crashes/'; Test unit written to /results/crashes/timeout-4f1c",
            kStart.addSecs(4));
        QVERIFY(timeout);
        QCOMPARE(timeout->hangs, 1);
        QCOMPARE(timeout->crashes, 1);
    }

    void libFuzzerShortSegmentRate()
    {
        // Segments that crash within their first second: every status line and the final
        // statistics say 0 exec/s. The rate is the executions over the wall time instead,
        // restarts included.
        StatsParser parser(QStringLiteral("libfuzzer"));
        QVERIFY(parser.feed(u"#100\tINITED cov: 17 ft: 87 corp: 72/2328b exec/s: 0 rss: 34Mb", kStart));
        QCOMPARE(parser.current().execsPerSec, 0.0); // no window yet: libFuzzer's own figure
        QVERIFY(parser.feed(u"stat::number_of_executed_units: 300", kStart.addMSecs(500)));
        QVERIFY(!parser.feed(u"stat::average_exec_per_sec:     0", kStart.addMSecs(500)));
        QVERIFY(parser.feed(u"#5\tINITED cov: 17 ft: 87 corp: 72/2328b exec/s: 0 rss: 34Mb",
                            kStart.addMSecs(1000)));
        QVERIFY(parser.feed(u"#200\tNEW    cov: 18 ft: 88 corp: 73/2340b lim: 4 exec/s: 0 rss: 34Mb",
                            kStart.addMSecs(1500)));
        const auto s = parser.feed(u"stat::number_of_executed_units: 400", kStart.addMSecs(2000));
        QVERIFY(s);
        QCOMPARE(s->execs, 700);
        QCOMPARE(s->execsPerSec, (700.0 - 100.0) / 2.0);
        // Over a longer campaign the window is the last five seconds.
        QVERIFY(parser.feed(u"#10\tINITED cov: 18 ft: 88 corp: 73/2340b exec/s: 0 rss: 34Mb",
                            kStart.addMSecs(8000)));
        QVERIFY(parser.feed(u"#1000\tNEW    cov: 18 ft: 89 corp: 74/2350b lim: 4 exec/s: 0 rss: 34Mb",
                            kStart.addMSecs(9000)));
        QCOMPARE(parser.current().execs, 1700);
        QCOMPARE(parser.current().execsPerSec, (1700.0 - 700.0) / 7.0);
    }

    void libFuzzerJobsSummed()
    {
        const QStringList lines = fixtureLines(QStringLiteral("libfuzzer-jobs.log"));
        StatsParser parser(QStringLiteral("libfuzzer"));
        // Job 2's pulse at 1048576 executions comes first, then job 1's (lines 645 and 654 of
        // the recording); job 2 went on in between.
        const int job2Pulse = lineIndex(lines, QStringLiteral("[job 2] #1048576\tpulse"));
        const int job1Pulse = lineIndex(lines, QStringLiteral("[job 1] #1048576\tpulse"));
        QVERIFY(job2Pulse < job1Pulse);
        static const QRegularExpression job2Line(
            QStringLiteral("^\\[job 2\\] #(\\d+)\t.* exec/s: (\\d+) rss: (\\d+)Mb"));
        qint64 job2Execs = 0, job2Rss = 0;
        for (int i = job2Pulse; i < job1Pulse; ++i)
            if (const auto m = job2Line.match(lines.at(i)); m.hasMatch()) {
                job2Execs = m.captured(1).toLongLong();
                job2Rss = m.captured(3).toLongLong();
            }
        feedAll(parser, lines, job1Pulse + 1);
        const FuzzSample both = parser.current();
        QCOMPARE(both.event, QStringLiteral("pulse"));
        QCOMPARE(both.execs, 1048576 + job2Execs);
        // The rate: executions over the last five seconds of (here: replayed) wall time.
        StatsParser replay(QStringLiteral("libfuzzer"));
        const QList<FuzzSample> seen = feedAll(replay, lines, job1Pulse + 1);
        const FuzzSample &now = seen.last();
        const FuzzSample *ref = &seen.first();
        for (const FuzzSample &x : seen)
            if (x.at.msecsTo(now.at) >= 5000)
                ref = &x;
        QCOMPARE(both.execsPerSec, double(now.execs - ref->execs) * 1000.0 / double(ref->at.msecsTo(now.at)));
        QCOMPARE(both.rssMb, 180 + job2Rss);
        QCOMPARE(both.coverage, 17);

        StatsParser whole(QStringLiteral("libfuzzer"));
        feedAll(whole, lines);
        QCOMPARE(whole.current().execs, executedUnits(lines));
        QCOMPARE(whole.current().execs, 1171789 + 1589640 + 97049 + 684467);
        QCOMPARE(whole.current().crashes, 3);
        QCOMPARE(whole.phase(), QStringLiteral("done"));
    }

    void aflSidecarLines()
    {
        const QStringList lines = fixtureLines(QStringLiteral("afl.log"));
        StatsParser parser(QStringLiteral("afl"));
        const QList<FuzzSample> samples = feedAll(parser, lines);
        QVERIFY(samples.size() > 20);
        QCOMPARE(parser.initialCorpus(), 3);
        QCOMPARE(parser.seedCount(), 3);
        for (const FuzzSample &s : samples)
            QCOMPARE(s.engine, QStringLiteral("afl++"));

        // The first stats line: fuzzer_stats right after the calibration.
        const auto first = std::find_if(samples.begin(), samples.end(), [](const FuzzSample &s) {
            return s.event == QLatin1String("stats");
        });
        QVERIFY(first != samples.end());
        QCOMPARE(first->execs, 22);
        QCOMPARE(first->execsPerSec, 22000.0);
        QCOMPARE(first->corpus, 3);
        QCOMPARE(first->bitmapCoverage, 52.17);
        QCOMPARE(first->stability, 100.0);

        // Between stats lines (AFL++ rewrites fuzzer_stats once a minute without its UI) the
        // live counts of the queue and crash folders keep the figures moving.
        const auto live =
            std::find_if(samples.begin(), samples.end(), [](const FuzzSample &s) { return s.crashes > 0; });
        QVERIFY(live != samples.end());
        QCOMPARE(live->event, QStringLiteral("live"));
        QCOMPARE(live->execs, 22); // carried forward from the stats line

        // The last stats line of the recording.
        static const QRegularExpression updateRe(QStringLiteral("last_update=(\\d+) .*last_find=(\\d+) "));
        QRegularExpressionMatch m;
        for (const QString &line : lines)
            if (const auto mm = updateRe.match(line); mm.hasMatch())
                m = mm;
        const FuzzSample &last = parser.current();
        QCOMPARE(last.execs, 664721);
        QCOMPARE(last.execsPerSec, 9494.12);
        QCOMPARE(last.coverage, 20);
        QCOMPARE(last.bitmapCoverage, 86.96);
        QCOMPARE(last.corpus, 53);
        QCOMPARE(last.crashes, 9);
        QCOMPARE(last.hangs, 0);
        QCOMPARE(last.cycles, 17);
        QCOMPARE(last.stability, 100.0);
        QCOMPARE(last.lastFindSeconds, m.captured(1).toLongLong() - m.captured(2).toLongLong());
    }

    void aflPlotRows()
    {
        const QStringList lines = fixtureLines(QStringLiteral("afl.log"));
        StatsParser parser(QStringLiteral("afl"));
        const int plot = lineIndex(lines, QStringLiteral("[afl] plot: "));
        feedAll(parser, lines, plot);
        const auto s = parser.feed(lines.at(plot), kStart);
        QVERIFY(s);
        // "[afl] plot: 61, 15, 5, 53, 12, 0, 86.96%, 9, 0, 3, 8575.88, 579086, 20"
        QCOMPARE(s->event, QStringLiteral("plot"));
        QCOMPARE(s->cycles, 15);
        QCOMPARE(s->corpus, 53);
        QCOMPARE(s->bitmapCoverage, 86.96);
        QCOMPARE(s->crashes, 9);
        QCOMPARE(s->execsPerSec, 8575.88);
        QCOMPARE(s->execs, 579086);
        QCOMPARE(s->coverage, 20);
    }

    void aflRecordedFiles()
    {
        // The sidecar's conversion of AFL++'s own files, done here from the recorded files.
        StatsParser parser(QStringLiteral("afl"));
        QStringList pairs;
        QHash<QString, QString> stats;
        for (const QString &line :
             QString::fromUtf8(ff::test::readFixture(QStringLiteral("fuzz/afl-fuzzer_stats")))
                 .split(QLatin1Char('\n'))) {
            const qsizetype colon = line.indexOf(QLatin1String(" : "));
            if (colon < 0)
                continue;
            const QString key = line.left(colon).trimmed(), value = line.mid(colon + 3).trimmed();
            stats.insert(key, value);
            pairs << key + QLatin1Char('=') + value;
        }
        const auto s =
            parser.feed(QString(QLatin1String("[afl] stats: ") + pairs.join(QLatin1Char(' '))), kStart);
        QVERIFY(s);
        QCOMPARE(s->execs, stats.value(QStringLiteral("execs_done")).toLongLong());
        QCOMPARE(s->corpus, stats.value(QStringLiteral("corpus_count")).toLongLong());
        QCOMPARE(s->crashes, stats.value(QStringLiteral("saved_crashes")).toLongLong());
        QCOMPARE(s->coverage, stats.value(QStringLiteral("edges_found")).toLongLong());
        QCOMPARE(s->cycles, stats.value(QStringLiteral("cycles_done")).toLongLong());
        QCOMPARE(s->execsPerSec, stats.value(QStringLiteral("execs_per_sec")).toDouble());

        const QStringList plot =
            QString::fromUtf8(ff::test::readFixture(QStringLiteral("fuzz/afl-plot_data")))
                .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        StatsParser plots(QStringLiteral("afl"));
        QVERIFY(!plots.feed(QString(QLatin1String("[afl] plot-header: ") + plot.first()), kStart));
        std::optional<FuzzSample> lastRow;
        for (const QString &row : plot.mid(1))
            lastRow = plots.feed(QString(QLatin1String("[afl] plot: ") + row), kStart);
        QVERIFY(lastRow);
        const QStringList cells = plot.last().split(QLatin1String(", "));
        QCOMPARE(lastRow->execs, cells.at(11).toLongLong());
        QCOMPARE(lastRow->coverage, cells.at(12).toLongLong());
    }

    void aflParallelInstancesSummed()
    {
        StatsParser parser(QStringLiteral("afl"));
        parser.feed(u"[afl] stats: fuzzer_pid=10 execs_done=1000 execs_per_sec=500.00 corpus_count=40 "
                    u"saved_crashes=1 saved_hangs=0 edges_found=20 stability=99.50% afl_banner=main",
                    kStart);
        const auto s = parser.feed(u"[afl] stats: fuzzer_pid=11 execs_done=3000 execs_per_sec=700.00 "
                                   u"corpus_count=45 saved_crashes=2 saved_hangs=1 edges_found=22 "
                                   u"stability=97.25% afl_banner=secondary",
                                   kStart.addSecs(2));
        QVERIFY(s);
        QCOMPARE(s->execs, 4000);
        QCOMPARE(s->execsPerSec, 1200.0);
        QCOMPARE(s->crashes, 3);
        QCOMPARE(s->hangs, 1);
        QCOMPARE(s->corpus, 45);
        QCOMPARE(s->coverage, 22);
        QCOMPARE(s->stability, 97.25);
        QCOMPARE(s->elapsedSeconds, 2);
        // A plot row cannot say which instance it belongs to: it changes nothing then.
        QVERIFY(
            !parser.feed(u"[afl] plot: 61, 15, 5, 53, 12, 0, 86.96%, 9, 0, 3, 8575.88, 579086, 20", kStart));
        QCOMPARE(parser.current().execs, 4000);
    }

    void summaryLineFormat()
    {
        FuzzSample s;
        QCOMPARE(summaryLine(s), QStringLiteral("fuzz --:-- | - exec/s | cov - | corpus - | crashes -"));
        s.elapsedSeconds = 83;
        s.execsPerSec = 12345;
        s.coverage = 143;
        s.corpus = 57;
        s.corpusBytes = 12 * 1024;
        s.crashes = 2;
        QCOMPARE(summaryLine(s),
                 QStringLiteral("fuzz 01:23 | 12.3k exec/s | cov 143 | corpus 57 (12 KiB) | crashes 2"));
        s.elapsedSeconds = 3600 + 5 * 60 + 7;
        s.execsPerSec = 950.4;
        s.bitmapCoverage = 86.96;
        s.corpusBytes = -1;
        s.hangs = 3;
        QCOMPARE(
            summaryLine(s),
            QStringLiteral("fuzz 1:05:07 | 950 exec/s | cov 143 (87.0%) | corpus 57 | crashes 2 | hangs 3"));
        s.execsPerSec = 2.5e6;
        s.corpusBytes = 3 * 1024 * 1024 + 512 * 1024;
        QVERIFY(summaryLine(s).contains(QLatin1String("2.5M exec/s")));
        QVERIFY(summaryLine(s).contains(QLatin1String("corpus 57 (3.5 MiB)")));
    }

    void summaryOfRecordedCampaign()
    {
        StatsParser parser(QStringLiteral("libfuzzer"));
        feedAll(parser, fixtureLines(QStringLiteral("libfuzzer-segments.log")));
        static const QRegularExpression re(
            QStringLiteral("^fuzz \\d\\d:\\d\\d \\| [0-9.]+k? exec/s \\| cov 17 \\| corpus \\d+ \\(\\d+ "
                           "(B|KiB)\\) \\| crashes 2$"));
        QVERIFY2(re.match(summaryLine(parser.current())).hasMatch(),
                 qPrintable(summaryLine(parser.current())));
    }

    void engines()
    {
        QVERIFY(StatsParser::knowsEngine(QStringLiteral("libfuzzer")));
        QVERIFY(StatsParser::knowsEngine(QStringLiteral("afl")));
        QVERIFY(!StatsParser::knowsEngine(QStringLiteral("honggfuzz")));
        StatsParser afl(QStringLiteral("afl"));
        // libFuzzer lines mean nothing to the AFL++ reader, and the other way round.
        QVERIFY(!afl.feed(u"#2\tINITED cov: 4 ft: 4 corp: 1/1b exec/s: 0 rss: 32Mb", kStart));
        StatsParser lf(QStringLiteral("libfuzzer"));
        QVERIFY(!lf.feed(u"[afl] live: corpus=57 crashes=0 hangs=0", kStart));
        QCOMPARE(lf.initialCorpus(), -1);
        QVERIFY(!lf.feed(u"[fuzzforge] corpus: initial=120 seeds=4", kStart));
        QCOMPARE(lf.initialCorpus(), 120);
        QCOMPARE(lf.seedCount(), 4);
    }
};

QTEST_GUILESS_MAIN(TestFuzzStats)
#include "tst_fuzzstats.moc"

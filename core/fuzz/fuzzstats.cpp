#include "fuzzstats.h"

#include <QRegularExpression>

#include <cmath>

namespace ff::fuzz {

namespace {

// AFL++ 4.x plot_data columns, for a log that lost its "[afl] plot-header" line.
const QStringList kDefaultPlotColumns = {
    QStringLiteral("relative_time"), QStringLiteral("cycles_done"),   QStringLiteral("cur_item"),
    QStringLiteral("corpus_count"),  QStringLiteral("pending_total"), QStringLiteral("pending_favs"),
    QStringLiteral("map_size"),      QStringLiteral("saved_crashes"), QStringLiteral("saved_hangs"),
    QStringLiteral("max_depth"),     QStringLiteral("execs_per_sec"), QStringLiteral("total_execs"),
    QStringLiteral("edges_found")};

// "12", "12.5", "91.30%" -> the number; "inf", "nan", "" -> nullopt.
std::optional<double> number(QStringView text)
{
    QStringView t = text.trimmed();
    if (t.endsWith(QLatin1Char('%')))
        t.chop(1);
    bool ok = false;
    const double v = t.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::optional<qint64> integer(QStringView text)
{
    const auto v = number(text);
    if (!v || *v < 0)
        return std::nullopt;
    return static_cast<qint64>(std::llround(*v));
}

// libFuzzer's "corp: 9/61b", "corp: 77/2409b", "corp: 120/12Kb", "corp: 3/1Mb": entries and bytes.
bool parseCorpus(QStringView text, qint64 &entries, qint64 &bytes)
{
    const qsizetype slash = text.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return false;
    bool ok = false;
    entries = text.left(slash).toLongLong(&ok);
    if (!ok)
        return false;
    QStringView size = text.mid(slash + 1);
    qint64 unit = 1;
    if (size.endsWith(QLatin1String("Kb"))) {
        unit = 1024;
        size.chop(2);
    } else if (size.endsWith(QLatin1String("Mb"))) {
        unit = 1024 * 1024;
        size.chop(2);
    } else if (size.endsWith(QLatin1Char('b'))) {
        size.chop(1);
    }
    bytes = size.toLongLong(&ok) * unit;
    return ok;
}

} // namespace

StatsParser::StatsParser(QString engine)
    : m_engine(std::move(engine))
{
    m_current.engine = m_engine == QLatin1String("libfuzzer") ? m_engine : QStringLiteral("afl++");
}

bool StatsParser::knowsEngine(const QString &engine)
{
    return engine == QLatin1String("libfuzzer") || engine == QLatin1String("afl") ||
           engine == QLatin1String("afl++");
}

std::optional<FuzzSample> StatsParser::feed(QStringView line, const QDateTime &at)
{
    while (line.endsWith(QLatin1Char('\n')) || line.endsWith(QLatin1Char('\r')))
        line.chop(1);
    if (line.startsWith(QLatin1String("[fuzzforge] ")))
        return feedFuzzForge(line.mid(12), at);
    if (m_engine == QLatin1String("libfuzzer"))
        return feedLibFuzzer(line, at);
    return feedAfl(line, at);
}

std::optional<FuzzSample> StatsParser::feedFuzzForge(QStringView line, const QDateTime &at)
{
    if (line.startsWith(QLatin1String("phase: "))) {
        m_phase = line.mid(7).trimmed().toString();
        if (m_phase == QLatin1String("fuzz") && !m_started.isValid())
            m_started = at;
        return std::nullopt;
    }
    if (line.startsWith(QLatin1String("corpus: "))) {
        static const QRegularExpression re(QStringLiteral("initial=(\\d+)(?:\\s+seeds=(\\d+))?"));
        const auto m = re.match(line);
        if (m.hasMatch()) {
            m_initialCorpus = m.captured(1).toLongLong();
            if (m.hasCaptured(2))
                m_seeds = m.captured(2).toLongLong();
            if (m_current.corpus < 0)
                m_current.corpus = m_initialCorpus;
        }
    }
    return std::nullopt;
}

std::optional<FuzzSample> StatsParser::feedLibFuzzer(QStringView line, const QDateTime &at)
{
    // With parallel jobs, run.sh prefixes every line of job K with "[job K] ".
    QString jobKey;
    if (line.startsWith(QLatin1String("[job "))) {
        const qsizetype close = line.indexOf(QLatin1String("] "));
        if (close < 0)
            return std::nullopt;
        jobKey = line.mid(5, close - 5).toString();
        line = line.mid(close + 2);
    }
    Job &job = m_jobs[jobKey];

    static const QRegularExpression status(
        QStringLiteral("^#(\\d+)\\s+(INITED|NEW|REDUCE|pulse|DONE|RELOAD)\\s+(.*)$"));
    const auto m = status.match(line);
    if (m.hasMatch()) {
        if (!m_started.isValid())
            m_started = at;
        const qint64 count = m.captured(1).toLongLong();
        const QString event = m.captured(2);
        // Every segment (-max_total_time) starts counting afresh; its INITED, or a count going
        // back, begins a new one whose executions add to the finished ones'.
        if ((event == QLatin1String("INITED") && job.execs > 0) || count < job.execs) {
            job.execsBefore += job.execs;
            job.execs = 0;
        }
        job.execs = count;
        static const QRegularExpression field(QStringLiteral("([a-z/]+):\\s+(\\S+)"));
        auto it = field.globalMatch(m.capturedView(3));
        while (it.hasNext()) {
            const auto f = it.next();
            const QStringView key = f.capturedView(1);
            const QStringView value = f.capturedView(2);
            if (key == QLatin1String("cov")) {
                job.coverage = integer(value).value_or(job.coverage);
            } else if (key == QLatin1String("ft")) {
                job.features = integer(value).value_or(job.features);
            } else if (key == QLatin1String("corp")) {
                qint64 entries = 0, bytes = 0;
                if (parseCorpus(value, entries, bytes))
                    job.corpus = entries, job.corpusBytes = bytes;
            } else if (key == QLatin1String("exec/s")) {
                // libFuzzer says 0 until a second has passed in the segment: not a measurement.
                const double rate = number(value).value_or(-1);
                if (rate > 0 || job.execsPerSec <= 0)
                    job.execsPerSec = std::max(rate, 0.0);
            } else if (key == QLatin1String("rss")) {
                QStringView v = value;
                if (v.endsWith(QLatin1String("Mb")))
                    v.chop(2);
                job.rssMb = integer(v).value_or(job.rssMb);
            }
        }
        if (event == QLatin1String("NEW"))
            m_lastFind = at;
        return makeSample(at, event);
    }

    // -print_final_stats=1: the segment's true execution count, also after a crash ended it.
    if (line.startsWith(QLatin1String("stat::number_of_executed_units:"))) {
        if (const auto n = integer(line.mid(31)); n && *n >= job.execs) {
            job.execs = *n;
            return makeSample(at, QStringLiteral("stats"));
        }
        return std::nullopt;
    }
    // The segment's average rate: the only one a segment that crashed within its first second
    // gives (its status lines all say 0).
    if (line.startsWith(QLatin1String("stat::average_exec_per_sec:"))) {
        if (const auto r = number(line.mid(27).trimmed()); r && *r > 0) {
            job.execsPerSec = *r;
            return makeSample(at, QStringLiteral("stats"));
        }
        return std::nullopt;
    }

    // "artifact_prefix='/results/crashes/'; Test unit written to /results/crashes/crash-<sha1>"
    static const QRegularExpression artifact(
        QStringLiteral("Test unit written to \\S*?\\b(crash|leak|oom|timeout)-"));
    const auto a = artifact.match(line);
    if (a.hasMatch()) {
        if (a.capturedView(1) == QLatin1String("timeout"))
            m_hangs = std::max<qint64>(m_hangs, 0) + 1;
        else
            m_crashes = std::max<qint64>(m_crashes, 0) + 1;
        return makeSample(at, a.captured(1));
    }
    return std::nullopt;
}

std::optional<FuzzSample> StatsParser::feedAfl(QStringView line, const QDateTime &at)
{
    if (!line.startsWith(QLatin1String("[afl] ")))
        return std::nullopt;
    line = line.mid(6);
    if (!m_started.isValid())
        m_started = at;

    if (line.startsWith(QLatin1String("plot-header:"))) {
        QStringView header = line.mid(12).trimmed();
        if (header.startsWith(QLatin1Char('#')))
            header = header.mid(1);
        m_plotColumns.clear();
        for (const QStringView column : header.split(QLatin1Char(',')))
            m_plotColumns << column.trimmed().toString();
        return std::nullopt;
    }

    QHash<QString, QString> values;
    QString event;
    if (line.startsWith(QLatin1String("plot:"))) {
        // A plot row gives one instance's figures without saying which: with parallel instances
        // the per-instance fuzzer_stats are summed instead.
        if (m_aflInstances.size() > 1)
            return std::nullopt;
        const QStringList &columns = m_plotColumns.isEmpty() ? kDefaultPlotColumns : m_plotColumns;
        const QList<QStringView> cells = line.mid(5).split(QLatin1Char(','));
        if (cells.size() < columns.size())
            return std::nullopt;
        for (qsizetype i = 0; i < columns.size(); ++i)
            values.insert(columns.at(i), cells.at(i).trimmed().toString());
        event = QStringLiteral("plot");
    } else if (line.startsWith(QLatin1String("stats:"))) {
        // "key=value key=value ...": a value runs to the next " key=" (some hold spaces).
        static const QRegularExpression key(QStringLiteral("(?:^|\\s)([a-z_0-9]+)="));
        const QStringView text = line.mid(6);
        QString lastKey;
        qsizetype valueStart = -1;
        auto it = key.globalMatch(text);
        while (it.hasNext()) {
            const auto k = it.next();
            if (!lastKey.isEmpty())
                values.insert(lastKey,
                              text.mid(valueStart, k.capturedStart(0) - valueStart).trimmed().toString());
            lastKey = k.captured(1);
            valueStart = k.capturedEnd(0);
            if (lastKey == QLatin1String("command_line"))
                break; // the last key; its value may look like more pairs
        }
        if (lastKey.isEmpty())
            return std::nullopt;
        values.insert(lastKey, text.mid(valueStart).trimmed().toString());
        event = QStringLiteral("stats");
    } else if (line.startsWith(QLatin1String("live:"))) {
        static const QRegularExpression pair(QStringLiteral("([a-z_]+)=(\\d+)"));
        auto it = pair.globalMatch(line.mid(5));
        while (it.hasNext()) {
            const auto p = it.next();
            const qint64 v = p.captured(2).toLongLong();
            // Counts of files that only grow: a stale stats line never lowers them.
            if (p.capturedView(1) == QLatin1String("corpus"))
                m_aflCorpus = std::max(m_aflCorpus, v);
            else if (p.capturedView(1) == QLatin1String("crashes"))
                m_crashes = std::max(m_crashes, v);
            else if (p.capturedView(1) == QLatin1String("hangs"))
                m_hangs = std::max(m_hangs, v);
        }
        return makeSample(at, QStringLiteral("live"));
    } else {
        return std::nullopt;
    }

    auto value = [&values](std::initializer_list<const char *> keys) -> QString {
        for (const char *k : keys) {
            const auto it = values.constFind(QLatin1String(k));
            if (it != values.constEnd())
                return *it;
        }
        return {};
    };
    // Plot rows (no pid) belong to the single instance there is; the first stats line names it.
    QString instance = QStringLiteral("plot");
    if (event == QLatin1String("stats")) {
        instance = value({"fuzzer_pid", "afl_banner"});
        m_aflInstances.remove(QStringLiteral("plot"));
    } else if (m_aflInstances.size() == 1) {
        instance = m_aflInstances.constBegin().key();
    }
    AflInstance &a = m_aflInstances[instance];
    if (const auto v = integer(value({"execs_done", "total_execs"})))
        a.execs = *v;
    if (const auto v = number(value({"execs_per_sec"})))
        a.execsPerSec = *v;
    if (const auto v = integer(value({"edges_found"})))
        a.coverage = *v;
    if (const auto v = number(value({"bitmap_cvg", "map_size"})))
        a.bitmapCoverage = *v;
    if (const auto v = integer(value({"corpus_count", "paths_total"})))
        a.corpus = *v;
    if (const auto v = integer(value({"saved_crashes", "unique_crashes"})))
        a.crashes = *v;
    if (const auto v = integer(value({"saved_hangs", "unique_hangs"})))
        a.hangs = *v;
    if (const auto v = number(value({"stability"})))
        a.stability = *v;
    if (const auto v = integer(value({"cycles_done"})))
        a.cycles = *v;
    if (const auto v = integer(value({"peak_rss_mb"})))
        a.rssMb = *v;
    // fuzzer_stats' last_find is a Unix time (0: nothing found since the start).
    const auto lastFind = integer(value({"last_find", "last_path"}));
    const auto lastUpdate = integer(value({"last_update"}));
    const auto runTime = integer(value({"run_time"}));
    if (lastFind && lastUpdate && *lastFind > 0)
        a.lastFindSeconds = std::max<qint64>(0, *lastUpdate - *lastFind);
    else if (lastFind && *lastFind == 0 && runTime)
        a.lastFindSeconds = *runTime;
    return makeSample(at, event);
}

FuzzSample StatsParser::makeSample(const QDateTime &at, const QString &event)
{
    FuzzSample &s = m_current;
    s.at = at;
    s.event = event;
    if (m_started.isValid())
        s.elapsedSeconds = std::max<qint64>(0, m_started.secsTo(at));

    auto maxOf = [](qint64 current, qint64 v) {
        return v >= 0 ? std::max(current, v) : current;
    };
    if (m_engine == QLatin1String("libfuzzer")) {
        qint64 execs = 0, coverage = -1, features = -1, corpus = -1, corpusBytes = -1, rss = -1;
        double rate = 0;
        for (const Job &job : std::as_const(m_jobs)) {
            execs += job.execsBefore + job.execs;
            rate += std::max(job.execsPerSec, 0.0);
            coverage = maxOf(coverage, job.coverage);
            features = maxOf(features, job.features);
            // The jobs share one corpus folder: the biggest view of it is the truest.
            if (job.corpus > corpus)
                corpus = job.corpus, corpusBytes = job.corpusBytes;
            if (job.rssMb >= 0)
                rss = std::max<qint64>(rss, 0) + job.rssMb;
        }
        s.execs = execs;
        // libFuzzer's own exec/s counts whole seconds of one segment: 0 for a segment shorter
        // than a second, which is every segment once a shallow crash is found again and again.
        // The campaign's rate is the executions over the last few seconds of wall time, restarts
        // included; libFuzzer's figure only until that window exists.
        const qint64 now = at.toMSecsSinceEpoch();
        m_execHistory.append({now, execs});
        while (m_execHistory.size() > 2 && now - m_execHistory.at(1).first >= kRateWindowMs)
            m_execHistory.removeFirst();
        const auto &[then, execsThen] = m_execHistory.first();
        s.execsPerSec = now - then >= 1000 ? double(execs - execsThen) * 1000.0 / double(now - then) : rate;
        s.coverage = coverage >= 0 ? coverage : s.coverage;
        s.features = features >= 0 ? features : s.features;
        s.corpus = corpus >= 0 ? corpus : s.corpus;
        s.corpusBytes = corpusBytes >= 0 ? corpusBytes : s.corpusBytes;
        s.rssMb = rss >= 0 ? rss : s.rssMb;
        s.crashes = std::max<qint64>(m_crashes, 0);
        s.hangs = std::max<qint64>(m_hangs, 0);
        if (m_lastFind.isValid())
            s.lastFindSeconds = std::max<qint64>(0, m_lastFind.secsTo(at));
        return s;
    }

    qint64 execs = -1, coverage = -1, corpus = -1, crashes = -1, hangs = -1, cycles = -1, rss = -1,
           lastFind = -1;
    double rate = -1, bitmap = -1, stability = -1;
    auto sum = [](qint64 total, qint64 v) {
        return v >= 0 ? std::max<qint64>(total, 0) + v : total;
    };
    for (const AflInstance &a : std::as_const(m_aflInstances)) {
        execs = sum(execs, a.execs);
        if (a.execsPerSec >= 0)
            rate = std::max(rate, 0.0) + a.execsPerSec;
        coverage = maxOf(coverage, a.coverage);
        bitmap = a.bitmapCoverage >= 0 ? std::max(bitmap, a.bitmapCoverage) : bitmap;
        corpus = maxOf(corpus, a.corpus);
        crashes = sum(crashes, a.crashes);
        hangs = sum(hangs, a.hangs);
        cycles = maxOf(cycles, a.cycles);
        rss = sum(rss, a.rssMb);
        // The worst instance's stability; the most recent find of any instance.
        if (a.stability >= 0)
            stability = stability < 0 ? a.stability : std::min(stability, a.stability);
        if (a.lastFindSeconds >= 0)
            lastFind = lastFind < 0 ? a.lastFindSeconds : std::min(lastFind, a.lastFindSeconds);
    }
    auto keep = [](auto v, auto current) {
        return v >= 0 ? v : current;
    };
    s.execs = keep(execs, s.execs);
    s.execsPerSec = keep(rate, s.execsPerSec);
    s.coverage = keep(coverage, s.coverage);
    s.bitmapCoverage = keep(bitmap, s.bitmapCoverage);
    s.corpus = std::max(keep(corpus, s.corpus), m_aflCorpus);
    s.crashes = std::max(keep(crashes, s.crashes), m_crashes);
    s.hangs = std::max(keep(hangs, s.hangs), m_hangs);
    s.stability = keep(stability, s.stability);
    s.cycles = keep(cycles, s.cycles);
    s.rssMb = keep(rss, s.rssMb);
    s.lastFindSeconds = keep(lastFind, s.lastFindSeconds);
    return s;
}

namespace {

QString rate(double perSecond)
{
    if (perSecond < 0)
        return QStringLiteral("-");
    if (perSecond >= 1e6)
        return QString::number(perSecond / 1e6, 'f', 1) + QLatin1Char('M');
    if (perSecond >= 1e3)
        return QString::number(perSecond / 1e3, 'f', 1) + QLatin1Char('k');
    return QString::number(std::llround(perSecond));
}

QString bytes(qint64 n)
{
    if (n < 1024)
        return QString::number(n) + QLatin1String(" B");
    if (n < 1024 * 1024)
        return QString::number(std::llround(n / 1024.0)) + QLatin1String(" KiB");
    return QString::number(n / (1024.0 * 1024.0), 'f', 1) + QLatin1String(" MiB");
}

QString figure(qint64 n)
{
    return n >= 0 ? QString::number(n) : QStringLiteral("-");
}

} // namespace

QString summaryLine(const FuzzSample &sample)
{
    QString time = QStringLiteral("--:--");
    if (sample.elapsedSeconds >= 0) {
        const qint64 h = sample.elapsedSeconds / 3600, m = sample.elapsedSeconds / 60 % 60,
                     sec = sample.elapsedSeconds % 60;
        time = (h > 0 ? QString::number(h) + QLatin1Char(':') : QString()) +
               QStringLiteral("%1:%2").arg(m, 2, 10, QLatin1Char('0')).arg(sec, 2, 10, QLatin1Char('0'));
    }
    QString line = QLatin1String("fuzz ") + time + QLatin1String(" | ") + rate(sample.execsPerSec) +
                   QLatin1String(" exec/s | cov ") + figure(sample.coverage);
    if (sample.bitmapCoverage >= 0)
        line += QLatin1String(" (") + QString::number(sample.bitmapCoverage, 'f', 1) + QLatin1String("%)");
    line += QLatin1String(" | corpus ") + figure(sample.corpus);
    if (sample.corpusBytes >= 0)
        line += QLatin1String(" (") + bytes(sample.corpusBytes) + QLatin1Char(')');
    line += QLatin1String(" | crashes ") + figure(sample.crashes);
    if (sample.hangs > 0)
        line += QLatin1String(" | hangs ") + QString::number(sample.hangs);
    return line;
}

} // namespace ff::fuzz

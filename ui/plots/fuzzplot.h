#pragma once

#include "runseries.h"

#include "customplot.h"
#include <QHash>
#include <QTimer>

#include <array>

namespace ff::ui {

// The fuzzing plot under the resource plot: coverage, executions per second, corpus entries and
// crashes of fuzzing runs on a time axis that follows the resource plot's (the view keeps the two
// in step). Two axis rects, so that it stays readable in a short dock: coverage (left axis,
// solid) with the corpus (right axis, dashed), execs/s (left, solid) with crashes (right,
// dashed steps); a key above says which style is which. A colour per run, as in the resource
// plot; only runs with fuzzing samples have graphs. Replots are coalesced the same way (a dirty
// flag read by a 200 ms timer).
class FuzzPlot : public QCustomPlot
{
    Q_OBJECT
public:
    enum Figure { Coverage, ExecsPerSec, Corpus, Crashes, FigureCount };
    enum Rect { GrowthRect, RateRect, RectCount }; // coverage + corpus, execs/s + crashes
    static constexpr int kReplotIntervalMs = 200;

    explicit FuzzPlot(QWidget *parent = nullptr);

    // Adds the run's graphs (when it has fuzzing samples), or appends the points that are new
    // in `series`; schedules a replot.
    void sync(const RunSeries &series);
    void removeRun(const QString &runId);
    void setRunVisible(const QString &runId, bool visible);
    bool hasRun(const QString &runId) const { return m_runs.contains(runId); }
    // Runs with graphs that are not hidden.
    int visibleRunCount() const;

    QCPAxisRect *rect(Rect r) const { return m_rects[r]; }
    static Rect rectOf(Figure f) { return f == Coverage || f == Corpus ? GrowthRect : RateRect; }
    // The value axis a figure is drawn against (left or right of its rect).
    QCPAxis *valueAxis(Figure f) const;
    QCPGraph *graph(const QString &runId, Figure f) const;
    // The time axis, as the resource plot shows it (does not emit timeRangeChanged()).
    void setTimeRange(const QCPRange &range);
    QCPRange timeRange() const;
    // The last time any visible run has a point at (0 without any).
    double dataEnd() const;
    void scheduleReplot();
    void replotNow();
    QString readoutAt(const QPointF &pos) const;

Q_SIGNALS:
    // The analyst dragged or zoomed the time axis here.
    void timeRangeChanged(const QCPRange &range);
    // Pressed or scrolled: the time axis no longer follows the data.
    void interacted();
    void fitRequested();
    void readout(const QString &text);

private:
    struct RunGraphs
    {
        std::array<QCPGraph *, FigureCount> graphs{};
        int points = 0;
        int epoch = -1;
    };
    void onTimeAxisChanged(const QCPRange &range);
    void fitValues();

    std::array<QCPAxisRect *, RectCount> m_rects{};
    QCPLegend *m_key = nullptr;
    QHash<QString, RunGraphs> m_runs;
    QTimer m_replotTimer;
    bool m_dirty = false;
    bool m_syncing = false;
};

} // namespace ff::ui

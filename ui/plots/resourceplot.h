#pragma once

#include "runseries.h"

#include "customplot.h"
#include <QHash>
#include <QTimer>

#include <array>

namespace ff::ui {

// The Resources view's plot: four axis rects stacked on one time axis (CPU, memory, PIDs, I/O
// rates), a colour per run, several runs overlaid. Points are appended as samples arrive; the
// replot itself is coalesced (a dirty flag read by a 200 ms timer), never one per sample.
class ResourcePlot : public QCustomPlot
{
    Q_OBJECT
public:
    enum Panel { CpuPanel, MemoryPanel, PidsPanel, IoPanel, PanelCount };
    enum Series {
        Cpu,
        Memory,
        MemoryLimit,
        Pids,
        PidsLimit,
        NetRx,
        NetTx,
        BlockRead,
        BlockWrite,
        Throttled,
        MemoryLimitHit,
        SeriesCount
    };
    static constexpr int kReplotIntervalMs = 200;

    explicit ResourcePlot(QWidget *parent = nullptr);

    // Adds the run's graphs, or brings them up to date with `series` (only the new points are
    // added); schedules a replot.
    void sync(const RunSeries &series);
    // Drops the run's points and adds them again from `series` (a stored run was loaded).
    void reset(const RunSeries &series);
    void removeRun(const QString &runId);
    void clearRuns();
    void setRunVisible(const QString &runId, bool visible);
    bool hasRun(const QString &runId) const { return m_runs.contains(runId); }

    QCPAxisRect *panel(Panel p) const { return m_panels[p]; }
    QCPGraph *graph(const QString &runId, Series s) const;
    int oomItemCount(const QString &runId) const;

    // Following: the axes fit all data at every replot, until the analyst drags or zooms.
    bool isFollowing() const { return m_follow; }
    void stopFollowing() { m_follow = false; }
    void fitAll();
    // The end of data drawn elsewhere on the same time axis (the fuzzing plot): fitting the
    // axes includes it.
    void setTimeExtent(double seconds);
    QCPAxis *timeAxis() const { return m_panels[CpuPanel]->axis(QCPAxis::atBottom); }
    void scheduleReplot();
    // Replots now if anything changed since the last replot (before an export).
    void replotNow();
    // What the graphs show at the time under `pos` (empty outside the axis rects).
    QString readoutAt(const QPointF &pos) const;

Q_SIGNALS:
    void readout(const QString &text);

private:
    struct RunGraphs
    {
        std::array<QCPGraph *, SeriesCount> graphs{};
        QList<QCPAbstractItem *> oomItems;
        int samples = 0, rates = 0, throttled = 0, limitHits = 0;
    };
    RunGraphs &graphsFor(const RunSeries &series);
    QCPGraph *makeGraph(Panel p, const QColor &colour, Qt::PenStyle style, const QString &name);
    void addOomItems(RunGraphs &g, const RunSeries &series);
    void fitRanges();
    void syncTimeAxes(const QCPRange &range);

    std::array<QCPAxisRect *, PanelCount> m_panels{};
    QCPLegend *m_ioKey = nullptr;
    QHash<QString, RunGraphs> m_runs;
    QTimer m_replotTimer;
    bool m_dirty = false;
    bool m_follow = true;
    bool m_syncing = false;
    double m_timeExtent = 0;
};

} // namespace ff::ui

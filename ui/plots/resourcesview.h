#pragma once

#include "runseries.h"

#include <QHash>
#include <QSet>
#include <QWidget>

class QAction;
class QCustomPlot;
class QLabel;
class QListWidget;
class QListWidgetItem;

namespace ff::run {
class WorkflowRun;
struct RunResult;
} // namespace ff::run

namespace ff::ui {

class FuzzPlot;
class ResourcePlot;
class Session;

// The Resources view: CPU, memory, PIDs, network and block I/O of runs, live while they run and
// from the history afterwards, several runs overlaid in a colour each. It shows the runs selected
// in the Runs or History view, and every run that starts while it is open; a side list hides or
// shows each one. Fuzzing runs add a second plot under it (coverage, execs/s, corpus, crashes) on
// the same time axis; it is hidden while no run shown has fuzzing samples.
class ResourcesView : public QWidget
{
    Q_OBJECT
public:
    explicit ResourcesView(Session *session, QWidget *parent = nullptr);

    QStringList shownRuns() const { return m_shown; }
    int sampleCount(const QString &runId) const;
    int markerCount(const QString &runId, MarkerKind kind) const;
    const RunSeries *series(const QString &runId) const;
    bool isRunVisible(const QString &runId) const;
    void setRunVisible(const QString &runId, bool visible);
    QCustomPlot *plot() const;
    ResourcePlot *resourcePlot() const { return m_plot; }
    FuzzPlot *fuzzPlot() const { return m_fuzzPlot; }
    bool isFuzzPlotShown() const;
    int fuzzSampleCount(const QString &runId) const;
    // Shown above the plot: why nothing or not everything can be shown.
    QString message() const;

    void clear();
    bool exportPng(const QString &fileName);

private:
    void onSample(const QString &runId, const docker::StatsSample &sample);
    void onFuzzSample(const QString &runId, const fuzz::FuzzSample &sample);
    // Live: the first sample of a run not heard of yet adds it to the plot.
    void hear(const QString &runId);
    // Shows the fuzzing plot while a run shown has fuzzing samples; the time axis fits both plots.
    void updateFuzzPlot();
    // The two plots' axis rects get the same left and right margins, so that a second is at the
    // same x in both.
    void alignMargins();
    void onRunCreated(run::WorkflowRun *run);
    void onRunFinished(const run::RunResult &result);
    void onSelection(const QStringList &runIds);
    RunSeries &seriesFor(const QString &runId);
    void showRun(const QString &runId);
    void hideRun(const QString &runId);
    void load(const QStringList &runIds);
    void exportDialog();
    void showMessage(const QString &text);
    void updateMessage();
    QListWidgetItem *itemOf(const QString &runId) const;
    QColor nextColour() const;

    Session *m_session;
    ResourcePlot *m_plot;
    FuzzPlot *m_fuzzPlot;
    QListWidget *m_list;
    QLabel *m_message;
    QLabel *m_readout;
    QHash<QString, RunSeries> m_series; // shown runs, and live runs that are not shown
    QStringList m_shown;
    QSet<QString> m_live;  // under way
    QSet<QString> m_heard; // live runs the view has added once (a selection may remove them)
    // Stored runs being loaded, with the generation of their request: an answer for a run hidden
    // or asked for again since is stale.
    QHash<QString, quint64> m_pending;
    quint64 m_generation = 0;
    QString m_error;
};

} // namespace ff::ui

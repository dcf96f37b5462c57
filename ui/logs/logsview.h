#pragma once

#include "docker/streamdemuxer.h"

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QWidget>

class QLabel;
class QTabWidget;

namespace ff::ui {

class LogView;
class Session;
struct RunInfo;

// The Logs view: one tab per run, live while it runs and from the history afterwards. A tab
// opens when a run is queued; runs selected in the Runs or History view get theirs opened (the
// log read back from the history when the run is not under way) and raised.
class LogsView : public QWidget
{
    Q_OBJECT
public:
    explicit LogsView(Session *session, QWidget *parent = nullptr);

    LogView *viewFor(const QString &runId) const;
    QTabWidget *tabs() const { return m_tabs; }
    QString runIdAt(int index) const;
    // Opens (or finds) the tab of a run, reading its log from the history when it is not live.
    LogView *openRun(const QString &runId, bool raise);

    // At most this many tabs are opened for one selection (selecting 500 runs in the History
    // must not read 500 logs).
    static constexpr int kMaxOpenedPerSelection = 8;

private:
    LogView *addTab(const QString &runId, const QString &title, const QString &tooltip);
    void runQueued(const RunInfo &info);
    void linesArrived(const QString &runId, const QList<docker::LogLine> &lines);
    void selectionChanged(const QStringList &runIds);
    void loadFromHistory(const QString &runId, LogView *view);
    void closeTab(int index);
    void updatePlaceholder();

    Session *m_session;
    QTabWidget *m_tabs;
    QLabel *m_placeholder;
    QHash<QString, QPointer<LogView>> m_views;
    QSet<QString> m_live;    // queued or running, as far as this view has seen
    QSet<QString> m_running; // running now: the tab worth showing when nothing is selected
};

} // namespace ff::ui

#pragma once

#include "docker/streamdemuxer.h"

#include <QTimer>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;

namespace ff::ui {

class LogFilterProxy;
class LogModel;

// One run's log: a list over a bounded model (never a text edit that grows), a toolbar to
// follow the end, search (highlight or only matching lines, next/previous), pick a stream,
// show times and save what is shown; a status line counts the lines kept and dropped.
class LogView : public QWidget
{
    Q_OBJECT
public:
    explicit LogView(int capacity, QWidget *parent = nullptr);

    LogModel *model() const { return m_model; }
    LogFilterProxy *proxy() const { return m_proxy; }
    QListView *listView() const { return m_list; }
    QLineEdit *searchBox() const { return m_search; }
    int lineCount() const;
    qint64 droppedCount() const;
    QString statusText() const;

    void appendLines(const QList<docker::LogLine> &lines);
    // A log read back from the history replaces what is shown.
    void setLines(const QList<docker::LogLine> &lines, qint64 droppedBefore);
    void setCapacity(int capacity);
    int capacity() const;
    // A note above the lines ("loading", "not kept", an error); empty hides it.
    void setNotice(const QString &text);
    QString notice() const;
    void setSuggestedFileName(const QString &name) { m_suggestedName = name; }

    bool isFollowing() const { return m_follow; }
    void setFollowing(bool follow);
    void setTimestampsShown(bool shown);
    // The search as typed in the box, applied at once (the box itself waits 300 ms).
    void setSearch(const QString &text, bool regex);
    void setOnlyMatching(bool only);
    // Moves to the next / previous matching line; false when none matches.
    bool findNext();
    bool findPrevious();

    // Writes the lines shown (as shown) to `path` off the UI thread; saved() tells how it went
    // and a failure is also shown in a message box.
    void saveTo(const QString &path);
    // Generation of history loads, so that a stale one is dropped.
    quint64 beginLoad() { return ++m_loadGeneration; }
    bool isCurrentLoad(quint64 generation) const { return generation == m_loadGeneration; }

Q_SIGNALS:
    void followingChanged(bool following);
    void saved(const QString &path, const QString &error);

private:
    void createActions();
    void applySearch();
    bool find(bool forward);
    void save();
    void copySelection();
    void scrolled(int value);
    void scrollToEnd();
    void updateStatus();

    LogModel *m_model;
    LogFilterProxy *m_proxy;
    QListView *m_list;
    QLineEdit *m_search;
    QComboBox *m_streams;
    QLabel *m_notice;
    QLabel *m_status;
    QAction *m_followAction = nullptr;
    QAction *m_regexAction = nullptr;
    QAction *m_onlyMatchingAction = nullptr;
    QAction *m_timestampsAction = nullptr;
    QTimer m_searchTimer;
    QString m_suggestedName;
    QString m_findMessage;
    bool m_follow = true;
    bool m_adjusting = false;
    quint64 m_loadGeneration = 0;
};

} // namespace ff::ui

#pragma once

#include "docker/types.h"
#include "run/runtypes.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QProgressBar;
class QVBoxLayout;

namespace ff::ui {

class Session;

// One progress bar per image being built for a run ("Building image for C/C++ static
// analysis: step 3/7"), from the session's image progress; a bar goes once its run has left
// the preparation (or finished).
class ImageProgressPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ImageProgressPanel(Session *session, QWidget *parent = nullptr);

    QProgressBar *bar(const QString &runId) const;
    QString text(const QString &runId) const;
    int count() const { return static_cast<int>(m_entries.size()); }

private:
    struct Entry
    {
        QWidget *box = nullptr;
        QLabel *label = nullptr;
        QProgressBar *bar = nullptr;
        QString workflow;
        int step = 0;
        int totalSteps = 0;
    };
    void progress(const QString &runId, const docker::ProgressEvent &event);
    void stateChanged(const QString &runId, run::RunState state);
    Entry &entry(const QString &runId);
    void drop(const QString &runId);

    Session *m_session;
    QVBoxLayout *m_layout;
    QHash<QString, Entry> m_entries;
};

} // namespace ff::ui

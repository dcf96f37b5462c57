#pragma once

#include <QWidget>

namespace ff::ui {

class Session;

// The Logs view: one tab per run, live while it runs and from the history afterwards.
class LogsView : public QWidget
{
    Q_OBJECT
public:
    explicit LogsView(Session *session, QWidget *parent = nullptr);

private:
    Session *m_session;
};

} // namespace ff::ui

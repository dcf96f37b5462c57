#pragma once

#include <QWidget>

namespace ff::ui {

class Session;

// The Runs view: the queue and the runs of this session.
class RunsView : public QWidget
{
    Q_OBJECT
public:
    explicit RunsView(Session *session, QWidget *parent = nullptr);

private:
    Session *m_session;
};

} // namespace ff::ui

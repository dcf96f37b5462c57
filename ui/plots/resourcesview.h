#pragma once

#include <QWidget>

namespace ff::ui {

class Session;

// The Resources view: CPU, memory, PIDs, network and block I/O of runs, live and stored.
class ResourcesView : public QWidget
{
    Q_OBJECT
public:
    explicit ResourcesView(Session *session, QWidget *parent = nullptr);

private:
    Session *m_session;
};

} // namespace ff::ui

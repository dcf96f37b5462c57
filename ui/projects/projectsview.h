#pragma once

#include <QWidget>

namespace ff::ui {

class Session;

// The Projects view: the folders opened, their languages and applicable workflows.
class ProjectsView : public QWidget
{
    Q_OBJECT
public:
    explicit ProjectsView(Session *session, QWidget *parent = nullptr);

private:
    Session *m_session;
};

} // namespace ff::ui

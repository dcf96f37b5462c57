#pragma once

#include <QWidget>

namespace ff::ui {

class Session;

// The Workflows view: the catalogue, a parameters form, Run / Run all applicable.
class WorkflowsView : public QWidget
{
    Q_OBJECT
public:
    explicit WorkflowsView(Session *session, QWidget *parent = nullptr);

private:
    Session *m_session;
};

} // namespace ff::ui

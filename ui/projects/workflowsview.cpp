#include "workflowsview.h"

#include "common/session.h"

#include <QLabel>
#include <QVBoxLayout>

namespace ff::ui {

WorkflowsView::WorkflowsView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("WorkflowsView"), this));
}

} // namespace ff::ui

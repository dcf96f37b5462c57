#include "projectsview.h"

#include "common/session.h"

#include <QLabel>
#include <QVBoxLayout>

namespace ff::ui {

ProjectsView::ProjectsView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("ProjectsView"), this));
}

} // namespace ff::ui

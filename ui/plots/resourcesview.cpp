#include "resourcesview.h"

#include "common/session.h"

#include <QLabel>
#include <QVBoxLayout>

namespace ff::ui {

ResourcesView::ResourcesView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("ResourcesView"), this));
}

} // namespace ff::ui

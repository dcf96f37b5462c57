#include "findingsview.h"

#include "common/session.h"

#include <QLabel>
#include <QVBoxLayout>

namespace ff::ui {

FindingsView::FindingsView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("FindingsView"), this));
}

} // namespace ff::ui

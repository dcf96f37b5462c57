#include "historyview.h"

#include "common/session.h"

#include <QLabel>
#include <QVBoxLayout>

namespace ff::ui {

HistoryView::HistoryView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("HistoryView"), this));
}

} // namespace ff::ui

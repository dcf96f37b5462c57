#pragma once

#include <QWidget>

namespace ff::ui {

class Session;

// The History view: past runs per project, and two runs side by side.
class HistoryView : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryView(Session *session, QWidget *parent = nullptr);

private:
    Session *m_session;
};

} // namespace ff::ui

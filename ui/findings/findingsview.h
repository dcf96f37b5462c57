#pragma once

#include <QWidget>

namespace ff::ui {

class Session;

// The Findings view: filterable table, detail pane, triage.
class FindingsView : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsView(Session *session, QWidget *parent = nullptr);

private:
    Session *m_session;
};

} // namespace ff::ui

#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace ff::ui {

// A strip under the menu bar for what the analyst must act on: the problem, the remedy and,
// when there is one, a button that does it. Hidden while there is nothing to say.
class Banner : public QFrame
{
    Q_OBJECT
public:
    explicit Banner(QWidget *parent = nullptr);

    // Shows `message` with `remedy`; an action text adds a button that emits actionTriggered.
    void showProblem(const QString &message, const QString &remedy, const QString &actionText = {});
    QString message() const;
    QString remedy() const;

Q_SIGNALS:
    void actionTriggered();

private:
    QLabel *m_message;
    QLabel *m_remedy;
    QPushButton *m_action;
};

} // namespace ff::ui

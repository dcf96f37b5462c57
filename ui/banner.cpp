#include "banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace ff::ui {

Banner::Banner(QWidget *parent)
    : QFrame(parent)
    , m_message(new QLabel(this))
    , m_remedy(new QLabel(this))
    , m_action(new QPushButton(this))
{
    setObjectName(QStringLiteral("banner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, QColor(255, 243, 205));
    p.setColor(QPalette::WindowText, QColor(102, 77, 3));
    setPalette(p);

    auto *icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(24, 24));
    m_message->setObjectName(QStringLiteral("bannerMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_message->font();
    bold.setBold(true);
    m_message->setFont(bold);
    m_remedy->setObjectName(QStringLiteral("bannerRemedy"));
    m_remedy->setWordWrap(true);
    m_remedy->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_action->setObjectName(QStringLiteral("bannerAction"));
    connect(m_action, &QPushButton::clicked, this, &Banner::actionTriggered);
    auto *close = new QToolButton(this);
    close->setObjectName(QStringLiteral("bannerClose"));
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, &QWidget::hide);

    auto *text = new QVBoxLayout;
    text->addWidget(m_message);
    text->addWidget(m_remedy);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addLayout(text, 1);
    layout->addWidget(m_action, 0, Qt::AlignVCenter);
    layout->addWidget(close, 0, Qt::AlignTop);
    hide();
}

void Banner::showProblem(const QString &message, const QString &remedy, const QString &actionText)
{
    m_message->setText(message);
    m_remedy->setText(remedy);
    m_remedy->setVisible(!remedy.isEmpty());
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    show();
}

QString Banner::message() const
{
    return m_message->text();
}

QString Banner::remedy() const
{
    return m_remedy->text();
}

} // namespace ff::ui

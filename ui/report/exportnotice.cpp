#include "exportnotice.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QUrl>

namespace ff::ui {

namespace {
constexpr int kShownMs = 60000;
} // namespace

ExportNotice::ExportNotice(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("exportNotice"));
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_hide.setSingleShot(true);
    m_hide.setInterval(kShownMs);
    connect(&m_hide, &QTimer::timeout, this, &QWidget::hide);
    connect(this, &QLabel::linkActivated, this, &ExportNotice::open);
    hide();
}

void ExportNotice::showSaved(const QString &path)
{
    m_path = path;
    setText(tr("Report saved to %1.").arg(QDir::toNativeSeparators(path).toHtmlEscaped()) +
            QStringLiteral(" <a href=\"open\">") + tr("Open") + QStringLiteral("</a> · <a href=\"folder\">") +
            tr("Show folder") + QStringLiteral("</a>"));
    setToolTip(QDir::toNativeSeparators(path));
    show();
    m_hide.start();
}

void ExportNotice::open(const QString &link)
{
    const QString target = link == QLatin1String("folder") ? QFileInfo(m_path).absolutePath() : m_path;
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(target)))
        Q_EMIT openFailed(target);
}

} // namespace ff::ui

#include "imageprogresspanel.h"

#include "common/session.h"

#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace ff::ui {

ImageProgressPanel::ImageProgressPanel(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_layout(new QVBoxLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    connect(session, &Session::imageProgress, this, &ImageProgressPanel::progress);
    connect(
        session, &Session::runStateChanged, this,
        [this](const QString &runId, run::RunState state, const QString &) { stateChanged(runId, state); });
    connect(session, &Session::runFinished, this,
            [this](const run::RunResult &result) { drop(result.runId); });
    hide();
}

ImageProgressPanel::Entry &ImageProgressPanel::entry(const QString &runId)
{
    auto it = m_entries.find(runId);
    if (it != m_entries.end())
        return *it;
    Entry e;
    const auto info = m_session->runInfo(runId);
    e.workflow = info ? (info->workflowName.isEmpty() ? info->workflowId : info->workflowName) : runId;
    e.box = new QWidget(this);
    auto *layout = new QVBoxLayout(e.box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    e.label = new QLabel(tr("Building image for %1").arg(e.workflow), e.box);
    e.label->setWordWrap(true);
    e.bar = new QProgressBar(e.box);
    e.bar->setRange(0, 0); // busy until the first step is known
    e.bar->setToolTip(tr("The workflow's image is built once; an unchanged workflow reuses it"));
    layout->addWidget(e.label);
    layout->addWidget(e.bar);
    m_layout->addWidget(e.box);
    show();
    return *m_entries.insert(runId, e);
}

void ImageProgressPanel::progress(const QString &runId, const docker::ProgressEvent &event)
{
    using Kind = docker::ProgressEvent::Kind;
    if (event.kind != Kind::Step && event.kind != Kind::CacheHit && event.kind != Kind::Error)
        return;
    Entry &e = entry(runId);
    switch (event.kind) {
    case Kind::Step:
        if (event.totalSteps > 0) {
            e.bar->setRange(0, event.totalSteps);
            e.bar->setValue(event.step);
            e.bar->setFormat(QStringLiteral("%v/%m"));
        }
        e.step = event.step;
        e.totalSteps = event.totalSteps;
        e.label->setText(
            tr("Building image for %1: step %2/%3").arg(e.workflow).arg(event.step).arg(event.totalSteps));
        break;
    case Kind::CacheHit:
        e.label->setText(
            tr("Building image for %1: step %2/%3 (cached)").arg(e.workflow).arg(e.step).arg(e.totalSteps));
        break;
    case Kind::Error:
        e.label->setText(tr("The image for %1 could not be built: %2").arg(e.workflow, event.message));
        e.label->setStyleSheet(QStringLiteral("color: #c62828;"));
        break;
    default:
        break;
    }
}

void ImageProgressPanel::stateChanged(const QString &runId, run::RunState state)
{
    if (state != run::RunState::Queued && state != run::RunState::Preparing)
        drop(runId);
}

void ImageProgressPanel::drop(const QString &runId)
{
    const auto it = m_entries.constFind(runId);
    if (it == m_entries.cend())
        return;
    it->box->deleteLater();
    m_entries.erase(it);
    if (m_entries.isEmpty())
        hide();
}

QProgressBar *ImageProgressPanel::bar(const QString &runId) const
{
    const auto it = m_entries.constFind(runId);
    return it == m_entries.cend() ? nullptr : it->bar;
}

QString ImageProgressPanel::text(const QString &runId) const
{
    const auto it = m_entries.constFind(runId);
    return it == m_entries.cend() ? QString() : it->label->text();
}

} // namespace ff::ui

#include "resourcesview.h"

#include "common/session.h"
#include "fuzzplot.h"
#include "resourceplot.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QSplitter>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <optional>

namespace ff::ui {

namespace {

// Tableau 10: colours that stay apart when several runs are overlaid.
const std::array<QColor, 10> kPalette{
    QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
    QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
    QColor(0x17, 0xbe, 0xcf), QColor(0xd6, 0x27, 0x28)};

// What a worker reads from the history for one run.
struct StoredRun
{
    QString runId;
    QList<docker::StatsSample> samples;
    QList<fuzz::FuzzSample> fuzz;
    QString error;
    std::optional<storage::RunRecord> record;
};

QIcon swatch(const QColor &colour)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(colour);
    return QIcon(pixmap);
}

} // namespace

ResourcesView::ResourcesView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_plot(new ResourcePlot(this))
    , m_fuzzPlot(new FuzzPlot(this))
    , m_list(new QListWidget(this))
    , m_message(new QLabel(this))
    , m_readout(new QLabel(this))
{
    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(16, 16));
    const auto action = [this, toolbar](const QString &icon, const QString &text, const QString &tip,
                                        const QKeySequence &key) {
        auto *a = new QAction(QIcon::fromTheme(icon), text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setToolTip(tr("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        addAction(a);
        toolbar->addAction(a);
        return a;
    };
    QAction *fit =
        action(QStringLiteral("zoom-fit-best"), tr("Fit"),
               tr("Fit every shown run and follow live ones again"), QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(fit, &QAction::triggered, m_plot, &ResourcePlot::fitAll);
    QAction *clearAll =
        action(QStringLiteral("edit-clear"), tr("Clear"), tr("Remove every run from the plot"),
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    connect(clearAll, &QAction::triggered, this, &ResourcesView::clear);
    QAction *png = action(QStringLiteral("document-save-as"), tr("Export PNG…"),
                          tr("Save the plot as a PNG image"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(png, &QAction::triggered, this, &ResourcesView::exportDialog);

    m_message->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("resourcesMessage"));
    m_message->setContentsMargins(6, 4, 6, 4);
    m_plot->setToolTip(tr("Drag to pan and scroll to zoom the time axis; double-click to fit. Triangles: the "
                          "container was throttled; diamonds: it hit its memory limit; a red line: it was "
                          "killed for lack of memory."));
    m_plot->setMinimumSize(320, 360);
    m_fuzzPlot->setToolTip(
        tr("The fuzzer's progress on the same time axis: coverage (edges found), executions "
           "per second, corpus entries and crashes saved. Drag to pan, scroll to zoom, "
           "double-click to fit."));
    m_fuzzPlot->setMinimumSize(320, 200);
    m_fuzzPlot->hide();
    m_list->setToolTip(tr("The runs in the plot: untick one to hide it"));
    m_list->setObjectName(QStringLiteral("resourcesRuns"));
    m_readout->setObjectName(QStringLiteral("resourcesReadout"));
    m_readout->setText(tr("Hover over the graphs to read their values."));
    m_readout->setContentsMargins(6, 0, 6, 2);

    auto *plots = new QSplitter(Qt::Vertical, this);
    plots->setObjectName(QStringLiteral("resourcesPlots"));
    plots->addWidget(m_plot);
    plots->addWidget(m_fuzzPlot);
    plots->setStretchFactor(0, 3);
    plots->setStretchFactor(1, 2);
    plots->setChildrenCollapsible(false);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(plots);
    splitter->addWidget(m_list);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({600, 160});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolbar);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_readout);

    connect(m_list, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        const QString id = item->data(Qt::UserRole).toString();
        m_plot->setRunVisible(id, item->checkState() == Qt::Checked);
        m_fuzzPlot->setRunVisible(id, item->checkState() == Qt::Checked);
        updateFuzzPlot();
    });
    connect(m_plot, &ResourcePlot::readout, m_readout, &QLabel::setText);
    connect(m_fuzzPlot, &FuzzPlot::readout, m_readout, &QLabel::setText);
    // One time axis for both plots: the resource plot leads (it follows the data until the analyst
    // drags or zooms either plot), the fuzzing plot shows the same range.
    connect(m_plot->timeAxis(), qOverload<const QCPRange &>(&QCPAxis::rangeChanged), m_fuzzPlot,
            &FuzzPlot::setTimeRange);
    connect(m_fuzzPlot, &FuzzPlot::timeRangeChanged, this, [this](const QCPRange &range) {
        m_plot->stopFollowing();
        m_plot->timeAxis()->setRange(range);
        m_plot->replot(QCustomPlot::rpQueuedRefresh);
    });
    connect(m_fuzzPlot, &FuzzPlot::interacted, m_plot, &ResourcePlot::stopFollowing);
    connect(m_fuzzPlot, &QCustomPlot::afterLayout, this, &ResourcesView::alignMargins);
    connect(m_plot, &QCustomPlot::afterLayout, this, &ResourcesView::alignMargins);
    connect(m_fuzzPlot, &FuzzPlot::fitRequested, m_plot, &ResourcePlot::fitAll);
    connect(session, &Session::statsSample, this, &ResourcesView::onSample);
    connect(session, &Session::fuzzSample, this, &ResourcesView::onFuzzSample);
    connect(session, &Session::runCreated, this, &ResourcesView::onRunCreated);
    connect(session, &Session::runFinished, this, &ResourcesView::onRunFinished);
    connect(session, &Session::runSelectionChanged, this, &ResourcesView::onSelection);
    if (!session->selectedRuns().isEmpty())
        onSelection(session->selectedRuns());
    updateMessage();
}

QCustomPlot *ResourcesView::plot() const
{
    return m_plot;
}

QString ResourcesView::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

int ResourcesView::sampleCount(const QString &runId) const
{
    const auto it = m_series.constFind(runId);
    return it == m_series.cend() ? 0 : int(it->samples.size());
}

int ResourcesView::fuzzSampleCount(const QString &runId) const
{
    const auto it = m_series.constFind(runId);
    return it == m_series.cend() ? 0 : int(it->fuzzSamples.size());
}

bool ResourcesView::isFuzzPlotShown() const
{
    return !m_fuzzPlot->isHidden();
}

int ResourcesView::markerCount(const QString &runId, MarkerKind kind) const
{
    const auto it = m_series.constFind(runId);
    return it == m_series.cend() ? 0 : it->markerCount(kind);
}

const RunSeries *ResourcesView::series(const QString &runId) const
{
    const auto it = m_series.constFind(runId);
    return it == m_series.cend() ? nullptr : &*it;
}

QListWidgetItem *ResourcesView::itemOf(const QString &runId) const
{
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(Qt::UserRole).toString() == runId)
            return m_list->item(i);
    return nullptr;
}

bool ResourcesView::isRunVisible(const QString &runId) const
{
    const QListWidgetItem *item = itemOf(runId);
    return item && item->checkState() == Qt::Checked;
}

void ResourcesView::setRunVisible(const QString &runId, bool visible)
{
    if (QListWidgetItem *item = itemOf(runId))
        item->setCheckState(visible ? Qt::Checked : Qt::Unchecked);
}

QColor ResourcesView::nextColour() const
{
    for (const QColor &c : kPalette) {
        const bool used = std::any_of(m_series.cbegin(), m_series.cend(),
                                      [&c](const RunSeries &s) { return s.colour == c; });
        if (!used)
            return c;
    }
    return kPalette[size_t(m_series.size()) % kPalette.size()];
}

RunSeries &ResourcesView::seriesFor(const QString &runId)
{
    auto it = m_series.find(runId);
    if (it != m_series.end())
        return *it;
    RunSeries s;
    s.runId = runId;
    s.colour = nextColour();
    const auto info = m_session->runInfo(runId);
    const QString name =
        info ? (info->workflowName.isEmpty() ? info->workflowId : info->workflowName) : QString();
    s.label = name.isEmpty() ? runId.left(8) : tr("%1 %2").arg(name, runId.left(8));
    return *m_series.insert(runId, s);
}

void ResourcesView::showRun(const QString &runId)
{
    if (m_shown.contains(runId))
        return;
    m_shown << runId;
    const RunSeries &s = seriesFor(runId);
    m_plot->sync(s);
    m_fuzzPlot->sync(s);
    auto *item = new QListWidgetItem(swatch(s.colour), s.label);
    item->setData(Qt::UserRole, runId);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
    item->setToolTip(tr("Run %1").arg(runId));
    QSignalBlocker block(m_list);
    m_list->addItem(item);
    updateFuzzPlot();
    updateMessage();
}

void ResourcesView::hideRun(const QString &runId)
{
    m_shown.removeOne(runId);
    m_pending.remove(runId);
    m_plot->removeRun(runId);
    m_fuzzPlot->removeRun(runId);
    delete itemOf(runId);
    if (!m_live.contains(runId))
        m_series.remove(runId);
    updateFuzzPlot();
    updateMessage();
}

void ResourcesView::clear()
{
    const QStringList shown = m_shown;
    for (const QString &id : shown)
        hideRun(id);
    m_error.clear();
    updateMessage();
}

void ResourcesView::hear(const QString &runId)
{
    // A run heard of for the first time is under way: it joins the plot.
    if (!m_heard.contains(runId)) {
        m_heard.insert(runId);
        m_live.insert(runId);
        showRun(runId);
    }
}

void ResourcesView::onSample(const QString &runId, const docker::StatsSample &sample)
{
    hear(runId);
    RunSeries &s = seriesFor(runId);
    const int epoch = s.fuzzEpoch;
    s.append(sample);
    if (m_shown.contains(runId)) {
        m_plot->sync(s);
        // The first resource sample of a run moves its fuzzing points to the common origin.
        if (s.fuzzEpoch != epoch) {
            m_fuzzPlot->sync(s);
            updateFuzzPlot();
        }
    }
}

void ResourcesView::onFuzzSample(const QString &runId, const fuzz::FuzzSample &sample)
{
    hear(runId);
    RunSeries &s = seriesFor(runId);
    s.appendFuzz(sample);
    if (m_shown.contains(runId)) {
        m_fuzzPlot->sync(s);
        updateFuzzPlot();
    }
}

void ResourcesView::alignMargins()
{
    const auto rects = [this] {
        QList<QCPAxisRect *> out;
        for (int p = 0; p < ResourcePlot::PanelCount; ++p)
            out << m_plot->panel(ResourcePlot::Panel(p));
        for (int r = 0; r < FuzzPlot::RectCount; ++r)
            out << m_fuzzPlot->rect(FuzzPlot::Rect(r));
        return out;
    }();
    if (m_fuzzPlot->isHidden()) {
        for (QCPAxisRect *r : rects)
            r->setMinimumMargins(QMargins());
        return;
    }
    // What each plot needs by itself (its labels), then the larger of the two for both.
    int left = 0;
    int right = 0;
    for (QCPAxisRect *r : rects) {
        left = qMax(left, r->margins().left());
        right = qMax(right, r->margins().right());
    }
    const QMargins wanted(left, 0, right, 0);
    bool changed = false;
    for (QCPAxisRect *r : rects)
        if (r->minimumMargins() != wanted) {
            r->setMinimumMargins(wanted);
            changed = true;
        }
    // Once more with the new margins (later: not inside the layout pass that told us).
    if (changed) {
        m_plot->scheduleReplot();
        m_fuzzPlot->scheduleReplot();
    }
}

void ResourcesView::updateFuzzPlot()
{
    const bool show = m_fuzzPlot->visibleRunCount() > 0;
    if (show && m_fuzzPlot->isHidden())
        m_fuzzPlot->setTimeRange(m_plot->timeAxis()->range());
    m_fuzzPlot->setVisible(show);
    // Both plots must fit in the dock: the resource plot gives up some of its height.
    m_plot->setMinimumHeight(show ? 260 : 360);
    m_plot->setTimeExtent(m_fuzzPlot->dataEnd());
}

void ResourcesView::onRunCreated(run::WorkflowRun *run)
{
    const QString id = run->spec().runId;
    m_live.insert(id);
    if (!m_heard.contains(id)) {
        m_heard.insert(id);
        showRun(id);
    }
}

void ResourcesView::onRunFinished(const run::RunResult &result)
{
    m_live.remove(result.runId);
    const auto it = m_series.find(result.runId);
    if (it == m_series.end())
        return;
    if (!m_shown.contains(result.runId)) {
        m_series.erase(it); // in the history now, should it be selected later
        return;
    }
    it->finished = result.finished;
    it->oomKilled = result.oomKilled;
    if (it->memoryLimitMiB <= 0 && result.memoryLimit > 0)
        it->memoryLimitMiB = double(result.memoryLimit) / (1024.0 * 1024.0);
    m_plot->sync(*it);
    if (QListWidgetItem *item = itemOf(result.runId))
        item->setToolTip(tr("Run %1: %2").arg(result.runId, run::stateName(result.state)));
}

void ResourcesView::onSelection(const QStringList &runIds)
{
    const QStringList shown = m_shown;
    for (const QString &id : shown)
        if (!runIds.contains(id))
            hideRun(id);
    QStringList stored;
    for (const QString &id : runIds) {
        if (m_shown.contains(id))
            continue;
        const bool live = m_live.contains(id) || !m_session->containerOf(id).isEmpty();
        const bool haveSamples = m_series.contains(id) && !m_series.value(id).samples.isEmpty();
        showRun(id);
        if (!live && !haveSamples)
            stored << id;
    }
    load(stored);
}

void ResourcesView::load(const QStringList &runIds)
{
    if (runIds.isEmpty())
        return;
    const quint64 generation = ++m_generation;
    for (const QString &id : runIds)
        m_pending.insert(id, generation);
    const bool ok = m_session->read<QList<StoredRun>>(
        this,
        [runIds](const storage::Store &store) {
            QList<StoredRun> out;
            for (const QString &id : runIds) {
                StoredRun r;
                r.runId = id;
                auto samples = store.samples(id);
                if (samples)
                    r.samples = std::move(samples).value();
                else
                    r.error = samples.error().message;
                auto fuzz = store.fuzzSamples(id);
                if (fuzz)
                    r.fuzz = std::move(fuzz).value();
                else if (r.error.isEmpty())
                    r.error = fuzz.error().message;
                // Runs not over yet have no record: they are drawn without one.
                if (auto record = store.run(id))
                    r.record = std::move(record).value();
                out << r;
            }
            return out;
        },
        [this, generation](const QList<StoredRun> &loaded) {
            QStringList failed;
            for (const StoredRun &r : loaded) {
                // Hidden, or asked for again since: this answer is stale.
                if (m_pending.value(r.runId) != generation)
                    continue;
                m_pending.remove(r.runId);
                if (!r.error.isEmpty())
                    failed << tr("%1 (%2)").arg(r.runId.left(8), r.error);
                RunSeries &s = seriesFor(r.runId);
                if (r.record) {
                    s.oomKilled = r.record->oomKilled;
                    s.finished = r.record->finished;
                    if (!r.record->workflow.isEmpty())
                        s.label = tr("%1 %2").arg(r.record->workflow, r.runId.left(8));
                }
                s.setSamples(r.samples);
                s.setFuzzSamples(r.fuzz);
                m_plot->reset(s);
                m_fuzzPlot->sync(s);
                if (QListWidgetItem *item = itemOf(r.runId)) {
                    item->setText(s.label);
                    if (r.samples.isEmpty())
                        item->setToolTip(tr("Run %1: no resource samples were stored").arg(r.runId));
                }
            }
            updateFuzzPlot();
            if (!failed.isEmpty())
                showMessage(
                    tr("Resource samples could not be read: %1").arg(failed.join(QStringLiteral(", "))));
        });
    if (!ok)
        showMessage(tr("There is no history database, so finished runs cannot be shown: only runs under way "
                       "are. Check the database URL in Settings."));
}

void ResourcesView::showMessage(const QString &text)
{
    m_error = text;
    updateMessage();
}

void ResourcesView::updateMessage()
{
    QString text = m_error;
    if (text.isEmpty() && m_shown.isEmpty())
        text = tr("No runs to show: select runs in the Runs or History view, or start one.");
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

bool ResourcesView::exportPng(const QString &fileName)
{
    m_plot->replotNow();
    if (m_fuzzPlot->isHidden())
        return m_plot->savePng(fileName);
    // Both plots, one above the other, as the view shows them.
    m_fuzzPlot->replotNow();
    const QPixmap top = m_plot->toPixmap();
    const QPixmap bottom = m_fuzzPlot->toPixmap();
    QImage image(qMax(top.width(), bottom.width()), top.height() + bottom.height(), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.drawPixmap(0, 0, top);
    painter.drawPixmap(0, top.height(), bottom);
    painter.end();
    return image.save(fileName, "PNG");
}

void ResourcesView::exportDialog()
{
    QString file = QFileDialog::getSaveFileName(this, tr("Export the resources plot"),
                                                QDir::home().filePath(QStringLiteral("resources.png")),
                                                tr("PNG images (*.png)"));
    if (file.isEmpty())
        return;
    if (!file.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
        file += QStringLiteral(".png");
    if (!exportPng(file))
        Q_EMIT m_session->problem(tr("The plot could not be saved to %1.").arg(file),
                                  tr("Choose a folder you can write to."));
}

} // namespace ff::ui

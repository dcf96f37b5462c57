#include "resourceplot.h"

#include <optional>

namespace ff::ui {

namespace {

ResourcePlot::Panel panelOf(ResourcePlot::Series s)
{
    switch (s) {
    case ResourcePlot::Cpu:
    case ResourcePlot::Throttled:
        return ResourcePlot::CpuPanel;
    case ResourcePlot::Memory:
    case ResourcePlot::MemoryLimit:
    case ResourcePlot::MemoryLimitHit:
        return ResourcePlot::MemoryPanel;
    case ResourcePlot::Pids:
    case ResourcePlot::PidsLimit:
        return ResourcePlot::PidsPanel;
    default:
        return ResourcePlot::IoPanel;
    }
}

// The value of the point nearest to `t`, if one is within two seconds of it.
std::optional<double> valueNear(const QCPGraph *g, double t)
{
    const auto data = g->data();
    if (data->isEmpty())
        return std::nullopt;
    auto it = data->findBegin(t, false);
    if (it == data->constEnd() || (it != data->constBegin() && t - (it - 1)->key < it->key - t))
        --it;
    if (qAbs(it->key - t) > 2.0)
        return std::nullopt;
    return it->value;
}

void setLimit(QCPGraph *g, double limit, double end)
{
    if (limit > 0)
        g->setData({0.0, qMax(end, 1.0)}, {limit, limit}, true);
    else
        g->data()->clear();
}

const QColor kOom(0xd6, 0x27, 0x28);
const QColor kThrottled(0xf0, 0xad, 0x4e);
const QColor kLimitHit(0xd9, 0x53, 0x4f);

} // namespace

ResourcePlot::ResourcePlot(QWidget *parent)
    : QCustomPlot(parent)
{
    setAutoAddPlottableToLegend(false);
    setNoAntialiasingOnDrag(true);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setMouseTracking(true);

    // The default axis rect (which holds the default legend) is the CPU panel.
    m_panels[CpuPanel] = axisRect();
    for (int p = MemoryPanel; p < PanelCount; ++p) {
        m_panels[p] = new QCPAxisRect(this);
        plotLayout()->addElement(p, 0, m_panels[p]);
    }
    plotLayout()->setRowSpacing(2);
    const std::array<QString, PanelCount> labels{tr("CPU (%)"), tr("Memory (MiB)"), tr("PIDs"),
                                                 tr("I/O (KiB/s)")};
    auto *margins = new QCPMarginGroup(this);
    for (int p = 0; p < PanelCount; ++p) {
        QCPAxisRect *r = m_panels[p];
        r->setupFullAxesBox(true);
        r->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        r->setRangeDrag(Qt::Horizontal);
        r->setRangeZoom(Qt::Horizontal);
        r->axis(QCPAxis::atLeft)->setLabel(labels[p]);
        r->axis(QCPAxis::atLeft)->setRange(0, 1);
        r->axis(QCPAxis::atLeft)->ticker()->setTickCount(4);
        r->axis(QCPAxis::atBottom)->setTickLabels(p == IoPanel);
        r->axis(QCPAxis::atBottom)->setRange(0, 60);
        connect(r->axis(QCPAxis::atBottom), qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
                &ResourcePlot::syncTimeAxes);
    }
    m_panels[IoPanel]->axis(QCPAxis::atBottom)->setLabel(tr("Seconds since the run's first sample"));

    // The legends get a row of their own above the panels, so that they never hide data: the
    // runs on the left, which line style is which I/O counter on the right.
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    auto *legendRow = new QCPLayoutGrid;
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, legendRow);
    plotLayout()->setRowStretchFactor(0, 0.001);
    legendRow->setColumnSpacing(12);
    axisRect()->insetLayout()->take(legend);
    m_ioKey = new QCPLegend;
    legendRow->addElement(0, 0, legend);
    legendRow->addElement(0, 1, m_ioKey);
    legendRow->setColumnStretchFactors({1.0, 0.001});
    for (QCPLegend *l : {legend, m_ioKey}) {
        l->setVisible(true);
        l->setFont(small);
        l->setBorderPen(Qt::NoPen);
        l->setBrush(Qt::NoBrush);
        l->setFillOrder(QCPLayoutGrid::foColumnsFirst);
        l->setLayer(QStringLiteral("legend"));
        l->setMargins(QMargins(4, 2, 4, 2));
    }
    legend->setWrap(6);
    legend->setMinimumSize(0, 0);
    const std::array<std::pair<Qt::PenStyle, QString>, 4> keys{
        std::pair{Qt::SolidLine, tr("network in")}, std::pair{Qt::DashLine, tr("network out")},
        std::pair{Qt::DotLine, tr("block read")}, std::pair{Qt::DashDotLine, tr("block write")}};
    for (const auto &[style, name] : keys)
        makeGraph(IoPanel, Qt::darkGray, style, name)->addToLegend(m_ioKey);

    // Dragging or zooming stops the axes following the data; a double click fits again.
    connect(this, &QCustomPlot::mousePress, this, [this] { m_follow = false; });
    connect(this, &QCustomPlot::mouseWheel, this, [this] { m_follow = false; });
    connect(this, &QCustomPlot::mouseDoubleClick, this, [this] { fitAll(); });
    connect(this, &QCustomPlot::mouseMove, this,
            [this](QMouseEvent *e) { Q_EMIT readout(readoutAt(e->position())); });

    m_replotTimer.setSingleShot(true);
    m_replotTimer.setInterval(kReplotIntervalMs);
    connect(&m_replotTimer, &QTimer::timeout, this, &ResourcePlot::replotNow);
}

QCPGraph *ResourcePlot::makeGraph(Panel p, const QColor &colour, Qt::PenStyle style, const QString &name)
{
    QCPAxisRect *r = m_panels[p];
    QCPGraph *g = addGraph(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
    QPen pen(colour, 1.5, style);
    g->setPen(pen);
    g->setName(name);
    return g;
}

ResourcePlot::RunGraphs &ResourcePlot::graphsFor(const RunSeries &series)
{
    auto it = m_runs.find(series.runId);
    if (it != m_runs.end())
        return *it;
    RunGraphs g;
    const QColor c = series.colour;
    QColor faint = c;
    faint.setAlpha(170);
    auto &gr = g.graphs;
    gr[Cpu] = makeGraph(CpuPanel, c, Qt::SolidLine, series.label);
    gr[Memory] = makeGraph(MemoryPanel, c, Qt::SolidLine, series.label);
    gr[MemoryLimit] = makeGraph(MemoryPanel, faint, Qt::DashLine, tr("%1 memory limit").arg(series.label));
    gr[Pids] = makeGraph(PidsPanel, c, Qt::SolidLine, series.label);
    gr[PidsLimit] = makeGraph(PidsPanel, faint, Qt::DashLine, tr("%1 PIDs limit").arg(series.label));
    gr[NetRx] = makeGraph(IoPanel, c, Qt::SolidLine, series.label);
    gr[NetTx] = makeGraph(IoPanel, c, Qt::DashLine, series.label);
    gr[BlockRead] = makeGraph(IoPanel, c, Qt::DotLine, series.label);
    gr[BlockWrite] = makeGraph(IoPanel, c, Qt::DashDotLine, series.label);
    gr[Throttled] = makeGraph(CpuPanel, c, Qt::SolidLine, tr("%1 throttled").arg(series.label));
    gr[MemoryLimitHit] = makeGraph(MemoryPanel, c, Qt::SolidLine, tr("%1 at memory limit").arg(series.label));
    for (Series s : {Throttled, MemoryLimitHit}) {
        gr[s]->setLineStyle(QCPGraph::lsNone);
        gr[s]->setScatterStyle(
            QCPScatterStyle(s == Throttled ? QCPScatterStyle::ssTriangle : QCPScatterStyle::ssDiamond, c,
                            s == Throttled ? kThrottled : kLimitHit, 8));
    }
    gr[Cpu]->addToLegend();
    return *m_runs.insert(series.runId, g);
}

void ResourcePlot::sync(const RunSeries &series)
{
    RunGraphs &g = graphsFor(series);
    auto &gr = g.graphs;
    const auto append = [](QCPGraph *graph, const QVector<double> &keys, const QVector<double> &values,
                           int from) {
        for (qsizetype i = from; i < keys.size(); ++i)
            graph->addData(keys.at(i), values.at(i));
    };
    append(gr[Cpu], series.time, series.cpu, g.samples);
    append(gr[Memory], series.time, series.memoryMiB, g.samples);
    append(gr[Pids], series.time, series.pids, g.samples);
    g.samples = int(series.time.size());
    append(gr[NetRx], series.rateTime, series.netRx, g.rates);
    append(gr[NetTx], series.rateTime, series.netTx, g.rates);
    append(gr[BlockRead], series.rateTime, series.blockRead, g.rates);
    append(gr[BlockWrite], series.rateTime, series.blockWrite, g.rates);
    g.rates = int(series.rateTime.size());
    append(gr[Throttled], series.throttledTime, series.throttledCpu, g.throttled);
    g.throttled = int(series.throttledTime.size());
    append(gr[MemoryLimitHit], series.limitHitTime, series.limitHitMiB, g.limitHits);
    g.limitHits = int(series.limitHitTime.size());
    const double end = series.endTime();
    setLimit(gr[MemoryLimit], series.memoryLimitMiB, end);
    setLimit(gr[PidsLimit], series.pidsLimit, end);
    if (series.oomKilled && g.oomItems.isEmpty())
        addOomItems(g, series);
    gr[Cpu]->setName(series.label);
    scheduleReplot();
}

void ResourcePlot::reset(const RunSeries &series)
{
    auto it = m_runs.find(series.runId);
    if (it != m_runs.end()) {
        for (QCPGraph *graph : std::as_const(it->graphs))
            graph->data()->clear();
        for (QCPAbstractItem *item : std::as_const(it->oomItems))
            removeItem(item);
        it->oomItems.clear();
        it->samples = it->rates = it->throttled = it->limitHits = 0;
    }
    sync(series);
}

void ResourcePlot::addOomItems(RunGraphs &g, const RunSeries &series)
{
    const double t = series.endTime();
    const bool visible = g.graphs[Cpu]->visible();
    for (QCPAxisRect *r : m_panels) {
        auto *line = new QCPItemStraightLine(this);
        line->setClipAxisRect(r);
        for (QCPItemPosition *pos : {line->point1, line->point2})
            pos->setAxes(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
        line->point1->setCoords(t, 0);
        line->point2->setCoords(t, 1);
        line->setPen(QPen(kOom, 2));
        line->setVisible(visible);
        g.oomItems << line;
    }
    QCPAxisRect *mem = m_panels[MemoryPanel];
    auto *text = new QCPItemText(this);
    text->setClipAxisRect(mem);
    text->position->setAxes(mem->axis(QCPAxis::atBottom), mem->axis(QCPAxis::atLeft));
    text->position->setAxisRect(mem);
    text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(t, 0.02);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    text->setText(tr("OOM"));
    text->setColor(kOom);
    QFont bold = font();
    bold.setBold(true);
    text->setFont(bold);
    text->setPadding(QMargins(3, 1, 3, 1));
    text->setBrush(QColor(255, 255, 255, 220));
    text->setVisible(visible);
    g.oomItems << text;
}

void ResourcePlot::removeRun(const QString &runId)
{
    const auto it = m_runs.constFind(runId);
    if (it == m_runs.cend())
        return;
    for (QCPGraph *graph : it->graphs)
        removeGraph(graph);
    for (QCPAbstractItem *item : it->oomItems)
        removeItem(item);
    m_runs.erase(it);
    scheduleReplot();
}

void ResourcePlot::clearRuns()
{
    const QStringList ids = m_runs.keys();
    for (const QString &id : ids)
        removeRun(id);
}

void ResourcePlot::setRunVisible(const QString &runId, bool visible)
{
    const auto it = m_runs.constFind(runId);
    if (it == m_runs.cend())
        return;
    for (QCPGraph *graph : it->graphs)
        graph->setVisible(visible);
    for (QCPAbstractItem *item : it->oomItems)
        item->setVisible(visible);
    if (visible)
        it->graphs[Cpu]->addToLegend();
    else
        it->graphs[Cpu]->removeFromLegend();
    scheduleReplot();
}

QCPGraph *ResourcePlot::graph(const QString &runId, Series s) const
{
    const auto it = m_runs.constFind(runId);
    return it == m_runs.cend() ? nullptr : it->graphs[s];
}

int ResourcePlot::oomItemCount(const QString &runId) const
{
    return int(m_runs.value(runId).oomItems.size());
}

void ResourcePlot::scheduleReplot()
{
    m_dirty = true;
    if (!m_replotTimer.isActive())
        m_replotTimer.start();
}

void ResourcePlot::replotNow()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    if (m_follow)
        fitRanges();
    replot(rpQueuedRefresh);
}

void ResourcePlot::fitAll()
{
    m_follow = true;
    m_dirty = false;
    fitRanges();
    replot(rpQueuedRefresh);
}

void ResourcePlot::fitRanges()
{
    double end = 0;
    std::array<double, PanelCount> top{10.0, 1.0, 1.0, 1.0};
    for (const RunGraphs &g : std::as_const(m_runs)) {
        if (!g.graphs[Cpu]->visible())
            continue;
        for (int s = 0; s < SeriesCount; ++s) {
            bool found = false;
            const QCPRange keys = g.graphs[s]->getKeyRange(found);
            if (!found)
                continue;
            end = qMax(end, keys.upper);
            const QCPRange values = g.graphs[s]->getValueRange(found);
            const int p = panelOf(Series(s));
            top[p] = qMax(top[p], values.upper * 1.1);
        }
        if (!g.oomItems.isEmpty())
            end = qMax(end, static_cast<QCPItemStraightLine *>(g.oomItems.constFirst())->point1->key());
    }
    end = qMax(end, m_timeExtent);
    for (int p = 0; p < PanelCount; ++p)
        m_panels[p]->axis(QCPAxis::atLeft)->setRange(0, top[p]);
    m_panels[CpuPanel]->axis(QCPAxis::atBottom)->setRange(0, end > 0 ? end * 1.02 : 10.0);
}

void ResourcePlot::setTimeExtent(double seconds)
{
    if (qFuzzyCompare(seconds + 1.0, m_timeExtent + 1.0))
        return;
    m_timeExtent = seconds;
    scheduleReplot();
}

void ResourcePlot::syncTimeAxes(const QCPRange &range)
{
    if (m_syncing)
        return;
    m_syncing = true;
    for (QCPAxisRect *r : m_panels)
        r->axis(QCPAxis::atBottom)->setRange(range);
    m_syncing = false;
}

QString ResourcePlot::readoutAt(const QPointF &pos) const
{
    QCPAxisRect *r = axisRectAt(pos);
    const auto found = std::find(m_panels.cbegin(), m_panels.cend(), r);
    if (!r || found == m_panels.cend())
        return {};
    const auto p = Panel(found - m_panels.cbegin());
    const double t = r->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
    const auto fmt = [](std::optional<double> v, int decimals) {
        return v ? QString::number(*v, 'f', decimals) : QStringLiteral("–");
    };
    QStringList parts;
    for (const RunGraphs &g : std::as_const(m_runs)) {
        const auto &gr = g.graphs;
        if (!gr[Cpu]->visible())
            continue;
        const QString name = gr[Cpu]->name();
        switch (p) {
        case CpuPanel:
            if (auto v = valueNear(gr[Cpu], t))
                parts << tr("%1: %2 % CPU").arg(name, fmt(v, 1));
            break;
        case MemoryPanel:
            if (auto v = valueNear(gr[Memory], t))
                parts << tr("%1: %2 MiB").arg(name, fmt(v, 1));
            break;
        case PidsPanel:
            if (auto v = valueNear(gr[Pids], t))
                parts << tr("%1: %2 PIDs").arg(name, fmt(v, 0));
            break;
        default:
            if (auto v = valueNear(gr[NetRx], t))
                parts << tr("%1: network in %2, out %3, block read %4, write %5 KiB/s")
                             .arg(name, fmt(v, 1), fmt(valueNear(gr[NetTx], t), 1),
                                  fmt(valueNear(gr[BlockRead], t), 1), fmt(valueNear(gr[BlockWrite], t), 1));
            break;
        }
    }
    if (parts.isEmpty())
        return tr("%1 s").arg(t, 0, 'f', 1);
    return tr("%1 s: %2").arg(QString::number(t, 'f', 1), parts.join(QStringLiteral("; ")));
}

} // namespace ff::ui

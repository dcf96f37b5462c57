#include "fuzzplot.h"

#include <QLocale>

#include <cmath>
#include <optional>

namespace ff::ui {

namespace {

// The value of the point nearest to `t`, if one is within five seconds of it (fuzzing samples
// come every few seconds) and it is not a gap.
std::optional<double> valueNear(const QCPGraph *g, double t)
{
    const auto data = g->data();
    if (data->isEmpty())
        return std::nullopt;
    auto it = data->findBegin(t, false);
    if (it == data->constEnd() || (it != data->constBegin() && t - (it - 1)->key < it->key - t))
        --it;
    if (qAbs(it->key - t) > 5.0 || std::isnan(it->value))
        return std::nullopt;
    return it->value;
}

const QVector<double> &valuesOf(const RunSeries &s, FuzzPlot::Figure f)
{
    switch (f) {
    case FuzzPlot::Coverage:
        return s.coverage;
    case FuzzPlot::ExecsPerSec:
        return s.execsPerSec;
    case FuzzPlot::Corpus:
        return s.corpus;
    default:
        return s.crashes;
    }
}

// The figures on the rect's left axis are solid, those on its right axis dashed.
bool onRightAxis(FuzzPlot::Figure f)
{
    return f == FuzzPlot::Corpus || f == FuzzPlot::Crashes;
}

} // namespace

FuzzPlot::FuzzPlot(QWidget *parent)
    : QCustomPlot(parent)
{
    setObjectName(QStringLiteral("fuzzPlot"));
    setAutoAddPlottableToLegend(false);
    setNoAntialiasingOnDrag(true);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setMouseTracking(true);

    m_rects[GrowthRect] = axisRect();
    m_rects[RateRect] = new QCPAxisRect(this);
    plotLayout()->addElement(1, 0, m_rects[RateRect]);
    plotLayout()->setRowSpacing(2);
    auto *margins = new QCPMarginGroup(this);
    const std::array<std::pair<QString, QString>, RectCount> labels{std::pair{tr("Coverage"), tr("Corpus")},
                                                                    std::pair{tr("Execs/s"), tr("Crashes")}};
    for (int i = 0; i < RectCount; ++i) {
        QCPAxisRect *r = m_rects[i];
        r->setupFullAxesBox(false);
        r->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        r->setRangeDrag(Qt::Horizontal);
        r->setRangeZoom(Qt::Horizontal);
        for (QCPAxis::AxisType side : {QCPAxis::atLeft, QCPAxis::atRight}) {
            QCPAxis *axis = r->axis(side);
            axis->setLabel(side == QCPAxis::atLeft ? labels[i].first : labels[i].second);
            axis->setTickLabels(true);
            axis->setRange(0, 1);
            axis->ticker()->setTickCount(3);
        }
        r->axis(QCPAxis::atBottom)->setTickLabels(i == RateRect);
        r->axis(QCPAxis::atBottom)->setRange(0, 60);
        connect(r->axis(QCPAxis::atBottom), qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
                &FuzzPlot::onTimeAxisChanged);
    }
    m_rects[RateRect]->axis(QCPAxis::atBottom)->setLabel(tr("Seconds since the run's first sample"));
    // Crashes are counted: whole ticks only.
    auto integers = QSharedPointer<QCPAxisTickerFixed>::create();
    integers->setTickStep(1.0);
    integers->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    valueAxis(Crashes)->setTicker(integers);

    // A key row above the rects: which line style is which figure (colours are runs).
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    axisRect()->insetLayout()->take(legend);
    plotLayout()->insertRow(0);
    plotLayout()->setRowStretchFactor(0, 0.001);
    m_key = legend;
    plotLayout()->addElement(0, 0, m_key);
    m_key->setVisible(true);
    m_key->setFont(small);
    m_key->setBorderPen(Qt::NoPen);
    m_key->setBrush(Qt::NoBrush);
    m_key->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_key->setMargins(QMargins(4, 2, 4, 2));
    m_key->setLayer(QStringLiteral("legend"));
    const std::array<std::pair<Qt::PenStyle, QString>, 2> keys{
        std::pair{Qt::SolidLine, tr("coverage (edges), execs/s: left axes")},
        std::pair{Qt::DashLine, tr("corpus entries, crashes: right axes")}};
    for (const auto &[style, name] : keys) {
        QCPGraph *g = addGraph(m_rects[GrowthRect]->axis(QCPAxis::atBottom),
                               m_rects[GrowthRect]->axis(QCPAxis::atLeft));
        g->setPen(QPen(Qt::darkGray, 1.5, style));
        g->setName(name);
        g->addToLegend(m_key);
    }

    connect(this, &QCustomPlot::mousePress, this, [this] { Q_EMIT interacted(); });
    connect(this, &QCustomPlot::mouseWheel, this, [this] { Q_EMIT interacted(); });
    connect(this, &QCustomPlot::mouseDoubleClick, this, [this] { Q_EMIT fitRequested(); });
    connect(this, &QCustomPlot::mouseMove, this,
            [this](QMouseEvent *e) { Q_EMIT readout(readoutAt(e->position())); });

    m_replotTimer.setSingleShot(true);
    m_replotTimer.setInterval(kReplotIntervalMs);
    connect(&m_replotTimer, &QTimer::timeout, this, &FuzzPlot::replotNow);
}

QCPAxis *FuzzPlot::valueAxis(Figure f) const
{
    return m_rects[rectOf(f)]->axis(onRightAxis(f) ? QCPAxis::atRight : QCPAxis::atLeft);
}

void FuzzPlot::sync(const RunSeries &series)
{
    if (!series.hasFuzz() && !m_runs.contains(series.runId))
        return;
    auto it = m_runs.find(series.runId);
    if (it == m_runs.end()) {
        RunGraphs g;
        for (int f = 0; f < FigureCount; ++f) {
            const auto figure = Figure(f);
            QCPGraph *graph = addGraph(m_rects[rectOf(figure)]->axis(QCPAxis::atBottom), valueAxis(figure));
            graph->setPen(QPen(series.colour, 1.5, onRightAxis(figure) ? Qt::DashLine : Qt::SolidLine));
            graph->setName(series.label);
            // Counts change in steps: drawn as steps, so that a new crash shows where it came.
            if (onRightAxis(figure))
                graph->setLineStyle(QCPGraph::lsStepLeft);
            g.graphs[f] = graph;
        }
        it = m_runs.insert(series.runId, g);
    }
    RunGraphs &g = *it;
    if (g.epoch != series.fuzzEpoch) {
        for (QCPGraph *graph : std::as_const(g.graphs))
            graph->data()->clear();
        g.points = 0;
        g.epoch = series.fuzzEpoch;
    }
    for (int f = 0; f < FigureCount; ++f) {
        const QVector<double> &values = valuesOf(series, Figure(f));
        for (qsizetype i = g.points; i < series.fuzzTime.size(); ++i)
            g.graphs[f]->addData(series.fuzzTime.at(i), values.at(i));
        g.graphs[f]->setName(series.label);
    }
    g.points = int(series.fuzzTime.size());
    scheduleReplot();
}

void FuzzPlot::removeRun(const QString &runId)
{
    const auto it = m_runs.constFind(runId);
    if (it == m_runs.cend())
        return;
    for (QCPGraph *graph : it->graphs)
        removeGraph(graph);
    m_runs.erase(it);
    scheduleReplot();
}

void FuzzPlot::setRunVisible(const QString &runId, bool visible)
{
    const auto it = m_runs.constFind(runId);
    if (it == m_runs.cend())
        return;
    for (QCPGraph *graph : it->graphs)
        graph->setVisible(visible);
    scheduleReplot();
}

int FuzzPlot::visibleRunCount() const
{
    return int(std::count_if(m_runs.cbegin(), m_runs.cend(),
                             [](const RunGraphs &g) { return g.graphs[Coverage]->visible(); }));
}

QCPGraph *FuzzPlot::graph(const QString &runId, Figure f) const
{
    const auto it = m_runs.constFind(runId);
    return it == m_runs.cend() ? nullptr : it->graphs[f];
}

void FuzzPlot::setTimeRange(const QCPRange &range)
{
    m_syncing = true;
    for (QCPAxisRect *r : m_rects)
        r->axis(QCPAxis::atBottom)->setRange(range);
    m_syncing = false;
    scheduleReplot();
}

QCPRange FuzzPlot::timeRange() const
{
    return m_rects[GrowthRect]->axis(QCPAxis::atBottom)->range();
}

void FuzzPlot::onTimeAxisChanged(const QCPRange &range)
{
    if (m_syncing)
        return;
    // Dragged or zoomed in one panel: the others, and the resource plot, follow.
    setTimeRange(range);
    Q_EMIT timeRangeChanged(range);
}

double FuzzPlot::dataEnd() const
{
    double end = 0;
    for (const RunGraphs &g : std::as_const(m_runs)) {
        if (!g.graphs[Coverage]->visible() || g.graphs[Coverage]->data()->isEmpty())
            continue;
        end = qMax(end, (g.graphs[Coverage]->data()->constEnd() - 1)->key);
    }
    return end;
}

void FuzzPlot::scheduleReplot()
{
    m_dirty = true;
    if (!m_replotTimer.isActive())
        m_replotTimer.start();
}

void FuzzPlot::replotNow()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    fitValues();
    replot(rpQueuedRefresh);
}

void FuzzPlot::fitValues()
{
    // Only the time axis can be dragged or zoomed: the value axes always fit what is shown.
    for (int f = 0; f < FigureCount; ++f) {
        double top = f == Crashes ? 2.0 : 1.0;
        for (const RunGraphs &g : std::as_const(m_runs)) {
            if (!g.graphs[f]->visible())
                continue;
            bool found = false;
            const QCPRange values = g.graphs[f]->getValueRange(found);
            if (found)
                top = qMax(top, values.upper * 1.1);
        }
        valueAxis(Figure(f))->setRange(0, top);
    }
}

QString FuzzPlot::readoutAt(const QPointF &pos) const
{
    QCPAxisRect *r = axisRectAt(pos);
    const auto found = std::find(m_rects.cbegin(), m_rects.cend(), r);
    if (!r || found == m_rects.cend())
        return {};
    const auto rect = Rect(found - m_rects.cbegin());
    const double t = r->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
    const QLocale locale;
    const auto number = [&locale](std::optional<double> v, int decimals) {
        return v ? locale.toString(*v, 'f', decimals) : QStringLiteral("–");
    };
    QStringList parts;
    for (const RunGraphs &g : std::as_const(m_runs)) {
        if (!g.graphs[Coverage]->visible())
            continue;
        const QString name = g.graphs[Coverage]->name();
        if (rect == GrowthRect) {
            const auto coverage = valueNear(g.graphs[Coverage], t);
            const auto corpus = valueNear(g.graphs[Corpus], t);
            if (coverage || corpus)
                parts << tr("%1: coverage %2 edges, %3 corpus entries")
                             .arg(name, number(coverage, 0), number(corpus, 0));
        } else {
            const auto execs = valueNear(g.graphs[ExecsPerSec], t);
            const auto crashes = valueNear(g.graphs[Crashes], t);
            if (execs || crashes)
                parts << tr("%1: %2 execs/s, %3 crashes").arg(name, number(execs, 0), number(crashes, 0));
        }
    }
    if (parts.isEmpty())
        return tr("%1 s").arg(t, 0, 'f', 1);
    return tr("%1 s: %2").arg(QString::number(t, 'f', 1), parts.join(QStringLiteral("; ")));
}

} // namespace ff::ui

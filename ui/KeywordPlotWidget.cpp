#include "ui/KeywordPlotWidget.h"
#include "ui/PlotReplot.h"

#include "model/common/DisplayFormat.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <qcustomplot.h>

namespace ui {

namespace {

// A colour-blind-friendly qualitative palette (the usual ten "tab" colours).
const QColor kPalette[] = {
    QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
    QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f),
    QColor(0xbc, 0xbd, 0x22), QColor(0x17, 0xbe, 0xcf),
};

QColor seriesColour(size_t index)
{
    return kPalette[index % (sizeof(kPalette) / sizeof(kPalette[0]))];
}

QString axisLabel(const QStringList &names, const QString &units)
{
    const QString what = names.size() <= 3 ? names.join(QLatin1String(", "))
                                           : QStringLiteral("%1 keywords").arg(names.size());
    return units.isEmpty() ? what : QStringLiteral("%1 [%2]").arg(what, units);
}

QString formatUtc(double unixSeconds)
{
    const qint64 ms = qint64(std::llround(unixSeconds * 1000.0));
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return t.toString(ms % 1000 == 0 ? QStringLiteral("yyyy-MM-dd hh:mm:ss") : QStringLiteral("yyyy-MM-dd hh:mm:ss.zzz"))
        + QLatin1String(" UTC");
}

// Padded [lo, hi] so that points do not sit on the frame; a flat or single-valued series
// still gets a visible span.
QCPRange paddedRange(double lo, double hi, double fraction, double flatHalfSpan)
{
    if (!(hi > lo)) {
        const double half = flatHalfSpan > 0.0 ? flatHalfSpan : 1.0;
        return QCPRange(lo - half, hi + half);
    }
    const double pad = (hi - lo) * fraction;
    return QCPRange(lo - pad, hi + pad);
}

// Enough significant digits that neighbouring tick labels differ (EXPTIME varies in the 6th
// digit), and never fewer than the integer digits, so 4000 is not written 4e+03.
void fitTickPrecision(QCPAxis *axis, const QCPRange &range)
{
    const double maxAbs = std::max(std::abs(range.lower), std::abs(range.upper));
    const double step = range.size() / 5.0;
    if (!(maxAbs > 0.0) || !(step > 0.0) || !std::isfinite(maxAbs) || !std::isfinite(step))
        return;
    const int integerDigits = int(std::floor(std::log10(maxAbs))) + 1;
    const int needed = int(std::ceil(std::log10(maxAbs / step))) + 1;
    axis->setNumberPrecision(std::clamp(std::max(integerDigits, needed), 2, 15));
}

} // namespace

KeywordPlotWidget::KeywordPlotWidget(QWidget *parent)
    : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    new ReplotWhenShown(m_plot); // replots are skipped while hidden
    // QCustomPlot replots on every resize, also to 0×0 when a splitter first shows it, and then
    // warns of an inactive painter: a plot is never smaller than this anyway.
    m_plot->setMinimumSize(160, 100);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setNoAntialiasingOnDrag(true);

    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeSpec(Qt::UTC);
    ticker->setTickCount(6);
    ticker->setDateTimeFormat(QStringLiteral("hh:mm\nyyyy-MM-dd"));
    m_timeTicker = ticker;
    m_numberTicker = QSharedPointer<QCPAxisTicker>::create();
    m_plot->xAxis->setTicker(ticker);
    // A closed frame like most journal plots: the top and right axes repeat the ticks.
    m_plot->xAxis2->setVisible(true);
    m_plot->xAxis2->setTickLabels(false);
    m_plot->xAxis2->setTicker(ticker);
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setTickLabels(false);
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->grid()->setPen(QPen(QColor(0, 0, 0, 35), 0, Qt::DotLine));
        axis->grid()->setZeroLinePen(Qt::NoPen);
    }
    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, [this](const QCPRange &r) {
        m_plot->xAxis2->setRange(r);
        updateTimeFormat();
    });
    connect(m_plot->yAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, [this](const QCPRange &r) {
        fitTickPrecision(m_plot->yAxis, r);
        if (m_valueAxes.size() < 2) // yAxis2 is only the frame's right edge
            m_plot->yAxis2->setRange(r);
    });
    connect(m_plot->yAxis2, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            [this](const QCPRange &r) { fitTickPrecision(m_plot->yAxis2, r); });

    m_plot->legend->setVisible(false);
    QFont legendFont = font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    m_plot->legend->setFont(legendFont);
    m_plot->legend->setBrush(QColor(255, 255, 255, 225));
    m_plot->legend->setBorderPen(QPen(QColor(0, 0, 0, 60)));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fit = new QToolButton(this);
    m_fit->setText(tr("Fit"));
    m_fit->setToolTip(tr("Show all points (reset zoom and pan; double-click the plot does the same).\n"
                         "Wheel: zoom time · Ctrl+wheel: zoom values · drag: pan · click a point: select its record"));

    auto *bottom = new QHBoxLayout;
    bottom->setContentsMargins(4, 0, 4, 2);
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_fit, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_plot, 1);
    layout->addLayout(bottom);

    connect(m_fit, &QToolButton::clicked, this, &KeywordPlotWidget::fitToData);
    connect(m_plot, &QCustomPlot::mousePress, this, &KeywordPlotWidget::onMousePress);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &KeywordPlotWidget::onMouseRelease);
    connect(m_plot, &QCustomPlot::mouseWheel, this, &KeywordPlotWidget::onMouseWheel);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] { fitToData(); });

    rebuild();
}

KeywordPlotWidget::~KeywordPlotWidget() = default;

void KeywordPlotWidget::setData(const jsoc::RecordTable &table, const jsoc::SeriesStructure &structure,
                                const QString &timeKey, const QStringList &keywords)
{
    setPlotData(jsoc::KeywordPlotData::build(table, structure, timeKey, keywords));
}

void KeywordPlotWidget::setPlotData(jsoc::KeywordPlotData data)
{
    m_data = std::move(data);
    m_selectedRow = -1;
    rebuild();
}

QString KeywordPlotWidget::message() const
{
    return m_data.message;
}

void KeywordPlotWidget::clearPlot()
{
    m_plot->clearGraphs();
    m_plot->clearItems();
    m_graphs.clear();
    m_highlights.clear();
    m_marker = nullptr;
    QCPAxisRect *rect = m_plot->axisRect();
    const QList<QCPAxis *> sideAxes = rect->axes(QCPAxis::atLeft | QCPAxis::atRight);
    for (QCPAxis *axis : sideAxes)
        if (axis != m_plot->yAxis && axis != m_plot->yAxis2)
            rect->removeAxis(axis);
    m_valueAxes.clear();
    for (QCPAxis *axis : {m_plot->yAxis, m_plot->yAxis2}) {
        axis->setLabel(QString());
        axis->setLabelColor(Qt::black);
        axis->setTickLabelColor(Qt::black);
    }
    m_plot->yAxis2->setTickLabels(false);
}

QCPAxis *KeywordPlotWidget::axisForGroup(int group)
{
    if (group == 0)
        return m_plot->yAxis;
    if (group == 1)
        return m_plot->yAxis2;
    QCPAxis *axis = m_plot->axisRect()->addAxis(group % 2 == 0 ? QCPAxis::atLeft : QCPAxis::atRight);
    axis->grid()->setVisible(false);
    connect(axis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            [axis](const QCPRange &r) { fitTickPrecision(axis, r); });
    return axis;
}

void KeywordPlotWidget::styleValueAxis(QCPAxis *axis, int group)
{
    const QStringList names = m_data.keywordsOnAxis(group);
    axis->setLabel(axisLabel(names, m_data.units.value(group)));
    axis->setTickLabels(true);
    axis->setVisible(true);
    // With several y axes, colour each one like its graph when it carries just one keyword.
    QColor colour = Qt::black;
    if (m_data.units.size() > 1 && names.size() == 1) {
        for (size_t i = 0; i < m_data.series.size(); ++i)
            if (m_data.series[i].keyword == names.first())
                colour = seriesColour(i).darker(115);
    }
    axis->setLabelColor(colour);
    axis->setTickLabelColor(colour);
}

void KeywordPlotWidget::rebuild()
{
    clearPlot();
    for (int group = 0; group < int(m_data.units.size()); ++group) {
        QCPAxis *axis = axisForGroup(group);
        m_valueAxes.push_back(axis);
    }
    for (int group = 0; group < int(m_valueAxes.size()); ++group)
        styleValueAxis(m_valueAxes[size_t(group)], group);
    // Against time the points are a line through the records; against another keyword they
    // are a scatter plot, with the x keyword's name and units on the axis.
    const bool againstTime = m_data.xIsTime;
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->xAxis2})
        axis->setTicker(againstTime ? m_timeTicker : m_numberTicker);
    if (!againstTime)
        m_plot->xAxis->setLabel(m_data.xUnits.isEmpty() ? m_data.timeKey
                                                        : QStringLiteral("%1 [%2]").arg(m_data.timeKey, m_data.xUnits));

    for (size_t i = 0; i < m_data.series.size(); ++i) {
        const jsoc::KeywordPlotSeries &s = m_data.series[i];
        QCPGraph *graph = m_plot->addGraph(m_plot->xAxis, m_valueAxes[size_t(s.axis)]);
        const QColor colour = seriesColour(i);
        graph->setPen(QPen(colour, 1.3));
        const qsizetype n = s.pointCount();
        if (n <= 20000 || !againstTime)
            graph->setScatterStyle(QCPScatterStyle(n <= 20000 ? QCPScatterStyle::ssDisc : QCPScatterStyle::ssDot, colour,
                                                   colour, n <= 500 ? 5.0 : 3.0));
        graph->setLineStyle(againstTime ? QCPGraph::lsLine : QCPGraph::lsNone);
        QString name = s.units.isEmpty() ? s.keyword : QStringLiteral("%1 [%2]").arg(s.keyword, s.units);
        if (n == 0 && s.skipped() > 0)
            name += tr(" (no values: %1 skipped)").arg(jsoc::format::count(s.skipped()));
        graph->setName(name);
        // A NaN point between two records breaks the line where values are MISSING.
        QVector<QCPGraphData> points;
        points.reserve(n + 16);
        for (qsizetype p = 0; p < n; ++p) {
            if (againstTime && s.gapBefore[size_t(p)] && p > 0)
                points.append(QCPGraphData((s.x[size_t(p - 1)] + s.x[size_t(p)]) / 2.0,
                                           std::numeric_limits<double>::quiet_NaN()));
            points.append(QCPGraphData(s.x[size_t(p)], s.y[size_t(p)]));
        }
        graph->data()->set(points, true);
        m_graphs.push_back(graph);
    }
    m_plot->legend->setVisible(!m_graphs.empty());
    m_plot->xAxis->grid()->setVisible(true);
    fitToData(); // replots
    updateStatus();
}

void KeywordPlotWidget::fitToData()
{
    double xLo = std::numeric_limits<double>::infinity();
    double xHi = -xLo;
    std::vector<double> yLo(m_valueAxes.size(), std::numeric_limits<double>::infinity());
    std::vector<double> yHi(m_valueAxes.size(), -std::numeric_limits<double>::infinity());
    for (const jsoc::KeywordPlotSeries &s : m_data.series) {
        if (s.x.empty())
            continue;
        xLo = std::min(xLo, s.x.front()); // x is sorted
        xHi = std::max(xHi, s.x.back());
        const auto [mn, mx] = std::minmax_element(s.y.begin(), s.y.end());
        yLo[size_t(s.axis)] = std::min(yLo[size_t(s.axis)], *mn);
        yHi[size_t(s.axis)] = std::max(yHi[size_t(s.axis)], *mx);
    }
    if (xLo <= xHi) {
        m_plot->xAxis->setRange(paddedRange(xLo, xHi, 0.03, m_data.xIsTime ? 60.0 : std::max(1e-9, std::abs(xLo) * 0.01)));
    } else {
        const double now = double(QDateTime::currentSecsSinceEpoch());
        m_plot->xAxis->setRange(now - 86400.0, now);
    }
    for (size_t g = 0; g < m_valueAxes.size(); ++g) {
        if (yLo[g] <= yHi[g])
            m_valueAxes[g]->setRange(paddedRange(yLo[g], yHi[g], 0.08, std::max(1.0, std::abs(yLo[g]) * 0.01)));
        else
            m_valueAxes[g]->setRange(0.0, 1.0);
    }
    QList<QCPAxis *> vertical(m_valueAxes.begin(), m_valueAxes.end());
    if (vertical.isEmpty())
        vertical.append(m_plot->yAxis);
    m_plot->axisRect()->setRangeDragAxes({m_plot->xAxis}, vertical);
    m_plot->axisRect()->setRangeZoomAxes({m_plot->xAxis}, vertical);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    updateTimeFormat();
    ui::replotIfShown(m_plot);
}

void KeywordPlotWidget::updateTimeFormat()
{
    auto ticker = m_plot->xAxis->ticker().dynamicCast<QCPAxisTickerDateTime>();
    if (!ticker)
        return;
    const QCPRange range = m_plot->xAxis->range();
    const double span = range.size();
    const QDate first = QDateTime::fromSecsSinceEpoch(qint64(std::floor(range.lower)), Qt::UTC).date();
    const QDate last = QDateTime::fromSecsSinceEpoch(qint64(std::floor(range.upper)), Qt::UTC).date();
    const QString key = m_data.timeKey.isEmpty() ? tr("Time") : m_data.timeKey;
    QString format;
    QString label = tr("%1 (UTC)").arg(key);
    if (first == last && first.isValid()) {
        // Within one day the date is said once, in the axis label, not under every tick.
        format = span > 3.0 * 3600.0 ? QStringLiteral("hh:mm") : QStringLiteral("hh:mm:ss");
        label = tr("%1 (UTC) on %2").arg(key, first.toString(Qt::ISODate));
    } else if (span > 4.0 * 365.0 * 86400.0) {
        format = QStringLiteral("yyyy");
    } else if (span > 3.0 * 86400.0) {
        format = QStringLiteral("yyyy-MM-dd");
    } else {
        format = QStringLiteral("hh:mm\nyyyy-MM-dd");
    }
    ticker->setDateTimeFormat(format);
    m_plot->xAxis->setLabel(label);
}

QCPGraph *KeywordPlotWidget::graph(const QString &keyword) const
{
    for (size_t i = 0; i < m_data.series.size(); ++i)
        if (m_data.series[i].keyword == keyword)
            return m_graphs[i];
    return nullptr;
}

QCPAxis *KeywordPlotWidget::valueAxis(const QString &keyword) const
{
    QCPGraph *g = graph(keyword);
    return g ? g->valueAxis() : nullptr;
}

std::optional<QPointF> KeywordPlotWidget::pointPosition(const QString &keyword, int sourceRow) const
{
    for (size_t i = 0; i < m_data.series.size(); ++i) {
        const jsoc::KeywordPlotSeries &s = m_data.series[i];
        if (s.keyword != keyword)
            continue;
        const qsizetype p = s.indexOfRow(sourceRow);
        if (p < 0)
            return std::nullopt;
        const QCPGraph *g = m_graphs[i];
        return QPointF(g->keyAxis()->coordToPixel(s.x[size_t(p)]), g->valueAxis()->coordToPixel(s.y[size_t(p)]));
    }
    return std::nullopt;
}

int KeywordPlotWidget::recordNear(const QPointF &pos, double tolerancePx) const
{
    int best = -1;
    double bestDistance = tolerancePx * tolerancePx;
    for (size_t i = 0; i < m_data.series.size(); ++i) {
        const jsoc::KeywordPlotSeries &s = m_data.series[i];
        const QCPGraph *g = m_graphs[i];
        if (s.x.empty() || !g->visible())
            continue;
        // Only points within the tolerance in x can be near: binary search the sorted keys.
        double lo = g->keyAxis()->pixelToCoord(pos.x() - tolerancePx);
        double hi = g->keyAxis()->pixelToCoord(pos.x() + tolerancePx);
        if (lo > hi)
            std::swap(lo, hi);
        for (auto it = std::lower_bound(s.x.begin(), s.x.end(), lo); it != s.x.end() && *it <= hi; ++it) {
            const size_t p = size_t(it - s.x.begin());
            const double dx = g->keyAxis()->coordToPixel(s.x[p]) - pos.x();
            const double dy = g->valueAxis()->coordToPixel(s.y[p]) - pos.y();
            const double d = dx * dx + dy * dy;
            if (d <= bestDistance) {
                bestDistance = d;
                best = s.rows[p];
            }
        }
    }
    return best;
}

void KeywordPlotWidget::setSelectedRecord(int sourceRow)
{
    m_selectedRow = sourceRow;
    updateHighlight();
    updateStatus();
    ui::replotIfShown(m_plot);
}

void KeywordPlotWidget::updateHighlight()
{
    for (QCPGraph *g : m_highlights)
        m_plot->removeGraph(g);
    m_highlights.clear();
    if (m_marker) {
        m_plot->removeItem(m_marker);
        m_marker = nullptr;
    }
    if (m_selectedRow < 0)
        return;
    std::optional<double> time;
    for (size_t i = 0; i < m_data.series.size(); ++i) {
        const jsoc::KeywordPlotSeries &s = m_data.series[i];
        const qsizetype p = s.indexOfRow(m_selectedRow);
        if (p < 0)
            continue;
        time = s.x[size_t(p)];
        QCPGraph *ring = m_plot->addGraph(m_plot->xAxis, m_graphs[i]->valueAxis());
        ring->setLineStyle(QCPGraph::lsNone);
        ring->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(0xd0, 0x10, 0x10), 2.0),
                                              Qt::NoBrush, 13.0));
        ring->removeFromLegend();
        ring->addData(s.x[size_t(p)], s.y[size_t(p)]);
        m_highlights.push_back(ring);
    }
    if (time) {
        m_marker = new QCPItemStraightLine(m_plot);
        m_marker->setPen(QPen(QColor(0xd0, 0x10, 0x10, 140), 1.0, Qt::DashLine));
        m_marker->point1->setCoords(*time, 0.0);
        m_marker->point2->setCoords(*time, 1.0);
    }
}

void KeywordPlotWidget::updateStatus()
{
    if (!m_data.message.isEmpty()) {
        m_status->setText(m_data.message);
        return;
    }
    QStringList parts;
    qsizetype points = 0;
    for (const jsoc::KeywordPlotSeries &s : m_data.series)
        points += s.pointCount();
    parts.append((m_data.recordCount == 1 ? tr("%1 record") : tr("%1 records")).arg(jsoc::format::count(m_data.recordCount)));
    parts.append((points == 1 ? tr("%1 point plotted") : tr("%1 points plotted")).arg(jsoc::format::count(points)));
    const QString skipped = m_data.skippedSummary();
    if (!skipped.isEmpty())
        parts.append(tr("skipped %1").arg(skipped));
    if (!m_data.absentKeywords.isEmpty())
        parts.append(tr("not in the table: %1").arg(m_data.absentKeywords.join(QLatin1String(", "))));
    QString text = parts.join(QStringLiteral(" · "));
    if (m_selectedRow >= 0) {
        QStringList values;
        std::optional<double> time;
        for (const jsoc::KeywordPlotSeries &s : m_data.series) {
            const qsizetype p = s.indexOfRow(m_selectedRow);
            if (p < 0)
                continue;
            time = s.x[size_t(p)];
            values.append(QStringLiteral("%1 = %2%3").arg(s.keyword, QString::number(s.y[size_t(p)], 'g', 10),
                                                          s.units.isEmpty() ? QString() : QLatin1Char(' ') + s.units));
        }
        if (time) {
            const QString where = m_data.xIsTime ? formatUtc(*time)
                                                 : QStringLiteral("%1 = %2").arg(m_data.timeKey, QString::number(*time, 'g', 10));
            text += QLatin1Char('\n') + tr("Row %1 at %2: %3")
                                             .arg(jsoc::format::count(m_rowNumber ? m_rowNumber(m_selectedRow) : m_selectedRow + 1),
                                                  where, values.join(QLatin1String(", ")));
        }
    }
    m_status->setText(text);
}

void KeywordPlotWidget::onMousePress(QMouseEvent *event)
{
    m_pressed = event->button() == Qt::LeftButton;
    m_pressPos = event->position().toPoint();
}

void KeywordPlotWidget::onMouseRelease(QMouseEvent *event)
{
    if (!m_pressed || event->button() != Qt::LeftButton)
        return;
    m_pressed = false;
    // A drag pans; only a click without movement picks a point.
    if ((event->position().toPoint() - m_pressPos).manhattanLength() > 3)
        return;
    const int row = recordNear(event->position(), 10.0);
    if (row < 0)
        return;
    setSelectedRecord(row);
    emit recordClicked(row);
}

QString KeywordPlotWidget::statusText() const
{
    return m_status->text();
}

void KeywordPlotWidget::onMouseWheel(QWheelEvent *event)
{
    // Runs before QCustomPlot applies the zoom: choose which axes the wheel zooms.
    const bool values = event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier);
    m_plot->axisRect()->setRangeZoom(values ? Qt::Vertical : Qt::Horizontal);
    if (!values) // once the time range is zoomed, the values follow what is left in view
        QMetaObject::invokeMethod(this, &KeywordPlotWidget::fitValuesToVisibleTime, Qt::QueuedConnection);
}

void KeywordPlotWidget::fitValuesToVisibleTime()
{
    const QCPRange time = m_plot->xAxis->range();
    std::vector<double> yLo(m_valueAxes.size(), std::numeric_limits<double>::infinity());
    std::vector<double> yHi(m_valueAxes.size(), -std::numeric_limits<double>::infinity());
    for (const jsoc::KeywordPlotSeries &s : m_data.series) {
        // x is ascending: the points in view are one run.
        const auto first = std::lower_bound(s.x.begin(), s.x.end(), time.lower);
        const auto last = std::upper_bound(first, s.x.end(), time.upper);
        const auto from = s.y.begin() + (first - s.x.begin());
        const auto to = s.y.begin() + (last - s.x.begin());
        if (from == to)
            continue;
        const auto [mn, mx] = std::minmax_element(from, to);
        yLo[size_t(s.axis)] = std::min(yLo[size_t(s.axis)], *mn);
        yHi[size_t(s.axis)] = std::max(yHi[size_t(s.axis)], *mx);
    }
    for (size_t g = 0; g < m_valueAxes.size(); ++g) {
        if (yLo[g] <= yHi[g]) // nothing in view: keep the axis as it is
            m_valueAxes[g]->setRange(paddedRange(yLo[g], yHi[g], 0.08, std::max(1.0, std::abs(yLo[g]) * 0.01)));
    }
    ui::replotIfShown(m_plot);
}

} // namespace ui

#include "ui/HistogramWidget.h"
#include "ui/PlotReplot.h"

#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

HistogramWidget::HistogramWidget(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    new ui::ReplotWhenShown(m_plot); // replots are skipped while hidden
    setMinimumHeight(140);

    m_plot->addGraph();
    m_plot->graph(0)->setLineStyle(QCPGraph::lsStepLeft);
    m_plot->graph(0)->setPen(QPen(QColor(60, 90, 160)));
    m_plot->graph(0)->setBrush(QBrush(QColor(60, 90, 160, 80)));
    m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    m_plot->yAxis->setLabel(tr("pixels"));
    m_plot->xAxis->setLabel(tr("value"));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_plot->xAxis->setTickLabelFont(small);
    m_plot->yAxis->setTickLabelFont(small);

    m_lowLine = new QCPItemStraightLine(m_plot);
    m_highLine = new QCPItemStraightLine(m_plot);
    m_lowLine->setPen(QPen(QColor(200, 60, 40), 2));
    m_highLine->setPen(QPen(QColor(200, 60, 40), 2));

    m_lowLine->setVisible(false); // until there is a histogram to draw them over
    m_highLine->setVisible(false);

    connect(m_plot, &QCustomPlot::mousePress, this, &HistogramWidget::onPress);
    connect(m_plot, &QCustomPlot::mouseMove, this, &HistogramWidget::onMove);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &HistogramWidget::onRelease);
}

void HistogramWidget::setHistogram(const std::vector<double> &counts, double low, double high)
{
    m_counts = counts;
    m_countsLow = low;
    m_countsHigh = high;
    QVector<double> x, y;
    const double w = counts.empty() ? 1.0 : (high - low) / double(counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i) {
        x << low + w * double(i);
        y << std::max(counts[i], 0.5); // log axis: empty bins sit just below 1
    }
    m_plot->graph(0)->setData(x, y, true);
    m_plot->xAxis->setRange(low, high > low ? high : low + 1);
    double top = 1;
    for (const double c : counts)
        top = std::max(top, c);
    m_plot->yAxis->setRange(0.5, top * 2);
    placeLines();
}

void HistogramWidget::setLimits(double low, double high)
{
    m_low = low;
    m_high = high;
    placeLines();
}

void HistogramWidget::clear()
{
    m_counts.clear();
    m_countsLow = m_countsHigh = 0.0;
    m_plot->graph(0)->data()->clear();
    placeLines();
}

void HistogramWidget::placeLines()
{
    m_lowLine->setVisible(!m_counts.empty());
    m_highLine->setVisible(!m_counts.empty());
    m_lowLine->point1->setCoords(m_low, 0.5);
    m_lowLine->point2->setCoords(m_low, 1e12);
    m_highLine->point1->setCoords(m_high, 0.5);
    m_highLine->point2->setCoords(m_high, 1e12);
    ui::replotIfShown(m_plot, QCustomPlot::rpQueuedReplot); // coalesce redraws while dragging
}

void HistogramWidget::onPress(QMouseEvent *event)
{
    if (m_counts.empty())
        return;
    const double x = event->position().x();
    const double lowPx = m_plot->xAxis->coordToPixel(m_low);
    const double highPx = m_plot->xAxis->coordToPixel(m_high);
    const double dLow = std::abs(x - lowPx), dHigh = std::abs(x - highPx);
    if (std::min(dLow, dHigh) > 8)
        return;
    m_dragging = dLow <= dHigh ? 1 : 2;
}

void HistogramWidget::onMove(QMouseEvent *event)
{
    if (!m_dragging)
        return;
    const double v = m_plot->xAxis->pixelToCoord(event->position().x());
    if (m_dragging == 1)
        m_low = std::min(v, m_high);
    else
        m_high = std::max(v, m_low);
    placeLines();
    emit limitsEdited(m_low, m_high);
}

void HistogramWidget::onRelease(QMouseEvent *)
{
    m_dragging = 0;
}

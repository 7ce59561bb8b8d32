#include "ui/FitsTableView.h"

#include "model/fits/FitsTableModel.h"
#include "ui/PlotReplot.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace ui {
namespace {

// A curve is one element of one numeric column: the combo's item data.
struct TableCurveRef {
    int column = -1;
    int element = 0;
};

} // namespace

FitsTableView::FitsTableView(QWidget *parent)
    : QWidget(parent)
    , m_model(new fits::FitsTableModel(this))
    , m_summary(new QLabel(this))
    , m_view(new QTableView(this))
    , m_curvePanel(new QWidget(this))
    , m_curves(new QComboBox(m_curvePanel))
    , m_plot(new QCustomPlot(m_curvePanel))
{
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_summary->setContentsMargins(6, 4, 6, 4);
    m_view->setModel(m_model);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setAlternatingRowColors(true);

    new ReplotWhenShown(m_plot);
    m_plot->setMinimumSize(160, 120);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeSpec(Qt::UTC);
    ticker->setDateTimeFormat(QStringLiteral("hh:mm:ss\nyyyy-MM-dd"));
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setLabel(tr("UTC"));
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);

    auto *curveRow = new QHBoxLayout;
    curveRow->addWidget(new QLabel(tr("Light curve:"), m_curvePanel));
    curveRow->addWidget(m_curves, 1);
    auto *curveLayout = new QVBoxLayout(m_curvePanel);
    curveLayout->setContentsMargins(4, 4, 4, 4);
    curveLayout->addLayout(curveRow);
    curveLayout->addWidget(m_plot, 1);
    connect(m_curves, &QComboBox::currentIndexChanged, this, &FitsTableView::plotCurve);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_curvePanel);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    m_curvePanel->hide();
}

void FitsTableView::setTable(fits::FitsTable table, fits::FitsTableTime time)
{
    m_time = std::move(time);
    QString text = QStringLiteral("HDU %1%2: %3").arg(table.hduIndex).arg(
        table.extname.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(table.extname), table.summary());
    if (!table.note.isEmpty())
        text += QStringLiteral("; ") + table.note;
    if (m_time.found())
        text += tr("; time axis: %1").arg(m_time.description);
    m_summary->setText(text);

    // The curves: every kept element of every numeric column but the time itself.
    const QSignalBlocker quiet(m_curves);
    m_curves->clear();
    if (m_time.found()) {
        for (int c = 0; c < table.columns.size(); ++c) {
            const fits::FitsTableColumn &col = table.columns[c];
            if (c == m_time.column || col.kind != fits::FitsTableColumn::Kind::Number)
                continue;
            for (int e = 0; e < col.keptElements; ++e) {
                const QString name = col.repeat == 1 ? col.name : QStringLiteral("%1[%2]").arg(col.name).arg(e);
                m_curves->addItem(col.unit.isEmpty() ? name : QStringLiteral("%1 [%2]").arg(name, col.unit),
                                  QVariant::fromValue(QPoint(c, e)));
            }
        }
    }
    m_model->setTable(std::move(table));
    m_view->resizeColumnsToContents(); // the table holds few columns; their widths come from the visible rows
    m_curvePanel->setVisible(m_curves->count() > 0);
    plotCurve(m_curves->count() > 0 ? 0 : -1);
}

QString FitsTableView::summaryText() const
{
    return m_summary->text();
}

QString FitsTableView::plottedCurve() const
{
    return m_plottedPoints > 0 ? m_curves->currentText() : QString();
}

void FitsTableView::plotCurve(int index)
{
    m_plot->clearGraphs();
    m_plottedPoints = 0;
    if (index < 0 || !m_time.found()) {
        replotIfShown(m_plot);
        return;
    }
    const QPoint ref = m_curves->itemData(index).toPoint();
    const fits::FitsTableColumn &col = m_model->table().columns[ref.x()];
    QVector<double> keys, values;
    double low = INFINITY, high = -INFINITY;
    for (std::size_t r = 0; r < m_time.unixSeconds.size(); ++r) {
        const double t = m_time.unixSeconds[r];
        const double v = col.value(qint64(r), ref.y());
        if (!std::isfinite(t) || !std::isfinite(v))
            continue;
        keys.push_back(t);
        values.push_back(v);
        low = std::min(low, v);
        high = std::max(high, v);
    }
    QCPGraph *graph = m_plot->addGraph();
    graph->setPen(QPen(QColor(31, 119, 180), 1.5));
    graph->setData(keys, values);
    m_plottedPoints = int(keys.size());
    // X-ray fluxes span decades: a log axis shows quiet Sun and flare alike.
    const bool logScale = low > 0 && high / low > 100.0;
    m_plot->yAxis->setScaleType(logScale ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (logScale)
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    m_plot->yAxis->setLabel(m_curves->itemText(index));
    m_plot->rescaleAxes();
    replotIfShown(m_plot);
}

} // namespace ui

#pragma once

#include <functional>

#include <QPoint>
#include <QPointF>
#include <QSharedPointer>
#include <QWidget>
#include <optional>
#include <vector>

#include "model/records/KeywordPlotData.h"

class QCustomPlot;
class QCPAxis;
class QCPAxisTicker;
class QCPGraph;
class QCPItemStraightLine;
class QLabel;
class QMouseEvent;
class QToolButton;
class QWheelEvent;

// Numeric keywords against time (QCustomPlot): a UTC date axis, one graph (line + markers) per
// keyword with a legend, one y axis per distinct unit (first left, second right, then
// alternating outside them). MISSING values are gaps in the line, never zeros.
// Mouse: wheel zooms time (Shift/Ctrl+wheel zooms the values), drag pans, double-click fits.
// A click on (or within a few pixels of) a point selects its record: recordClicked(row) and a
// highlight ring plus a vertical marker at its time.
namespace ui {

class KeywordPlotWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeywordPlotWidget)

public:
    explicit KeywordPlotWidget(QWidget *parent = nullptr);
    ~KeywordPlotWidget() override;

    // Plots `keywords` (numeric) of `table` against the time keyword `timeKey`; units from `structure`.
    void setData(const jsoc::RecordTable &table, const jsoc::SeriesStructure &structure,
                 const QString &timeKey, const QStringList &keywords);
    // Same with series already built (e.g. off the GUI thread).
    void setPlotData(jsoc::KeywordPlotData data);
    QString message() const;  // why nothing is plotted, if so ("T_REC has no valid times", …)
    QString statusText() const; // the line under the plot: counts, and the selected row's values

    const jsoc::KeywordPlotData &plotData() const { return m_data; }
    // Marks the point(s) of record `sourceRow` (RecordTable order); -1 clears the mark.
    // Does not emit recordClicked.
    void setSelectedRecord(int sourceRow);
    // The number the table shows for a record (its row header, 1-based, in the table's sort
    // order); without one the record's arrival order + 1 is said.
    void setRowNumbering(std::function<int(int sourceRow)> rowNumber) { m_rowNumber = std::move(rowNumber); }
    int selectedRecord() const { return m_selectedRow; }
    // Resets zoom and pan so every point is visible.
    void fitToData();

    // For tests and for callers that style or export the plot.
    QCustomPlot *customPlot() const { return m_plot; }
    QCPGraph *graph(const QString &keyword) const;       // nullptr if not plotted
    QCPAxis *valueAxis(const QString &keyword) const;    // the y axis of that keyword
    int valueAxisCount() const { return int(m_valueAxes.size()); }
    // Widget position (customPlot() coordinates) of the point of `sourceRow` on `keyword`'s graph.
    std::optional<QPointF> pointPosition(const QString &keyword, int sourceRow) const;
    // The record whose point is nearest to `pos` (customPlot() coordinates) within
    // `tolerancePx` pixels, or -1.
    int recordNear(const QPointF &pos, double tolerancePx = 10.0) const;

signals:
    void recordClicked(int sourceRow);   // row in RecordTable order

private:
    void rebuild();
    void clearPlot();
    QCPAxis *axisForGroup(int group);
    void styleValueAxis(QCPAxis *axis, int group);
    void updateTimeFormat();
    void updateHighlight();
    void updateStatus();
    void onMousePress(QMouseEvent *event);
    void onMouseRelease(QMouseEvent *event);
    void onMouseWheel(QWheelEvent *event);
    void fitValuesToVisibleTime();

    jsoc::KeywordPlotData m_data;
    QCustomPlot *m_plot = nullptr;
    // x tickers: dates for a time keyword, plain numbers for a numeric one (keyword vs keyword).
    QSharedPointer<QCPAxisTicker> m_timeTicker;
    QSharedPointer<QCPAxisTicker> m_numberTicker;
    QLabel *m_status = nullptr;
    QToolButton *m_fit = nullptr;
    std::vector<QCPGraph *> m_graphs;       // parallel to m_data.series
    std::vector<QCPAxis *> m_valueAxes;     // parallel to m_data.units
    std::vector<QCPGraph *> m_highlights;   // ring markers of the selected record
    QCPItemStraightLine *m_marker = nullptr; // vertical line at the selected record's time
    int m_selectedRow = -1;
    QPoint m_pressPos;
    bool m_pressed = false;
    std::function<int(int)> m_rowNumber;
};

} // namespace ui

#pragma once

#include <QWidget>
#include <vector>

class QCustomPlot;
class QCPItemStraightLine;
class QMouseEvent;

// Histogram of the image values (log counts) with the two display limits as vertical lines that
// can be dragged; emits limitsEdited() while dragging. The counts are computed by the caller
// (off the GUI thread) and handed over as a value.
class HistogramWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistogramWidget)

public:
    explicit HistogramWidget(QWidget *parent = nullptr);

    // counts[i] covers [low + i·w, low + (i+1)·w) with w = (high - low) / counts.size().
    void setHistogram(const std::vector<double> &counts, double low, double high);
    void setLimits(double low, double high);
    // No image: no bars and no limit lines (lines over an empty log axis would be drawn askew).
    void clear();
    bool hasHistogram() const { return !m_counts.empty(); }
    // What setHistogram() was last given.
    const std::vector<double> &counts() const { return m_counts; }
    double countsLow() const { return m_countsLow; }
    double countsHigh() const { return m_countsHigh; }

signals:
    void limitsEdited(double low, double high);

private:
    void onPress(QMouseEvent *event);
    void onMove(QMouseEvent *event);
    void onRelease(QMouseEvent *event);
    void placeLines();

    QCustomPlot *m_plot = nullptr;
    QCPItemStraightLine *m_lowLine = nullptr;
    QCPItemStraightLine *m_highLine = nullptr;
    double m_low = 0.0;
    double m_high = 1.0;
    int m_dragging = 0; // 0 none, 1 low, 2 high
    std::vector<double> m_counts;
    double m_countsLow = 0.0;
    double m_countsHigh = 0.0;
};

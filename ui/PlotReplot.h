#pragma once

#include <qcustomplot.h>

namespace ui {

// QCustomPlot paints into a buffer the size of its widget; replotted while hidden or not laid out
// yet (an empty viewport), it prints "paint buffer returned inactive painter" for every layer. Replot only a
// plot that can be seen: a hidden one is replotted by QCustomPlot itself when it is shown and
// resized, and by replotWhenShown() for a plot shown again at its old size.
inline void replotIfShown(QCustomPlot *plot, QCustomPlot::RefreshPriority priority = QCustomPlot::rpRefreshHint)
{
    // The viewport is what the buffers are sized from; it follows the widget's size at its next
    // resize event (which replots by itself), so a just-shown plot may still have none.
    if (plot->isVisible() && !plot->viewport().isEmpty())
        plot->replot(priority);
}

// Replots `plot` each time it is shown (its data may have changed while it was hidden).
class ReplotWhenShown final : public QObject
{
public:
    explicit ReplotWhenShown(QCustomPlot *plot) : QObject(plot), m_plot(plot) { plot->installEventFilter(this); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_plot && event->type() == QEvent::Show)
            QMetaObject::invokeMethod(m_plot, [plot = m_plot] { replotIfShown(plot); }, Qt::QueuedConnection);
        return false;
    }

private:
    QCustomPlot *m_plot;
};

} // namespace ui

#pragma once

// How long the GUI thread stops answering while a large image is shown and handled: a 5 ms
// precise timer on the GUI thread records the longest gap between its ticks (a tick can only run
// when the event loop runs, so the gap is the longest time anything held the thread). Used by
// tst_fits_view_stall (a bound) and bench_fits_view (figures, old path beside the new).
// The user is played with real events sent to the widget, one every ~5 ms, each followed by a
// synchronous repaint (the worst case: a paint per input event, as at a high refresh rate).

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QTest>
#include <QTimer>
#include <QWheelEvent>
#include <QWidget>

#include <algorithm>
#include <functional>

namespace stalltest {

class GuiStallMeter final : public QObject
{
public:
    GuiStallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_maxNs = 0;
        m_timer.start();
    }
    double stopMs() // the longest gap, counting the time since the last tick
    {
        tick();
        m_timer.stop();
        return m_maxNs / 1e6;
    }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        m_maxNs = std::max(m_maxNs, now - m_last);
        m_last = now;
    }
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_maxNs = 0;
};

struct StallFigures {
    double firstShowMs = 0;
    double zoomMs = 0;
    double panMs = 0;
    double boxMs = 0;
    bool settled = true; // every phase ended with the final picture on screen
    double worstMs() const { return std::max({firstShowMs, zoomMs, panMs, boxMs}); }
};

// A view under test: the widget that gets the events, how to give it the image, and whether what
// it shows is final (the scenario waits for that at the end of each phase, inside the measurement).
struct StallSubject {
    QWidget *widget = nullptr;
    std::function<void(const QImage &)> show;
    std::function<bool()> settled;
};

// Input pacing, not synchronisation: a user's events come a few milliseconds apart.
inline void userPause()
{
    QTest::qWait(5);
}

inline void sendWheel(QWidget *w, const QPointF &pos, int steps)
{
    QWheelEvent e(pos, w->mapToGlobal(pos), QPoint(), QPoint(0, 120 * steps), Qt::NoButton, Qt::NoModifier,
                  Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &e);
}

// A drag of `moves` steps from `from` by `delta` in total, with `modifiers` held.
inline void drag(QWidget *w, QPoint from, QPoint delta, int moves, Qt::KeyboardModifiers modifiers)
{
    QTest::mousePress(w, Qt::LeftButton, modifiers, from);
    for (int i = 1; i <= moves; ++i) {
        QTest::mouseMove(w, from + delta * i / moves);
        w->repaint();
        userPause();
    }
    QTest::mouseRelease(w, Qt::LeftButton, modifiers, from + delta);
    w->repaint();
}

inline StallFigures measureStalls(const StallSubject &s, const QImage &image, int settleTimeoutMs = 30000)
{
    StallFigures f;
    GuiStallMeter meter;
    QWidget *w = s.widget;
    const QPoint centre(w->width() / 2, w->height() / 2);

    meter.start();
    userPause();
    s.show(image);
    w->repaint();
    f.settled = QTest::qWaitFor(s.settled, settleTimeoutMs) && f.settled;
    f.firstShowMs = meter.stopMs();

    meter.start();
    for (int i = 0; i < 8; ++i) { // in to 6×, then back out
        sendWheel(w, centre + QPoint(37, -21), +1);
        w->repaint();
        userPause();
    }
    for (int i = 0; i < 8; ++i) {
        sendWheel(w, centre, -1);
        w->repaint();
        userPause();
    }
    f.settled = QTest::qWaitFor(s.settled, settleTimeoutMs) && f.settled;
    f.zoomMs = meter.stopMs();

    meter.start();
    drag(w, centre, QPoint(-150, 90), 50, Qt::NoModifier);
    f.settled = QTest::qWaitFor(s.settled, settleTimeoutMs) && f.settled;
    f.panMs = meter.stopMs();

    meter.start();
    drag(w, centre - QPoint(100, 80), QPoint(220, 170), 50, Qt::ShiftModifier);
    f.settled = QTest::qWaitFor(s.settled, settleTimeoutMs) && f.settled;
    f.boxMs = meter.stopMs();
    return f;
}

} // namespace stalltest

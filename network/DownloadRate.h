#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QPair>

// Transfer speed over a sliding window (default 3 s) and the ETA that follows from it.
namespace jsoc {

class DownloadRate final
{
public:
    explicit DownloadRate(qint64 windowMs = 3000);

    // Records the running byte count (monotonic within one transfer; call reset() to restart).
    void add(qint64 bytes);
    void reset();
    // Bytes per second over the window; 0 until two samples exist.
    double bytesPerSecond() const;
    // Seconds left for `remaining` bytes at the current speed; -1 when unknown.
    qint64 etaSeconds(qint64 remaining) const;

private:
    QElapsedTimer m_clock;
    QList<QPair<qint64, qint64>> m_samples; // (ms since start, bytes)
    qint64 m_windowMs;
};

} // namespace jsoc

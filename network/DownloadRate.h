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
    // The one ETA rule, for one file or for several at their summed speed: `remaining` bytes at
    // `bytesPerSecond`, rounded up (a second left is never shown as 0); -1 when either is unknown.
    static qint64 etaSeconds(qint64 remaining, double bytesPerSecond);

private:
    QElapsedTimer m_clock;
    QList<QPair<qint64, qint64>> m_samples; // (ms since start, bytes)
    qint64 m_windowMs;
};

} // namespace jsoc

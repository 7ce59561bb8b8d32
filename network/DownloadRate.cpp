#include "network/DownloadRate.h"

#include <cmath>

namespace jsoc {

DownloadRate::DownloadRate(qint64 windowMs) : m_windowMs(windowMs)
{
    m_clock.start();
}

void DownloadRate::add(qint64 bytes)
{
    const qint64 now = m_clock.elapsed();
    m_samples.append({now, bytes});
    // Keep one sample older than the window so the window is always covered.
    while (m_samples.size() > 2 && m_samples.at(1).first < now - m_windowMs)
        m_samples.removeFirst();
}

void DownloadRate::reset()
{
    m_samples = {}; // frees the samples: thousands of finished items keep none
    m_clock.restart();
}

double DownloadRate::bytesPerSecond() const
{
    if (m_samples.size() < 2)
        return 0.0;
    const auto &a = m_samples.first();
    const auto &b = m_samples.last();
    const qint64 dt = b.first - a.first;
    if (dt <= 0)
        return 0.0;
    return double(b.second - a.second) * 1000.0 / double(dt);
}

qint64 DownloadRate::etaSeconds(qint64 remaining) const
{
    return etaSeconds(remaining, bytesPerSecond());
}

qint64 DownloadRate::etaSeconds(qint64 remaining, double bytesPerSecond)
{
    if (remaining < 0 || !(bytesPerSecond > 0.0))
        return -1;
    return qint64(std::ceil(double(remaining) / bytesPerSecond));
}

} // namespace jsoc

#include "ui/SeriesHistory.h"

namespace ui {

void SeriesHistory::visit(const QString &series)
{
    if (series.isEmpty() || current().compare(series, Qt::CaseInsensitive) == 0)
        return;
    m_series.erase(m_series.begin() + (m_position + 1), m_series.end());
    m_series.append(series);
    if (m_series.size() > kLimit)
        m_series.removeFirst();
    m_position = m_series.size() - 1;
}

QString SeriesHistory::goBack()
{
    if (!canGoBack())
        return {};
    return m_series.at(--m_position);
}

QString SeriesHistory::goForward()
{
    if (!canGoForward())
        return {};
    return m_series.at(++m_position);
}

} // namespace ui

#pragma once

#include <QString>
#include <QStringList>

// The series the detail pane showed, in order, for Back and Forward (as in a web browser):
// showing a new series drops what lay ahead; showing the current one again changes nothing, so
// the series that Back or Forward brings up is not recorded twice. Names compare
// case-insensitively, as DRMS does.
namespace ui {

class SeriesHistory final
{
public:
    static constexpr int kLimit = 100;

    void visit(const QString &series);
    bool canGoBack() const { return m_position > 0; }
    bool canGoForward() const { return m_position + 1 < m_series.size(); }
    // The series before/after the current one, now current; empty when there is none.
    QString goBack();
    QString goForward();
    QString current() const { return m_position >= 0 ? m_series.at(m_position) : QString(); }

private:
    QStringList m_series;
    qsizetype m_position = -1;
};

} // namespace ui

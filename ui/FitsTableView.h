#pragma once

#include "model/fits/FitsTable.h"
#include "model/fits/FitsTableTime.h"

#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;
class QTableView;

namespace fits {
class FitsTableModel;
}

// A FITS table HDU in the FITS window: what it is in words ("binary table, 3 columns × 128 rows"),
// its rows in a table view, and, when it has a time axis (FitsTableTime: GOES/EVE/LYRA-style
// light curves), one numeric column plotted against UTC, chosen from a combo box. Columns of
// positive values spanning more than two decades (X-ray fluxes) get a logarithmic axis.
namespace ui {

class FitsTableView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FitsTableView)

public:
    explicit FitsTableView(QWidget *parent = nullptr);

    // `time` is FitsTableTime::of(table), computed by the caller off the GUI thread (a million ISO
    // strings take a second to parse).
    void setTable(fits::FitsTable table, fits::FitsTableTime time);
    QString summaryText() const;
    QTableView *tableView() const { return m_view; }
    QComboBox *curveChooser() const { return m_curves; } // hidden when the table has no time axis
    QCustomPlot *plot() const { return m_plot; }
    const fits::FitsTableTime &time() const { return m_time; }
    // The series plotted now ("FLUX[0]"), empty when none.
    QString plottedCurve() const;
    int plottedPoints() const { return m_plottedPoints; }

private:
    void plotCurve(int index);

    fits::FitsTableModel *m_model = nullptr;
    QLabel *m_summary = nullptr;
    QTableView *m_view = nullptr;
    QWidget *m_curvePanel = nullptr;
    QComboBox *m_curves = nullptr;
    QCustomPlot *m_plot = nullptr;
    fits::FitsTableTime m_time;
    int m_plottedPoints = 0;
};

} // namespace ui

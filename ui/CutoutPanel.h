#pragma once

#include "model/exports/ImPatchFromCutout.h"
#include "model/fits/CutoutGeometry.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

// The readout of a box drawn on the preview: where it is (helioprojective arcsec, FITS pixels,
// Stonyhurst degrees), the units the cutout is asked in, tracking, and "Export this field of
// view…" (and "Same field in other series…", the same box as one job over several series), which stay disabled with the reason in words while the box cannot be exported as it is
// (jsoc::ImPatchFromCutout's refusals). With no box (an empty geometry) it says how to draw one.
namespace ui {

class CutoutPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CutoutPanel)

public:
    explicit CutoutPanel(QWidget *parent = nullptr);

    void setGeometry(const fits::CutoutGeometry &geometry);
    // The series the image came from, when known ("" = the export dialog asks): its rules apply.
    void setSeries(const QString &series);
    void setUnits(jsoc::CutoutUnits units);
    void setTracking(bool tracking);

    const fits::CutoutGeometry &geometry() const { return m_geometry; }
    jsoc::ImPatchFromCutout cutout() const; // the step, or why not
    jsoc::CutoutChoice choice() const;      // the units and tracking chosen
    QString text() const;                   // the readout's lines, plain
    QStringList refusals() const { return cutout().refusals; }

    QPushButton *exportButton() const { return m_export; }
    // "Same field in other series…": enabled when the box can be exported (the same rules).
    QPushButton *sameFieldButton() const { return m_sameField; }
    QComboBox *unitsBox() const { return m_units; }
    QCheckBox *trackingBox() const { return m_tracking; }

signals:
    void exportRequested(const jsoc::ProcessingStep &imPatch);
    void sameFieldRequested();

private:
    void refresh();

    fits::CutoutGeometry m_geometry;
    QString m_series;
    QLabel *m_where = nullptr;
    QLabel *m_refusal = nullptr;
    QComboBox *m_units = nullptr;
    QCheckBox *m_tracking = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_sameField = nullptr;
};

jsoc::CutoutPlacement placementOf(const fits::CutoutGeometry &geometry);

} // namespace ui

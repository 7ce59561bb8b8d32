#include "ui/CutoutPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

jsoc::CutoutPlacement placementOf(const fits::CutoutGeometry &g)
{
    jsoc::CutoutPlacement p;
    p.centrePixelX = g.centrePixelX;
    p.centrePixelY = g.centrePixelY;
    p.centreTx = g.centreTx;
    p.centreTy = g.centreTy;
    p.centreOnDisk = g.centreOnDisk;
    p.stonyLon = g.stonyLon;
    p.stonyLat = g.stonyLat;
    p.widthPixels = g.widthPixels();
    p.heightPixels = g.heightPixels();
    p.arcsecPerPixelX = g.arcsecPerPixelX;
    p.arcsecPerPixelY = g.arcsecPerPixelY;
    p.imageWidth = g.imageWidth;
    p.imageHeight = g.imageHeight;
    p.observationTime = g.observationTime;
    return p;
}

CutoutPanel::CutoutPanel(QWidget *parent)
    : QWidget(parent)
    , m_where(new QLabel(this))
    , m_refusal(new QLabel(this))
    , m_units(new QComboBox(this))
    , m_tracking(new QCheckBox(tr("Track with solar rotation"), this))
    , m_export(new QPushButton(tr("Export this field of view…"), this))
    , m_sameField(new QPushButton(tr("Same field in other series…"), this))
{
    m_where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_refusal->setWordWrap(true);
    // Fixed heights: the picture above must not move while a box is being drawn and read out.
    const int line = m_where->fontMetrics().lineSpacing();
    m_where->setFixedHeight(2 * line + 2);
    m_refusal->setFixedHeight(3 * line + 2);
    m_refusal->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_refusal->setStyleSheet(QStringLiteral("color: #c0392b;"));
    for (jsoc::CutoutUnits u : {jsoc::CutoutUnits::Arcsec, jsoc::CutoutUnits::Pixels, jsoc::CutoutUnits::Stonyhurst})
        m_units->addItem(jsoc::cutoutUnitsName(u), int(u));
    m_units->setToolTip(tr("How im_patch is told where the box is: its centre in arcsec, FITS pixels or Stonyhurst "
                           "degrees; its size in arcsec (pixels for \"pixels\")"));
    m_tracking->setChecked(true);
    m_tracking->setToolTip(tr("im_patch follows the box's place on the Sun from frame to frame (t=0); off, it stays "
                              "on the same pixels (t=1)"));

    auto *choices = new QHBoxLayout;
    choices->setContentsMargins(0, 0, 0, 0);
    choices->addWidget(new QLabel(tr("Cutout in"), this));
    choices->addWidget(m_units);
    choices->addWidget(m_tracking);
    choices->addStretch(1);
    choices->addWidget(m_export);
    choices->addWidget(m_sameField);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_where);
    layout->addLayout(choices);
    layout->addWidget(m_refusal);

    connect(m_units, &QComboBox::currentIndexChanged, this, &CutoutPanel::refresh);
    connect(m_tracking, &QCheckBox::toggled, this, &CutoutPanel::refresh);
    connect(m_export, &QPushButton::clicked, this, [this] {
        const jsoc::ImPatchFromCutout c = cutout();
        if (c.step)
            emit exportRequested(*c.step);
    });
    connect(m_sameField, &QPushButton::clicked, this, [this] {
        if (cutout().step)
            emit sameFieldRequested();
    });
    refresh();
}

void CutoutPanel::setGeometry(const fits::CutoutGeometry &geometry)
{
    m_geometry = geometry;
    refresh();
}

void CutoutPanel::setSeries(const QString &series)
{
    m_series = series;
    refresh();
}

void CutoutPanel::setUnits(jsoc::CutoutUnits units)
{
    m_units->setCurrentIndex(m_units->findData(int(units)));
}

void CutoutPanel::setTracking(bool tracking)
{
    m_tracking->setChecked(tracking);
}

jsoc::ImPatchFromCutout CutoutPanel::cutout() const
{
    if (!m_geometry.valid) {
        jsoc::ImPatchFromCutout none;
        none.refusals.append(m_geometry.error.isEmpty() ? tr("Draw a box on the image first.") : m_geometry.error);
        return none;
    }
    return jsoc::ImPatchFromCutout::make(placementOf(m_geometry), choice(), m_series);
}

jsoc::CutoutChoice CutoutPanel::choice() const
{
    jsoc::CutoutChoice choice;
    choice.units = jsoc::CutoutUnits(m_units->currentData().toInt());
    choice.tracking = m_tracking->isChecked();
    return choice;
}

QString CutoutPanel::text() const
{
    return m_where->text() + QLatin1Char('\n') + m_refusal->text();
}

void CutoutPanel::refresh()
{
    const bool drawn = m_geometry.imageWidth > 0;
    m_units->setEnabled(drawn);
    m_tracking->setEnabled(drawn);
    if (!drawn) {
        m_where->setText(tr("Box: none.\nShift+drag on the image (or View ▸ Draw a box) to draw one; Esc clears it."));
        m_refusal->clear();
        m_export->setEnabled(false);
        m_export->setToolTip(tr("Draw a box on the image first"));
        m_sameField->setEnabled(false);
        m_sameField->setToolTip(m_export->toolTip());
        return;
    }
    if (m_geometry.valid)
        m_where->setText(QStringLiteral("Box: %1\n%2 · %3")
                             .arg(m_geometry.arcsecText(), m_geometry.pixelText(), m_geometry.stonyText()));
    else
        m_where->setText(tr("Box: %1\n%2").arg(m_geometry.pixelText(), m_geometry.error));
    const jsoc::ImPatchFromCutout c = cutout();
    m_refusal->setText(c.refusals.join(QLatin1Char('\n')));
    m_refusal->setToolTip(m_refusal->text());
    m_export->setEnabled(c.step.has_value());
    m_export->setToolTip(c.step ? tr("Opens the export dialog with an im_patch step for this box")
                                : c.refusals.join(QLatin1Char('\n')));
    m_sameField->setEnabled(c.step.has_value());
    m_sameField->setToolTip(c.step ? tr("Cut the same field from other series (AIA wavelengths, HMI) over a time "
                                        "range, as one job of exports")
                                   : m_export->toolTip());
}

} // namespace ui

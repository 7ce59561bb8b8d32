#include "model/exports/ImPatchFromCutout.h"

#include "model/exports/ProcessingCheck.h"

#include <QRegularExpression>

namespace jsoc {
namespace {

constexpr double kPixelNudge = 0.25;

// Enough digits that a value read back lands on the same pixel (an SDO image is 4096 pixels).
QString number(double value)
{
    return QString::number(value, 'f', 4).remove(QRegularExpression(QStringLiteral("\\.?0+$")));
}

} // namespace

QString cutoutUnitsName(CutoutUnits units)
{
    switch (units) {
    case CutoutUnits::Arcsec: return QStringLiteral("arcsec");
    case CutoutUnits::Pixels: return QStringLiteral("pixels");
    case CutoutUnits::Stonyhurst: return QStringLiteral("stony");
    }
    return {};
}

std::optional<CutoutUnits> cutoutUnitsFromName(const QString &name)
{
    for (CutoutUnits u : {CutoutUnits::Arcsec, CutoutUnits::Pixels, CutoutUnits::Stonyhurst})
        if (cutoutUnitsName(u).compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return u;
    return std::nullopt;
}

ImPatchFromCutout ImPatchFromCutout::make(const CutoutPlacement &box, const CutoutChoice &choice, const QString &series)
{
    ImPatchFromCutout out;
    if (box.widthPixels < 1 || box.heightPixels < 1)
        out.refusals.append(QStringLiteral("Draw a box first: it has no pixels."));
    if (box.widthPixels > box.imageWidth || box.heightPixels > box.imageHeight)
        out.refusals.append(QStringLiteral("The box (%1 × %2 pixels) is larger than the image (%3 × %4): im_patch would "
                                           "fill the rest with blanks. Draw it inside the image.")
                                .arg(box.widthPixels).arg(box.heightPixels).arg(box.imageWidth).arg(box.imageHeight));
    if (choice.tracking && !box.centreOnDisk)
        out.refusals.append(QStringLiteral("The box's centre is off the solar disk, so there is nothing to follow with "
                                           "solar rotation. Move the centre onto the disk, or turn tracking off."));
    if (choice.units == CutoutUnits::Stonyhurst && !box.centreOnDisk)
        out.refusals.append(QStringLiteral("A centre off the disk has no Stonyhurst position; give it in arcsec or pixels."));
    if (box.observationTime.isEmpty())
        out.refusals.append(QStringLiteral("The image has no observation time (T_OBS or DATE-OBS), which im_patch needs "
                                           "as t_ref."));
    const bool arcsecBox = choice.units != CutoutUnits::Pixels;
    if (arcsecBox && !(box.arcsecPerPixelX > 0 && box.arcsecPerPixelY > 0))
        out.refusals.append(QStringLiteral("The image's pixel size in arcsec is unknown (no CDELT1/CDELT2)."));
    if (!series.isEmpty() && seriesRefusesProcessing(series))
        out.refusals.append(checkProcessingForSeries({defaultProcessingStep(QStringLiteral("im_patch"))}, series));
    if (!out.refusals.isEmpty())
        return out;

    ProcessingStep step = defaultProcessingStep(QStringLiteral("im_patch"));
    step.setValue(QStringLiteral("t_ref"), box.observationTime);
    step.setValue(QStringLiteral("t"), choice.tracking ? QStringLiteral("0") : QStringLiteral("1"));
    step.setValue(QStringLiteral("locunits"), cutoutUnitsName(choice.units));
    step.setValue(QStringLiteral("boxunits"), arcsecBox ? QStringLiteral("arcsec") : QStringLiteral("pixels"));
    switch (choice.units) {
    case CutoutUnits::Arcsec:
        step.setValue(QStringLiteral("x"), number(box.centreTx));
        step.setValue(QStringLiteral("y"), number(box.centreTy));
        break;
    case CutoutUnits::Pixels:
        // A quarter pixel past the centre: the box's own first pixel, not a rounding tie.
        step.setValue(QStringLiteral("x"), number(box.centrePixelX + kPixelNudge));
        step.setValue(QStringLiteral("y"), number(box.centrePixelY + kPixelNudge));
        break;
    case CutoutUnits::Stonyhurst:
        step.setValue(QStringLiteral("x"), number(box.stonyLon));
        step.setValue(QStringLiteral("y"), number(box.stonyLat));
        break;
    }
    if (arcsecBox) {
        step.setValue(QStringLiteral("width"), number((box.widthPixels - 0.5) * box.arcsecPerPixelX));
        step.setValue(QStringLiteral("height"), number((box.heightPixels - 0.5) * box.arcsecPerPixelY));
    } else {
        step.setValue(QStringLiteral("width"), QString::number(box.widthPixels));
        step.setValue(QStringLiteral("height"), QString::number(box.heightPixels));
    }
    // Whatever else ProcessingCheck knows (t_ref that does not read as a DRMS time, ...).
    const QStringList problems = checkProcessingStep(step, series);
    if (!problems.isEmpty()) {
        out.refusals = problems;
        return out;
    }
    out.step = step;
    return out;
}

} // namespace jsoc

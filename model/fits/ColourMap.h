#pragma once

#include "model/fits/FitsImage.h"

#include <QRgb>
#include <QStringList>
#include <QVector>

// 256-entry colour tables for the preview: "gray", the SDO/AIA maps "aia94" … "aia4500" (built
// from the published AIA colour-table recipe: per-channel linear, square-root, square and
// red-temperature curves), "hmimag" for magnetograms (blue negative, grey zero, red positive) and
// "bwr" for differences and ratios (blue less, white unchanged, red more).
namespace fits {

class ColourMap final
{
public:
    static QStringList names();
    static bool exists(const QString &name);
    // 256 colours from low to high data value (reversed when `invert`); gray for unknown names.
    static QVector<QRgb> table(const QString &name, bool invert = false);
    // The colour table of a rendered picture (FitsRenderer): indices 0 … kBlankIndex-1 sample
    // table(name, invert) from its first to its last colour, kBlankIndex is `blank`.
    static constexpr int kBlankIndex = 255;
    static QVector<QRgb> displayTable(const QString &name, bool invert, QRgb blank);
    // Blank (BLANK / NaN) pixels: a dark slate blue no colour map uses near its low end.
    static constexpr QRgb kDefaultBlank = 0xff1c2a5a;
    // The map an SDO user expects for this header (TELESCOP/INSTRUME/WAVELNTH/CONTENT/BUNIT):
    // "aia171" for AIA 171 Å, "hmimag" for HMI/MDI magnetograms, "gray" otherwise.
    static QString autoName(const FitsImage &image);
    // Diverging maps (magnetograms, differences) are shown with limits symmetric about zero.
    static bool isDiverging(const QString &name)
    {
        return name == QLatin1String("hmimag") || name == QLatin1String("bwr");
    }
};

} // namespace fits

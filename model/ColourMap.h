#pragma once

#include "model/FitsImage.h"

#include <QRgb>
#include <QStringList>
#include <QVector>

// 256-entry colour tables for the preview: "gray", the SDO/AIA maps "aia94" … "aia4500" (built
// from the published AIA colour-table recipe: per-channel linear, square-root, square and
// red-temperature curves) and "hmimag" for magnetograms (blue negative, grey zero, red positive).
namespace fits {

class ColourMap final
{
public:
    static QStringList names();
    static bool exists(const QString &name);
    // 256 colours from low to high data value (reversed when `invert`); gray for unknown names.
    static QVector<QRgb> table(const QString &name, bool invert = false);
    // The map an SDO user expects for this header (TELESCOP/INSTRUME/WAVELNTH/CONTENT/BUNIT):
    // "aia171" for AIA 171 Å, "hmimag" for HMI/MDI magnetograms, "gray" otherwise.
    static QString autoName(const FitsImage &image);
    // Magnetogram maps are shown with limits symmetric about zero.
    static bool isDiverging(const QString &name) { return name == QLatin1String("hmimag"); }
};

} // namespace fits

#pragma once

#include "model/FitsImage.h"
#include "model/ImageLimits.h"
#include "model/Stretch.h"

#include <QImage>
#include <QString>
#include <vector>

// Turns a FitsImage into a QImage through a lookup table: the limits are divided into kLutSize
// steps, each step maps (through the stretch) to one of 256 colour indices, and every pixel costs
// one multiply, one clamp and one table read. The result is Format_Indexed8 whose colour table is
// the colour map, so changing the map or inverting it only swaps 256 colours.
// Orientation: FITS row 1 is the bottom row of the QImage (solar north up for SDO images).
// Blank (NaN) pixels take colour index 0, like values at or below the low limit.
namespace fits {

struct RenderSettings {
    StretchSpec stretch;
    Limits limits;
    QString colourMap = QStringLiteral("gray");
    bool invert = false;
};

class FitsRenderer final
{
public:
    static constexpr int kLutSize = 65536;

    // kLutSize colour indices for equal steps from limits.low to limits.high.
    static std::vector<uchar> buildLut(const FitsImage &image, const StretchSpec &stretch, const Limits &limits);
    // Indexed8 image with a grey colour table; the caller may setColorTable() later.
    static QImage renderIndices(const FitsImage &image, const StretchSpec &stretch, const Limits &limits);
    static QImage render(const FitsImage &image, const RenderSettings &settings);
};

} // namespace fits

#pragma once

#include "model/fits/ColourMap.h"
#include "model/fits/FitsImage.h"
#include "model/fits/ImageLimits.h"
#include "model/fits/Stretch.h"

#include <QImage>
#include <QString>
#include <vector>

// Turns a FitsImage into a QImage through a lookup table: the limits are divided into kLutSize
// steps, each step maps (through the stretch) to one of 255 colour indices (0 … 254), and every
// pixel costs one multiply, one clamp and one table read. The result is Format_Indexed8 whose
// colour table is ColourMap::displayTable, so changing the map or inverting it only swaps colours.
// Orientation: FITS row 1 is the bottom row of the QImage (turn the image first with
// FitsOrientation for solar north up). Blank (NaN) pixels take their own index,
// ColourMap::kBlankIndex, drawn in the blank colour, never the colour of the low limit.
namespace fits {

struct RenderSettings {
    StretchSpec stretch;
    Limits limits;
    QString colourMap = QStringLiteral("gray");
    bool invert = false;
    QRgb blankColour = ColourMap::kDefaultBlank; // alpha 0 for transparent blanks
};

class FitsRenderer final
{
public:
    static constexpr int kLutSize = 65536;

    static constexpr int kTopIndex = ColourMap::kBlankIndex - 1; // the high limit's index

    // kLutSize colour indices for equal steps from limits.low to limits.high.
    static std::vector<uchar> buildLut(const FitsImage &image, const StretchSpec &stretch, const Limits &limits);
    // Indexed8 image with the grey display table; the caller may setColorTable() later.
    static QImage renderIndices(const FitsImage &image, const StretchSpec &stretch, const Limits &limits);
    static QImage render(const FitsImage &image, const RenderSettings &settings);
};

} // namespace fits

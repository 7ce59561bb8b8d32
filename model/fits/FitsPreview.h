#pragma once

#include "model/fits/ColourMap.h"
#include "model/fits/FitsImage.h"
#include "model/fits/FitsRenderer.h"
#include "model/fits/ImageLimits.h"
#include "model/fits/Stretch.h"

#include <QImage>
#include <QString>

// The whole "FITS image → picture" pipeline with one set of choices, shared by
// `jsoc-cli preview`, the preview widget's first paint and the benchmark:
// solar north up, optional downsampling to `maxSize`, colour map ("auto" picks from the header), limits, render.
// With a diverging map (hmimag) the limits are made symmetric about zero, as magnetograms are shown.
namespace fits {

struct PreviewOptions {
    StretchSpec stretch;                          // default linear
    ClipSpec clip;                                // default central 99.5 %
    QString colourMap = QStringLiteral("auto");   // "auto", "gray" or a ColourMap name
    bool invert = false;
    int maxSize = 0;                              // longest side in pixels; 0 = full size
    bool northUp = true;                          // turn by CROTA2 (FitsOrientation)
    // BLANK / NaN pixels. Transparent by default: a saved picture (jsoc-cli preview's PNG) shows
    // "no data" as no paint; the interactive preview draws them in ColourMap::kDefaultBlank.
    QRgb blankColour = qRgba(0, 0, 0, 0);
};

struct PreviewResult {
    QImage image;       // Indexed8, FITS row 1 at the bottom
    Limits limits;      // the limits used (data units)
    QString colourMap;  // the map used (auto resolved)
    QString error;
    bool ok() const { return error.isEmpty(); }
};

class FitsPreview final
{
public:
    static PreviewResult render(const FitsImage &image, const PreviewOptions &options);
    // The colour map for `requested` ("auto" → ColourMap::autoName); empty if unknown.
    static QString resolveColourMap(const FitsImage &image, const QString &requested);
    static Limits symmetric(const Limits &limits);
};

} // namespace fits

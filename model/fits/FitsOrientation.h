#pragma once

#include "model/fits/FitsImage.h"

#include <QPoint>

// Solar north up. SDO headers give the image's roll as CROTA2 (HMI: ≈ 180°, the camera is upside
// down) or as a PCi_j matrix. The preview turns the pixels by the nearest quarter turn when the
// roll is within kToleranceDegrees of one, which is lossless and keeps every pixel a pixel; other
// angles are left as they are (the caption says so). The turned image keeps its header, and
// FitsImage::quarterTurns records the turn so that readouts and WCS use the file's pixels.
namespace fits {

class FitsOrientation final
{
public:
    static constexpr double kToleranceDegrees = 2.0;

    // Roll angle in degrees, (-180, 180], from CROTA2 (or CROTA1), else from PC1_1/PC2_1 or
    // CD1_1/CD2_1; NaN when the header has none of them.
    static double rollDegrees(const FitsImage &image);
    // Counter-clockwise quarter turns (0..3, y up) that put solar north up; 0 when the roll is
    // unknown or not near a multiple of 90°.
    static int northUpTurns(const FitsImage &image);
    // A copy turned counter-clockwise by `turns` quarter turns (added to image.quarterTurns).
    static FitsImage rotated(const FitsImage &image, int turns);

    // Display pixel (of an image turned by image.quarterTurns) → pixel in the file, and back.
    // Both 0-based, y up from FITS row 1.
    static QPoint toFile(const FitsImage &image, QPoint display);
    static QPoint toDisplay(const FitsImage &image, QPoint file);
};

} // namespace fits

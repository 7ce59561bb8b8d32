#include "model/fits/FitsOrientation.h"

#include <QSize>

#include <cmath>
#include <numbers>
#include <utility>

namespace fits {
namespace {

int normalisedTurns(int turns)
{
    return ((turns % 4) + 4) % 4;
}

// Width and height of the image as stored in the file.
QSize fileSize(const FitsImage &image)
{
    return normalisedTurns(image.quarterTurns) % 2 ? QSize(image.height, image.width) : QSize(image.width, image.height);
}

// One quarter-turn step counter-clockwise (y up): file (x, y) of a w × h image → (h-1-y, x).
QPoint turnOnce(QPoint p, int w, int h)
{
    Q_UNUSED(w);
    return QPoint(h - 1 - p.y(), p.x());
}
} // namespace

double FitsOrientation::rollDegrees(const FitsImage &image)
{
    double crota = image.cardNumber(QStringLiteral("CROTA2"));
    if (!std::isfinite(crota))
        crota = image.cardNumber(QStringLiteral("CROTA1"));
    if (!std::isfinite(crota)) {
        // PC (or CD) matrix of a pure rotation: PC1_1 = cos ρ, PC2_1 = sin ρ (scales cancel for CD).
        double c = image.cardNumber(QStringLiteral("PC1_1"));
        double s = image.cardNumber(QStringLiteral("PC2_1"));
        if (!std::isfinite(c) || !std::isfinite(s)) {
            c = image.cardNumber(QStringLiteral("CD1_1"));
            s = image.cardNumber(QStringLiteral("CD2_1"));
            const double d2 = image.cardNumber(QStringLiteral("CD2_2"));
            const double d1 = image.cardNumber(QStringLiteral("CD1_1"));
            if (std::isfinite(d1) && std::isfinite(d2) && d1 != 0 && d2 != 0)
                s *= d1 / d2; // CD2_1 = CDELT2 sin ρ: rescale to the CDELT1 of CD1_1
        }
        if (!std::isfinite(c) || !std::isfinite(s) || (c == 0 && s == 0))
            return std::nan("");
        crota = std::atan2(s, c) * 180.0 / std::numbers::pi;
    }
    double r = std::remainder(crota, 360.0);
    if (r <= -180.0)
        r += 360.0;
    return r;
}

int FitsOrientation::northUpTurns(const FitsImage &image)
{
    const double roll = rollDegrees(image);
    if (!std::isfinite(roll))
        return 0;
    const double quarters = roll / 90.0;
    const double nearest = std::round(quarters);
    if (std::abs(roll - nearest * 90.0) > kToleranceDegrees)
        return 0;
    // A roll of ρ means the image's +y axis is ρ counter-clockwise from north, so turning the
    // image counter-clockwise by ρ brings north to the top.
    return normalisedTurns(int(nearest));
}

FitsImage FitsOrientation::rotated(const FitsImage &image, int turns)
{
    turns = normalisedTurns(turns);
    if (turns == 0 || image.isNull())
        return image;
    FitsImage out = image.withoutPixels();
    out.stats = image.stats; // the same pixels, turned
    out.rawHistogram = image.rawHistogram;
    out.rawOffset = image.rawOffset;
    out.rawScale = image.rawScale;
    out.rawZero = image.rawZero;
    out.quarterTurns = normalisedTurns(image.quarterTurns + turns);
    const int w = image.width, h = image.height;
    out.width = turns % 2 ? h : w;
    out.height = turns % 2 ? w : h;
    out.pixels.resize(image.pixels.size());
    const float *src = image.pixels.data();
    float *dst = out.pixels.data();
    const std::size_t W = std::size_t(w), H = std::size_t(h), OW = std::size_t(out.width);
    if (turns == 2) {
        // Reversing the row-major array is a half turn.
        const std::size_t n = W * H;
        for (std::size_t i = 0; i < n; ++i)
            dst[i] = src[n - 1 - i];
    } else if (turns == 1) {
        // (x, y) → (h-1-y, x)
        for (std::size_t y = 0; y < H; ++y)
            for (std::size_t x = 0; x < W; ++x)
                dst[x * OW + (H - 1 - y)] = src[y * W + x];
    } else {
        // three quarter turns: (x, y) → (y, w-1-x)
        for (std::size_t y = 0; y < H; ++y)
            for (std::size_t x = 0; x < W; ++x)
                dst[(W - 1 - x) * OW + y] = src[y * W + x];
    }
    return out;
}

QPoint FitsOrientation::toDisplay(const FitsImage &image, QPoint file)
{
    const QSize size = fileSize(image);
    int w = size.width(), h = size.height();
    QPoint p = file;
    for (int i = 0; i < normalisedTurns(image.quarterTurns); ++i) {
        p = turnOnce(p, w, h);
        std::swap(w, h);
    }
    return p;
}

QPoint FitsOrientation::toFile(const FitsImage &image, QPoint display)
{
    // The inverse of k counter-clockwise turns is 4-k more of them, starting from the display size.
    int w = image.width, h = image.height;
    QPoint p = display;
    for (int i = 0; i < (4 - normalisedTurns(image.quarterTurns)) % 4; ++i) {
        p = turnOnce(p, w, h);
        std::swap(w, h);
    }
    return p;
}

} // namespace fits

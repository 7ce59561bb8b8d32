#include "model/fits/FrameAlign.h"

#include "model/fits/FitsOrientation.h"
#include "model/fits/SolarWcs.h"

#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace fits {
namespace {

constexpr double kFullCircleArcsec = 360.0 * 3600.0;
constexpr float kAlignBlank = std::numeric_limits<float>::quiet_NaN();

struct AlignPoint {
    double x = 0.0;
    double y = 0.0;
};

// The file's width and height of an image that may be turned for display.
std::array<int, 2> fileSizeOfAligned(const FitsImage &image)
{
    return (((image.quarterTurns % 4) + 4) % 4) % 2 ? std::array<int, 2>{image.height, image.width}
                                                     : std::array<int, 2>{image.width, image.height};
}

// FitsOrientation's quarter turn (file (x, y) of a w × h image → (h-1-y, x)) for real-valued
// positions, so sub-pixel coordinates survive the turn.
AlignPoint turnAlignedPoint(AlignPoint p, int turns, int w, int h)
{
    for (int i = 0; i < turns; ++i) {
        p = AlignPoint{h - 1 - p.y, p.x};
        std::swap(w, h);
    }
    return p;
}

AlignPoint displayToFilePoint(const FitsImage &image, AlignPoint display)
{
    const int turns = ((image.quarterTurns % 4) + 4) % 4;
    return turnAlignedPoint(display, (4 - turns) % 4, image.width, image.height);
}

AlignPoint fileToDisplayPoint(const FitsImage &image, AlignPoint file)
{
    const auto [w, h] = fileSizeOfAligned(image);
    return turnAlignedPoint(file, ((image.quarterTurns % 4) + 4) % 4, w, h);
}

// A picture decoded smaller than the file (FitsLoadOptions::maxSide, downsampled()) keeps the
// file's header: its pixel i averages header pixels [i·s, (i+1)·s), so its centre is (i+½)·s−½.
struct AlignScale {
    double x = 1.0;
    double y = 1.0;
};

AlignScale headerScaleOf(const FitsImage &image)
{
    const auto [w, h] = fileSizeOfAligned(image);
    auto axis = [&image](const char *compressed, const char *plain) {
        const double n = image.cardNumber(QLatin1String(compressed));
        return std::isfinite(n) && n > 0 ? n : image.cardNumber(QLatin1String(plain));
    };
    const double nx = axis("ZNAXIS1", "NAXIS1"), ny = axis("ZNAXIS2", "NAXIS2");
    return AlignScale{std::isfinite(nx) && nx > 0 && w > 0 ? nx / w : 1.0, std::isfinite(ny) && ny > 0 && h > 0 ? ny / h : 1.0};
}

AlignPoint fileToHeaderPixel(AlignPoint p, AlignScale s)
{
    return AlignPoint{(p.x + 0.5) * s.x - 0.5, (p.y + 0.5) * s.y - 0.5};
}

AlignPoint headerToFilePixel(AlignPoint p, AlignScale s)
{
    return AlignPoint{(p.x + 0.5) / s.x - 0.5, (p.y + 0.5) / s.y - 0.5};
}

// Helioprojective (Tx, Ty) in arcsec of a header pixel, or nothing.
std::optional<AlignPoint> worldOfAlignedPixel(const SolarWcs &wcs, AlignPoint file)
{
    const WorldCoordinate w = wcs.pixelToWorld(file.x, file.y);
    if (!w.valid || !w.helioprojective)
        return std::nullopt;
    return AlignPoint{w.lon, w.lat};
}

// World → header pixel of one frame by Newton's method with the Jacobian at the frame's centre:
// the projection is so nearly affine that two or three steps reach 1e-6 pixel.
class AlignInverse
{
public:
    AlignInverse(const SolarWcs &wcs, int fileWidth, int fileHeight)
        : m_wcs(wcs)
        , m_centre{(fileWidth - 1) / 2.0, (fileHeight - 1) / 2.0}
    {
        const auto c = worldOfAlignedPixel(wcs, m_centre);
        const auto dx = worldOfAlignedPixel(wcs, {m_centre.x + 1.0, m_centre.y});
        const auto dy = worldOfAlignedPixel(wcs, {m_centre.x, m_centre.y + 1.0});
        if (!c || !dx || !dy)
            return;
        const double a = std::remainder(dx->x - c->x, kFullCircleArcsec), b = std::remainder(dy->x - c->x, kFullCircleArcsec);
        const double cc = dx->y - c->y, d = dy->y - c->y;
        const double det = a * d - b * cc;
        if (!(std::abs(det) > 0))
            return;
        m_inverse = {d / det, -b / det, -cc / det, a / det};
        m_valid = true;
    }
    bool isValid() const { return m_valid; }

    std::optional<AlignPoint> pixelOf(AlignPoint world) const
    {
        AlignPoint p = m_centre;
        for (int iteration = 0; iteration < 6; ++iteration) {
            const auto here = worldOfAlignedPixel(m_wcs, p);
            if (!here)
                return std::nullopt;
            const double ex = std::remainder(world.x - here->x, kFullCircleArcsec);
            const double ey = world.y - here->y;
            const AlignPoint step{m_inverse[0] * ex + m_inverse[1] * ey, m_inverse[2] * ex + m_inverse[3] * ey};
            p.x += step.x;
            p.y += step.y;
            if (std::abs(step.x) < 1e-7 && std::abs(step.y) < 1e-7)
                break;
        }
        return p;
    }

private:
    const SolarWcs &m_wcs;
    AlignPoint m_centre;
    std::array<double, 4> m_inverse{};
    bool m_valid = false;
};

float alignBilinearAt(const FitsImage &image, double x, double y)
{
    constexpr double kEdge = 1e-6; // a position a rounding error outside the last pixel is still on it
    if (!(x >= -kEdge && y >= -kEdge && x <= image.width - 1 + kEdge && y <= image.height - 1 + kEdge))
        return kAlignBlank;
    const int x0 = std::clamp(int(std::floor(x)), 0, std::max(0, image.width - 2));
    const int y0 = std::clamp(int(std::floor(y)), 0, std::max(0, image.height - 2));
    const int x1 = std::min(x0 + 1, image.width - 1), y1 = std::min(y0 + 1, image.height - 1);
    const double fx = std::clamp(x - x0, 0.0, 1.0), fy = std::clamp(y - y0, 0.0, 1.0);
    const double w[4] = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
    const float v[4] = {image.at(x0, y0), image.at(x1, y0), image.at(x0, y1), image.at(x1, y1)};
    double sum = 0.0;
    for (int i = 0; i < 4; ++i) {
        if (w[i] == 0.0)
            continue; // a blank neighbour that does not contribute does not blank the pixel
        if (!std::isfinite(v[i]))
            return kAlignBlank;
        sum += w[i] * v[i];
    }
    return float(sum);
}

double alignedCard(const FitsImage &image, const char *key)
{
    return image.cardNumber(QLatin1String(key));
}

bool sameAlignNumber(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a));
}

// The reference's header with the moved frame's time and exposure: the picture is the moved
// frame's, the coordinates the reference's.
QVector<FitsCard> alignedCards(const FitsImage &reference, const FitsImage &moving)
{
    static const QStringList kFromMoving = {QStringLiteral("T_OBS"), QStringLiteral("DATE-OBS"),
                                            QStringLiteral("DATE_OBS"), QStringLiteral("EXPTIME"),
                                            QStringLiteral("T_REC")};
    QVector<FitsCard> out;
    for (const FitsCard &c : reference.cards) {
        if (!kFromMoving.contains(c.key, Qt::CaseInsensitive))
            out.push_back(c);
    }
    for (const FitsCard &c : moving.cards) {
        if (kFromMoving.contains(c.key, Qt::CaseInsensitive))
            out.push_back(c);
    }
    return out;
}

} // namespace

bool FrameAlign::sameGrid(const FitsImage &a, const FitsImage &b)
{
    if (a.width != b.width || a.height != b.height || ((a.quarterTurns - b.quarterTurns) % 4 + 4) % 4 != 0)
        return false;
    for (const char *key : {"CRPIX1", "CRPIX2", "CRVAL1", "CRVAL2", "CDELT1", "CDELT2"}) {
        if (!sameAlignNumber(alignedCard(a, key), alignedCard(b, key)))
            return false;
    }
    return sameAlignNumber(FitsOrientation::rollDegrees(a), FitsOrientation::rollDegrees(b));
}

AlignResult FrameAlign::ontoGridOf(const FitsImage &reference, const FitsImage &moving)
{
    AlignResult out;
    const SolarWcs refWcs(reference);
    const SolarWcs movWcs(moving);
    const AlignScale refScale = headerScaleOf(reference), movScale = headerScaleOf(moving);
    const auto [refFileW, refFileH] = fileSizeOfAligned(reference);
    const auto [movFileW, movFileH] = fileSizeOfAligned(moving);
    // Sizes in header pixels, where the WCS lives.
    const int refW = int(std::lround(refFileW * refScale.x)), refH = int(std::lround(refFileH * refScale.y));
    const int movW = int(std::lround(movFileW * movScale.x)), movH = int(std::lround(movFileH * movScale.y));
    const AlignPoint refCentre{(refW - 1) / 2.0, (refH - 1) / 2.0};
    if (!refWcs.isValid() || !movWcs.isValid() || !worldOfAlignedPixel(refWcs, refCentre)
        || !worldOfAlignedPixel(movWcs, {(movW - 1) / 2.0, (movH - 1) / 2.0})) {
        out.error = QStringLiteral("Frames cannot be aligned: %1 has no helioprojective coordinates (HPLN/HPLT).")
                        .arg(!refWcs.isValid() || !worldOfAlignedPixel(refWcs, refCentre) ? QStringLiteral("the reference frame")
                                                                                           : QStringLiteral("the frame"));
        return out;
    }
    const AlignInverse inverse(movWcs, movW, movH);
    if (!inverse.isValid()) {
        out.error = QStringLiteral("Frames cannot be aligned: the frame's coordinate system is degenerate.");
        return out;
    }

    // The map from a reference display pixel to a moved display pixel at every kNodeStep-th pixel.
    const int w = reference.width, h = reference.height;
    const int nodesX = (w - 1) / kNodeStep + 2, nodesY = (h - 1) / kNodeStep + 2;
    std::vector<AlignPoint> nodes(std::size_t(nodesX) * std::size_t(nodesY));
    constexpr double kNoNode = std::numeric_limits<double>::quiet_NaN();
    for (int j = 0; j < nodesY; ++j) {
        for (int i = 0; i < nodesX; ++i) {
            AlignPoint &node = nodes[std::size_t(j) * std::size_t(nodesX) + std::size_t(i)];
            node = {kNoNode, kNoNode};
            const AlignPoint refFile = displayToFilePoint(reference, {double(i * kNodeStep), double(j * kNodeStep)});
            const auto world = worldOfAlignedPixel(refWcs, fileToHeaderPixel(refFile, refScale));
            const auto movHeader = world ? inverse.pixelOf(*world) : std::nullopt;
            if (movHeader)
                node = fileToDisplayPoint(moving, headerToFilePixel(*movHeader, movScale));
        }
    }

    out.image = reference.withoutPixels();
    out.image.cards = alignedCards(reference, moving);
    out.image.width = w;
    out.image.height = h;
    out.image.pixels.resize(std::size_t(w) * std::size_t(h));
    for (int y = 0; y < h; ++y) {
        const int j = y / kNodeStep;
        const double fy = double(y - j * kNodeStep) / kNodeStep;
        for (int x = 0; x < w; ++x) {
            const int i = x / kNodeStep;
            const double fx = double(x - i * kNodeStep) / kNodeStep;
            const AlignPoint &a = nodes[std::size_t(j) * nodesX + i], &b = nodes[std::size_t(j) * nodesX + i + 1];
            const AlignPoint &c = nodes[std::size_t(j + 1) * nodesX + i], &d = nodes[std::size_t(j + 1) * nodesX + i + 1];
            const double mx = (1 - fy) * ((1 - fx) * a.x + fx * b.x) + fy * ((1 - fx) * c.x + fx * d.x);
            const double my = (1 - fy) * ((1 - fx) * a.y + fx * b.y) + fy * ((1 - fx) * c.y + fx * d.y);
            out.image.pixels[std::size_t(y) * std::size_t(w) + std::size_t(x)] = alignBilinearAt(moving, mx, my);
        }
    }
    out.image.stats = FitsImage::computeStats(out.image.pixels);
    return out;
}

} // namespace fits

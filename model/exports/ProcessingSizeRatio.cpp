#include "model/exports/ProcessingSizeRatio.h"

#include "model/drms/SeriesStructure.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>

namespace jsoc {
namespace {

// The Sun's radius seen from 1 AU, in arcsec: converts a box in heliographic degrees (measured
// at disk centre, as im_patch does) to arcsec. SDO's distance moves it by about ±1.7 %.
constexpr double kSolarRadiusArcsec = 959.63;
// The plate scale every aia_scale step produces (JSOC's page: "Scale image to 0.6 arcsec/pixel").
constexpr double kAiaScaleArcsecPerPixel = 0.6;

std::optional<double> positive(const ProcessingStep &step, const char *key)
{
    bool ok = false;
    const double v = step.value(QLatin1String(key)).trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v) || v <= 0)
        return std::nullopt;
    return v;
}

bool flagSet(const ProcessingStep &step, const char *key)
{
    return step.value(QLatin1String(key)).trimmed() == QLatin1String("1");
}

// The images as they leave each step; 0 = unknown.
struct Geometry {
    double width = 0;
    double height = 0;
    double arcsecPerPixel = 0;
    bool hasSize() const { return width > 0 && height > 0; }
};

struct StepRatio {
    std::optional<double> ratio; // nullopt: unknown, `why` says what is missing
    QString why;
};

StepRatio unknown(const QString &why)
{
    return {std::nullopt, why};
}

// jsoc_rebin changes each side by a whole factor: the nearest integer to `scale`, or to 1/scale
// below 1 ("The output image scale will be the nearest integer to scale or its reciprocal").
StepRatio rebin(const ProcessingStep &step, Geometry &g)
{
    const auto scale = positive(step, "scale");
    if (!scale)
        return unknown(QStringLiteral("rebin needs a scale above 0"));
    const double factor = *scale < 1 ? 1.0 / std::max(1.0, std::round(1.0 / *scale)) : std::round(*scale);
    g.width *= factor;
    g.height *= factor;
    g.arcsecPerPixel = g.arcsecPerPixel > 0 ? g.arcsecPerPixel / factor : 0;
    return {factor * factor, {}};
}

// jsoc_resize magnifies by old plate scale / new one on each side (rescale=1); otherwise it only
// moves and turns the image. JSOC's page used the unsquared ratio; the pixel count goes as the square.
StepRatio resize(const ProcessingStep &step, Geometry &g)
{
    if (!flagSet(step, "rescale"))
        return {1.0, {}};
    const auto to = positive(step, "scale_to");
    if (!to)
        return unknown(QStringLiteral("resize with rescale=1 needs scale_to above 0"));
    if (g.arcsecPerPixel <= 0)
        return unknown(QStringLiteral("resize to another plate scale needs the images' own plate scale, which varies per "
                                      "record in this series"));
    const double mag = g.arcsecPerPixel / *to;
    g.width *= mag;
    g.height *= mag;
    g.arcsecPerPixel = *to;
    return {mag * mag, {}};
}

// im_patch and hg_patch: the box in pixels over the image in pixels.
StepRatio patch(const ProcessingStep &step, Geometry &g)
{
    const auto w = positive(step, "width");
    const auto h = positive(step, "height");
    if (!w || !h)
        return unknown(QStringLiteral("%1 needs a width and height above 0").arg(step.name));
    const QString units = step.value(QStringLiteral("boxunits")).trimmed();
    double toPixels = 0;
    if (units == QLatin1String("pixels"))
        toPixels = 1;
    else if (g.arcsecPerPixel > 0 && units == QLatin1String("arcsec"))
        toPixels = 1 / g.arcsecPerPixel;
    else if (g.arcsecPerPixel > 0 && units == QLatin1String("degrees"))
        toPixels = kSolarRadiusArcsec * std::numbers::pi / 180 / g.arcsecPerPixel;
    else if (units == QLatin1String("arcsec") || units == QLatin1String("degrees"))
        return unknown(QStringLiteral("%1 with boxunits=%2 needs the plate scale, which varies per record in this series; "
                                      "boxunits=pixels can be estimated")
                           .arg(step.name, units));
    else
        return unknown(QStringLiteral("%1 needs boxunits pixels, arcsec or degrees").arg(step.name));
    if (!g.hasSize())
        return unknown(QStringLiteral("%1 needs the image size, which the series does not state").arg(step.name));
    const double boxWidth = *w * toPixels;
    const double boxHeight = *h * toPixels;
    const double ratio = boxWidth * boxHeight / (g.width * g.height);
    g.width = boxWidth;
    g.height = boxHeight;
    return {ratio, {}};
}

// A cutout (wide x high pixels at 0.6"/px) over the image, else the whole image at 0.6"/px, which
// JSOC's page counts as ratio 1 (AIA level 1 is already about 0.6"/px).
StepRatio aiaScale(const ProcessingStep &step, Geometry &g)
{
    const auto wide = positive(step, "wide");
    const auto high = positive(step, "high");
    g.arcsecPerPixel = kAiaScaleArcsecPerPixel;
    if (!wide && !high)
        return {1.0, {}};
    if (!wide || !high)
        return unknown(QStringLiteral("%1's cutout needs both wide and high").arg(step.name));
    if (!g.hasSize())
        return unknown(QStringLiteral("%1's cutout needs the image size, which the series does not state").arg(step.name));
    const double ratio = *wide * *high / (g.width * g.height);
    g.width = *wide;
    g.height = *high;
    return {ratio, {}};
}

// A map of cols x rows pixels in degrees (the plate scale in arcsec is gone afterwards).
StepRatio maproj(const ProcessingStep &step, Geometry &g)
{
    const auto cols = positive(step, "cols");
    const auto rows = positive(step, "rows");
    if (!cols || !rows)
        return unknown(QStringLiteral("Maproj needs cols and rows above 0"));
    if (!g.hasSize())
        return unknown(QStringLiteral("Maproj needs the image size, which the series does not state"));
    const double ratio = *cols * *rows / (g.width * g.height);
    g.width = *cols;
    g.height = *rows;
    g.arcsecPerPixel = 0;
    return {ratio, {}};
}

// hmib2ptr reads field, inclination and azimuth (and the small disambig bytes) and writes Bp, Bt,
// Br of the same size, plus lat and lon with l=1 and three error maps with e=1: counted against
// the three field images.
StepRatio hmiB2ptr(const ProcessingStep &step)
{
    const double out = 3 + (flagSet(step, "l") ? 2 : 0) + (flagSet(step, "e") ? 3 : 0);
    return {out / 3.0, {}};
}

StepRatio stepRatio(const ProcessingStep &step, Geometry &g)
{
    const QString &n = step.name;
    if (n == QLatin1String("rebin"))
        return rebin(step, g);
    if (n == QLatin1String("resize"))
        return resize(step, g);
    if (n == QLatin1String("im_patch") || n == QLatin1String("hg_patch"))
        return patch(step, g);
    if (n.startsWith(QLatin1String("aia_scale_")) && processingStepSpec(n))
        return aiaScale(step, g);
    if (n == QLatin1String("Maproj"))
        return maproj(step, g);
    if (n == QLatin1String("HmiB2ptr"))
        return hmiB2ptr(step);
    return unknown(QStringLiteral("\"%1\" is not a step JSOC knows").arg(n));
}

} // namespace

ProcessingImage processingImageFromStructure(const SeriesStructure &structure, const QStringList &segments)
{
    ProcessingImage image;
    static const QRegularExpression twoD(QStringLiteral(R"(^\s*(\d{1,6})\s*x\s*(\d{1,6})\s*$)"));
    for (const SegmentInfo &s : structure.segments) {
        if (!segments.isEmpty() && !segments.contains(s.name))
            continue;
        const auto m = twoD.match(s.dims);
        if (m.hasMatch() && m.captured(1).toInt() > 0 && m.captured(2).toInt() > 0) {
            image.width = m.captured(1).toInt();
            image.height = m.captured(2).toInt();
            break;
        }
    }
    if (const KeywordInfo *k = structure.keyword(QStringLiteral("CDELT1"));
        k && k->recscope.startsWith(QLatin1String("constant")) && k->units.contains(QLatin1String("arcsec"))) {
        bool ok = false;
        const double v = k->defval.trimmed().toDouble(&ok);
        if (ok && std::isfinite(v) && v > 0)
            image.arcsecPerPixel = v;
    }
    return image;
}

ProcessingSizeRatio processingSizeRatio(const QList<ProcessingStep> &steps, const ProcessingImage &image)
{
    ProcessingSizeRatio result;
    result.steps = int(std::min<qsizetype>(steps.size(), std::numeric_limits<int>::max()));
    Geometry g{double(std::max(0, image.width)), double(std::max(0, image.height)),
               std::isfinite(image.arcsecPerPixel) && image.arcsecPerPixel > 0 ? image.arcsecPerPixel : 0};
    if (!g.hasSize())
        g.width = g.height = 0;
    for (const ProcessingStep &step : steps) {
        const StepRatio r = stepRatio(step, g);
        if (!r.ratio) {
            result.known = false;
            result.ratio = 0;
            result.unknownWhy = r.why;
            return result;
        }
        result.ratio *= *r.ratio;
    }
    if (!std::isfinite(result.ratio)) { // only from absurd values; the checks refuse them in words
        result.known = false;
        result.ratio = 0;
        result.unknownWhy = QStringLiteral("the processing values are out of any sensible range");
    }
    return result;
}

} // namespace jsoc

#include "FitsPreview.h"

#include "model/ColourMap.h"

#include <algorithm>
#include <cmath>

namespace fits {

QString FitsPreview::resolveColourMap(const FitsImage &image, const QString &requested)
{
    const QString name = requested.trimmed().toLower();
    if (name.isEmpty() || name == QLatin1String("auto"))
        return ColourMap::autoName(image);
    if (name == QLatin1String("grey"))
        return QStringLiteral("gray");
    return ColourMap::exists(name) ? name : QString();
}

Limits FitsPreview::symmetric(const Limits &limits)
{
    const double m = std::max(std::abs(limits.low), std::abs(limits.high));
    return m > 0 ? Limits{-m, m} : limits;
}

PreviewResult FitsPreview::render(const FitsImage &image, const PreviewOptions &options)
{
    PreviewResult result;
    if (image.isNull()) {
        result.error = QStringLiteral("There is no image to render.");
        return result;
    }
    result.colourMap = resolveColourMap(image, options.colourMap);
    if (result.colourMap.isEmpty()) {
        result.error = QStringLiteral("Unknown colour map '%1'; choose auto or one of: %2.")
                           .arg(options.colourMap, ColourMap::names().join(QStringLiteral(", ")));
        return result;
    }
    const bool shrink = options.maxSize > 0 && std::max(image.width, image.height) > options.maxSize;
    // Downsample first: limits and rendering then work on the small image only.
    const FitsImage small = shrink ? image.downsampled(options.maxSize) : FitsImage();
    const FitsImage &source = shrink ? small : image;

    result.limits = ImageLimits::compute(source, options.clip);
    if (ColourMap::isDiverging(result.colourMap) && options.clip.mode != ClipMode::Manual)
        result.limits = symmetric(result.limits);
    RenderSettings settings;
    settings.stretch = options.stretch;
    settings.limits = result.limits;
    settings.colourMap = result.colourMap;
    settings.invert = options.invert;
    result.image = FitsRenderer::render(source, settings);
    if (result.image.isNull())
        result.error = QStringLiteral("Not enough memory for a %1 × %2 picture.").arg(source.width).arg(source.height);
    return result;
}

} // namespace fits

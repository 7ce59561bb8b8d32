#include "model/fits/FitsPreview.h"

#include "model/fits/ColourMap.h"
#include "model/fits/FitsOrientation.h"

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
    const int turns = options.northUp ? FitsOrientation::northUpTurns(image) : 0;
    const bool shrink = options.maxSize > 0 && std::max(image.width, image.height) > options.maxSize;
    // Downsample first: limits, turning and rendering then work on the small image only.
    FitsImage small;
    if (shrink)
        small = FitsOrientation::rotated(image.downsampled(options.maxSize), turns);
    else if (turns != 0)
        small = FitsOrientation::rotated(image, turns);
    const FitsImage &source = shrink || turns != 0 ? small : image;

    result.limits = ImageLimits::compute(source, options.clip);
    if (ColourMap::isDiverging(result.colourMap) && options.clip.mode != ClipMode::Manual)
        result.limits = symmetric(result.limits);
    RenderSettings settings;
    settings.stretch = options.stretch;
    settings.limits = result.limits;
    settings.colourMap = result.colourMap;
    settings.invert = options.invert;
    settings.blankColour = options.blankColour;
    result.image = FitsRenderer::render(source, settings);
    if (result.image.isNull())
        result.error = QStringLiteral("Not enough memory for a %1 × %2 picture.").arg(source.width).arg(source.height);
    return result;
}

} // namespace fits

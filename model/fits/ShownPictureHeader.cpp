#include "model/fits/ShownPictureHeader.h"

#include <cmath>

namespace fits {

namespace {

// The file's size along axis 1 or 2 (ZNAXISn for a tile-compressed image), NaN when not given.
double fileAxisOfShownPicture(const FitsImage &picture, int axis)
{
    const QString n = QString::number(axis);
    const double z = picture.cardNumber(QStringLiteral("ZNAXIS") + n);
    return std::isfinite(z) && z > 0 ? z : picture.cardNumber(QStringLiteral("NAXIS") + n);
}

// The picture's size along the file's axis 1 or 2 (a quarter turn swaps them).
int pictureAxisOfShownPicture(const FitsImage &picture, int axis)
{
    const bool swapped = ((picture.quarterTurns % 2) + 2) % 2 == 1;
    return (axis == 1) != swapped ? picture.width : picture.height;
}

double scaleOfShownPicture(const FitsImage &picture, int axis)
{
    const double file = fileAxisOfShownPicture(picture, axis);
    const int shown = pictureAxisOfShownPicture(picture, axis);
    return std::isfinite(file) && file > 0 && shown > 0 ? file / shown : 1.0;
}

QByteArray numberCardOfShownPicture(const QString &key, double value)
{
    return QStringLiteral("%1= %2").arg(key.leftJustified(8, QLatin1Char(' '), true)).arg(QString::number(value, 'G', 15), 20).toLatin1().leftJustified(80, ' ', true);
}

} // namespace

double ShownPictureHeader::fileScaleX(const FitsImage &picture)
{
    return scaleOfShownPicture(picture, 1);
}

double ShownPictureHeader::fileScaleY(const FitsImage &picture)
{
    return scaleOfShownPicture(picture, 2);
}

bool ShownPictureHeader::isReduced(const FitsImage &picture)
{
    return std::abs(fileScaleX(picture) - 1.0) > 1e-9 || std::abs(fileScaleY(picture) - 1.0) > 1e-9;
}

FitsImage ShownPictureHeader::geometryOf(const FitsImage &picture)
{
    FitsImage out = picture.withoutPixels();
    out.width = picture.width;
    out.height = picture.height;
    out.stats = picture.stats;
    if (!isReduced(picture))
        return out;
    const double s[3] = {1.0, fileScaleX(picture), fileScaleY(picture)};
    const int size[3] = {0, pictureAxisOfShownPicture(picture, 1), pictureAxisOfShownPicture(picture, 2)};
    for (FitsCard &card : out.cards) {
        const QString &k = card.key;
        bool ok = false;
        const double v = card.value.toDouble(&ok);
        const int axis = k.isEmpty() ? 0 : k.back().digitValue();
        if (axis != 1 && axis != 2)
            continue;
        const QString n = QString::number(axis);
        double changed = v;
        if (k == QLatin1String("NAXIS") + n || k == QLatin1String("ZNAXIS") + n)
            changed = size[axis];
        else if (!ok)
            continue;
        else if (k == QLatin1String("CRPIX") + n)
            changed = (v - 0.5) / s[axis] + 0.5;
        else if (k == QLatin1String("CDELT") + n)
            changed = v * s[axis];
        else if (k == QLatin1String("CD1_") + n || k == QLatin1String("CD2_") + n)
            changed = v * s[axis]; // CDi_j: world i per pixel along axis j
        else
            continue;
        card.value = QString::number(changed, 'G', 15);
        card.raw = numberCardOfShownPicture(k, changed);
    }
    return out;
}

} // namespace fits

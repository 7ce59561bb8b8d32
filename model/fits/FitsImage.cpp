#include "model/fits/FitsImage.h"

#include "model/fits/BoxDownsample.h"

#include <algorithm>

namespace fits {

QString FitsImage::card(const QString &key, const QString &fallback) const
{
    for (const FitsCard &c : cards) {
        if (c.key.compare(key, Qt::CaseInsensitive) == 0)
            return c.value;
    }
    return fallback;
}

double FitsImage::cardNumber(const QString &key, double fallback) const
{
    bool ok = false;
    const double v = card(key).trimmed().toDouble(&ok);
    return ok ? v : fallback;
}

QByteArray FitsImage::headerText() const
{
    QByteArray text;
    text.reserve(cards.size() * 80);
    for (const FitsCard &c : cards)
        text += c.raw.leftJustified(80, ' ', true);
    return text;
}

FitsStats FitsImage::computeStats(std::span<const float> pixels)
{
    FitsStats s;
    float lo = std::numeric_limits<float>::infinity();
    float hi = -std::numeric_limits<float>::infinity();
    double sum = 0.0;
    std::int64_t valid = 0;
    // Sum per row block in double, so 16 M pixels do not lose precision in the mean.
    for (const float v : pixels) {
        if (!std::isfinite(v))
            continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        sum += v;
        ++valid;
    }
    s.validCount = valid;
    s.blankCount = std::int64_t(pixels.size()) - valid;
    if (valid > 0) {
        s.min = lo;
        s.max = hi;
        s.mean = sum / double(valid);
    }
    return s;
}

FitsImage FitsImage::withoutPixels() const
{
    FitsImage out;
    out.hduIndex = hduIndex;
    out.bitpix = bitpix;
    out.compression = compression;
    out.sliceIndex = sliceIndex;
    out.sliceCount = sliceCount;
    out.cards = cards;
    out.hdus = hdus;
    out.quarterTurns = quarterTurns;
    return out;
}

FitsImage FitsImage::downsampled(int maxSide) const
{
    const BoxGrid grid(width, height, maxSide);
    if (!grid.shrinks())
        return *this;
    FitsImage out = withoutPixels();
    out.width = grid.outWidth();
    out.height = grid.outHeight();
    out.pixels.resize(std::size_t(out.width) * std::size_t(out.height)); // every element is written below
    std::vector<double> sum;
    std::vector<int> count;
    for (int oy = 0; oy < out.height; ++oy)
        grid.averageRow(pixels.data() + std::size_t(grid.rowStart(oy)) * std::size_t(width), oy,
                        out.pixels.data() + std::size_t(oy) * std::size_t(out.width), sum, count);
    out.stats = computeStats(out.pixels);
    return out;
}

QString FitsCaption::text() const
{
    QStringList parts;
    QString what = instrument;
    if (!wavelength.isEmpty())
        what += (what.isEmpty() ? QString() : QStringLiteral(" ")) + wavelength;
    if (!what.isEmpty())
        parts << what;
    if (!date.isEmpty())
        parts << date;
    if (!exposure.isEmpty())
        parts << QStringLiteral("exp ") + exposure;
    return parts.join(QStringLiteral(" · "));
}

FitsCaption FitsCaption::fromImage(const FitsImage &image)
{
    FitsCaption c;
    c.instrument = image.card(QStringLiteral("TELESCOP")).trimmed();
    const QString instrume = image.card(QStringLiteral("INSTRUME")).trimmed();
    if (c.instrument.isEmpty())
        c.instrument = instrume;
    else if (!instrume.isEmpty() && !c.instrument.contains(instrume, Qt::CaseInsensitive))
        c.instrument += QStringLiteral(" (") + instrume + QLatin1Char(')');

    const double wl = image.cardNumber(QStringLiteral("WAVELNTH"));
    if (std::isfinite(wl) && wl > 0) {
        QString unit = image.card(QStringLiteral("WAVEUNIT")).trimmed().toLower();
        // SDO writes WAVEUNIT 'angstrom' (or nothing, meaning Å for AIA/HMI).
        if (unit.isEmpty() || unit.startsWith(QLatin1String("angstrom")))
            unit = QStringLiteral("Å");
        c.wavelength = QString::number(wl, 'g', 6) + QLatin1Char(' ') + unit;
    }
    c.date = image.card(QStringLiteral("DATE-OBS")).trimmed();
    if (c.date.isEmpty())
        c.date = image.card(QStringLiteral("T_OBS")).trimmed();
    const double exp = image.cardNumber(QStringLiteral("EXPTIME"));
    if (std::isfinite(exp))
        c.exposure = QString::number(exp, 'f', 2) + QStringLiteral(" s");
    return c;
}

} // namespace fits

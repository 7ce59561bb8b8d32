#include "model/fits/FitsImage.h"

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
    const int longest = std::max(width, height);
    if (maxSide <= 0 || longest <= maxSide || isNull())
        return *this;
    const double factor = double(longest) / double(maxSide);
    const int outW = std::max(1, int(std::lround(width / factor)));
    const int outH = std::max(1, int(std::lround(height / factor)));

    FitsImage out = withoutPixels();
    out.width = outW;
    out.height = outH;
    out.pixels.resize(std::size_t(outW) * std::size_t(outH)); // every element is written below

    // Box filter: each output pixel averages the source pixels whose index falls in its span.
    std::vector<int> xStart(outW + 1);
    for (int x = 0; x <= outW; ++x)
        xStart[x] = std::min(width, int(std::floor(double(x) * width / outW)));
    std::vector<double> sum(outW);
    std::vector<int> count(outW);
    for (int oy = 0; oy < outH; ++oy) {
        const int y0 = int(std::floor(double(oy) * height / outH));
        const int y1 = std::max(y0 + 1, int(std::floor(double(oy + 1) * height / outH)));
        std::fill(sum.begin(), sum.end(), 0.0);
        std::fill(count.begin(), count.end(), 0);
        for (int y = y0; y < std::min(y1, height); ++y) {
            const float *row = pixels.data() + std::size_t(y) * std::size_t(width);
            for (int ox = 0; ox < outW; ++ox) {
                const int x1 = std::max(xStart[ox] + 1, xStart[ox + 1]);
                for (int x = xStart[ox]; x < std::min(x1, width); ++x) {
                    const float v = row[x];
                    if (std::isfinite(v)) {
                        sum[ox] += v;
                        ++count[ox];
                    }
                }
            }
        }
        float *outRow = out.pixels.data() + std::size_t(oy) * std::size_t(outW);
        for (int ox = 0; ox < outW; ++ox)
            outRow[ox] = count[ox] > 0 ? float(sum[ox] / count[ox]) : std::numeric_limits<float>::quiet_NaN();
    }
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

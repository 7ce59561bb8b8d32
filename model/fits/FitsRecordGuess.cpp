#include "model/fits/FitsRecordGuess.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <cmath>

namespace fits {

QString FitsRecordGuess::recordSet() const
{
    if (tRec.isEmpty())
        return series;
    QString text = series + QLatin1Char('[') + tRec + QLatin1Char(']');
    if (!wavelength.isEmpty())
        text += QLatin1Char('[') + wavelength + QLatin1Char(']');
    return text;
}

FitsRecordGuess FitsRecordGuess::of(const FitsImage &image, const QString &filePath)
{
    FitsRecordGuess g;
    // A DRMS series name is namespace.name, both words; JSOC's export names start with it.
    static const QRegularExpression seriesPrefix(QStringLiteral("^([A-Za-z][A-Za-z0-9_]*\\.[A-Za-z][A-Za-z0-9_]*)\\."));
    const QRegularExpressionMatch m = seriesPrefix.match(QFileInfo(filePath).fileName());
    if (m.hasMatch())
        g.series = m.captured(1);
    const QString tRec = image.card(QStringLiteral("T_REC")).trimmed();
    // Only a value that cannot break out of the brackets.
    if (!tRec.contains(QLatin1Char(']')) && !tRec.contains(QLatin1Char('[')))
        g.tRec = tRec;
    const double wavelength = image.cardNumber(QStringLiteral("WAVELNTH"));
    if (g.series.startsWith(QLatin1String("aia."), Qt::CaseInsensitive) && std::isfinite(wavelength) && wavelength > 0
        && wavelength == std::round(wavelength))
        g.wavelength = QString::number(qint64(wavelength));
    return g;
}

} // namespace fits

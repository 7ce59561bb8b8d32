#include "model/fits/FitsRecordGuess.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace fits {

QString FitsRecordGuess::recordSet() const
{
    if (tRec.isEmpty())
        return series;
    return series + QLatin1Char('[') + tRec + QLatin1Char(']');
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
    return g;
}

} // namespace fits

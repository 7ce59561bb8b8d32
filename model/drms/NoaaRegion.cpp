#include "model/drms/NoaaRegion.h"

#include <QRegularExpression>

namespace jsoc {

namespace {

// NOAA numbered past 9999 in 2002 and its reports still print four digits; JSOC keeps five.
constexpr qint64 kFourDigitBase = 10000;

std::optional<qint64> regionFrom(const QRegularExpressionMatch &m)
{
    if (!m.hasMatch())
        return std::nullopt;
    const QString digits = m.captured(QStringLiteral("n"));
    bool ok = false;
    qint64 n = digits.toLongLong(&ok);
    if (!ok || n <= 0)
        return std::nullopt;
    if (digits.size() == 4)
        n += kFourDigitBase;
    return n;
}

const QRegularExpression &namedPattern()
{
    static const QRegularExpression re(QStringLiteral("^\\s*(?:NOAA\\s*(?:AR\\s*)?|AR\\s*)(?<n>\\d{4,5})\\s*$"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &termPattern()
{
    // NOAA_ARS ~ "11158" or '11158', any spacing and case; the clause may hold other terms.
    static const QRegularExpression re(QStringLiteral("NOAA_ARS\\s*~\\s*([\"'])(?<n>\\d+)\\1"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

} // namespace

bool seriesHasNoaaRegions(const SeriesStructure &structure)
{
    bool harpKey = false;
    for (const QString &key : structure.primeKeys)
        harpKey = harpKey || key.endsWith(QLatin1String("ARPNUM"), Qt::CaseInsensitive);
    return harpKey && structure.keyword(QStringLiteral("NOAA_ARS")) != nullptr;
}

std::optional<qint64> parseNamedNoaaRegion(QStringView text)
{
    // Five digits only: typed a key at a time, "NOAA 1115" is on its way to 11158, not 11115.
    const QRegularExpressionMatch m = namedPattern().match(text.toString());
    return m.hasMatch() && m.captured(QStringLiteral("n")).size() == 5 ? regionFrom(m) : std::nullopt;
}

std::optional<qint64> parseNoaaRegion(QStringView text)
{
    if (const auto named = regionFrom(namedPattern().match(text.toString())))
        return named;
    static const QRegularExpression bare(QStringLiteral("^\\s*(?<n>\\d{4,5})\\s*$"));
    return regionFrom(bare.match(text.toString()));
}

QString noaaCondition(qint64 region)
{
    return QStringLiteral("NOAA_ARS ~ \"%1\"").arg(region);
}

std::optional<qint64> noaaRegionInWhere(QStringView where)
{
    const QRegularExpressionMatch m = termPattern().match(where.toString());
    if (!m.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 n = m.captured(QStringLiteral("n")).toLongLong(&ok);
    return ok ? std::optional<qint64>(n) : std::nullopt;
}

QString whereWithNoaaRegion(const QString &where, std::optional<qint64> region)
{
    QString rest = where;
    const QRegularExpressionMatch m = termPattern().match(rest);
    if (m.hasMatch()) {
        // Drop the term with the AND that joined it to its neighbour.
        qsizetype start = m.capturedStart(), end = m.capturedEnd();
        static const QRegularExpression andAfter(QStringLiteral("^\\s*AND\\s+"), QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression andBefore(QStringLiteral("\\s+AND\\s*$"), QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch after = andAfter.match(QStringView(rest).mid(end));
        if (after.hasMatch()) {
            end += after.capturedLength();
        } else {
            const QRegularExpressionMatch before = andBefore.match(QStringView(rest).left(start));
            if (before.hasMatch())
                start = before.capturedStart();
        }
        rest.remove(start, end - start);
    }
    rest = rest.trimmed();
    if (!region)
        return rest;
    return rest.isEmpty() ? noaaCondition(*region) : noaaCondition(*region) + QStringLiteral(" AND ") + rest;
}

QString noaaLookupRecordSet(const QString &series, qint64 region)
{
    return QStringLiteral("%1[][? %2 ?]").arg(series, noaaCondition(region));
}

QString noaaLookupText(const QString &series, qint64 region, const QList<qint64> &harps)
{
    if (harps.isEmpty())
        return QStringLiteral("No HARP carries NOAA %1 in %2").arg(region).arg(series);
    QStringList numbers;
    for (qint64 h : harps)
        numbers.append(QString::number(h));
    return QStringLiteral("NOAA %1 → %2 %3").arg(region).arg(harps.size() == 1 ? QStringLiteral("HARP") : QStringLiteral("HARPs"),
                                                        numbers.join(QStringLiteral(", ")));
}

} // namespace jsoc

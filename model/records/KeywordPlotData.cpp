#include "model/records/KeywordPlotData.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>

#include "model/common/DisplayFormat.h"
#include "model/drms/DrmsTime.h"

namespace jsoc {

namespace {

// 1977-01-01T00:00:00 UTC in Unix seconds: 7 years of 365 days plus the leap days of 1972 and 1976.
constexpr double kDrmsEpochUnix = (7.0 * 365.0 + 2.0) * 86400.0;

QByteArrayView trimmed(QByteArrayView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t'))
        ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        --end;
    return text.sliced(begin, end - begin);
}

bool isUnitless(const QString &units)
{
    return units.isEmpty() || units.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0
        || units == QLatin1String("NA");
}

} // namespace

double drmsToUnixUtc(double drmsSeconds)
{
    return drmsSeconds - drms::taiMinusUtc(drmsSeconds) + kDrmsEpochUnix;
}

std::optional<double> parseTimeToUnixUtc(QByteArrayView text)
{
    text = trimmed(text);
    // Time texts are short ASCII: widen into a stack buffer instead of allocating a QString.
    constexpr qsizetype kMax = 64;
    if (text.isEmpty() || text.size() > kMax || text == QByteArrayView("MISSING"))
        return std::nullopt;
    char16_t wide[kMax];
    for (qsizetype i = 0; i < text.size(); ++i)
        wide[i] = char16_t(uchar(text[i]));
    const std::optional<double> t = drms::parseTime(QStringView(wide, text.size()));
    if (!t || drms::isMissingTime(*t))
        return std::nullopt;
    return drmsToUnixUtc(*t);
}

std::optional<double> parseKeywordNumber(QByteArrayView text, bool allowHex)
{
    text = trimmed(text);
    if (text.isEmpty())
        return std::nullopt;
    const char *begin = text.data();
    const char *end = begin + text.size();
    if (allowHex && text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        unsigned long long value = 0;
        const auto [ptr, ec] = std::from_chars(begin + 2, end, value, 16);
        if (ec != std::errc() || ptr != end)
            return std::nullopt;
        return double(value);
    }
    if (*begin == '+') // from_chars rejects a leading '+'
        ++begin;
    double value = 0.0;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr != end || !std::isfinite(value))
        return std::nullopt;
    return value;
}

qsizetype KeywordPlotSeries::indexOfRow(int sourceRow) const
{
    const auto it = std::find(rows.begin(), rows.end(), sourceRow);
    return it == rows.end() ? -1 : qsizetype(it - rows.begin());
}

bool KeywordPlotData::hasPoints() const
{
    return std::any_of(series.begin(), series.end(), [](const KeywordPlotSeries &s) { return s.pointCount() > 0; });
}

QStringList KeywordPlotData::keywordsOnAxis(int axis) const
{
    QStringList names;
    for (const KeywordPlotSeries &s : series)
        if (s.axis == axis)
            names.append(s.keyword);
    return names;
}

QString KeywordPlotData::skippedSummary() const
{
    QStringList parts;
    for (const KeywordPlotSeries &s : series) {
        QStringList reasons;
        // Counts with thousands separators, like every other count on screen (12,345 MISSING).
        if (s.missing > 0)
            reasons.append(QStringLiteral("%1 MISSING").arg(format::count(s.missing)));
        if (s.invalid > 0)
            reasons.append(QStringLiteral("%1 not numeric").arg(format::count(s.invalid)));
        if (s.noTime > 0)
            reasons.append(QStringLiteral("%1 without %2").arg(format::count(s.noTime), timeKey));
        if (!reasons.isEmpty())
            parts.append(QStringLiteral("%1: %2").arg(s.keyword, reasons.join(QLatin1String(", "))));
    }
    return parts.join(QLatin1String("; "));
}

KeywordPlotData KeywordPlotData::build(const RecordTable &table, const SeriesStructure &structure,
                                       const QString &timeKey, const QStringList &keywords)
{
    KeywordPlotData data;
    data.timeKey = timeKey;
    data.recordCount = table.rowCount();

    const int timeColumn = table.keywordIndex(timeKey);
    if (timeKey.isEmpty()) {
        data.message = QStringLiteral("No keyword chosen for the x axis.");
        return data;
    }
    // A keyword the structure calls numeric is plotted against as a number; anything else
    // (a time keyword, or one the structure does not know) as a time.
    const KeywordInfo *xInfo = structure.keyword(timeKey);
    data.xIsTime = !xInfo || xInfo->type == QLatin1String("time");
    if (!data.xIsTime && !isUnitless(xInfo->units))
        data.xUnits = xInfo->units.trimmed();
    if (timeColumn < 0) {
        data.message = QStringLiteral("%1 is not a column of the table; add it to plot against it.").arg(timeKey);
        return data;
    }

    // Times once for all series; NaN marks a record without a usable time.
    const StringColumn &timeValues = table.keywords[size_t(timeColumn)].values;
    const qsizetype rows = data.recordCount;
    std::vector<double> times(size_t(rows), std::numeric_limits<double>::quiet_NaN());
    const bool xHex = !data.xIsTime && xInfo->isInteger();
    for (qsizetype r = 0; r < rows && r < timeValues.size(); ++r) {
        const QByteArrayView raw = timeValues.raw(r);
        const std::optional<double> t = data.xIsTime ? parseTimeToUnixUtc(raw) : parseKeywordNumber(raw, xHex);
        if (t) {
            times[size_t(r)] = *t;
            ++data.validTimes;
        }
    }
    std::vector<int> order;
    order.reserve(size_t(data.validTimes));
    for (qsizetype r = 0; r < rows; ++r)
        if (!std::isnan(times[size_t(r)]))
            order.push_back(int(r));
    const auto earlier = [&times](int a, int b) { return times[size_t(a)] < times[size_t(b)]; };
    if (!std::is_sorted(order.begin(), order.end(), earlier))
        std::stable_sort(order.begin(), order.end(), earlier);

    for (const QString &name : keywords) {
        const int column = table.keywordIndex(name);
        if (column < 0) {
            data.absentKeywords.append(name);
            continue;
        }
        KeywordPlotSeries s;
        s.keyword = name;
        const KeywordInfo *info = structure.keyword(name);
        s.units = info && !isUnitless(info->units) ? info->units.trimmed() : QString();
        int axis = int(data.units.indexOf(s.units));
        if (axis < 0) {
            data.units.append(s.units);
            axis = int(data.units.size() - 1);
        }
        s.axis = axis;
        // drms parses hex only for integer keywords; unknown names (pseudo-keys) may be hex too.
        const bool allowHex = !info || info->isInteger();
        const StringColumn &values = table.keywords[size_t(column)].values;
        s.noTime = rows - data.validTimes;
        s.x.reserve(order.size());
        s.y.reserve(order.size());
        s.rows.reserve(order.size());
        bool pendingGap = false;
        for (int r : order) {
            const QByteArrayView raw = values.raw(r);
            std::optional<double> v;
            if (raw == QByteArrayView("MISSING"))
                ++s.missing;
            else if (!(v = parseKeywordNumber(raw, allowHex)))
                ++s.invalid;
            if (!v) {
                pendingGap = !s.x.empty();
                continue;
            }
            s.x.push_back(times[size_t(r)]);
            s.y.push_back(*v);
            s.rows.push_back(r);
            s.gapBefore.push_back(pendingGap);
            pendingGap = false;
        }
        data.series.push_back(std::move(s));
    }

    if (data.series.empty()) {
        data.message = keywords.isEmpty()
            ? QStringLiteral("No keywords chosen to plot.")
            : QStringLiteral("None of %1 is a column of the table.").arg(keywords.join(QLatin1String(", ")));
    } else if (rows == 0) {
        data.message = QStringLiteral("The table has no records.");
    } else if (data.validTimes == 0) {
        data.message = QStringLiteral("%1 has no valid %2 (all %3 records are MISSING or unreadable).")
                           .arg(timeKey, data.xIsTime ? QStringLiteral("times") : QStringLiteral("values"))
                           .arg(rows);
    } else if (!data.hasPoints()) {
        QStringList names;
        for (const KeywordPlotSeries &s : data.series)
            names.append(s.keyword);
        data.message = QStringLiteral("%1 %2 no numeric values (%3).")
                           .arg(names.join(QLatin1String(", ")),
                                names.size() == 1 ? QStringLiteral("has") : QStringLiteral("have"),
                                data.skippedSummary());
    }
    return data;
}

} // namespace jsoc

#include "model/drms/RecordWindowPlan.h"
#include "model/drms/DrmsLog.h"

#include "model/drms/DrmsTime.h"
#include "model/drms/RecordSetSpec.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace jsoc {

namespace {

using drms::Filter;
using drms::ValueItem;
using ItemKind = drms::ValueItem::Kind;

// No query is split into more pages than this (the page size grows instead).
constexpr qint64 kMaxWindows = 100000;

// The selected slots of the split key: first, first + stride, … up to last (inclusive).
struct SlotSpan {
    qint64 first = 0;
    qint64 last = -1;
    qint64 stride = 1;
    bool byIndex = false; // written `#a-#b` (index form) rather than as times
};

RecordWindowPlan single(const QString &recordSet, const QString &reason)
{
    // Why a big set went out as one request is the first question when it is slow.
    qCDebug(lcDrms).noquote() << "one request for" << recordSet << "because" << reason;
    RecordWindowPlan plan;
    plan.recordSets = {recordSet};
    plan.reason = reason;
    return plan;
}

bool isSingleValue(const Filter &f)
{
    if (f.kind != Filter::Kind::Values || f.items.size() != 1 || !f.items.first().step.isEmpty())
        return false;
    const ItemKind k = f.items.first().kind;
    return k == ItemKind::Value || k == ItemKind::Index || k == ItemKind::First || k == ItemKind::Last;
}

std::optional<qint64> parseIndex(const QString &text)
{
    bool ok = false;
    const qint64 v = text.trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

// Cadence in slots; nullopt (with `why`) when the step is not a whole number of slots.
std::optional<qint64> strideOf(const ValueItem &item, double slotStep, QString *why)
{
    if (item.step.isEmpty())
        return 1;
    if (item.kind == ItemKind::IndexRange || item.kind == ItemKind::IndexDuration) {
        *why = QStringLiteral("a cadence on slot indices is not split");
        return std::nullopt;
    }
    const auto secs = drms::parseDuration(item.step, slotStep);
    if (!secs || *secs <= 0) {
        *why = QStringLiteral("the cadence '%1' is not a duration").arg(item.step);
        return std::nullopt;
    }
    const double inSlots = *secs / slotStep;
    const double rounded = std::round(inSlots);
    if (rounded < 1 || std::abs(inSlots - rounded) > 1e-6 * std::max(1.0, inSlots)) {
        *why = QStringLiteral("the cadence '%1' is not a whole number of %2 s slots").arg(item.step).arg(slotStep);
        return std::nullopt;
    }
    return qint64(rounded);
}

// The slots a range/duration item selects, resolved as DRMS does (nearest slot; `a/d` is [a, a+d)).
std::optional<SlotSpan> slotSpan(const ValueItem &item, const drms::SlotAxis &axis, QString *why)
{
    const auto stride = strideOf(item, axis.step, why);
    if (!stride)
        return std::nullopt;
    SlotSpan span;
    span.stride = *stride;
    switch (item.kind) {
    case ItemKind::Range: {
        const auto a = drms::parseTime(item.first.trimmed());
        const auto b = drms::parseTime(item.second.trimmed());
        if (!a || !b) {
            *why = QStringLiteral("the range ends are not times");
            return std::nullopt;
        }
        span.first = axis.indexOf(*a);
        span.last = axis.indexOf(*b);
        break;
    }
    case ItemKind::Duration: {
        const auto t = drms::parseTime(item.first.trimmed());
        const auto d = drms::parseDuration(item.second.trimmed(), axis.step);
        if (!t || !d) {
            *why = QStringLiteral("the duration start is not a time or its length not a duration");
            return std::nullopt;
        }
        span.first = axis.indexOf(*t);
        span.last = axis.indexOf(*t + *d) - 1;
        break;
    }
    case ItemKind::IndexRange: {
        const auto a = parseIndex(item.first), b = parseIndex(item.second);
        if (!a || !b) {
            *why = QStringLiteral("the index range is not two slot numbers");
            return std::nullopt;
        }
        span = {*a, *b, 1, true};
        break;
    }
    case ItemKind::IndexDuration: {
        const auto a = parseIndex(item.first), n = parseIndex(item.second);
        if (!a || !n) {
            *why = QStringLiteral("the index duration is not a slot number and a count");
            return std::nullopt;
        }
        span = {*a, *a + *n - 1, 1, true};
        break;
    }
    default:
        *why = QStringLiteral("the time key selects single values, not a range");
        return std::nullopt;
    }
    if (span.first == std::numeric_limits<qint64>::min() || span.last == std::numeric_limits<qint64>::min()
        || span.last < span.first) {
        *why = QStringLiteral("the range selects no slot");
        return std::nullopt;
    }
    return span;
}

// Exact slot time as TAI text: as few decimals as round-trip to the same instant.
QString slotTimeText(double t)
{
    QString text;
    for (int precision : {0, 3, 6}) {
        text = drms::formatTime(t, drms::TimeStyle::Tai, precision);
        const auto back = drms::parseTime(text);
        if (back && std::abs(*back - t) < 1e-6)
            break;
    }
    return text;
}

QString secondsText(double seconds)
{
    const double rounded = std::round(seconds);
    if (std::abs(seconds - rounded) < 1e-9 * std::max(1.0, std::abs(seconds)))
        return QString::number(qint64(rounded)) + QLatin1Char('s');
    return QString::number(seconds, 'g', 15) + QLatin1Char('s');
}

// Window of slots [from, to] (to inclusive) as one value item.
ValueItem windowItem(const SlotSpan &span, const drms::SlotAxis &axis, qint64 from, qint64 to, const QString &step)
{
    ValueItem item;
    if (span.byIndex) {
        item.kind = ItemKind::IndexRange;
        item.first = QString::number(from);
        item.second = QString::number(to);
        return item;
    }
    item.kind = ItemKind::Duration;
    item.first = slotTimeText(axis.timeOf(from));
    item.second = secondsText(double(to - from + 1) * axis.step);
    item.step = step;
    return item;
}

// Which prime key each filter binds to (-1 for SQL and record-number filters), following the
// DRMS rules: positional filters take the next key, `[KEY=…]` names one without using a position.
std::optional<QList<int>> bindFilters(const drms::Subset &subset, const QStringList &primeKeys, QString *why)
{
    QList<int> keyOf;
    int pos = 0;
    for (const Filter &f : subset.filters) {
        if (f.kind == Filter::Kind::Query || f.kind == Filter::Kind::AllVersionsQuery || f.kind == Filter::Kind::Recnums) {
            keyOf.append(-1);
            continue;
        }
        int key = -1;
        if (!f.keyName.isEmpty()) {
            for (int i = 0; i < primeKeys.size(); ++i)
                if (primeKeys[i].compare(f.keyName, Qt::CaseInsensitive) == 0)
                    key = i;
        } else {
            key = pos++;
        }
        if (key < 0 || key >= primeKeys.size()) {
            *why = QStringLiteral("a filter does not bind to a prime key");
            return std::nullopt;
        }
        if (keyOf.contains(key)) {
            *why = QStringLiteral("prime key %1 is constrained twice").arg(primeKeys[key]);
            return std::nullopt;
        }
        keyOf.append(key);
    }
    return keyOf;
}

} // namespace

RecordWindowPlan planRecordWindows(const QString &recordSet, const SeriesStructure &structure, qint64 totalCount,
                                   int rowsPerPage)
{
    drms::RecordSetParseError parseError;
    const auto spec = drms::parseRecordSet(recordSet, &parseError);
    if (!spec)
        return single(recordSet, QStringLiteral("the record set does not parse: %1").arg(parseError.message));
    if (spec->subsets.size() != 1)
        return single(recordSet, QStringLiteral("the record set has %1 subsets").arg(spec->subsets.size()));
    if (rowsPerPage <= 0)
        return single(recordSet, QStringLiteral("no page size was given"));
    if (totalCount <= rowsPerPage)
        return single(recordSet, QStringLiteral("%1 records fit in one page").arg(totalCount));
    const drms::Subset &subset = spec->subsets.first();
    if (!structure.name.isEmpty() && subset.series.compare(structure.name, Qt::CaseInsensitive) != 0)
        return single(recordSet, QStringLiteral("the structure is for %1, not %2").arg(structure.name, subset.series));

    QString why;
    const auto keyOf = bindFilters(subset, structure.primeKeys, &why);
    if (!keyOf)
        return single(recordSet, why);
    for (const Filter &f : subset.filters)
        if (f.kind == Filter::Kind::Recnums)
            return single(recordSet, QStringLiteral("records are selected by record number"));

    // The split key: the first slotted time key whose one filter item is a range or duration.
    auto isSpan = [](const Filter &f) {
        if (f.kind != Filter::Kind::Values || f.items.size() != 1)
            return false;
        const ItemKind k = f.items.first().kind;
        return k == ItemKind::Range || k == ItemKind::Duration || k == ItemKind::IndexRange || k == ItemKind::IndexDuration;
    };
    int splitKey = -1;
    for (int key = 0; key < structure.primeKeys.size() && key < structure.primeKeysInfo.size() && splitKey < 0; ++key) {
        const int fi = int(keyOf->indexOf(key));
        const PrimeKeyInfo &info = structure.primeKeysInfo[key];
        if (info.slotted && info.isTime() && fi >= 0 && isSpan(subset.filters[fi]))
            splitKey = key;
    }
    if (splitKey < 0)
        return single(recordSet, QStringLiteral("no slotted time prime key selects one range or duration"));
    // Records come sorted by the prime keys in order, so windows over the split key keep the
    // original order only when every earlier key holds one value.
    for (int key = 0; key < splitKey; ++key) {
        const int fi = int(keyOf->indexOf(key));
        if (fi < 0 || !isSingleValue(subset.filters[fi]))
            return single(recordSet, QStringLiteral("prime key %1 is not a single value, so windows on %2 would reorder records")
                                         .arg(structure.primeKeys[key], structure.primeKeys[splitKey]));
    }

    const PrimeKeyInfo &info = structure.primeKeysInfo[splitKey];
    const int fi = int(keyOf->indexOf(splitKey));
    const auto step = info.stepSeconds();
    const auto epoch = drms::parseTime(info.epoch);
    if (!step || !epoch)
        return single(recordSet, QStringLiteral("the slot epoch or step of %1 is unknown").arg(info.name));
    const drms::SlotAxis axis{*epoch, *step};
    const ValueItem &item = subset.filters[fi].items.first();
    const auto span = slotSpan(item, axis, &why);
    if (!span)
        return single(recordSet, why);

    const qint64 selected = (span->last - span->first) / span->stride + 1;
    const double rowsPerSlot = double(totalCount) / double(selected);
    qint64 perWindow = std::max<qint64>(1, qint64(std::floor(double(rowsPerPage) / rowsPerSlot)));
    perWindow = std::max(perWindow, (selected + kMaxWindows - 1) / kMaxWindows);
    if (perWindow >= selected)
        return single(recordSet, QStringLiteral("the range of %1 is one window").arg(info.name));

    RecordWindowPlan plan;
    plan.split = true;
    plan.splitKey = info.name;
    plan.slotsPerWindow = perWindow;
    drms::RecordSetSpec windowSpec = *spec;
    Filter &windowFilter = windowSpec.subsets.first().filters[fi];
    for (qint64 done = 0; done < selected; done += perWindow) {
        const qint64 from = span->first + done * span->stride;
        const bool last = done + perWindow >= selected;
        const qint64 to = last ? span->last : from + perWindow * span->stride - 1;
        windowFilter.items = {windowItem(*span, axis, from, to, item.step)};
        plan.recordSets.append(drms::toString(windowSpec));
    }
    return plan;
}

} // namespace jsoc

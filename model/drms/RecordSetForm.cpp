#include "model/drms/RecordSetForm.h"

#include "model/drms/DrmsTime.h"

#include <QRegularExpression>

namespace jsoc {
namespace {

using drms::Filter;
using drms::ValueItem;

// A time, or text shaped like a dated one (`2014.13.45_…`): the time fields take it and say
// what is wrong with it, rather than it passing silently as an expression.
bool isTimeText(const QString &text)
{
    static const QRegularExpression dated(QStringLiteral("^\\s*\\d{4}[.-]\\d{1,2}[.-]\\d{1,2}"));
    return drms::parseTime(text).has_value() || dated.match(text).hasMatch();
}

QString itemsText(const QList<ValueItem> &items)
{
    QStringList parts;
    parts.reserve(items.size());
    for (const ValueItem &item : items)
        parts.append(drms::toString(item));
    return parts.join(u',');
}

// The condition a prime-key filter means for `key` (filter kind Empty or Values).
KeyCondition conditionFromFilter(const PrimeKeyInfo &key, const Filter &filter)
{
    KeyCondition c;
    c.key = key.name;
    c.byName = !filter.keyName.isEmpty();
    if (filter.kind == Filter::Kind::Empty || filter.items.isEmpty())
        return c;
    if (key.isTime() && filter.items.size() == 1) {
        const ValueItem &item = filter.items.first();
        switch (item.kind) {
        case ValueItem::Kind::Value:
            if (item.step.isEmpty() && isTimeText(item.first)) {
                c.kind = KeyCondition::Kind::Time;
                c.start = item.first;
                c.span = KeyCondition::TimeSpan::Single;
                return c;
            }
            break;
        case ValueItem::Kind::Range:
            if (isTimeText(item.first) && isTimeText(item.second)) {
                c.kind = KeyCondition::Kind::Time;
                c.start = item.first;
                c.span = KeyCondition::TimeSpan::End;
                c.end = item.second;
                c.cadence = item.step;
                return c;
            }
            break;
        case ValueItem::Kind::Duration:
            if (isTimeText(item.first)) {
                c.kind = KeyCondition::Kind::Time;
                c.start = item.first;
                c.span = KeyCondition::TimeSpan::Duration;
                c.duration = item.second;
                c.cadence = item.step;
                return c;
            }
            break;
        default:
            break;
        }
    }
    c.kind = KeyCondition::Kind::List;
    c.list = itemsText(filter.items);
    return c;
}

// Same scan as the grammar's `[? … ?]`.
qsizetype sqlEnd(QStringView s, qsizetype from, QChar marker)
{
    return drms::findSqlEnd(s, from, marker);
}

struct Layout {
    QList<int> subsetStarts;
    QList<QList<int>> filterStarts;
};

Layout scanLayout(QStringView s)
{
    Layout layout;
    qsizetype p = 0;
    const auto skip = [&] {
        while (p < s.size() && s[p].isSpace())
            ++p;
    };
    while (p < s.size()) {
        skip();
        if (p >= s.size())
            break;
        layout.subsetStarts.append(int(p));
        layout.filterStarts.append(QList<int>());
        while (p < s.size() && s[p] != u'[' && s[p] != u'{' && s[p] != u',' && !s[p].isSpace())
            ++p;
        for (;;) {
            skip();
            if (p >= s.size() || s[p] != u'[')
                break;
            layout.filterStarts.last().append(int(p));
            qsizetype q = p + 1;
            while (q < s.size() && s[q].isSpace())
                ++q;
            if (q < s.size() && (s[q] == u'?' || s[q] == u'!')) {
                const qsizetype end = sqlEnd(s, q + 1, s[q]);
                p = end < 0 ? s.size() : end + 2;
            } else {
                const qsizetype end = s.indexOf(u']', q);
                p = end < 0 ? s.size() : end + 1;
            }
        }
        if (p < s.size() && s[p] == u'{') {
            const qsizetype end = s.indexOf(u'}', p);
            p = end < 0 ? s.size() : end + 1;
        }
        skip();
        if (p < s.size() && s[p] == u',')
            ++p;
        else
            break;
    }
    return layout;
}

std::nullopt_t fail(RecordSetFormError *error, const QString &message, int position)
{
    if (error) {
        error->message = message;
        error->position = position;
    }
    return std::nullopt;
}

QString filterText(const KeyCondition &c, bool named)
{
    QString out = QStringLiteral("[");
    if (named)
        out += c.key + u'=';
    out += keyConditionText(c);
    out += u']';
    return out;
}

} // namespace

RecordSetForm emptyRecordSetForm(const SeriesStructure &structure)
{
    RecordSetForm form;
    form.series = structure.name;
    form.keys.reserve(structure.primeKeysInfo.size());
    for (const PrimeKeyInfo &key : structure.primeKeysInfo) {
        KeyCondition c;
        c.key = key.name;
        form.keys.append(c);
    }
    return form;
}

std::optional<RecordSetForm> parseRecordSetForm(QStringView text, const SeriesStructure &structure,
                                                RecordSetFormError *error)
{
    drms::RecordSetParseError syntax;
    const std::optional<drms::RecordSetSpec> spec = drms::parseRecordSet(text, &syntax);
    if (!spec)
        return fail(error, syntax.message, syntax.position);
    const Layout layout = scanLayout(text);
    const auto filterAt = [&](int subset, int filter) {
        if (subset < layout.filterStarts.size() && filter < layout.filterStarts[subset].size())
            return layout.filterStarts[subset][filter];
        return layout.subsetStarts.value(subset, 0);
    };

    const drms::Subset &first = spec->subsets.first();
    if (!structure.name.isEmpty() && first.series.compare(structure.name, Qt::CaseInsensitive) != 0)
        return fail(error,
                    QStringLiteral("the record set names %1, but the form is for %2").arg(first.series, structure.name),
                    layout.subsetStarts.value(0, 0));

    RecordSetForm form = emptyRecordSetForm(structure);
    form.series = first.series;
    form.hasSegmentList = first.hasSegmentList;
    form.segments = first.segments;
    const QStringList keyNames = structure.primeKeys;
    QList<bool> bound(structure.primeKeysInfo.size(), false);
    int position = 0; // next prime key for a filter without a name
    bool haveWhere = false;
    for (int i = 0; i < first.filters.size(); ++i) {
        const Filter &f = first.filters[i];
        switch (f.kind) {
        case Filter::Kind::Query:
            if (!haveWhere) {
                form.where = f.sql;
                haveWhere = true;
            } else {
                form.extraFilters.append(f);
            }
            continue;
        case Filter::Kind::AllVersionsQuery:
        case Filter::Kind::Recnums:
            form.extraFilters.append(f);
            continue;
        case Filter::Kind::Empty:
        case Filter::Kind::Values:
            break;
        }
        int key = -1;
        if (f.keyName.isEmpty()) {
            key = position++;
            if (key >= structure.primeKeysInfo.size()) {
                const QString names = keyNames.isEmpty() ? QStringLiteral("none") : keyNames.join(QStringLiteral(", "));
                return fail(error,
                            QStringLiteral("%1 has %2 prime key(s) (%3); this filter would bind to prime key %4")
                                .arg(structure.name.isEmpty() ? first.series : structure.name)
                                .arg(structure.primeKeysInfo.size())
                                .arg(names)
                                .arg(key + 1),
                            filterAt(0, i));
            }
        } else {
            for (int k = 0; k < structure.primeKeysInfo.size(); ++k) {
                if (structure.primeKeysInfo[k].name.compare(f.keyName, Qt::CaseInsensitive) == 0)
                    key = k;
            }
            if (key < 0) {
                // JSOC also accepts a slotted key's index keyword (T_REC_index=…): keep such
                // filters as typed; anything else is no prime key at all.
                if (structure.keyword(f.keyName) || f.keyName.endsWith(QLatin1String("_index"), Qt::CaseInsensitive)) {
                    form.extraFilters.append(f);
                    continue;
                }
                return fail(error,
                            QStringLiteral("'%1' is not a prime key of %2 (prime keys: %3)")
                                .arg(f.keyName, structure.name.isEmpty() ? first.series : structure.name,
                                     keyNames.isEmpty() ? QStringLiteral("none") : keyNames.join(QStringLiteral(", "))),
                            filterAt(0, i) + 1);
            }
        }
        if (f.kind == Filter::Kind::Empty)
            continue;
        if (bound[key]) {
            // A second filter on the same key: JSOC applies both; keep it as typed, bound by name.
            Filter named = f;
            named.keyName = structure.primeKeysInfo[key].name;
            form.extraFilters.append(named);
            continue;
        }
        bound[key] = true;
        form.keys[key] = conditionFromFilter(structure.primeKeysInfo[key], f);
    }
    form.extraSubsets = spec->subsets.mid(1);
    return form;
}

QString keyConditionText(const KeyCondition &c)
{
    switch (c.kind) {
    case KeyCondition::Kind::Any:
        return {};
    case KeyCondition::Kind::List:
        return c.list;
    case KeyCondition::Kind::Time:
        break;
    }
    QString out = c.start;
    if (c.span == KeyCondition::TimeSpan::End && !c.end.isEmpty())
        out += u'-' + c.end;
    else if (c.span == KeyCondition::TimeSpan::Duration && !c.duration.isEmpty())
        out += u'/' + c.duration;
    else
        return out;
    if (!c.cadence.isEmpty())
        out += u'@' + c.cadence;
    return out;
}

QString recordSetFormText(const RecordSetForm &form)
{
    QString out = form.series;
    // Positional filters first, with `[]` for the keys they skip; named filters do not move the
    // position (drms_names.c), so they can follow in series order.
    int lastPositional = -1;
    for (int i = 0; i < form.keys.size(); ++i) {
        if (!form.keys[i].isAny() && !form.keys[i].byName)
            lastPositional = i;
    }
    for (int i = 0; i <= lastPositional; ++i) {
        const KeyCondition &c = form.keys[i];
        out += (c.isAny() || c.byName) ? QStringLiteral("[]") : filterText(c, false);
    }
    for (const KeyCondition &c : form.keys) {
        if (!c.isAny() && c.byName)
            out += filterText(c, true);
    }
    if (!form.where.trimmed().isEmpty()) {
        Filter where;
        where.kind = Filter::Kind::Query;
        where.sql = form.where.trimmed();
        out += drms::toString(where);
    }
    for (const Filter &f : form.extraFilters)
        out += drms::toString(f);
    if (form.hasSegmentList)
        out += u'{' + form.segments.join(u',') + u'}';
    for (const drms::Subset &s : form.extraSubsets)
        out += u',' + drms::toString(s);
    return out;
}

std::optional<KeyCondition> parseKeyCondition(const PrimeKeyInfo &key, QStringView items, RecordSetFormError *error)
{
    if (items.trimmed().isEmpty()) {
        KeyCondition c;
        c.key = key.name;
        return c;
    }
    // Parsed as the only filter of a dummy subset, so the grammar's own checks and messages apply.
    const QString wrapped = QStringLiteral("x[") + items.toString() + u']';
    drms::RecordSetParseError syntax;
    const auto spec = drms::parseRecordSet(wrapped, &syntax);
    if (!spec)
        return fail(error, syntax.message, qBound(0, syntax.position - 2, int(items.size())));
    const drms::Subset &s = spec->subsets.first();
    if (spec->subsets.size() != 1 || s.filters.size() != 1 || s.hasSegmentList
        || s.filters.first().kind != Filter::Kind::Values || !s.filters.first().keyName.isEmpty())
        return fail(error,
                    QStringLiteral("'%1' is not a list of values for %2 (use e.g. 171,193 or 100-200)")
                        .arg(items.toString(), key.name),
                    0);
    return conditionFromFilter(key, s.filters.first());
}

QList<QList<int>> filterPositions(QStringView text) { return scanLayout(text).filterStarts; }

QList<int> subsetPositions(QStringView text) { return scanLayout(text).subsetStarts; }

} // namespace jsoc

#include "model/drms/RecordSetSpec.h"

#include "model/drms/AsciiChar.h"
#include "model/drms/DrmsTime.h"

namespace drms {
namespace {

bool isSpace(QChar c) { return c.isSpace(); }

// `[+-]digits[.digits][e[+-]digits]` (or `.digits`).
bool isNumber(QStringView s)
{
    qsizetype p = 0;
    if (p < s.size() && (s[p] == u'-' || s[p] == u'+'))
        ++p;
    bool digits = false;
    while (p < s.size() && isAsciiDigit(s[p])) {
        ++p;
        digits = true;
    }
    if (p < s.size() && s[p] == u'.') {
        ++p;
        while (p < s.size() && isAsciiDigit(s[p])) {
            ++p;
            digits = true;
        }
    }
    if (!digits)
        return false;
    if (p < s.size() && (s[p] == u'e' || s[p] == u'E')) {
        ++p;
        if (p < s.size() && (s[p] == u'-' || s[p] == u'+'))
            ++p;
        const qsizetype start = p;
        while (p < s.size() && isAsciiDigit(s[p]))
            ++p;
        if (p == start)
            return false;
    }
    return p == s.size();
}

bool isInteger(QStringView s)
{
    qsizetype p = (!s.isEmpty() && (s[0] == u'-' || s[0] == u'+')) ? 1 : 0;
    if (p == s.size())
        return false;
    for (; p < s.size(); ++p) {
        if (!isAsciiDigit(s[p]))
            return false;
    }
    return true;
}

// Something that can stand alone as one end of a range.
bool isValueToken(QStringView s)
{
    s = s.trimmed();
    if (s.isEmpty())
        return false;
    return isNumber(s) || parseDuration(s, 1.0).has_value() || parseTime(s).has_value();
}

bool isStepText(QStringView s) { return parseDuration(s, 1.0).has_value(); }

class Parser final
{
public:
    Parser(QStringView text, RecordSetParseError *error) : m_s(text), m_error(error) {}

    std::optional<RecordSetSpec> run()
    {
        RecordSetSpec spec;
        skipSpace();
        if (atEnd())
            return fail(QStringLiteral("the record set is empty; expected a series name such as hmi.M_45s"), 0);
        for (;;) {
            Subset subset;
            if (!parseSubset(subset))
                return std::nullopt;
            spec.subsets.append(subset);
            skipSpace();
            if (atEnd())
                break;
            const QChar c = m_s[m_pos];
            if (c == u',') {
                ++m_pos;
                skipSpace();
                if (atEnd())
                    return fail(QStringLiteral("expected a series name after ','"), m_pos);
                continue;
            }
            if (c == u']' || c == u'}')
                return fail(QStringLiteral("unexpected '%1' with no matching '%2'")
                                .arg(c)
                                .arg(c == u']' ? QLatin1Char('[') : QLatin1Char('{')),
                            m_pos);
            return fail(QStringLiteral("unexpected '%1' after '%2'; expected '[', '{', ',' or the end")
                            .arg(c)
                            .arg(subset.series),
                        m_pos);
        }
        return spec;
    }

private:
    bool atEnd() const { return m_pos >= m_s.size(); }
    void skipSpace()
    {
        while (m_pos < m_s.size() && isSpace(m_s[m_pos]))
            ++m_pos;
    }

    std::nullopt_t fail(const QString &message, qsizetype position)
    {
        if (m_error) {
            m_error->message = message;
            m_error->position = int(position);
        }
        return std::nullopt;
    }

    bool parseSubset(Subset &subset)
    {
        const QChar first = m_s[m_pos];
        if (first == u'@')
            return failed(QStringLiteral("'@file' record sets name files on the JSOC server and cannot be used over the web"), m_pos);
        if (!isAsciiLetter(first))
            return failed(QStringLiteral("expected a series name (a letter, then letters, digits, '_' or '.') but found '%1'")
                              .arg(first),
                          m_pos);
        const qsizetype start = m_pos;
        while (m_pos < m_s.size()
               && (isAsciiLetter(m_s[m_pos]) || isAsciiDigit(m_s[m_pos]) || m_s[m_pos] == u'_' || m_s[m_pos] == u'.'))
            ++m_pos;
        subset.series = m_s.mid(start, m_pos - start).toString();
        for (;;) {
            skipSpace();
            if (atEnd() || m_s[m_pos] != u'[')
                break;
            Filter filter;
            if (!parseFilter(filter))
                return false;
            subset.filters.append(filter);
        }
        if (!atEnd() && m_s[m_pos] == u'{') {
            if (!parseSegments(subset))
                return false;
            skipSpace();
            if (!atEnd() && m_s[m_pos] == u'[')
                return failed(QStringLiteral("filters '[…]' must come before the segment list '{…}'"), m_pos);
            if (!atEnd() && m_s[m_pos] == u'{')
                return failed(QStringLiteral("only one segment list '{…}' is allowed per series"), m_pos);
        }
        return true;
    }

    bool failed(const QString &message, qsizetype position)
    {
        fail(message, position);
        return false;
    }

    qsizetype findSqlEnd(qsizetype from, QChar marker) const { return drms::findSqlEnd(m_s, from, marker); }

    bool parseFilter(Filter &filter)
    {
        const qsizetype open = m_pos;
        ++m_pos;
        skipSpace();
        if (!atEnd() && (m_s[m_pos] == u'?' || m_s[m_pos] == u'!')) {
            const QChar marker = m_s[m_pos];
            const qsizetype end = findSqlEnd(m_pos + 1, marker);
            if (end < 0)
                return failed(QStringLiteral("expected '%1]' to close the SQL filter '[%1' opened at %2")
                                  .arg(marker)
                                  .arg(open),
                              m_s.size());
            filter.kind = marker == u'?' ? Filter::Kind::Query : Filter::Kind::AllVersionsQuery;
            filter.sql = m_s.mid(m_pos + 1, end - m_pos - 1).trimmed().toString();
            m_pos = end + 2;
            return true;
        }
        const qsizetype contentStart = m_pos;
        while (!atEnd() && m_s[m_pos] != u']') {
            const QChar c = m_s[m_pos];
            if (c == u'[' || c == u'{' || c == u'}')
                return failed(QStringLiteral("unexpected '%1' inside the filter opened at %2; expected ']'")
                                  .arg(c)
                                  .arg(open),
                              m_pos);
            ++m_pos;
        }
        if (atEnd())
            return failed(QStringLiteral("expected ']' to close the filter opened at %1").arg(open), m_pos);
        const qsizetype contentEnd = m_pos;
        ++m_pos; // ']'
        return parseFilterContent(filter, contentStart, contentEnd);
    }

    bool parseFilterContent(Filter &filter, qsizetype start, qsizetype end)
    {
        while (start < end && isSpace(m_s[start]))
            ++start;
        if (start == end) {
            filter.kind = Filter::Kind::Empty;
            return true;
        }
        if (m_s[start] == u':') {
            filter.kind = Filter::Kind::Recnums;
            return parseItems(filter, start + 1, end, true);
        }
        // `KEY=` prefix?
        qsizetype p = start;
        if (isAsciiLetter(m_s[p]) || m_s[p] == u'_') {
            while (p < end && (isAsciiLetter(m_s[p]) || isAsciiDigit(m_s[p]) || m_s[p] == u'_'))
                ++p;
            qsizetype q = p;
            while (q < end && isSpace(m_s[q]))
                ++q;
            if (q < end && m_s[q] == u'=') {
                filter.keyName = m_s.mid(start, p - start).toString();
                start = q + 1;
                while (start < end && isSpace(m_s[start]))
                    ++start;
                if (start == end)
                    return failed(QStringLiteral("expected values after '%1='").arg(filter.keyName), end);
            }
        }
        filter.kind = Filter::Kind::Values;
        return parseItems(filter, start, end, false);
    }

    bool parseItems(Filter &filter, qsizetype start, qsizetype end, bool recnums)
    {
        qsizetype itemStart = start;
        for (qsizetype p = start; p <= end; ++p) {
            if (p < end && m_s[p] != u',')
                continue;
            ValueItem item;
            if (!parseItem(item, itemStart, p, recnums))
                return false;
            filter.items.append(item);
            itemStart = p + 1;
        }
        return true;
    }

    bool parseItem(ValueItem &item, qsizetype start, qsizetype end, bool recnums)
    {
        while (start < end && isSpace(m_s[start]))
            ++start;
        while (end > start && isSpace(m_s[end - 1]))
            --end;
        if (start == end)
            return failed(recnums ? QStringLiteral("expected a record number such as #123")
                                  : QStringLiteral("expected a value (empty item in the list)"),
                          start);
        QStringView body = m_s.mid(start, end - start);
        const qsizetype at = body.indexOf(u'@');
        if (at >= 0) {
            item.step = body.mid(at + 1).trimmed().toString();
            body = body.left(at).trimmed();
            if (body.isEmpty())
                return failed(QStringLiteral("expected a value before '@'"), start);
            if (item.step.isEmpty())
                return failed(QStringLiteral("expected a step after '@' (e.g. @45s, @1h, @10u)"), start + at);
        }
        if (body.startsWith(u'#'))
            return parseIndexItem(item, body, start, at);
        if (recnums)
            return failed(QStringLiteral("record numbers are written '#n', '#a-#b', '#^' or '#$', not '%1'")
                              .arg(body.toString()),
                          start);
        if (at >= 0 && !isStepText(item.step))
            return failed(QStringLiteral("'%1' is not a valid step (use e.g. 45s, 1.5m, 2h, 1d, 10u or a number)")
                              .arg(item.step),
                          start + at + 1);
        if (body == u"^" || body == u"$") {
            item.kind = body == u"^" ? ValueItem::Kind::First : ValueItem::Kind::Last;
            return true;
        }
        const qsizetype slash = body.indexOf(u'/');
        if (slash >= 0) {
            item.kind = ValueItem::Kind::Duration;
            item.first = body.left(slash).trimmed().toString();
            item.second = body.mid(slash + 1).trimmed().toString();
            if (item.first.isEmpty())
                return failed(QStringLiteral("expected a start value before '/'"), start + slash);
            if (!isStepText(item.second))
                return failed(QStringLiteral("'%1' is not a valid duration after '/' (use e.g. 1d, 6h, 3m, 45s, 10u)")
                                  .arg(item.second),
                              start + slash + 1);
            return true;
        }
        item.first = body.toString();
        if (!isValueToken(body)) {
            for (qsizetype i = 1; i < body.size(); ++i) {
                if (body[i] != u'-')
                    continue;
                const QStringView left = body.left(i);
                const QStringView right = body.mid(i + 1);
                if (isValueToken(left) && isValueToken(right)) {
                    const QString a = left.trimmed().toString();
                    const QString b = right.trimmed().toString();
                    // `X - 0100` would print as `X-0100`, which reads as one time with a zone
                    // offset; keep such text a Value so the canonical form means the same.
                    if (isValueToken(QString(a + u'-' + b)))
                        break;
                    item.kind = ValueItem::Kind::Range;
                    item.first = a;
                    item.second = b;
                    return true;
                }
            }
        }
        item.kind = ValueItem::Kind::Value;
        return true;
    }

    // `#n`, `#^`, `#$`, `#a-#b`, `#a/n`, each optionally `@n`.
    bool parseIndexItem(ValueItem &item, QStringView body, qsizetype start, qsizetype at)
    {
        const auto bad = [&] {
            return failed(QStringLiteral("'%1' is not a valid index (use #n, #a-#b, #a/n, #^ or #$)")
                              .arg(body.toString()),
                          start);
        };
        if (at >= 0 && !isInteger(item.step))
            return failed(QStringLiteral("an index step must be a whole number, not '%1'").arg(item.step),
                          start + at + 1);
        const QStringView rest = body.mid(1).trimmed();
        if (rest == u"^" || rest == u"$") {
            if (at >= 0)
                return failed(QStringLiteral("'#%1' cannot have a step").arg(rest.toString()), start + at);
            item.kind = ValueItem::Kind::Index;
            item.first = rest.toString();
            return true;
        }
        const qsizetype slash = rest.indexOf(u'/');
        if (slash >= 0) {
            const QStringView a = rest.left(slash).trimmed();
            const QStringView n = rest.mid(slash + 1).trimmed();
            if (!isInteger(a) || !isInteger(n))
                return bad();
            item.kind = ValueItem::Kind::IndexDuration;
            item.first = a.toString();
            item.second = n.toString();
            return true;
        }
        const qsizetype dash = rest.indexOf(u'#');
        if (dash >= 0) {
            const QStringView a = rest.left(dash).trimmed();
            const QStringView b = rest.mid(dash + 1).trimmed();
            if (!a.endsWith(u'-'))
                return bad();
            const QStringView a2 = a.chopped(1).trimmed();
            if (!isInteger(a2) || !isInteger(b))
                return bad();
            item.kind = ValueItem::Kind::IndexRange;
            item.first = a2.toString();
            item.second = b.toString();
            return true;
        }
        if (!isInteger(rest))
            return bad();
        item.kind = ValueItem::Kind::Index;
        item.first = rest.toString();
        return true;
    }

    bool parseSegments(Subset &subset)
    {
        const qsizetype open = m_pos;
        ++m_pos;
        subset.hasSegmentList = true;
        const qsizetype start = m_pos;
        while (!atEnd() && m_s[m_pos] != u'}') {
            const QChar c = m_s[m_pos];
            if (c == u'{' || c == u'[' || c == u']')
                return failed(QStringLiteral("unexpected '%1' inside the segment list opened at %2; expected '}'")
                                  .arg(c)
                                  .arg(open),
                              m_pos);
            ++m_pos;
        }
        if (atEnd())
            return failed(QStringLiteral("expected '}' to close the segment list opened at %1").arg(open), m_pos);
        const qsizetype end = m_pos;
        ++m_pos;
        const QStringView content = m_s.mid(start, end - start);
        if (content.trimmed().isEmpty())
            return true;
        qsizetype itemStart = 0;
        for (qsizetype p = 0; p <= content.size(); ++p) {
            if (p < content.size() && content[p] != u',')
                continue;
            const QStringView name = content.mid(itemStart, p - itemStart).trimmed();
            if (name.isEmpty())
                return failed(QStringLiteral("expected a segment name"), start + itemStart);
            for (QChar c : name) {
                if (isSpace(c))
                    return failed(QStringLiteral("segment name '%1' contains a space; separate names with ','")
                                      .arg(name.toString()),
                                  start + itemStart);
            }
            subset.segments.append(name.toString());
            itemStart = p + 1;
        }
        return true;
    }

    QStringView m_s;
    RecordSetParseError *m_error;
    qsizetype m_pos = 0;
};

} // namespace

qsizetype findSqlEnd(QStringView text, qsizetype from, QChar marker)
{
    QChar quote;
    qsizetype firstAny = -1;
    for (qsizetype p = from; p + 1 < text.size(); ++p) {
        const QChar c = text[p];
        const bool closes = c == marker && text[p + 1] == u']';
        if (closes && firstAny < 0)
            firstAny = p;
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == u'\'' || c == u'"')
            quote = c;
        else if (closes)
            return p;
    }
    return firstAny;
}

std::optional<RecordSetSpec> parseRecordSet(QStringView text, RecordSetParseError *error)
{
    return Parser(text, error).run();
}

QString toString(const ValueItem &item)
{
    QString out;
    switch (item.kind) {
    case ValueItem::Kind::Value:
        out = item.first;
        break;
    case ValueItem::Kind::Range:
        out = item.first + u'-' + item.second;
        break;
    case ValueItem::Kind::Duration:
        out = item.first + u'/' + item.second;
        break;
    case ValueItem::Kind::First:
        out = QStringLiteral("^");
        break;
    case ValueItem::Kind::Last:
        out = QStringLiteral("$");
        break;
    case ValueItem::Kind::Index:
        out = u'#' + item.first;
        break;
    case ValueItem::Kind::IndexRange:
        out = u'#' + item.first + QStringLiteral("-#") + item.second;
        break;
    case ValueItem::Kind::IndexDuration:
        out = u'#' + item.first + u'/' + item.second;
        break;
    }
    if (!item.step.isEmpty())
        out += u'@' + item.step;
    return out;
}

QString toString(const Filter &filter)
{
    switch (filter.kind) {
    case Filter::Kind::Empty:
        return QStringLiteral("[]");
    case Filter::Kind::Query:
        return QStringLiteral("[? %1 ?]").arg(filter.sql);
    case Filter::Kind::AllVersionsQuery:
        return QStringLiteral("[! %1 !]").arg(filter.sql);
    case Filter::Kind::Values:
    case Filter::Kind::Recnums:
        break;
    }
    QString out = QStringLiteral("[");
    if (filter.kind == Filter::Kind::Recnums)
        out += u':';
    else if (!filter.keyName.isEmpty())
        out += filter.keyName + u'=';
    for (qsizetype i = 0; i < filter.items.size(); ++i) {
        if (i > 0)
            out += u',';
        out += toString(filter.items[i]);
    }
    out += u']';
    return out;
}

QString toString(const Subset &subset)
{
    QString out = subset.series;
    for (const Filter &f : subset.filters)
        out += toString(f);
    if (subset.hasSegmentList)
        out += u'{' + subset.segments.join(u',') + u'}';
    return out;
}

QString toString(const RecordSetSpec &spec)
{
    QStringList parts;
    parts.reserve(spec.subsets.size());
    for (const Subset &s : spec.subsets)
        parts.append(toString(s));
    return parts.join(u',');
}

} // namespace drms

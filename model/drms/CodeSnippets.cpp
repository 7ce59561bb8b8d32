#include "model/drms/CodeSnippets.h"

#include <QRegularExpression>
#include <cmath>
#include <optional>

#include "model/drms/DrmsTime.h"
#include "model/drms/JsocUrls.h"
#include "model/drms/RecordSetSpec.h"

namespace jsoc {

namespace {

const QUrl kJsocRoot(QStringLiteral("http://jsoc.stanford.edu"));

QUrl siteRoot(const QUrl &server)
{
    return server.isEmpty() ? kJsocRoot : server;
}

// <root>/cgi-bin/ajax/, as the client joins it.
QUrl cgiBase(const QUrl &server)
{
    return jsocCgiUrl(siteRoot(server), QString());
}

// The query parameters drms/JsocClient send for rs_list, in JsocClient's order.
struct RsListParams {
    QString ds;
    QString key;
    QString seg;
    QString link;
    bool recInfo = false;
    qint64 limit = 0;
};

// The request as the client sends it (normalisedRsList), its lists joined for drms's arguments.
RsListParams rsListParams(const CodeSnippetInput &input)
{
    const RsListParameters n = normalisedRsList(input);
    RsListParams p;
    p.ds = n.recordSet;
    p.key = n.keys.join(QLatin1Char(','));
    p.seg = n.segments.join(QLatin1Char(','));
    p.link = n.links.join(QLatin1Char(','));
    p.recInfo = n.recInfo;
    p.limit = n.limit;
    return p;
}

QString serverConfig(const QUrl &server)
{
    const QUrl base = cgiBase(server);
    QUrl download = siteRoot(server);
    QString path = download.path();
    if (!path.endsWith(QLatin1Char('/')))
        download.setPath(path + QLatin1Char('/'));
    QString text;
    text += QStringLiteral("# The server is not JSOC: point a drms server config at it.\n");
    text += QStringLiteral("cfg = drms.ServerConfig(\n");
    text += QStringLiteral("    name=%1,\n").arg(pythonString(siteRoot(server).host().isEmpty() ? QStringLiteral("custom")
                                                                                              : siteRoot(server).host()));
    text += QStringLiteral("    cgi_baseurl=%1,\n").arg(pythonString(base.toString(QUrl::FullyEncoded)));
    text += QStringLiteral("    cgi_show_series='show_series',\n");
    text += QStringLiteral("    cgi_jsoc_info='jsoc_info',\n");
    text += QStringLiteral("    cgi_jsoc_fetch='jsoc_fetch',\n");
    text += QStringLiteral("    cgi_check_address='checkAddress.sh',\n");
    text += QStringLiteral("    cgi_show_series_wrapper='showextseries',\n");
    text += QStringLiteral("    show_series_wrapper_dbhost='hmidb2',\n");
    text += QStringLiteral("    http_download_baseurl=%1,\n").arg(pythonString(download.toString(QUrl::FullyEncoded)));
    text += QStringLiteral(")\n");
    text += QStringLiteral("c = drms.Client(server=cfg)\n");
    return text;
}

// ---- sunpy --------------------------------------------------------------------------------

// Prime keys sunpy treats as the time key (a.Time lands on the first of these in the series).
bool isSunpyTimeKey(const QString &name)
{
    static const QStringList names = {
        QStringLiteral("T_START"), QStringLiteral("T_REC"), QStringLiteral("T_OBS"), QStringLiteral("MidTime"),
        QStringLiteral("OBS_DATE"), QStringLiteral("obsdate"), QStringLiteral("DATE_OBS"), QStringLiteral("starttime"),
        QStringLiteral("stoptime"), QStringLiteral("UTC_StartTime")};
    return names.contains(name);
}

// `2012-01-01T00:00:34` in the TAI scale, for astropy's Time(…, scale='tai'); only whole seconds,
// because sunpy writes the range with strftime("%S") and would drop fractions.
std::optional<QString> taiIsoText(const QString &time)
{
    const std::optional<double> t = drms::parseTime(time);
    if (!t || drms::isMissingTime(*t) || std::abs(*t - std::round(*t)) > 1e-6)
        return std::nullopt;
    QString text = drms::formatTime(std::round(*t), drms::TimeStyle::Tai, 0); // 2012.01.01_00:00:34_TAI
    if (!text.endsWith(QLatin1String("_TAI")) || text.size() != 23)
        return std::nullopt;
    text.chop(4);
    text[4] = QLatin1Char('-');
    text[7] = QLatin1Char('-');
    text[10] = QLatin1Char('T');
    return text;
}

QString numberText(double value)
{
    return QString::number(value, 'g', 15);
}

struct SunpyPlan {
    QStringList attrs;      // one Fido.search argument per entry
    bool usesUnits = false; // needs `import astropy.units as u`
    bool usesTime = false;  // needs `from astropy.time import Time`
    QString failure;        // why attrs cannot express the record set (empty = they can)
    QStringList notes;      // comments printed above the search (how an attr was derived)
};

// `[? QUALITY=0 AND EXPTIME>2 ?]` → a.jsoc.Keyword comparisons; nullopt for anything else.
std::optional<QStringList> keywordAttrs(const QString &sql, const SeriesStructure &structure)
{
    static const QRegularExpression andSplit(QStringLiteral("\\s+AND\\s+"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression condition(
        QStringLiteral("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(<=|>=|!=|<>|=|<|>)\\s*([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)\\s*$"));
    QStringList attrs;
    for (const QString &part : sql.split(andSplit)) {
        const QRegularExpressionMatch m = condition.match(part);
        if (!m.hasMatch())
            return std::nullopt;
        const QString name = m.captured(1);
        if (!structure.keywords.isEmpty() && !structure.keyword(name))
            return std::nullopt;
        bool ok = false;
        const double value = m.captured(3).toDouble(&ok);
        if (!ok)
            return std::nullopt;
        QString op = m.captured(2);
        if (op == QLatin1String("="))
            op = QStringLiteral("==");
        else if (op == QLatin1String("<>"))
            op = QStringLiteral("!=");
        attrs.append(QStringLiteral("a.jsoc.Keyword(%1) %2 %3").arg(pythonString(name), op, numberText(value)));
    }
    return attrs;
}

QString itemsText(const drms::Filter &filter)
{
    QStringList parts;
    for (const drms::ValueItem &item : filter.items)
        parts.append(drms::toString(item));
    return parts.join(QLatin1Char(','));
}

// The inclusive end of `start/duration` on a slotted time key, when a.Time can say it exactly:
// DRMS takes the slots from start's up to (not including) the slot of start+duration, so the
// same records are [start, time of the last such slot], and that time is a whole second when
// the epoch and step are (sunpy writes whole seconds). A time between slots would not do:
// DRMS rounds a range's end to its nearest slot too.
std::optional<QString> inclusiveEndOfDuration(const drms::ValueItem &item, const PrimeKeyInfo &key)
{
    const std::optional<double> start = drms::parseTime(item.first);
    const std::optional<double> step = key.stepSeconds();
    const std::optional<double> epoch = key.epoch.isEmpty() ? std::optional<double>(0.0) : drms::parseTime(key.epoch);
    const std::optional<double> length = drms::parseDuration(item.second, step.value_or(0.0));
    const auto whole = [](double v) { return std::abs(v - std::round(v)) < 1e-6; };
    if (!key.slotted || !start || !length || !step || !epoch || *length <= 0.0 || *step < 1.0 || !whole(*step)
        || !whole(*epoch))
        return std::nullopt;
    const drms::SlotAxis axis{*epoch, *step};
    const bool roundDown = key.recscope == QLatin1String("ts_slot");
    const qint64 last = axis.indexOf(*start + *length, roundDown) - 1;
    if (last < axis.indexOf(*start, roundDown))
        return std::nullopt;
    return drms::formatTime(axis.timeOf(last), drms::TimeStyle::Tai, 0);
}

// a.Time(+a.Sample) for one `start-end[@step]` range, or a `start/duration[@step]` on a slotted key
// (see inclusiveEndOfDuration), of whole-second times; nullopt otherwise.
std::optional<QStringList> timeAttrs(const drms::Filter &filter, const PrimeKeyInfo &key, SunpyPlan &plan)
{
    if (filter.items.size() != 1)
        return std::nullopt;
    const drms::ValueItem &item = filter.items.first();
    std::optional<QString> endText;
    if (item.kind == drms::ValueItem::Kind::Range)
        endText = item.second;
    else if (item.kind == drms::ValueItem::Kind::Duration)
        endText = inclusiveEndOfDuration(item, key);
    if (!endText)
        return std::nullopt;
    const std::optional<QString> start = taiIsoText(item.first);
    const std::optional<QString> end = taiIsoText(*endText);
    if (!start || !end)
        return std::nullopt;
    QStringList attrs;
    attrs.append(QStringLiteral("a.Time(Time(%1, scale='tai'), Time(%2, scale='tai'))")
                     .arg(pythonString(*start), pythonString(*end)));
    if (item.kind == drms::ValueItem::Kind::Duration)
        plan.notes.append(QStringLiteral("[%1/%2] stops before the slot %2 later; a.Time includes its end, so it ends on the last slot")
                              .arg(item.first, item.second));
    plan.usesTime = true;
    if (!item.step.isEmpty()) {
        const std::optional<double> step = drms::parseDuration(item.step);
        if (!step || *step <= 0.0)
            return std::nullopt;
        attrs.append(QStringLiteral("a.Sample(%1 * u.s)").arg(numberText(*step)));
        plan.usesUnits = true;
    }
    return attrs;
}

// a.Wavelength for one whole number of ångström at WAVELNTH: sunpy writes ceil(λ/Å) into the
// bracket, so only a whole value comes back unchanged.
std::optional<QString> wavelengthAttr(const drms::Filter &filter)
{
    if (filter.items.size() != 1 || filter.items.first().kind != drms::ValueItem::Kind::Value)
        return std::nullopt;
    bool ok = false;
    const int angstrom = filter.items.first().first.toInt(&ok);
    if (!ok || angstrom <= 0)
        return std::nullopt;
    return QStringLiteral("a.Wavelength(%1 * u.AA)").arg(angstrom);
}

SunpyPlan planSunpy(const CodeSnippetInput &input)
{
    SunpyPlan plan;
    drms::RecordSetParseError error;
    const std::optional<drms::RecordSetSpec> spec = drms::parseRecordSet(input.recordSet, &error);
    if (!spec) {
        plan.failure = QStringLiteral("the record set does not parse: %1").arg(error.message);
        return plan;
    }
    if (spec->subsets.size() != 1) {
        plan.failure = QStringLiteral("it has %1 subsets; one Fido.search covers one series query").arg(spec->subsets.size());
        return plan;
    }
    const drms::Subset &subset = spec->subsets.first();
    const SeriesStructure &structure = input.structure;
    const QStringList &primeKeys = structure.primeKeys;
    plan.attrs.append(QStringLiteral("a.jsoc.Series(%1)").arg(pythonString(subset.series)));

    QStringList keyAttrs;
    QStringList whereAttrs;
    bool hasTime = false;
    bool hasWavelength = false;
    int position = 0;
    for (const drms::Filter &filter : subset.filters) {
        switch (filter.kind) {
        case drms::Filter::Kind::Empty:
            ++position;
            continue;
        case drms::Filter::Kind::Recnums:
            plan.failure = QStringLiteral("record numbers [:#…] have no sunpy attribute");
            return plan;
        case drms::Filter::Kind::AllVersionsQuery:
            plan.failure = QStringLiteral("[! … !] (all record versions) has no sunpy attribute");
            return plan;
        case drms::Filter::Kind::Query: {
            const std::optional<QStringList> attrs = keywordAttrs(filter.sql, structure);
            if (!attrs) {
                plan.failure = QStringLiteral("the clause [? %1 ?] is more than a.jsoc.Keyword comparisons with numbers").arg(filter.sql);
                return plan;
            }
            whereAttrs += *attrs;
            continue;
        }
        case drms::Filter::Kind::Values:
            break;
        }
        QString key;
        if (!filter.keyName.isEmpty()) {
            for (int i = 0; i < primeKeys.size(); ++i)
                if (primeKeys[i].compare(filter.keyName, Qt::CaseInsensitive) == 0) {
                    key = primeKeys[i];
                    position = i + 1;
                }
            if (key.isEmpty()) {
                plan.failure = primeKeys.isEmpty()
                    ? QStringLiteral("the series' prime keys are not known")
                    : QStringLiteral("%1 is not a prime key of %2").arg(filter.keyName, subset.series);
                return plan;
            }
        } else {
            if (position >= primeKeys.size()) {
                plan.failure = primeKeys.isEmpty()
                    ? QStringLiteral("the series' prime keys are not known")
                    : QStringLiteral("it has more bracketed values than %1 has prime keys").arg(subset.series);
                return plan;
            }
            key = primeKeys[position++];
        }
        const PrimeKeyInfo *info = structure.primeKey(key);
        if (info && info->isTime() && !hasTime && isSunpyTimeKey(key)) {
            if (const std::optional<QStringList> attrs = timeAttrs(filter, *info, plan)) {
                keyAttrs += *attrs;
                hasTime = true;
                continue;
            }
        }
        if (key == QLatin1String("WAVELNTH") && !hasWavelength) {
            if (const std::optional<QString> attr = wavelengthAttr(filter)) {
                keyAttrs.append(*attr);
                plan.usesUnits = true;
                hasWavelength = true;
                continue;
            }
        }
        // Any other value list goes in verbatim: sunpy puts a PrimeKey's text inside the key's brackets.
        keyAttrs.append(QStringLiteral("a.jsoc.PrimeKey(%1, %2)").arg(pythonString(key), pythonString(itemsText(filter))));
    }
    if (keyAttrs.isEmpty()) {
        plan.failure = QStringLiteral("sunpy needs at least one time or prime-key constraint");
        return plan;
    }
    plan.attrs += keyAttrs;
    QStringList segments = subset.hasSegmentList ? subset.segments : jsocNames(input.segments);
    segments.removeAll(QStringLiteral("**ALL**"));
    segments.removeAll(QStringLiteral("**NONE**"));
    for (const QString &segment : segments)
        plan.attrs.append(QStringLiteral("a.jsoc.Segment(%1)").arg(pythonString(segment)));
    plan.attrs += whereAttrs;
    return plan;
}

} // namespace

QString pythonString(const QString &text)
{
    const bool hasSingle = text.contains(QLatin1Char('\''));
    const bool hasDouble = text.contains(QLatin1Char('"'));
    const QChar quote = hasSingle && !hasDouble ? QLatin1Char('"') : QLatin1Char('\'');
    QString out;
    out.reserve(text.size() + 2);
    out += quote;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == QLatin1Char('\\'))
            out += QLatin1String("\\\\");
        else if (c == quote)
            out += QLatin1Char('\\') + quote;
        else if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else if (c == QLatin1Char('\r'))
            out += QLatin1String("\\r");
        else if (c == QLatin1Char('\t'))
            out += QLatin1String("\\t");
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            out += c;
            out += text[++i];
        } else if (c.isSurrogate()) // a lone surrogate cannot be written as UTF-8 source
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    out += quote;
    return out;
}

bool isDefaultJsocServer(const QUrl &server)
{
    if (server.isEmpty())
        return true;
    const QString path = server.path();
    return server.host().compare(QLatin1String("jsoc.stanford.edu"), Qt::CaseInsensitive) == 0
        && (server.port() == -1 || server.port() == 80 || server.port() == 443)
        && (path.isEmpty() || path == QLatin1String("/"));
}

QString drmsSnippet(const CodeSnippetInput &input)
{
    const RsListParams p = rsListParams(input);
    QString text = QStringLiteral("import drms\n\n");
    if (isDefaultJsocServer(input.server))
        text += QStringLiteral("c = drms.Client()\n");
    else
        text += serverConfig(input.server);

    QStringList args;
    args.append(pythonString(p.ds));
    // Only what JsocClient sends: drms re-joins these comma lists the same way.
    if (!p.key.isEmpty())
        args.append(QStringLiteral("key=%1").arg(pythonString(p.key)));
    if (!p.seg.isEmpty())
        args.append(QStringLiteral("seg=%1").arg(pythonString(p.seg)));
    if (!p.link.isEmpty())
        args.append(QStringLiteral("link=%1").arg(pythonString(p.link)));
    if (p.recInfo)
        args.append(QStringLiteral("rec_index=True"));
    if (p.limit != 0)
        args.append(QStringLiteral("n=%1").arg(p.limit));

    // drms returns one DataFrame per requested kind (keywords, segments, links), in that order.
    QStringList results;
    if (!p.key.isEmpty())
        results.append(QStringLiteral("keys"));
    if (!p.seg.isEmpty())
        results.append(QStringLiteral("segs"));
    if (!p.link.isEmpty())
        results.append(QStringLiteral("links"));
    text += QStringLiteral("%1 = c.query(%2)\n").arg(results.join(QLatin1String(", ")), args.join(QLatin1String(", ")));
    text += QStringLiteral("print(len(%1), 'records')\n").arg(results.first());
    for (const QString &r : results)
        text += QStringLiteral("print(%1)\n").arg(r);
    return text;
}

QString sunpySnippet(const CodeSnippetInput &input)
{
    const SunpyPlan plan = planSunpy(input);
    if (!plan.failure.isEmpty()) {
        QString text = QStringLiteral("# sunpy's JSOC attributes cannot express this record set:\n");
        text += QStringLiteral("# %1.\n").arg(plan.failure);
        text += QStringLiteral("# sunpy's JSOC client runs on drms; the same query with drms:\n\n");
        return text + drmsSnippet(input);
    }
    QString text;
    if (plan.usesUnits)
        text += QStringLiteral("import astropy.units as u\n");
    if (plan.usesTime)
        text += QStringLiteral("from astropy.time import Time\n");
    text += QStringLiteral("from sunpy.net import Fido, attrs as a\n\n");
    if (!isDefaultJsocServer(input.server))
        text += QStringLiteral("# sunpy always asks JSOC (jsoc.stanford.edu); this query was made against %1.\n")
                    .arg(siteRoot(input.server).toString(QUrl::FullyEncoded));
    for (const QString &note : plan.notes)
        text += QStringLiteral("# %1.\n").arg(note);
    text += QStringLiteral("result = Fido.search(\n");
    for (const QString &attr : plan.attrs)
        text += QStringLiteral("    %1,\n").arg(attr);
    if (input.notify.isEmpty())
        text += QStringLiteral("    a.jsoc.Notify('you@example.org'),  # your JSOC-registered e-mail address (needed by Fido.fetch)\n");
    else
        text += QStringLiteral("    a.jsoc.Notify(%1),  # JSOC mails this address when an export is ready\n").arg(pythonString(input.notify));
    text += QStringLiteral(")\n");
    if (input.limit != 0) {
        const QString slice = input.limit > 0 ? QStringLiteral("[:%1]").arg(input.limit) : QStringLiteral("[%1:]").arg(input.limit);
        text += QStringLiteral("# The table was limited to the %1 %2 records (n=%3); sunpy cannot limit a search,\n"
                               "# but the result can be sliced (the export still covers every record):\n"
                               "table = result['jsoc']%4\n")
                    .arg(input.limit > 0 ? QStringLiteral("first") : QStringLiteral("last"))
                    .arg(std::llabs(input.limit))
                    .arg(input.limit)
                    .arg(slice);
    } else {
        text += QStringLiteral("table = result['jsoc']\n");
    }
    QStringList keys = jsocNames(input.keys);
    keys.removeIf([](const QString &k) { return k.startsWith(QLatin1Char('*')); }); // pseudo-keys are not columns in sunpy
    if (keys.isEmpty()) {
        text += QStringLiteral("print(table)\n");
    } else {
        QStringList quoted;
        for (const QString &k : keys)
            quoted.append(pythonString(k));
        text += QStringLiteral("print(table.show(%1))\n").arg(quoted.join(QLatin1String(", ")));
    }
    text += QStringLiteral("# files = Fido.fetch(result)  # stages an export at JSOC, then downloads the files\n");
    return text;
}

QUrl jsocInfoUrl(const CodeSnippetInput &input)
{
    return rsListUrl(siteRoot(input.server), input);
}

} // namespace jsoc

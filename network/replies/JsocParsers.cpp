#include "network/replies/JsocParsers.h"

#include "network/replies/JsonReader.h"
#include "network/replies/RepliesLog.h"
#include "network/replies/ReplyNumbers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>

namespace jsoc::parse {

namespace {

using Kind = JsocError::Kind;

// A short, printable excerpt of a body for error messages.
QString excerpt(const QByteArray &body, int maxChars = 120)
{
    QString text = QString::fromLatin1(body).simplified();
    if (text.size() > maxChars)
        text = text.left(maxChars) + QStringLiteral("…");
    return text;
}

bool looksLikeHtml(const QByteArray &body)
{
    const QByteArray start = body.trimmed().left(64).toLower();
    return start.startsWith('<') && (start.contains("html") || start.contains("<!doctype") || start.contains("<head")
                                     || start.contains("<title") || start.contains("<body"));
}

// Text of an HTML page: the <title> if any, else the tags stripped.
QString htmlText(const QByteArray &body)
{
    const QString page = QString::fromLatin1(body);
    static const QRegularExpression title(QStringLiteral("<title[^>]*>(.*?)</title>"),
                                          QRegularExpression::CaseInsensitiveOption
                                              | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression h1(QStringLiteral("<h1[^>]*>(.*?)</h1>"),
                                       QRegularExpression::CaseInsensitiveOption
                                           | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    QString text;
    QRegularExpressionMatch m = title.match(page);
    if (!m.hasMatch())
        m = h1.match(page);
    if (m.hasMatch())
        text = m.captured(1);
    else
        text = page;
    text.remove(tags);
    text = text.simplified();
    if (text.size() > 120)
        text = text.left(120) + QStringLiteral("…");
    return text;
}

JsocError badResponse(const QString &what, const QByteArray &body)
{
    // The message quotes 120 characters; a maintainer chasing a new server quirk wants more.
    qCDebug(lcReplies).noquote() << "unusable reply (" + what + "):" << body.size() << "bytes, starting"
                                 << QString::fromLatin1(body.left(400).toPercentEncoding(" {}[]\":,._-/"));
    if (looksLikeHtml(body))
        return JsocError::make(Kind::BadResponse,
                               QStringLiteral("JSOC sent an HTML page instead of JSON: %1").arg(htmlText(body)));
    if (body.trimmed().isEmpty())
        return JsocError::make(Kind::BadResponse, QStringLiteral("JSOC sent an empty reply"));
    return JsocError::make(Kind::BadResponse, QStringLiteral("JSOC sent an unusable reply (%1): %2").arg(what, excerpt(body)));
}

// JSON error text cleaned for a sentence: trailing newlines/spaces removed (quirk 17).
QString cleanText(const QString &text)
{
    QString t = text.trimmed();
    return t;
}

JsocError jsocError(const QString &text, int status)
{
    QString message = cleanText(text);
    if (message.isEmpty())
        message = QStringLiteral("request failed without an explanation (status %1)").arg(status);
    return JsocError::make(Kind::Jsoc, QStringLiteral("JSOC: ") + message, 0, status);
}

// An optional integer field: absent, null or non-numeric text ("NA") → `fallback`; a number
// that is fractional or out of `range` → an error naming the field and the value.
JsocError intField(const QJsonObject &o, QLatin1String name, const IntRange &range, qint64 &out, qint64 fallback = 0,
                   bool *present = nullptr)
{
    JsocError error;
    qint64 n = 0;
    const IntRead read = readInt(o.value(name), QString(name), range, n, error);
    if (present)
        *present = read == IntRead::Ok;
    if (read == IntRead::Bad)
        return error;
    out = read == IntRead::Ok ? n : fallback;
    return {};
}

// A required integer field: missing or non-numeric gives `missing` as a BadResponse.
JsocError requiredIntField(const QJsonObject &o, QLatin1String name, const IntRange &range, qint64 &out,
                           const QString &missing, const QByteArray &body)
{
    JsocError error;
    switch (readInt(o.value(name), QString(name), range, out, error)) {
    case IntRead::Ok: return {};
    case IntRead::Bad: return error;
    default: return badResponse(missing, body);
    }
}

// Strings, with null → "" and numbers → their text.
QString lenientString(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    return QString();
}

QStringList stringList(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray array = v.toArray();
    for (const QJsonValue &item : array)
        if (item.isString()) // `[null]` → empty list
            out.append(item.toString());
    return out;
}

// Parses a (latin-1) body as a JSON object. On failure returns BadResponse.
JsocError parseObject(const QByteArray &body, QJsonObject &out)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(latin1ToUtf8(body), &err);
    if (err.error != QJsonParseError::NoError)
        return badResponse(QStringLiteral("invalid JSON: %1 at byte %2").arg(err.errorString()).arg(err.offset), body);
    if (!doc.isObject())
        return badResponse(QStringLiteral("expected a JSON object"), body);
    out = doc.object();
    return {};
}

// jsoc_info style status check: {"status":1,"error":"..."}.
JsocError infoStatus(const QJsonObject &o, const QByteArray &body)
{
    if (o.value(QLatin1String("status")).isUndefined() || o.value(QLatin1String("status")).isNull())
        return {};
    qint64 status = 0;
    if (JsocError e = requiredIntField(o, QLatin1String("status"), kStatusRange, status,
                                       QStringLiteral("`status` is not a number"), body);
        e.isError())
        return e;
    if (status != 0) {
        QString text = o.value(QLatin1String("error")).toString();
        if (text.isEmpty())
            text = o.value(QLatin1String("errmsg")).toString();
        if (text.isEmpty())
            text = o.value(QLatin1String("msg")).toString();
        return jsocError(text, int(status));
    }
    return {};
}

QString exportStatusText(int status)
{
    switch (status) {
    case 3: return QStringLiteral("the request is too large");
    case 4: return QStringLiteral("the request failed");
    case 5: return QStringLiteral("the export has expired and was deleted (7-day limit)");
    case 7: return QStringLiteral("too many pending export requests");
    case 12: return QStringLiteral("the request was queued in test mode");
    case 25: return QStringLiteral("data are offline and need operator help");
    default: return QStringLiteral("export failed");
    }
}

} // namespace

QByteArray latin1ToUtf8(const QByteArray &latin1)
{
    for (char c : latin1)
        if (static_cast<unsigned char>(c) >= 0x80)
            return QString::fromLatin1(latin1).toUtf8();
    return latin1;
}

JsocError httpError(int status, const QByteArray &reason, const QByteArray &body)
{
    QString phrase = QString::fromLatin1(reason).trimmed();
    QString message = QStringLiteral("JSOC answered HTTP %1").arg(status);
    if (!phrase.isEmpty())
        message += QStringLiteral(" (%1)").arg(phrase);
    QString detail;
    if (looksLikeHtml(body))
        detail = htmlText(body);
    else if (!body.trimmed().isEmpty())
        detail = excerpt(body);
    if (!detail.isEmpty() && detail != phrase)
        message += QStringLiteral(": ") + detail;
    return JsocError::make(Kind::HttpStatus, message, status);
}

JsocError seriesListExt(const QByteArray &body, SeriesList &out)
{
    QJsonObject o;
    if (JsocError e = parseObject(body, o); e.isError())
        return e;
    if (!o.contains(QLatin1String("seriesList")))
        return badResponse(QStringLiteral("no `seriesList`"), body);
    const QJsonArray list = o.value(QLatin1String("seriesList")).toArray();
    const QString errMsg = cleanText(o.value(QLatin1String("errMsg")).toString());
    if (list.isEmpty() && !errMsg.isEmpty())
        return jsocError(errMsg, 1);
    out.clear();
    out.reserve(list.size());
    for (const QJsonValue &item : list) {
        if (item.isString()) {
            out.append({item.toString(), QString(), QStringList()});
        } else if (item.isObject()) {
            const QJsonObject obj = item.toObject();
            for (auto it = obj.begin(); it != obj.end(); ++it) {
                const QJsonValue info = it.value();
                QString description;
                if (info.isObject())
                    description = info.toObject().value(QLatin1String("description")).toString();
                else if (info.isString())
                    description = info.toString();
                out.append({it.key(), description, QStringList()});
            }
        }
    }
    return {};
}

JsocError seriesListShow(const QByteArray &body, SeriesList &out)
{
    QJsonObject o;
    if (JsocError e = parseObject(body, o); e.isError()) {
        // Bad regex / DB failure: {"status":1,"errmsg":Series filter format error} (quirk 15).
        static const QRegularExpression unquoted(QStringLiteral("\"errmsg\"\\s*:\\s*([^\"}][^}]*)\\}"));
        const QRegularExpressionMatch m = unquoted.match(QString::fromLatin1(body));
        if (m.hasMatch())
            return jsocError(m.captured(1), 1);
        return e;
    }
    qint64 status = 0;
    if (JsocError e = requiredIntField(o, QLatin1String("status"), kStatusRange, status,
                                       QStringLiteral("no numeric `status`"), body);
        e.isError())
        return e;
    if (status != 0) {
        QString text = o.value(QLatin1String("errmsg")).toString();
        if (text.isEmpty())
            text = o.value(QLatin1String("error")).toString();
        return jsocError(text, int(status));
    }
    out.clear();
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    const QJsonArray names = o.value(QLatin1String("names")).toArray();
    for (const QJsonValue &item : names) {
        const QJsonObject obj = item.toObject();
        SeriesSummary s;
        s.name = obj.value(QLatin1String("name")).toString();
        if (s.name.isEmpty())
            continue;
        s.description = obj.value(QLatin1String("note")).toString();
        s.primeKeys = obj.value(QLatin1String("primekeys")).toString().split(separators, Qt::SkipEmptyParts);
        out.append(s);
    }
    return {};
}

JsocError seriesStructure(const QByteArray &body, SeriesStructure &out)
{
    QJsonObject o;
    if (JsocError e = parseObject(body, o); e.isError())
        return e;
    if (JsocError e = infoStatus(o, body); e.isError())
        return e;
    if (!o.contains(QLatin1String("keywords")))
        return badResponse(QStringLiteral("series_struct without `keywords`"), body);
    // A reply that is not a series structure must not read as an empty series (issue 11): JSOC
    // always sends these members with these types, even for a series without segments.
    for (const char *member : {"keywords", "segments", "links"})
        if (!o.value(QLatin1String(member)).isArray())
            return badResponse(QStringLiteral("series_struct whose `%1` is not a list").arg(QLatin1String(member)), body);
    if (!o.value(QLatin1String("Interval")).isObject())
        return badResponse(QStringLiteral("series_struct without its record `Interval`"), body);
    SeriesStructure s;
    s.name = out.name;
    s.note = lenientString(o.value(QLatin1String("note")));
    qint64 retention = 0, stagingRetention = 0, unitSize = 0, archive = 0, tapeGroup = 0;
    for (JsocError e : {intField(o, QLatin1String("retention"), kSmallIntRange, retention),
                        intField(o, QLatin1String("stagingretention"), kSmallIntRange, stagingRetention),
                        intField(o, QLatin1String("unitsize"), kSmallIntRange, unitSize),
                        intField(o, QLatin1String("archive"), kSmallIntRange, archive),
                        intField(o, QLatin1String("tapegroup"), kSmallIntRange, tapeGroup)})
        if (e.isError())
            return e;
    s.retention = int(retention);
    s.stagingRetention = int(stagingRetention);
    s.unitSize = int(unitSize);
    s.archive = archive != 0;
    s.tapeGroup = int(tapeGroup);
    s.owner = lenientString(o.value(QLatin1String("owner")));
    s.primeKeys = stringList(o.value(QLatin1String("primekeys")));
    s.dbIndex = stringList(o.value(QLatin1String("dbindex")));
    for (const QJsonValue &item : o.value(QLatin1String("primekeysinfo")).toArray()) {
        if (!item.isObject())
            continue; // [null]
        const QJsonObject p = item.toObject();
        PrimeKeyInfo info;
        info.name = lenientString(p.value(QLatin1String("name")));
        qint64 slotted = 0;
        if (JsocError e = intField(p, QLatin1String("slotted"), kSmallIntRange, slotted); e.isError())
            return e;
        info.slotted = slotted != 0;
        info.step = lenientString(p.value(QLatin1String("step")));
        if (!info.name.isEmpty())
            s.primeKeysInfo.append(info);
    }
    for (const QJsonValue &item : o.value(QLatin1String("keywords")).toArray()) {
        if (!item.isObject())
            continue;
        const QJsonObject k = item.toObject();
        KeywordInfo info;
        info.name = lenientString(k.value(QLatin1String("name")));
        info.type = lenientString(k.value(QLatin1String("type")));
        info.recscope = lenientString(k.value(QLatin1String("recscope")));
        info.defval = lenientString(k.value(QLatin1String("defval")));
        info.units = lenientString(k.value(QLatin1String("units")));
        info.note = lenientString(k.value(QLatin1String("note")));
        info.linkinfo = lenientString(k.value(QLatin1String("linkinfo")));
        s.keywords.append(info);
    }
    for (const QJsonValue &item : o.value(QLatin1String("segments")).toArray()) {
        if (!item.isObject())
            continue;
        const QJsonObject g = item.toObject();
        SegmentInfo info;
        info.name = lenientString(g.value(QLatin1String("name")));
        info.type = lenientString(g.value(QLatin1String("type")));
        info.units = lenientString(g.value(QLatin1String("units")));
        info.protocol = lenientString(g.value(QLatin1String("protocol")));
        info.dims = lenientString(g.value(QLatin1String("dims")));
        info.note = lenientString(g.value(QLatin1String("note")));
        s.segments.append(info);
    }
    for (const QJsonValue &item : o.value(QLatin1String("links")).toArray()) {
        if (!item.isObject())
            continue;
        const QJsonObject l = item.toObject();
        LinkInfo info;
        info.name = lenientString(l.value(QLatin1String("name")));
        info.target = lenientString(l.value(QLatin1String("target")));
        info.kind = lenientString(l.value(QLatin1String("kind")));
        info.note = lenientString(l.value(QLatin1String("note")));
        s.links.append(info);
    }
    const QJsonObject interval = o.value(QLatin1String("Interval")).toObject();
    auto recordText = [](const QJsonValue &v) {
        const QString t = lenientString(v);
        return t == QLatin1String("NA") ? QString() : t;
    };
    qint64 firstRecnum = 0, lastRecnum = 0, maxRecnum = 0;
    bool haveFirst = false, haveLast = false;
    for (JsocError e : {intField(interval, QLatin1String("FirstRecnum"), kRecnumRange, firstRecnum, 0, &haveFirst),
                        intField(interval, QLatin1String("LastRecnum"), kRecnumRange, lastRecnum, 0, &haveLast),
                        intField(interval, QLatin1String("MaxRecnum"), kRecnumRange, maxRecnum)})
        if (e.isError())
            return e;
    s.interval.firstRecord = recordText(interval.value(QLatin1String("FirstRecord")));
    s.interval.firstRecnum = haveFirst ? std::optional<qint64>(firstRecnum) : std::nullopt;
    s.interval.lastRecord = recordText(interval.value(QLatin1String("LastRecord")));
    s.interval.lastRecnum = haveLast ? std::optional<qint64>(lastRecnum) : std::nullopt;
    s.interval.maxRecnum = maxRecnum;
    s.derivePrimeKeyInfo();
    out = std::move(s);
    return {};
}

JsocError recordCount(const QByteArray &body, qint64 &out)
{
    QJsonObject o;
    if (JsocError e = parseObject(body, o); e.isError())
        return e;
    if (JsocError e = infoStatus(o, body); e.isError())
        return e;
    qint64 count = 0;
    if (JsocError e = requiredIntField(o, QLatin1String("count"), kCountRange, count,
                                       QStringLiteral("rs_summary without `count`"), body);
        e.isError())
        return e;
    out = count;
    return {};
}

JsocError addressCheck(const QByteArray &body, AddressCheck &out)
{
    QJsonObject o;
    if (JsocError e = parseObject(body, o); e.isError())
        return e;
    qint64 status = 0;
    if (JsocError e = requiredIntField(o, QLatin1String("status"), kStatusRange, status,
                                       QStringLiteral("checkAddress reply without `status`"), body);
        e.isError())
        return e;
    qint64 userId = -1;
    if (JsocError e = intField(o, QLatin1String("user_id"), {-1, kMaxExactInteger, "a valid user id"}, userId, -1);
        e.isError())
        return e;
    out.status = int(status);
    out.message = cleanText(lenientString(o.value(QLatin1String("msg"))));
    out.userId = userId;
    return {};
}

QString pendingRequestId(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("JSOC_[0-9]{8}_[0-9]+(?:_X)?(?:_IN)?"));
    return re.match(text).captured(0);
}

QDateTime pendingRequestStart(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(
        R"((\d{4})([-.])(\d{2})\2(\d{2})[ T_](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?)"
        R"((?:[ _]?(?:(UTC|UT|GMT|Z)\b|([+-])(\d{2}):?(\d{2})\b|([A-Z]{2,5})\b))?)"));
    const QRegularExpressionMatch m = re.match(text);
    // Groups: 1 year, 2 separator, 3 month, 4 day, 5-7 time, 8 UTC name, 9-11 offset, 12 other zone.
    if (!m.hasMatch() || m.hasCaptured(12))
        return {}; // no time, or a zone we cannot convert
    const QDate date(m.captured(1).toInt(), m.captured(3).toInt(), m.captured(4).toInt());
    const QTime time(m.captured(5).toInt(), m.captured(6).toInt(), m.captured(7).toInt());
    if (!date.isValid() || !time.isValid())
        return {};
    int offset = 0;
    if (m.hasCaptured(9)) {
        const int hours = m.captured(10).toInt(), minutes = m.captured(11).toInt();
        if (hours > 14 || minutes > 59)
            return {};
        offset = (hours * 3600 + minutes * 60) * (m.captured(9) == QLatin1String("-") ? -1 : 1);
    }
    return QDateTime(date, time, Qt::OffsetFromUTC, offset).toUTC();
}

JsocError pendingRequest(const QByteArray &body, PendingRequestCheck &out)
{
    QJsonObject o;
    if (JsocError e = parseObject(body, o); e.isError())
        return e;
    qint64 status = 0;
    if (JsocError e = requiredIntField(o, QLatin1String("status"), kStatusRange, status,
                                       QStringLiteral("manage-request reply without a numeric `status`"), body);
        e.isError())
        return e;
    PendingRequestCheck check;
    check.status = int(status);
    switch (status) {
    case 1: case 101: check.answer = PendingRequestCheck::Answer::NoPending; break;
    case 2: case 102: check.answer = PendingRequestCheck::Answer::Pending; break;
    case 3: case 103: check.answer = PendingRequestCheck::Answer::Cancelled; break;
    default: check.answer = PendingRequestCheck::Answer::Unknown; break;
    }
    check.message = lenientString(o.value(QLatin1String("msg")));
    check.requestId = pendingRequestId(check.message);
    check.started = pendingRequestStart(check.message);
    out = std::move(check);
    return {};
}

JsocError exportStatus(const QByteArray &body, ExportStatus &out)
{
    QJsonObject o;
    if (JsocError e = parseObject(body, o); e.isError())
        return e;
    qint64 status = 0;
    if (JsocError e = requiredIntField(o, QLatin1String("status"), kStatusRange, status,
                                       QStringLiteral("export reply without a numeric `status`"), body);
        e.isError())
        return e;
    qint64 wait = 0, rcount = 0, count = 0, sizeMb = 0;
    for (JsocError e : {intField(o, QLatin1String("wait"), kSmallIntRange, wait),
                        intField(o, QLatin1String("rcount"), kCountRange, rcount),
                        intField(o, QLatin1String("count"), kCountRange, count),
                        intField(o, QLatin1String("size"), kSizeRange, sizeMb)})
        if (e.isError())
            return e;
    ExportStatus s;
    s.status = int(status);
    s.requestId = lenientString(o.value(QLatin1String("requestid")));
    if (s.requestId.isEmpty())
        s.requestId = lenientString(o.value(QLatin1String("reqid"))); // movie protocols
    s.method = lenientString(o.value(QLatin1String("method")));
    s.protocol = lenientString(o.value(QLatin1String("protocol")));
    s.wait = int(wait);
    s.rcount = rcount;
    s.count = count;
    s.sizeMb = sizeMb;
    s.dir = lenientString(o.value(QLatin1String("dir")));
    s.tarfile = lenientString(o.value(QLatin1String("tarfile")));
    s.keywordsFile = lenientString(o.value(QLatin1String("keywords")));
    s.exptime = lenientString(o.value(QLatin1String("exptime")));
    s.error = cleanText(lenientString(o.value(QLatin1String("error"))));
    if (s.error.isEmpty()) // some failures carry JSOC's words only in `msg`
        s.error = cleanText(lenientString(o.value(QLatin1String("msg"))));
    s.contact = lenientString(o.value(QLatin1String("contact")));
    s.version = lenientString(o.value(QLatin1String("version")));
    const QJsonValue data = o.value(QLatin1String("data"));
    auto addItem = [&s](const QJsonObject &d) {
        ExportFile f;
        if (d.contains(QLatin1String("record"))) {
            f.record = lenientString(d.value(QLatin1String("record")));
            f.filename = lenientString(d.value(QLatin1String("filename")));
        } else { // SU-based export rows: {sunum, series, path, sustatus, susize}
            f.record = lenientString(d.value(QLatin1String("series"))) + QLatin1Char(':')
                + lenientString(d.value(QLatin1String("sunum")));
            f.filename = lenientString(d.value(QLatin1String("path")));
        }
        s.files.append(f);
    };
    if (data.isArray()) {
        for (const QJsonValue &item : data.toArray())
            if (item.isObject())
                addItem(item.toObject());
    } else if (data.isObject()) { // formatvar=dataobj
        const QJsonObject map = data.toObject();
        for (auto it = map.begin(); it != map.end(); ++it)
            if (it.value().isObject())
                addItem(it.value().toObject());
    }
    out = s;
    if (s.isDone() || s.isPending())
        return {};
    QString text = s.error.isEmpty() ? exportStatusText(s.status) : s.error;
    JsocError e = jsocError(text, s.status);
    e.message += QStringLiteral(" (export status %1)").arg(s.status);
    return e;
}

namespace {

// Reads an array of strings (numbers taken as their text, null as "") into a column. A member
// seen twice replaces the first, as QJsonDocument does, so both parsers read the same table.
bool readValues(JsonReader &r, StringColumn &column, qsizetype rowsHint = 0)
{
    column.clear();
    // Reserve an upper bound so the column never grows by copying: its text fits in the rest of
    // the body, and each cell takes at least 2 bytes of it ("1,"); every column of one reply has
    // the same length, so later columns are sized from the first. Reserved memory that is never
    // written is never faulted in, and squeeze() hands it back.
    // Later columns reserve a few hundred bytes a cell, not the whole rest: with **ALL** over
    // 100,000 keywords, reserving the rest for each column mapped (and faulted) memory in
    // proportion to columns × body. Wider cells still fit, by doubling.
    const qsizetype rest = r.remaining();
    const qsizetype bytes = rowsHint > 0 ? std::min(rest, rowsHint * 256 + 64) : rest;
    column.reserve(rowsHint > 0 ? rowsHint : rest / 2 + 1, bytes, rowsHint > 0);
    const bool ok = r.readScalarArray([&column](QByteArrayView v) { column.append(v); });
    column.squeeze();
    return ok;
}

// A column's or record's `name`: a JSON string (anything else is not a name).
bool readName(JsonReader &r, QString &name)
{
    QByteArrayView v;
    if (!r.readString(v))
        return false;
    name = QString::fromUtf8(v.data(), v.size());
    return true;
}

template <typename Column>
bool readNamedColumns(JsonReader &r, std::vector<Column> &columns)
{
    columns.clear();
    if (r.peekType() == JsonReader::Type::Null)
        return r.skipValue();
    if (!r.enterArray())
        return false;
    qsizetype rowsHint = 0;
    while (r.nextElement()) {
        Column column;
        if (!r.enterObject())
            return false;
        QByteArrayView key;
        while (r.nextMember(key)) {
            bool good = true;
            if (key == QByteArrayView("name")) {
                good = readName(r, column.name);
            } else if (key == QByteArrayView("values")) {
                good = readValues(r, column.values, rowsHint);
                rowsHint = std::max(rowsHint, column.values.size());
            } else if constexpr (std::is_same_v<Column, SegmentColumn>) {
                if (key == QByteArrayView("dims"))
                    good = readValues(r, column.dims);
                else if (key == QByteArrayView("cparms"))
                    good = readValues(r, column.cparms);
                else if (key == QByteArrayView("bzeros"))
                    good = readValues(r, column.bzeros);
                else if (key == QByteArrayView("bscales"))
                    good = readValues(r, column.bscales);
                else
                    good = r.skipValue();
            } else {
                good = r.skipValue();
            }
            if (!good)
                return false;
        }
        if (r.hasError())
            return false;
        columns.push_back(std::move(column));
    }
    return !r.hasError();
}

// recinfo[].online: 0 or 1 (as a number, a numeric string or a bool). Anything else is an error.
JsocError onlineFlag(QStringView text, JsonReader::Type type, quint8 &out)
{
    if (type == JsonReader::Type::True || type == JsonReader::Type::False || type == JsonReader::Type::Null) {
        out = type == JsonReader::Type::True ? 1 : 0;
        return {};
    }
    qint64 n = 0;
    JsocError error;
    switch (readIntText(text, QStringLiteral("recinfo online"), kFlagRange, n, error)) {
    case IntRead::Ok: out = quint8(n); return {};
    case IntRead::Bad: return error;
    default:
        return JsocError::make(Kind::BadResponse, QStringLiteral("JSOC's reply has recinfo online \"%1\", which is not 0 or 1")
                                                      .arg(text.left(40)));
    }
}

bool readRecInfo(JsonReader &r, RecordTable &t, JsocError &error)
{
    t.recInfoNames.clear();
    t.recInfoOnline.clear();
    if (!r.enterArray())
        return false;
    t.hasRecInfo = true;
    while (r.nextElement()) {
        if (!r.enterObject())
            return false;
        QByteArrayView key;
        QString name;
        quint8 online = 0;
        while (r.nextMember(key)) {
            if (key == QByteArrayView("name")) {
                if (!readName(r, name))
                    return false;
            } else if (key == QByteArrayView("online")) {
                QByteArrayView v;
                JsonReader::Type type;
                if (!r.readScalar(v, &type))
                    return false;
                if (JsocError e = onlineFlag(QString::fromUtf8(v.data(), v.size()), type, online); e.isError()) {
                    error = e;
                    return false;
                }
            } else if (!r.skipValue()) {
                return false;
            }
        }
        if (r.hasError())
            return false;
        t.recInfoNames.append(name.toUtf8());
        t.recInfoOnline.push_back(online);
    }
    return !r.hasError();
}

JsocError inconsistent(const QString &what)
{
    return JsocError::make(Kind::BadResponse, QStringLiteral("JSOC's rs_list reply is inconsistent: %1").arg(what));
}

// Every keyword, segment and link column and recinfo must hold one value per record, and as
// many records as `count` says: a short column would otherwise show up as invented empty cells.
// Segment dims/cparms/bzeros/bscales may be shorter (quirk 7), never longer.
JsocError checkShape(const RecordTable &t, bool haveColumns)
{
    QString firstWhat;
    qsizetype rows = -1;
    JsocError error;
    auto check = [&](const QString &what, qsizetype n) {
        if (error.isError())
            return;
        if (rows < 0) {
            rows = n;
            firstWhat = what;
        } else if (n != rows) {
            error = inconsistent(QStringLiteral("%1 has %2 values but %3 has %4").arg(firstWhat).arg(rows).arg(what).arg(n));
        }
    };
    for (const KeywordColumn &c : t.keywords)
        check(QStringLiteral("keyword %1").arg(c.name), c.values.size());
    for (const SegmentColumn &c : t.segments)
        check(QStringLiteral("segment %1").arg(c.name), c.values.size());
    for (const LinkColumn &c : t.links)
        check(QStringLiteral("link %1").arg(c.name), c.values.size());
    if (t.hasRecInfo)
        check(QStringLiteral("recinfo"), t.recInfoNames.size());
    if (error.isError())
        return error;
    for (const SegmentColumn &c : t.segments) {
        const std::pair<const char *, const StringColumn *> extras[] = {
            {"dims", &c.dims}, {"cparms", &c.cparms}, {"bzeros", &c.bzeros}, {"bscales", &c.bscales}};
        for (const auto &[name, column] : extras)
            if (column->size() > c.values.size())
                return inconsistent(QStringLiteral("segment %1 has %2 values but %3 %4")
                                        .arg(c.name, QString::number(c.values.size()), QString::number(column->size()),
                                             QLatin1String(name)));
    }
    if (rows < 0 && !haveColumns) {
        if (t.count > 0)
            return inconsistent(QStringLiteral("it counts %1 records but lists no keywords, segments or links").arg(t.count));
        return {};
    }
    if (rows < 0) {
        if (t.count > 0)
            return inconsistent(QStringLiteral("it counts %1 records but its column lists are empty").arg(t.count));
        return {};
    }
    if (rows != t.count)
        return inconsistent(QStringLiteral("it counts %1 records but %2 has %3 values").arg(t.count).arg(firstWhat).arg(rows));
    return {};
}

JsocError noCount(const QByteArray &body)
{
    return badResponse(QStringLiteral("rs_list without `count`"), body);
}

} // namespace

JsocError recordList(const QByteArray &body, RecordTable &out)
{
    JsonReader r(body);
    RecordTable t;
    bool haveStatus = false;
    bool haveCount = false;
    bool haveColumns = false; // a keywords, segments, links or recinfo member
    qint64 status = 0;
    QString errorText;
    JsocError valueError; // a value that is not what its field can hold
    auto invalid = [&]() {
        if (valueError.isError())
            return valueError;
        if (looksLikeHtml(body) || body.trimmed().isEmpty())
            return badResponse(QString(), body);
        return JsocError::make(Kind::BadResponse,
                               QStringLiteral("JSOC sent invalid JSON for the record list (%1)").arg(r.errorString()));
    };
    if (!r.enterObject())
        return invalid();
    QByteArrayView key;
    while (r.nextMember(key)) {
        bool good = true;
        if (key == QByteArrayView("keywords")) {
            good = readNamedColumns(r, t.keywords);
            haveColumns = true;
        } else if (key == QByteArrayView("segments")) {
            good = readNamedColumns(r, t.segments);
            haveColumns = true;
        } else if (key == QByteArrayView("links")) {
            good = readNamedColumns(r, t.links);
            haveColumns = true;
        } else if (key == QByteArrayView("recinfo")) {
            good = readRecInfo(r, t, valueError);
            haveColumns = true;
        } else if (key == QByteArrayView("count") || key == QByteArrayView("status")) {
            const bool isCount = key == QByteArrayView("count");
            QByteArrayView v;
            JsonReader::Type type;
            good = r.readScalar(v, &type);
            if (!good)
                break;
            const QString field = isCount ? QStringLiteral("count") : QStringLiteral("status");
            const bool literal = type == JsonReader::Type::Number || type == JsonReader::Type::String;
            qint64 n = 0;
            const IntRead read = literal ? readIntText(QString::fromUtf8(v.data(), v.size()), field,
                                                       isCount ? kCountRange : kStatusRange, n, valueError)
                                         : type == JsonReader::Type::Null ? IntRead::Absent : IntRead::NotNumeric;
            if (read == IntRead::Bad)
                return valueError;
            if (read == IntRead::Absent) {
                // null: as if the member were not there (QJsonObject sees the same)
                if (isCount)
                    haveCount = false;
                else
                    haveStatus = false;
                continue;
            }
            if (read != IntRead::Ok)
                return badResponse(QStringLiteral("`%1` is not a number").arg(field), body);
            if (isCount) {
                t.count = n;
                haveCount = true;
            } else {
                status = n;
                haveStatus = true;
            }
        } else if (key == QByteArrayView("error")) {
            QByteArrayView v;
            good = r.readScalar(v);
            errorText = QString::fromUtf8(v.data(), v.size());
        } else {
            good = r.skipValue();
        }
        if (!good)
            return invalid();
    }
    if (r.hasError() || !r.atEnd())
        return r.hasError() ? invalid()
                            : JsocError::make(Kind::BadResponse,
                                              QStringLiteral("JSOC sent invalid JSON for the record list (text after the end at byte %1)")
                                                  .arg(r.offset()));
    if (haveStatus && status != 0)
        return jsocError(errorText, int(status));
    if (!haveCount)
        return haveStatus ? noCount(body) : badResponse(QStringLiteral("rs_list without `count` or `status`"), body);
    if (JsocError e = checkShape(t, haveColumns); e.isError())
        return e;
    out = std::move(t);
    return {};
}

namespace {

// UTF-8 of a decoded JSON string, a lone surrogate ("\ud800" alone) becoming U+FFFD as in
// JsonReader (QString::toUtf8() would write '?').
QByteArray utf8Of(const QString &text)
{
    bool lone = false;
    for (qsizetype i = 0; i < text.size() && !lone; ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            lone = true;
    }
    if (!lone)
        return text.toUtf8();
    QString fixed = text;
    for (qsizetype i = 0; i < fixed.size(); ++i) {
        const QChar c = fixed.at(i);
        if (c.isHighSurrogate() && i + 1 < fixed.size() && fixed.at(i + 1).isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            fixed[i] = QChar::ReplacementCharacter;
    }
    return fixed.toUtf8();
}

// The QJsonDocument twin of the reader above, held to the same rules so both give one answer.
JsocError scalarText(const QJsonValue &v, QByteArray &out)
{
    if (v.isString())
        out = utf8Of(v.toString());
    else if (v.isDouble())
        out = QByteArray::number(v.toDouble(), 'g', 17);
    else if (v.isBool())
        out = v.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    else if (v.isNull())
        out = QByteArray();
    else
        return JsocError::make(Kind::BadResponse, QStringLiteral("JSOC sent invalid JSON for the record list (a value is not a string or number)"));
    return {};
}

JsocError fillColumn(const QJsonObject &o, QLatin1String member, StringColumn &column)
{
    const QJsonValue values = o.value(member);
    if (values.isUndefined())
        return {};
    if (!values.isArray())
        return JsocError::make(Kind::BadResponse, QStringLiteral("JSOC sent invalid JSON for the record list (`%1` is not an array)").arg(member));
    const QJsonArray array = values.toArray();
    column.reserve(array.size(), 0);
    QByteArray text;
    for (const QJsonValue &v : array) {
        if (JsocError e = scalarText(v, text); e.isError())
            return e;
        column.append(text);
    }
    return {};
}

JsocError nameOf(const QJsonObject &o, QString &name)
{
    const QJsonValue v = o.value(QLatin1String("name"));
    if (v.isUndefined()) {
        name.clear();
        return {};
    }
    if (!v.isString())
        return JsocError::make(Kind::BadResponse, QStringLiteral("JSOC sent invalid JSON for the record list (a `name` is not a string)"));
    name = QString::fromUtf8(utf8Of(v.toString()));
    return {};
}

// `keywords`, `segments` or `links`: absent, null or an array of objects.
JsocError columnObjects(const QJsonObject &o, QLatin1String member, QJsonArray &out, bool &present)
{
    const QJsonValue v = o.value(member);
    present = !v.isUndefined();
    out = QJsonArray();
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isArray())
        return JsocError::make(Kind::BadResponse, QStringLiteral("JSOC sent invalid JSON for the record list (`%1` is not an array)").arg(member));
    out = v.toArray();
    for (const QJsonValue &item : out)
        if (!item.isObject())
            return JsocError::make(Kind::BadResponse, QStringLiteral("JSOC sent invalid JSON for the record list (an entry of `%1` is not an object)").arg(member));
    return {};
}

} // namespace

JsocError recordListViaQJson(const QByteArray &body, RecordTable &out)
{
    QJsonObject o;
    if (JsocError e = parseObject(body, o); e.isError())
        return e;
    const QJsonValue error = o.value(QLatin1String("error"));
    if (error.isArray() || error.isObject())
        return JsocError::make(Kind::BadResponse, QStringLiteral("JSOC sent invalid JSON for the record list (`error` is not text)"));
    if (JsocError e = infoStatus(o, body); e.isError())
        return e;
    RecordTable t;
    bool haveColumns = false;
    const QJsonValue recinfo = o.value(QLatin1String("recinfo"));
    if (!recinfo.isUndefined()) {
        haveColumns = true;
        if (!recinfo.isArray())
            return JsocError::make(Kind::BadResponse, QStringLiteral("JSOC sent invalid JSON for the record list (`recinfo` is not an array)"));
        t.hasRecInfo = true;
        for (const QJsonValue &item : recinfo.toArray()) {
            if (!item.isObject())
                return JsocError::make(Kind::BadResponse, QStringLiteral("JSOC sent invalid JSON for the record list (an entry of `recinfo` is not an object)"));
            const QJsonObject r = item.toObject();
            QString name;
            if (JsocError e = nameOf(r, name); e.isError())
                return e;
            const QJsonValue v = r.value(QLatin1String("online"));
            quint8 online = 0;
            QByteArray text;
            if (JsocError e = scalarText(v, text); e.isError())
                return e;
            const JsonReader::Type type = v.isBool() ? (v.toBool() ? JsonReader::Type::True : JsonReader::Type::False)
                : (v.isNull() || v.isUndefined())   ? JsonReader::Type::Null
                                                    : JsonReader::Type::String;
            if (JsocError e = onlineFlag(QString::fromUtf8(text), type, online); e.isError())
                return e;
            t.recInfoNames.append(name.toUtf8());
            t.recInfoOnline.push_back(online);
        }
    }
    QJsonArray items;
    bool present = false;
    if (JsocError e = columnObjects(o, QLatin1String("keywords"), items, present); e.isError())
        return e;
    haveColumns = haveColumns || present;
    for (const QJsonValue &item : items) {
        const QJsonObject k = item.toObject();
        KeywordColumn c;
        for (JsocError e : {nameOf(k, c.name), fillColumn(k, QLatin1String("values"), c.values)})
            if (e.isError())
                return e;
        t.keywords.push_back(std::move(c));
    }
    if (JsocError e = columnObjects(o, QLatin1String("segments"), items, present); e.isError())
        return e;
    haveColumns = haveColumns || present;
    for (const QJsonValue &item : items) {
        const QJsonObject k = item.toObject();
        SegmentColumn c;
        for (JsocError e : {nameOf(k, c.name), fillColumn(k, QLatin1String("values"), c.values),
                            fillColumn(k, QLatin1String("dims"), c.dims), fillColumn(k, QLatin1String("cparms"), c.cparms),
                            fillColumn(k, QLatin1String("bzeros"), c.bzeros), fillColumn(k, QLatin1String("bscales"), c.bscales)})
            if (e.isError())
                return e;
        t.segments.push_back(std::move(c));
    }
    if (JsocError e = columnObjects(o, QLatin1String("links"), items, present); e.isError())
        return e;
    haveColumns = haveColumns || present;
    for (const QJsonValue &item : items) {
        const QJsonObject k = item.toObject();
        LinkColumn c;
        for (JsocError e : {nameOf(k, c.name), fillColumn(k, QLatin1String("values"), c.values)})
            if (e.isError())
                return e;
        t.links.push_back(std::move(c));
    }
    const bool haveStatus = !o.value(QLatin1String("status")).isUndefined() && !o.value(QLatin1String("status")).isNull();
    JsocError countError;
    switch (readInt(o.value(QLatin1String("count")), QStringLiteral("count"), kCountRange, t.count, countError)) {
    case IntRead::Ok: break;
    case IntRead::Bad: return countError;
    case IntRead::NotNumeric: return badResponse(QStringLiteral("`count` is not a number"), body);
    case IntRead::Absent:
        return haveStatus ? noCount(body) : badResponse(QStringLiteral("rs_list without `count` or `status`"), body);
    }
    if (JsocError e = checkShape(t, haveColumns); e.isError())
        return e;
    out = std::move(t);
    return {};
}

} // namespace jsoc::parse

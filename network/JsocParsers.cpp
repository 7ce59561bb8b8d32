#include "network/JsocParsers.h"

#include "network/JsonReader.h"

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

// Numbers may arrive as numbers or strings ("0", "302"); anything else → fallback.
qint64 lenientInt(const QJsonValue &v, qint64 fallback = 0, bool *ok = nullptr)
{
    bool good = false;
    qint64 result = fallback;
    if (v.isDouble()) {
        result = qint64(v.toDouble());
        good = true;
    } else if (v.isString()) {
        const QString s = v.toString().trimmed();
        qint64 n = s.toLongLong(&good);
        if (good) {
            result = n;
        } else {
            const double d = s.toDouble(&good);
            if (good)
                result = qint64(d);
        }
    }
    if (ok)
        *ok = good;
    return good ? result : fallback;
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
    bool ok = false;
    const qint64 status = lenientInt(o.value(QLatin1String("status")), 0, &ok);
    if (!o.contains(QLatin1String("status")))
        return {};
    if (!ok)
        return badResponse(QStringLiteral("`status` is not a number"), body);
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
    bool ok = false;
    const qint64 status = lenientInt(o.value(QLatin1String("status")), 0, &ok);
    if (!ok)
        return badResponse(QStringLiteral("no numeric `status`"), body);
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
    SeriesStructure s;
    s.name = out.name;
    s.note = lenientString(o.value(QLatin1String("note")));
    s.retention = int(lenientInt(o.value(QLatin1String("retention"))));
    s.stagingRetention = int(lenientInt(o.value(QLatin1String("stagingretention"))));
    s.unitSize = int(lenientInt(o.value(QLatin1String("unitsize"))));
    s.archive = lenientInt(o.value(QLatin1String("archive"))) != 0;
    s.tapeGroup = int(lenientInt(o.value(QLatin1String("tapegroup"))));
    s.owner = lenientString(o.value(QLatin1String("owner")));
    s.primeKeys = stringList(o.value(QLatin1String("primekeys")));
    s.dbIndex = stringList(o.value(QLatin1String("dbindex")));
    for (const QJsonValue &item : o.value(QLatin1String("primekeysinfo")).toArray()) {
        if (!item.isObject())
            continue; // [null]
        const QJsonObject p = item.toObject();
        PrimeKeyInfo info;
        info.name = lenientString(p.value(QLatin1String("name")));
        info.slotted = lenientInt(p.value(QLatin1String("slotted"))) != 0;
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
    auto recnum = [](const QJsonValue &v) -> std::optional<qint64> {
        bool ok = false;
        const qint64 n = lenientInt(v, 0, &ok);
        return ok ? std::optional<qint64>(n) : std::nullopt;
    };
    s.interval.firstRecord = recordText(interval.value(QLatin1String("FirstRecord")));
    s.interval.firstRecnum = recnum(interval.value(QLatin1String("FirstRecnum")));
    s.interval.lastRecord = recordText(interval.value(QLatin1String("LastRecord")));
    s.interval.lastRecnum = recnum(interval.value(QLatin1String("LastRecnum")));
    s.interval.maxRecnum = lenientInt(interval.value(QLatin1String("MaxRecnum")));
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
    bool ok = false;
    const qint64 count = lenientInt(o.value(QLatin1String("count")), 0, &ok);
    if (!ok)
        return badResponse(QStringLiteral("rs_summary without `count`"), body);
    out = count;
    return {};
}

JsocError addressCheck(const QByteArray &body, AddressCheck &out)
{
    QJsonObject o;
    if (JsocError e = parseObject(body, o); e.isError())
        return e;
    bool ok = false;
    const qint64 status = lenientInt(o.value(QLatin1String("status")), 0, &ok);
    if (!ok)
        return badResponse(QStringLiteral("checkAddress reply without `status`"), body);
    out.status = int(status);
    out.message = cleanText(lenientString(o.value(QLatin1String("msg"))));
    out.userId = o.contains(QLatin1String("user_id")) ? lenientInt(o.value(QLatin1String("user_id")), -1) : -1;
    return {};
}

JsocError exportStatus(const QByteArray &body, ExportStatus &out)
{
    QJsonObject o;
    if (JsocError e = parseObject(body, o); e.isError())
        return e;
    bool ok = false;
    const qint64 status = lenientInt(o.value(QLatin1String("status")), 0, &ok);
    if (!ok)
        return badResponse(QStringLiteral("export reply without a numeric `status`"), body);
    ExportStatus s;
    s.status = int(status);
    s.requestId = lenientString(o.value(QLatin1String("requestid")));
    if (s.requestId.isEmpty())
        s.requestId = lenientString(o.value(QLatin1String("reqid"))); // movie protocols
    s.method = lenientString(o.value(QLatin1String("method")));
    s.protocol = lenientString(o.value(QLatin1String("protocol")));
    s.wait = int(lenientInt(o.value(QLatin1String("wait"))));
    s.rcount = lenientInt(o.value(QLatin1String("rcount")));
    s.count = lenientInt(o.value(QLatin1String("count")));
    s.sizeMb = lenientInt(o.value(QLatin1String("size")));
    s.dir = lenientString(o.value(QLatin1String("dir")));
    s.tarfile = lenientString(o.value(QLatin1String("tarfile")));
    s.keywordsFile = lenientString(o.value(QLatin1String("keywords")));
    s.exptime = lenientString(o.value(QLatin1String("exptime")));
    s.error = cleanText(lenientString(o.value(QLatin1String("error"))));
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

// Reads an array of strings (numbers taken as their text, null as "") into a column.
bool readValues(JsonReader &r, StringColumn &column, qsizetype rowsHint = 0)
{
    // Reserve an upper bound so the column never grows by copying: its text fits in the rest of
    // the body, and each cell takes at least 2 bytes of it ("1,"); every column of one reply has
    // the same length, so later columns are sized from the first. Reserved memory that is never
    // written is never faulted in, and squeeze() hands it back.
    const qsizetype rest = r.remaining();
    column.reserve(rowsHint > 0 ? rowsHint : rest / 2 + 1, rest, rowsHint > 0);
    const bool ok = r.readScalarArray([&column](QByteArrayView v) { column.append(v); });
    column.squeeze();
    return ok;
}

template <typename Column>
bool readNamedColumns(JsonReader &r, std::vector<Column> &columns, bool segment)
{
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
                QByteArrayView name;
                good = r.readScalar(name);
                column.name = QString::fromUtf8(name.data(), name.size());
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
    Q_UNUSED(segment);
    return !r.hasError();
}

bool readRecInfo(JsonReader &r, RecordTable &t)
{
    if (!r.enterArray())
        return false;
    t.hasRecInfo = true;
    while (r.nextElement()) {
        if (!r.enterObject())
            return false;
        QByteArrayView key;
        QByteArray name;
        quint8 online = 0;
        while (r.nextMember(key)) {
            QByteArrayView v;
            if (key == QByteArrayView("name")) {
                if (!r.readScalar(v))
                    return false;
                name = v.toByteArray();
            } else if (key == QByteArrayView("online")) {
                if (!r.readScalar(v))
                    return false;
                online = (v == QByteArrayView("1") || v == QByteArrayView("true")) ? 1 : 0;
            } else if (!r.skipValue()) {
                return false;
            }
        }
        if (r.hasError())
            return false;
        t.recInfoNames.append(name);
        t.recInfoOnline.push_back(online);
    }
    return !r.hasError();
}

} // namespace

JsocError recordList(const QByteArray &body, RecordTable &out)
{
    JsonReader r(body);
    RecordTable t;
    bool haveStatus = false;
    bool haveCount = false;
    qint64 status = 0;
    QString errorText;
    auto invalid = [&]() {
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
            good = readNamedColumns(r, t.keywords, false);
        } else if (key == QByteArrayView("segments")) {
            good = readNamedColumns(r, t.segments, true);
        } else if (key == QByteArrayView("links")) {
            good = readNamedColumns(r, t.links, false);
        } else if (key == QByteArrayView("recinfo")) {
            good = readRecInfo(r, t);
        } else if (key == QByteArrayView("count") || key == QByteArrayView("status")) {
            const bool isCount = key == QByteArrayView("count");
            QByteArrayView v;
            good = r.readScalar(v);
            bool ok = false;
            const qint64 n = QByteArray(v.data(), v.size()).trimmed().toLongLong(&ok);
            if (good && !ok)
                return badResponse(QStringLiteral("`%1` is not a number").arg(isCount ? QLatin1String("count") : QLatin1String("status")), body);
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
    if (!haveStatus && !haveCount)
        return badResponse(QStringLiteral("rs_list without `count` or `status`"), body);
    if (!haveCount)
        t.count = t.rowCount();
    out = std::move(t);
    return {};
}

JsocError recordListViaQJson(const QByteArray &body, RecordTable &out)
{
    QJsonObject o;
    if (JsocError e = parseObject(body, o); e.isError())
        return e;
    if (JsocError e = infoStatus(o, body); e.isError())
        return e;
    RecordTable t;
    auto fill = [](const QJsonValue &values, StringColumn &column) {
        const QJsonArray array = values.toArray();
        column.reserve(array.size(), 0);
        for (const QJsonValue &v : array) {
            if (v.isString())
                column.append(v.toString().toUtf8());
            else if (v.isDouble())
                column.append(QByteArray::number(v.toDouble(), 'g', 17));
            else
                column.append(QByteArrayView());
        }
    };
    for (const QJsonValue &item : o.value(QLatin1String("recinfo")).toArray()) {
        const QJsonObject r = item.toObject();
        t.hasRecInfo = true;
        t.recInfoNames.append(r.value(QLatin1String("name")).toString().toUtf8());
        t.recInfoOnline.push_back(lenientInt(r.value(QLatin1String("online"))) ? 1 : 0);
    }
    for (const QJsonValue &item : o.value(QLatin1String("keywords")).toArray()) {
        const QJsonObject k = item.toObject();
        KeywordColumn c;
        c.name = k.value(QLatin1String("name")).toString();
        fill(k.value(QLatin1String("values")), c.values);
        t.keywords.push_back(std::move(c));
    }
    for (const QJsonValue &item : o.value(QLatin1String("segments")).toArray()) {
        const QJsonObject k = item.toObject();
        SegmentColumn c;
        c.name = k.value(QLatin1String("name")).toString();
        fill(k.value(QLatin1String("values")), c.values);
        fill(k.value(QLatin1String("dims")), c.dims);
        fill(k.value(QLatin1String("cparms")), c.cparms);
        fill(k.value(QLatin1String("bzeros")), c.bzeros);
        fill(k.value(QLatin1String("bscales")), c.bscales);
        t.segments.push_back(std::move(c));
    }
    for (const QJsonValue &item : o.value(QLatin1String("links")).toArray()) {
        const QJsonObject k = item.toObject();
        LinkColumn c;
        c.name = k.value(QLatin1String("name")).toString();
        fill(k.value(QLatin1String("values")), c.values);
        t.links.push_back(std::move(c));
    }
    t.count = o.contains(QLatin1String("count")) ? lenientInt(o.value(QLatin1String("count"))) : t.rowCount();
    out = std::move(t);
    return {};
}

} // namespace jsoc::parse

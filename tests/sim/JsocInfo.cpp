#include "sim/JsocInfo.h"

#include <QElapsedTimer>
#include <QHash>
#include <cmath>
#include <optional>

#include "sim/FastText.h"
#include "sim/JsocJson.h"
#include "sim/KeywordCells.h"
#include "sim/KeywordSynth.h"
#include "sim/SeriesFactory.h"
#include "sim/SimHash.h"

namespace sim {

namespace {

constexpr qsizetype kMaxKeptBuffer = 512 * 1024 * 1024;

QByteArray runtimeText(const QElapsedTimer &t)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0.3f", double(t.nsecsElapsed()) / 1e9);
    return buf;
}

CgiReply errorReply(const QString &message)
{
    JsonNode root = JsonNode::object();
    root.append("status", JsonNode::number("1"));
    root.append("error", JsonNode::string(message.toUtf8()));
    CgiReply r;
    r.body = jsocjson::compact(root) + '\n';
    return r;
}

JsonNode strOrNull(const std::optional<QString> &s)
{
    return s ? JsonNode::string(s->toUtf8()) : JsonNode::null();
}

JsonNode intervalNode(const SeriesDef &def)
{
    JsonNode iv = JsonNode::object();
    const auto first = recordspace::firstRecord(def);
    const auto last = recordspace::lastRecord(def);
    if (!first || !last) {
        iv.append("FirstRecord", JsonNode::string(QByteArray("NA")));
        iv.append("FirstRecnum", JsonNode::string(QByteArray("NA")));
        iv.append("LastRecord", JsonNode::string(QByteArray("NA")));
        iv.append("LastRecnum", JsonNode::string(QByteArray("NA")));
        iv.append("MaxRecnum", JsonNode::number("0"));
        return iv;
    }
    const qint64 lastRecnum = recordspace::recnumOf(def, *last);
    iv.append("FirstRecord", JsonNode::string(recordspace::spec(def, *first).toUtf8()));
    iv.append("FirstRecnum", JsonNode::number(recordspace::recnumOf(def, *first)));
    iv.append("LastRecord", JsonNode::string(recordspace::spec(def, *last).toUtf8()));
    iv.append("LastRecnum", JsonNode::number(lastRecnum));
    iv.append("MaxRecnum", JsonNode::number(lastRecnum));
    return iv;
}

JsonNode structNode(const SeriesDef &def)
{
    JsonNode root = JsonNode::object();
    root.append("note", JsonNode::string(def.note.toUtf8()));
    root.append("retention", JsonNode::number(def.retention));
    root.append("stagingretention", JsonNode::number(def.stagingretention));
    root.append("unitsize", JsonNode::number(def.unitsize));
    root.append("archive", JsonNode::number(def.archive));
    root.append("tapegroup", JsonNode::number(def.tapegroup));
    JsonNode pk = JsonNode::array(), pki = JsonNode::array(), dbi = JsonNode::array();
    for (const PrimeKeyDef &k : def.pkeys) {
        pk.items.append(JsonNode::string(k.name.toUtf8()));
        JsonNode info = JsonNode::object();
        info.append("name", JsonNode::string(k.name.toUtf8()));
        info.append("slotted", JsonNode::number(k.slotted ? "1" : "0"));
        if (k.slotted)
            info.append("step", JsonNode::string(k.stepText.toUtf8()));
        pki.items.append(info);
    }
    for (const QString &d : def.dbindex)
        dbi.items.append(JsonNode::string(d.toUtf8()));
    for (JsonNode *a : {&pk, &pki, &dbi})
        if (a->items.isEmpty())
            a->items.append(JsonNode::null());
    root.append("primekeys", pk);
    root.append("primekeysinfo", pki);
    root.append("dbindex", dbi);
    JsonNode kws = JsonNode::array();
    for (const KeywordDef &k : def.keywords) {
        JsonNode o = JsonNode::object();
        o.append("name", JsonNode::string(k.name.toUtf8()));
        if (!k.linkinfo.isEmpty())
            o.append("linkinfo", JsonNode::string(k.linkinfo.toUtf8()));
        o.append("type", JsonNode::string(k.type.toUtf8()));
        o.append("recscope", JsonNode::string(k.recscope.toUtf8()));
        o.append("defval", JsonNode::string(k.defval.toUtf8()));
        o.append("units", JsonNode::string(k.units.toUtf8()));
        o.append("note", JsonNode::string(k.note.toUtf8()));
        kws.items.append(o);
    }
    root.append("keywords", kws);
    JsonNode segs = JsonNode::array();
    for (const SegmentDef &s : def.segments) {
        JsonNode o = JsonNode::object();
        o.append("name", JsonNode::string(s.name.toUtf8()));
        o.append("type", JsonNode::string(s.type.toUtf8()));
        o.append("units", strOrNull(s.units));
        o.append("protocol", JsonNode::string(s.protocol.toUtf8()));
        o.append("dims", strOrNull(s.dims));
        o.append("note", JsonNode::string(s.note.toUtf8()));
        segs.items.append(o);
    }
    root.append("segments", segs);
    JsonNode links = JsonNode::array();
    for (const LinkDef &l : def.links) {
        JsonNode o = JsonNode::object();
        o.append("name", JsonNode::string(l.name.toUtf8()));
        o.append("target", JsonNode::string(l.target.toUtf8()));
        o.append("kind", JsonNode::string(l.kind.toUtf8()));
        o.append("note", JsonNode::string(l.note.toUtf8()));
        links.items.append(o);
    }
    root.append("links", links);
    return root;
}

QString seriesNameOf(const QString &ds)
{
    QString s = ds;
    const qsizetype b = s.indexOf('[');
    if (b >= 0)
        s.truncate(b);
    const qsizetype c = s.indexOf('{');
    if (c >= 0)
        s.truncate(c);
    return s.trimmed();
}

QString errorFor(RecordQuery::Error e, const QString &message, const QString &unknownSeriesText)
{
    return e == RecordQuery::Error::UnknownSeries ? unknownSeriesText : message;
}

// Pixel dimensions of a segment for one record (VAR axes vary with the patch).
QByteArray dimsOf(const SelectedRecord &r, const SegmentDef &s)
{
    const QString d = s.dims.value_or(QString());
    if (!d.contains(QLatin1String("VAR")))
        return d.toLatin1();
    const quint64 h = mix(r.series->seed ^ quint64(r.coord[0] + 7));
    return QByteArray::number(200 + qint64(h % 600)) + 'x' + QByteArray::number(150 + qint64((h >> 20) % 400));
}

} // namespace

JsocInfo::JsocInfo(const SeriesFactory &factory) : m_factory(factory) {}

qint64 JsocInfo::sunumOf(const SelectedRecord &r)
{
    const SeriesDef &d = *r.series;
    return d.sunumBase + (r.ordinal + d.suOffset) / std::max(1, d.unitsize);
}

bool JsocInfo::isOnline(const SelectedRecord &r)
{
    const qint64 su = sunumOf(r);
    if (su == 280342572)
        return true; // the storage unit of the real quick-export sample
    return mix(quint64(su) ^ 0x5a5a5a5aULL) % 20 != 0;
}

QString JsocInfo::segmentFileName(const SegmentDef &seg)
{
    const QString p = seg.protocol.toLower();
    if (p == QLatin1String("fits") || p == QLatin1String("fitz") || p.startsWith(QLatin1String("link")))
        return seg.name + QStringLiteral(".fits");
    return seg.name;
}

QString JsocInfo::ownPath(const SelectedRecord &r, const SegmentDef &seg)
{
    const SeriesDef &d = *r.series;
    const qint64 su = sunumOf(r);
    const int slot = int((r.ordinal + d.suOffset) % std::max(1, d.unitsize));
    const int sum = int(1 + (su + 25) % 99); // SUM41 for the sample's unit
    return QStringLiteral("/SUM%1/D%2/S%3/%4").arg(sum).arg(su).arg(slot, 5, 10, QChar('0')).arg(segmentFileName(seg));
}

QString JsocInfo::recordDir(const SelectedRecord &r)
{
    return isOnline(r) ? ownPath(r, SegmentDef{}).section('/', 0, 3) : QString();
}

CgiReply JsocInfo::handle(const CgiParams &params) const
{
    const QString op = params.value(QStringLiteral("op"));
    if (op == QLatin1String("series_struct"))
        return seriesStruct(params);
    if (op == QLatin1String("rs_summary"))
        return rsSummary(params);
    if (op == QLatin1String("rs_list"))
        return rsList(params);
    // The CGI prints nothing for an unknown op; Apache turns that into a 500 page.
    CgiReply r;
    r.httpStatus = 500;
    r.contentType = "text/html; charset=iso-8859-1";
    r.body = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>500 Internal Server Error</title>\n"
             "</head><body>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error or\n"
             "misconfiguration and was unable to complete\nyour request.</p>\n"
             "<p>More information about this error may be available\nin the server error log.</p>\n"
             "<hr>\n<address>Apache/2.2.3 (CentOS) Server</address>\n</body></html>\n";
    return r;
}

CgiReply JsocInfo::seriesStruct(const CgiParams &params) const
{
    QElapsedTimer timer;
    timer.start();
    const auto def = m_factory.series(seriesNameOf(params.value(QStringLiteral("ds"))));
    if (!def)
        return errorReply(QStringLiteral("series not found"));
    JsonNode root = def->sampleStruct ? *def->sampleStruct : structNode(*def);
    root.remove("runtime");
    root.remove("status");
    // jsoc_info copies segment units into the JSON without escaping (real samples: "m/s").
    if (JsonNode *segs = root.find("segments"))
        for (JsonNode &seg : segs->items)
            if (JsonNode *u = seg.find("units"))
                u->keepSlash = true;
    root.set("Interval", intervalNode(*def));
    if (params.value(QStringLiteral("o")) == QLatin1String("1")) {
        const qsizetype at = root.keys.indexOf("tapegroup") + 1;
        const QString owner = def->name.startsWith(QLatin1String("su_")) ? def->name.section('.', 0, 0).mid(3) : QStringLiteral("production");
        root.keys.insert(at, "owner");
        root.items.insert(at, JsonNode::string(owner.toUtf8()));
        if (JsonNode *iv = root.find("Interval"))
            iv->append("HasShadow", JsonNode::number("0"));
    }
    if (params.value(QStringLiteral("r")) != QLatin1String("1"))
        root.append("runtime", JsonNode::number(runtimeText(timer)));
    root.append("status", JsonNode::number("0"));
    CgiReply r;
    r.body = jsocjson::formatted(root) + '\n';
    return r;
}

CgiReply JsocInfo::rsSummary(const CgiParams &params) const
{
    QElapsedTimer timer;
    timer.start();
    QString ds = params.value(QStringLiteral("ds"));
    const qsizetype brace = ds.indexOf('{');
    if (brace >= 0)
        ds.truncate(brace);
    RecordQuery::Error err = RecordQuery::Error::None;
    QString message;
    const auto plans = RecordQuery::resolve(m_factory, ds, &err, &message);
    if (!plans)
        return errorReply(errorFor(err, message, QStringLiteral("series not found")));
    const auto total = RecordQuery::count(*plans, &message);
    if (!total)
        return errorReply(message);
    qint64 n = *total;
    const qint64 limit = std::abs(params.value(QStringLiteral("n")).toLongLong());
    if (limit > 0)
        n = std::min(n, limit);
    JsonNode root = JsonNode::object();
    root.append("count", JsonNode::number(n));
    if (params.value(QStringLiteral("r")) != QLatin1String("1"))
        root.append("runtime", JsonNode::number(runtimeText(timer)));
    root.append("status", JsonNode::number("0"));
    CgiReply r;
    r.body = jsocjson::formatted(root) + '\n';
    return r;
}

CgiReply JsocInfo::rsList(const CgiParams &params) const
{
    QElapsedTimer timer;
    timer.start();
    const QString ds = params.value(QStringLiteral("ds"));
    RecordQuery::Error err = RecordQuery::Error::None;
    QString message;
    // An unknown series is reported before the record set is looked at.
    if (!m_factory.series(seriesNameOf(ds)) && !ds.contains(','))
        return errorReply(QStringLiteral(" jsoc_info: series not found."));
    const auto plans = RecordQuery::resolve(m_factory, ds, &err, &message);
    if (!plans)
        return errorReply(errorFor(err, message, QStringLiteral(" jsoc_info: series not found.")));
    if (plans->size() > 1) {
        for (const SubsetPlan &p : *plans)
            if (p.series != plans->front().series)
                return errorReply(QStringLiteral("invalid record-set specification `%1`; the records must belong to a single data series").arg(ds));
    }
    const SeriesDef &def = *plans->front().series;
    const qint64 limit = params.value(QStringLiteral("n")).toLongLong();
    const auto records = RecordQuery::select(*plans, limit, &message);
    if (!records)
        return errorReply(message);

    CgiReply reply;
    QByteArray &out = reply.body;
    if (records->empty()) {
        out = "{\"count\":0,\"runtime\":" + runtimeText(timer) + ",\"status\":0}\n";
        return reply;
    }

    // Column lists.
    auto splitList = [](const QString &s) {
        QStringList l;
        for (const QString &p : s.split(',', Qt::SkipEmptyParts))
            l.append(p.trimmed());
        return l;
    };
    QStringList keys;
    const QStringList keyArg = splitList(params.value(QStringLiteral("key")));
    if (keyArg.contains(QLatin1String("**NONE**")) && keyArg.size() > 1)
        return errorReply(QStringLiteral("Invalid key list (cannot specify **NONE** with other keys)."));
    for (const QString &k : keyArg) {
        if (k == QLatin1String("**NONE**"))
            break;
        if (k == QLatin1String("**ALL**")) {
            for (const KeywordDef &kd : def.keywords)
                if (kd.recscope != QLatin1String("index"))
                    keys.append(kd.name);
        } else {
            keys.append(k);
        }
    }
    const SubsetPlan &plan0 = plans->front();
    QStringList segs;
    bool segAll = false;
    for (const QString &s : splitList(params.value(QStringLiteral("seg")))) {
        if (s == QLatin1String("**NONE**")) {
            segs.clear();
            break;
        }
        if (s == QLatin1String("**ALL**")) {
            segAll = true;
            for (const SegmentDef &sd : def.segments)
                if (!plan0.hasSegmentList || plan0.segments.contains(sd.name, Qt::CaseInsensitive) || plan0.segments.contains(QLatin1String("**ALL**")))
                    segs.append(sd.name);
        } else {
            segs.append(s);
        }
    }
    QStringList links;
    for (const QString &l : splitList(params.value(QStringLiteral("link")))) {
        if (l == QLatin1String("**NONE**")) {
            links.clear();
            break;
        }
        if (l == QLatin1String("**ALL**")) {
            for (const LinkDef &ld : def.links)
                links.append(ld.name);
        } else {
            links.append(l);
        }
    }
    const bool wantRecInfo = params.value(QStringLiteral("R")) == QLatin1String("1");
    const qsizetype nrec = qsizetype(records->size());
    const qsizetype estimate = nrec * (keys.size() * 30 + segs.size() * 90 + 8) + 256;
    // The last reply's buffer once the server let go of it: no page faults for a new one.
    if (m_scratch.isDetached())
        out = std::move(m_scratch);
    m_scratch = QByteArray();

    // Segment columns first (recinfo needs their paths).
    struct SegColumn {
        QString name;
        const SegmentDef *def = nullptr;
        QList<QByteArray> paths;
    };
    std::vector<SegColumn> segCols;
    for (const QString &s : segs) {
        SegColumn col;
        col.name = s;
        for (const SegmentDef &sd : def.segments)
            if (sd.name.compare(s, Qt::CaseInsensitive) == 0)
                col.def = &sd;
        if (col.def && plan0.hasSegmentList && !plan0.segments.contains(QLatin1String("**ALL**"))
            && !plan0.segments.contains(col.def->name, Qt::CaseInsensitive))
            col.def = nullptr; // filtered out by `{...}` in the record set
        if (!col.def && segAll)
            continue;
        col.paths.reserve(nrec);
        for (const SelectedRecord &r : *records) {
            if (!col.def)
                col.paths.append("InvalidSegName");
            else if (!isOnline(r))
                col.paths.append("NoDataDirectory");
            else
                col.paths.append((m_segmentPath ? m_segmentPath(r, *col.def) : ownPath(r, *col.def)).toLatin1());
        }
        segCols.push_back(std::move(col));
    }

    ReplyBuffer w(out, estimate);
    w.append('{');
    if (wantRecInfo) {
        w.append("\"recinfo\":[");
        for (qsizetype i = 0; i < nrec; ++i) {
            const SelectedRecord &r = (*records)[size_t(i)];
            if (i)
                w.append(',');
            w.append("{\"name\":");
            w.appendString(recordspace::spec(*r.series, r.coord).toLatin1());
            const bool online = !segCols.empty() && segCols.back().paths[i].startsWith("/SUM");
            w.append(online ? ",\"online\":1}" : ",\"online\":0}");
        }
        w.append("],");
    }
    w.append("\"keywords\":[");
    enum class Col { Keyword, Recnum, Sunum, Size, Online, Retain, Archive, Recdir, Logdir, Dirmtime, Spec, Invalid };
    static const QHash<QString, Col> pseudo{
        {"*recnum*", Col::Recnum}, {"*sunum*", Col::Sunum}, {"*size*", Col::Size}, {"*online*", Col::Online},
        {"*retain*", Col::Retain}, {"*archive*", Col::Archive}, {"*recdir*", Col::Recdir}, {"*logdir*", Col::Logdir},
        {"*dirmtime*", Col::Dirmtime}, {"*spec*", Col::Spec},
    };
    for (qsizetype k = 0; k < keys.size(); ++k) {
        const QString &key = keys[k];
        if (k)
            w.append(',');
        w.append("{\"name\":");
        w.appendString(key.toLatin1());
        w.append(",\"values\":[");
        const int kw = def.keywordOf(key);
        const Col col = kw >= 0 ? Col::Keyword : pseudo.value(key, Col::Invalid);
        std::optional<KeywordCells> cells;
        if (kw >= 0)
            cells.emplace(def, kw);
        for (qsizetype i = 0; i < nrec; ++i) {
            const SelectedRecord &r = (*records)[size_t(i)];
            if (i)
                w.append(',');
            switch (col) {
            case Col::Keyword:
                cells->write(w, r);
                continue;
            case Col::Recnum:
                w.commit(fasttext::writeInt(w.room(24), r.recnum()));
                continue;
            case Col::Sunum:
                w.commit(fasttext::writeInt(w.room(24), sunumOf(r)));
                continue;
            case Col::Size: {
                char *p = w.room(26);
                *p++ = '"';
                p = fasttext::writeInt(p, 15000000 + qint64(mix(quint64(sunumOf(r))) % 2000000));
                *p++ = '"';
                w.commit(p);
                continue;
            }
            case Col::Online:
                w.appendString(isOnline(r) ? QByteArrayView("Y") : QByteArrayView("N"));
                continue;
            case Col::Retain:
                w.appendString(isOnline(r) ? QByteArrayView("2026.12.31") : QByteArrayView("N/A"));
                continue;
            case Col::Archive:
                w.appendString(def.archive ? QByteArrayView("Y") : QByteArrayView("N"));
                continue;
            case Col::Recdir:
                w.appendString(isOnline(r) ? recordDir(r).toLatin1() : QByteArray("NoDataDirectory"));
                continue;
            case Col::Logdir:
                w.appendString(QByteArrayView("NO LOG"));
                continue;
            case Col::Dirmtime:
                w.appendString(QByteArrayView("NA"));
                continue;
            case Col::Spec:
                w.appendString(recordspace::spec(def, r.coord).toLatin1());
                continue;
            case Col::Invalid:
                w.appendString(QByteArrayView("Invalid KeyLink"));
                continue;
            }
        }
        w.append("]}");
    }
    w.append("],\"segments\":[");
    for (size_t s = 0; s < segCols.size(); ++s) {
        const SegColumn &col = segCols[s];
        if (s)
            w.append(',');
        w.append("{\"name\":");
        w.appendString(col.name.toLatin1());
        w.append(",\"values\":[");
        for (qsizetype i = 0; i < nrec; ++i) {
            if (i)
                w.append(',');
            w.appendString(col.paths[i]);
        }
        w.append("],\"dims\":[");
        for (qsizetype i = 0; i < nrec; ++i) {
            if (i)
                w.append(',');
            w.appendString(col.def ? dimsOf((*records)[size_t(i)], *col.def) : QByteArray("NA"));
        }
        // cparms/bzeros/bscales only where the record has them (online FITS files): shorter arrays.
        const bool fits = col.def && col.def->protocol.compare(QLatin1String("fits"), Qt::CaseInsensitive) == 0;
        const int bscaleKw = col.def ? def.keywordOf(col.def->name + "_bscale") : -1;
        const int bzeroKw = col.def ? def.keywordOf(col.def->name + "_bzero") : -1;
        const QByteArray bscale = bscaleKw >= 0 ? def.keywords[bscaleKw].defval.toLatin1() : QByteArray("1");
        const QByteArray bzero = bzeroKw >= 0 ? def.keywords[bzeroKw].defval.toLatin1() : QByteArray("0");
        const QByteArray cparms = col.def && (col.def->type == QLatin1String("int") || col.def->type == QLatin1String("short")) ? "compress Rice" : "";
        for (const char *field : {"cparms", "bzeros", "bscales"}) {
            w.append("],\"");
            w.append(field);
            w.append("\":[");
            bool firstVal = true;
            for (qsizetype i = 0; i < nrec && fits; ++i) {
                if (!col.paths[i].startsWith("/SUM"))
                    continue;
                if (!firstVal)
                    w.append(',');
                firstVal = false;
                w.appendString(field[0] == 'c' ? cparms : field[1] == 'z' ? bzero : bscale);
            }
        }
        w.append("]}");
    }
    w.append("],\"links\":[");
    for (qsizetype l = 0; l < links.size(); ++l) {
        if (l)
            w.append(',');
        w.append("{\"name\":");
        w.appendString(links[l].toLatin1());
        w.append(",\"values\":[");
        const LinkDef *ld = nullptr;
        for (const LinkDef &d : def.links)
            if (d.name.compare(links[l], Qt::CaseInsensitive) == 0)
                ld = &d;
        for (qsizetype i = 0; i < nrec; ++i) {
            const SelectedRecord &r = (*records)[size_t(i)];
            if (i)
                w.append(',');
            if (!ld) {
                w.appendString("Invalid_Link");
                continue;
            }
            QString target = ld->target;
            if (ld->kind == QLatin1String("STATIC")) {
                target += QStringLiteral("[:#%1]").arg(r.recnum());
            } else {
                for (int p = 0; p < r.series->pkeys.size(); ++p)
                    target += '[' + recordspace::keyText(*r.series, p, r.coord[size_t(p)]) + ']';
            }
            w.appendString(target.toLatin1());
        }
        w.append("]}");
    }
    w.append("],\"count\":");
    w.append(QByteArray::number(nrec));
    w.append(",\"runtime\":");
    w.append(runtimeText(timer));
    w.append(",\"status\":0}\n");
    w.finish();
    // Keep the buffer for the next big reply (its pages stay mapped) while it is small enough.
    if (out.capacity() <= kMaxKeptBuffer)
        m_scratch = out;
    return reply;
}

} // namespace sim

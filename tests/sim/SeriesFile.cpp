#include "sim/SeriesFile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sim::seriesfile {

QString directory()
{
    return QStringLiteral(JSOC_SIM_SERIES_DIR);
}

namespace {

std::optional<QJsonObject> readFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1").arg(path);
        return std::nullopt;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("%1: %2").arg(path, pe.errorString());
        return std::nullopt;
    }
    return doc.object();
}

double timeOf(const QJsonValue &v)
{
    return drms::parseTime(v.toString()).value_or(0.0);
}

// Row arrays keep the files short: [name, type, recscope, defval, units, note(, linkinfo)].
KeywordDef keywordOf(const QJsonArray &row)
{
    KeywordDef k;
    k.name = row.at(0).toString();
    k.type = row.at(1).toString();
    k.recscope = row.at(2).toString();
    k.defval = row.at(3).toString();
    k.units = row.at(4).toString();
    k.note = row.at(5).toString();
    k.linkinfo = row.at(6).toString();
    return k;
}

KeywordDef keyword(const QString &name, const char *type, const char *recscope, const QString &defval,
                   const char *units, const QString &note)
{
    return keywordOf({name, QString::fromLatin1(type), QString::fromLatin1(recscope), defval, QString::fromLatin1(units), note});
}

// [name, type, units, protocol, dims, note]; a null units/dims stays null (linked segments).
SegmentDef segmentOf(const QJsonArray &row)
{
    SegmentDef s;
    s.name = row.at(0).toString();
    s.type = row.at(1).toString();
    if (row.at(2).isString())
        s.units = row.at(2).toString();
    s.protocol = row.at(3).toString();
    if (row.at(4).isString())
        s.dims = row.at(4).toString();
    s.note = row.at(5).toString();
    return s;
}

PrimeKeyDef primeKeyOf(const QJsonObject &o)
{
    PrimeKeyDef k;
    k.name = o.value("name").toString();
    if (o.value("slotted").toBool()) {
        const double step = o.value("step").toDouble();
        k.slotted = true;
        k.stepText = o.value("stepText").toString(QString::number(step, 'f', 1));
        k.axis.epoch = timeOf(o.value("epoch"));
        k.axis.step = step;
        k.style = o.value("units").toString() == QLatin1String("ISO") ? drms::TimeStyle::Iso : drms::TimeStyle::Tai;
        k.firstSlot = k.axis.indexOf(timeOf(o.value("from")));
        k.lastSlot = k.axis.indexOf(timeOf(o.value("to")), true);
    } else if (o.contains("values")) {
        for (const QJsonValue &v : o.value("values").toArray())
            k.values.push_back(v.toInteger());
    } else if (o.contains("from")) {
        const qint64 step = o.value("step").toInteger(1);
        for (qint64 v = o.value("from").toInteger(); v <= o.value("to").toInteger(); v += std::max<qint64>(1, step))
            k.values.push_back(v);
    }
    // Neither: a key the record model cannot enumerate (per-image FSN, string keys). The series
    // then has a structure but no records in the simulator.
    return k;
}

} // namespace

const QList<Listing> &listings()
{
    static const QList<Listing> all = [] {
        QList<Listing> out;
        const QDir dir(directory());
        for (const QString &file : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            QString error;
            const auto o = readFile(dir.filePath(file), &error);
            if (!o || !o->contains("name"))
                continue; // load() reports it when the series is asked for
            Listing l;
            l.name = o->value("name").toString();
            l.note = o->value("note").toString();
            for (const QJsonValue &k : o->value("primekeys").toArray())
                l.primeKeys.append(k.toObject().value("name").toString());
            out.append(l);
        }
        return out;
    }();
    return all;
}

const Listing *listing(const QString &name)
{
    for (const Listing &l : listings())
        if (l.name.compare(name, Qt::CaseInsensitive) == 0)
            return &l;
    return nullptr;
}

bool load(const QString &name, SeriesDef &def, QString *error)
{
    const auto o = readFile(QDir(directory()).filePath(name.toLower() + ".json"), error);
    if (!o)
        return false;
    def.note = o->value("note").toString();
    def.retention = o->value("retention").toInt(def.retention);
    def.stagingretention = o->value("stagingretention").toInt(def.stagingretention);
    def.unitsize = o->value("unitsize").toInt(def.unitsize);
    def.archive = o->value("archive").toInt(def.archive);
    def.tapegroup = o->value("tapegroup").toInt(def.tapegroup);
    def.pkeys.clear();
    for (const QJsonValue &k : o->value("primekeys").toArray())
        def.pkeys.append(primeKeyOf(k.toObject()));
    def.dbindex.clear();
    for (const QJsonValue &d : o->value("dbindex").toArray())
        def.dbindex.append(d.toString());
    if (def.dbindex.isEmpty())
        for (const PrimeKeyDef &k : def.pkeys)
            def.dbindex.append(k.name);

    // A slotted key's companions follow it as JSOC adds them, its _index keyword last, unless the
    // file lists them itself (where a real body shows their own order, types and set).
    def.keywords.clear();
    const QJsonArray rows = o->value("keywords").toArray();
    auto listed = [&](const QString &name) {
        return std::any_of(rows.begin(), rows.end(), [&](const QJsonValue &r) { return r.toArray().at(0).toString() == name; });
    };
    QList<KeywordDef> indexKeys;
    for (const QJsonValue &row : rows) {
        const KeywordDef k = keywordOf(row.toArray());
        def.keywords.append(k);
        for (const PrimeKeyDef &p : std::as_const(def.pkeys)) {
            if (!p.slotted || p.name != k.name)
                continue;
            const QList<KeywordDef> companions{
                keyword(p.name + "_epoch", "time", "constant", drms::formatTime(p.axis.epoch), "TAI", "Time of origin"),
                keyword(p.name + "_step", "float", "constant", p.stepText, "seconds", "ts_eq step"),
                keyword(p.name + "_unit", "string", "constant", "secs", "none", "ts_eq unit"),
            };
            // A file that lists any of them lists all it has (aia.lev1_euv_12s has no T_REC_unit).
            const bool own = listed(p.name + "_epoch") || listed(p.name + "_step") || listed(p.name + "_index");
            if (own)
                continue;
            def.keywords.append(companions);
            indexKeys.append(keyword(p.name + "_index", "longlong", "index", "0", "none", "Index keyword associated with " + p.name));
        }
    }
    def.keywords.append(indexKeys);
    def.segments.clear();
    for (const QJsonValue &row : o->value("segments").toArray())
        def.segments.append(segmentOf(row.toArray()));
    def.links.clear();
    for (const QJsonValue &row : o->value("links").toArray()) {
        const QJsonArray l = row.toArray();
        def.links.append({l.at(0).toString(), l.at(1).toString(), l.at(2).toString(), l.at(3).toString()});
    }
    for (const PrimeKeyDef &p : std::as_const(def.pkeys)) {
        if (!std::any_of(def.keywords.cbegin(), def.keywords.cend(), [&](const KeywordDef &k) { return k.name == p.name; })) {
            *error = QStringLiteral("%1: prime key %2 has no keyword").arg(name, p.name);
            return false;
        }
    }
    return true;
}

} // namespace sim::seriesfile

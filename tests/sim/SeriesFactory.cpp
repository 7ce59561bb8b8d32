#include "sim/SeriesFactory.h"

#include <QFile>
#include <QMutexLocker>
#include <QRegularExpression>
#include <cmath>

#include "sim/SeriesCatalog.h"
#include "sim/SeriesFile.h"
#include "sim/KeywordSynth.h"
#include "sim/SimHash.h"

namespace sim {

namespace {

double timeOf(const char *text)
{
    return drms::parseTime(QString::fromLatin1(text)).value_or(0.0);
}

struct Timeline {
    double epoch1993 = timeOf("1993.01.01_00:00:00_TAI");
    double end = timeOf("2025.12.31_23:59:59_TAI");
    double hmi45 = timeOf("2010.03.29_08:00:00_TAI");
    double hmi720 = timeOf("2010.04.30_00:00:00_TAI");
    double harp = timeOf("2010.05.01_00:00:00_TAI");
    double aia = timeOf("2010.05.13_00:00:36_TAI");
    double mdiStart = timeOf("1996.05.01_00:00:00_TAI");
    double mdiEnd = timeOf("2011.04.11_23:59:59_TAI");
    double nrtEnd = timeOf("2021.05.01_05:24:00_TAI");
    double userStart = timeOf("2010.06.01_00:00:00_TAI");
};

const Timeline &timeline()
{
    static const Timeline t;
    return t;
}

enum class Kind { HmiObs, Harp, Synoptic, Aia, Mdi, Generic };

struct Layout {
    Kind kind = Kind::Generic;
    QList<PrimeKeyDef> pkeys;
    QString instrument;
    int camera = 0;
    double step = 86400;
    bool nrt = false;
    bool user = false;
};

QString stepText(double step)
{
    return QString::number(step, 'f', 1);
}

PrimeKeyDef slottedKey(const QString &name, double epoch, double step, double from, double to)
{
    PrimeKeyDef k;
    k.name = name;
    k.slotted = true;
    k.stepText = stepText(step);
    k.axis.epoch = epoch;
    k.axis.step = step;
    k.firstSlot = k.axis.indexOf(from);
    k.lastSlot = k.axis.indexOf(to, true);
    return k;
}

PrimeKeyDef enumKey(const QString &name, std::vector<qint64> values)
{
    PrimeKeyDef k;
    k.name = name;
    k.values = std::move(values);
    return k;
}

std::vector<qint64> range(qint64 a, qint64 b)
{
    std::vector<qint64> v;
    v.reserve(size_t(std::max<qint64>(0, b - a + 1)));
    for (qint64 i = a; i <= b; ++i)
        v.push_back(i);
    return v;
}

double cadenceFromName(const QString &base, double fallback)
{
    static const QRegularExpression re(QStringLiteral("(\\d+)(s|m|h|d)(?:_|$)"));
    const auto m = re.match(base);
    if (m.hasMatch()) {
        const double n = m.captured(1).toDouble();
        const QChar u = m.captured(2).at(0);
        const double mult = u == 's' ? 1 : u == 'm' ? 60 : u == 'h' ? 3600 : 86400;
        if (n > 0)
            return n * mult;
    }
    if (base.contains(QLatin1String("daily")))
        return 86400;
    return fallback;
}

Layout layoutFor(const QString &lower, bool real)
{
    const Timeline &tl = timeline();
    Layout l;
    const QString ns = lower.section('.', 0, 0);
    const QString base = lower.section('.', 1);
    l.user = !real;
    l.nrt = base.endsWith(QLatin1String("_nrt"));
    const QStringList words = base.split('_');
    const QString first = words.value(0);
    const bool harp = base.contains(QLatin1String("harp")) || base.contains(QLatin1String("sharp"))
                      || base.contains(QLatin1String("smarp")) || base.contains(QLatin1String("tarp"));
    const bool synoptic = base.contains(QLatin1String("synop")) && !base.contains(QLatin1String("synframe"));
    l.instrument = ns.startsWith(QLatin1String("aia")) ? "AIA" : ns.startsWith(QLatin1String("mdi")) ? "MDI"
                   : ns.startsWith(QLatin1String("hmi")) ? "HMI" : QString();

    double from = tl.hmi720, to = tl.end, epoch = tl.epoch1993;
    if (l.instrument == QLatin1String("MDI")) {
        from = tl.mdiStart;
        to = tl.mdiEnd;
    }
    if (l.user) {
        const quint64 h = hashString(lower);
        from = tl.userStart + double(h % 4000) * 86400.0;
    }

    if (harp) {
        l.kind = Kind::Harp;
        l.step = cadenceFromName(base, l.instrument == QLatin1String("MDI") ? 5760 : 720);
        const QString num = base.contains(QLatin1String("tarp")) || base.contains(QLatin1String("smarp")) ? "TARPNUM" : "HARPNUM";
        qint64 n = 0;
        if (l.user) {
            n = 20 + qint64(hashString(lower + "n") % 200);
            to = from + double(n) * 2.0 * 86400.0;
        } else if (l.nrt) {
            n = 6314;
            to = tl.nrtEnd;
        } else {
            n = l.instrument == QLatin1String("MDI") ? 4000 : 13000;
        }
        if (!l.user && l.instrument != QLatin1String("MDI"))
            from = tl.harp;
        l.pkeys = {enumKey(num, range(1, n)), slottedKey("T_REC", epoch, l.step, from, to)};
        l.camera = 1;
        return l;
    }
    if (synoptic) {
        l.kind = Kind::Synoptic;
        qint64 a = l.instrument == QLatin1String("MDI") ? 1911 : 2097, b = l.instrument == QLatin1String("MDI") ? 2107 : 2304;
        if (l.user) {
            a = 2097 + qint64(hashString(lower) % 150);
            b = a + 5 + qint64(hashString(lower + "n") % 40);
        }
        l.pkeys = {enumKey("CAR_ROT", range(a, b))};
        return l;
    }
    if (ns == QLatin1String("aia") && base.startsWith(QLatin1String("lev1"))) {
        l.kind = Kind::Aia;
        std::vector<qint64> waves{94, 131, 171, 193, 211, 304, 335};
        l.step = 12;
        if (base.contains(QLatin1String("uv_24s"))) {
            waves = {1600, 1700};
            l.step = 24;
        } else if (base.contains(QLatin1String("vis_1h"))) {
            waves = {4500};
            l.step = 3600;
        } else if (base == QLatin1String("lev1")) {
            waves = {94, 131, 171, 193, 211, 304, 335, 1600, 1700, 4500};
        }
        l.pkeys = {slottedKey("T_REC", epoch, l.step, tl.aia, to), enumKey("WAVELNTH", waves)};
        return l;
    }
    const bool observable = QStringList{"m", "v", "ic", "ld", "lw"}.contains(first) && (base.contains(QLatin1String("_45s")) || base.contains(QLatin1String("_720s")));
    if (!l.user && l.instrument == QLatin1String("HMI") && observable) {
        l.kind = Kind::HmiObs;
        l.step = cadenceFromName(base, 720);
        l.camera = l.step < 100 ? 2 : 3;
        if (l.step < 100)
            from = tl.hmi45;
        if (l.nrt)
            to = tl.nrtEnd;
        l.pkeys = {slottedKey("T_REC", epoch, l.step, from, to), enumKey("CAMERA", {l.camera})};
        return l;
    }
    l.kind = l.instrument == QLatin1String("MDI") ? Kind::Mdi : Kind::Generic;
    l.step = cadenceFromName(base, l.instrument == QLatin1String("MDI") ? 60 : l.instrument.isEmpty() ? 86400 : 720);
    if (l.instrument == QLatin1String("HMI"))
        l.camera = l.step < 100 ? 2 : 3;
    if (l.nrt)
        to = tl.nrtEnd;
    if (l.user) {
        const qint64 n = 10 + qint64(hashString(lower + "n") % 2000);
        to = from + double(n - 1) * l.step;
    }
    l.pkeys = {slottedKey("T_REC", epoch, l.step, from, to)};
    return l;
}

KeywordDef kw(const QString &name, const QString &type, const QString &recscope, const QString &defval,
              const QString &units, const QString &note)
{
    KeywordDef k;
    k.name = name;
    k.type = type;
    k.recscope = recscope;
    k.defval = defval;
    k.units = units;
    k.note = note;
    return k;
}

// The companions JSOC adds for a slotted time key, in series_struct order (T_REC_index goes last).
QList<KeywordDef> slotKeywords(const PrimeKeyDef &k, const QString &units)
{
    return {
        kw(k.name, "time", "ts_eq", units == QLatin1String("ISO") ? "-4712.01.01_11:59:28Z" : "-4712.01.01_11:59:28_TAI", units, "Slot time"),
        kw(k.name + "_epoch", "time", "constant", drms::formatTime(k.axis.epoch), "TAI", "Time of origin"),
        kw(k.name + "_step", "float", "constant", k.stepText, "seconds", "ts_eq step"),
        kw(k.name + "_unit", "string", "constant", "secs", "none", "ts_eq unit"),
    };
}

QList<KeywordDef> genericKeywords(const Layout &l)
{
    const QString telescop = l.instrument.isEmpty() ? QString() : "SDO/" + l.instrument;
    QList<KeywordDef> k{
        kw("DATE", "time", "variable", "-4712.01.01_11:59:28Z", "ISO", "Date_time of processing; ISO 8601 format UTC"),
        kw("T_OBS", "time", "variable", "-4712.01.01_11:59:28_TAI", "TAI", "Observation time"),
        kw("TELESCOP", "string", "constant", l.instrument == QLatin1String("MDI") ? "SOHO" : telescop, "none", "Telescope"),
        kw("INSTRUME", "string", "variable", "", "none", "Instrument"),
        kw("WAVELNTH", "float", "constant", l.instrument == QLatin1String("MDI") ? "6767.8" : "6173.0", "Angstrom", "Wavelength"),
        kw("CAMERA", "int", "variable", "-2147483648", "none", "Camera"),
        kw("QUALITY", "int", "variable", "0x80000000", "none", "Quality word"),
        kw("EXPTIME", "double", "variable", "nan", "seconds", "Exposure duration"),
        kw("CAR_ROT", "int", "variable", "-2147483648", "none", "Carrington rotation number"),
        kw("CRLN_OBS", "float", "variable", "nan", "degree", "Carrington longitude of the observer"),
        kw("CRLT_OBS", "float", "variable", "nan", "degree", "Carrington latitude of the observer"),
        kw("DSUN_OBS", "double", "variable", "nan", "m", "Distance from Sun center to observer"),
        kw("RSUN_OBS", "float", "variable", "nan", "arcsec", "Apparent radius of the Sun"),
        kw("CDELT1", "float", "variable", "nan", "arcsec/pixel", "Image scale in the x direction"),
        kw("CDELT2", "float", "variable", "nan", "arcsec/pixel", "Image scale in the y direction"),
        kw("CRPIX1", "float", "variable", "nan", "pixel", "Location of the Sun center in CCD x direction"),
        kw("CRPIX2", "float", "variable", "nan", "pixel", "Location of the Sun center in CCD y direction"),
        kw("CROTA2", "float", "variable", "nan", "degree", "Rotation angle"),
        kw("DATAMIN", "double", "variable", "nan", "none", "Minimum value of all pixels"),
        kw("DATAMAX", "double", "variable", "nan", "none", "Maximum value of all pixels"),
        kw("DATAMEAN", "double", "variable", "nan", "none", "Mean value of all pixels"),
        kw("DATARMS", "double", "variable", "nan", "none", "RMS of all pixels"),
        kw("HISTORY", "string", "variable", "", "none", "processing history of data"),
        kw("COMMENT", "string", "variable", "", "none", "commentary on the data"),
    };
    return k;
}

QList<SegmentDef> segmentsFor(const Layout &l, const QString &base)
{
    auto seg = [](const QString &name, const QString &type, const QString &units, const QString &dims, const QString &note) {
        SegmentDef s;
        s.name = name;
        s.type = type;
        s.units = units;
        s.protocol = "fits";
        s.dims = dims;
        s.note = note;
        return s;
    };
    const QString first = base.section('_', 0, 0);
    if (l.kind == Kind::HmiObs) {
        if (first == QLatin1String("m"))
            return {seg("magnetogram", "int", "Gauss", "4096x4096", "magnetogram")};
        if (first == QLatin1String("v"))
            return {seg("Dopplergram", "short", "m/s", "4096x4096", "Dopplergram")};
        if (first == QLatin1String("ic"))
            return {seg("continuum", "int", "DN/s", "4096x4096", "continuum intensity")};
        if (first == QLatin1String("ld"))
            return {seg("linedepth", "int", "DN/s", "4096x4096", "line depth")};
        return {seg("linewidth", "int", "mA", "4096x4096", "line width")};
    }
    if (l.kind == Kind::Synoptic)
        return {seg("synopMr", "float", "Mx/cm^2", "3600x1440", "Radial field synoptic map")};
    if (l.kind == Kind::Mdi)
        return {seg("data", "short", "none", "1024x1024", "MDI image")};
    if (l.kind == Kind::Aia)
        return {seg("image", "int", "DN", "4096x4096", "AIA level 1 image")};
    if (l.kind == Kind::Harp)
        return {seg("magnetogram", "int", "Gauss", "VARxVAR", "magnetogram"), seg("bitmap", "char", "Enumerated", "VARxVAR", "Mask for the patch")};
    return {seg("data", "float", "none", "1024x1024", "data")};
}

// HARPs whose window is known (series/hmi_harp_anchors.tsv): number, first and last T_REC.
struct HarpAnchor {
    qint64 harp = 0;
    double first = 0.0;
    std::optional<double> last;
};

const QList<HarpAnchor> &harpAnchors()
{
    static const QList<HarpAnchor> anchors = [] {
        QList<HarpAnchor> out;
        QFile f(seriesfile::directory() + QStringLiteral("/hmi_harp_anchors.tsv"));
        if (!f.open(QIODevice::ReadOnly)) {
            qWarning("jsoc-sim: cannot open %s", qPrintable(f.fileName()));
            return out;
        }
        while (!f.atEnd()) {
            const QByteArray line = f.readLine().trimmed();
            const QList<QByteArray> cols = line.split('\t');
            if (line.isEmpty() || line.startsWith('#') || cols.size() < 3)
                continue;
            HarpAnchor a;
            a.harp = cols[0].toLongLong();
            a.first = drms::parseTime(QString::fromLatin1(cols[1])).value_or(0.0);
            if (cols[2] != "-")
                a.last = drms::parseTime(QString::fromLatin1(cols[2]));
            out.append(a);
        }
        return out;
    }();
    return anchors;
}

// Harp windows: start slot per harp number interpolated between anchors, length hashed.
void makeWindows(SeriesDef &def, const Layout &l)
{
    const PrimeKeyDef &harpKey = def.pkeys[0];
    const PrimeKeyDef &t = def.pkeys[1];
    const qint64 n = qint64(harpKey.values.size());
    def.windowOuterKey = 0;
    def.windows.resize(size_t(n));
    struct Anchor { double harp; double slot; std::optional<qint64> last; };
    QList<Anchor> anchors;
    const bool hmiDefinitive = !l.user && !l.nrt && l.instrument == QLatin1String("HMI");
    if (hmiDefinitive) {
        for (const HarpAnchor &a : harpAnchors()) {
            std::optional<qint64> last;
            if (a.last)
                last = t.axis.indexOf(*a.last, true);
            anchors.append({double(a.harp), double(t.axis.indexOf(a.first)), last});
        }
    }
    if (anchors.isEmpty() || anchors.first().harp > 1.0)
        anchors.prepend({1.0, double(t.firstSlot), std::nullopt});
    const qint64 span = std::max<qint64>(1, t.lastSlot - t.firstSlot);
    anchors.append({double(n), double(t.lastSlot) - std::min<double>(double(span) / 4.0, 1500.0), std::nullopt});
    const quint64 seed = hashString(def.name.toLower());
    for (qint64 i = 0; i < n; ++i) {
        const double h = double(i + 1);
        int a = 0;
        while (a + 2 < anchors.size() && h > anchors[a + 1].harp)
            ++a;
        const Anchor &p = anchors[a], &q = anchors[a + 1];
        const double f = q.harp > p.harp ? (h - p.harp) / (q.harp - p.harp) : 0.0;
        qint64 start = qint64(std::llround(p.slot + f * (q.slot - p.slot)));
        qint64 len = 100 + qint64(mix(seed ^ quint64(i + 1)) % 1900);
        if (l.user)
            len = 20 + qint64(mix(seed ^ quint64(i + 1)) % 200);
        const Anchor *pinned = h == p.harp ? &p : h == q.harp ? &q : nullptr;
        if (pinned && pinned->last)
            len = *pinned->last - start + 1;
        start = std::clamp(start, t.firstSlot, t.lastSlot);
        qint64 end = std::min(t.lastSlot, start + len - 1);
        if (l.nrt) // near-real-time: only the newest region is still being tracked at the last slot
            end = i + 1 == n ? t.lastSlot : std::min(end, t.lastSlot - 1);
        def.windows[size_t(i)] = {start, end};
    }
}

int unitsizeFor(const Layout &l)
{
    switch (l.kind) {
    case Kind::HmiObs: return l.step < 100 ? 32 : 16;
    case Kind::Harp: return 1;
    case Kind::Aia: return 32;
    default: return 4;
    }
}

KeywordDef keywordFromNode(const JsonNode &n)
{
    KeywordDef k;
    k.name = n.str("name");
    k.linkinfo = n.str("linkinfo");
    k.type = n.str("type");
    k.recscope = n.str("recscope");
    k.defval = n.str("defval");
    k.units = n.str("units");
    k.note = n.str("note");
    return k;
}

SegmentDef segmentFromNode(const JsonNode &n)
{
    SegmentDef s;
    s.name = n.str("name");
    s.type = n.str("type");
    const JsonNode *u = n.find("units");
    if (u && u->type == JsonNode::Type::String)
        s.units = QString::fromUtf8(u->text);
    s.protocol = n.str("protocol");
    const JsonNode *d = n.find("dims");
    if (d && d->type == JsonNode::Type::String)
        s.dims = QString::fromUtf8(d->text);
    s.note = n.str("note");
    return s;
}

// Per keyword, what the real AIA **ALL** sample shows (11 records of aia.lev1_euv_12s).
void applySampleValues(SeriesDef &def, const QString &samplesDir)
{
    static const QHash<QString, QList<QByteArray>> table = [&] {
        QHash<QString, QList<QByteArray>> t;
        QFile f(samplesDir + "/rslist_aia.lev1_euv_12s_304_allkeys_R1.json");
        if (!f.open(QIODevice::ReadOnly))
            return t;
        const auto doc = JsonNode::parse(f.readAll());
        const JsonNode *kws = doc ? doc->find("keywords") : nullptr;
        if (!kws)
            return t;
        for (const JsonNode &k : kws->items) {
            QList<QByteArray> values;
            if (const JsonNode *v = k.find("values"))
                for (const JsonNode &x : v->items)
                    values.append(x.text);
            t.insert(k.str("name").toUpper(), values);
        }
        return t;
    }();
    for (KeywordDef &k : def.keywords) {
        const auto it = table.constFind(k.name.toUpper());
        if (it == table.constEnd() || it->isEmpty())
            continue;
        k.hasSample = true;
        k.sampleMissing = std::all_of(it->begin(), it->end(), [](const QByteArray &v) { return v == "MISSING"; });
        bool numeric = true;
        double lo = 0, hi = 0;
        bool first = true;
        for (const QByteArray &v : *it) {
            if (v == "MISSING")
                continue;
            bool ok = false;
            const double d = v.toDouble(&ok);
            if (!ok || v.startsWith("0x")) {
                numeric = false;
                if (!k.sampleTexts.contains(v))
                    k.sampleTexts.append(v);
                continue;
            }
            if (first) {
                const qsizetype dot = v.indexOf('.');
                k.sampleDecimals = dot < 0 ? 0 : int(v.size() - dot - 1);
            }
            lo = first ? d : std::min(lo, d);
            hi = first ? d : std::max(hi, d);
            first = false;
        }
        k.sampleNumeric = numeric && !first;
        k.sampleMin = lo;
        k.sampleMax = hi;
    }
}

// How JSOC prints HMI's real-valued keywords (digits after the point: CRLT_OBS "%f" -> 6,
// DSUN_OBS 2), read from a real HMI **ALL** rs_list body; jsoc_info prints with the keyword's
// own format, which series_struct does not show.
void applyHmiFormats(SeriesDef &def, const QString &samplesDir)
{
    static const QHash<QString, int> decimals = [&] {
        QHash<QString, int> t;
        QFile f(samplesDir + "/more/rslist_hmi.M_45s_allkeys_1rec_2020.json");
        if (!f.open(QIODevice::ReadOnly))
            return t;
        const auto doc = JsonNode::parse(f.readAll());
        const JsonNode *kws = doc ? doc->find("keywords") : nullptr;
        if (!kws)
            return t;
        for (const JsonNode &k : kws->items) {
            const JsonNode *v = k.find("values");
            if (!v || v->items.isEmpty())
                continue;
            const QByteArray text = v->items.first().text;
            bool ok = false;
            text.toDouble(&ok);
            const qsizetype dot = text.indexOf('.');
            if (ok && dot >= 0 && !text.startsWith("0x"))
                t.insert(k.str("name").toUpper(), int(text.size() - dot - 1));
        }
        return t;
    }();
    for (KeywordDef &k : def.keywords) {
        if (k.decimals >= 0 || (k.type != QLatin1String("float") && k.type != QLatin1String("double")))
            continue;
        const auto it = decimals.constFind(k.name.toUpper());
        if (it != decimals.constEnd())
            k.decimals = *it;
    }
}

} // namespace

SeriesFactory::SeriesFactory(const SeriesCatalog &catalog, const QString &samplesDir)
    : m_catalog(catalog), m_samplesDir(samplesDir)
{
}

SeriesFactory::~SeriesFactory() = default;

std::shared_ptr<const SeriesDef> SeriesFactory::series(const QString &name) const
{
    QString bare = name.trimmed();
    const int idx = m_catalog.indexOf(bare);
    if (idx < 0)
        return nullptr;
    QMutexLocker lock(&m_mutex);
    auto it = m_cache.constFind(idx);
    if (it != m_cache.constEnd())
        return *it;
    std::shared_ptr<const SeriesDef> def = build(idx);
    m_cache.insert(idx, def);
    return def;
}

QString SeriesFactory::primeKeysText(int catalogIndex) const
{
    if (const seriesfile::Listing *file = seriesfile::listing(m_catalog.name(catalogIndex)))
        return file->primeKeys.join(QStringLiteral(", "));
    const Layout l = layoutFor(m_catalog.name(catalogIndex).toLower(), m_catalog.isReal(catalogIndex));
    QStringList names;
    for (const PrimeKeyDef &k : l.pkeys)
        names.append(k.name);
    return names.join(QStringLiteral(", "));
}

std::shared_ptr<SeriesDef> SeriesFactory::build(int idx) const
{
    const QString name = m_catalog.name(idx);
    const QString lower = name.toLower();
    const Layout l = layoutFor(lower, m_catalog.isReal(idx));
    auto def = std::make_shared<SeriesDef>();
    def->name = name;
    def->note = m_catalog.description(idx);
    def->pkeys = l.pkeys;
    def->instrument = l.instrument;
    def->camera = l.camera;
    def->seed = hashString(lower);
    def->unitsize = unitsizeFor(l);
    def->retention = l.user ? 60 : 10000;
    def->archive = l.user ? 0 : 1;
    def->tapegroup = l.user ? 0 : (l.instrument == QLatin1String("AIA") ? 7 : 6);

    for (PrimeKeyDef &k : def->pkeys) {
        if (k.slotted)
            k.style = l.instrument == QLatin1String("AIA") ? drms::TimeStyle::Iso : drms::TimeStyle::Tai;
    }

    // A real series_struct body we can serve as is?
    QFile f(m_samplesDir + "/seriesstruct_" + lower + ".json");
    if (f.open(QIODevice::ReadOnly)) {
        if (auto node = JsonNode::parse(f.readAll())) {
            def->note = node->str("note");
            auto intOf = [&](const char *key, int fallback) {
                const JsonNode *n = node->find(key);
                return n ? n->text.toInt() : fallback;
            };
            def->retention = intOf("retention", def->retention);
            def->stagingretention = intOf("stagingretention", def->stagingretention);
            def->unitsize = intOf("unitsize", def->unitsize);
            def->archive = intOf("archive", def->archive);
            def->tapegroup = intOf("tapegroup", def->tapegroup);
            if (const JsonNode *n = node->find("keywords"))
                for (const JsonNode &k : n->items)
                    def->keywords.append(keywordFromNode(k));
            if (const JsonNode *n = node->find("segments"))
                for (const JsonNode &s : n->items)
                    def->segments.append(segmentFromNode(s));
            if (const JsonNode *n = node->find("links"))
                for (const JsonNode &s : n->items)
                    def->links.append({s.str("name"), s.str("target"), s.str("kind"), s.str("note")});
            if (const JsonNode *n = node->find("dbindex"))
                for (const JsonNode &s : n->items)
                    def->dbindex.append(QString::fromUtf8(s.text));
            if (const JsonNode *iv = node->find("Interval")) {
                if (const JsonNode *r = iv->find("FirstRecnum"))
                    def->firstRecnum = r->text.toLongLong();
            }
            // JSOC's AIA slots fall on multiples of 12 s TAI although the stored epoch prints as
            // 00:00:04 (see rslist_aia samples), so the slot axis keeps the 1993.01.01 TAI origin.
            def->sampleStruct = std::move(*node);
        }
    }

    // Else the series' structure data file, when it has one (tests/sim/series/).
    bool fromFile = false;
    if (!def->sampleStruct && seriesfile::listing(name)) {
        QString error;
        fromFile = seriesfile::load(name, *def, &error);
        if (!fromFile)
            qWarning("jsoc-sim: %s", qPrintable(error));
        def->firstRecnum = 1000 + qint64(def->seed % 5000000);
    }

    if (!def->sampleStruct && !fromFile) {
        // Keywords: prime/slot keywords first, then the template, then *_index keys.
        const QString units = l.instrument == QLatin1String("AIA") ? "ISO" : "TAI";
        for (const PrimeKeyDef &k : def->pkeys) {
            if (k.slotted)
                def->keywords.append(slotKeywords(k, units));
            else
                def->keywords.append(kw(k.name, "int", "variable", "-2147483648", "none", k.name == QLatin1String("HARPNUM") ? "HARP ID" : k.name));
        }
        for (const KeywordDef &k : genericKeywords(l)) {
            if (def->keywordOf(k.name) < 0 && !std::any_of(def->keywords.cbegin(), def->keywords.cend(), [&](const KeywordDef &e) { return e.name == k.name; }))
                def->keywords.append(k);
        }
        if (l.kind == Kind::Harp) {
            def->keywords.append(kw("NOAA_AR", "int", "variable", "-2147483648", "none", "NOAA active region number"));
            def->keywords.append(kw("NOAA_NUM", "int", "variable", "-2147483648", "none", "Number of NOAA ARs that match this HARP (0 allowed)"));
            def->keywords.append(kw("NOAA_ARS", "string", "variable", "", "none", "NOAA active regions in the patch"));
            // Units and notes as the real hmi.sharp_720s declares them (seriesstruct_hmi.sharp_720s.json).
            def->keywords.append(kw("USFLUX", "float", "variable", "nan", "Maxwell", "Total unsigned flux"));
            if (lower.contains(QLatin1String("sharp"))) {
                def->keywords.append(kw("MEANGAM", "float", "variable", "nan", "Degrees", "Mean inclination angle, gamma"));
                def->keywords.append(kw("MEANJZH", "float", "variable", "nan", "(G^2)/m", "Mean current helicity"));
                def->keywords.append(kw("TOTUSJH", "float", "variable", "nan", "(G^2)/m", "Total unsigned current helicity"));
                def->keywords.append(kw("AREA_ACR", "float", "variable", "nan", "mH", "De-projected area of active pixels on sphere in micro-hemisphere"));
                def->keywords.append(kw("R_VALUE", "float", "variable", "nan", "Maxwell", "Unsigned Flux R (Schrijver, 2007)"));
            }
        }
        for (const PrimeKeyDef &k : def->pkeys)
            if (k.slotted)
                def->keywords.append(kw(k.name + "_index", "longlong", "index", "0", "none", "Index keyword associated with " + k.name));
        def->segments = segmentsFor(l, lower.section('.', 1));
        for (const PrimeKeyDef &k : def->pkeys)
            def->dbindex.append(k.name);
        if (l.kind == Kind::Harp && !l.user && l.instrument == QLatin1String("HMI")) {
            def->links.append({"MHARP", "hmi.Mharp_720s", "DYNAMIC", "Mharp"});
        }
        def->firstRecnum = 1000 + qint64(def->seed % 5000000);
    }
    def->sunumBase = 100000000 + qint64(def->seed % 900000000);
    if (lower == QLatin1String("hmi.m_45s")) {
        // Keep the SUMS numbering of the real quick-export sample: hmi.M_45s[2012.01.01_01:01:30_TAI][2]
        // lives in /SUM41/D280342572/S00010 (see exprequest_urlquick_asis_complete.json).
        const qint64 ord = def->pkeys[0].axis.indexOf(drms::parseTime(u"2012.01.01_01:01:30_TAI").value_or(0)) - def->pkeys[0].firstSlot;
        const qint64 unit = def->unitsize;
        def->suOffset = ((10 - ord % unit) % unit + unit) % unit;
        def->sunumBase = 280342572 - (ord + def->suOffset) / unit;
    }
    if (l.kind == Kind::Harp && !fromFile)
        makeWindows(*def, l);
    if (l.instrument == QLatin1String("AIA"))
        applySampleValues(*def, m_samplesDir);
    if (l.instrument == QLatin1String("HMI"))
        applyHmiFormats(*def, m_samplesDir);
    def->finish();
    KeywordSynth::prepare(*def);
    return def;
}

} // namespace sim

#include "sim/SeriesCatalog.h"

#include <QFile>
#include <QRandomGenerator>
#include <QSet>
#include <algorithm>

#include "sim/JsonNode.h"
#include "sim/SeriesFile.h"

namespace sim {

namespace {

const char *const kProjectNamespaces[][2] = {
    {"hmi_test", "900"}, {"aia_test", "400"}, {"jsoc", "120"}, {"sha", "60"}, {"sdo", "80"},
    {"sdo_dev", "40"}, {"hmi_ground", "150"}, {"aia_ground", "100"}, {"iris", "300"},
    {"iris_ground", "100"}, {"cgem", "80"}, {"lm_jps", "200"}, {"ds_mdi", "300"}, {"dsds", "120"},
    {"sid_awe", "40"}, {"mdi_test", "90"}, {"hmi_lev1", "30"}, {"aia_lev1", "30"},
};

const char *const kWords[] = {
    "mag", "dopp", "vec", "sharp", "harp", "fd", "los", "synop", "lev1", "lev15", "flare", "ar",
    "cme", "euv", "cont", "tmp", "rerun", "test", "cal", "flat", "dark", "limb", "polar", "field",
    "flow", "track", "ring", "helio", "seis", "mode", "pspec", "cutout", "patch", "cea", "remap",
    "map", "avg", "stack", "diff", "ratio", "dem", "temp", "irradiance", "spectra", "noise",
    "bias", "gain", "psf", "dcon", "stokes", "inv", "me", "azimuth", "disamb", "bitmap", "mask",
    "coronal", "hole", "filament", "spot", "plage", "network", "granule", "wave", "osc", "kernel",
    "time", "dist", "travel", "farside", "sunquake", "jet", "loop", "prom", "wind", "pfss", "nlfff",
    "energy", "helicity", "current", "emerg", "flux", "decay", "lowres", "highres", "binned", "rot",
};

const char *const kSuffixes[] = {
    "", "", "", "_45s", "_720s", "_12s", "_24s", "_1h", "_60s", "_daily", "_v2", "_v3", "_new",
    "_test", "_tmp", "_nrt", "_cea", "_fd", "_1d", "_6h", "_96m", "_5760s", "_135s", "_90s",
};

const char *const kSurnames[] = {
    "bogart", "sun", "hoeksema", "couvidat", "schou", "liu", "hoeksma", "bobra", "turmon", "hayashi",
    "norton", "scherrer", "zhao", "kosovichev", "baldner", "larson", "rabello", "wachter", "tarbell",
    "boerner", "lemen", "cheung", "deforest", "mumford", "hurlburt", "thomas", "ireland", "barnes",
    "leka", "welsch", "fisher", "kazachenko", "lumme", "yang", "wang", "chen", "li", "zhang", "kim",
    "park", "lee", "smith", "jones", "brown", "miller", "davis", "garcia", "rodriguez", "martin",
    "hughes", "walker", "young", "allen", "king", "wright", "scott", "green", "baker", "adams",
    "nelson", "hill", "campbell", "mitchell", "roberts", "carter", "phillips", "evans", "turner",
    "torres", "parker", "collins", "edwards", "stewart", "morris", "murphy", "cook", "rogers",
    "morgan", "peterson", "cooper", "reed", "bailey", "bell", "gomez", "kelly", "howard", "ward",
    "cox", "diaz", "richardson", "wood", "watson", "brooks", "bennett", "gray", "james", "reyes",
};

const char *const kTopics[] = {
    "active region", "flare", "magnetogram", "Dopplergram", "continuum intensity", "vector field",
    "helioseismology", "coronal loop", "EUV image", "synoptic map", "time-distance", "ring-diagram",
    "calibration", "flat field", "test data", "cutout", "CEA remap", "line-of-sight field",
};

} // namespace

QString SeriesCatalog::canonicalCase(const QString &lowerName)
{
    const qsizetype dot = lowerName.indexOf('.');
    if (dot < 0)
        return lowerName;
    const QString ns = lowerName.left(dot);
    if (ns != QLatin1String("hmi") && ns != QLatin1String("mdi"))
        return lowerName;
    static const QHash<QString, QString> parts = {
        {"m", "M"}, {"v", "V"}, {"ic", "Ic"}, {"ld", "Ld"}, {"lw", "Lw"}, {"b", "B"}, {"s", "S"},
        {"me", "ME"}, {"bharp", "Bharp"}, {"mharp", "Mharp"}, {"meharp", "MEharp"},
        {"nolimbdark", "noLimbDark"},
    };
    QStringList words = lowerName.mid(dot + 1).split('_');
    for (QString &w : words)
        w = parts.value(w, w);
    return ns + '.' + words.join('_');
}

SeriesCatalog::SeriesCatalog(const QString &catalogJson, int total)
{
    QFile f(catalogJson);
    if (f.open(QIODevice::ReadOnly)) {
        QString err;
        const auto doc = JsonNode::parse(f.readAll(), &err);
        const JsonNode *list = doc ? doc->find("seriesList") : nullptr;
        if (!list) {
            m_loadError = QStringLiteral("cannot read %1: %2").arg(catalogJson, err);
        } else {
            for (const JsonNode &item : list->items) {
                if (item.type != JsonNode::Type::Object || item.keys.isEmpty())
                    continue;
                Entry e;
                e.name = canonicalCase(QString::fromUtf8(item.keys.first()));
                e.description = item.items.first().str("description");
                e.real = true;
                m_entries.append(e);
            }
        }
    } else {
        m_loadError = QStringLiteral("cannot open %1").arg(catalogJson);
    }
    // Real series outside the aia/hmi/mdi catalogue (iris.lev1, ...) that have a structure file.
    QSet<QString> known;
    for (const Entry &e : std::as_const(m_entries))
        known.insert(e.name.toLower());
    for (const seriesfile::Listing &l : seriesfile::listings()) {
        if (!known.contains(l.name.toLower()))
            m_entries.append({l.name, l.note, true});
    }
    generate(total);
    std::sort(m_entries.begin(), m_entries.end(), [](const Entry &a, const Entry &b) { return a.name < b.name; });
    m_index.reserve(m_entries.size());
    for (int i = 0; i < m_entries.size(); ++i)
        m_index.insert(m_entries[i].name.toLower(), i);
}

int SeriesCatalog::indexOf(const QString &name) const
{
    return m_index.value(name.toLower(), -1);
}

void SeriesCatalog::generate(int total)
{
    QRandomGenerator rng(20100211); // SDO launch date: fixed seed, same names every run
    QSet<QString> used;
    for (const Entry &e : std::as_const(m_entries))
        used.insert(e.name.toLower());
    const int nWords = int(std::size(kWords));
    const int nSuffixes = int(std::size(kSuffixes));
    auto makeName = [&](const QString &ns) {
        for (;;) {
            QString base = QString::fromLatin1(kWords[rng.bounded(nWords)]);
            if (rng.bounded(3) != 0)
                base += '_' + QString::fromLatin1(kWords[rng.bounded(nWords)]);
            base += QString::fromLatin1(kSuffixes[rng.bounded(nSuffixes)]);
            if (rng.bounded(8) == 0)
                base += QString::number(rng.bounded(1, 20));
            const QString name = ns + '.' + base;
            if (!used.contains(name)) {
                used.insert(name);
                return name;
            }
        }
    };
    auto makeDescription = [&](const QString &name) {
        const QString topic = QString::fromLatin1(kTopics[rng.bounded(int(std::size(kTopics)))]);
        switch (rng.bounded(6)) {
        case 0: return QStringLiteral("Test series for %1 processing").arg(topic);
        case 1: return QStringLiteral("%1 data, reprocessed").arg(topic.left(1).toUpper() + topic.mid(1));
        case 2: return QStringLiteral("Copy of %1 for study").arg(name.section('.', 1));
        case 3: return QStringLiteral("Temporary %1 series").arg(topic);
        case 4: return QString();
        default: return QStringLiteral("%1 products (%2)").arg(topic.left(1).toUpper() + topic.mid(1), name.section('.', 0, 0));
        }
    };
    auto add = [&](const QString &ns) {
        Entry e;
        e.name = makeName(ns);
        e.description = makeDescription(e.name);
        m_entries.append(e);
    };
    for (const auto &p : kProjectNamespaces) {
        const int n = QByteArray(p[1]).toInt();
        for (int i = 0; i < n && m_entries.size() < total; ++i)
            add(QString::fromLatin1(p[0]));
    }
    // The rest: per-user namespaces, 10..80 series each.
    QSet<QString> users;
    const int nSurnames = int(std::size(kSurnames));
    while (m_entries.size() < total) {
        QString user;
        do {
            user = QString(QChar('a' + rng.bounded(26))) + QString::fromLatin1(kSurnames[rng.bounded(nSurnames)]);
            if (rng.bounded(4) == 0)
                user += QString::number(rng.bounded(2, 10));
        } while (users.contains(user));
        users.insert(user);
        const int n = rng.bounded(10, 81);
        for (int i = 0; i < n && m_entries.size() < total; ++i)
            add(QStringLiteral("su_") + user);
    }
}

} // namespace sim

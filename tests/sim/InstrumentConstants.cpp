#include "sim/InstrumentConstants.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <vector>

namespace sim {

namespace {

struct Instrument {
    std::vector<ChannelConstants> channels;
    std::vector<std::pair<double, double>> dateObsLead; // cadence -> seconds
};

struct Table {
    QHash<QString, Instrument> instruments;
    QString path;
    QString error;
};

// The data file sits beside this source file (tests/sim/data); JSOC_SIM_DATA_DIR overrides it.
QString dataPath()
{
    const QByteArray env = qgetenv("JSOC_SIM_DATA_DIR");
    const QString dir = env.isEmpty() ? QFileInfo(QStringLiteral(__FILE__)).absolutePath() + QStringLiteral("/data")
                                      : QString::fromLocal8Bit(env);
    return dir + QStringLiteral("/instruments.json");
}

Table load()
{
    Table t;
    t.path = dataPath();
    QFile f(t.path);
    if (!f.open(QIODevice::ReadOnly)) {
        t.error = QStringLiteral("cannot read %1: %2").arg(t.path, f.errorString());
        return t;
    }
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &perr);
    if (!doc.isObject()) {
        t.error = QStringLiteral("%1: %2").arg(t.path, perr.errorString());
        return t;
    }
    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (!it.value().isObject())
            continue;
        const QJsonObject o = it.value().toObject();
        Instrument in;
        const int detector = o.value(QLatin1String("detector")).toInt(4096);
        for (const QJsonValue &v : o.value(QLatin1String("channels")).toArray()) {
            const QJsonObject c = v.toObject();
            ChannelConstants k;
            k.wavelength = c.value(QLatin1String("wavelength")).toInt();
            k.telescope = c.value(QLatin1String("telescope")).toInt();
            k.detector = detector;
            k.exptime = c.value(QLatin1String("exptime")).toDouble();
            k.tObsOffset = c.value(QLatin1String("tObsOffset")).toDouble();
            k.cdelt = c.value(QLatin1String("cdelt")).toDouble();
            k.crpix1 = c.value(QLatin1String("crpix1")).toDouble();
            k.crpix2 = c.value(QLatin1String("crpix2")).toDouble();
            k.crota2 = c.value(QLatin1String("crota2")).toDouble();
            k.dnGain = c.value(QLatin1String("dnGain")).toDouble();
            in.channels.push_back(k);
        }
        for (const QJsonValue &v : o.value(QLatin1String("dateObsLead")).toArray()) {
            const QJsonObject c = v.toObject();
            in.dateObsLead.emplace_back(c.value(QLatin1String("cadence")).toDouble(), c.value(QLatin1String("seconds")).toDouble());
        }
        t.instruments.insert(it.key(), std::move(in));
    }
    if (t.instruments.isEmpty())
        t.error = QStringLiteral("%1 names no instrument").arg(t.path);
    return t;
}

const Table &table()
{
    static const Table t = load();
    return t;
}

} // namespace

const ChannelConstants *InstrumentConstants::channel(const QString &instrument, int wavelength)
{
    const auto it = table().instruments.constFind(instrument);
    if (it == table().instruments.constEnd() || it->channels.empty())
        return nullptr;
    if (it->channels.size() == 1)
        return &it->channels.front();
    for (const ChannelConstants &c : it->channels)
        if (c.wavelength == wavelength)
            return &c;
    return nullptr;
}

double InstrumentConstants::dateObsLead(const QString &instrument, double cadence)
{
    const auto it = table().instruments.constFind(instrument);
    if (it == table().instruments.constEnd() || it->dateObsLead.empty())
        return 0.0;
    const std::pair<double, double> *best = &it->dateObsLead.front();
    for (const auto &p : it->dateObsLead)
        if (std::abs(std::log(p.first / cadence)) < std::abs(std::log(best->first / cadence)))
            best = &p;
    return best->second;
}

QString InstrumentConstants::path()
{
    return table().path;
}

QString InstrumentConstants::loadError()
{
    return table().error;
}

} // namespace sim

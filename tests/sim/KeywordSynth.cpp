#include "sim/KeywordSynth.h"

#include <array>
#include <cmath>
#include <limits>
#include <optional>

#include "sim/HarpNoaaNumbers.h"
#include "sim/RecordTruth.h"
#include "sim/SharpSummary.h"
#include "sim/SimHash.h"
#include "sim/SolarEphemeris.h"

namespace sim {

namespace {

enum Role {
    RolePKeySlot, RolePKeyEnum, RoleSlotIndex, RoleConstant, RoleCarRot, RoleInstrume, RoleCamera,
    RoleWavelnth, RoleTObs, RoleDateObs, RoleDate, RoleFsn, RoleQuality, RoleExptime, RoleNoaaArs,
    RoleNoaaAr, RoleNoaaNum, RoleSharp, RoleDsun, RoleRsun, RoleCrlt, RoleCrln, RoleHgln, RoleObsVr, RoleObsVw, RoleObsVn, RoleCrpix1, RoleCrpix2, RoleCdelt,
    RoleCrota2, RoleRsunPixels, RoleHglt, RoleMpX0, RoleMpY0, RoleZero, RoleDsunRef, RoleRsunRef, RoleTotVals, RoleDataVals, RoleMissVals, RoleDnGain,
    RoleStat, RoleSample, RoleInt, RoleReal, RoleTime, RoleText,
};

constexpr double kJdOfDrmsEpoch = 2443144.5; // 1977.01.01_00:00:00_TAI

int roleOf(const SeriesDef &def, int kw, int *pkey)
{
    const KeywordDef &k = def.keywords[kw];
    const QString up = k.name.toUpper();
    for (int p = 0; p < def.pkeys.size(); ++p) {
        const QString pn = def.pkeys[p].name.toUpper();
        if (up == pn) {
            *pkey = p;
            return def.pkeys[p].slotted ? RolePKeySlot : RolePKeyEnum;
        }
        if (def.pkeys[p].slotted && up == pn + "_INDEX") {
            *pkey = p;
            return RoleSlotIndex;
        }
    }
    if (k.recscope == QLatin1String("constant") || k.recscope == QLatin1String("index"))
        return RoleConstant;
    if (up == QLatin1String("CAR_ROT")) return RoleCarRot;
    if (up == QLatin1String("INSTRUME")) return RoleInstrume;
    if (up == QLatin1String("CAMERA")) return RoleCamera;
    if (up == QLatin1String("WAVELNTH")) return RoleWavelnth;
    if (up == QLatin1String("T_OBS")) return RoleTObs;
    if (up == QLatin1String("DATE__OBS") || up == QLatin1String("DATE_OBS")) return RoleDateObs;
    if (up == QLatin1String("DATE")) return RoleDate;
    if (up == QLatin1String("FSN")) return RoleFsn;
    if (up == QLatin1String("QUALITY") || up.startsWith(QLatin1String("QUALLEV"))) return RoleQuality;
    if (up == QLatin1String("EXPTIME")) return RoleExptime;
    if (up == QLatin1String("NOAA_ARS")) return RoleNoaaArs;
    if (up == QLatin1String("NOAA_AR")) return RoleNoaaAr;
    if (up == QLatin1String("NOAA_NUM")) return RoleNoaaNum;
    if (def.harpKey >= 0 && def.windowOuterKey == def.harpKey) {
        if (const auto sharp = SharpSummary::keywordOf(up)) {
            *pkey = int(*sharp);
            return RoleSharp;
        }
    }
    if (up == QLatin1String("DSUN_OBS")) return RoleDsun;
    if (up == QLatin1String("RSUN_OBS")) return RoleRsun;
    if (up == QLatin1String("CRLT_OBS")) return RoleCrlt;
    if (up == QLatin1String("CRLN_OBS")) return RoleCrln;
    if (up == QLatin1String("HGLN_OBS")) return RoleHgln;
    if (up == QLatin1String("OBS_VR")) return RoleObsVr;
    if (up == QLatin1String("OBS_VW")) return RoleObsVw;
    if (up == QLatin1String("OBS_VN")) return RoleObsVn;
    if (up == QLatin1String("CRPIX1")) return RoleCrpix1;
    if (up == QLatin1String("CRPIX2")) return RoleCrpix2;
    if (up == QLatin1String("CDELT1") || up == QLatin1String("CDELT2") || up == QLatin1String("IMSCL_MP")) return RoleCdelt;
    if (up == QLatin1String("CROTA2") || up == QLatin1String("INST_ROT")) return RoleCrota2;
    if (up == QLatin1String("R_SUN")) return RoleRsunPixels;
    if (up == QLatin1String("HGLT_OBS")) return RoleHglt;
    if (up == QLatin1String("X0_MP")) return RoleMpX0;
    if (up == QLatin1String("Y0_MP")) return RoleMpY0;
    if (up == QLatin1String("CRVAL1") || up == QLatin1String("CRVAL2")) return RoleZero;
    if (up == QLatin1String("DSUN_REF")) return RoleDsunRef;
    if (up == QLatin1String("RSUN_REF")) return RoleRsunRef;
    if (up == QLatin1String("TOTVALS")) return RoleTotVals;
    if (up == QLatin1String("DATAVALS")) return RoleDataVals;
    if (up == QLatin1String("MISSVALS")) return RoleMissVals;
    if (up == QLatin1String("DN_GAIN")) return RoleDnGain;
    static const char *const stats[] = {"DATAMIN", "DATAMAX", "DATAMEAN", "DATAMEDN", "DATARMS", "DATASKEW", "DATAKURT",
                                        "DATAP01", "DATAP10", "DATAP25", "DATAP75", "DATAP90", "DATAP95", "DATAP98", "DATAP99"};
    // HMI's second set (DATAMIN2 ...) describes the same image (JSOC's within 0.99 R_sun; the
    // simulator's statistics are of the disk already), in the same order as the first.
    static const char *const secondSet[] = {"DATAMIN2", "DATAMAX2", "DATAMEA2", "DATAMED2", "DATARMS2", "DATASKE2", "DATAKUR2"};
    for (int i = 0; i < int(std::size(stats)); ++i) {
        if (up == QLatin1String(stats[i])) {
            *pkey = i;
            return RoleStat;
        }
    }
    for (int i = 0; i < int(std::size(secondSet)); ++i) {
        if (up == QLatin1String(secondSet[i])) {
            *pkey = i;
            return RoleStat;
        }
    }
    const QString &t = k.type;
    if (k.hasSample && t != QLatin1String("time")) return RoleSample;
    if (t == QLatin1String("time")) return RoleTime;
    if (t == QLatin1String("string")) return RoleText;
    if (t == QLatin1String("float") || t == QLatin1String("double")) return RoleReal;
    return RoleInt;
}

KeyValue::Kind kindOfType(const QString &t)
{
    if (t == QLatin1String("time")) return KeyValue::Kind::Time;
    if (t == QLatin1String("string")) return KeyValue::Kind::Text;
    if (t == QLatin1String("float") || t == QLatin1String("double")) return KeyValue::Kind::Real;
    return KeyValue::Kind::Int;
}

// Hashed integer values stay below this, per declared type.
quint64 intModulusOf(const QString &t)
{
    if (t == QLatin1String("char")) return 2;
    if (t == QLatin1String("short")) return 1000;
    if (t == QLatin1String("longlong")) return 10000000000ULL;
    return 100000;
}

// 10^(i-2) for the generic real keywords, computed once (same values as calling pow each time).
double realScale(int i)
{
    static const auto table = [] {
        std::array<double, 7> t{};
        for (int j = 0; j < 7; ++j)
            t[size_t(j)] = std::pow(10.0, double(j - 2));
        return t;
    }();
    return table[size_t(i)];
}

qint64 intMissing(const QString &t)
{
    if (t == QLatin1String("char")) return -128;
    if (t == QLatin1String("short")) return -32768;
    if (t == QLatin1String("longlong")) return std::numeric_limits<qint64>::min();
    return -2147483648LL;
}

int realDecimals(const KeywordDef &k, quint64 seed)
{
    if (k.decimals >= 0)
        return k.decimals;
    const qsizetype dot = k.defval.indexOf('.');
    if (dot >= 0 && k.defval.at(0) != 'n') {
        bool ok = false;
        k.defval.toDouble(&ok);
        if (ok)
            return int(k.defval.size() - dot - 1);
    }
    static const int choices[] = {2, 3, 4, 6};
    return choices[seed % 4];
}

// A hashed value of the keyword's declared type in a plausible range, for series whose records
// the simulator has no physics for (user and project series); some values MISSING.
KeyValue genericValue(const SeriesDef &def, int kw, quint64 h, quint64 kseed, double u)
{
    KeyValue v;
    v.kind = KeyValue::Kind(def.keywordFormat[size_t(kw)].kind);
    if (v.kind == KeyValue::Kind::Real) {
        const double scale = realScale(int(kseed % 7));
        v.d = scale * (1.0 + 9.0 * u) - (kseed % 5 == 0 ? scale * 5.0 : 0.0);
    } else {
        v.kind = KeyValue::Kind::Int;
        v.i = qint64(h % def.keywordFormat[size_t(kw)].intModulus);
    }
    v.missing = kseed % 29 == 0 || h % 101 == 0;
    return v;
}

const char *const kWords[] = {"LIGHT", "SCIENCE", "NOMINAL", "YES", "NO", "ON", "CLOSED", "OPEN", "DARK", "CAL"};

} // namespace

void KeywordSynth::prepare(SeriesDef &def)
{
    const size_t n = size_t(def.keywords.size());
    def.isAia = def.instrument == QLatin1String("AIA");
    def.isHmi = def.instrument == QLatin1String("HMI");
    def.keywordSeed.resize(n);
    def.keywordRole.resize(n);
    def.keywordFormat.resize(n);
    for (int p = 0; p < def.pkeys.size(); ++p) {
        const PrimeKeyDef &pk = def.pkeys[p];
        if (pk.slotted && def.timeKey < 0)
            def.timeKey = p;
        else if (pk.name == QLatin1String("CAR_ROT") || pk.name == QLatin1String("CarrRot")) // CarrRot: hmi.v_avg120
            def.carRotKey = p;
        else if (pk.name == QLatin1String("WAVELNTH"))
            def.waveKey = p;
        else if (pk.name == QLatin1String("CAMERA"))
            def.cameraKey = p;
        else if (pk.name.endsWith(QLatin1String("ARPNUM")))
            def.harpKey = p;
    }
    for (int i = 0; i < int(n); ++i) {
        const KeywordDef &k = def.keywords[i];
        int pkey = 0;
        const int role = roleOf(def, i, &pkey);
        def.keywordRole[size_t(i)] = role * 16 + pkey;
        def.keywordSeed[size_t(i)] = mix(def.seed ^ hashString(k.name.toUpper()));
        SeriesDef::KeywordFormat &f = def.keywordFormat[size_t(i)];
        f.hex = k.defval.startsWith(QLatin1String("0x"));
        f.style = k.units == QLatin1String("ISO") ? drms::TimeStyle::Iso
                  : (k.units == QLatin1String("UTC") || k.units == QLatin1String("UT")) ? drms::TimeStyle::Utc
                                                                                          : drms::TimeStyle::Tai;
        f.precision = (role == RolePKeySlot || role == RoleDate) ? 0 : 2;
        if (role == RoleTObs && def.isHmi && f.style == drms::TimeStyle::Tai)
            f.precision = 0; // HMI's rows print T_OBS to the second ("2020.01.01_01:01:22_TAI")
        f.decimals = k.hasSample && k.sampleNumeric ? k.sampleDecimals : realDecimals(k, def.keywordSeed[size_t(i)]);
        // Pointing and statistics print as JSOC's real rows do (CDELT1 "0.504010", DATAMEAN "-0.138381").
        if (!k.hasSample && k.decimals < 0 && role >= RoleCrpix1 && role <= RoleStat)
            f.decimals = (role == RoleDsunRef) ? 2 : 6;
        f.kind = int(kindOfType(k.type));
        f.intModulus = intModulusOf(k.type);
    }
}

KeyValue KeywordSynth::value(const SeriesDef &def, const Coord &c, qint64 ordinal, int kw)
{
    const KeywordDef &k = def.keywords[kw];
    const int role = def.keywordRole[size_t(kw)] / 16;
    const int pkey = def.keywordRole[size_t(kw)] % 16;
    const quint64 kseed = def.keywordSeed[size_t(kw)];
    const quint64 h = mix(kseed ^ (quint64(ordinal) * 0x9E3779B97F4A7C15ULL));
    KeyValue v;
    v.kind = KeyValue::Kind(def.keywordFormat[size_t(kw)].kind);

    // The record's observation (times, channel, pointing, QUALITY): RecordTruth, shared with the
    // FITS writer. Only roles that need it look at it, so plain listings stay cheap.
    const double tRec = RecordTruth::tRecOf(def, c);
    auto keyValue = [&](int p) { return def.pkeys[p].values[size_t(c[size_t(p)])]; };
    std::optional<RecordObservation> observed;
    auto obs = [&]() -> const RecordObservation & {
        if (!observed)
            observed = RecordTruth::observe(def, c);
        return *observed;
    };
    const qint64 wave = RecordTruth::wavelengthOf(def, c);
    // AIA: the channel's telescope (instruments.json); HMI: the series' camera.
    auto cameraOf = [&]() -> int {
        if (def.isAia) {
            const ChannelConstants *k = InstrumentConstants::channel(QStringLiteral("AIA"), int(wave));
            return k ? k->telescope : 3;
        }
        return def.cameraKey >= 0 ? int(keyValue(def.cameraKey)) : def.camera;
    };
    // At T_OBS, when SDO saw the Sun: T_REC is up to 11 s away (AIA 171), which moves CRLN_OBS by
    // 1e-3° and DSUN_OBS by tens of km; real rows agree with the ephemeris at T_OBS.
    auto ephemeris = [&]() -> const Ephemeris & { return *obs().ephemeris; };

    auto setTime = [&](double t) { v.kind = KeyValue::Kind::Time; v.d = t; };
    auto setInt = [&](qint64 i) { v.kind = KeyValue::Kind::Int; v.i = i; };
    auto setReal = [&](double d) { v.kind = KeyValue::Kind::Real; v.d = d; };
    auto setText = [&](const QByteArray &t) { v.kind = KeyValue::Kind::Text; v.text = t; v.missing = t.isEmpty(); };
    const double u = unitDouble(h);

    switch (role) {
    case RolePKeySlot: setTime(def.pkeys[pkey].axis.timeOf(c[size_t(pkey)])); break;
    case RolePKeyEnum: setInt(def.pkeys[pkey].values[size_t(c[size_t(pkey)])]); break;
    case RoleSlotIndex: setInt(c[size_t(pkey)]); break;
    case RoleConstant: {
        v.literal = true;
        v.text = k.defval.toLatin1();
        if (v.kind == KeyValue::Kind::Int) {
            bool ok = false;
            v.i = k.defval.startsWith(QLatin1String("0x")) ? k.defval.mid(2).toLongLong(&ok, 16) : k.defval.toLongLong(&ok);
            v.missing = !ok || v.i == intMissing(k.type);
        } else if (v.kind == KeyValue::Kind::Real) {
            bool ok = false;
            v.d = k.defval.toDouble(&ok);
            v.missing = !ok || std::isnan(v.d);
        } else if (v.kind == KeyValue::Kind::Time) {
            const auto t = drms::parseTime(k.defval);
            v.d = t.value_or(drms::kMissingTime);
            v.missing = !t || drms::isMissingTime(v.d);
        } else {
            v.missing = k.defval.isEmpty();
        }
        break;
    }
    case RoleCarRot: setInt(ephemeris().carRot); break;
    case RoleInstrume:
        if (def.isHmi)
            setText(cameraOf() == 1 ? "HMI_SIDE1" : cameraOf() == 2 ? "HMI_FRONT2" : "HMI_COMBINED");
        else if (def.isAia)
            setText("AIA_" + QByteArray::number(cameraOf()));
        else if (def.instrument == QLatin1String("MDI"))
            setText("MDI");
        else
            setText(k.defval.isEmpty() ? QByteArray("SIM") : k.defval.toLatin1());
        break;
    case RoleCamera: {
        const int camera = cameraOf();
        setInt(camera > 0 ? camera : 1);
        break;
    }
    case RoleWavelnth:
        if (wave > 0 && v.kind == KeyValue::Kind::Int)
            setInt(wave);
        else if (wave > 0)
            setReal(double(wave));
        else {
            v.literal = true;
            v.text = k.defval.toLatin1();
            v.d = k.defval.toDouble();
            v.i = k.defval.toLongLong();
            v.missing = k.defval.isEmpty() || k.defval == QLatin1String("nan");
        }
        break;
    case RoleTObs:
        setTime(obs().constants ? obs().tObs : tRec + (-0.4 + 0.8 * u));
        break;
    case RoleDateObs:
        setTime(obs().constants ? obs().dateObs : tRec + (-0.4 + 0.8 * u));
        break;
    case RoleDate: {
        const qint64 su = (ordinal + def.suOffset) / std::max(1, def.unitsize);
        setTime(std::floor(tRec / 86400.0) * 86400.0 + 6 * 86400.0 + double(mix(def.seed ^ quint64(su)) % 86400));
        break;
    }
    case RoleFsn: setInt(1000000 + ordinal * 8 + qint64(def.seed % 8)); break;
    case RoleQuality:
        setInt(qint64(qint32(obs().quality))); // a signed 32-bit int in DRMS; physical rules only (RecordTruth)
        break;
    case RoleExptime:
        if (obs().constants)
            setReal(obs().exptime);
        else
            setReal(0.135 + 0.00001 * double(h % 10));
        break;
    case RoleNoaaArs:
    case RoleNoaaAr:
    case RoleNoaaNum: {
        // HMI HARPs: the real HARP/NOAA pairs and NOAA's numbering rate between them
        // (HarpNoaaNumbers); other HARP-like series keep a hashed list.
        const qint64 harp = def.harpKey >= 0 ? keyValue(def.harpKey) : 0;
        QList<qint64> numbers;
        if (HarpNoaaNumbers::known(def)) {
            numbers = HarpNoaaNumbers::numbers(def, harp);
        } else if (mix(def.seed ^ quint64(harp)) % 10 >= 3) {
            const qint64 ar = 11000 + harp * 26 / 100;
            numbers = {ar};
            if (mix(quint64(harp)) % 4 == 0)
                numbers.append(ar + 1);
        }
        if (role == RoleNoaaArs) {
            QByteArray ars;
            for (qint64 n : std::as_const(numbers))
                ars += (ars.isEmpty() ? QByteArray() : QByteArray(",")) + QByteArray::number(n);
            setText(ars);
        } else if (role == RoleNoaaNum) {
            setInt(numbers.size());
        } else {
            setInt(numbers.isEmpty() ? 0 : numbers.first());
        }
        break;
    }
    case RoleSharp: {
        const auto sharp = SharpSummary::at(def, c);
        if (!sharp)
            return genericValue(def, kw, h, kseed, u);
        const double d = SharpSummary::pick(*sharp, SharpSummary::Keyword(pkey));
        // Printed as JSOC prints them (real body more/rslist_hmi.sharp_cea_720s_3604_allkeys_1223rec.json:
        // USFLUX "3.046883e+20", MEANGAM "18.722", MEANJZH "-0.00579239", AREA_ACR "7.936059").
        static const char *const formats[] = {"%e", "%.3f", "%.8f", "%.3f", "%.6f", "%.3f"};
        char buf[64];
        setReal(d);
        v.literal = true;
        v.text = QByteArray(buf, std::snprintf(buf, sizeof buf, formats[pkey], d));
        break;
    }
    // Observer geometry: the simulator's one solar ephemeris at T_REC (FitsFactory uses the same).
    case RoleDsun: setReal(ephemeris().dsunObs); break;
    case RoleRsun: setReal(ephemeris().rsunObs); break;
    case RoleCrlt:
    case RoleHglt: setReal(ephemeris().crltObs); break;
    case RoleCrln: setReal(ephemeris().crlnObs); break;
    case RoleHgln: setReal(def.isAia ? 0.0 : ephemeris().hglnObs); break; // real AIA rows say 0
    case RoleObsVr: setReal(ephemeris().obsVr); break;
    case RoleObsVw: setReal(ephemeris().obsVw); break;
    case RoleObsVn: setReal(ephemeris().obsVn); break;
    case RoleDsunRef: setReal(SolarEphemeris::kAu); break;
    case RoleRsunRef: setReal(SolarEphemeris::kRsunRef); break;
    // The record's pointing on the full-resolution detector (instruments.json).
    case RoleCrpix1:
    case RoleCrpix2:
    case RoleCdelt:
    case RoleCrota2:
    case RoleRsunPixels:
    case RoleMpX0:
    case RoleMpY0:
    case RoleZero:
    case RoleTotVals:
    case RoleDataVals:
    case RoleMissVals: {
        if (!obs().constants)
            return genericValue(def, kw, h, kseed, u);
        const SceneGeometry g = RecordTruth::geometry(obs(), 0);
        switch (role) {
        case RoleCrpix1: setReal(g.crpix1); break;
        case RoleCrpix2: setReal(g.crpix2); break;
        case RoleCdelt: setReal(g.cdelt); break;
        case RoleCrota2: setReal(g.crota2); break;
        case RoleRsunPixels: setReal(g.rsunArcsec / g.cdelt); break;
        case RoleMpX0: setReal(g.crpix1 - 1.0); break; // master pointing: 0-based centre
        case RoleMpY0: setReal(g.crpix2 - 1.0); break;
        case RoleZero: setReal(0.0); break;
        case RoleTotVals: setInt(RecordTruth::pixelCount(obs())); break;
        case RoleDataVals: setInt(obs().noImage ? 0 : RecordTruth::pixelCount(obs())); break;
        default: setInt(obs().noImage ? RecordTruth::pixelCount(obs()) : 0); break;
        }
        if (v.kind != KeyValue::Kind(def.keywordFormat[size_t(kw)].kind) && v.kind == KeyValue::Kind::Int)
            setReal(double(v.i));
        break;
    }
    case RoleDnGain:
        if (!obs().constants || obs().constants->dnGain <= 0)
            return genericValue(def, kw, h, kseed, u);
        setReal(obs().constants->dnGain);
        break;
    // Image statistics: those of the image served for this record (RecordTruth/SolarScene);
    // MISSING when QUALITY says there is no image.
    case RoleStat: {
        if (!obs().constants || !RecordTruth::channelOf(def, c)) {
            // No image physics for this series: still one distribution per record, so
            // DATAMIN <= DATAP01 <= ... <= DATAMEDN ... <= DATAMAX and DATAMEAN lies between.
            const double scale = realScale(int(def.seed % 7)) * 10.0;
            const double m = scale * (1.0 + 9.0 * unitDouble(mix(def.seed ^ (quint64(ordinal) * 0x9E3779B97F4A7C15ULL)))), sd = 0.2 * m;
            const double values[] = {m - 3.5 * sd, m + 6.0 * sd, m, m - 0.1 * sd, sd, 0.6, 4.2, m - 2.33 * sd,
                                     m - 1.28 * sd, m - 0.67 * sd, m + 0.67 * sd, m + 1.28 * sd, m + 1.64 * sd, m + 2.05 * sd, m + 2.33 * sd};
            setReal(values[pkey]);
            break;
        }
        const auto st = RecordTruth::statistics(def, c, obs());
        if (!st) {
            setReal(std::nan(""));
            v.missing = true;
            break;
        }
        const double values[] = {st->min, st->max, st->mean, st->median, st->rms, st->skew, st->kurt, st->p01,
                                 st->p10, st->p25, st->p75, st->p90, st->p95, st->p98, st->p99};
        setReal(values[pkey]);
        break;
    }
    case RoleTime:
        setTime(tRec + double(kseed % 1000));
        break;
    case RoleSample:
        if (k.sampleMissing) {
            v.missing = true;
        } else if (!k.sampleNumeric) {
            v.kind = KeyValue::Kind::Text;
            v.literal = true;
            v.text = k.sampleTexts.value(int(h % quint64(std::max<qsizetype>(1, k.sampleTexts.size()))));
        } else {
            const double d = k.sampleMin == k.sampleMax ? k.sampleMin : k.sampleMin + u * (k.sampleMax - k.sampleMin) * 1.2 - (k.sampleMax - k.sampleMin) * 0.1;
            char buf[64];
            v.kind = KeyValue::Kind::Real;
            v.d = d;
            v.i = qint64(std::llround(d));
            v.literal = true;
            v.text = QByteArray(buf, std::snprintf(buf, sizeof buf, "%.*f", k.sampleDecimals, k.sampleDecimals == 0 ? double(v.i) : d));
        }
        break;
    case RoleText:
        if (!k.defval.isEmpty())
            setText(k.defval.toLatin1());
        else if (kseed % 3 == 0)
            setText(QByteArray());
        else
            setText(kWords[kseed % std::size(kWords)]);
        break;
    case RoleReal: {
        const double scale = realScale(int(kseed % 7));
        double d = scale * (1.0 + 9.0 * u);
        if (kseed % 5 == 0)
            d -= scale * 5.0;
        setReal(d);
        break;
    }
    default: {
        setInt(qint64(h % def.keywordFormat[size_t(kw)].intModulus));
        break;
    }
    }
    // Some generic columns are entirely missing, some values missing here and there.
    if (role >= RoleInt && role != RoleText) {
        if (kseed % 29 == 0 || h % 101 == 0)
            v.missing = true;
    }
    return v;
}

void KeywordSynth::appendText(QByteArray &out, const SeriesDef &def, int kw, const KeyValue &v)
{
    const SeriesDef::KeywordFormat &f = def.keywordFormat[size_t(kw)];
    // A hex-formatted integer (DRMS format "0x%08x", "0x%016llx") prints its bit pattern even when
    // missing, as JSOC does: drms turns such a column into ints with int(x, 16), so one "MISSING"
    // among them would break the whole query.
    const bool hexInt = f.hex && v.kind == KeyValue::Kind::Int;
    if (v.missing && !hexInt && printsMissing(def, kw)) {
        out.append("MISSING");
        return;
    }
    if (v.literal && !hexInt) {
        out.append(v.text);
        return;
    }
    char buf[64];
    switch (v.kind) {
    case KeyValue::Kind::Int:
        if (f.hex) {
            // Width from the declared default ("0x80000000": 8 digits; longlong "0x0000000000000000": 16).
            const QString &defval = def.keywords[kw].defval;
            const int digits = defval.startsWith(QLatin1String("0x")) && defval.size() > 2 ? int(defval.size() - 2) : 8;
            const unsigned long long mask = digits >= 16 ? ~0ULL : (1ULL << (4 * digits)) - 1;
            const qint64 bits = v.missing ? intMissing(def.keywords[kw].type) : v.i;
            out.append(buf, std::snprintf(buf, sizeof buf, "0x%0*llx", digits, static_cast<unsigned long long>(bits) & mask));
        } else {
            out.append(buf, std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v.i)));
        }
        break;
    case KeyValue::Kind::Real:
        out.append(buf, std::snprintf(buf, sizeof buf, "%.*f", f.decimals, v.d));
        break;
    case KeyValue::Kind::Time:
        out.append(drms::formatTime(v.d, f.style, f.precision).toLatin1());
        break;
    case KeyValue::Kind::Text:
        out.append(v.text);
        break;
    }
}

bool KeywordSynth::printsMissing(const SeriesDef &def, int kw)
{
    return def.keywordRole[size_t(kw)] / 16 != RoleQuality;
}

bool KeywordSynth::sameAcrossWindow(const SeriesDef &def, int kw)
{
    if (kw < 0 || def.windowOuterKey < 0 || def.harpKey != def.windowOuterKey)
        return false;
    const int role = def.keywordRole[size_t(kw)] / 16, pkey = def.keywordRole[size_t(kw)] % 16;
    return role == RoleNoaaAr || role == RoleNoaaArs || role == RoleNoaaNum || role == RoleConstant
           || (role == RolePKeyEnum && pkey == def.harpKey);
}

QByteArray KeywordSynth::text(const SeriesDef &def, int kw, const KeyValue &v)
{
    QByteArray out;
    appendText(out, def, kw, v);
    return out;
}

} // namespace sim

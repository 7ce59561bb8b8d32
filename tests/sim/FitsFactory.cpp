#include "sim/FitsFactory.h"
#include "model/drms/DrmsTime.h"
#include "sim/SolarEphemeris.h"
#include "sim/KeywordSynth.h"
#include "sim/RecordQuery.h"
#include "sim/RecordRegistry.h"
#include "sim/SeriesCatalog.h"
#include "sim/SeriesFactory.h"
#include "sim/RecordTruth.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <fitsio.h>

namespace sim {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kAu = 149597870691.0;
constexpr double kRsunRef = 696000000.0;

QString sharedDir()
{
#ifdef JSOC_SHARED_DIR
    return QStringLiteral(JSOC_SHARED_DIR);
#else
    return QStringLiteral("/work/shared");
#endif
}

// Deterministic noise: FNV-1a seeds splitmix64; Gaussian from the sum of four uniforms
// (close enough for noise and much cheaper than Box-Muller on 16M pixels).
quint64 fnv1a(const QByteArray &bytes)
{
    quint64 h = 1469598103934665603ULL;
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

class Rng
{
public:
    explicit Rng(quint64 seed) : m_state(seed) {}
    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    double gauss()
    {
        const quint64 r = next();
        double s = 0;
        for (int i = 0; i < 4; ++i)
            s += static_cast<double>((r >> (16 * i)) & 0xFFFF) / 65535.0;
        return (s - 2.0) * 1.7320508075688772;
    }

private:
    quint64 m_state;
};

// Header cards from the real samples, minus structural and per-file keys we write ourselves.
QList<QByteArray> loadTemplate(const QString &path)
{
    QList<QByteArray> cards;
    if (path.endsWith(QLatin1String(".header"))) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return cards;
        for (const QByteArray &line : f.readAll().split('\n'))
            cards.append(line.left(80));
        return cards;
    }
    fitsfile *fptr = nullptr;
    int status = 0;
    if (fits_open_file(&fptr, QFile::encodeName(path).constData(), READONLY, &status) != 0)
        return cards;
    int nkeys = 0;
    fits_get_hdrspace(fptr, &nkeys, nullptr, &status);
    char card[FLEN_CARD];
    for (int i = 1; i <= nkeys && status == 0; ++i) {
        if (fits_read_record(fptr, i, card, &status) == 0)
            cards.append(QByteArray(card));
    }
    int closeStatus = 0;
    fits_close_file(fptr, &closeStatus);
    return cards;
}

bool keepCard(const QByteArray &card)
{
    const QByteArray name = card.left(8).trimmed();
    if (name.isEmpty() || card.size() < 10 || card.at(8) != '=')
        return false;
    static const QList<QByteArray> skip = {
        "SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "EXTEND", "PCOUNT", "GCOUNT", "XTENSION",
        "BLANK", "BZERO", "BSCALE", "CHECKSUM", "DATASUM", "TFIELDS", "THEAP", "LONGSTRN"};
    if (skip.contains(name) || name.startsWith("TTYPE") || name.startsWith("TFORM") || name.startsWith('Z'))
        return false;
    if (name.startsWith("DATA") || name.startsWith("ROI_") || name == "MISSVALS" || name == "TOTVALS"
        || name == "SATVALS" || name == "PERCENTD" || name == "NSATPIX" || name == "NSPIKES")
        return false; // image statistics: recomputed or meaningless for synthetic data
    return !card.contains('&'); // long-string continuation cards need CONTINUE handling; skip them
}

const QList<QByteArray> &templateFor(const QString &series)
{
    static const QList<QByteArray> aia = loadTemplate(sharedDir() + "/fits-samples/aia_171_level1.fits");
    static const QList<QByteArray> hmi = loadTemplate(sharedDir() + "/fits-samples/resampled_hmi.fits");
    static const QList<QByteArray> mdi =
        loadTemplate(sharedDir() + "/fits-samples/mdi.fd_M_96m_lev182.20101015_191200_TAI.data.header");
    const QString s = series.toLower();
    if (s.startsWith(QLatin1String("aia.")))
        return aia;
    if (s.startsWith(QLatin1String("mdi.")))
        return mdi;
    return hmi;
}

struct ObsTime {
    int year = 2012, month = 1, day = 1, hour = 0, minute = 0;
    double second = 0;
    bool iso = false; // AIA-style "2014-01-01T00:00:01Z" output
};

ObsTime parseTime(const QString &text)
{
    ObsTime t;
    static const QRegularExpression re(
        QStringLiteral(R"(^(\d{4})[.-](\d{1,2})[.-](\d{1,2})(?:([_T])(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?)"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return t;
    t.year = m.captured(1).toInt();
    t.month = m.captured(2).toInt();
    t.day = m.captured(3).toInt();
    t.hour = m.captured(5).toInt();
    t.minute = m.captured(6).toInt();
    t.second = m.captured(7).toDouble();
    t.iso = m.captured(4) == QLatin1String("T") || text.endsWith(QLatin1Char('Z'));
    return t;
}

QString primeKey(const SolarImageSpec &spec, const QString &name)
{
    for (const auto &kv : spec.primeKeys)
        if (kv.first.compare(name, Qt::CaseInsensitive) == 0)
            return kv.second;
    return {};
}

QString timeValue(const SolarImageSpec &spec)
{
    QString t = primeKey(spec, QStringLiteral("T_REC"));
    if (t.isEmpty()) {
        static const QRegularExpression looksLikeTime(QStringLiteral(R"(^\d{4}[.-]\d{1,2}[.-]\d{1,2})"));
        for (const auto &kv : spec.primeKeys)
            if (looksLikeTime.match(kv.second).hasMatch())
                return kv.second;
    }
    return t.isEmpty() ? QStringLiteral("2012.01.01_00:00:00_TAI") : t;
}

struct Instrument {
    QString telescop, instrume, detector, bunit, content;
    double wavelength = 0;
    QString waveunit;
    double arcsecPer4096 = 0.6;
    double exptime = 2.0;
};

Instrument instrumentFor(const SolarImageSpec &spec, SolarImageKind kind)
{
    Instrument in;
    const QString s = spec.series.toLower();
    if (s.startsWith(QLatin1String("aia."))) {
        int wl = primeKey(spec, QStringLiteral("WAVELNTH")).toInt();
        if (wl <= 0)
            wl = 171;
        static const QHash<int, int> camera = {{94, 4}, {131, 1}, {171, 3}, {193, 2}, {211, 2},
                                                {304, 4}, {335, 1}, {1600, 3}, {1700, 3}, {4500, 3}};
        in.telescop = QStringLiteral("SDO/AIA");
        in.instrume = QStringLiteral("AIA_%1").arg(camera.value(wl, 3));
        in.detector = QStringLiteral("AIA");
        in.wavelength = wl;
        in.waveunit = QStringLiteral("angstrom");
        in.content.clear();
        in.arcsecPer4096 = 0.6;
        in.exptime = wl >= 1600 ? 1.0 : 2.0;
        return in;
    }
    if (s.startsWith(QLatin1String("mdi."))) {
        in.telescop = QStringLiteral("SOHO");
        in.instrume = QStringLiteral("MDI");
        in.detector = QStringLiteral("MDI");
        in.wavelength = 6768;
        in.waveunit = QStringLiteral("angstrom");
        in.arcsecPer4096 = 1.98 * 1024.0 / 4096.0;
        in.exptime = 300;
    } else {
        const int camera = primeKey(spec, QStringLiteral("CAMERA")).toInt();
        in.telescop = QStringLiteral("SDO/HMI");
        in.instrume = camera == 1 ? QStringLiteral("HMI_SIDE1") : QStringLiteral("HMI_FRONT2");
        in.detector = QStringLiteral("HMI");
        in.wavelength = 6173.0;
        in.waveunit = QStringLiteral("angstrom");
        in.arcsecPer4096 = 0.504;
        in.exptime = 0.13;
    }
    switch (kind) {
    case SolarImageKind::Magnetogram:
        in.bunit = QStringLiteral("Gauss");
        in.content = QStringLiteral("MAGNETOGRAM");
        break;
    case SolarImageKind::Dopplergram:
        in.bunit = QStringLiteral("m/s");
        in.content = QStringLiteral("DOPPLERGRAM");
        break;
    default:
        in.bunit = QStringLiteral("DN/s");
        in.content = QStringLiteral("CONTINUUM INTENSITY");
        break;
    }
    return in;
}

struct ActiveRegion {
    double x, y;     // pixel centre
    double sigma;    // pixels
    double strength; // kind-specific amplitude
    double tilt;     // radians; bipole orientation
};

// Fills `out` with stored (scaled) int16 values and returns the physical min/max/mean over valid pixels.
struct Stats { double min = 0, max = 0, mean = 0; qint64 valid = 0, missing = 0; };

Stats synthesise(std::vector<short> &out, int n, SolarImageKind kind, double cx, double cy, double rpix, Rng &rng)
{
    const double bscale = FitsFactory::bscaleFor(kind);
    const double bzero = FitsFactory::bzeroFor(kind);
    std::vector<float> phys(static_cast<size_t>(n) * n, 0.0f);
    std::vector<unsigned char> onDisk(static_cast<size_t>(n) * n, 0);

    // Base disk (and corona for EUV).
    for (int j = 0; j < n; ++j) {
        const double dy = (j + 1 - cy) / rpix;
        for (int i = 0; i < n; ++i) {
            const double dx = (i + 1 - cx) / rpix;
            const double r2 = dx * dx + dy * dy;
            const size_t k = static_cast<size_t>(j) * n + i;
            double v = 0;
            if (r2 < 1.0) {
                onDisk[k] = 1;
                const double mu = std::sqrt(1.0 - r2);
                switch (kind) {
                case SolarImageKind::Euv: v = 180.0 * (0.85 + 0.25 * (1.0 - mu)); break;
                case SolarImageKind::Continuum: v = 52000.0 * (1.0 - 0.6 * (1.0 - mu) - 0.1 * (1.0 - mu) * (1.0 - mu)); break;
                case SolarImageKind::Magnetogram: v = 0.0; break;
                case SolarImageKind::Dopplergram: v = 2000.0 * dx * 0.97 - 300.0 * (1.0 - mu); break;
                }
            } else if (kind == SolarImageKind::Euv) {
                v = 220.0 * std::exp(-(std::sqrt(r2) - 1.0) / 0.08);
            }
            phys[k] = static_cast<float>(v);
        }
    }

    // Active regions: a few bipoles at deterministic places within ±35° latitude.
    const int nar = 3 + static_cast<int>(rng.next() % 4);
    std::vector<ActiveRegion> ars;
    for (int a = 0; a < nar; ++a) {
        const double lat = (rng.uniform() * 2 - 1) * 0.55;
        const double lon = (rng.uniform() * 2 - 1) * 0.8;
        ActiveRegion ar;
        ar.x = cx + rpix * std::sin(lon) * std::cos(lat);
        ar.y = cy + rpix * std::sin(lat);
        ar.sigma = std::max(1.0, rpix * (0.02 + 0.02 * rng.uniform()));
        ar.strength = 0.5 + rng.uniform();
        ar.tilt = (rng.uniform() - 0.5) * 0.6;
        ars.push_back(ar);
    }
    for (const ActiveRegion &ar : ars) {
        const double sep = 2.0 * ar.sigma;
        const double ox = std::cos(ar.tilt) * sep, oy = std::sin(ar.tilt) * sep;
        const int reach = static_cast<int>(std::ceil(5 * ar.sigma + sep));
        const int i0 = std::max(0, static_cast<int>(ar.x) - reach), i1 = std::min(n - 1, static_cast<int>(ar.x) + reach);
        const int j0 = std::max(0, static_cast<int>(ar.y) - reach), j1 = std::min(n - 1, static_cast<int>(ar.y) + reach);
        const double inv2s2 = 1.0 / (2 * ar.sigma * ar.sigma);
        for (int j = j0; j <= j1; ++j) {
            for (int i = i0; i <= i1; ++i) {
                const size_t k = static_cast<size_t>(j) * n + i;
                if (!onDisk[k] && kind != SolarImageKind::Euv)
                    continue;
                const double x = i + 1, y = j + 1;
                const double gp = std::exp(-((x - ar.x - ox) * (x - ar.x - ox) + (y - ar.y - oy) * (y - ar.y - oy)) * inv2s2);
                const double gn = std::exp(-((x - ar.x + ox) * (x - ar.x + ox) + (y - ar.y + oy) * (y - ar.y + oy)) * inv2s2);
                const double g = std::exp(-((x - ar.x) * (x - ar.x) + (y - ar.y) * (y - ar.y)) * inv2s2 * 0.25);
                switch (kind) {
                case SolarImageKind::Euv: phys[k] += static_cast<float>(ar.strength * 3000.0 * g); break;
                case SolarImageKind::Continuum: phys[k] *= static_cast<float>(1.0 - 0.6 * ar.strength * std::max(gp, gn)); break;
                case SolarImageKind::Magnetogram: phys[k] += static_cast<float>(ar.strength * 1800.0 * (gp - gn)); break;
                case SolarImageKind::Dopplergram: phys[k] += static_cast<float>(ar.strength * 400.0 * (gp - gn)); break;
                }
            }
        }
    }

    // Noise, scaling, blanking.
    Stats st;
    st.min = 1e300;
    st.max = -1e300;
    double sum = 0;
    out.assign(static_cast<size_t>(n) * n, FitsFactory::blankValue);
    const double maxStored = 32767.0, minStored = -32767.0;
    for (size_t k = 0; k < phys.size(); ++k) {
        if (!onDisk[k] && kind != SolarImageKind::Euv) {
            ++st.missing;
            continue;
        }
        double v = phys[k];
        switch (kind) {
        case SolarImageKind::Euv: v += std::sqrt(std::max(v, 1.0)) * 1.2 * rng.gauss(); v = std::clamp(v, 0.0, 16383.0); break;
        case SolarImageKind::Continuum: v += 200.0 * rng.gauss(); break;
        case SolarImageKind::Magnetogram: v += 8.0 * rng.gauss(); break;
        case SolarImageKind::Dopplergram: v += 40.0 * rng.gauss(); break;
        }
        const double stored = std::clamp(std::round((v - bzero) / bscale), minStored, maxStored);
        out[k] = static_cast<short>(stored);
        const double p = bzero + bscale * stored;
        st.min = std::min(st.min, p);
        st.max = std::max(st.max, p);
        sum += p;
        ++st.valid;
    }
    st.mean = st.valid ? sum / st.valid : 0;
    if (!st.valid)
        st.min = st.max = 0;
    return st;
}

QString setError(QString *error, const QString &what, int status)
{
    char text[FLEN_STATUS] = {0};
    fits_get_errstatus(status, text);
    const QString msg = QStringLiteral("%1: cfitsio error %2 (%3)").arg(what).arg(status).arg(QString::fromLatin1(text));
    if (error)
        *error = msg;
    return msg;
}

QString fmtTime(const ObsTime &t, double offsetSeconds, bool iso)
{
    const QDateTime base(QDate(t.year, t.month, t.day), QTime(t.hour, t.minute, 0), Qt::UTC);
    const qint64 ms = static_cast<qint64>(std::llround((t.second + offsetSeconds) * 1000.0));
    const QDateTime dt = base.addMSecs(ms);
    if (iso)
        return dt.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz")).left(22) + QLatin1Char('Z');
    return dt.toString(QStringLiteral("yyyy.MM.dd_HH:mm:ss.zzz")) + QStringLiteral("_TAI");
}

// The FITS name of a DRMS keyword (JSOC's drms2fits mapping for the ones that need it); empty
// when the keyword has no FITS card.
QByteArray fitsNameOf(const QString &drmsName)
{
    const QString up = drmsName.toUpper();
    if (up == QLatin1String("DATE__OBS"))
        return "DATE-OBS";
    if (up.endsWith(QLatin1String("_EPOCH")) || up.endsWith(QLatin1String("_STEP")) || up.endsWith(QLatin1String("_UNIT"))) {
        const QString base = up.section('_', 0, -2).remove('_');
        const QString tail = up.section('_', -1).left(4);
        return (base.left(8 - tail.size()) + tail).toLatin1(); // T_REC_epoch -> TRECEPOC
    }
    if (up.size() > 8 || up.endsWith(QLatin1String("_INDEX")) || up == QLatin1String("HISTORY") || up == QLatin1String("COMMENT"))
        return {};
    return up.toLatin1();
}

// Keywords that describe the file's pixel grid rather than the record: the served image may be
// smaller than the detector, so these follow its geometry (as JSOC's rebin processing does).
bool describesGrid(const QByteArray &name)
{
    static const QList<QByteArray> grid = {"CDELT1", "CDELT2", "CRPIX1", "CRPIX2", "R_SUN", "X0_MP", "Y0_MP",
                                           "IMSCL_MP", "TOTVALS", "DATAVALS", "MISSVALS"};
    return grid.contains(name);
}

// The simulator record a spec names: one the export side selected, or else the first record
// of the spec resolved against the simulator's series (as jsoc-sim would), so a file written
// for a benchmark or a test is a real record too. nullopt: the spec names no record.
std::optional<RecordIdentity> recordOf(const SolarImageSpec &spec)
{
    if (auto id = RecordRegistry::find(spec.recordSpec); id && id->def)
        return id;
    static const SeriesCatalog catalog(sharedDir() + QStringLiteral("/jsoc-samples/series_catalog_aia_hmi_mdi.json"));
    static const SeriesFactory factory(catalog, sharedDir() + QStringLiteral("/jsoc-samples"));
    RecordQuery::Error err = RecordQuery::Error::None;
    QString message;
    const auto plans = RecordQuery::resolve(factory, spec.recordSpec, &err, &message);
    if (!plans)
        return std::nullopt;
    const auto records = RecordQuery::select(*plans, 1, &message);
    if (!records || records->empty())
        return std::nullopt;
    const SelectedRecord &r = records->front();
    for (const SubsetPlan &p : *plans)
        if (p.series.get() == r.series)
            return RecordIdentity{p.series, r.coord};
    return std::nullopt;
}

// A served file written from the record itself: header = the rs_list values of the record
// (KeywordSynth over RecordTruth), pixels = SolarScene at the record's geometry.
bool writeRecordImage(const QString &path, int size, const SolarImageSpec &spec, const RecordIdentity &id, QString *error)
{
    const SeriesDef &def = *id.def;
    const RecordObservation o = RecordTruth::observe(def, id.coord);
    const auto channel = RecordTruth::channelOf(def, RecordTruth::wavelengthOf(def, id.coord), spec.segment);
    const SolarImageKind kind = FitsFactory::kindFor(spec.series, spec.segment);
    const SceneGeometry g = RecordTruth::geometry(o, size);
    std::vector<float> phys(size_t(size) * size, 0.0f);
    const bool hasImage = channel && !o.noImage;
    if (hasImage)
        SolarScene::render(*channel, g, RecordTruth::sceneTime(o), o.exptime, phys.data());
    const double bscale = FitsFactory::bscaleFor(kind), bzero = FitsFactory::bzeroFor(kind);
    // HMI and MDI observables have data on the disk only (BLANK elsewhere, as JSOC's files);
    // AIA's whole detector has data.
    std::vector<short> pixels(phys.size(), FitsFactory::blankValue);
    const bool diskOnly = RecordTruth::dataOnDiskOnly(o);
    qint64 dataPixels = 0;
    if (hasImage) {
        for (int row = 0; row < size; ++row) {
            for (int col = 0; col < size; ++col) {
                if (diskOnly && !RecordTruth::onDisk(g, col, row))
                    continue;
                const size_t k = size_t(row) * size + col;
                pixels[k] = short(std::clamp(std::round((double(phys[k]) - bzero) / bscale), -32767.0, 32767.0));
                ++dataPixels;
            }
        }
    }
    qint64 expectedPixels = qint64(size) * size;
    if (diskOnly) {
        expectedPixels = 0;
        for (int row = 0; row < size; ++row)
            for (int col = 0; col < size; ++col)
                expectedPixels += RecordTruth::onDisk(g, col, row) ? 1 : 0;
    }

    const QFileInfo target(path);
    if (!QDir().mkpath(target.absolutePath())) {
        if (error)
            *error = QStringLiteral("Cannot create directory %1.").arg(target.absolutePath());
        return false;
    }
    const QString tmp = target.absolutePath() + QStringLiteral("/.fitsrecord-%1-%2.tmp").arg(fnv1a(spec.recordSpec.toUtf8()), 0, 16).arg(size);
    QFile::remove(tmp);
    const QByteArray tmpName = QByteArray("!") + QFile::encodeName(tmp);
    fitsfile *f = nullptr;
    int status = 0;
    auto fail = [&](const QString &what) {
        setError(error, what, status);
        int closeStatus = 0;
        if (f)
            fits_close_file(f, &closeStatus);
        QFile::remove(tmp);
        return false;
    };
    long naxes[2] = {size, size};
    if (fits_create_file(&f, tmpName.constData(), &status) != 0 || fits_set_compression_type(f, RICE_1, &status) != 0
        || fits_create_img(f, SHORT_IMG, 2, naxes, &status) != 0)
        return fail(QStringLiteral("Cannot create %1").arg(tmp));
    for (const QByteArray &card : templateFor(spec.series)) {
        if (!keepCard(card))
            continue;
        QByteArray c = card.leftJustified(80, ' ', true);
        fits_write_record(f, c.constData(), &status);
        if (status != 0) {
            status = 0;
            fits_clear_errmsg();
        }
    }
    auto str = [&](const char *key, const QByteArray &value, const char *comment) {
        QByteArray v = value;
        fits_update_key(f, TSTRING, key, v.data(), comment, &status);
    };
    auto dbl = [&](const char *key, double value, const char *comment) { fits_update_key(f, TDOUBLE, key, &value, comment, &status); };
    auto lng = [&](const char *key, long long value, const char *comment) { fits_update_key(f, TLONGLONG, key, &value, comment, &status); };
    str("CTYPE1", "HPLN-TAN", "WCS axis type");
    str("CTYPE2", "HPLT-TAN", "WCS axis type");
    str("CUNIT1", "arcsec", "WCS unit");
    str("CUNIT2", "arcsec", "WCS unit");
    const qint64 recnum = recordspace::recnumOf(def, id.coord);
    str("DRMS_ID", QStringLiteral("%1:%2:%3").arg(def.name).arg(recnum).arg(spec.segment).toLatin1(), "DRMS ID");
    lng("RECNUM", recnum, "Recnum");
    // The served grid and observer, for series whose keywords lack some of them (the template's
    // cards describe another file); the record's own keywords below say the same where present.
    dbl("CDELT1", g.cdelt, "[arcsec/pixel] image scale");
    dbl("CDELT2", g.cdelt, "[arcsec/pixel] image scale");
    dbl("CRPIX1", g.crpix1, "[pixel] Sun centre");
    dbl("CRPIX2", g.crpix2, "[pixel] Sun centre");
    dbl("CRVAL1", 0.0, "[arcsec]");
    dbl("CRVAL2", 0.0, "[arcsec]");
    dbl("CROTA2", g.crota2, "[deg]");
    dbl("R_SUN", g.rsunArcsec / g.cdelt, "[pixel] radius of the Sun");
    dbl("RSUN_OBS", g.rsunArcsec, "[arcsec]");
    dbl("DSUN_OBS", o.ephemeris->dsunObs, "[m]");
    dbl("CRLN_OBS", g.l0Deg, "[deg]");
    dbl("CRLT_OBS", g.b0Deg, "[deg]");
    // Every keyword of the record, as rs_list prints it (numbers read back from that text, so
    // header and row agree to the printed precision); MISSING values get no card.
    const qint64 ordinal = recordspace::ordinalOf(def, id.coord);
    const double scale = double(o.constants ? o.constants->detector : size) / double(size);
    for (int kw = 0; kw < def.keywords.size(); ++kw) {
        if (status != 0) {
            status = 0; // one card cfitsio refuses is not worth the file
            fits_clear_errmsg();
        }
        const QByteArray name = fitsNameOf(def.keywords[kw].name);
        if (name.isEmpty())
            continue;
        const KeyValue v = KeywordSynth::value(def, id.coord, ordinal, kw);
        const QByteArray text = KeywordSynth::text(def, kw, v);
        if (text == "MISSING" || (v.missing && KeywordSynth::printsMissing(def, kw))) {
            fits_delete_key(f, name.constData(), &status); // a template card must not say otherwise
            status = 0;
            fits_clear_errmsg();
            continue;
        }
        const QByteArray comment = def.keywords[kw].note.left(40).toLatin1();
        if (describesGrid(name) && o.constants) {
            const double value = text.toDouble();
            if (name == "TOTVALS")
                lng(name.constData(), expectedPixels, comment.constData());
            else if (name == "DATAVALS")
                lng(name.constData(), dataPixels, comment.constData());
            else if (name == "MISSVALS")
                lng(name.constData(), expectedPixels - dataPixels, comment.constData());
            else if (name.startsWith("CRPIX"))
                dbl(name.constData(), name == "CRPIX1" ? g.crpix1 : g.crpix2, comment.constData());
            else if (name.endsWith("_MP") && name != "IMSCL_MP")
                dbl(name.constData(), (value + 0.5) / scale - 0.5, comment.constData());
            else if (name == "R_SUN")
                dbl(name.constData(), value * scale > 0 ? value / scale : value, comment.constData());
            else
                dbl(name.constData(), value * scale, comment.constData());
            continue;
        }
        switch (v.kind) {
        case KeyValue::Kind::Int: {
            bool ok = false;
            const qint64 i = text.startsWith("0x") ? qint64(text.mid(2).toULongLong(&ok, 16)) : text.toLongLong(&ok);
            if (ok)
                lng(name.constData(), name == "QUALITY" ? qint64(qint32(quint32(i))) : i, comment.constData());
            else
                str(name.constData(), text, comment.constData());
            break;
        }
        case KeyValue::Kind::Real: {
            bool ok = false;
            const double d = text.toDouble(&ok);
            if (ok && std::isfinite(d))
                dbl(name.constData(), d, comment.constData());
            break;
        }
        case KeyValue::Kind::Time:
        case KeyValue::Kind::Text:
            if (text.size() > 68) { // FITS's long-string convention, as JSOC writes KEYWDDOC
                QByteArray value = text;
                fits_update_key_longstr(f, name.constData(), value.data(), comment.constData(), &status);
            } else {
                str(name.constData(), text, comment.constData());
            }
            break;
        }
        if (status != 0) {
            status = 0; // one card cfitsio refuses is not worth the file
            fits_clear_errmsg();
        }
    }
    dbl("BSCALE", bscale, nullptr);
    dbl("BZERO", bzero, nullptr);
    lng("BLANK", FitsFactory::blankValue, nullptr);
    fits_set_bscale(f, 1.0, 0.0, &status);
    if (status != 0)
        return fail(QStringLiteral("Cannot write header keywords"));
    if (fits_write_img(f, TSHORT, 1, LONGLONG(pixels.size()), pixels.data(), &status) != 0)
        return fail(QStringLiteral("Cannot write image data"));
    if (fits_close_file(f, &status) != 0) {
        f = nullptr;
        return fail(QStringLiteral("Cannot finish %1").arg(tmp));
    }
    QFile::remove(path);
    if (!QFile::rename(tmp, path)) {
        QFile::remove(tmp);
        if (error)
            *error = QStringLiteral("Cannot move the generated file to %1.").arg(path);
        return false;
    }
    return true;
}

} // namespace

SolarImageKind FitsFactory::kindFor(const QString &series, const QString &segment)
{
    const QString s = series.toLower();
    const QString g = segment.toLower();
    if (s.startsWith(QLatin1String("aia.")))
        return SolarImageKind::Euv;
    if (g.contains(QLatin1String("magnetogram")) || g == QLatin1String("bitmap") || s.contains(QLatin1String(".m_"))
        || g == QLatin1String("br") || g == QLatin1String("bp") || g == QLatin1String("bt") || g == QLatin1String("field"))
        return SolarImageKind::Magnetogram;
    if (g.contains(QLatin1String("doppler")) || g == QLatin1String("dopplergram") || s.contains(QLatin1String(".v_")))
        return SolarImageKind::Dopplergram;
    return SolarImageKind::Continuum;
}

double FitsFactory::bscaleFor(SolarImageKind kind)
{
    switch (kind) {
    case SolarImageKind::Euv: return 1.0;
    case SolarImageKind::Continuum: return 3.0;
    case SolarImageKind::Magnetogram: return 0.1;
    case SolarImageKind::Dopplergram: return 0.5;
    }
    return 1.0;
}

double FitsFactory::bzeroFor(SolarImageKind kind)
{
    return kind == SolarImageKind::Continuum ? 97304.0 : 0.0;
}

bool FitsFactory::writeSolarImage(const QString &path, int size, QString *error)
{
    SolarImageSpec spec;
    spec.recordSpec = QStringLiteral("aia.lev1_euv_12s[2012-01-01T00:00:01Z][171]");
    spec.recnum = 160000000;
    spec.primeKeys = {{QStringLiteral("T_REC"), QStringLiteral("2012-01-01T00:00:01Z")},
                      {QStringLiteral("WAVELNTH"), QStringLiteral("171")}};
    return writeSolarImage(path, size, spec, error);
}

bool FitsFactory::writeSolarImage(const QString &path, int size, const SolarImageSpec &spec, QString *error)
{
    if (size < 8 || size > 16384) {
        if (error)
            *error = QStringLiteral("Image size %1 is out of range (8..16384).").arg(size);
        return false;
    }
    // A record is written from the record itself (one truth); the blob generator below is left
    // for specs that name no simulator record.
    if (const auto id = recordOf(spec))
        return writeRecordImage(path, size, spec, *id, error);
    const SolarImageKind kind = kindFor(spec.series, spec.segment);
    const Instrument in = instrumentFor(spec, kind);
    const QString tRec = timeValue(spec);
    const ObsTime t = parseTime(tRec);

    // Observer geometry from the simulator's one solar ephemeris, at T_REC (as the rs_list row
    // of the same record), so header and row agree.
    const sim::Ephemeris eph = sim::SolarEphemeris::at(drms::parseTime(tRec).value_or(0.0));
    const double dsun = eph.dsunObs;
    const double rsunObs = eph.rsunObs;
    const double b0 = eph.crltObs;
    const int carRot = eph.carRot;
    const double crln = eph.crlnObs;
    // Real AIA level-1 headers write HGLN_OBS = 0; the physical value otherwise.
    const double hgln = spec.series.startsWith(QLatin1String("aia."), Qt::CaseInsensitive) ? 0.0 : eph.hglnObs;
    const QDate date(t.year, t.month, t.day);
    const double cdelt = in.arcsecPer4096 * 4096.0 / size;
    const double rpix = rsunObs / cdelt;

    const QByteArray seedText = (spec.series.toLower() + QLatin1Char('|') + spec.recordSpec + QLatin1Char('|')
                                 + spec.segment + QLatin1Char('|') + QString::number(spec.recnum))
                                    .toUtf8();
    Rng rng(fnv1a(seedText));
    // Pointing jitters by a fraction of a pixel-ish per record like the real CRPIX values.
    const double crpix1 = (size + 1) / 2.0 + (rng.uniform() - 0.5) * size * 0.004;
    const double crpix2 = (size + 1) / 2.0 + (rng.uniform() - 0.5) * size * 0.004;
    const double crota2 = in.telescop == QLatin1String("SDO/HMI") ? 180.0 + (rng.uniform() - 0.5) * 0.2
                                                                   : (rng.uniform() - 0.5) * 0.05;

    std::vector<short> pixels;
    const Stats stats = synthesise(pixels, size, kind, crpix1, crpix2, rpix, rng);

    // Write to a temporary name then rename: cfitsio's extended file-name syntax must never
    // see arbitrary characters, and readers never see a half-written file.
    const QFileInfo target(path);
    if (!QDir().mkpath(target.absolutePath())) {
        if (error)
            *error = QStringLiteral("Cannot create directory %1.").arg(target.absolutePath());
        return false;
    }
    const QString tmp = target.absolutePath() + QStringLiteral("/.fitsfactory-%1.tmp").arg(fnv1a(seedText) ^ size, 0, 16);
    QFile::remove(tmp);
    const QByteArray tmpName = QByteArray("!") + QFile::encodeName(tmp);

    fitsfile *f = nullptr;
    int status = 0;
    auto fail = [&](const QString &what) {
        setError(error, what, status);
        int closeStatus = 0;
        if (f)
            fits_close_file(f, &closeStatus);
        QFile::remove(tmp);
        return false;
    };
    if (fits_create_file(&f, tmpName.constData(), &status) != 0)
        return fail(QStringLiteral("Cannot create %1").arg(tmp));
    if (fits_set_compression_type(f, RICE_1, &status) != 0)
        return fail(QStringLiteral("Cannot select Rice compression"));
    long naxes[2] = {size, size};
    if (fits_create_img(f, SHORT_IMG, 2, naxes, &status) != 0)
        return fail(QStringLiteral("Cannot create the image HDU"));

    for (const QByteArray &card : templateFor(spec.series)) {
        if (!keepCard(card))
            continue;
        QByteArray c = card.leftJustified(80, ' ', true);
        fits_write_record(f, c.constData(), &status);
        if (status != 0) {
            status = 0; // a template card cfitsio dislikes is not worth failing for
            fits_clear_errmsg();
        }
    }

    auto str = [&](const char *key, const QString &value, const char *comment) {
        QByteArray v = value.toLatin1();
        fits_update_key(f, TSTRING, key, v.data(), comment, &status);
    };
    auto dbl = [&](const char *key, double value, const char *comment) {
        fits_update_key(f, TDOUBLE, key, &value, comment, &status);
    };
    auto lng = [&](const char *key, long long value, const char *comment) {
        fits_update_key(f, TLONGLONG, key, &value, comment, &status);
    };

    const bool iso = t.iso || spec.series.startsWith(QLatin1String("aia."), Qt::CaseInsensitive);
    str("TELESCOP", in.telescop, "For HMI: SDO/HMI; for AIA: SDO/AIA");
    str("INSTRUME", in.instrume, "Instrument/camera");
    str("DETECTOR", in.detector, "Detector name");
    dbl("WAVELNTH", in.wavelength, "[angstrom] Wavelength");
    str("WAVEUNIT", in.waveunit, "Wavelength unit");
    str("T_REC", tRec, "[TAI] Slot time");
    str("T_OBS", fmtTime(t, in.exptime / 2.0 + 6.0, iso), "[TAI] Observation time (centre of exposure)");
    str("DATE-OBS", fmtTime(t, 6.0, true).chopped(1), "[ISO] Observation start time");
    str("DATE", QDateTime(date, QTime(0, 0), Qt::UTC).addDays(3).toString(Qt::ISODate).chopped(1),
        "[ISO] Date of ingestion into DRMS");
    dbl("EXPTIME", in.exptime, "[s] Exposure duration");
    lng("QUALITY", 0, "Quality word; 0 == no known problems");
    lng("RECNUM", spec.recnum, "Recnum");
    lng("CAR_ROT", carRot, "Carrington rotation number of CRLN_OBS");
    dbl("CRLN_OBS", crln, "[deg] Carrington longitude of the observer");
    dbl("CRLT_OBS", b0, "[deg] Carrington latitude of the observer");
    dbl("HGLN_OBS", hgln, "[deg] Stonyhurst longitude of the observer");
    dbl("HGLT_OBS", b0, "[deg] Stonyhurst latitude of the observer");
    dbl("DSUN_OBS", dsun, "[m] Distance from SDO to Sun centre");
    dbl("OBS_VR", eph.obsVr, "[m/s] Speed of the observer in the radial direction");
    dbl("DSUN_REF", kAu, "[m] Astronomical unit");
    dbl("RSUN_REF", kRsunRef, "[m] Reference radius of the Sun");
    dbl("RSUN_OBS", rsunObs, "[arcsec] Angular radius of the Sun");
    dbl("R_SUN", rpix, "[pix] Radius of the Sun in pixels");
    str("CTYPE1", QStringLiteral("HPLN-TAN"), "WCS axis type");
    str("CTYPE2", QStringLiteral("HPLT-TAN"), "WCS axis type");
    str("CUNIT1", QStringLiteral("arcsec"), "WCS unit");
    str("CUNIT2", QStringLiteral("arcsec"), "WCS unit");
    dbl("CRPIX1", crpix1, "[pix] Reference pixel (Sun centre)");
    dbl("CRPIX2", crpix2, "[pix] Reference pixel (Sun centre)");
    dbl("CRVAL1", 0.0, "[arcsec] Reference value");
    dbl("CRVAL2", 0.0, "[arcsec] Reference value");
    dbl("CDELT1", cdelt, "[arcsec/pix] Pixel scale");
    dbl("CDELT2", cdelt, "[arcsec/pix] Pixel scale");
    dbl("CROTA2", crota2, "[deg] Rotation of solar north");
    str("WCSNAME", QStringLiteral("Helioprojective-cartesian"), "WCS system name");
    if (!in.bunit.isEmpty() && kind != SolarImageKind::Euv)
        str("BUNIT", in.bunit, "Physical units of the data");
    if (!in.content.isEmpty())
        str("CONTENT", in.content, "Type of data");
    str("ORIGIN", QStringLiteral("SDO/JSOC-SDP"), "Location where the file was made");
    str("DRMS_ID", QStringLiteral("%1:%2:%3").arg(spec.series).arg(spec.recnum).arg(spec.segment), "DRMS ID");
    lng("TOTVALS", static_cast<long long>(size) * size, "Expected number of data values");
    lng("DATAVALS", stats.valid, "Actual number of data values");
    lng("MISSVALS", stats.missing, "Missing values");
    dbl("DATAMIN", stats.min, "Minimum value of the data");
    dbl("DATAMAX", stats.max, "Maximum value of the data");
    dbl("DATAMEAN", stats.mean, "Mean value of the data");
    if (status != 0)
        return fail(QStringLiteral("Cannot write header keywords"));

    // Stored integers are written raw; readers apply BSCALE/BZERO and BLANK.
    const double bscale = bscaleFor(kind), bzero = bzeroFor(kind);
    dbl("BSCALE", bscale, nullptr);
    dbl("BZERO", bzero, nullptr);
    lng("BLANK", blankValue, nullptr);
    fits_set_bscale(f, 1.0, 0.0, &status);
    if (status != 0)
        return fail(QStringLiteral("Cannot set the scaling"));
    if (fits_write_img(f, TSHORT, 1, static_cast<LONGLONG>(pixels.size()), pixels.data(), &status) != 0)
        return fail(QStringLiteral("Cannot write image data"));
    if (fits_close_file(f, &status) != 0) {
        f = nullptr;
        return fail(QStringLiteral("Cannot finish %1").arg(tmp));
    }
    f = nullptr;
    QFile::remove(path);
    if (!QFile::rename(tmp, path)) {
        QFile::remove(tmp);
        if (error)
            *error = QStringLiteral("Cannot move the generated file to %1.").arg(path);
        return false;
    }
    return true;
}

} // namespace sim

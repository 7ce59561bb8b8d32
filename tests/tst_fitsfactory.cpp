// FitsFactory writes real Rice-compressed int16 FITS files: checked here with cfitsio itself.
#include "sim/FitsFactory.h"

#include <cmath>
#include <vector>

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fitsio.h>

using sim::FitsFactory;
using sim::SolarImageSpec;

namespace {

SolarImageSpec hmiMagnetogram()
{
    SolarImageSpec s;
    s.series = QStringLiteral("hmi.M_45s");
    s.segment = QStringLiteral("magnetogram");
    s.recordSpec = QStringLiteral("hmi.M_45s[2012.01.01_01:01:30_TAI][2]");
    s.recnum = 3790000;
    s.primeKeys = {{QStringLiteral("T_REC"), QStringLiteral("2012.01.01_01:01:30_TAI")}, {QStringLiteral("CAMERA"), QStringLiteral("2")}};
    return s;
}

SolarImageSpec aia193()
{
    SolarImageSpec s;
    s.series = QStringLiteral("aia.lev1_euv_12s");
    s.segment = QStringLiteral("image");
    s.recordSpec = QStringLiteral("aia.lev1_euv_12s[2010-07-30T13:30:02Z][193]");
    s.recnum = 40000000;
    s.primeKeys = {{QStringLiteral("T_REC"), QStringLiteral("2010-07-30T13:30:02Z")}, {QStringLiteral("WAVELNTH"), QStringLiteral("193")}};
    return s;
}

// Opens a file, checks the JSOC layout (empty primary + compressed int16 image) and returns the
// image as physical values (NaN for BLANK pixels).
struct Image {
    int width = 0, height = 0;
    std::vector<float> pixels;
    float at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

class Fits
{
public:
    explicit Fits(const QString &path) { fits_open_file(&m_f, QFile::encodeName(path).constData(), READONLY, &m_status); }
    ~Fits()
    {
        int s = 0;
        if (m_f)
            fits_close_file(m_f, &s);
    }
    bool ok() const { return m_f && m_status == 0; }
    int status() const { return m_status; }
    fitsfile *f() const { return m_f; }
    int &st() { return m_status; }
    QString str(const char *key)
    {
        char v[FLEN_VALUE] = {0};
        int s = 0;
        if (fits_read_key(m_f, TSTRING, key, v, nullptr, &s) != 0)
            return QStringLiteral("<missing>");
        return QString::fromLatin1(v).trimmed();
    }
    double dbl(const char *key, bool *found = nullptr)
    {
        double v = 0;
        int s = 0;
        const bool ok = fits_read_key(m_f, TDOUBLE, key, &v, nullptr, &s) == 0;
        if (found)
            *found = ok;
        return ok ? v : std::nan("");
    }

private:
    fitsfile *m_f = nullptr;
    int m_status = 0;
};

Image readImage(Fits &fits)
{
    Image img;
    long naxes[2] = {0, 0};
    int naxis = 0;
    fits_get_img_dim(fits.f(), &naxis, &fits.st());
    fits_get_img_size(fits.f(), 2, naxes, &fits.st());
    img.width = static_cast<int>(naxes[0]);
    img.height = static_cast<int>(naxes[1]);
    img.pixels.resize(static_cast<size_t>(img.width) * img.height);
    float nul = std::nanf("");
    int anynul = 0;
    fits_read_img(fits.f(), TFLOAT, 1, static_cast<LONGLONG>(img.pixels.size()), &nul, img.pixels.data(), &anynul, &fits.st());
    return img;
}

QByteArray sha1(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha1).toHex();
}

double patchMean(const Image &img, int cx, int cy, int r)
{
    double s = 0;
    int n = 0;
    for (int y = cy - r; y <= cy + r; ++y)
        for (int x = cx - r; x <= cx + r; ++x)
            if (!std::isnan(img.at(x, y))) {
                s += img.at(x, y);
                ++n;
            }
    return n ? s / n : std::nan("");
}

} // namespace

class TstFitsFactory : public QObject
{
    Q_OBJECT

private slots:
    void layoutIsEmptyPrimaryPlusRiceInt16();
    void headerKeywordsFromSamplesAndRecord();
    void magnetogramValuesAndBlankOffDisk();
    void continuumHasLimbDarkening();
    void euvHasCoronaAndRange();
    void deterministicPerRecord();
    void badArgumentsAreErrors();

private:
    QTemporaryDir m_dir;
};

void TstFitsFactory::layoutIsEmptyPrimaryPlusRiceInt16()
{
    const QString path = m_dir.filePath(QStringLiteral("m.fits"));
    QString error;
    QVERIFY2(FitsFactory::writeSolarImage(path, 128, hmiMagnetogram(), &error), qPrintable(error));

    QFile raw(path);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    const QByteArray bytes = raw.readAll();
    QVERIFY(bytes.startsWith("SIMPLE  =                    T"));
    QCOMPARE(bytes.size() % 2880, 0);
    QVERIFY(bytes.contains("ZCMPTYPE= 'RICE_1  '"));
    QVERIFY(bytes.contains("ZBITPIX =                   16"));
    QVERIFY(bytes.contains("XTENSION= 'BINTABLE'"));

    Fits fits(path);
    QVERIFY(fits.ok());
    int nhdu = 0;
    fits_get_num_hdus(fits.f(), &nhdu, &fits.st());
    QCOMPARE(nhdu, 2);
    int naxis = -1;
    fits_get_img_dim(fits.f(), &naxis, &fits.st());
    QCOMPARE(naxis, 0); // empty primary HDU
    int type = 0;
    fits_movabs_hdu(fits.f(), 2, &type, &fits.st());
    QCOMPARE(fits.status(), 0);
    QCOMPARE(fits_is_compressed_image(fits.f(), &fits.st()), 1);
    int bitpix = 0;
    fits_get_img_type(fits.f(), &bitpix, &fits.st());
    QCOMPARE(bitpix, SHORT_IMG);
    long naxes[2] = {0, 0};
    fits_get_img_size(fits.f(), 2, naxes, &fits.st());
    QCOMPARE(naxes[0], 128L);
    QCOMPARE(naxes[1], 128L);
    QCOMPARE(fits.dbl("BSCALE"), 0.1);
    QCOMPARE(fits.dbl("BZERO"), 0.0);
    QCOMPARE(fits.dbl("BLANK"), -32768.0);
    // Compressed: well under the 32 KiB a raw 128x128 int16 image needs (plus headers).
    QVERIFY2(bytes.size() < 128 * 128 * 2 + 2880 * 4, qPrintable(QString::number(bytes.size())));
}

void TstFitsFactory::headerKeywordsFromSamplesAndRecord()
{
    const QString path = m_dir.filePath(QStringLiteral("aia.fits"));
    QString error;
    QVERIFY2(FitsFactory::writeSolarImage(path, 256, aia193(), &error), qPrintable(error));
    Fits fits(path);
    int type = 0;
    fits_movabs_hdu(fits.f(), 2, &type, &fits.st());
    QVERIFY(fits.ok());
    QCOMPARE(fits.str("TELESCOP"), QStringLiteral("SDO/AIA"));
    QCOMPARE(fits.str("INSTRUME"), QStringLiteral("AIA_2"));
    QCOMPARE(fits.dbl("WAVELNTH"), 193.0);
    QCOMPARE(fits.str("T_REC"), QStringLiteral("2010-07-30T13:30:02Z"));
    QVERIFY(fits.str("T_OBS").startsWith(QStringLiteral("2010-07-30T13:30:0")));
    QCOMPARE(fits.str("CTYPE1"), QStringLiteral("HPLN-TAN"));
    QCOMPARE(fits.str("CTYPE2"), QStringLiteral("HPLT-TAN"));
    QCOMPARE(fits.str("CUNIT1"), QStringLiteral("arcsec"));
    QVERIFY(std::abs(fits.dbl("CDELT1") - 0.600714 * 4096 / 256) < 1e-4); // AIA 193's plate scale (instruments.json)
    QVERIFY(std::abs(fits.dbl("CRPIX1") - 128.5) < 2.0);
    QCOMPARE(fits.dbl("CRVAL1"), 0.0);
    QVERIFY(std::abs(fits.dbl("EXPTIME") - 2.0) < 0.001); // AIA 193: 2.000040 s in the real 2020 row
    // The record's own number (the spec's 40000000 is not the simulator's record number).
    QCOMPARE(fits.str("DRMS_ID"), QStringLiteral("aia.lev1_euv_12s:%1:image").arg(qint64(fits.dbl("RECNUM"))));
    const double rsun = fits.dbl("RSUN_OBS");
    QVERIFY2(rsun > 940 && rsun < 980, qPrintable(QString::number(rsun))); // late July: Sun near aphelion size
    const double dsun = fits.dbl("DSUN_OBS");
    QVERIFY(dsun > 1.50e11 && dsun < 1.53e11);
    QVERIFY(std::abs(fits.dbl("R_SUN") - rsun / fits.dbl("CDELT1")) < 1e-4); // rs_list's 6 decimals, scaled
    // AIA 193's camera gain, as the real 2020 row says (instruments.json).
    bool found = false;
    QCOMPARE(fits.dbl("DN_GAIN", &found), 18.3);
    QVERIFY(found);
    QCOMPARE(fits.str("ORIGIN"), QStringLiteral("SDO/JSOC-SDP"));

    const QString hmiPath = m_dir.filePath(QStringLiteral("hmi.fits"));
    QVERIFY2(FitsFactory::writeSolarImage(hmiPath, 64, hmiMagnetogram(), &error), qPrintable(error));
    Fits hmi(hmiPath);
    fits_movabs_hdu(hmi.f(), 2, &type, &hmi.st());
    QCOMPARE(hmi.str("TELESCOP"), QStringLiteral("SDO/HMI"));
    QCOMPARE(hmi.str("INSTRUME"), QStringLiteral("HMI_FRONT2"));
    QCOMPARE(hmi.dbl("WAVELNTH"), 6173.0);
    QCOMPARE(hmi.str("BUNIT"), QStringLiteral("Gauss"));
    QCOMPARE(hmi.str("T_REC"), QStringLiteral("2012.01.01_01:01:30_TAI"));
    QVERIFY(hmi.str("T_OBS").endsWith(QStringLiteral("_TAI")));
    bool calver = false; // the record's own (tst_simrecordtruth compares every keyword with rs_list)
    hmi.dbl("CALVER64", &calver);
    QVERIFY(calver);
    QVERIFY(std::abs(hmi.dbl("CROTA2") - 180.0) < 0.2);
    QCOMPARE(hmi.dbl("CAR_ROT"), 2118.0); // Carrington rotation of 2012-01-01
}

void TstFitsFactory::magnetogramValuesAndBlankOffDisk()
{
    const QString path = m_dir.filePath(QStringLiteral("mag.fits"));
    QString error;
    QVERIFY(FitsFactory::writeSolarImage(path, 256, hmiMagnetogram(), &error));
    Fits fits(path);
    int type = 0;
    fits_movabs_hdu(fits.f(), 2, &type, &fits.st());
    const Image img = readImage(fits);
    QCOMPARE(fits.status(), 0);
    QCOMPARE(img.width, 256);
    QVERIFY(std::isnan(img.at(0, 0)));
    QVERIFY(std::isnan(img.at(255, 255)));
    const float centre = img.at(128, 128);
    QVERIFY(!std::isnan(centre));
    int finite = 0;
    float lo = 1e9f, hi = -1e9f;
    for (float v : img.pixels) {
        if (std::isnan(v))
            continue;
        ++finite;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        // BSCALE 0.1: every value is a multiple of 0.1 G.
    }
    QVERIFY(finite > 256 * 256 / 2 && finite < 256 * 256 * 0.9);
    QVERIFY2(lo < -300 && hi > 300, qPrintable(QStringLiteral("%1..%2").arg(lo).arg(hi))); // active regions
    QVERIFY(lo >= -3276.8f && hi <= 3276.7f);
    QCOMPARE(fits.dbl("DATAVALS"), double(finite));
    // HMI's data are the disk: TOTVALS counts it, MISSVALS = TOTVALS - DATAVALS, as JSOC's.
    QCOMPARE(fits.dbl("TOTVALS"), double(finite));
    QCOMPARE(fits.dbl("MISSVALS"), 0.0);
}

void TstFitsFactory::continuumHasLimbDarkening()
{
    SolarImageSpec spec = hmiMagnetogram();
    spec.series = QStringLiteral("hmi.Ic_45s");
    spec.segment = QStringLiteral("continuum");
    spec.recordSpec = QStringLiteral("hmi.Ic_45s[2012.01.01_01:01:30_TAI][2]");
    QCOMPARE(FitsFactory::kindFor(spec.series, spec.segment), sim::SolarImageKind::Continuum);
    const QString path = m_dir.filePath(QStringLiteral("ic.fits"));
    QString error;
    QVERIFY(FitsFactory::writeSolarImage(path, 256, spec, &error));
    Fits fits(path);
    int type = 0;
    fits_movabs_hdu(fits.f(), 2, &type, &fits.st());
    QCOMPARE(fits.dbl("BZERO"), 97304.0);
    QCOMPARE(fits.dbl("BSCALE"), 3.0);
    const Image img = readImage(fits);
    const double cx = fits.dbl("CRPIX1") - 1, cy = fits.dbl("CRPIX2") - 1, r = fits.dbl("R_SUN");
    const double centre = patchMean(img, int(cx), int(cy), 3);
    const double nearLimb = patchMean(img, int(cx + 0.93 * r), int(cy), 1);
    // The real resampled HMI continuum sample: DATAMEAN 49948, DATAMAX 69372 DN/s.
    QVERIFY2(centre > 40000 && centre < 70000, qPrintable(QString::number(centre)));
    QVERIFY2(nearLimb < 0.75 * centre, qPrintable(QStringLiteral("%1 vs %2").arg(nearLimb).arg(centre)));
    QVERIFY(std::isnan(img.at(2, 2)));
}

void TstFitsFactory::euvHasCoronaAndRange()
{
    const QString path = m_dir.filePath(QStringLiteral("euv.fits"));
    QString error;
    QVERIFY(FitsFactory::writeSolarImage(path, 256, aia193(), &error));
    Fits fits(path);
    int type = 0;
    fits_movabs_hdu(fits.f(), 2, &type, &fits.st());
    const Image img = readImage(fits);
    const double cx = fits.dbl("CRPIX1") - 1, cy = fits.dbl("CRPIX2") - 1, r = fits.dbl("R_SUN");
    for (float v : img.pixels) {
        QVERIFY(!std::isnan(v));
        QVERIFY(v >= -10 && v <= 16383); // level 1 is dark-subtracted: real DATAMIN is about -8
    }
    const double justOutside = patchMean(img, int(cx), int(cy - 1.03 * r), 1);
    const double farOutside = img.at(0, 0);
    QVERIFY2(justOutside > 50, qPrintable(QString::number(justOutside)));
    QVERIFY(farOutside < justOutside);
}

void TstFitsFactory::deterministicPerRecord()
{
    QString error;
    const QString a = m_dir.filePath(QStringLiteral("d1.fits")), b = m_dir.filePath(QStringLiteral("d2.fits"));
    QVERIFY(FitsFactory::writeSolarImage(a, 96, aia193(), &error));
    QVERIFY(FitsFactory::writeSolarImage(b, 96, aia193(), &error));
    QCOMPARE(sha1(a), sha1(b));
    SolarImageSpec other = aia193();
    other.recordSpec = QStringLiteral("aia.lev1_euv_12s[2010-07-30T13:30:14Z][193]");
    other.primeKeys[0].second = QStringLiteral("2010-07-30T13:30:14Z");
    const QString c = m_dir.filePath(QStringLiteral("d3.fits"));
    QVERIFY(FitsFactory::writeSolarImage(c, 96, other, &error));
    QVERIFY(sha1(a) != sha1(c));
    // Overwrites in place.
    QVERIFY(FitsFactory::writeSolarImage(c, 96, aia193(), &error));
    QCOMPARE(sha1(c), sha1(a));
    // The convenience overload for benchmarks.
    const QString d = m_dir.filePath(QStringLiteral("bench [x].fits"));
    QVERIFY2(FitsFactory::writeSolarImage(d, 512, &error), qPrintable(error));
    // cfitsio itself would parse "[x]" as a filter when opening, so read a plainly named copy.
    const QString plain = m_dir.filePath(QStringLiteral("bench.fits"));
    QVERIFY(QFile::copy(d, plain));
    Fits fits(plain);
    int type = 0;
    fits_movabs_hdu(fits.f(), 2, &type, &fits.st());
    const Image img = readImage(fits);
    QCOMPARE(img.width, 512);
    QCOMPARE(img.height, 512);
}

void TstFitsFactory::badArgumentsAreErrors()
{
    QString error;
    QVERIFY(!FitsFactory::writeSolarImage(m_dir.filePath(QStringLiteral("x.fits")), 2, aia193(), &error));
    QVERIFY(error.contains(QStringLiteral("out of range")));
    error.clear();
    QVERIFY(!FitsFactory::writeSolarImage(QStringLiteral("/proc/no/such/dir/x.fits"), 32, aia193(), &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TstFitsFactory)
#include "tst_fitsfactory.moc"

// Export processing as JSOC runs it, against the simulator over loopback: im_patch cutouts,
// rebin and aia_scale are computed from the served FITS files, and every check here reads the
// files back through cfitsio and judges them by their own WCS (plus the plain export of the same
// record, the source the steps started from). Geometry is checked with this file's own small
// orthographic model, not with the simulator's code.
#include "sim/JsocSimulator.h"
#include "sim/ExportDesk.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <fitsio.h>
#include <jpeglib.h>

namespace {

constexpr double kPi = 3.14159265358979323846;
const QString kEmail = QStringLiteral("processing@example.org");

// A FITS image as read by cfitsio: physical values and the keywords the checks need.
struct Image {
    int nx = 0, ny = 0;
    std::vector<float> data;
    QHash<QString, double> keys;
    float at(int i, int j) const { return data[static_cast<size_t>(j) * nx + i]; } // 0-based
    double key(const char *k) const { return keys.value(QString::fromLatin1(k), std::nan("")); }
    // Sky position (arcsec) of FITS pixel (p1, p2), standard CROTA2 WCS.
    void sky(double p1, double p2, double *x, double *y) const
    {
        const double a = key("CROTA2") * kPi / 180, c = std::cos(a), s = std::sin(a);
        const double u = (p1 - key("CRPIX1")) * key("CDELT1"), v = (p2 - key("CRPIX2")) * key("CDELT2");
        *x = key("CRVAL1") + u * c - v * s;
        *y = key("CRVAL2") + u * s + v * c;
    }
    void pixel(double x, double y, double *p1, double *p2) const
    {
        const double a = key("CROTA2") * kPi / 180, c = std::cos(a), s = std::sin(a);
        const double dx = x - key("CRVAL1"), dy = y - key("CRVAL2");
        *p1 = key("CRPIX1") + (dx * c + dy * s) / key("CDELT1");
        *p2 = key("CRPIX2") + (dy * c - dx * s) / key("CDELT2");
    }
};

std::optional<Image> readFits(const QByteArray &bytes, const QString &scratch)
{
    QFile f(scratch);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return std::nullopt;
    f.close();
    fitsfile *ff = nullptr;
    int status = 0;
    if (fits_open_diskfile(&ff, QFile::encodeName(scratch).constData(), READONLY, &status))
        return std::nullopt;
    Image im;
    int hdus = 0;
    fits_get_num_hdus(ff, &hdus, &status);
    for (int h = 1; h <= hdus && status == 0; ++h) {
        int type = 0, naxis = 0;
        long axes[2] = {0, 0};
        fits_movabs_hdu(ff, h, &type, &status);
        if (type == IMAGE_HDU && fits_get_img_dim(ff, &naxis, &status) == 0 && naxis == 2
            && fits_get_img_size(ff, 2, axes, &status) == 0 && axes[0] > 0) {
            im.nx = int(axes[0]);
            im.ny = int(axes[1]);
            break;
        }
    }
    for (const char *k : {"CRPIX1", "CRPIX2", "CRVAL1", "CRVAL2", "CDELT1", "CDELT2", "CROTA2", "RSUN_OBS", "CRLN_OBS",
                          "CRLT_OBS", "LVL_NUM", "XCEN", "YCEN"}) {
        double v = 0;
        int ks = 0;
        if (fits_read_key(ff, TDOUBLE, k, &v, nullptr, &ks) == 0)
            im.keys.insert(QString::fromLatin1(k), v);
    }
    im.data.resize(size_t(im.nx) * im.ny);
    float nan = std::nanf("");
    int anynul = 0;
    if (status == 0 && im.nx > 0)
        fits_read_img(ff, TFLOAT, 1, LONGLONG(im.data.size()), &nan, im.data.data(), &anynul, &status);
    int cs = 0;
    fits_close_file(ff, &cs);
    if (status || im.nx == 0)
        return std::nullopt;
    return im;
}

} // namespace

class TstExportProcessing : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void imPatchTracksTheSunWithARightWcs();
    void imPatchPixelsAreTheServedPixels();
    void imPatchPixelBoxAndLimbCrop();
    void imPatchStonyhurstCentre();
    void rebinAveragesBlocksAndScalesTheWcs();
    void aiaScaleIsLevelOnePointFive();
    void resizeRegridsNorthUpAndCentred();
    void refusedInJsocsWords();
    void jpgProtocolMakesRealJpegs();
    void sizeCountsTheProcessing();

private:
    struct Export {
        QString error;
        QJsonObject index;
        QList<Image> images;
        QStringList records, filenames;
    };
    Export exportOf(const QString &ds, const QString &process, int maxFiles = 100,
                    const QString &protocol = QStringLiteral("fits"), QList<QByteArray> *raw = nullptr);
    QByteArray get(const QString &pathAndQuery, int *status = nullptr);

    std::unique_ptr<sim::JsocSimulator> m_sim;
    QNetworkAccessManager m_nam;
    QTemporaryDir m_tmp;
    int m_scratch = 0;
};

void TstExportProcessing::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_sim = std::make_unique<sim::JsocSimulator>();
    QVERIFY(m_sim->listen());
    QVERIFY(m_sim->registerAddress(kEmail));
    sim::ExportDeskOptions &o = m_sim->exportDesk()->options();
    o.queuedMs = 0;
    o.processingMs = 0;
    // Sources and plain exports of one size, so a plain export is the very file the steps read.
    o.imageSize = 1024;
    o.processingImageSize = 1024;
}

QByteArray TstExportProcessing::get(const QString &pathAndQuery, int *status)
{
    QNetworkReply *reply = m_nam.get(QNetworkRequest(QUrl::fromEncoded(m_sim->url().toString().toLatin1() + pathAndQuery.toLatin1())));
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(120000);
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

TstExportProcessing::Export TstExportProcessing::exportOf(const QString &ds, const QString &process, int maxFiles,
                                                         const QString &protocol, QList<QByteArray> *raw)
{
    Export out;
    auto enc = [](const QString &s) { return QString::fromLatin1(QUrl::toPercentEncoding(s)); };
    // drms's spelling of the limit-and-steps parameter: the name "process=n", encoded.
    const QString query = QStringLiteral("/cgi-bin/ajax/jsoc_fetch?op=exp_request&format=json&ds=%1&notify=%2&method=url&protocol=%3")
                              .arg(enc(ds), enc(kEmail), enc(protocol))
                          + QStringLiteral("&process%3Dn=") + enc(process);
    const QJsonObject req = QJsonDocument::fromJson(get(query)).object();
    const QString id = req.value(QStringLiteral("requestid")).toString();
    if (id.isEmpty()) {
        out.error = QString::fromUtf8(QJsonDocument(req).toJson(QJsonDocument::Compact));
        return out;
    }
    out.index = QJsonDocument::fromJson(get(QStringLiteral("/cgi-bin/ajax/jsoc_fetch?op=exp_status&requestid=") + id)).object();
    if (out.index.value(QStringLiteral("status")).toVariant().toInt() != 0) {
        out.error = out.index.value(QStringLiteral("error")).toString();
        return out;
    }
    const QString dir = out.index.value(QStringLiteral("dir")).toString();
    const QJsonArray data = out.index.value(QStringLiteral("data")).toArray();
    for (const QJsonValue &v : data) {
        out.records.append(v.toObject().value(QStringLiteral("record")).toString());
        out.filenames.append(v.toObject().value(QStringLiteral("filename")).toString());
        if (out.images.size() >= maxFiles)
            continue;
        int status = 0;
        const QByteArray bytes = get(dir + QLatin1Char('/') + out.filenames.last(), &status);
        if (raw) {
            if (status != 200)
                out.error = QStringLiteral("%1: HTTP %2").arg(out.filenames.last()).arg(status);
            raw->append(bytes);
            continue;
        }
        const auto image = readFits(bytes, m_tmp.filePath(QStringLiteral("f%1.fits").arg(++m_scratch)));
        if (status != 200 || !image) {
            out.error = QStringLiteral("%1: HTTP %2, %3 bytes").arg(out.filenames.last()).arg(status).arg(bytes.size());
            return out;
        }
        out.images.append(*image);
    }
    return out;
}

// An arcsec box on an HMI magnetogram tracked over four hours: im_patch's size rounding, the box
// where it was asked for at t_ref, then carried west by the Sun's rotation, always with a WCS
// that says where the cutout is (HMI is stored upside down: the cutout is north up).
void TstExportProcessing::imPatchTracksTheSunWithARightWcs()
{
    const double x0 = -300, y0 = 200, width = 200, height = 120;
    const Export e = exportOf(QStringLiteral("hmi.M_720s[2020.10.17_20:00:00_TAI/4h@2h]{magnetogram}"),
                              QStringLiteral("0|im_patch,t_ref=2020.10.17_20:00:00_TAI,t=0,r=0,c=0,locunits=arcsec,"
                                             "boxunits=arcsec,x=%1,y=%2,width=%3,height=%4")
                                  .arg(x0).arg(y0).arg(width).arg(height));
    QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
    QCOMPARE(e.images.size(), 2);
    for (const QString &r : e.records)
        QVERIFY2(r.startsWith(QLatin1String("hmi.M_720s_mod[2020.10.17_")), qPrintable(r));
    for (const QString &f : e.filenames)
        QVERIFY2(f.endsWith(QLatin1String("magnetogram.fits")), qPrintable(f));

    const Image &first = e.images[0];
    const double cdelt = first.key("CDELT1");
    QVERIFY(cdelt > 0);
    QCOMPARE(first.nx, int(1 + width / cdelt)); // im_patch's rounding
    QCOMPARE(first.ny, int(1 + height / cdelt));
    QVERIFY2(std::abs(first.key("CROTA2")) < 1, qPrintable(QString::number(first.key("CROTA2"))));
    double cx = 0, cy = 0;
    first.sky((first.nx + 1) / 2.0, (first.ny + 1) / 2.0, &cx, &cy);
    QVERIFY2(std::hypot(cx - x0, cy - y0) <= cdelt, qPrintable(QStringLiteral("centre %1 %2").arg(cx).arg(cy)));
    // The box covers what was asked within a pixel on every side.
    double lx = 0, ly = 0, ux = 0, uy = 0;
    first.sky(0.5, 0.5, &lx, &ly);
    first.sky(first.nx + 0.5, first.ny + 0.5, &ux, &uy);
    // im_patch makes the box 1 + size/CDELT pixels and rounds its first pixel: it holds the
    // asked box to within half a pixel and is at most a pixel bigger.
    QVERIFY2(lx <= x0 - width / 2 + cdelt / 2 && ux >= x0 + width / 2 - cdelt / 2 && (ux - lx) - width <= 1.01 * cdelt,
             qPrintable(QStringLiteral("x %1..%2").arg(lx).arg(ux)));
    QVERIFY2(ly <= y0 - height / 2 + cdelt / 2 && uy >= y0 + height / 2 - cdelt / 2 && (uy - ly) - height <= 1.01 * cdelt,
             qPrintable(QStringLiteral("y %1..%2").arg(ly).arg(uy)));

    // Two hours later the same Carrington place has moved by the change of the observer's
    // Carrington longitude; an orthographic Sun (B0 from the header) says where to.
    const Image &later = e.images[1];
    const double dl = (first.key("CRLN_OBS") - later.key("CRLN_OBS")) * kPi / 180; // the Sun turned west by dl
    QVERIFY2(dl > 0.01 && dl < 0.03, qPrintable(QString::number(dl)));
    const double R = first.key("RSUN_OBS"), b0 = first.key("CRLT_OBS") * kPi / 180;
    const double X = x0 / R, Y = y0 / R, Z = std::sqrt(1 - X * X - Y * Y);
    // Into the Sun's frame (tilt b0), turn about its axis, and back.
    const double ys = Y * std::cos(b0) + Z * std::sin(b0), zs = -Y * std::sin(b0) + Z * std::cos(b0);
    const double xr = X * std::cos(dl) + zs * std::sin(dl), zr = -X * std::sin(dl) + zs * std::cos(dl);
    const double ex = xr * R, ey = (ys * std::cos(b0) - zr * std::sin(b0)) * R;
    double lcx = 0, lcy = 0;
    later.sky((later.nx + 1) / 2.0, (later.ny + 1) / 2.0, &lcx, &lcy);
    QVERIFY2(lcx - cx > 5 * cdelt, qPrintable(QStringLiteral("moved only %1 arcsec").arg(lcx - cx)));
    QVERIFY2(std::hypot((lcx - cx) - (ex - x0), (lcy - cy) - (ey - y0)) <= 1.5 * cdelt,
             qPrintable(QStringLiteral("moved %1 %2, expected %3 %4").arg(lcx - cx).arg(lcy - cy).arg(ex - x0).arg(ey - y0)));
    QCOMPARE(later.nx, first.nx); // the box keeps its size while tracked
}

// The cutout's pixels are the source file's pixels at the same sky position.
void TstExportProcessing::imPatchPixelsAreTheServedPixels()
{
    const QString ds = QStringLiteral("aia.lev1_euv_12s[2015-10-17T04:33:30Z/12s][171]{image}");
    const Export cut = exportOf(ds, QStringLiteral("0|im_patch,t_ref=2015-10-17T04:33:30.000,t=0,r=0,c=0,locunits=arcsec,"
                                                   "boxunits=arcsec,x=-517.2,y=-246,width=345.6,height=345.6"));
    QVERIFY2(cut.error.isEmpty(), qPrintable(cut.error));
    const Export plain = exportOf(ds, QStringLiteral("0"));
    QVERIFY2(plain.error.isEmpty(), qPrintable(plain.error));
    QCOMPARE(cut.images.size(), 1);
    QCOMPARE(plain.images.size(), 1);
    QVERIFY(cut.records[0].startsWith(QLatin1String("aia.lev1_euv_12s_mod[")));
    QVERIFY(cut.filenames[0].endsWith(QLatin1String("image.fits")));
    const Image &c = cut.images[0], &s = plain.images[0];
    QCOMPARE(c.key("CDELT1"), s.key("CDELT1"));
    int compared = 0;
    for (int j = 0; j < c.ny; j += 7)
        for (int i = 0; i < c.nx; i += 5) {
            double x = 0, y = 0, p1 = 0, p2 = 0;
            c.sky(i + 1, j + 1, &x, &y);
            s.pixel(x, y, &p1, &p2);
            QVERIFY2(std::abs(p1 - std::round(p1)) < 1e-6 && std::abs(p2 - std::round(p2)) < 1e-6,
                     qPrintable(QStringLiteral("%1 %2").arg(p1).arg(p2)));
            const float want = s.at(int(std::lround(p1)) - 1, int(std::lround(p2)) - 1), got = c.at(i, j);
            QVERIFY2((std::isnan(want) && std::isnan(got)) || std::abs(want - got) <= 1e-4f * std::max(1.0f, std::abs(want)),
                     qPrintable(QStringLiteral("(%1,%2): %3 vs %4").arg(i).arg(j).arg(got).arg(want)));
            ++compared;
        }
    QVERIFY(compared > 100);
}

// A box in pixels is that many pixels; c=1 blanks what lies beyond the limb.
void TstExportProcessing::imPatchPixelBoxAndLimbCrop()
{
    const Export e = exportOf(QStringLiteral("aia.lev1_euv_12s[2015-10-17T04:33:30Z/12s][171]{image}"),
                              QStringLiteral("0|im_patch,t_ref=2015-10-17T04:33:30.000,t=1,c=1,locunits=arcsec,boxunits=pixels,"
                                             "x=900,y=0,width=101,height=60"));
    QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
    QCOMPARE(e.images.size(), 1);
    const Image &im = e.images[0];
    QCOMPARE(im.nx, 101);
    QCOMPARE(im.ny, 60);
    const double R = im.key("RSUN_OBS");
    int inside = 0, outside = 0;
    for (int j = 0; j < im.ny; ++j)
        for (int i = 0; i < im.nx; ++i) {
            double x = 0, y = 0;
            im.sky(i + 1, j + 1, &x, &y);
            const double r = std::hypot(x, y);
            if (r > R + 2 * im.key("CDELT1")) {
                QVERIFY2(std::isnan(im.at(i, j)), qPrintable(QStringLiteral("r=%1 value %2").arg(r).arg(im.at(i, j))));
                ++outside;
            } else if (r < R - 2 * im.key("CDELT1")) {
                QVERIFY(!std::isnan(im.at(i, j)));
                ++inside;
            }
        }
    QVERIFY(inside > 100 && outside > 100);
}

// locunits=stony: x degrees from the central meridian, y degrees of latitude. On the meridian at
// latitude 30 the centre is at x = 0 and y = R sin(30 - B0) (orthographic, B0 from the header).
void TstExportProcessing::imPatchStonyhurstCentre()
{
    const Export e = exportOf(QStringLiteral("aia.lev1_euv_12s[2015-10-17T04:33:30Z/12s][171]{image}"),
                              QStringLiteral("0|im_patch,t_ref=2015-10-17T04:33:30.000,t=0,locunits=stony,boxunits=arcsec,"
                                             "x=0,y=30,width=100,height=100"));
    QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
    const Image &im = e.images[0];
    double x = 0, y = 0;
    im.sky((im.nx + 1) / 2.0, (im.ny + 1) / 2.0, &x, &y);
    const double R = im.key("RSUN_OBS"), b0 = im.key("CRLT_OBS"), cdelt = im.key("CDELT1");
    const double want = R * std::sin((30 - b0) * kPi / 180);
    QVERIFY2(std::abs(x) <= cdelt && std::abs(y - want) <= 0.01 * R,
             qPrintable(QStringLiteral("centre %1 %2, expected 0 %3").arg(x).arg(y).arg(want)));
}

// rebin boxcar 0.25: each output pixel is the mean of the 4x4 source block under it, and the
// WCS (CDELT x4, CRPIX moved) still points each pixel at the sky it shows.
void TstExportProcessing::rebinAveragesBlocksAndScalesTheWcs()
{
    const QString ds = QStringLiteral("hmi.M_720s[2020.10.17_22:12:00_TAI]{magnetogram}");
    const Export r = exportOf(ds, QStringLiteral("0|rebin,method=boxcar,scale=0.25"));
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const Export plain = exportOf(ds, QStringLiteral("0"));
    QVERIFY2(plain.error.isEmpty(), qPrintable(plain.error));
    QCOMPARE(r.images.size(), 1);
    QVERIFY2(r.records[0].startsWith(QLatin1String("hmi.M_720s_mod[2020.10.17_22:12:00_TAI]")), qPrintable(r.records[0]));
    const Image &o = r.images[0], &s = plain.images[0];
    QCOMPARE(o.nx, int(s.nx * 0.25 + 0.5));
    QCOMPARE(o.key("CDELT1"), s.key("CDELT1") * 4);
    int compared = 0;
    for (int j = 3; j < o.ny; j += 17)
        for (int i = 5; i < o.nx; i += 13) {
            double x = 0, y = 0, p1 = 0, p2 = 0;
            o.sky(i + 1, j + 1, &x, &y);
            s.pixel(x, y, &p1, &p2); // the centre of a 4x4 block: a half-integer pixel
            const int i0 = int(std::lround(p1 - 1.5 - 1)), j0 = int(std::lround(p2 - 1.5 - 1));
            double sum = 0;
            int n = 0;
            for (int b = 0; b < 4; ++b)
                for (int a = 0; a < 4; ++a)
                    if (!std::isnan(s.at(i0 + a, j0 + b))) {
                        sum += s.at(i0 + a, j0 + b);
                        ++n;
                    }
            if (n == 0) {
                QVERIFY(std::isnan(o.at(i, j)));
                continue;
            }
            QVERIFY2(std::abs(o.at(i, j) - sum / n) <= 1e-3 * std::max(1.0, std::abs(sum / n)),
                     qPrintable(QStringLiteral("(%1,%2): %3 vs %4").arg(i).arg(j).arg(o.at(i, j)).arg(sum / n)));
            ++compared;
        }
    QVERIFY(compared > 50);
}

// aia_scale_other: 0.6 arcsec per pixel, north up, the Sun at the centre; the disk keeps its
// brightness (mean within 250 arcsec of disk centre as in the source, within 2 %).
void TstExportProcessing::aiaScaleIsLevelOnePointFive()
{
    const QString ds = QStringLiteral("aia.lev1_euv_12s[2015-10-17T04:33:30Z/12s][171]{image}");
    const Export a = exportOf(ds, QStringLiteral("0|aia_scale_other"));
    QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
    const Export plain = exportOf(ds, QStringLiteral("0"));
    QVERIFY2(plain.error.isEmpty(), qPrintable(plain.error));
    const Image &o = a.images[0], &s = plain.images[0];
    QCOMPARE(o.key("CDELT1"), 0.6);
    QCOMPARE(o.key("CROTA2"), 0.0);
    QCOMPARE(o.key("LVL_NUM"), 1.5);
    double x = 1, y = 1;
    o.sky((o.nx + 1) / 2.0, (o.ny + 1) / 2.0, &x, &y);
    QVERIFY2(std::hypot(x, y) < 1e-6, qPrintable(QStringLiteral("%1 %2").arg(x).arg(y)));
    auto innerMean = [](const Image &im) {
        const double R = 500; // arcsec: inside both fields (the 0.6 arcsec grid keeps the input's pixel count)
        double sum = 0;
        int n = 0;
        for (int j = 0; j < im.ny; ++j)
            for (int i = 0; i < im.nx; ++i) {
                double x = 0, y = 0;
                im.sky(i + 1, j + 1, &x, &y);
                if (std::hypot(x, y) < R / 2 && !std::isnan(im.at(i, j))) {
                    sum += im.at(i, j);
                    ++n;
                }
            }
        return n ? sum / n : 0.0;
    };
    const double mo = innerMean(o), ms = innerMean(s);
    QVERIFY2(ms > 0 && std::abs(mo - ms) <= 0.02 * ms, qPrintable(QStringLiteral("%1 vs %2").arg(mo).arg(ms)));
}

// resize to 2.5 arcsec per pixel: north up, the Sun's centre at the image centre, and the same
// sky keeps its brightness (continuum on a 150 arcsec grid over the disk: 1 % on average).
void TstExportProcessing::resizeRegridsNorthUpAndCentred()
{
    const QString ds = QStringLiteral("hmi.Ic_720s[2020.10.17_22:12:00_TAI]{continuum}");
    const Export r = exportOf(ds, QStringLiteral("0|resize,regrid=bicubic,center_to=solar,scale_to=2.5,c=0,do_stretchmarks=0"));
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const Export plain = exportOf(ds, QStringLiteral("0"));
    QVERIFY2(plain.error.isEmpty(), qPrintable(plain.error));
    QVERIFY2(r.records[0].startsWith(QLatin1String("hmi.Ic_720s_mod[")), qPrintable(r.records[0]));
    const Image &o = r.images[0], &s = plain.images[0];
    QCOMPARE(o.key("CDELT1"), 2.5);
    QCOMPARE(o.key("CROTA2"), 0.0);
    QVERIFY(std::abs(std::abs(s.key("CROTA2")) - 180) < 1); // the source was upside down
    double x = 1, y = 1;
    o.sky((o.nx + 1) / 2.0, (o.ny + 1) / 2.0, &x, &y);
    QVERIFY2(std::hypot(x, y) < 1e-6, qPrintable(QStringLiteral("%1 %2").arg(x).arg(y)));
    double err = 0;
    int points = 0;
    for (double sy = -750; sy <= 750; sy += 150)
        for (double sx = -750; sx <= 750; sx += 150) {
            if (std::hypot(sx, sy) > 800)
                continue;
            double p1 = 0, p2 = 0, q1 = 0, q2 = 0;
            o.pixel(sx, sy, &p1, &p2);
            s.pixel(sx, sy, &q1, &q2);
            // The source averaged over about the resized pixel's footprint (2.5 / 2.016 source pixels).
            double sum = 0;
            int n = 0;
            for (int j = int(std::lround(q2)) - 1; j <= int(std::lround(q2)) + 1; ++j)
                for (int i = int(std::lround(q1)) - 1; i <= int(std::lround(q1)) + 1; ++i) {
                    sum += s.at(i - 1, j - 1);
                    ++n;
                }
            const double want = sum / n, got = o.at(int(std::lround(p1)) - 1, int(std::lround(p2)) - 1);
            QVERIFY2(std::abs(got - want) <= 0.03 * want, qPrintable(QStringLiteral("(%1,%2): %3 vs %4").arg(sx).arg(sy).arg(got).arg(want)));
            err += std::abs(got - want) / want;
            ++points;
        }
    QVERIFY2(points > 50 && err / points < 0.01, qPrintable(QStringLiteral("mean relative difference %1").arg(err / points)));
}

// What JSOC's export manager cannot run fails the request in its words.
void TstExportProcessing::refusedInJsocsWords()
{
    const Export unknown = exportOf(QStringLiteral("hmi.M_720s[2020.10.17_22:12:00_TAI]{magnetogram}"), QStringLiteral("0|foobar"));
    QCOMPARE(unknown.error, QStringLiteral("Invalid process field value: n=0|foobar."));
    const Export noTRef = exportOf(QStringLiteral("hmi.M_720s[2020.10.17_22:12:00_TAI]{magnetogram}"),
                                   QStringLiteral("0|im_patch,locunits=arcsec,boxunits=arcsec,x=0,y=0,width=10,height=10"));
    QCOMPARE(noTRef.error, QStringLiteral("t_ref must be provided for locunits!=carrlong"));
    const Export lev1p5 = exportOf(QStringLiteral("hmi.M_720s[2020.10.17_22:12:00_TAI]{magnetogram}"),
                                   QStringLiteral("0|aia_scale_aialev1"));
    QCOMPARE(lev1p5.error, QStringLiteral("Invalid process field value: n=0|aia_scale_aialev1."));

    // Hostile numbers are refused in words (the simulator keeps answering).
    const QString hmi = QStringLiteral("hmi.M_720s[2020.10.17_22:12:00_TAI]{magnetogram}");
    const QString patch = QStringLiteral("0|im_patch,t_ref=2020.10.17_22:12:00_TAI,locunits=arcsec,boxunits=arcsec,");
    const QString huge = exportOf(hmi, patch + QStringLiteral("x=0,y=0,width=1e30,height=10")).error;
    QVERIFY2(huge.startsWith(QLatin1String("im_patch: a patch of ")) && huge.endsWith(QLatin1String(" pixels cannot be made")),
             qPrintable(huge));
    QCOMPARE(exportOf(hmi, patch + QStringLiteral("x=1e30,y=0,width=10,height=10")).error,
             QStringLiteral("im_patch: the patch centre is far outside the image"));
    QCOMPARE(exportOf(hmi, patch + QStringLiteral("x=0,y=0,width=nan,height=10")).error,
             QStringLiteral("im_patch: width and height must be positive"));
    QCOMPARE(exportOf(hmi, QStringLiteral("0|rebin,method=boxcar,scale=0")).error,
             QStringLiteral("rebin: scale 0 is not between 1/4096 and 16"));
    QCOMPARE(exportOf(hmi, QStringLiteral("0|rebin,method=spline,scale=0.5")).error, QStringLiteral("rebin: invalid conversion method"));
    const Export far = exportOf(hmi, QStringLiteral("0|resize,scale_to=1e300"));
    QVERIFY2(far.error.isEmpty(), qPrintable(far.error)); // a grid far bigger than the Sun: all MISSING, but a file
    QVERIFY(std::all_of(far.images[0].data.begin(), far.images[0].data.end(), [](float v) { return std::isnan(v); }));
}

// Protocol jpg: real JPEG files named as render_image names them, binned by size=, north up, grey
// scaled between the image's own minimum and maximum.
void TstExportProcessing::jpgProtocolMakesRealJpegs()
{
    const QString ds = QStringLiteral("hmi.M_720s[2020.10.17_22:12:00_TAI]{magnetogram}");
    QList<QByteArray> jpegs;
    const Export e = exportOf(ds, QStringLiteral("0"), 100, QStringLiteral("jpg,CT=grey.sao,scaling=MINMAX,size=4"), &jpegs);
    QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
    QCOMPARE(e.filenames, QStringList{QStringLiteral("20201017_221200_hmi.M_720s_256.jpg")});
    QCOMPARE(jpegs.size(), 1);
    QVERIFY(jpegs[0].startsWith("\xFF\xD8\xFF") && jpegs[0].endsWith("\xFF\xD9"));

    jpeg_decompress_struct d;
    jpeg_error_mgr err;
    d.err = jpeg_std_error(&err);
    jpeg_create_decompress(&d);
    jpeg_mem_src(&d, reinterpret_cast<const unsigned char *>(jpegs[0].constData()), static_cast<unsigned long>(jpegs[0].size()));
    QCOMPARE(jpeg_read_header(&d, TRUE), JPEG_HEADER_OK);
    jpeg_start_decompress(&d);
    const int w = int(d.output_width), h = int(d.output_height);
    QCOMPARE(d.output_components, 1);
    std::vector<unsigned char> grey(size_t(w) * h);
    while (d.output_scanline < d.output_height) {
        JSAMPROW row = grey.data() + size_t(d.output_scanline) * w;
        jpeg_read_scanlines(&d, &row, 1);
    }
    jpeg_finish_decompress(&d);
    jpeg_destroy_decompress(&d);

    const Export plain = exportOf(ds, QStringLiteral("0"));
    QVERIFY2(plain.error.isEmpty(), qPrintable(plain.error));
    const Image &s = plain.images[0];
    QCOMPARE(w, s.nx / 4);
    QCOMPARE(h, s.ny / 4);
    // HMI is stored upside down (CROTA2 near 180): the JPEG is turned by 180 degrees, so its pixel
    // (c, r) from the top left is the 4x4 source block at (w-1-c, r) from the bottom left.
    QVERIFY(std::abs(std::abs(s.key("CROTA2")) - 180) < 1);
    // render_image bins first, then scales between the binned image's minimum and maximum.
    auto blockMean = [&](int bi, int bj) {
        double sum = 0;
        int k = 0;
        for (int b = 0; b < 4; ++b)
            for (int a = 0; a < 4; ++a)
                if (!std::isnan(s.at(4 * bi + a, 4 * bj + b))) {
                    sum += s.at(4 * bi + a, 4 * bj + b);
                    ++k;
                }
        return k ? sum / k : std::nan("");
    };
    double lo = 1e300, hi = -1e300;
    for (int bj = 0; bj < h; ++bj)
        for (int bi = 0; bi < w; ++bi)
            if (const double m = blockMean(bi, bj); !std::isnan(m)) {
                lo = std::min(lo, m);
                hi = std::max(hi, m);
            }
    auto blockGrey = [&](int bi, int bj) {
        const double m = blockMean(bi, bj);
        return std::isnan(m) ? 0.0 : std::clamp((m - lo) / (hi - lo), 0.0, 1.0) * 254;
    };
    double turned = 0, unturned = 0;
    int n = 0;
    for (int r = 2; r < h; r += 9)
        for (int c = 3; c < w; c += 7) {
            const double g = grey[size_t(r) * w + c];
            turned += std::abs(g - blockGrey(w - 1 - c, r));
            unturned += std::abs(g - blockGrey(c, h - 1 - r)); // as stored, north down
            ++n;
        }
    QVERIFY2(n > 100 && turned / n < 2, qPrintable(QStringLiteral("mean grey difference %1 over %2 pixels").arg(turned / n).arg(n)));
    QVERIFY2(unturned > 2 * turned, qPrintable(QStringLiteral("as stored: %1, turned: %2").arg(unturned / n).arg(turned / n)));
}

// exp_request's size is the size after processing, as JSOC computes it from the steps: a quarter
// scale is a sixteenth, a patch its share of the image.
void TstExportProcessing::sizeCountsTheProcessing()
{
    const QString ds = QStringLiteral("hmi.M_720s[2020.10.01_TAI/10d]{magnetogram}");
    auto sizeOf = [&](const QString &process) {
        const QString query = QStringLiteral("/cgi-bin/ajax/jsoc_fetch?op=exp_request&format=json&ds=%1&notify=%2&method=url&protocol=fits")
                                  .arg(QString::fromLatin1(QUrl::toPercentEncoding(ds)), QString::fromLatin1(QUrl::toPercentEncoding(kEmail)))
                              + QStringLiteral("&process%3Dn=") + QString::fromLatin1(QUrl::toPercentEncoding(process));
        const QJsonObject o = QJsonDocument::fromJson(get(query)).object();
        return o.value(QStringLiteral("size")).toDouble();
    };
    const double plain = sizeOf(QStringLiteral("0"));
    const double rebinned = sizeOf(QStringLiteral("0|rebin,method=boxcar,scale=0.25"));
    const double patch = sizeOf(QStringLiteral("0|im_patch,t_ref=2020.10.01_00:00:00_TAI,t=0,locunits=arcsec,boxunits=pixels,"
                                               "x=0,y=0,width=512,height=256"));
    QVERIFY2(plain > 200, qPrintable(QString::number(plain)));
    QVERIFY2(std::abs(rebinned / plain - 1.0 / 16) < 0.01, qPrintable(QStringLiteral("%1 of %2").arg(rebinned).arg(plain)));
    QVERIFY2(std::abs(patch / plain - 512.0 * 256 / (1024.0 * 1024)) < 0.01, qPrintable(QStringLiteral("%1 of %2").arg(patch).arg(plain)));
}

QTEST_GUILESS_MAIN(TstExportProcessing)
#include "tst_exportprocessing.moc"

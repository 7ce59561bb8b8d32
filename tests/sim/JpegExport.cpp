#include "sim/JpegExport.h"

#include "model/drms/DrmsTime.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <csetjmp>
#include <jpeglib.h>

namespace sim {
namespace {

// libjpeg's default error handler ends the process; this one returns to the caller in words.
struct JpegError {
    jpeg_error_mgr mgr;
    std::jmp_buf back;
    char text[JMSG_LENGTH_MAX] = {};
};

void jumpBack(j_common_ptr info)
{
    auto *e = reinterpret_cast<JpegError *>(info->err);
    (*info->err->format_message)(info, e->text);
    std::longjmp(e->back, 1);
}

} // namespace

JpegExport::Options JpegExport::parseProtocol(const QString &protocol)
{
    Options o;
    const QStringList parts = protocol.split(QLatin1Char(','));
    for (int i = 1; i < parts.size(); ++i) {
        const QString key = parts[i].section(QLatin1Char('='), 0, 0).trimmed().toLower();
        const QString value = parts[i].section(QLatin1Char('='), 1).trimmed();
        bool ok = false;
        if (key == QLatin1String("scaling") && !value.isEmpty())
            o.scaling = value.toUpper();
        else if (key == QLatin1String("ct") && !value.isEmpty())
            o.colourTable = value;
        else if (key == QLatin1String("size")) {
            const int n = value.toInt(&ok);
            o.size = ok && n >= 1 ? n : 1;
        } else if (key == QLatin1String("min")) {
            const double v = value.toDouble(&ok);
            if (ok)
                o.min = v;
        } else if (key == QLatin1String("max")) {
            const double v = value.toDouble(&ok);
            if (ok)
                o.max = v;
        }
    }
    return o;
}

QString JpegExport::fileName(const QString &series, const QString &tRec, int width)
{
    const std::optional<double> t = drms::parseTime(tRec);
    if (!t)
        return {};
    // "2012.01.01_00:00:00_TAI" -> "20120101_000000"
    const QString tai = drms::formatTime(*t, drms::TimeStyle::Tai);
    const QString id = tai.mid(0, 4) + tai.mid(5, 2) + tai.mid(8, 2) + QLatin1Char('_') + tai.mid(11, 2) + tai.mid(14, 2) + tai.mid(17, 2);
    QString dim = QString::number(width);
    if (width == 4096)
        dim = QStringLiteral("4k");
    else if (width == 2048)
        dim = QStringLiteral("2k");
    else if (width == 1024)
        dim = QStringLiteral("1k");
    return QStringLiteral("%1_%2_%3.jpg").arg(id, series, dim);
}

bool JpegExport::write(const FitsPlane &image, const Options &o, const QString &path, QString *error)
{
    const int f = std::max(1, o.size);
    const int nx = image.nx / f, ny = image.ny / f;
    if (nx < 1 || ny < 1) {
        *error = QStringLiteral("jpg: size=%1 leaves no image").arg(f);
        return false;
    }
    // Bin by `size` (means of f x f blocks, MISSING left out).
    std::vector<float> v(static_cast<size_t>(nx) * ny, std::nanf(""));
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
            double sum = 0;
            int n = 0;
            for (int b = 0; b < f; ++b)
                for (int a = 0; a < f; ++a) {
                    const float x = image.at(i * f + a, j * f + b);
                    if (!std::isnan(x)) {
                        sum += x;
                        ++n;
                    }
                }
            if (n)
                v[static_cast<size_t>(j) * nx + i] = static_cast<float>(sum / n);
        }
    // Stored upside down (HMI): turn north up, as the export script does unless |CROTA2| < 2.
    if (std::abs(image.number("CROTA2").value_or(0.0)) >= 2)
        std::reverse(v.begin(), v.end());

    std::vector<float> finite;
    finite.reserve(v.size());
    for (float x : v)
        if (!std::isnan(x))
            finite.push_back(x);
    double lo = 0, hi = 1;
    if (!finite.empty()) {
        std::sort(finite.begin(), finite.end());
        const bool clip = o.scaling.startsWith(QLatin1String("MINMAX99")) || o.scaling.startsWith(QLatin1String("MAXMIN99"));
        const size_t cut = clip ? finite.size() / 200 : 0;
        lo = finite[cut];
        hi = finite[finite.size() - 1 - cut];
    }
    if (o.min)
        lo = *o.min;
    if (o.max)
        hi = *o.max;
    const bool reversed = o.scaling.startsWith(QLatin1String("MAXMIN"));
    const bool log = o.scaling == QLatin1String("LOG"), sqrt = o.scaling == QLatin1String("SQRT");
    auto grey = [&](float x) -> JSAMPLE {
        if (std::isnan(x) || hi <= lo)
            return 0;
        double t = std::clamp((x - lo) / (hi - lo), 0.0, 1.0);
        if (log)
            t = std::log10(1 + 9 * t);
        else if (sqrt)
            t = std::sqrt(t);
        if (reversed)
            t = 1 - t;
        return static_cast<JSAMPLE>(std::lround(t * 254));
    };

    const QFileInfo target(path);
    if (!QDir().mkpath(target.absolutePath())) {
        *error = QStringLiteral("Cannot create directory %1").arg(target.absolutePath());
        return false;
    }
    const QString tmp = path + QStringLiteral(".part");
    FILE *out = std::fopen(QFile::encodeName(tmp).constData(), "wb");
    if (!out) {
        *error = QStringLiteral("Cannot write %1").arg(tmp);
        return false;
    }
    jpeg_compress_struct c;
    JpegError err;
    c.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = jumpBack;
    std::vector<JSAMPLE> row(static_cast<size_t>(nx));
    if (setjmp(err.back)) {
        jpeg_destroy_compress(&c);
        std::fclose(out);
        QFile::remove(tmp);
        *error = QStringLiteral("Cannot write %1: %2").arg(path, QString::fromLatin1(err.text));
        return false;
    }
    jpeg_create_compress(&c);
    jpeg_stdio_dest(&c, out);
    c.image_width = static_cast<JDIMENSION>(nx);
    c.image_height = static_cast<JDIMENSION>(ny);
    c.input_components = 1;
    c.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 95, TRUE); // pnmtojpeg -quality=95
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        const int j = ny - 1 - static_cast<int>(c.next_scanline); // FITS rows go up, JPEG rows down
        for (int i = 0; i < nx; ++i)
            row[static_cast<size_t>(i)] = grey(v[static_cast<size_t>(j) * nx + i]);
        JSAMPROW rows[1] = {row.data()};
        jpeg_write_scanlines(&c, rows, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    const bool closed = std::fclose(out) == 0;
    QFile::remove(path);
    if (!closed || !QFile::rename(tmp, path)) {
        QFile::remove(tmp);
        *error = QStringLiteral("Cannot write %1").arg(path);
        return false;
    }
    return true;
}

} // namespace sim

// FITS preview speed: a 4096 × 4096 int16 Rice-compressed solar image (sim::FitsFactory, as JSOC
// exports it: empty primary + compressed HDU with BSCALE/BZERO/BLANK), from file open to a
// colour-mapped image ready to paint, side by side in one run with
//   floor   — cfitsio's bare decompression into int16 (nothing can be faster single-threaded),
//   ours    — FitsLoader::load + 99.5 % percentile limits + LUT render into an Indexed8 QImage,
//   astropy — open, read data, PercentileInterval(99.5), scale, colour-map (tests/bench/fits_astropy.py,
//             run with /usr/bin/python3; skipped with a message when astropy is missing).
// Each C++ variant runs in its own child process so its peak RSS (VmHWM) is its own.
// Goals: ours ≥ 3× faster than astropy, ≤ 1.5× the floor, peak memory ≤ 3× the float image.
//
// Usage: bench_fits_render [--size N] [--repeat N] [--file FITS]
//        bench_fits_render --write FILE [--size N]    (only write the test image, e.g. for profiling)
//        bench_fits_render --child floor|ours FILE REPEAT
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsRenderer.h"
#include "model/fits/ImageLimits.h"
#include "sim/FitsFactory.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <fitsio.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

qint64 statusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

bool bareDecompress(const QString &path, QString *error)
{
    fitsfile *f = nullptr;
    int status = 0;
    fits_open_diskfile(&f, QFile::encodeName(path).constData(), READONLY, &status);
    int type = 0;
    fits_movabs_hdu(f, 2, &type, &status);
    int bitpix = 0, naxis = 0;
    long naxes[2] = {0, 0};
    fits_get_img_param(f, 2, &bitpix, &naxis, naxes, &status);
    std::vector<short> data(std::size_t(naxes[0]) * std::size_t(naxes[1]));
    short null = 0;
    int anyNull = 0;
    // Raw stored integers: no BSCALE/BZERO, no conversion to float.
    fits_set_bscale(f, 1.0, 0.0, &status);
    fits_read_img(f, TSHORT, 1, LONGLONG(data.size()), &null, data.data(), &anyNull, &status);
    fits_close_file(f, &status);
    if (status) {
        char text[FLEN_STATUS];
        fits_get_errstatus(status, text);
        *error = QString::fromLatin1(text);
        return false;
    }
    return true;
}

struct Stage {
    double load = 0, limits = 0, render = 0;
};

bool ourPipeline(const QString &path, Stage *stage, QString *error)
{
    QElapsedTimer t;
    t.start();
    const fits::FitsLoadResult r = fits::FitsLoader::load(path);
    if (!r.ok()) {
        *error = r.error;
        return false;
    }
    stage->load = double(t.nsecsElapsed()) / 1e6;
    fits::ClipSpec clip;
    clip.mode = fits::ClipMode::Percentile;
    clip.percent = 99.5;
    const fits::Limits limits = fits::ImageLimits::compute(r.image, clip);
    stage->limits = double(t.nsecsElapsed()) / 1e6 - stage->load;
    fits::RenderSettings settings;
    settings.limits = limits;
    settings.colourMap = QStringLiteral("aia171");
    const QImage image = fits::FitsRenderer::render(r.image, settings);
    stage->render = double(t.nsecsElapsed()) / 1e6 - stage->load - stage->limits;
    if (image.isNull()) {
        *error = QStringLiteral("render failed");
        return false;
    }
    return true;
}

int runChild(const QString &variant, const QString &path, int repeat)
{
    const qint64 baseline = statusKb("VmRSS");
    // Reset the peak so the child's start-up does not count.
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    if (clear.open(QIODevice::WriteOnly))
        clear.write("5");
    std::vector<double> times;
    Stage best{1e18, 1e18, 1e18};
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer t;
        t.start();
        QString error;
        Stage stage;
        const bool ok = variant == QLatin1String("floor") ? bareDecompress(path, &error) : ourPipeline(path, &stage, &error);
        if (!ok) {
            std::fprintf(stderr, "%s failed: %s\n", qPrintable(variant), qPrintable(error));
            return 1;
        }
        times.push_back(double(t.nsecsElapsed()) / 1e6);
        best.load = std::min(best.load, stage.load);
        best.limits = std::min(best.limits, stage.limits);
        best.render = std::min(best.render, stage.render);
    }
    std::sort(times.begin(), times.end());
    QJsonObject o{{QStringLiteral("best_ms"), times.front()},
                  {QStringLiteral("median_ms"), times[times.size() / 2]},
                  {QStringLiteral("baseline_rss_kb"), baseline},
                  {QStringLiteral("peak_rss_kb"), statusKb("VmHWM")},
                  {QStringLiteral("load_ms"), best.load},
                  {QStringLiteral("limits_ms"), best.limits},
                  {QStringLiteral("render_ms"), best.render}};
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    return 0;
}

QJsonObject runProcess(const QString &program, const QStringList &args, QString *message)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(600000)) {
        *message = QStringLiteral("%1 did not finish").arg(program);
        return {};
    }
    const QByteArray out = p.readAllStandardOutput().trimmed();
    const QByteArray err = p.readAllStandardError().trimmed();
    if (p.exitCode() != 0) {
        *message = QString::fromLocal8Bit(err.isEmpty() ? out : err);
        return {};
    }
    return QJsonDocument::fromJson(out.split('\n').last()).object();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    if (args.value(0) == QLatin1String("--child"))
        return runChild(args.value(1), args.value(2), args.value(3).toInt());

    int size = 4096;
    int repeat = 5;
    QString file;
    QString writeOnly;
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--write"))
            writeOnly = args.value(++i);
        else if (args[i] == QLatin1String("--size"))
            size = args.value(++i).toInt();
        else if (args[i] == QLatin1String("--repeat"))
            repeat = args.value(++i).toInt();
        else if (args[i] == QLatin1String("--file"))
            file = args.value(++i);
    }
    QTextStream out(stdout);
    if (!writeOnly.isEmpty()) {
        QString error;
        if (!sim::FitsFactory::writeSolarImage(writeOnly, size, &error)) {
            out << "cannot write " << writeOnly << ": " << error << '\n';
            return 1;
        }
        return 0;
    }
    QTemporaryDir dir;
    if (file.isEmpty()) {
        file = dir.filePath(QStringLiteral("solar.fits"));
        QString error;
        QElapsedTimer t;
        t.start();
        if (!sim::FitsFactory::writeSolarImage(file, size, &error)) {
            out << "cannot write the test image: " << error << '\n';
            return 1;
        }
        out << "generated " << size << "x" << size << " int16 RICE_1 image (" << QFileInfo(file).size() / 1024
            << " KiB) in " << t.elapsed() << " ms\n";
    }
    const double floatMiB = double(size) * size * 4 / 1048576.0;
    out << "float image: " << floatMiB << " MiB; " << repeat << " runs each, best (median) ms\n";
    out.flush();

    QString message;
    const QString self = QCoreApplication::applicationFilePath();
    const QJsonObject floor =
        runProcess(self, {QStringLiteral("--child"), QStringLiteral("floor"), file, QString::number(repeat)}, &message);
    if (floor.isEmpty()) {
        out << "floor failed: " << message << '\n';
        return 1;
    }
    const QJsonObject ours =
        runProcess(self, {QStringLiteral("--child"), QStringLiteral("ours"), file, QString::number(repeat)}, &message);
    if (ours.isEmpty()) {
        out << "ours failed: " << message << '\n';
        return 1;
    }
    const QString script = QStringLiteral(JSOC_BENCH_DIR "/fits_astropy.py");
    const QJsonObject astropy = runProcess(QStringLiteral("/usr/bin/python3"),
                                           {script, file, QStringLiteral("--repeat"), QString::number(std::min(repeat, 3))},
                                           &message);

    const auto line = [&out](const char *name, const QJsonObject &o) {
        const double peak = double(o.value(QStringLiteral("peak_rss_kb")).toInteger()
                                   - o.value(QStringLiteral("baseline_rss_kb")).toInteger()) / 1024.0;
        out << QStringLiteral("%1 %2 ms (%3)   peak +%4 MiB\n")
                   .arg(QString::fromLatin1(name), -24)
                   .arg(o.value(QStringLiteral("best_ms")).toDouble(), 8, 'f', 1)
                   .arg(o.value(QStringLiteral("median_ms")).toDouble(), 0, 'f', 1)
                   .arg(peak, 0, 'f', 1);
    };
    line("cfitsio floor (int16)", floor);
    line("ours (load+limits+LUT)", ours);
    out << QStringLiteral("  stages: load %1 ms, central-99.5 limits %2 ms, LUT render %3 ms\n")
               .arg(ours.value(QStringLiteral("load_ms")).toDouble(), 0, 'f', 1)
               .arg(ours.value(QStringLiteral("limits_ms")).toDouble(), 0, 'f', 1)
               .arg(ours.value(QStringLiteral("render_ms")).toDouble(), 0, 'f', 1);
    const double oursMs = ours.value(QStringLiteral("best_ms")).toDouble();
    const double floorMs = floor.value(QStringLiteral("best_ms")).toDouble();
    const double oursPeak = double(ours.value(QStringLiteral("peak_rss_kb")).toInteger()
                                   - ours.value(QStringLiteral("baseline_rss_kb")).toInteger()) / 1024.0;
    bool pass = true;
    const double floorRatio = oursMs / floorMs;
    out << QStringLiteral("ours / floor = %1 (goal <= 1.5): %2\n").arg(floorRatio, 0, 'f', 2)
               .arg(floorRatio <= 1.5 ? QStringLiteral("ok") : QStringLiteral("MISSED"));
    pass = pass && floorRatio <= 1.5;
    const double memRatio = oursPeak / floatMiB;
    out << QStringLiteral("ours peak / float image = %1 (goal <= 3): %2\n").arg(memRatio, 0, 'f', 2)
               .arg(memRatio <= 3.0 ? QStringLiteral("ok") : QStringLiteral("MISSED"));
    pass = pass && memRatio <= 3.0;
    if (astropy.isEmpty()) {
        out << "astropy: not measured: " << message << '\n';
    } else {
        line("astropy (open+pct+map)", astropy);
        const double speedup = astropy.value(QStringLiteral("best_ms")).toDouble() / oursMs;
        out << QStringLiteral("astropy %1, numpy %2; astropy / ours = %3 (goal >= 3): %4\n")
                   .arg(astropy.value(QStringLiteral("astropy")).toString(), astropy.value(QStringLiteral("numpy")).toString())
                   .arg(speedup, 0, 'f', 2)
                   .arg(speedup >= 3.0 ? QStringLiteral("ok") : QStringLiteral("MISSED"));
        pass = pass && speedup >= 3.0;
    }
    out << (pass ? "all goals met\n" : "some goals missed\n");
    return 0;
}

// Issue 17 item 5, measured side by side in one run on one generated 4096² int16 RICE_1 file
// (sim::FitsFactory, as JSOC exports it):
//   cli     — a whole `jsoc-cli preview FILE -o PNG --size 1024` process, start to exit;
//   imcopy  — cfitsio's `imcopy 'FILE[1]' out.fits` (decompress and write), start to exit;
//   astropy — in-process open + float + central-99.5 % percentile scaling (fits_astropy.py
//             --no-map; imports excluded, the better of two runs per round: the first pays
//             astropy's lazy imports).
// The three run interleaved, round after round, so a load burst from other processes hits all of
// them; medians over rounds and the median of the per-round ratios are reported.
// Goals: cli ≤ astropy / 3 and cli ≤ 1.5 × imcopy.
// Then playback: `--frames` frames (default 30; hard links to a few distinct files) played through
// the real FitsFramePlayer (offscreen) at its top speed, each frame rendered to Indexed8 on the GUI
// thread as the preview widget does; frames/s sustained over all frames after the first two.
// Goal: ≥ 10 frames/s. Then the same frames through the real FITS window (FitsPreviewWindow,
// offscreen, --window-size W×H): its player decodes at the view's size while playing, the preview
// renders, the view paints; frames/s sustained as above (--skip-window leaves it out).
//
// Usage: bench_fits_speed [--size N] [--rounds N] [--file FITS] [--frames N] [--distinct N]
//                         [--frame-side N] [--skip-playback] [--skip-processes]
//                         [--window-size WxH] [--skip-window] [--write-file PATH]
// (--write-file only writes the generated image to PATH, for timing jsoc-cli by hand.)
#include "model/fits/FitsFrameSet.h"
#include "model/fits/FitsRenderer.h"
#include "sim/FitsFactory.h"
#include "ui/FitsFramePlayer.h"
#include "ui/FitsImageView.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/FitsPreviewWindow.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace {

double medianOf(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// CPU time (user + system) in ms of this process (RUSAGE_SELF) or of its waited-for children.
double cpuMs(int who)
{
    rusage u {};
    getrusage(who, &u);
    return (double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll().trimmed()) : QStringLiteral("?");
}

// Wall time of one whole process in ms, or -1 with `message` set.
double timeProcess(const QString &program, const QStringList &args, QString *message, QByteArray *output = nullptr,
                   double *cpu = nullptr)
{
    const double cpuBefore = cpuMs(RUSAGE_CHILDREN);
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    if (!p.waitForFinished(600000)) {
        *message = QStringLiteral("%1 did not finish: %2").arg(program, p.errorString());
        return -1;
    }
    const double ms = double(t.nsecsElapsed()) / 1e6;
    if (cpu)
        *cpu = cpuMs(RUSAGE_CHILDREN) - cpuBefore;
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *message = QStringLiteral("%1 failed: %2").arg(program, QString::fromLocal8Bit(p.readAllStandardError().trimmed()));
        return -1;
    }
    if (output)
        *output = p.readAllStandardOutput();
    return ms;
}

struct ProcessFigures {
    std::vector<double> cli, imcopy, astropy, astropyOverCli, cliOverImcopy;
    std::vector<double> cliCpu, imcopyCpu, astropyCpu; // CPU ms: what the machine's other load cannot inflate
};

bool runProcesses(const QString &file, const QString &dir, int rounds, QTextStream &out)
{
    const QString cli = QStringLiteral(JSOC_CLI_PATH);
    const QString png = QDir(dir).filePath(QStringLiteral("preview.png"));
    const QString copy = QDir(dir).filePath(QStringLiteral("imcopy.fits"));
    const QString script = QStringLiteral(JSOC_BENCH_DIR "/fits_astropy.py");
    ProcessFigures f;
    QString message;
    out << "load before: " << loadAverage() << '\n';
    for (int round = 0; round < rounds; ++round) {
        double cCpu = 0, iCpu = 0;
        const double c = timeProcess(cli, {QStringLiteral("preview"), file, QStringLiteral("-o"), png,
                                           QStringLiteral("--size"), QStringLiteral("1024"), QStringLiteral("--force")},
                                     &message, nullptr, &cCpu);
        if (c < 0) {
            out << message << '\n';
            return false;
        }
        QFile::remove(copy);
        const double i = timeProcess(QStringLiteral("/usr/bin/imcopy"), {file + QStringLiteral("[1]"), copy}, &message,
                                     nullptr, &iCpu);
        if (i < 0) {
            out << message << '\n';
            return false;
        }
        QByteArray json;
        const double a0 = timeProcess(QStringLiteral("/usr/bin/python3"),
                                      {script, file, QStringLiteral("--repeat"), QStringLiteral("2"), QStringLiteral("--no-map")},
                                      &message, &json);
        double a = -1, aCpu = -1;
        if (a0 >= 0) {
            const QJsonObject o = QJsonDocument::fromJson(json.trimmed().split('\n').last()).object();
            a = o.value(QStringLiteral("best_ms")).toDouble(-1);
            aCpu = o.value(QStringLiteral("best_cpu_ms")).toDouble(-1);
        }
        f.cliCpu.push_back(cCpu);
        f.imcopyCpu.push_back(iCpu);
        if (aCpu > 0)
            f.astropyCpu.push_back(aCpu);
        f.cli.push_back(c);
        f.imcopy.push_back(i);
        f.cliOverImcopy.push_back(c / i);
        if (a > 0) {
            f.astropy.push_back(a);
            f.astropyOverCli.push_back(a / c);
        }
        out << QStringLiteral("round %1: cli %2 ms (CPU %3), imcopy %4 ms (CPU %5), astropy %6\n")
                   .arg(round + 1)
                   .arg(c, 0, 'f', 1)
                   .arg(cCpu, 0, 'f', 0)
                   .arg(i, 0, 'f', 1)
                   .arg(iCpu, 0, 'f', 0)
                   .arg(a > 0 ? QStringLiteral("%1 ms (CPU %2)").arg(a, 0, 'f', 1).arg(aCpu, 0, 'f', 0)
                              : QStringLiteral("not measured (%1)").arg(message));
        out.flush();
    }
    out << "load after: " << loadAverage() << '\n';
    out << QStringLiteral("medians over %1 rounds: jsoc-cli preview %2 ms, imcopy %3 ms, astropy %4 ms\n")
               .arg(rounds)
               .arg(medianOf(f.cli), 0, 'f', 1)
               .arg(medianOf(f.imcopy), 0, 'f', 1)
               .arg(medianOf(f.astropy), 0, 'f', 1);
    out << QStringLiteral("CPU medians (user + system): jsoc-cli preview %1 ms, imcopy %2 ms, astropy in-process %3 ms\n")
               .arg(medianOf(f.cliCpu), 0, 'f', 0)
               .arg(medianOf(f.imcopyCpu), 0, 'f', 0)
               .arg(medianOf(f.astropyCpu), 0, 'f', 0);
    const double overImcopy = medianOf(f.cliOverImcopy);
    out << QStringLiteral("cli / imcopy = %1 (median of per-round ratios; goal <= 1.5): %2\n")
               .arg(overImcopy, 0, 'f', 2)
               .arg(overImcopy <= 1.5 ? QStringLiteral("ok") : QStringLiteral("MISSED"));
    if (!f.astropy.empty()) {
        const double speedup = medianOf(f.astropyOverCli);
        out << QStringLiteral("astropy / cli = %1 (median of per-round ratios; goal >= 3): %2\n")
                   .arg(speedup, 0, 'f', 2)
                   .arg(speedup >= 3.0 ? QStringLiteral("ok") : QStringLiteral("MISSED"));
    }
    return true;
}

// Frames/s of `frames` paths played through FitsFramePlayer, each frame rendered on arrival.
bool runPlayback(const QStringList &paths, int frameSide, QTextStream &out)
{
    FitsFramePlayer player;
    player.setFps(60.0); // its top speed: the decoder sets the pace
    player.setLoop(false);
    player.setDecodeMaxSide(frameSide);
    player.setFrames(fits::FitsFrameSet::fromFiles(paths), 0);
    std::vector<qint64> arrivals;
    QElapsedTimer clock;
    QString failure;
    int width = 0;
    QObject::connect(&player, &FitsFramePlayer::frameReady, &player,
                     [&](int, const QString &, std::shared_ptr<const fits::FitsImage> image) {
                         // What the preview widget does with each frame on the GUI thread.
                         fits::Limits limits{image->stats.min, image->stats.max};
                         const QImage picture = fits::FitsRenderer::renderIndices(*image, fits::StretchSpec{}, limits);
                         width = picture.width();
                         arrivals.push_back(clock.nsecsElapsed());
                     });
    QObject::connect(&player, &FitsFramePlayer::frameFailed, &player, [&](const QString &m) { failure = m; });
    QObject::connect(&player, &FitsFramePlayer::playingChanged, &player, [](bool playing) {
        if (!playing)
            QCoreApplication::quit();
    });
    QTimer::singleShot(0, &player, [&] {
        clock.start();
        player.play();
    });
    QTimer::singleShot(600000, &player, [] { QCoreApplication::quit(); });
    const QString loadBefore = loadAverage();
    const double cpuBefore = cpuMs(RUSAGE_SELF);
    QCoreApplication::exec();
    const double cpuPerFrame = (cpuMs(RUSAGE_SELF) - cpuBefore) / double(std::max<std::size_t>(1, arrivals.size()));
    if (!failure.isEmpty()) {
        out << "playback failed: " << failure << '\n';
        return false;
    }
    if (arrivals.size() < 4) {
        out << "playback: only " << arrivals.size() << " frames arrived\n";
        return false;
    }
    // The first two frames pay the start (nothing decoded ahead yet); the rest is the sustained rate.
    const double seconds = double(arrivals.back() - arrivals[1]) / 1e9;
    const double fps = double(arrivals.size() - 2) / seconds;
    std::vector<double> gaps;
    for (std::size_t i = 2; i < arrivals.size(); ++i)
        gaps.push_back(double(arrivals[i] - arrivals[i - 1]) / 1e6);
    std::sort(gaps.begin(), gaps.end());
    out << QStringLiteral("playback: %1 frames (shown %2 px wide, decode side %3), sustained %4 frames/s; "
                          "gap median %5 ms, worst %6 ms (goal >= 10 frames/s): %7\n")
               .arg(arrivals.size())
               .arg(width)
               .arg(frameSide > 0 ? QString::number(frameSide) : QStringLiteral("full"))
               .arg(fps, 0, 'f', 1)
               .arg(medianOf(gaps), 0, 'f', 1)
               .arg(gaps.back(), 0, 'f', 1)
               .arg(fps >= 10.0 ? QStringLiteral("ok") : QStringLiteral("MISSED"));
    out << QStringLiteral("playback CPU: %1 ms per frame (decode + render, all threads): at most %2 frames/s on two idle cores\n")
               .arg(cpuPerFrame, 0, 'f', 0)
               .arg(2000.0 / cpuPerFrame, 0, 'f', 1);
    out << "load before / after playback: " << loadBefore << " / " << loadAverage() << '\n';
    return true;
}

// Frames/s of `paths` played through the real FITS window: what a user sees when pressing play.
bool runWindowPlayback(const QStringList &paths, const QSize &windowSize, QTextStream &out)
{
    ui::FitsPreviewWindow window;
    window.setAttribute(Qt::WA_DeleteOnClose, false); // on the stack
    window.resize(windowSize);
    window.show();
    FitsFramePlayer *player = window.player();
    FitsPreviewWidget *preview = window.preview();
    QSignalSpy loaded(preview, &FitsPreviewWidget::loaded);
    window.openFrames(paths);
    QElapsedTimer waited;
    waited.start();
    while ((loaded.isEmpty() || player->count() < paths.size()) && waited.elapsed() < 120000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    if (player->count() < paths.size()) {
        out << "window playback: the window did not take the frames\n";
        return false;
    }
    player->setFps(60.0); // the top speed: the decoder sets the pace
    player->setLoop(false);
    std::vector<qint64> arrivals;
    int shownWidth = 0;
    QElapsedTimer clock;
    QString failure;
    // Connected after the window's own slot: the preview has rendered the frame when this runs.
    QObject::connect(player, &FitsFramePlayer::frameReady, &window, [&](int, const QString &, std::shared_ptr<const fits::FitsImage>) {
        if (!player->isPlaying())
            return;
        shownWidth = preview->image()->width;
        arrivals.push_back(clock.nsecsElapsed());
    });
    QObject::connect(player, &FitsFramePlayer::frameFailed, &window, [&](const QString &m) { failure = m; });
    bool stopped = false;
    QObject::connect(player, &FitsFramePlayer::playingChanged, &window, [&](bool playing) { stopped = !playing; });
    const QString loadBefore = loadAverage();
    const double cpuBefore = cpuMs(RUSAGE_SELF);
    clock.start();
    player->play();
    while (!stopped && clock.elapsed() < 600000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    const double cpuPerFrame = (cpuMs(RUSAGE_SELF) - cpuBefore) / double(std::max<std::size_t>(1, arrivals.size()));
    if (!failure.isEmpty() || arrivals.size() < 4) {
        out << "window playback failed: " << (failure.isEmpty() ? QStringLiteral("too few frames") : failure) << '\n';
        return false;
    }
    const double seconds = double(arrivals.back() - arrivals[1]) / 1e9;
    const double fps = double(arrivals.size() - 2) / seconds;
    std::vector<double> gaps;
    for (std::size_t i = 2; i < arrivals.size(); ++i)
        gaps.push_back(double(arrivals[i] - arrivals[i - 1]) / 1e6);
    std::sort(gaps.begin(), gaps.end());
    FitsImageView *view = preview->imageView();
    out << QStringLiteral("window playback: %1 frames in a %2×%3 view (decode side %4, shown %5 px wide), sustained %6 "
                          "frames/s; gap median %7 ms, worst %8 ms (goal >= 10 frames/s): %9\n")
               .arg(arrivals.size())
               .arg(view->width())
               .arg(view->height())
               .arg(player->playbackDecodeSide())
               .arg(shownWidth)
               .arg(fps, 0, 'f', 1)
               .arg(medianOf(gaps), 0, 'f', 1)
               .arg(gaps.back(), 0, 'f', 1)
               .arg(fps >= 10.0 ? QStringLiteral("ok") : QStringLiteral("MISSED"));
    out << QStringLiteral("window playback CPU: %1 ms per frame (decode, render, view; all threads): at most %2 frames/s on two idle cores\n")
               .arg(cpuPerFrame, 0, 'f', 0)
               .arg(2000.0 / cpuPerFrame, 0, 'f', 1);
    out << "load before / after window playback: " << loadBefore << " / " << loadAverage() << '\n';
    // Paused: the frame on screen comes back at full size.
    while (preview->image()->width == shownWidth && waited.elapsed() < 600000 && shownWidth > 0)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    out << "window paused: frame shown " << preview->image()->width << " px wide\n";
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    int size = 4096, rounds = 5, frames = 30, distinct = 3, frameSide = 1024;
    bool playback = true, processes = true, windowPlayback = true;
    QSize windowSize(1300, 820);
    QString file;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == QLatin1String("--size"))
            size = args.value(++i).toInt();
        else if (a == QLatin1String("--rounds"))
            rounds = std::max(1, args.value(++i).toInt());
        else if (a == QLatin1String("--file"))
            file = args.value(++i);
        else if (a == QLatin1String("--frames"))
            frames = std::max(4, args.value(++i).toInt());
        else if (a == QLatin1String("--distinct"))
            distinct = std::max(1, args.value(++i).toInt());
        else if (a == QLatin1String("--frame-side"))
            frameSide = std::max(0, args.value(++i).toInt());
        else if (a == QLatin1String("--skip-playback"))
            playback = false;
        else if (a == QLatin1String("--skip-processes"))
            processes = false;
        else if (a == QLatin1String("--write-file")) {
            QString error;
            if (!sim::FitsFactory::writeSolarImage(args.value(++i), size, &error)) {
                QTextStream(stderr) << error << '\n';
                return 1;
            }
            return 0;
        } else if (a == QLatin1String("--skip-window"))
            windowPlayback = false;
        else if (a == QLatin1String("--window-size")) {
            const QStringList wh = args.value(++i).split(QLatin1Char('x'));
            windowSize = QSize(wh.value(0).toInt(), wh.value(1).toInt()).expandedTo(QSize(400, 300));
        }
    }
    QTextStream out(stdout);
    QTemporaryDir dir;
    if (!dir.isValid()) {
        out << "no temporary folder\n";
        return 1;
    }
    if (file.isEmpty()) {
        file = dir.filePath(QStringLiteral("solar.fits"));
        QString error;
        if (!sim::FitsFactory::writeSolarImage(file, size, &error)) {
            out << "cannot write the test image: " << error << '\n';
            return 1;
        }
        out << "generated " << size << "x" << size << " int16 RICE_1 image (" << QFileInfo(file).size() / 1024 << " KiB)\n";
    }
    out << "cores: " << sysconf(_SC_NPROCESSORS_ONLN) << '\n';
    out.flush();
    bool ok = true;
    if (processes)
        ok = runProcesses(file, dir.path(), rounds, out) && ok;
    if (playback) {
        // A few distinct frames (different observation times, so different noise), repeated by hard links.
        QStringList sources{file};
        for (int k = 1; k < distinct; ++k) {
            sim::SolarImageSpec spec;
            spec.series = QStringLiteral("aia.lev1_euv_12s");
            spec.recordSpec = QStringLiteral("aia.lev1_euv_12s[2012-01-01T00:%1:00Z][171]").arg(k, 2, 10, QLatin1Char('0'));
            const QString path = dir.filePath(QStringLiteral("source-%1.fits").arg(k));
            QString error;
            if (!sim::FitsFactory::writeSolarImage(path, size, spec, &error)) {
                out << "cannot write frame " << k << ": " << error << '\n';
                return 1;
            }
            sources << path;
        }
        QStringList paths;
        for (int i = 0; i < frames; ++i) {
            const QString path = dir.filePath(QStringLiteral("frame-%1.fits").arg(i, 3, 10, QLatin1Char('0')));
            if (::link(QFile::encodeName(sources[i % sources.size()]).constData(), QFile::encodeName(path).constData()) != 0
                && !QFile::copy(sources[i % sources.size()], path)) {
                out << "cannot make " << path << '\n';
                return 1;
            }
            paths << path;
        }
        ok = runPlayback(paths, frameSide, out) && ok;
        out.flush();
        if (windowPlayback)
            ok = runWindowPlayback(paths, windowSize, out) && ok;
    }
    out.flush();
    return ok ? 0 : 1;
}

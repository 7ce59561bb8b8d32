#include "app/cli/fits/MovieCommand.h"

#include "model/fits/ColourMap.h"
#include "model/fits/FitsFrameSet.h"
#include "model/fits/FrameSequenceExport.h"
#include "model/fits/MovieWriter.h"

#include "app/cli/shared/ExitCode.h"
#include "app/cli/shared/HelpOption.h"

#include <QDir>
#include <QFileInfo>

#include <cstdio>

#include <unistd.h>

namespace {

const char kMovieUsage[] =
    "usage: jsoc-cli movie FILES... -o|--out NAME.mp4|NAME.gif|DIR/ [--diff running|base|ratio] [--base N]\n"
    "       [--align] [--exptime] [--fps N] [--size PX] [--cmap auto|NAME] [--limits LO,HI] [--clip C]\n"
    "       [--scale S] [--force]\n";
const char kMovieHelp[] =
    "Makes a movie of FITS frames (sorted by observation time, solar north up), with every frame drawn\n"
    "with the same limits: those of the first frame written, or --limits LO,HI (data units).\n"
    "  --out NAME.mp4   H.264 through ffmpeg (MPEG-4 part 2 if ffmpeg has no libx264)\n"
    "  --out NAME.gif   an animated GIF with a palette made for the movie\n"
    "  --out DIR/       numbered PNGs DIR/0001.png, 0002.png, ... (no ffmpeg needed)\n"
    "  --diff running   frame i minus frame i-1 (one frame fewer); --diff base: frame i minus the base\n"
    "                   frame (--base N, 1-based, default 1); --diff ratio: frame i / the base frame.\n"
    "                   Limits are symmetric about 0 (about 1 for ratios); the default colour map\n"
    "                   is gray (mid grey: no change); --cmap bwr is blue-white-red.\n"
    "  --align          resample onto the base's (running: this frame's) grid by WCS, for frames whose\n"
    "                   pointing or roll differs\n"
    "  --exptime        divide each frame by its EXPTIME first (when both frames have one)\n"
    "  --fps N          frames per second (default 10); --size PX: longest side (default full size)\n"
    "Writes NAME.part.mp4 (.gif) and renames it when ffmpeg succeeds; an existing NAME or DIR/0001.png\n"
    "is replaced only with --force. ffmpeg: sudo apt install ffmpeg.\n";

bool movieNumber(const QStringList &args, int *i, double minimum, double *value)
{
    if (*i + 1 >= args.size())
        return false;
    bool ok = false;
    *value = args[++*i].toDouble(&ok);
    return ok && *value >= minimum;
}

// The terminal's one progress line (nothing when stderr is a pipe or a file).
class MovieProgressLine
{
public:
    MovieProgressLine()
        : m_shown(isatty(fileno(stderr)) == 1)
    {
    }
    ~MovieProgressLine() { clear(); }
    void show(int done, int total)
    {
        if (!m_shown)
            return;
        std::fprintf(stderr, "\rmovie: frame %d of %d\x1b[K", done, total);
        std::fflush(stderr);
        m_drawn = true;
    }
    void clear()
    {
        if (m_drawn)
            std::fputs("\r\x1b[K", stderr);
        m_drawn = false;
    }

private:
    bool m_shown = false;
    bool m_drawn = false;
};

} // namespace

int runMovieCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (cli::wantsHelp(args)) {
        out << kMovieUsage << kMovieHelp;
        out.flush();
        return cli::Ok;
    }
    fits::FrameSequenceSpec spec;
    QStringList files;
    bool force = false;
    int base = 1;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        const bool hasValue = i + 1 < args.size();
        double number = 0;
        if ((a == QLatin1String("--out") || a == QLatin1String("-o")) && hasValue) {
            spec.output = args[++i];
        } else if (a == QLatin1String("--diff") && hasValue) {
            if (!fits::FrameDifference::parseMode(args[++i], &spec.compare.mode) || spec.compare.mode == fits::FrameMode::Normal) {
                err << "movie: unknown --diff '" << args[i] << "'; use running, base or ratio\n";
                return cli::UsageError;
            }
        } else if (a == QLatin1String("--base")) {
            if (!movieNumber(args, &i, 1, &number)) {
                err << "movie: --base needs a frame number (1 is the first)\n";
                return cli::UsageError;
            }
            base = int(number);
        } else if (a == QLatin1String("--fps")) {
            if (!movieNumber(args, &i, 0.1, &spec.fps) || spec.fps > 120) {
                err << "movie: --fps needs a number of frames per second from 0.1 to 120\n";
                return cli::UsageError;
            }
        } else if (a == QLatin1String("--size")) {
            if (!movieNumber(args, &i, 2, &number)) {
                err << "movie: --size needs the longest side in pixels (2 or more)\n";
                return cli::UsageError;
            }
            spec.maxSize = int(number);
        } else if (a == QLatin1String("--cmap") && hasValue) {
            spec.colourMap = args[++i].toLower();
            if (spec.colourMap != QLatin1String("auto") && !fits::ColourMap::exists(spec.colourMap)) {
                err << "movie: unknown --cmap '" << args[i] << "'; use auto or one of "
                    << fits::ColourMap::names().join(QStringLiteral(", ")) << '\n';
                return cli::UsageError;
            }
        } else if (a == QLatin1String("--limits") && hasValue) {
            const QStringList parts = args[++i].split(QLatin1Char(','));
            bool okLow = false, okHigh = false;
            if (parts.size() == 2) {
                spec.limits.low = parts[0].toDouble(&okLow);
                spec.limits.high = parts[1].toDouble(&okHigh);
            }
            if (!okLow || !okHigh || !(spec.limits.high > spec.limits.low)) {
                err << "movie: --limits needs LO,HI with LO < HI (data units), e.g. --limits -50,50\n";
                return cli::UsageError;
            }
            spec.hasLimits = true;
        } else if (a == QLatin1String("--clip") && hasValue) {
            if (!fits::ClipSpec::parse(args[++i], &spec.clip)) {
                err << "movie: unknown --clip '" << args[i] << "'; use minmax, zscale or a percentage such as 99.5\n";
                return cli::UsageError;
            }
        } else if (a == QLatin1String("--scale") && hasValue) {
            if (!fits::StretchSpec::parse(args[++i], &spec.stretch)) {
                err << "movie: unknown --scale '" << args[i] << "'; use one of "
                    << fits::StretchSpec::names().join(QStringLiteral(", ")) << '\n';
                return cli::UsageError;
            }
        } else if (a == QLatin1String("--align")) {
            spec.compare.alignByWcs = true;
        } else if (a == QLatin1String("--exptime")) {
            spec.compare.normaliseExposure = true;
        } else if (a == QLatin1String("--force")) {
            force = true;
        } else if (a.startsWith(QLatin1String("-")) && a != QLatin1String("-")) {
            err << "movie: unknown option or missing value: " << a << '\n' << kMovieUsage;
            return cli::UsageError;
        } else {
            files << a;
        }
    }
    if (files.isEmpty() || spec.output.isEmpty()) {
        err << "movie: FILES and --out are required\n" << kMovieUsage;
        return cli::UsageError;
    }
    const bool pngs = fits::FrameSequenceExport::isPngFolder(spec.output);
    if (!pngs && fits::MovieWriter::ffmpegPath().isEmpty()) {
        err << "movie: " << fits::MovieWriter::missingFfmpegMessage()
            << " (or give --out DIR/ for numbered PNGs)\n";
        return cli::LocalFailure;
    }
    if (pngs && !spec.output.endsWith(QLatin1Char('/')) && !QFileInfo(spec.output).isDir()
        && !QFileInfo(spec.output).suffix().isEmpty()) {
        err << "movie: --out " << spec.output << ": a movie is NAME.mp4 or NAME.gif, numbered PNGs go to DIR/\n";
        return cli::UsageError;
    }
    for (const QString &f : files) {
        if (!QFileInfo(f).isFile()) {
            err << "movie: " << f << ": no such file\n";
            return cli::LocalFailure;
        }
    }
    const fits::FitsFrameSet set = fits::FitsFrameSet::fromFiles(files);
    spec.paths = set.paths();
    if (base > spec.paths.size()) {
        err << "movie: --base " << base << " but there are only " << spec.paths.size() << " frames\n";
        return cli::UsageError;
    }
    spec.base = base - 1;

    const int total = int(fits::FrameSequenceExport::framesOf(spec).size());
    const QString existing = pngs ? QDir(spec.output).filePath(fits::FrameSequenceExport::pngName(0, total)) : spec.output;
    if (QFileInfo::exists(existing) && !force) {
        err << "movie: " << existing << " exists; use --force to replace it\n";
        return cli::LocalFailure;
    }

    MovieProgressLine progress;
    const fits::FrameSequenceOutcome outcome =
        fits::FrameSequenceExport::run(spec, [&progress](int done, int all) {
            progress.show(done, all);
            return true;
        });
    progress.clear();
    if (!outcome.ok()) {
        err << "movie: " << outcome.error << '\n';
        return cli::LocalFailure;
    }
    out << "wrote " << spec.output << ": " << outcome.frames << " frames, " << outcome.size.width() << " x "
        << outcome.size.height() << ", " << outcome.codec;
    if (!pngs)
        out << ", " << spec.fps << " fps";
    out << ", " << fits::FrameDifference::modeName(spec.compare.mode) << ", limits [" << outcome.limits.low << ", "
        << outcome.limits.high << "], colour map " << outcome.colourMap;
    if (!outcome.notes.isEmpty())
        out << " (" << outcome.notes.join(QStringLiteral("; ")) << ')';
    out << '\n';
    out.flush();
    return cli::Ok;
}

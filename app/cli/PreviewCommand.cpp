#include "PreviewCommand.h"

#include "model/ColourMap.h"
#include "model/FitsLoader.h"
#include "model/FitsPreview.h"

namespace {

const char kUsage[] = "usage: jsoc-cli preview FILE --out PNG [--scale linear|log|sqrt|asinh|power|histeq]\n"
                      "       [--clip minmax|99|99.5|99.9|zscale|LOW:HIGH] [--cmap auto|gray|NAME] [--invert]\n"
                      "       [--size N] [--hdu N] [--slice N]\n";

bool takeInt(const QStringList &args, int *i, int minimum, int *value)
{
    if (*i + 1 >= args.size())
        return false;
    bool ok = false;
    *value = args[++*i].toInt(&ok);
    return ok && *value >= minimum;
}

} // namespace

int runPreviewCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QString file;
    QString png;
    fits::PreviewOptions options;
    fits::FitsLoadOptions load;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--out") && hasValue) {
            png = args[++i];
        } else if (a == QLatin1String("--scale") && hasValue) {
            if (!fits::StretchSpec::parse(args[++i], &options.stretch)) {
                err << "preview: unknown --scale '" << args[i] << "'; use one of "
                    << fits::StretchSpec::names().join(QStringLiteral(", ")) << '\n';
                return 2;
            }
        } else if (a == QLatin1String("--clip") && hasValue) {
            if (!fits::ClipSpec::parse(args[++i], &options.clip)) {
                err << "preview: unknown --clip '" << args[i] << "'; use minmax, zscale, a percentage such as 99.5, "
                    << "or LOW:HIGH\n";
                return 2;
            }
        } else if (a == QLatin1String("--cmap") && hasValue) {
            options.colourMap = args[++i];
            if (fits::FitsPreview::resolveColourMap({}, options.colourMap).isEmpty()) {
                err << "preview: unknown --cmap '" << options.colourMap << "'; use auto or one of "
                    << fits::ColourMap::names().join(QStringLiteral(", ")) << '\n';
                return 2;
            }
        } else if (a == QLatin1String("--size")) {
            if (!takeInt(args, &i, 1, &options.maxSize)) {
                err << "preview: --size needs a positive number of pixels\n";
                return 2;
            }
        } else if (a == QLatin1String("--hdu")) {
            if (!takeInt(args, &i, 0, &load.hdu)) {
                err << "preview: --hdu needs a number (0 is the primary HDU)\n";
                return 2;
            }
        } else if (a == QLatin1String("--slice")) {
            if (!takeInt(args, &i, 0, &load.slice)) {
                err << "preview: --slice needs a plane number (0 is the first)\n";
                return 2;
            }
        } else if (a == QLatin1String("--invert")) {
            options.invert = true;
        } else if (a.startsWith(QLatin1String("--"))) {
            err << "preview: unknown option or missing value: " << a << '\n' << kUsage;
            return 2;
        } else if (file.isEmpty()) {
            file = a;
        } else {
            err << "preview: only one FILE may be given\n" << kUsage;
            return 2;
        }
    }
    if (file.isEmpty() || png.isEmpty()) {
        err << "preview: FILE and --out PNG are required\n" << kUsage;
        return 2;
    }

    const fits::FitsLoadResult loaded = fits::FitsLoader::load(file, load);
    if (!loaded.ok()) {
        err << "preview: " << file << ": " << loaded.error << '\n';
        return 1;
    }
    const fits::PreviewResult picture = fits::FitsPreview::render(loaded.image, options);
    if (!picture.ok()) {
        err << "preview: " << file << ": " << picture.error << '\n';
        return 1;
    }
    if (!picture.image.save(png, "PNG")) {
        err << "preview: cannot write " << png << " (check the folder exists and is writable)\n";
        return 1;
    }
    out << "wrote " << png << ": " << picture.image.width() << " x " << picture.image.height() << ", HDU "
        << loaded.image.hduIndex << ", " << options.stretch.name() << ", clip " << options.clip.name() << " ["
        << picture.limits.low << ", " << picture.limits.high << "], colour map " << picture.colourMap << '\n';
    out.flush();
    return 0;
}

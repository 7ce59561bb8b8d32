#include "model/exports/ProcessingSteps.h"

#include <QRegularExpression>

namespace jsoc {
namespace {

using Kind = ProcessingField::Kind;

QStringList words(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *w : list)
        out.append(QLatin1String(w));
    return out;
}

ProcessingField field(const char *key, const char *label, Kind kind, const char *defaultValue = "",
                      QStringList choices = {})
{
    ProcessingField f;
    f.key = QLatin1String(key);
    // Labels are UTF-8 source text ("90° east"); keys and values are ASCII words.
    f.label = QString::fromUtf8(label);
    f.kind = kind;
    f.defaultValue = QLatin1String(defaultValue);
    f.choices = kind == Kind::Flag ? words({"0", "1"}) : std::move(choices);
    return f;
}

ProcessingField optional(ProcessingField f)
{
    f.required = false;
    return f;
}

ProcessingField within(ProcessingField f, double lowest, double highest)
{
    f.lowest = lowest;
    f.highest = highest;
    return f;
}

// im_patch and hg_patch place and size their box the same way (im_patch.c's arguments).
QList<ProcessingField> patchFields()
{
    return {optional(field("t_ref", "Reference time", Kind::Time)),
            // im_patch.c: the flag t "Disable[s] Carrington rate tracking"; the export page sends t=0
            // when its "track" box is ticked. So t=1 is a box fixed on the disk.
            field("t", "No tracking (t=1 keeps the box fixed on the disk)", Kind::Flag, "0"),
            field("r", "Register to sub-pixel (r=1)", Kind::Flag, "0"),
            field("c", "Off-limb pixels to NaN (c=1)", Kind::Flag, "0"),
            field("locunits", "Centre units", Kind::Choice, "arcsec", words({"arcsec", "pixels", "stony", "carrlong"})),
            field("boxunits", "Box units", Kind::Choice, "arcsec", words({"arcsec", "pixels", "degrees"})),
            field("x", "Centre x", Kind::Number),
            field("y", "Centre y", Kind::Number),
            // 100000 (pixels, arcsec or degrees) guards against typos; JSOC states no limit.
            within(field("width", "Width", Kind::PositiveNumber), 0, 100000),
            within(field("height", "Height", Kind::PositiveNumber), 0, 100000),
            optional(field("t_start", "Start time (default: as the record set, or 90° east)", Kind::Time)),
            optional(field("t_stop", "Stop time (default: as the record set, or 90° west)", Kind::Time)),
            optional(field("cadence", "Cadence (e.g. 720s; default: the series' own)", Kind::Duration)),
            optional(within(field("car_rot", "Carrington rotation (for locunits=carrlong)", Kind::Integer), 1, 100000))};
}

// im_patch, jsoc_rebin and export_as_maproj process the first segment of each record unless the
// flag A is given; JSOC's page sends A=1 after HmiB2ptr, whose Bp, Bt, Br must all be processed.
ProcessingField allSegments()
{
    return optional(field("A", "All segments, not only the first (A=1)", Kind::Flag));
}

// The three AIA scaling steps take the same optional arguments: the export page adds a master
// pointing table and a cutout (pixels, centred on the Sun, at most 4096 a side) to whichever of
// the three it sends. xc, yc: the page refuses |value| > 4096.
QList<ProcessingField> aiaScaleFields()
{
    return {optional(field("mpt", "Master pointing table (default: the image's own keywords)", Kind::Choice, "",
                           words({"aia.master_pointing3h", "sdo.master_pointing", "aia_test.master_pointing3h",
                                  "lm_jps.master_pointing3h"}))),
            optional(within(field("xc", "Cutout centre x (pixels from Sun centre)", Kind::Number), -4096, 4096)),
            optional(within(field("yc", "Cutout centre y (pixels from Sun centre)", Kind::Number), -4096, 4096)),
            optional(within(field("wide", "Cutout width (pixels)", Kind::Integer), 1, 4096)),
            optional(within(field("high", "Cutout height (pixels)", Kind::Integer), 1, 4096))};
}

QList<ProcessingStepSpec> makeSpecs()
{
    QList<ProcessingStepSpec> specs;
    specs.append({QStringLiteral("aia_scale_aialev1"), QStringLiteral("AIA level 1 to 0.6\"/pixel (aia_scale_aialev1)"),
                  QStringLiteral("Scales AIA level-1 images (aia.lev1_euv_12s, aia.lev1_uv_24s, aia.lev1_vis_1h) to "
                                 "0.6 arcsec per pixel, solar north up; optionally a cutout."),
                  aiaScaleFields()});
    specs.append({QStringLiteral("aia_scale_orig"), QStringLiteral("aia.lev1 to level 1.5 (aia_scale_orig)"),
                  QStringLiteral("Scales aia.lev1 images to 0.6 arcsec per pixel, north up, as aia.lev1p5 records "
                                 "(for the series aia.lev1 only)."),
                  aiaScaleFields()});
    specs.append({QStringLiteral("aia_scale_other"), QStringLiteral("Other images to 0.6\"/pixel (aia_scale_other)"),
                  QStringLiteral("Scales helioprojective images of series that are not AIA level 1 to 0.6 arcsec per "
                                 "pixel, north up; optionally a cutout."),
                  aiaScaleFields()});
    specs.append({QStringLiteral("HmiB2ptr"), QStringLiteral("HMI field to Bp, Bt, Br (HmiB2ptr)"),
                  QStringLiteral("Turns hmi.B_720s field, inclination and azimuth into the spherical components Bp, Bt "
                                 "and Br (for hmi.B_720s only)."),
                  {field("l", "Also latitude and longitude maps (l=1)", Kind::Flag, "1"),
                   field("ambweak", "Disambiguation of weak fields", Kind::Choice, "2", words({"0", "1", "2"})),
                   optional(field("e", "Also the errors Bp_err, Bt_err, Br_err (e=1)", Kind::Flag))}});
    specs.append({QStringLiteral("resize"), QStringLiteral("Register and rescale (resize)"),
                  QStringLiteral("Moves the Sun to the image centre and turns north up; with rescale=1 also changes the "
                                 "plate scale to scale_to arcsec per pixel."),
                  {field("regrid", "Interpolation (1 bicubic, 0 nearest)", Kind::Choice, "1", words({"1", "0"})),
                   field("center_to", "Centre on (0 Sun centre, 1 first image, 2 no change)", Kind::Choice, "0",
                         words({"0", "1", "2"})),
                   field("rescale", "Change the plate scale (rescale=1)", Kind::Flag, "0"),
                   // 0.01 to 3600 arcsec per pixel: a guard against typos, not JSOC's limit.
                   optional(within(field("scale_to", "New plate scale (arcsec per pixel; 0.6 for AIA level 1.5)",
                                         Kind::PositiveNumber),
                                   0.01, 3600)),
                   field("c", "Crop outside the limb (c=1)", Kind::Flag, "0"),
                   field("do_stretchmarks", "Replicate pixels instead of missing values (1)", Kind::Flag, "0")}});
    specs.append({QStringLiteral("im_patch"), QStringLiteral("Cutout (im_patch)"),
                  QStringLiteral("Cuts a box around a point, following it with solar rotation unless t=1. Give t_ref, "
                                 "or car_rot with locunits=carrlong."),
                  patchFields() << allSegments()});
    specs.append({QStringLiteral("Maproj"), QStringLiteral("Map projection (Maproj)"),
                  QStringLiteral("Remaps the images to a heliographic map of cols x rows pixels centred on clon, clat."),
                  {field("map", "Projection", Kind::Choice, "carree",
                         words({"carree", "cyleqa", "orthographic", "Postel", "Cassini", "Mercator", "sineqa", "gnomonic",
                                "stereographic", "Lambert"})),
                   optional(within(field("grid", "Grid overlay spacing (degrees)", Kind::PositiveNumber), 0, 180)),
                   within(field("clon", "Centre Carrington longitude (degrees)", Kind::Number), 0, 360),
                   within(field("clat", "Centre latitude (degrees)", Kind::Number), -90, 90),
                   within(field("scale", "Map scale (degrees per pixel)", Kind::PositiveNumber), 0, 180),
                   // 65536 is a guard against typos, not a limit JSOC states.
                   within(field("cols", "Columns", Kind::Integer), 1, 65536),
                   within(field("rows", "Rows", Kind::Integer), 1, 65536),
                   allSegments()}});
    specs.append({QStringLiteral("rebin"), QStringLiteral("Rebin"),
                  QStringLiteral("Changes the pixel count by a whole factor: scale 0.25 gives four times fewer pixels a "
                                 "side (jsoc_rebin rounds 1/scale, or scale above 1, to a whole number)."),
                  {field("method", "Method", Kind::Choice, "boxcar", words({"boxcar", "gaussian"})),
                   // 1/4096 leaves one pixel of a 4096 image, 16 makes it 65536 a side: beyond
                   // either is a typo (guards, not JSOC's limits).
                   within(field("scale", "Scale factor", Kind::PositiveNumber, "0.5"), 1.0 / 4096, 16),
                   optional(within(field("FWHM", "Gaussian FWHM (pixels; method=gaussian)", Kind::PositiveNumber), 0, 4096)),
                   optional(within(field("nvector", "Gaussian vector length (method=gaussian)", Kind::Integer), 1, 4096)),
                   optional(field("c", "Crop at the limb first (c=1)", Kind::Flag)),
                   optional(field("u", "Leave upside-down images as they are (u=1)", Kind::Flag)),
                   allSegments()}});
    specs.append({QStringLiteral("hg_patch"), QStringLiteral("Heliographic patch (hg_patch)"),
                  QStringLiteral("Cuts a tracked box from a series prepared for it (JSOC's older export page; drms does "
                                 "not offer it, and a record limit does not work with it)."),
                  patchFields()});
    return specs;
}

// A step name is a word; anything else is a typo or an attempt to smuggle text into `process`.
bool isStepName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z][A-Za-z0-9_]*$"));
    return re.match(name).hasMatch();
}

} // namespace

const ProcessingField *ProcessingStepSpec::field(const QString &key) const
{
    for (const ProcessingField &f : fields)
        if (f.key == key)
            return &f;
    return nullptr;
}

QString ProcessingStep::value(const QString &key) const
{
    for (const auto &a : args)
        if (a.first == key)
            return a.second;
    return {};
}

bool ProcessingStep::has(const QString &key) const
{
    return !value(key).trimmed().isEmpty();
}

void ProcessingStep::setValue(const QString &key, const QString &value)
{
    for (auto &a : args)
        if (a.first == key) {
            a.second = value;
            return;
        }
    args.append({key, value});
}

const QList<ProcessingStepSpec> &processingStepSpecs()
{
    static const QList<ProcessingStepSpec> specs = makeSpecs();
    return specs;
}

const ProcessingStepSpec *processingStepSpec(const QString &name)
{
    for (const ProcessingStepSpec &s : processingStepSpecs())
        if (s.name == name)
            return &s;
    return nullptr;
}

ProcessingStep defaultProcessingStep(const QString &name)
{
    ProcessingStep step;
    step.name = name;
    if (const ProcessingStepSpec *spec = processingStepSpec(name))
        for (const ProcessingField &f : spec->fields)
            step.args.append({f.key, f.defaultValue});
    return step;
}

QString processingText(const QList<ProcessingStep> &steps)
{
    QStringList parts;
    for (const ProcessingStep &s : steps) {
        QString part = s.name.trimmed();
        for (const auto &a : s.args)
            if (!a.second.trimmed().isEmpty())
                part += QLatin1Char(',') + a.first + QLatin1Char('=') + a.second.trimmed();
        if (!part.isEmpty()) // a nameless step without values would read back as nothing
            parts.append(part);
    }
    return parts.join(QLatin1Char('|'));
}

QList<ProcessingStep> parseProcessingText(const QString &text)
{
    QList<ProcessingStep> steps;
    for (const QString &part : text.split(QLatin1Char('|'))) {
        if (part.trimmed().isEmpty())
            continue;
        const QStringList items = part.split(QLatin1Char(','));
        ProcessingStep step;
        step.name = items.first().trimmed();
        for (qsizetype i = 1; i < items.size(); ++i)
            step.args.append({items[i].section(QLatin1Char('='), 0, 0).trimmed(), items[i].section(QLatin1Char('='), 1)});
        steps.append(step);
    }
    return steps;
}

QStringList processingTextProblems(const QString &text)
{
    QStringList problems;
    if (text.trimmed().isEmpty())
        return problems;
    const QStringList parts = text.split(QLatin1Char('|'));
    for (qsizetype n = 0; n < parts.size(); ++n) {
        const QStringList items = parts[n].split(QLatin1Char(','));
        const QString name = items.first().trimmed();
        if (parts[n].trimmed().isEmpty()) {
            problems.append(QStringLiteral("Processing step %1 is empty (two '|' in a row, or one at an end). Remove the extra '|'.")
                                .arg(n + 1));
            continue;
        }
        if (!isStepName(name)) {
            problems.append(QStringLiteral("Processing step %1 starts with \"%2\", which is not a step name. Start each step "
                                           "with its name, e.g. rebin,method=boxcar,scale=0.5.")
                                .arg(n + 1)
                                .arg(name));
            continue;
        }
        QStringList seen;
        for (qsizetype i = 1; i < items.size(); ++i) {
            const QString item = items[i].trimmed();
            const QString key = item.section(QLatin1Char('='), 0, 0).trimmed();
            if (item.isEmpty())
                problems.append(QStringLiteral("%1 has an empty argument (two ',' in a row, or one at the end). Remove the extra ','.")
                                    .arg(name));
            else if (!item.contains(QLatin1Char('=')))
                problems.append(QStringLiteral("%1: \"%2\" has no value; write it as name=value, e.g. %2=1.").arg(name, item));
            else if (key.isEmpty())
                problems.append(QStringLiteral("%1: \"%2\" has no argument name before '='.").arg(name, item));
            else if (seen.contains(key))
                problems.append(QStringLiteral("%1 gives the argument %2 twice; keep one.").arg(name, key));
            seen.append(key);
        }
    }
    return problems;
}

} // namespace jsoc

#include "model/exports/ExportOptionsCheck.h"

#include "model/drms/DrmsTime.h"
#include "model/drms/RecordSetSpec.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace jsoc {
namespace {

using Kind = ProcessingField::Kind;

ProcessingField field(const char *key, const char *label, Kind kind, const char *defaultValue = "",
                      QStringList choices = {})
{
    ProcessingField f;
    f.key = QLatin1String(key);
    f.label = QLatin1String(label);
    f.kind = kind;
    f.defaultValue = QLatin1String(defaultValue);
    f.choices = std::move(choices);
    return f;
}

QList<ProcessingStepSpec> makeSpecs()
{
    const QStringList flags{QStringLiteral("0"), QStringLiteral("1")};
    QList<ProcessingStepSpec> specs;
    specs.append({QStringLiteral("im_patch"), QStringLiteral("Cutout (im_patch)"),
                  QStringLiteral("Cuts a box around a point, optionally following solar rotation from a reference time."),
                  {field("t_ref", "Reference time", Kind::Time),
                   field("t", "No tracking (t=1)", Kind::Flag, "0", flags),
                   field("r", "Register (r=1)", Kind::Flag, "0", flags),
                   field("c", "NaN off the limb (c=1)", Kind::Flag, "0", flags),
                   field("locunits", "Centre units", Kind::Choice, "arcsec",
                         {QStringLiteral("arcsec"), QStringLiteral("pixels"), QStringLiteral("stony"),
                          QStringLiteral("carrlong")}),
                   field("boxunits", "Box units", Kind::Choice, "arcsec",
                         {QStringLiteral("arcsec"), QStringLiteral("pixels"), QStringLiteral("degrees")}),
                   field("x", "Centre x", Kind::Number), field("y", "Centre y", Kind::Number),
                   field("width", "Width", Kind::PositiveNumber), field("height", "Height", Kind::PositiveNumber)}});
    specs.append({QStringLiteral("rebin"), QStringLiteral("Rebin"),
                  QStringLiteral("Changes the pixel count by a scale factor (0.25 = four times fewer pixels a side)."),
                  {field("scale", "Scale factor", Kind::PositiveNumber, "0.5"),
                   field("method", "Method", Kind::Choice, "boxcar", {QStringLiteral("boxcar"), QStringLiteral("gaussian")})}});
    specs.append({QStringLiteral("resize"), QStringLiteral("Resize"),
                  QStringLiteral("Regrids to a plate scale in arcsec per pixel, centred on the disk."),
                  {field("scale", "Arcsec per pixel", Kind::PositiveNumber, "0.6"),
                   field("rescale", "Rescale (1)", Kind::Flag, "1", flags),
                   field("regridtype", "Interpolation", Kind::Choice, "bicubic",
                         {QStringLiteral("bicubic"), QStringLiteral("nearest")}),
                   field("crop", "Crop to the disk (1)", Kind::Flag, "0", flags)}});
    specs.append({QStringLiteral("aia_scale_aialev1"), QStringLiteral("AIA to level 1.5 (aia_scale_aialev1)"),
                  QStringLiteral("Registers AIA level-1 images to 0.6 arcsec pixels, solar north up (AIA only)."), {}});
    specs.append({QStringLiteral("aia_scale_orig"), QStringLiteral("AIA, original scale (aia_scale_orig)"),
                  QStringLiteral("Rotates AIA images north up keeping the original pixel scale (AIA only)."), {}});
    specs.append({QStringLiteral("aia_scale_other"), QStringLiteral("AIA, chosen scale (aia_scale_other)"),
                  QStringLiteral("Registers AIA images to a plate scale you choose (AIA only)."),
                  {field("scale", "Arcsec per pixel", Kind::PositiveNumber, "0.6")}});
    return specs;
}

// JSOC refuses ';' anywhere and an odd number of single quotes in any value (protocol §3.8).
QString illegalText(const QString &what, const QString &value)
{
    if (value.contains(QLatin1Char(';')))
        return QStringLiteral("%1 contains ';', which JSOC refuses. Remove it.").arg(what);
    if (value.count(QLatin1Char('\'')) % 2 != 0)
        return QStringLiteral("%1 has an unmatched single quote ('), which JSOC refuses.").arg(what);
    return {};
}

std::optional<double> number(const QString &text)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return std::nullopt;
    return v;
}

} // namespace

QString ProcessingStep::value(const QString &key) const
{
    for (const auto &a : args)
        if (a.first == key)
            return a.second;
    return {};
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

QStringList checkProcessingStep(const ProcessingStep &step, const QString &series)
{
    QStringList problems;
    const ProcessingStepSpec *spec = processingStepSpec(step.name);
    if (!spec) {
        problems.append(QStringLiteral("Unknown processing step \"%1\". Choose one from the list.").arg(step.name));
        return problems;
    }
    if (step.name.startsWith(QLatin1String("aia_scale")) && !series.isEmpty()
        && !series.startsWith(QLatin1String("aia."), Qt::CaseInsensitive))
        problems.append(QStringLiteral("%1 works on AIA series only; %2 is not one. Remove the step.").arg(step.name, series));
    for (const auto &arg : step.args)
        if (!std::any_of(spec->fields.cbegin(), spec->fields.cend(), [&](const ProcessingField &f) { return f.key == arg.first; }))
            problems.append(QStringLiteral("%1 has no argument \"%2\".").arg(step.name, arg.first));
    for (const ProcessingField &f : spec->fields) {
        const QString v = step.value(f.key).trimmed();
        const QString what = QStringLiteral("%1: %2").arg(step.name, f.label);
        if (v.isEmpty()) {
            if (f.required)
                problems.append(QStringLiteral("%1 is needed.").arg(what));
            continue;
        }
        if (v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('|')) || v.contains(QLatin1Char('='))) {
            problems.append(QStringLiteral("%1 may not contain ',', '|' or '=' (they separate the arguments).").arg(what));
            continue;
        }
        switch (f.kind) {
        case Kind::Number:
            if (!number(v))
                problems.append(QStringLiteral("%1 must be a number, not \"%2\".").arg(what, v));
            break;
        case Kind::PositiveNumber:
            if (const auto n = number(v); !n || *n <= 0)
                problems.append(QStringLiteral("%1 must be a number above 0, not \"%2\".").arg(what, v));
            break;
        case Kind::Flag:
        case Kind::Choice:
            if (!f.choices.contains(v))
                problems.append(QStringLiteral("%1 must be one of %2, not \"%3\".").arg(what, f.choices.join(QStringLiteral(", ")), v));
            break;
        case Kind::Time: {
            QString error;
            if (!drms::parseTime(v, &error))
                problems.append(QStringLiteral("%1 is not a time JSOC reads (%2). Write e.g. 2014-01-01T00:00:00.").arg(what, error));
            break;
        }
        }
    }
    return problems;
}

QString processingText(const QList<ProcessingStep> &steps)
{
    QStringList parts;
    for (const ProcessingStep &s : steps) {
        QString part = s.name;
        for (const auto &a : s.args)
            if (!a.second.trimmed().isEmpty())
                part += QLatin1Char(',') + a.first + QLatin1Char('=') + a.second.trimmed();
        parts.append(part);
    }
    return parts.join(QLatin1Char('|'));
}

QList<ProcessingStep> parseProcessingText(const QString &text)
{
    QList<ProcessingStep> steps;
    for (const QString &part : text.split(QLatin1Char('|'), Qt::SkipEmptyParts)) {
        const QStringList items = part.split(QLatin1Char(','));
        ProcessingStep step;
        step.name = items.first().trimmed();
        for (qsizetype i = 1; i < items.size(); ++i)
            step.args.append({items[i].section(QLatin1Char('='), 0, 0).trimmed(), items[i].section(QLatin1Char('='), 1)});
        steps.append(step);
    }
    return steps;
}

const QStringList &colourTables()
{
    static const QStringList tables{
        QStringLiteral("grey.sao"),    QStringLiteral("heat.sao"),     QStringLiteral("bb.sao"),
        QStringLiteral("HMI_mag.lut"), QStringLiteral("aia_mixed"),    QStringLiteral("aia_94.lut"),
        QStringLiteral("aia_131.lut"), QStringLiteral("aia_171.lut"),  QStringLiteral("aia_193.lut"),
        QStringLiteral("aia_211.lut"), QStringLiteral("aia_304.lut"),  QStringLiteral("aia_335.lut"),
        QStringLiteral("aia_1600.lut"), QStringLiteral("aia_1700.lut"), QStringLiteral("aia_4500.lut")};
    return tables;
}

const QStringList &imageScalings()
{
    static const QStringList scalings{QStringLiteral("MINMAX"), QStringLiteral("MINMAXGIVEN"), QStringLiteral("LOG"),
                                      QStringLiteral("SQRT"), QStringLiteral("mag")};
    return scalings;
}

bool isImageProtocol(const QString &protocol)
{
    return protocol == QLatin1String("jpg") || protocol == QLatin1String("mpg") || protocol == QLatin1String("mp4");
}

QString protocolText(const QString &protocol, const ImageProtocolOptions &image)
{
    if (!isImageProtocol(protocol))
        return protocol;
    QString text = QStringLiteral("%1,CT=%2,scaling=%3,size=%4").arg(protocol, image.colourTable, image.scaling).arg(image.size);
    if (image.scaling == QLatin1String("MINMAXGIVEN"))
        text += QStringLiteral(",min=%1,max=%2").arg(image.min.trimmed(), image.max.trimmed());
    return text;
}

QStringList checkImageProtocol(const ImageProtocolOptions &image)
{
    QStringList problems;
    if (!colourTables().contains(image.colourTable))
        problems.append(QStringLiteral("Unknown colour table \"%1\". Choose one from the list.").arg(image.colourTable));
    if (!imageScalings().contains(image.scaling))
        problems.append(QStringLiteral("Unknown scaling \"%1\". Choose one from the list.").arg(image.scaling));
    if (image.size < 1)
        problems.append(QStringLiteral("Image size must be 1 (full resolution) or more (shrink by that factor)."));
    if (image.scaling == QLatin1String("MINMAXGIVEN")) {
        const auto lo = number(image.min);
        const auto hi = number(image.max);
        if (!lo || !hi)
            problems.append(QStringLiteral("Scaling MINMAXGIVEN needs numeric minimum and maximum values."));
        else if (*lo >= *hi)
            problems.append(QStringLiteral("The minimum (%1) must be below the maximum (%2).").arg(image.min, image.max));
    }
    return problems;
}

QString checkEmailSyntax(const QString &email)
{
    const QString e = email.trimmed();
    if (e.isEmpty())
        return QStringLiteral("JSOC needs an e-mail address registered for exports. Enter yours.");
    static const QRegularExpression re(QStringLiteral(R"(^[^@\s,;'"]+@[^@\s,;'"]+\.[^@\s,;'".]+$)"));
    if (!re.match(e).hasMatch())
        return QStringLiteral("\"%1\" does not look like an e-mail address (name@example.org).").arg(e);
    return {};
}

QString checkRequestId(const QString &requestId)
{
    static const QRegularExpression re(QStringLiteral(R"(^JSOC_\d{8}_\d+(_IN|_X_IN)?$)"));
    const QString id = requestId.trimmed();
    if (id.isEmpty())
        return QStringLiteral("Enter a JSOC request id, e.g. JSOC_20140101_123.");
    if (!re.match(id).hasMatch())
        return QStringLiteral("\"%1\" is not a JSOC request id; they look like JSOC_20140101_123.").arg(id);
    return {};
}

QStringList checkFilenameFormat(const QString &format)
{
    QStringList problems;
    if (format.isEmpty())
        return problems; // the server's default
    if (format.contains(QLatin1Char('/')) || format.contains(QLatin1Char('\\')))
        problems.append(QStringLiteral("The file-name format may not contain '/' or '\\'."));
    int depth = 0;
    int fields = 0;
    qsizetype open = -1;
    for (qsizetype i = 0; i < format.size(); ++i) {
        if (format[i] == QLatin1Char('{')) {
            if (depth++ > 0)
                break;
            open = i;
        } else if (format[i] == QLatin1Char('}')) {
            if (--depth < 0)
                break;
            if (format.mid(open + 1, i - open - 1).section(QLatin1Char(':'), 0, 0).trimmed().isEmpty()) {
                problems.append(QStringLiteral("The file-name format has an empty field {} at position %1.").arg(open + 1));
                return problems;
            }
            ++fields;
        }
    }
    if (depth != 0)
        problems.append(QStringLiteral("The file-name format has unbalanced braces; every {field} needs its closing }."));
    else if (fields == 0)
        problems.append(QStringLiteral("The file-name format has no {field}, so every file would get the same name. "
                                       "Add e.g. {segment} or {recnum}."));
    if (const QString bad = illegalText(QStringLiteral("The file-name format"), format); !bad.isEmpty())
        problems.append(bad);
    return problems;
}

QStringList checkExportOptions(const ExportRequestOptions &options)
{
    QStringList problems;
    const QString ds = options.recordSet.trimmed();
    if (ds.isEmpty()) {
        problems.append(QStringLiteral("There is no record set to export."));
    } else {
        drms::RecordSetParseError error;
        if (!drms::parseRecordSet(ds, &error))
            problems.append(QStringLiteral("The record set cannot be read: %1 (at character %2).").arg(error.message).arg(error.position + 1));
        if (const QString bad = illegalText(QStringLiteral("The record set"), ds); !bad.isEmpty())
            problems.append(bad);
    }
    if (const QString e = checkEmailSyntax(options.notify); !e.isEmpty())
        problems.append(e);
    static const QStringList methods{QStringLiteral("url_quick"), QStringLiteral("url"), QStringLiteral("url-tar")};
    if (!methods.contains(options.method))
        problems.append(QStringLiteral("Unknown method \"%1\"; use url_quick, url or url-tar.").arg(options.method));
    const QString base = options.protocol.section(QLatin1Char(','), 0, 0);
    static const QStringList protocols{QStringLiteral("as-is"), QStringLiteral("fits"), QStringLiteral("jpg"),
                                       QStringLiteral("mpg"), QStringLiteral("mp4")};
    if (!protocols.contains(base))
        problems.append(QStringLiteral("Unknown protocol \"%1\"; use as-is, fits, jpg, mpg or mp4.").arg(base));
    if (options.limit < 0)
        problems.append(QStringLiteral("The record limit cannot be negative (0 means all records)."));
    problems.append(checkFilenameFormat(options.filenameFormat));
    if (!options.processing.isEmpty()) {
        if (options.method == QLatin1String("url_quick"))
            problems.append(QStringLiteral("Processing steps need the method url or url-tar: a quick export sends the files as stored."));
        QString series;
        if (const auto spec = drms::parseRecordSet(ds); spec && !spec->subsets.isEmpty())
            series = spec->subsets.first().series;
        QStringList seen;
        for (const ProcessingStep &step : parseProcessingText(options.processing)) {
            if (seen.contains(step.name))
                problems.append(QStringLiteral("The step %1 appears twice; keep one.").arg(step.name));
            seen.append(step.name);
            problems.append(checkProcessingStep(step, series));
        }
    }
    for (const QString &value : {options.notify, options.protocol, options.requester})
        if (const QString bad = illegalText(QStringLiteral("\"%1\"").arg(value), value); !bad.isEmpty())
            problems.append(bad);
    return problems;
}

QString addressCheckAdvice(const QString &email, const AddressCheck &check)
{
    switch (check.status) {
    case 2:
        return {};
    case 3:
        return QStringLiteral("The registration of %1 is still pending: JSOC has sent a confirmation e-mail. Answer it "
                              "(follow its instructions), then check the address again.")
            .arg(email);
    case 4:
        return QStringLiteral("%1 is not registered for JSOC exports. Register it at "
                              "http://jsoc.stanford.edu/ajax/register_email.html, answer the confirmation e-mail, then "
                              "check again.")
            .arg(email);
    case -2:
        return QStringLiteral("JSOC says \"%1\" is not a valid e-mail address (%2). Correct it.").arg(email, check.message);
    default:
        return QStringLiteral("JSOC could not check %1 (status %2: %3). Try again later.")
            .arg(email)
            .arg(check.status)
            .arg(check.message.isEmpty() ? QStringLiteral("no message") : check.message);
    }
}

} // namespace jsoc

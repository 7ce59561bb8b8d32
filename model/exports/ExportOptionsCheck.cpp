#include "model/exports/ExportOptionsCheck.h"

#include "model/drms/RecordSetSpec.h"

#include <QRegularExpression>

#include <cmath>
#include <optional>

namespace jsoc {
namespace {

// JSOC refuses ';' anywhere and an odd number of single quotes in any value (protocol §3.8).
QString illegalText(const QString &what, const QString &value)
{
    if (value.contains(QLatin1Char(';')))
        return QStringLiteral("%1 contains ';', which JSOC refuses. Remove it.").arg(what);
    if (value.count(QLatin1Char('\'')) % 2 != 0)
        return QStringLiteral("%1 has an unmatched single quote ('), which JSOC refuses.").arg(what);
    return {};
}

} // namespace

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
        const auto lo = finiteNumber(image.min);
        const auto hi = finiteNumber(image.max);
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
    if (!options.processing.trimmed().isEmpty()) {
        if (options.method == QLatin1String("url_quick"))
            problems.append(QStringLiteral("Processing steps need the method url or url-tar: a quick export sends the files as stored."));
        QString series;
        if (const auto spec = drms::parseRecordSet(ds); spec && !spec->subsets.isEmpty())
            series = spec->subsets.first().series;
        problems.append(processingTextProblems(options.processing));
        problems.append(checkProcessingChain(parseProcessingText(options.processing), series, options.limit));
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

#include "sim/ExportDeskFormat.h"

#include <QRegularExpression>

namespace sim {
namespace {

// Minimal printf for integer formats JSOC users write: %d %ld %lld %5d %05d %s.
QString printfInt(const QString &fmt, qint64 value)
{
    static const QRegularExpression re(QStringLiteral(R"(^%(0?)(\d*)(?:ll|l|h)?[diu]$)"));
    const auto m = re.match(fmt);
    if (!m.hasMatch())
        return QString::number(value);
    const int width = m.captured(2).toInt();
    const QChar fill = m.captured(1).isEmpty() ? QLatin1Char(' ') : QLatin1Char('0');
    return QStringLiteral("%1").arg(value, width, 10, fill);
}

QString primeKeyValue(const SimRecord &record, const QString &name, bool *found)
{
    for (const auto &kv : record.primeKeys) {
        if (kv.first.compare(name, Qt::CaseInsensitive) == 0) {
            *found = true;
            return kv.second;
        }
    }
    *found = false;
    return {};
}

} // namespace

QByteArray ExportDeskFormat::str(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out.append('"');
    for (char c : utf8) {
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '/': out.append("\\/"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out.append(QByteArray("\\u00") + QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0'));
            else
                out.append(c);
        }
    }
    out.append('"');
    return out;
}

QByteArray ExportDeskFormat::num(qint64 value)
{
    return QByteArray::number(value);
}

QByteArray ExportDeskFormat::compact(const Fields &fields)
{
    QByteArray out("{");
    for (int i = 0; i < fields.size(); ++i) {
        if (i)
            out.append(',');
        out.append('"').append(fields[i].first).append("\":").append(fields[i].second);
    }
    out.append("}\n");
    return out;
}

QHash<QString, QString> ExportDeskFormat::parseForm(const QByteArray &encoded)
{
    QHash<QString, QString> out;
    auto decode = [](QByteArray part) {
        part.replace('+', ' ');
        return QString::fromUtf8(QByteArray::fromPercentEncoding(part));
    };
    for (const QByteArray &pair : encoded.split('&')) {
        if (pair.isEmpty())
            continue;
        const int eq = pair.indexOf('=');
        const QString name = decode(eq < 0 ? pair : pair.left(eq));
        const QString value = eq < 0 ? QString() : decode(pair.mid(eq + 1));
        if (!out.contains(name))
            out.insert(name, value); // first occurrence wins, like cmdparams
    }
    return out;
}

bool ExportDeskFormat::looksLikeTime(const QString &value)
{
    static const QRegularExpression re(QStringLiteral(R"(^\d{4}[.-]\d{1,2}[.-]\d{1,2}([_T ]|$))"));
    return re.match(value).hasMatch();
}

QString ExportDeskFormat::defaultFilenameFmt(const QString &series, const SimRecord &sample)
{
    QStringList parts{series};
    for (const auto &kv : sample.primeKeys)
        parts.append(looksLikeTime(kv.second) ? QStringLiteral("{%1:A}").arg(kv.first) : QStringLiteral("{%1}").arg(kv.first));
    if (sample.primeKeys.isEmpty())
        parts.append(QStringLiteral("{recnum:%lld}"));
    parts.append(QStringLiteral("{segment}"));
    return parts.join(QLatin1Char('.'));
}

QString ExportDeskFormat::expandFilename(const QString &fmt, const QString &series, const SimRecord &record,
                                         const QString &segmentFile, int counter)
{
    static const QRegularExpression field(QStringLiteral(R"(\{([^{}:]+)(?::([^{}]*))?\})"));
    QString out;
    qsizetype pos = 0;
    auto it = field.globalMatch(fmt);
    while (it.hasNext()) {
        const auto m = it.next();
        out += fmt.mid(pos, m.capturedStart() - pos);
        pos = m.capturedEnd();
        const QString name = m.captured(1).trimmed();
        const QString spec = m.captured(2).trimmed();
        if (name.compare(QLatin1String("seriesname"), Qt::CaseInsensitive) == 0) {
            out += series;
        } else if (name.compare(QLatin1String("recnum"), Qt::CaseInsensitive) == 0) {
            out += spec.isEmpty() ? QString::number(record.recnum) : printfInt(spec, record.recnum);
        } else if (name.compare(QLatin1String("segment"), Qt::CaseInsensitive) == 0) {
            out += segmentFile;
        } else if (name == QLatin1String("#")) {
            out += spec.isEmpty() ? QString::number(counter) : printfInt(spec, counter);
        } else {
            bool found = false;
            QString value = primeKeyValue(record, name, &found);
            if (!found) {
                out += QStringLiteral("NA");
                continue;
            }
            if (spec.startsWith(QLatin1Char('A'))) {
                value.remove(QLatin1Char('.')).remove(QLatin1Char(':'));
            } else if (spec.startsWith(QLatin1Char('D'))) {
                value.replace(QLatin1Char(':'), QLatin1Char('@'));
            } else if (spec.startsWith(QLatin1Char('%'))) {
                bool ok = false;
                const qint64 n = value.toLongLong(&ok);
                if (ok)
                    value = printfInt(spec, n);
            }
            out += value;
        }
    }
    out += fmt.mid(pos);
    return out;
}

QString ExportDeskFormat::segmentFileName(const SimSegment &segment)
{
    // aia.lev1_euv_12s links its "image" segment to aia.lev1, whose stored file is image_lev1.fits
    // (real index.json: "aia.lev1_euv_12s.2010-07-30T133009Z.193.image_lev1.fits").
    if (segment.protocol.startsWith(QLatin1String("link")) && segment.name == QLatin1String("image"))
        return QStringLiteral("image_lev1.fits");
    // As JsocInfo::segmentFileName: only FITS segments are NAME.fits; a generic one (hmi.v_sht_modes's
    // mode tables) keeps its own name, so a client can tell it is no image before fetching it.
    const QString p = segment.protocol.toLower();
    if (!p.isEmpty() && p != QLatin1String("fits") && p != QLatin1String("fitz") && !p.startsWith(QLatin1String("link")))
        return segment.name;
    return segment.name + QStringLiteral(".fits");
}

} // namespace sim

#include "model/fitsfile/FitsCompressionCheck.h"

#include "model/fitsfile/FitsFileLog.h"
#include "model/fitsfile/VisibleText.h"
#include "model/fitsfile/FitsStructure.h"

#include <QStringList>

namespace fits {
namespace {

constexpr int kMaxCompressedAxes = 6;               // cfitsio's MAX_COMPRESS_DIM
constexpr qint64 kMaxTilePixels = qint64(1) << 28;  // cfitsio allocates a whole tile of int
constexpr qint64 kMaxAxis = (qint64(1) << 31) - 1;  // cfitsio keeps tile lengths in an int
constexpr int kDitherTable = 10000;                 // entries in cfitsio's dither random table

QString integerText(const FitsHduLayout &hdu, const char *key)
{
    const std::optional<QByteArray> v = hdu.value(key);
    return v ? QString::fromLatin1(*v) : QStringLiteral("(missing)");
}

// A variable-length array column format: rPt(max) or rQt(max), e.g. 1PB(190).
bool isVariableLength(const QByteArray &form)
{
    const QByteArray f = form.trimmed().toUpper();
    int i = 0;
    while (i < f.size() && f[i] >= '0' && f[i] <= '9')
        ++i;
    return i < f.size() && (f[i] == 'P' || f[i] == 'Q');
}

QString why(const FitsHduLayout &hdu)
{
    static const QStringList types = {QStringLiteral("RICE_1"), QStringLiteral("RICE_ONE"), QStringLiteral("GZIP_1"),
                                      QStringLiteral("GZIP_2"), QStringLiteral("PLIO_1"), QStringLiteral("HCOMPRESS_1"),
                                      QStringLiteral("NOCOMPRESS")};
    const QString type = QString::fromLatin1(hdu.value("ZCMPTYPE").value_or(QByteArray())).trimmed().toUpper();
    if (!types.contains(type))
        return QStringLiteral("ZCMPTYPE = '%1', a compression it does not know").arg(type);
    const std::optional<qint64> zbitpix = hdu.integer("ZBITPIX");
    if (!zbitpix || (*zbitpix != 8 && *zbitpix != 16 && *zbitpix != 32 && *zbitpix != 64 && *zbitpix != -32 && *zbitpix != -64))
        return QStringLiteral("ZBITPIX = %1").arg(integerText(hdu, "ZBITPIX"));
    const std::optional<qint64> znaxis = hdu.integer("ZNAXIS");
    if (!znaxis || *znaxis < 1 || *znaxis > kMaxCompressedAxes)
        return QStringLiteral("ZNAXIS = %1 (1 to %2 axes)").arg(integerText(hdu, "ZNAXIS")).arg(kMaxCompressedAxes);
    qint64 tiles = 1, tilePixels = 1;
    for (int i = 1; i <= *znaxis; ++i) {
        const QByteArray axisKey = "ZNAXIS" + QByteArray::number(i), tileKey = "ZTILE" + QByteArray::number(i);
        const std::optional<qint64> axis = hdu.integer(axisKey);
        if (!axis || *axis < 1 || *axis > kMaxAxis)
            return QStringLiteral("%1 = %2").arg(QString::fromLatin1(axisKey), integerText(hdu, axisKey.constData()));
        // cfitsio's defaults when ZTILEn is absent: whole rows.
        const qint64 tile = hdu.value(tileKey) ? hdu.integer(tileKey).value_or(0) : (i == 1 ? *axis : 1);
        if (tile < 1)
            return QStringLiteral("%1 = %2").arg(QString::fromLatin1(tileKey), integerText(hdu, tileKey.constData()));
        if (tile > *axis)
            return QStringLiteral("%1 = %2, larger than %3 = %4")
                .arg(QString::fromLatin1(tileKey)).arg(tile).arg(QString::fromLatin1(axisKey)).arg(*axis);
        tilePixels *= tile; // both factors <= 2^31 and the running product is capped below
        if (tilePixels > kMaxTilePixels)
            return QStringLiteral("tiles of more than %1 pixels").arg(kMaxTilePixels);
        tiles *= (*axis + tile - 1) / tile;
        if (tiles > kMaxAxis)
            return QStringLiteral("more than %1 tiles").arg(kMaxAxis);
    }
    const qint64 rows = hdu.naxis >= 2 ? hdu.naxes[1] : 0;
    if (rows != tiles)
        return QStringLiteral("%1 tiles but NAXIS2 = %2 table rows").arg(tiles).arg(rows);
    const std::optional<qint64> fields = hdu.integer("TFIELDS");
    if (!fields || *fields < 1 || *fields > 999)
        return QStringLiteral("TFIELDS = %1").arg(integerText(hdu, "TFIELDS"));
    bool dataColumn = false;
    for (int i = 1; i <= *fields && !dataColumn; ++i) {
        const QByteArray name = hdu.value("TTYPE" + QByteArray::number(i)).value_or(QByteArray()).trimmed().toUpper();
        if (name == "COMPRESSED_DATA" || name == "GZIP_COMPRESSED_DATA")
            dataColumn = isVariableLength(hdu.value("TFORM" + QByteArray::number(i)).value_or(QByteArray()));
    }
    if (!dataColumn)
        return QStringLiteral("no variable-length COMPRESSED_DATA column");
    if (hdu.naxis < 1 || (rows > 0 && hdu.naxes[0] < 8))
        return QStringLiteral("table rows of %1 bytes, too short for a tile descriptor").arg(hdu.naxis >= 1 ? hdu.naxes[0] : 0);
    if (type.startsWith(QLatin1String("RICE"))) {
        // ZVAL1 is the block size: cfitsio divides by it, and reads past its buffer for large
        // ones (ZVAL1 = 100000, found by fuzzing); the convention names 16 and 32 only.
        if (hdu.value("ZVAL1")) {
            const qint64 block = hdu.integer("ZVAL1").value_or(0);
            if (block != 16 && block != 32)
                return QStringLiteral("a Rice block size ZVAL1 = %1 (16 or 32)").arg(integerText(hdu, "ZVAL1"));
        }
        if (hdu.value("ZVAL2") && hdu.value("ZNAME2").value_or(QByteArray()).trimmed().toUpper() == "BYTEPIX") {
            const qint64 bytes = hdu.integer("ZVAL2").value_or(0);
            if (bytes != 1 && bytes != 2 && bytes != 4 && bytes != 8)
                return QStringLiteral("ZVAL2 = %1 bytes per pixel").arg(integerText(hdu, "ZVAL2"));
        }
    }
    if (const std::optional<QByteArray> q = hdu.value("ZQUANTIZ")) {
        const QByteArray name = q->trimmed().toUpper();
        if (name != "NO_DITHER" && name != "SUBTRACTIVE_DITHER_1" && name != "SUBTRACTIVE_DITHER_2" && name != "NONE")
            return QStringLiteral("ZQUANTIZ = '%1'").arg(QString::fromLatin1(name));
    }
    if (hdu.value("ZDITHER0")) {
        const qint64 seed = hdu.integer("ZDITHER0").value_or(0);
        if (seed < 1 || seed > kDitherTable)
            return QStringLiteral("ZDITHER0 = %1 (1 to %2)").arg(integerText(hdu, "ZDITHER0")).arg(kDitherTable);
    }
    return {};
}

} // namespace

bool FitsCompressionCheck::isCompressedImage(const FitsHduLayout &hdu)
{
    return hdu.xtension == "BINTABLE" && hdu.logical("ZIMAGE").value_or(false);
}

QString FitsCompressionCheck::problem(const FitsHduLayout &hdu)
{
    if (!isCompressedImage(hdu))
        return {};
    const QString reason = why(hdu);
    if (reason.isEmpty())
        return {};
    // The reason quotes header values: their control bytes are shown as escapes.
    const QString sentence = QStringLiteral("HDU %1 is a tile-compressed image with %2; cfitsio cannot read it")
                                 .arg(hdu.index).arg(visibleText(reason));
    // Debug: the caller refuses the file in words; the log ties the refusal to this check.
    qCDebug(lcFitsFile).noquote() << QStringLiteral("compressed image refused before cfitsio: %1").arg(sentence);
    return sentence;
}

} // namespace fits

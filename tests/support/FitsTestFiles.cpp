#include "support/FitsTestFiles.h"

#include "model/fitsfile/FitsStructure.h"

#include <QFile>

#include <fitsio.h>

#include <vector>

namespace testsupport {

QString writeCompressedFits(const QString &path, int compression, int bitpix, const char *extraPrimaryKey)
{
    QFile::remove(path);
    fitsfile *f = nullptr;
    int status = 0;
    fits_create_diskfile(&f, QFile::encodeName(path).constData(), &status);
    fits_create_img(f, SHORT_IMG, 0, nullptr, &status);
    if (extraPrimaryKey) {
        int yes = 1;
        fits_write_key(f, TLOGICAL, extraPrimaryKey, &yes, "", &status);
    }
    fits_set_compression_type(f, compression, &status);
    long axes[2] = {64, 48};
    fits_create_img(f, bitpix, 2, axes, &status);
    // cfitsio compresses only data written in the image's own type.
    std::vector<float> values(64 * 48);
    std::vector<short> shorts(64 * 48);
    for (std::size_t i = 0; i < values.size(); ++i) {
        values[i] = float(i % 300) * 0.37f;
        shorts[i] = short(i % 300);
    }
    if (bitpix == FLOAT_IMG)
        fits_write_img(f, TFLOAT, 1, LONGLONG(values.size()), values.data(), &status);
    else
        fits_write_img(f, TSHORT, 1, LONGLONG(shorts.size()), shorts.data(), &status);
    fits_close_file(f, &status);
    return status == 0 ? path : QString();
}

QByteArray withFitsCard(QByteArray bytes, const QByteArray &key, const QByteArray &value)
{
    const fits::FitsStructure s = fits::FitsStructure::scanBytes(bytes);
    if (s.hdus.size() < 2)
        return {};
    for (qint64 at = s.hdus[1].headerStart; at < s.hdus[1].dataStart; at += 80) {
        if (fits::FitsStructure::keywordOf(QByteArrayView(bytes).sliced(at, 80)) == key) {
            const QByteArray card = (key.leftJustified(8) + "= " + value.rightJustified(20)).leftJustified(80);
            bytes.replace(at, 80, card);
            return bytes;
        }
    }
    return {};
}

QByteArray readFileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString writeFileBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size() ? path : QString();
}

} // namespace testsupport

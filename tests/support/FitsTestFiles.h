#pragma once

#include <QByteArray>
#include <QString>

// Small FITS files for tests, written by cfitsio itself, and one-card edits of them: the hostile
// files (a tile-compressed image with ZTILE1 = 0, ...) are made from good ones by the tests,
// never committed as blobs.
namespace testsupport {

// An empty primary HDU and one tile-compressed 64 × 48 image. `compression` is a cfitsio
// compression code (RICE_1, GZIP_1, ...), `bitpix` an image type (SHORT_IMG, FLOAT_IMG: float
// images are quantised and dithered). Returns the path, empty on failure.
QString writeCompressedFits(const QString &path, int compression, int bitpix, const char *extraPrimaryKey = nullptr);

// `bytes` with the value of `key` in HDU 1's header replaced by `value` (the card is rewritten);
// empty when the file has no HDU 1 or no such card.
QByteArray withFitsCard(QByteArray bytes, const QByteArray &key, const QByteArray &value);

QByteArray readFileBytes(const QString &path);
// Returns the path, empty on failure.
QString writeFileBytes(const QString &path, const QByteArray &bytes);

} // namespace testsupport

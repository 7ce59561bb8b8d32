#pragma once

#include <QByteArray>

// Whole-file containers the way other tools write them, for the FITS corpus: Unix compress(1)
// (.Z, an LZW encoder written here: Debian's ncompress is not needed), a one-member PKZIP archive
// and bzip2 (libbz2). cfitsio's imcopy, which reads all three, referees that they are well formed.
namespace testsupport {

// compress(1)'s format with codes up to `maxBits` (9..16) wide, block mode: the table is cleared
// (CLEAR code) whenever it fills, so a small maxBits exercises both widening and CLEAR.
QByteArray unixCompressed(const QByteArray &bytes, int maxBits);
// A zip archive holding `bytes` as its one member `name`, deflated or stored.
QByteArray zipOfOne(const QByteArray &bytes, const QByteArray &name, bool deflate);
// bzip2 with 900 kB blocks, as `bzip2 -9` writes.
QByteArray bzip2Compressed(const QByteArray &bytes);

} // namespace testsupport

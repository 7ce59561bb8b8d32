#pragma once

#include <QStringList>
#include <QTextStream>

// `jsoc-cli preview FILE --out PNG [--scale linear|log|sqrt|asinh|power|histeq]
//   [--clip minmax|99|99.5|99.9|zscale|LOW:HIGH] [--cmap auto|gray|NAME] [--invert] [--size N]
//   [--hdu N] [--slice N] [--force]`
// Renders a FITS image to PNG with the same code as the preview widget (FitsPreview): FITS row 1
// at the bottom, longest side at most N pixels with the aspect kept.
// The PNG never replaces the input file, nor any existing file without --force; it is written to a
// temporary file in the same folder and renamed, so a failed run leaves nothing half-written.
// Exit status: 0 written, 1 the file cannot be read or the PNG cannot be written, 2 usage error.
int runPreviewCommand(const QStringList &args, QTextStream &out, QTextStream &err);

#pragma once

#include <QStringList>
#include <QTextStream>

// `jsoc-cli header FILE [--hdu N]`: prints the header cards of every HDU (or HDU N, 0-based),
// each HDU introduced by a "# HDU n: kind, summary" line. Tile-compressed images are shown as
// the image they hold (BITPIX/NAXISn of the image, not of the table that stores it).
// Exit status: 0 ok, 1 the file cannot be read or has no such HDU, 2 usage error.
int runHeaderCommand(const QStringList &args, QTextStream &out, QTextStream &err);

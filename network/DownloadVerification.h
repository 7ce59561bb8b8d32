#pragma once

#include "model/exports/DownloadQueueItem.h"

#include <QString>

// What "verified" means for a downloaded file (issue 11: "Done" must mean done): its size equals
// the size the server announced and, for a FITS file, model/fitsfile/FitsFileCheck finds it whole and its
// checksums right. A file whose size was never announced is trusted only when its own structure
// proves it whole (FITS); `allowUnknownSize` relaxes that for a body we just received to a
// clean end (HTTP without Content-Length).
namespace jsoc {

struct DownloadVerification {
    bool verified = false;
    QString problem; // in words when not verified

    // Name says FITS (.fits .fit .fts) or the bytes begin like FITS.
    static bool isFitsFile(const QString &path, const QString &targetName);
    // `targetName` is the final file name (the path may be the .part); `announcedSize` -1 = unknown.
    static DownloadVerification check(const QString &path, const QString &targetName, qint64 announcedSize,
                                      bool allowUnknownSize);
    // The one rule for a file recorded as Done (a restart, a resumed export): it is there, has the
    // recorded size and, for FITS, is sound. Never trusted because the record says so.
    static DownloadVerification checkDone(const DownloadItem &item);
};

} // namespace jsoc

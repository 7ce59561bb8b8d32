#pragma once

#include <QString>

// A failed file download as a value. Network-side failures are retried by DownloadJob; local
// ones (LocalFile: disk full, unwritable folder) pause the download until the user acts.
namespace jsoc {

struct DownloadError {
    enum class Kind {
        None,
        Network,      // refused, reset, dropped mid-body (retried)
        Timeout,      // no data for the transfer timeout (retried)
        Http,         // HTTP error status (5xx/408/429 retried, others not)
        SizeMismatch, // the server's bytes do not add up to the expected size
        LocalFile,    // cannot create, write or rename the file (disk full, read-only folder)
        UnsafeName,   // the server's file name was refused
        Cancelled     // paused or cancelled by the user
    };

    Kind kind = Kind::None;
    QString message;
    int httpStatus = 0;

    bool isError() const { return kind != Kind::None; }
    static DownloadError make(Kind kind, const QString &message, int httpStatus = 0)
    {
        return DownloadError{kind, message, httpStatus};
    }
};

} // namespace jsoc

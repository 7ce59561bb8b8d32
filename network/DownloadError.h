#pragma once

#include <QString>

#include <cerrno>
#include <cstring>

// A failed file download as a value. Network-side failures are retried by DownloadJob; local
// ones (LocalFile: disk full, unwritable folder) pause the download until the user acts.
namespace jsoc {

struct DownloadError {
    enum class Kind {
        None,
        Network,      // refused, reset, dropped mid-body (retried)
        Timeout,      // no data for the transfer timeout (retried)
        Http,         // HTTP error status (5xx/408/429 retried, others not)
        SizeMismatch, // the server's bytes do not add up to the expected size, or overran it
        NotVerified,  // the whole file arrived but is not sound (a FITS file that does not check)
        Busy,         // another process kept the file's lock for longer than we wait
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

// Why a file operation failed, in words a user can act on, from the errno it left: a full disk
// reads "the disk is full", never "(Unknown error)".
inline QString fileErrorWords(int errnum)
{
    switch (errnum) {
    case ENOSPC: return QStringLiteral("the disk is full");
    case EDQUOT: return QStringLiteral("the disk quota is used up");
    case EFBIG: return QStringLiteral("the file is larger than this system allows (file size limit)");
    case EROFS: return QStringLiteral("the disk is read-only");
    case EACCES:
    case EPERM: return QStringLiteral("no permission to write there");
    case EIO: return QStringLiteral("the disk reported an input/output error");
    case ENOENT: return QStringLiteral("the folder or file has disappeared");
    case ENOTDIR: return QStringLiteral("a part of the path is not a folder");
    case 0: return QStringLiteral("the write was cut short for an unknown reason");
    default: return QString::fromLocal8Bit(std::strerror(errnum));
    }
}

} // namespace jsoc

#pragma once

#include <QString>

// File names from JSOC are never trusted: these checks decide whether a server-given name may
// become a file in the user's download folder, and build the path only inside that folder.
namespace jsoc {

struct SafeFileName {
    QString name;  // the validated file name (one path component); empty when refused
    QString error; // why it was refused, in words; empty when accepted

    bool isValid() const { return error.isEmpty(); }
};

// Validates a server file name. `serverPath` may be an absolute /SUM… path of a quick export
// (`allowDirectories` true: the last component is taken) or a name relative to the export
// directory (`allowDirectories` false: any '/' or '\' is refused). Always refused: empty names,
// "." and "..", any ".." path component, control bytes (0x00-0x1F, 0x7F), names over 255 bytes,
// and names ending in ".part", ".part.lock" or ".part.json" (our own partial-download files).
SafeFileName checkServerFileName(const QString &serverPath, bool allowDirectories);

// `folder`/`name` when `name` is a single safe component and the result stays inside `folder`
// (after resolving the folder's symbolic links); empty string and `error` set otherwise.
QString pathInsideFolder(const QString &folder, const QString &name, QString *error);

// Local name for a file of a quick (url_quick) export, whose server names are bare segment files
// ("/SUM41/D1/S00010/magnetogram.fits" for every record). Like drms: "<series lower-cased>.<prime
// key values, with . : - removed from time values>.<segment><server extension>", e.g. record
// "hmi.M_45s[2012.01.01_01:01:30_TAI][2]{magnetogram}" → "hmi.m_45s.20120101_010130_TAI.2.magnetogram.fits".
// Empty when the record spec cannot be read. The result still goes through checkServerFileName().
QString quickExportFileName(const QString &record, const QString &serverPath);

} // namespace jsoc

#pragma once

#include "sim/SimRecordSource.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

namespace sim {

// Text helpers of the export desk: JSOC's JSON writer conventions, CGI form decoding and the
// server's file-name format language (filenamefmt).
class ExportDeskFormat final
{
public:
    using Fields = QList<QPair<QByteArray, QByteArray>>; // key → raw JSON value, in emitted order

    // A JSON string the way JSOC's json.c writes it: `/` as `\/`, control characters escaped.
    static QByteArray str(const QString &text);
    static QByteArray num(qint64 value);
    // `{"a":1,"b":"x"}` + "\n" (compact layout used by all jsoc_fetch replies except index.json).
    static QByteArray compact(const Fields &fields);

    // Query string or x-www-form-urlencoded body: split at `&`, then at the FIRST `=`, `+` → space,
    // %XX decoded (UTF-8). Names are decoded too, so drms's `process%3Dn=5` gives name "process=n".
    static QHash<QString, QString> parseForm(const QByteArray &encoded);

    // drms-style default: "<series>.{T_REC:A}.{CAMERA}.{segment}" (time-looking prime keys get :A);
    // "<series>.{recnum:%lld}.{segment}" when there are no prime keys.
    static QString defaultFilenameFmt(const QString &series, const SimRecord &sample);
    // Expands `fmt` for one exported file. Supports {seriesname} {recnum[:printf]} {segment} {#[:printf]}
    // {KEY} {KEY:A} {KEY:D} {KEY:printf}; KEY is looked up among the prime keys (case-insensitive),
    // unknown keys expand to "NA". `segmentFile` is the stored file name ("magnetogram.fits").
    static QString expandFilename(const QString &fmt, const QString &series, const SimRecord &record,
                                  const QString &segmentFile, int counter);

    // The stored file name of a segment ("magnetogram.fits"; AIA's linked "image" is "image_lev1.fits").
    static QString segmentFileName(const SimSegment &segment);
    static bool looksLikeTime(const QString &value);
};

} // namespace sim

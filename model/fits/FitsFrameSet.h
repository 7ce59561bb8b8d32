#pragma once

#include "model/fits/FitsImage.h"

#include <QString>
#include <QStringList>
#include <QVector>

// The frames of a movie: FITS files of one series (same telescope, instrument family, wavelength,
// content and image size), sorted by observation time (T_OBS, else DATE-OBS, else a date in the
// file name such as JSOC's "….2011-02-15T000001Z.171…" or "….20140301_000000_TAI…"; files without
// any time keep their name order after the timed ones). Reads headers only, a millisecond or so per
// file: build it on a worker thread for big folders. A value; no file stays open.
namespace fits {

struct FitsFrame {
    QString path;
    double time = 0.0;   // seconds since 1970-01-01 in the file's own time scale (TAI or UTC)
    bool hasTime = false;
    QString timeText;    // as written in the header or file name
};

class FitsFrameSet final
{
public:
    // Every FITS file in the folder of `path` that belongs to the same series as `path` (which is
    // always included, even when its header cannot be read).
    static FitsFrameSet fromFolderOf(const QString &path, QString *error = nullptr);
    // Every FITS file in `folder` of the series of its earliest readable file.
    static FitsFrameSet fromFolder(const QString &folder, QString *error = nullptr);
    // `paths` as given (no series filter), sorted by time.
    static FitsFrameSet fromFiles(const QStringList &paths);

    const QVector<FitsFrame> &frames() const { return m_frames; }
    int size() const { return int(m_frames.size()); }
    bool isEmpty() const { return m_frames.isEmpty(); }
    int indexOf(const QString &path) const;
    QStringList paths() const;
    // FITS files of the folder that were left out because they cannot be read, each as
    // "name: why" (e.g. a tile-compressed image cfitsio would crash on). Files of another
    // series are not listed.
    const QStringList &unreadable() const { return m_unreadable; }

    // "SDO/AIA|AIA|171|…|4096x4096": what must match for two files to be frames of one series.
    static QString seriesKey(const QVector<FitsCard> &cards);
    // Time from T_OBS / DATE-OBS, else from `fileName`.
    static bool observationTime(const QVector<FitsCard> &cards, const QString &fileName, FitsFrame *frame);
    static bool looksLikeFits(const QString &path);

private:
    struct Scanned;
    static Scanned scan(const QString &path);
    static void sortByTime(QVector<FitsFrame> *frames);

    QVector<FitsFrame> m_frames;
    QStringList m_unreadable;
};

} // namespace fits

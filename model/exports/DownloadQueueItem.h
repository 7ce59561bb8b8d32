#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QUrl>

// One file to download into a folder: what the download queue persists and the download manager
// runs. Plain value type shared by model/ (ExportQueue, DownloadQueueModel) and network/.
namespace jsoc {

struct DownloadItem {
    enum class State { Waiting, Running, Paused, Done, Failed, Cancelled };

    qint64 id = 0;         // row id in the queue database (0 = not stored yet)
    qint64 exportId = 0;   // the export it belongs to (0 = none)
    QString record;        // the DRMS record the file holds (or the request id for a tar)
    QUrl url;
    QString fileName;      // validated single component (see SafeFileName)
    QString folder;        // the chosen download folder
    qint64 size = -1;      // total bytes, once known from the server (-1 unknown)
    qint64 received = 0;   // bytes on disk (in name.part, or the whole file when done)
    QByteArray validator;  // ETag (or Last-Modified) the partial file was fetched with, for If-Range
    // The whole export's size as JSOC announced it (MB, <= 0 unknown): bounds a file of unknown
    // size. Read from the export's row, not stored with the download.
    qint64 exportSizeMb = -1;
    State state = State::Waiting;
    QString error;         // why it failed or paused, in words
    // Failed because the server or the network did not deliver it (refused, dropped, timed out,
    // HTTP error), not because bytes arrived that do not verify; for jsoc-cli's exit status 3.
    // Set by DownloadManager with the failure, not persisted.
    bool transferFailed = false;

    QString targetPath() const { return folder + QLatin1Char('/') + fileName; }
    QString partPath() const { return targetPath() + QLatin1String(".part"); }
    bool isFinished() const { return state == State::Done || state == State::Failed || state == State::Cancelled; }

    static QString stateName(State state);
    static State stateFromName(const QString &name);
};

} // namespace jsoc

Q_DECLARE_METATYPE(jsoc::DownloadItem)

#pragma once

#include "model/exports/DownloadQueueItem.h"
#include "model/exports/ExportQueueEntry.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

class QSqlDatabase;

namespace jsoc {

// The persistent export and download queue: one SQLite database (Qt Sql) in the app's data
// folder holding every export request (record set, parameters, request id, state), its status
// history, and its files to download.
//
// Durability: WAL journal with synchronous=FULL, and every change is one transaction, so a
// kill -9 at any moment leaves either the old or the new state. A request is written (Queued /
// Submitting) before it is sent, so it is never lost; an export becomes Done together with its
// download rows in one transaction, so files are never lost or added twice.
// Download rows changed through updateDownloadSoon() are the exception: they are coalesced and
// written together, one transaction at most kFlushDelayMs after the first of them (or at once
// when kFlushRows are waiting, before any other write, at flushDownloads() and on destruction).
// A kill -9 (or power loss) can therefore lose the last ~100 ms of download states: rows then
// show their previous state (Waiting, or a Running that the next run turns into Waiting). No
// Done file is lost by that: the next run checks every file on disk before it counts as Done
// (network/DownloadManager), and a file downloaded but not yet recorded is found there,
// verified and kept instead of fetched again (network/DownloadJob). A write that fails is
// never lost silently: flushDownloads() returns false, or downloadsWriteFailed() is emitted.
// Not supported: several processes writing the same database at the same time (SQLite would
// serialise them, but the pollers would not know of each other's pending requests).
class ExportQueue final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportQueue)

public:
    explicit ExportQueue(QObject *parent = nullptr);
    ~ExportQueue() override;

    // <AppDataLocation>/exports.sqlite (honours XDG_DATA_HOME on Linux).
    static QString defaultPath();
    // Opens (creating folder, file and schema as needed). False with `error` in words on failure,
    // also when the schema is damaged (a table or column missing): such a file is refused, never
    // repaired by recreating an empty table.
    bool open(const QString &path, QString *error = nullptr);
    bool isOpen() const;
    // The version of the file's format this program writes (PRAGMA user_version). An older file
    // is upgraded at open in one transaction; a newer one is refused, never rewritten.
    static constexpr int kSchemaVersion = 3;
    // The version an upgraded file had before open() (1 = written before versions were numbered);
    // -1 when nothing was upgraded.
    int migratedFrom() const { return m_migratedFrom; }
    QString path() const { return m_path; }
    // The last failure in words: "Cannot write the export queue /path/exports.sqlite: attempt to
    // write a readonly database". Every write returns false (or 0) and sets it.
    QString lastError() const { return m_lastError; }
    // lastError() plus what became of `entry`, for a failed write while it was being followed:
    // "… Nothing was lost: request JSOC_… is still pending at JSOC; fix the file and run again."
    QString writeFailureText(const ExportQueueEntry &entry) const;
    // Just the second half: "Nothing was lost: request JSOC_… is still pending at JSOC; fix the file and run again."
    static QString nothingLostText(const ExportQueueEntry &entry);

    // Exports, oldest first.
    qint64 add(const ExportRequestOptions &options, const QString &folder, bool stageOnly = false); // 0 on failure
    // A job: every member queued in one transaction (all or none), in this order, sharing a new
    // group id and `title`; their ids, or an empty list with lastError() on failure.
    QList<qint64> addGroup(const QList<ExportRequestOptions> &members, const QString &folder, const QString &title);
    // A re-export of `replaced` (its options, folder and stage-only choice as stored) that takes its
    // place in its job: in one transaction the new row joins the job (same group id and title) and
    // `replaced` leaves it (a lone row again, with a history note naming the new export), so the job's
    // "n of m done" still counts one row per series. For a lone export it is add(). 0 on failure.
    qint64 addInPlaceOf(const ExportQueueEntry &replaced);
    bool update(const ExportQueueEntry &entry, const QString &historyNote = QString());
    // Marks the export Done and stores its downloads in the same transaction (ids filled in).
    bool complete(const ExportQueueEntry &entry, QList<DownloadItem> &downloads, const QString &historyNote);
    // Deletes the export, its history and its download rows (files on disk are left alone).
    bool remove(qint64 id);
    std::optional<ExportQueueEntry> entry(qint64 id) const;
    QList<ExportQueueEntry> entries() const;
    QList<ExportHistoryEntry> history(qint64 id) const;

    // Downloads (exportId 0 = all), in insertion order.
    QList<DownloadItem> downloads(qint64 exportId = 0) const;
    qint64 addDownload(const DownloadItem &item); // 0 on failure
    // Written at once (one fsynced transaction).
    bool updateDownload(const DownloadItem &item);
    // Written with others shortly (see the durability note above); downloads() shows it at once.
    // A failure of that later write is reported by downloadsWriteFailed().
    void updateDownloadSoon(const DownloadItem &item);
    // Writes every row waiting from updateDownloadSoon() now, in one transaction. True when there
    // was nothing to write; false with lastError() when the write failed (the rows stay waiting).
    bool flushDownloads();
    bool hasUnsavedDownloads() const { return !m_unsaved.isEmpty(); }

    static constexpr int kFlushDelayMs = 100;
    static constexpr int kFlushRows = 1000;

signals:
    void entryAdded(qint64 id);
    void entryChanged(qint64 id);
    void entryRemoved(qint64 id);
    void downloadsAdded(qint64 exportId);
    void downloadChanged(qint64 downloadId);
    // Rows from updateDownloadSoon() could not be written when their time came; `message` is
    // lastError(). Sent once per failed attempt.
    void downloadsWriteFailed(const QString &message);

private:
    bool checkVersion();
    bool checkSchema();
    static int schemaVersionOf(QSqlDatabase &db, bool *ok, QString *error = nullptr);
    bool beginWrite(QSqlDatabase &db);
    bool finishWrite(QSqlDatabase &db, bool ok); // commits when ok, else rolls back; false on failure
    bool exec(const QString &sql, const QVariantList &values = {}, qint64 *insertId = nullptr);
    bool writeEntry(const ExportQueueEntry &entry, const QString &note);
    qint64 insertEntry(const ExportRequestOptions &options, const QString &folder, bool stageOnly, qint64 groupId,
                       const QString &groupTitle); // inside a write; 0 on failure
    qint64 insertDownload(const DownloadItem &item);
    bool fail(const QString &what, const QString &detail);
    bool writeDownloadRow(const DownloadItem &item);

    QHash<qint64, DownloadItem> m_unsaved; // by row id: only the newest state of a row is written
    QTimer m_flushTimer;
    QString m_connection;
    QString m_path;
    QString m_lastError;
    int m_migratedFrom = -1;
};

} // namespace jsoc

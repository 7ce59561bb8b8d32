#pragma once

#include "model/DownloadQueueItem.h"
#include "model/ExportQueueEntry.h"

#include <QList>
#include <QObject>
#include <QString>

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
    qint64 add(const ExportRequestOptions &options, const QString &folder); // 0 on failure
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
    bool updateDownload(const DownloadItem &item);

signals:
    void entryAdded(qint64 id);
    void entryChanged(qint64 id);
    void entryRemoved(qint64 id);
    void downloadsAdded(qint64 exportId);
    void downloadChanged(qint64 downloadId);

private:
    bool checkSchema();
    bool beginWrite(QSqlDatabase &db);
    bool finishWrite(QSqlDatabase &db, bool ok); // commits when ok, else rolls back; false on failure
    bool exec(const QString &sql, const QVariantList &values = {}, qint64 *insertId = nullptr);
    bool writeEntry(const ExportQueueEntry &entry, const QString &note);
    qint64 insertDownload(const DownloadItem &item);
    bool fail(const QString &what, const QString &detail);

    QString m_connection;
    QString m_path;
    QString m_lastError;
};

} // namespace jsoc

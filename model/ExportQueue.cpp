#include "model/ExportQueue.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTimeZone>
#include <QUuid>
#include <QVariant>

namespace jsoc {
namespace {

constexpr auto kExportColumns =
    "id, record_set, notify, method, protocol, filename_format, processing, record_limit, requester, folder, "
    "request_id, jsoc_status, state, message, created, updated, completed, size_mb, file_count";
constexpr auto kDownloadColumns =
    "id, export_id, record, url, file_name, folder, size, received, validator, state, error";

QVariant dateValue(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant();
}

QDateTime dateFrom(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

ExportQueueEntry entryFrom(const QSqlQuery &q)
{
    ExportQueueEntry e;
    e.id = q.value(0).toLongLong();
    e.options.recordSet = q.value(1).toString();
    e.options.notify = q.value(2).toString();
    e.options.method = q.value(3).toString();
    e.options.protocol = q.value(4).toString();
    e.options.filenameFormat = q.value(5).toString();
    e.options.processing = q.value(6).toString();
    e.options.limit = q.value(7).toLongLong();
    e.options.requester = q.value(8).toString();
    e.folder = q.value(9).toString();
    e.requestId = q.value(10).toString();
    e.jsocStatus = q.value(11).toInt();
    e.state = ExportQueueEntry::stateFromName(q.value(12).toString());
    e.message = q.value(13).toString();
    e.created = dateFrom(q.value(14));
    e.updated = dateFrom(q.value(15));
    e.completed = dateFrom(q.value(16));
    e.sizeMb = q.value(17).toLongLong();
    e.fileCount = q.value(18).toLongLong();
    return e;
}

DownloadItem downloadFrom(const QSqlQuery &q)
{
    DownloadItem d;
    d.id = q.value(0).toLongLong();
    d.exportId = q.value(1).toLongLong();
    d.record = q.value(2).toString();
    d.url = QUrl(q.value(3).toString());
    d.fileName = q.value(4).toString();
    d.folder = q.value(5).toString();
    d.size = q.value(6).toLongLong();
    d.received = q.value(7).toLongLong();
    d.validator = q.value(8).toByteArray();
    d.state = DownloadItem::stateFromName(q.value(9).toString());
    d.error = q.value(10).toString();
    return d;
}

} // namespace

ExportQueue::ExportQueue(QObject *parent)
    : QObject(parent), m_connection(QStringLiteral("exportqueue-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

ExportQueue::~ExportQueue()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString ExportQueue::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/exports.sqlite");
}

bool ExportQueue::fail(const QString &what, const QString &detail)
{
    m_lastError = QStringLiteral("%1: %2").arg(what, detail);
    return false;
}

bool ExportQueue::open(const QString &path, QString *error)
{
    m_path = path;
    const QString folder = QFileInfo(path).absolutePath();
    bool ok = QDir().mkpath(folder);
    if (!ok) {
        fail(QStringLiteral("Cannot create the folder for the export queue"), folder);
    } else {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(path);
        ok = db.open();
        if (!ok)
            fail(QStringLiteral("Cannot open the export queue ") + path, db.lastError().text());
    }
    // WAL + FULL: a committed change survives kill -9 and power loss; readers never block the writer.
    // busy_timeout: a second jsoc-cli or the GUI may be writing the same file for a moment.
    ok = ok && exec(QStringLiteral("PRAGMA busy_timeout=5000")) && exec(QStringLiteral("PRAGMA journal_mode=WAL")) && exec(QStringLiteral("PRAGMA synchronous=FULL"))
        && exec(QStringLiteral("PRAGMA foreign_keys=ON"))
        && exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS exports (id INTEGER PRIMARY KEY AUTOINCREMENT, record_set TEXT NOT NULL, "
            "notify TEXT NOT NULL, method TEXT, protocol TEXT, filename_format TEXT, processing TEXT, "
            "record_limit INTEGER, requester TEXT, folder TEXT, request_id TEXT, jsoc_status INTEGER, state TEXT, "
            "message TEXT, created INTEGER, updated INTEGER, completed INTEGER, size_mb INTEGER, file_count INTEGER)"))
        && exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS export_history (id INTEGER PRIMARY KEY AUTOINCREMENT, export_id INTEGER "
            "NOT NULL REFERENCES exports(id) ON DELETE CASCADE, at INTEGER, state TEXT, jsoc_status INTEGER, note TEXT)"))
        && exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS downloads (id INTEGER PRIMARY KEY AUTOINCREMENT, export_id INTEGER "
            "REFERENCES exports(id) ON DELETE CASCADE, record TEXT, url TEXT NOT NULL, file_name TEXT NOT NULL, "
            "folder TEXT NOT NULL, size INTEGER, received INTEGER, validator BLOB, state TEXT, error TEXT)"));
    if (!ok && error)
        *error = m_lastError;
    return ok;
}

bool ExportQueue::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false).isOpen();
}

bool ExportQueue::exec(const QString &sql, const QVariantList &values, qint64 *insertId)
{
    if (!isOpen())
        return fail(QStringLiteral("The export queue is not open"), m_path);
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.prepare(sql))
        return fail(QStringLiteral("Export queue statement failed"), q.lastError().text());
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return fail(QStringLiteral("Export queue write failed (%1)").arg(m_path), q.lastError().text());
    if (insertId)
        *insertId = q.lastInsertId().toLongLong();
    return true;
}

qint64 ExportQueue::add(const ExportRequestOptions &options, const QString &folder)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 id = 0;
    if (!db.transaction())
        return 0;
    bool ok = exec(QStringLiteral("INSERT INTO exports (record_set, notify, method, protocol, filename_format, "
                                  "processing, record_limit, requester, folder, request_id, jsoc_status, state, message, "
                                  "created, updated, size_mb, file_count) VALUES (?,?,?,?,?,?,?,?,?,'',-1,?,?,?,?,0,0)"),
                   {options.recordSet, options.notify, options.method, options.protocol, options.filenameFormat,
                    options.processing, options.limit, options.requester, folder,
                    ExportQueueEntry::stateName(ExportQueueEntry::State::Queued),
                    QStringLiteral("Waiting in the local queue."), now, now},
                   &id);
    ok = ok && exec(QStringLiteral("INSERT INTO export_history (export_id, at, state, jsoc_status, note) VALUES (?,?,?,-1,?)"),
                    {id, now, ExportQueueEntry::stateName(ExportQueueEntry::State::Queued), QStringLiteral("added")});
    if (!ok || !db.commit()) {
        db.rollback();
        return 0;
    }
    emit entryAdded(id);
    return id;
}

bool ExportQueue::writeEntry(const ExportQueueEntry &e, const QString &note)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return exec(QStringLiteral("UPDATE exports SET request_id=?, jsoc_status=?, state=?, message=?, updated=?, "
                               "completed=?, size_mb=?, file_count=?, folder=? WHERE id=?"),
                {e.requestId, e.jsocStatus, ExportQueueEntry::stateName(e.state), e.message, now, dateValue(e.completed),
                 e.sizeMb, e.fileCount, e.folder, e.id})
        && exec(QStringLiteral("INSERT INTO export_history (export_id, at, state, jsoc_status, note) VALUES (?,?,?,?,?)"),
                {e.id, now, ExportQueueEntry::stateName(e.state), e.jsocStatus, note.isEmpty() ? e.message : note});
}

bool ExportQueue::update(const ExportQueueEntry &entry, const QString &historyNote)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return fail(QStringLiteral("Export queue transaction failed"), db.lastError().text());
    if (!writeEntry(entry, historyNote) || !db.commit()) {
        db.rollback();
        return false;
    }
    emit entryChanged(entry.id);
    return true;
}

qint64 ExportQueue::insertDownload(const DownloadItem &d)
{
    qint64 id = 0;
    exec(QStringLiteral("INSERT INTO downloads (export_id, record, url, file_name, folder, size, received, validator, "
                        "state, error) VALUES (?,?,?,?,?,?,?,?,?,?)"),
         {d.exportId > 0 ? QVariant(d.exportId) : QVariant(), d.record, d.url.toString(), d.fileName, d.folder, d.size,
          d.received, d.validator, DownloadItem::stateName(d.state), d.error},
         &id);
    return id;
}

bool ExportQueue::complete(const ExportQueueEntry &entry, QList<DownloadItem> &downloads, const QString &historyNote)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return fail(QStringLiteral("Export queue transaction failed"), db.lastError().text());
    // Idempotent: when another process already completed this export, keep its download rows.
    QSqlQuery check(db);
    check.prepare(QStringLiteral("SELECT state FROM exports WHERE id=?"));
    check.addBindValue(entry.id);
    const bool alreadyDone = check.exec() && check.next()
        && check.value(0).toString() == ExportQueueEntry::stateName(ExportQueueEntry::State::Done);
    check.finish();
    if (alreadyDone) {
        db.rollback();
        downloads = this->downloads(entry.id);
        return true;
    }
    bool ok = writeEntry(entry, historyNote);
    for (DownloadItem &d : downloads) {
        if (!ok)
            break;
        d.exportId = entry.id;
        d.id = insertDownload(d);
        ok = d.id > 0;
    }
    if (!ok || !db.commit()) {
        db.rollback();
        return false;
    }
    emit entryChanged(entry.id);
    if (!downloads.isEmpty())
        emit downloadsAdded(entry.id);
    return true;
}

bool ExportQueue::remove(qint64 id)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return false;
    const bool ok = exec(QStringLiteral("DELETE FROM downloads WHERE export_id=?"), {id})
        && exec(QStringLiteral("DELETE FROM export_history WHERE export_id=?"), {id})
        && exec(QStringLiteral("DELETE FROM exports WHERE id=?"), {id});
    if (!ok || !db.commit()) {
        db.rollback();
        return false;
    }
    emit entryRemoved(id);
    return true;
}

std::optional<ExportQueueEntry> ExportQueue::entry(qint64 id) const
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT %1 FROM exports WHERE id=?").arg(QLatin1String(kExportColumns)));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return entryFrom(q);
    return std::nullopt;
}

QList<ExportQueueEntry> ExportQueue::entries() const
{
    QList<ExportQueueEntry> result;
    if (!isOpen())
        return result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(QStringLiteral("SELECT %1 FROM exports ORDER BY id").arg(QLatin1String(kExportColumns))))
        while (q.next())
            result.append(entryFrom(q));
    return result;
}

QList<ExportHistoryEntry> ExportQueue::history(qint64 id) const
{
    QList<ExportHistoryEntry> result;
    if (!isOpen())
        return result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT at, state, jsoc_status, note FROM export_history WHERE export_id=? ORDER BY id"));
    q.addBindValue(id);
    if (q.exec())
        while (q.next())
            result.append({dateFrom(q.value(0)), ExportQueueEntry::stateFromName(q.value(1).toString()), q.value(2).toInt(),
                           q.value(3).toString()});
    return result;
}

QList<DownloadItem> ExportQueue::downloads(qint64 exportId) const
{
    QList<DownloadItem> result;
    if (!isOpen())
        return result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (exportId > 0) {
        q.prepare(QStringLiteral("SELECT %1 FROM downloads WHERE export_id=? ORDER BY id").arg(QLatin1String(kDownloadColumns)));
        q.addBindValue(exportId);
    } else {
        q.prepare(QStringLiteral("SELECT %1 FROM downloads ORDER BY id").arg(QLatin1String(kDownloadColumns)));
    }
    if (q.exec())
        while (q.next())
            result.append(downloadFrom(q));
    return result;
}

qint64 ExportQueue::addDownload(const DownloadItem &item)
{
    const qint64 id = insertDownload(item);
    if (id > 0)
        emit downloadsAdded(item.exportId);
    return id;
}

bool ExportQueue::updateDownload(const DownloadItem &d)
{
    const bool ok = exec(QStringLiteral("UPDATE downloads SET size=?, received=?, validator=?, state=?, error=?, "
                                        "url=?, file_name=?, folder=? WHERE id=?"),
                         {d.size, d.received, d.validator, DownloadItem::stateName(d.state), d.error, d.url.toString(),
                          d.fileName, d.folder, d.id});
    if (ok)
        emit downloadChanged(d.id);
    return ok;
}

} // namespace jsoc

#include "model/exports/ExportQueue.h"
#include "model/exports/ExportsLog.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTimeZone>
#include <QUuid>
#include <QVariant>

#include <algorithm>

namespace jsoc {
namespace {

constexpr auto kExportColumns =
    "id, record_set, notify, method, protocol, filename_format, processing, record_limit, requester, folder, "
    "request_id, jsoc_status, state, message, created, updated, completed, size_mb, file_count, announced_files, "
    "stage_only, jsoc_error, submitted, group_id, group_title";
constexpr auto kDownloadColumns =
    "id, export_id, record, url, file_name, folder, size, received, validator, state, error";

// SQLite's own words ("attempt to write a readonly database", "database or disk is full"), without
// Qt's "Unable to fetch row" suffix.
QString sqlText(const QSqlError &e)
{
    const QString db = e.databaseText().trimmed();
    return db.isEmpty() ? e.text().trimmed() : db;
}

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
    e.announcedFiles = q.value(19).toLongLong();
    e.stageOnly = q.value(20).toInt() != 0;
    e.jsocError = q.value(21).toString();
    e.submitted = dateFrom(q.value(22));
    e.groupId = q.value(23).toLongLong();
    e.groupTitle = q.value(24).toString();
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
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushDelayMs);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] {
        if (!flushDownloads())
            emit downloadsWriteFailed(m_lastError);
    });
}

ExportQueue::~ExportQueue()
{
    flushDownloads(); // nobody is left to tell of a failure: owners flush before (DownloadManager does when idle)
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
    qCDebug(lcExports).noquote() << m_lastError;
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
    // Read-only is refused at open, not at the first answer from JSOC: by then a request would be
    // at JSOC with nothing here to remember it. (SQLite opens such a file read-only without a word.)
    const QFileInfo file(path);
    if (ok && file.exists() && !file.isWritable())
        ok = fail(QStringLiteral("The export queue %1 cannot be written").arg(path),
                  QStringLiteral("the file is read-only. It was left unchanged. Make it writable (or move it aside to "
                                 "start with an empty queue) and run again."));
    if (ok && !QFileInfo(folder).isWritable())
        ok = fail(QStringLiteral("The export queue %1 cannot be written").arg(path),
                  QStringLiteral("its folder %1 is read-only (SQLite keeps its journal there). Make it writable and "
                                 "run again.")
                      .arg(folder));
    // busy_timeout: a second jsoc-cli or the GUI may be writing the same file for a moment.
    // The version is read before anything is written: a newer or unreadable file stays untouched
    // (even switching the journal mode would rewrite its header).
    ok = ok && exec(QStringLiteral("PRAGMA busy_timeout=5000")) && checkVersion();
    // WAL + FULL: a committed change survives kill -9 and power loss; readers never block the writer.
    ok = ok && exec(QStringLiteral("PRAGMA journal_mode=WAL")) && exec(QStringLiteral("PRAGMA synchronous=FULL"))
        && exec(QStringLiteral("PRAGMA foreign_keys=ON")) && checkSchema();
    if (!ok) {
        // A queue that cannot be trusted is closed: every later call fails in words instead of
        // reading a half schema as "no downloads".
        if (QSqlDatabase::contains(m_connection))
            QSqlDatabase::database(m_connection, false).close();
        if (error)
            *error = m_lastError;
    }
    return ok;
}

namespace {
struct TableSchema {
    QString name;
    QString create;
    QStringList columns; // every column the code reads or writes
};

// The schema of version ExportQueue::kSchemaVersion. Each later version adds a migration
// below and bumps the number; the file's PRAGMA user_version says which version wrote it.
QList<TableSchema> schema()
{
    return {
        {QStringLiteral("exports"),
         QStringLiteral("CREATE TABLE exports (id INTEGER PRIMARY KEY AUTOINCREMENT, record_set TEXT NOT NULL, "
                        "notify TEXT NOT NULL, method TEXT, protocol TEXT, filename_format TEXT, processing TEXT, "
                        "record_limit INTEGER, requester TEXT, folder TEXT, request_id TEXT, jsoc_status INTEGER, "
                        "state TEXT, message TEXT, created INTEGER, updated INTEGER, completed INTEGER, size_mb INTEGER, "
                        "file_count INTEGER, announced_files INTEGER DEFAULT 0, stage_only INTEGER NOT NULL DEFAULT 0, "
                        "jsoc_error TEXT DEFAULT '', submitted INTEGER, group_id INTEGER NOT NULL DEFAULT 0, "
                        "group_title TEXT NOT NULL DEFAULT '')"),
         QString::fromLatin1(kExportColumns).split(QStringLiteral(", "))},
        {QStringLiteral("export_history"),
         QStringLiteral("CREATE TABLE export_history (id INTEGER PRIMARY KEY AUTOINCREMENT, export_id INTEGER "
                        "NOT NULL REFERENCES exports(id) ON DELETE CASCADE, at INTEGER, state TEXT, jsoc_status INTEGER, "
                        "note TEXT)"),
         {QStringLiteral("id"), QStringLiteral("export_id"), QStringLiteral("at"), QStringLiteral("state"),
          QStringLiteral("jsoc_status"), QStringLiteral("note")}},
        {QStringLiteral("downloads"),
         QStringLiteral("CREATE TABLE downloads (id INTEGER PRIMARY KEY AUTOINCREMENT, export_id INTEGER "
                        "REFERENCES exports(id) ON DELETE CASCADE, record TEXT, url TEXT NOT NULL, file_name TEXT NOT NULL, "
                        "folder TEXT NOT NULL, size INTEGER, received INTEGER, validator BLOB, state TEXT, error TEXT)"),
         QString::fromLatin1(kDownloadColumns).split(QStringLiteral(", "))},
    };
}

// One step from version `from` to `from + 1`: the columns it adds ("table column TYPE ...").
// Version 0 is a file written before the schema had a number (what this program calls version 1
// in words): it may or may not have announced_files, which was added without a number.
struct Migration {
    int from;
    QStringList addColumns;
};

QList<Migration> migrations()
{
    return {
        {0, {QStringLiteral("exports announced_files INTEGER DEFAULT 0")}},
        {1,
         {QStringLiteral("exports stage_only INTEGER NOT NULL DEFAULT 0"),
          QStringLiteral("exports jsoc_error TEXT DEFAULT ''"), QStringLiteral("exports submitted INTEGER")}},
        // Version 3: jobs of several exports ("Same field in other series…"); older rows are lone exports.
        {2,
         {QStringLiteral("exports group_id INTEGER NOT NULL DEFAULT 0"),
          QStringLiteral("exports group_title TEXT NOT NULL DEFAULT ''")}},
    };
}
} // namespace

int ExportQueue::schemaVersionOf(QSqlDatabase &db, bool *ok, QString *error)
{
    QSqlQuery q(db);
    *ok = q.exec(QStringLiteral("PRAGMA user_version")) && q.next();
    if (!*ok && error)
        *error = sqlText(q.lastError());
    return *ok ? q.value(0).toInt() : -1;
}

bool ExportQueue::checkVersion()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    bool versionRead = false;
    QString why;
    const int version = schemaVersionOf(db, &versionRead, &why);
    if (!versionRead) // not a database at all ("file is not a database"), or unreadable
        return fail(QStringLiteral("Cannot read the export queue %1").arg(m_path),
                    QStringLiteral("%1. It was left unchanged. Move it aside to start with an empty queue (requests it "
                                   "lists stay at JSOC for 7 days after they finish).")
                        .arg(why.isEmpty() ? QStringLiteral("it is not an export queue") : why));
    if (version > kSchemaVersion)
        return fail(QStringLiteral("The export queue %1 was written by a newer JSOC Browser").arg(m_path),
                    QStringLiteral("its format is version %1 and this program reads versions up to %2. It was left "
                                   "unchanged: use the newer program, or move the file aside to start with an empty queue.")
                        .arg(version)
                        .arg(kSchemaVersion));
    return true;
}

bool ExportQueue::checkSchema()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const QList<TableSchema> tables = schema();
    bool versionRead = false;
    const int version = schemaVersionOf(db, &versionRead);
    const QStringList present = db.tables(QSql::Tables);
    QStringList missing;
    for (const TableSchema &t : tables)
        if (!present.contains(t.name))
            missing.append(t.name);
    const auto damaged = [this](const QString &what) {
        return fail(QStringLiteral("The export queue %1 is damaged").arg(m_path),
                    QStringLiteral("%1. It was left unchanged. Move it aside to start with an empty queue (requests "
                                   "it lists stay at JSOC for 7 days after they finish).")
                        .arg(what));
    };
    if (missing.size() == tables.size() && version == 0) { // a new queue: everything in one transaction
        if (!db.transaction())
            return fail(QStringLiteral("Cannot write the export queue %1").arg(m_path), sqlText(db.lastError()));
        bool ok = true;
        for (const TableSchema &t : tables)
            ok = ok && exec(t.create);
        ok = ok && exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion));
        if (!ok || !db.commit()) {
            const QString why = m_lastError.isEmpty() ? sqlText(db.lastError()) : m_lastError;
            db.rollback();
            m_lastError = why;
            return false;
        }
        m_migratedFrom = -1;
        return true;
    }
    // Recreating a lost table would turn "the downloads are gone" into "there were none".
    if (!missing.isEmpty())
        return damaged(QStringLiteral("the table%1 %2 %3 missing")
                           .arg(missing.size() > 1 ? QStringLiteral("s") : QString(),
                                QLatin1Char('"') + missing.join(QStringLiteral("\", \"")) + QLatin1Char('"'),
                                missing.size() > 1 ? QStringLiteral("are") : QStringLiteral("is")));
    // Upgrade an older file in one transaction: a failure (read-only file, full disk) leaves it
    // exactly as it was, and the words say so.
    if (version < kSchemaVersion) {
        if (!db.transaction())
            return fail(QStringLiteral("Cannot upgrade the export queue %1").arg(m_path), sqlText(db.lastError()));
        bool ok = true;
        for (const Migration &m : migrations()) {
            if (m.from < version)
                continue;
            for (const QString &add : m.addColumns) {
                const QString table = add.section(QLatin1Char(' '), 0, 0);
                const QString column = add.section(QLatin1Char(' '), 1, 1);
                if (ok && !db.record(table).contains(column))
                    ok = exec(QStringLiteral("ALTER TABLE %1 ADD COLUMN %2").arg(table, add.section(QLatin1Char(' '), 1)));
            }
        }
        ok = ok && exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion));
        if (!ok || !db.commit()) {
            const QString why = m_lastError.isEmpty() ? sqlText(db.lastError()) : m_lastError;
            db.rollback();
            return fail(QStringLiteral("Cannot upgrade the export queue %1 from version %2 to %3")
                            .arg(m_path)
                            .arg(std::max(version, 1))
                            .arg(kSchemaVersion),
                        why + QStringLiteral(". It was left unchanged."));
        }
        m_migratedFrom = std::max(version, 1);
    } else {
        m_migratedFrom = -1;
    }
    for (const TableSchema &t : tables) {
        const QSqlRecord record = db.record(t.name);
        for (const QString &column : t.columns)
            if (!record.contains(column))
                return damaged(QStringLiteral("the column \"%1\" of table \"%2\" is missing").arg(column, t.name));
    }
    return true;
}

QString ExportQueue::nothingLostText(const ExportQueueEntry &e)
{
    using State = ExportQueueEntry::State;
    QString fate;
    if (!e.requestId.isEmpty() && e.state == State::Done)
        fate = QStringLiteral("Nothing was lost: the files of request %1 stay at JSOC for 7 days after it finished")
                   .arg(e.requestId);
    else if (!e.requestId.isEmpty())
        fate = QStringLiteral("Nothing was lost: request %1 is still pending at JSOC").arg(e.requestId);
    else if (e.state == State::Done)
        fate = QStringLiteral("Nothing was lost: JSOC keeps the files, and the same export asks for them again");
    else if (e.state == State::Submitting)
        fate = QStringLiteral("Nothing was lost: the request may have reached JSOC, which answers a repeat of it "
                              "within 24 hours with the same request id");
    else
        fate = QStringLiteral("Nothing was lost: the request was not sent to JSOC");
    return fate + QStringLiteral("; fix the file and run again.");
}

QString ExportQueue::writeFailureText(const ExportQueueEntry &e) const
{
    QString text = m_lastError;
    if (!text.endsWith(QLatin1Char('.')))
        text += QLatin1Char('.');
    return text + QLatin1Char(' ') + nothingLostText(e);
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
        return fail(QStringLiteral("Cannot use the export queue %1").arg(m_path), sqlText(q.lastError()));
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return fail(QStringLiteral("Cannot write the export queue %1").arg(m_path), sqlText(q.lastError()));
    if (insertId)
        *insertId = q.lastInsertId().toLongLong();
    return true;
}

bool ExportQueue::beginWrite(QSqlDatabase &db)
{
    if (!isOpen())
        return fail(QStringLiteral("The export queue is not open"), m_path);
    if (!db.transaction())
        return fail(QStringLiteral("Cannot write the export queue %1").arg(m_path), sqlText(db.lastError()));
    return true;
}

bool ExportQueue::finishWrite(QSqlDatabase &db, bool ok)
{
    if (ok && db.commit())
        return true;
    if (ok) // the statements went through but the commit did not (disk full at the WAL append, ...)
        fail(QStringLiteral("Cannot write the export queue %1").arg(m_path), sqlText(db.lastError()));
    db.rollback();
    return false;
}

qint64 ExportQueue::insertEntry(const ExportRequestOptions &options, const QString &folder, bool stageOnly,
                                qint64 groupId, const QString &groupTitle)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 id = 0;
    bool ok = exec(QStringLiteral("INSERT INTO exports (record_set, notify, method, protocol, filename_format, "
                                  "processing, record_limit, requester, folder, request_id, jsoc_status, state, message, "
                                  "created, updated, size_mb, file_count, announced_files, stage_only, jsoc_error, "
                                  "group_id, group_title) "
                                  "VALUES (?,?,?,?,?,?,?,?,?,'',-1,?,?,?,?,0,0,0,?,'',?,?)"),
                   // "" rather than NULL: a request followed by its id has no record set or e-mail here
                   {options.recordSet.isNull() ? QStringLiteral("") : options.recordSet,
                    options.notify.isNull() ? QStringLiteral("") : options.notify, options.method, options.protocol,
                    options.filenameFormat,
                    options.processing, options.limit, options.requester, folder,
                    ExportQueueEntry::stateName(ExportQueueEntry::State::Queued),
                    QStringLiteral("Waiting in the local queue."), now, now, stageOnly ? 1 : 0, groupId,
                    groupTitle.isNull() ? QStringLiteral("") : groupTitle},
                   &id);
    ok = ok && exec(QStringLiteral("INSERT INTO export_history (export_id, at, state, jsoc_status, note) VALUES (?,?,?,-1,?)"),
                    {id, now, ExportQueueEntry::stateName(ExportQueueEntry::State::Queued), QStringLiteral("added")});
    return ok ? id : 0;
}

qint64 ExportQueue::add(const ExportRequestOptions &options, const QString &folder, bool stageOnly)
{
    if (!flushDownloads()) // in order: earlier download states first
        return 0;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db))
        return 0;
    const qint64 id = insertEntry(options, folder, stageOnly, 0, QString());
    if (!finishWrite(db, id > 0))
        return 0;
    emit entryAdded(id);
    return id;
}

QList<qint64> ExportQueue::addGroup(const QList<ExportRequestOptions> &members, const QString &folder,
                                    const QString &title)
{
    if (members.isEmpty() || !flushDownloads())
        return {};
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db))
        return {};
    // The next job number, read inside the write transaction so two writers cannot share one.
    qint64 groupId = 0;
    {
        QSqlQuery next(db);
        if (next.exec(QStringLiteral("SELECT COALESCE(MAX(group_id), 0) + 1 FROM exports")) && next.next())
            groupId = next.value(0).toLongLong();
        else
            fail(QStringLiteral("Cannot write the export queue %1").arg(m_path), sqlText(next.lastError()));
    }
    QList<qint64> ids;
    bool ok = groupId > 0;
    for (const ExportRequestOptions &options : members) {
        if (!ok)
            break;
        const qint64 id = insertEntry(options, folder, false, groupId, title);
        ok = id > 0;
        ids.append(id);
    }
    if (!finishWrite(db, ok))
        return {};
    for (qint64 id : ids)
        emit entryAdded(id);
    return ids;
}

qint64 ExportQueue::addInPlaceOf(const ExportQueueEntry &replaced)
{
    if (replaced.groupId <= 0)
        return add(replaced.options, replaced.folder, replaced.stageOnly);
    if (!flushDownloads()) // in order: earlier download states first
        return 0;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db))
        return 0;
    const qint64 id = insertEntry(replaced.options, replaced.folder, replaced.stageOnly, replaced.groupId,
                                  replaced.groupTitle);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    bool ok = id > 0
        && exec(QStringLiteral("UPDATE exports SET group_id=0, group_title='', updated=? WHERE id=?"), {now, replaced.id})
        && exec(QStringLiteral("INSERT INTO export_history (export_id, at, state, jsoc_status, note) "
                               "SELECT id, ?, state, jsoc_status, ? FROM exports WHERE id=?"),
                {now,
                 QStringLiteral("Re-exported as export #%1, which takes its place in the job \"%2\".")
                     .arg(QString::number(id), replaced.groupTitle),
                 replaced.id});
    if (!finishWrite(db, ok))
        return 0;
    // The old row first: the job's members are recounted when the new one arrives.
    emit entryChanged(replaced.id);
    emit entryAdded(id);
    return id;
}

bool ExportQueue::writeEntry(const ExportQueueEntry &e, const QString &note)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return exec(QStringLiteral("UPDATE exports SET request_id=?, jsoc_status=?, state=?, message=?, updated=?, "
                               "completed=?, size_mb=?, file_count=?, announced_files=?, folder=?, stage_only=?, "
                               "jsoc_error=?, submitted=? WHERE id=?"),
                {e.requestId, e.jsocStatus, ExportQueueEntry::stateName(e.state), e.message, now, dateValue(e.completed),
                 e.sizeMb, e.fileCount, e.announcedFiles, e.folder, e.stageOnly ? 1 : 0, e.jsocError,
                 dateValue(e.submitted), e.id})
        && exec(QStringLiteral("INSERT INTO export_history (export_id, at, state, jsoc_status, note) VALUES (?,?,?,?,?)"),
                {e.id, now, ExportQueueEntry::stateName(e.state), e.jsocStatus, note.isEmpty() ? e.message : note});
}

bool ExportQueue::update(const ExportQueueEntry &entry, const QString &historyNote)
{
    if (!flushDownloads()) // in order: earlier download states first
        return false;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db) || !finishWrite(db, writeEntry(entry, historyNote)))
        return false;
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
    if (!flushDownloads()) // in order: earlier download states first
        return false;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db))
        return false;
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
    if (!finishWrite(db, ok))
        return false;
    emit entryChanged(entry.id);
    if (!downloads.isEmpty())
        emit downloadsAdded(entry.id);
    return true;
}

bool ExportQueue::remove(qint64 id)
{
    if (!flushDownloads()) // in order: earlier download states first
        return false;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db))
        return false;
    const bool ok = exec(QStringLiteral("DELETE FROM downloads WHERE export_id=?"), {id})
        && exec(QStringLiteral("DELETE FROM export_history WHERE export_id=?"), {id})
        && exec(QStringLiteral("DELETE FROM exports WHERE id=?"), {id});
    if (!finishWrite(db, ok))
        return false;
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
    // The export's announced size comes along: it bounds each file of unknown size (DownloadJob).
    const QString columns = QStringLiteral("%1, (SELECT size_mb FROM exports WHERE exports.id=downloads.export_id)")
                                .arg(QLatin1String(kDownloadColumns));
    if (exportId > 0) {
        q.prepare(QStringLiteral("SELECT %1 FROM downloads WHERE export_id=? ORDER BY id").arg(columns));
        q.addBindValue(exportId);
    } else {
        q.prepare(QStringLiteral("SELECT %1 FROM downloads ORDER BY id").arg(columns));
    }
    if (q.exec())
        while (q.next()) {
            DownloadItem stored = downloadFrom(q);
            stored.exportSizeMb = q.value(11).isNull() ? -1 : q.value(11).toLongLong();
            const auto unsaved = m_unsaved.constFind(stored.id);
            result.append(unsaved == m_unsaved.cend() ? stored : unsaved.value()); // what will be written
        }
    return result;
}

qint64 ExportQueue::addDownload(const DownloadItem &item)
{
    if (!flushDownloads())
        return 0;
    const qint64 id = insertDownload(item);
    if (id > 0)
        emit downloadsAdded(item.exportId);
    return id;
}

bool ExportQueue::writeDownloadRow(const DownloadItem &d)
{
    return exec(QStringLiteral("UPDATE downloads SET size=?, received=?, validator=?, state=?, error=?, "
                               "url=?, file_name=?, folder=? WHERE id=?"),
                {d.size, d.received, d.validator, DownloadItem::stateName(d.state), d.error, d.url.toString(),
                 d.fileName, d.folder, d.id});
}

bool ExportQueue::updateDownload(const DownloadItem &d)
{
    m_unsaved.remove(d.id); // superseded by this newer state
    if (!flushDownloads() || !writeDownloadRow(d))
        return false;
    emit downloadChanged(d.id);
    return true;
}

void ExportQueue::updateDownloadSoon(const DownloadItem &d)
{
    m_unsaved.insert(d.id, d);
    if (m_unsaved.size() >= kFlushRows) {
        if (!flushDownloads())
            emit downloadsWriteFailed(m_lastError);
    } else if (!m_flushTimer.isActive()) {
        m_flushTimer.start();
    }
}

bool ExportQueue::flushDownloads()
{
    m_flushTimer.stop();
    if (m_unsaved.isEmpty())
        return true;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db))
        return false;
    bool ok = true;
    for (auto it = m_unsaved.cbegin(); ok && it != m_unsaved.cend(); ++it)
        ok = writeDownloadRow(it.value());
    if (!finishWrite(db, ok))
        return false; // the rows stay unsaved: a later flush tries them again
    const QList<qint64> ids = m_unsaved.keys();
    m_unsaved.clear();
    for (qint64 id : ids)
        emit downloadChanged(id);
    return true;
}

} // namespace jsoc

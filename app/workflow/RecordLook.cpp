#include "app/workflow/RecordLook.h"

#include "app/workflow/WorkflowLog.h"
#include "model/drms/RecordSetSpec.h"
#include "model/fitsfile/FitsFileCheck.h"
#include "model/fitsfile/FitsStructure.h"
#include "model/fitsfile/RecordHeader.h"
#include "network/JsocClient.h"
#include "network/SegmentFileJob.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QRandomGenerator>
#include <QtConcurrent>

namespace app {
namespace {

using jsoc::JsocError;

// No segment file this program shows is near this; a server that sends more is not sending one.
constexpr qint64 kMaxFileBytes = qint64(1) << 30;

const QString kBuiltNote = QStringLiteral("Header built from the record's keywords (the file's own header is bare)");

RecordLookFailure failureOf(const JsocError &e)
{
    switch (e.kind) {
    case JsocError::Kind::Cancelled: return RecordLookFailure::Cancelled;
    case JsocError::Kind::Network:
    case JsocError::Kind::Timeout:
    case JsocError::Kind::Tls: return RecordLookFailure::Network;
    default: return RecordLookFailure::Server;
    }
}

// What the header build on the thread pool hands back.
struct Built {
    bool ok = false;
    bool noImage = false;
    bool addedKeywords = false;
    QString problem;
};

Built checkAndBuild(const QString &part, const QString &finalPath, const QList<fits::RecordKeyword> &row)
{
    Built b;
    // The bytes first (structure, CHECKSUM/DATASUM where present): a lying server gives words.
    const fits::FitsFileCheck check = fits::FitsFileCheck::verify(part);
    if (!check.isSound()) {
        QFile::remove(part);
        b.problem = check.problem.isEmpty() ? QStringLiteral("not a sound FITS file") : check.problem;
        return b;
    }
    const QString builtPart = part + QStringLiteral(".hdr");
    const fits::RecordHeaderBuild r = fits::RecordHeader::build(part, builtPart, row);
    QFile::remove(part);
    if (!r.ok()) {
        QFile::remove(builtPart);
        b.noImage = r.outcome == fits::RecordHeaderBuild::Outcome::NoImage;
        b.problem = r.problem;
        return b;
    }
    QFile::remove(finalPath); // rename() does not replace; another run may have made it meanwhile
    if (!QFile::rename(builtPart, finalPath)) {
        QFile::remove(builtPart);
        b.problem = QStringLiteral("cannot move the file into the cache as %1").arg(finalPath);
        return b;
    }
    b.ok = true;
    b.addedKeywords = !r.added.isEmpty();
    return b;
}

// Whether a cached file's image header carries the COMMENT RecordHeader writes.
bool hasBuiltHeader(const QString &path)
{
    const fits::FitsStructure s = fits::FitsStructure::scanFile(path);
    const QByteArray start = fits::RecordHeader::commentText().toLatin1().left(40);
    for (const fits::FitsHduLayout &h : s.hdus)
        for (int i = 0; i < h.keptCards(); ++i)
            if (h.card(i).startsWith("COMMENT ") && h.card(i).sliced(8).startsWith(start))
                return true;
    return false;
}

// The record set without its {segment} list (rs_list refuses both that and seg=), and the one
// segment the list names, if any.
QString withoutSegmentList(const QString &recordSpec, QString *namedSegment)
{
    std::optional<drms::RecordSetSpec> spec = drms::parseRecordSet(recordSpec);
    if (!spec || spec->subsets.size() != 1 || !spec->subsets.first().hasSegmentList)
        return recordSpec;
    drms::Subset &s = spec->subsets.first();
    if (s.segments.size() == 1)
        *namedSegment = s.segments.first();
    s.hasSegmentList = false;
    s.segments.clear();
    return drms::toString(*spec);
}

} // namespace

struct RecordLook::Op {
    RecordLookRequest request;
    QString ds;       // what rs_list is asked
    QString segment;  // the one segment
    bool shown = false; // someone waits to see it (else a prefetch)
    bool cancelled = false;
    QPointer<jsoc::RecordListJob> list;
    QPointer<jsoc::SegmentFileJob> file;
    QList<fits::RecordKeyword> row;
    QString finalPath;
};

struct RecordLook::Impl {
    QPointer<jsoc::JsocClient> client;
    QString cacheDir;
    qint64 cacheLimit = 0;
    std::shared_ptr<Op> active;                 // holds the one connection (rs_list or file)
    QList<std::shared_ptr<Op>> building;        // file here, header being built off the wire
    QList<RecordLookRequest> prefetches;
    QString keep;                               // the file shown last: never pruned
    quint64 showGeneration = 0;                 // one per show(): a cache hit answers only if still the newest

    QString cachePath(const RecordLookRequest &r) const
    {
        QCryptographicHash h(QCryptographicHash::Sha1);
        const QUrl root = client ? client->siteRoot() : QUrl();
        h.addData(root.toString(QUrl::StripTrailingSlash).toUtf8() + '\n' + r.series.toUtf8() + '\n' + r.recordSpec.toUtf8()
                  + '\n' + r.segment.toUtf8() + '\n' + r.headerKeywords.join(QLatin1Char(',')).toUtf8());
        return cacheDir + QLatin1Char('/') + QString::fromLatin1(h.result().toHex().left(32)) + QStringLiteral(".fits");
    }
    bool sameRecord(const Op &op, const RecordLookRequest &r) const { return cachePath(op.request) == cachePath(r); }
};

RecordLook::RecordLook(jsoc::JsocClient *client, const QString &cacheDir, qint64 cacheLimitBytes, QObject *parent)
    : QObject(parent), d(std::make_unique<Impl>())
{
    d->client = client;
    d->cacheDir = QDir::cleanPath(cacheDir);
    d->cacheLimit = cacheLimitBytes;
    QDir().mkpath(d->cacheDir);
}

RecordLook::~RecordLook()
{
    if (d->active) {
        delete d->active->list.data();
        delete d->active->file.data();
    }
}

void RecordLook::setCacheLimit(qint64 bytes)
{
    d->cacheLimit = bytes;
    pruneCache();
}

qint64 RecordLook::cacheLimit() const { return d->cacheLimit; }
QString RecordLook::cacheDir() const { return d->cacheDir; }

qint64 RecordLook::cacheBytes() const
{
    qint64 total = 0;
    for (const QFileInfo &f : QDir(d->cacheDir).entryInfoList({QStringLiteral("*.fits")}, QDir::Files))
        total += f.size();
    return total;
}

bool RecordLook::isBusy() const { return d->active || !d->building.isEmpty(); }

void RecordLook::show(const RecordLookRequest &r)
{
    emit started(r);
    const quint64 generation = ++d->showGeneration;
    d->prefetches.clear();
    // Only the newest wish is waited for: whatever else holds the wire goes (an older row, or a
    // prefetch), and older rows still building land in the cache without a signal.
    if (d->active && !d->sameRecord(*d->active, r))
        abortActive();
    bool building = false;
    for (const auto &op : std::as_const(d->building)) {
        op->shown = d->sameRecord(*op, r);
        if (op->shown) {
            op->request = r;
            building = true;
        }
    }
    if (building)
        return;
    if (d->active) {
        d->active->shown = true; // this record was on the wire as a prefetch: adopt it
        d->active->request = r;
        return;
    }
    const QString cached = d->cachePath(r);
    if (QFileInfo::exists(cached)) {
        {
            QFile f(cached); // most recently used: pruned last
            if (f.open(QIODevice::ReadOnly))
                f.setFileTime(QDateTime::currentDateTime(), QFileDevice::FileModificationTime);
        }
        d->keep = cached;
        RecordLookResult result{r, cached, hasBuiltHeader(cached) ? kBuiltNote : QString(), true};
        // Queued, like a fetched one: started() always comes first and the caller is never re-entered.
        // A newer show() before then wins: this one ends without a signal.
        QMetaObject::invokeMethod(this, [this, result, generation] {
            if (generation == d->showGeneration)
                emit shown(result);
            pump();
        }, Qt::QueuedConnection);
        return;
    }
    startOp(r, true);
}

void RecordLook::prefetch(const QList<RecordLookRequest> &next)
{
    d->prefetches.clear();
    for (const RecordLookRequest &r : next) {
        if (QFileInfo::exists(d->cachePath(r)) || (d->active && d->sameRecord(*d->active, r)))
            continue;
        bool building = false;
        for (const auto &op : std::as_const(d->building))
            building = building || d->sameRecord(*op, r);
        if (!building)
            d->prefetches.append(r);
    }
    pump();
}

void RecordLook::cancelAll()
{
    d->prefetches.clear();
    for (const auto &op : std::as_const(d->building)) {
        if (op->shown) {
            op->shown = false;
            emit failed(op->request, RecordLookFailure::Cancelled, tr("Looking at %1 was cancelled.").arg(op->request.recordSpec));
        }
    }
    if (d->active) {
        const std::shared_ptr<Op> op = d->active;
        abortActive();
        if (op->shown)
            emit failed(op->request, RecordLookFailure::Cancelled, tr("Looking at %1 was cancelled.").arg(op->request.recordSpec));
    }
}

void RecordLook::abortActive()
{
    if (!d->active)
        return;
    const std::shared_ptr<Op> op = std::move(d->active);
    d->active.reset();
    op->cancelled = true;
    if (op->list) {
        disconnect(op->list, nullptr, this, nullptr);
        op->list->deleteLater(); // deleting a running job aborts its reply
        op->list->cancel();
    }
    if (op->file) {
        disconnect(op->file, nullptr, this, nullptr);
        op->file->cancel();
        op->file->deleteLater();
    }
    qCDebug(lcWorkflow).noquote() << "record look: dropped" << op->request.recordSpec;
}

void RecordLook::pump()
{
    while (!d->active && !d->prefetches.isEmpty()) {
        const RecordLookRequest r = d->prefetches.takeFirst();
        if (!QFileInfo::exists(d->cachePath(r)))
            startOp(r, false);
    }
}

void RecordLook::startOp(const RecordLookRequest &r, bool shownNow)
{
    // Failures found before any request are still reported from the event loop: show() never
    // re-enters its caller.
    auto failLater = [this, r, shownNow](RecordLookFailure kind, const QString &words) {
        if (shownNow)
            QMetaObject::invokeMethod(this, [this, r, kind, words] { emit failed(r, kind, words); }, Qt::QueuedConnection);
    };
    if (!d->client) {
        failLater(RecordLookFailure::Network, tr("No connection to JSOC is set up."));
        return;
    }
    auto op = std::make_shared<Op>();
    op->request = r;
    op->shown = shownNow;
    op->segment = r.segment;
    op->ds = withoutSegmentList(r.recordSpec, &op->segment);
    op->finalPath = d->cachePath(r);
    if (op->segment.isEmpty()) {
        failLater(RecordLookFailure::ExportNeeded, tr("Name the segment to look at, e.g. %1{magnetogram}.").arg(op->ds));
        return;
    }
    d->active = op;
    jsoc::RecordListQuery q;
    q.recordSet = op->ds;
    q.keys = r.headerKeywords.isEmpty() ? QStringList{QStringLiteral("**ALL**")} : r.headerKeywords;
    q.segments = {op->segment};
    q.limit = 2; // one record, and whether there is a second
    op->list = d->client->recordList(q);
    connect(op->list, &jsoc::JsocJob::finished, this, [this, op] { onListed(op); });
}

void RecordLook::onListed(const std::shared_ptr<Op> &op)
{
    jsoc::RecordListJob *job = op->list;
    if (!job || op != d->active)
        return;
    job->deleteLater();
    op->list = nullptr;
    if (job->error().isError()) {
        failOp(op, failureOf(job->error()), job->error().message);
        return;
    }
    const jsoc::RecordTable table = job->takeResult();
    const QString name = op->ds + QLatin1Char('{') + op->segment + QLatin1Char('}');
    if (table.rowCount() == 0) {
        failOp(op, RecordLookFailure::NoSuchRecord, tr("No record matches %1.").arg(op->ds));
        return;
    }
    if (table.rowCount() > 1 && !op->request.takeFirst) {
        failOp(op, RecordLookFailure::MoreThanOneRecord,
               tr("%1 selects more than one record: name one record (or take the first).").arg(op->ds));
        return;
    }
    const jsoc::SegmentColumn *seg = nullptr;
    for (const jsoc::SegmentColumn &c : table.segments)
        if (c.name.compare(op->segment, Qt::CaseInsensitive) == 0)
            seg = &c;
    if (!seg) {
        failOp(op, RecordLookFailure::Server, tr("JSOC's answer for %1 has no column for the segment %2.").arg(op->ds, op->segment));
        return;
    }
    const QString path = seg->values.value(0);
    if (path == QLatin1String("NoDataDirectory")) {
        failOp(op, RecordLookFailure::ExportNeeded,
               tr("Export needed: %1 is offline (NoDataDirectory): its storage unit is on tape, and an export brings it back.").arg(name));
        return;
    }
    if (path == QLatin1String("InvalidSegName")) {
        failOp(op, RecordLookFailure::ExportNeeded,
               tr("Export needed: the series has no segment \"%1\" (InvalidSegName), so there is no file to look at.").arg(op->segment));
        return;
    }
    if (!path.startsWith(QLatin1Char('/'))) { // BadSegLink and the like: JSOC's own words for "no file"
        failOp(op, RecordLookFailure::ExportNeeded, tr("Export needed: JSOC gives no file for %1 (\"%2\").").arg(name, path.left(200)));
        return;
    }
    if (path.contains(QLatin1String("..")) || path.contains(QLatin1Char('?')) || path.contains(QLatin1Char('#'))) {
        failOp(op, RecordLookFailure::Server, tr("JSOC gave \"%1\" as the file of %2, which is not a path in its storage.").arg(path.left(200), name));
        return;
    }
    if (!path.endsWith(QLatin1String(".fits"), Qt::CaseInsensitive)) {
        failOp(op, RecordLookFailure::ExportNeeded,
               tr("Export needed: %1 is stored as %2, not as a FITS image.").arg(name, QFileInfo(path).fileName()));
        return;
    }
    for (const jsoc::KeywordColumn &k : table.keywords)
        op->row.append({k.name, k.values.value(0)});

    QUrl url = d->client->siteRoot();
    url.setPath(url.path(QUrl::FullyDecoded).chopped(url.path().endsWith(QLatin1Char('/')) ? 1 : 0) + path);
    url.setQuery(QString());
    const QString part = op->finalPath + QStringLiteral(".%1.part").arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    op->file = new jsoc::SegmentFileJob(d->client->networkAccessManager(), url, part, kMaxFileBytes, d->client->transferTimeout(), this);
    connect(op->file, &jsoc::SegmentFileJob::finished, this, [this, op] { onFetched(op); });
    op->file->start();
}

void RecordLook::onFetched(const std::shared_ptr<Op> &op)
{
    jsoc::SegmentFileJob *job = op->file;
    if (!job || op != d->active)
        return;
    job->deleteLater();
    op->file = nullptr;
    if (job->error().isError()) {
        failOp(op, failureOf(job->error()), job->error().message);
        return;
    }
    // The wire is free: the next wish may use it while the header is built.
    d->active.reset();
    d->building.append(op);
    auto *watcher = new QFutureWatcher<Built>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, op, watcher] {
        watcher->deleteLater();
        const Built b = watcher->result();
        onBuilt(op, b.ok, b.noImage, b.addedKeywords, b.problem);
    });
    watcher->setFuture(QtConcurrent::run(checkAndBuild, job->filePath(), op->finalPath, op->row));
    pump();
}

void RecordLook::onBuilt(const std::shared_ptr<Op> &op, bool ok, bool noImage, bool addedKeywords, const QString &problem)
{
    d->building.removeOne(op);
    const QString name = op->ds + QLatin1Char('{') + op->segment + QLatin1Char('}');
    if (!ok) {
        if (op->shown) {
            if (noImage)
                emit failed(op->request, RecordLookFailure::ExportNeeded, tr("Export needed: %1 holds no image (%2).").arg(name, problem));
            else
                emit failed(op->request, RecordLookFailure::Server, tr("The file JSOC sent for %1 is not usable: %2.").arg(name, problem));
        }
        return;
    }
    if (op->shown) {
        d->keep = op->finalPath;
        emit shown(RecordLookResult{op->request, op->finalPath, addedKeywords ? kBuiltNote : QString(), false});
    } else {
        emit prefetched(op->request);
    }
    pruneCache();
}

void RecordLook::failOp(const std::shared_ptr<Op> &op, RecordLookFailure kind, const QString &words)
{
    if (d->active == op)
        d->active.reset();
    qCDebug(lcWorkflow).noquote() << "record look:" << op->request.recordSpec << failureName(kind) << words;
    if (op->shown && !op->cancelled)
        emit failed(op->request, kind, words);
    pump();
}

void RecordLook::pruneCache()
{
    QDir dir(d->cacheDir);
    // Oldest first; what is being written (.part) is not counted, but one left by a crash a day ago goes.
    const QDateTime dayAgo = QDateTime::currentDateTime().addDays(-1);
    for (const QFileInfo &f : dir.entryInfoList({QStringLiteral("*.part"), QStringLiteral("*.part.hdr")}, QDir::Files))
        if (f.lastModified() < dayAgo)
            QFile::remove(f.absoluteFilePath());
    QFileInfoList files = dir.entryInfoList({QStringLiteral("*.fits")}, QDir::Files, QDir::Time | QDir::Reversed);
    qint64 total = 0;
    for (const QFileInfo &f : std::as_const(files))
        total += f.size();
    for (const QFileInfo &f : std::as_const(files)) {
        if (total <= d->cacheLimit)
            break;
        if (f.absoluteFilePath() == QFileInfo(d->keep).absoluteFilePath())
            continue;
        if (QFile::remove(f.absoluteFilePath()))
            total -= f.size();
    }
}

QString RecordLook::failureName(RecordLookFailure kind)
{
    switch (kind) {
    case RecordLookFailure::ExportNeeded: return QStringLiteral("export needed");
    case RecordLookFailure::NoSuchRecord: return QStringLiteral("no such record");
    case RecordLookFailure::MoreThanOneRecord: return QStringLiteral("more than one record");
    case RecordLookFailure::Network: return QStringLiteral("network");
    case RecordLookFailure::Server: return QStringLiteral("server");
    case RecordLookFailure::LocalFile: return QStringLiteral("local file");
    case RecordLookFailure::Cancelled: return QStringLiteral("cancelled");
    }
    return QString();
}

} // namespace app

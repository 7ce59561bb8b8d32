#include "sim/ExportDesk.h"

#include "sim/AddressBook.h"
#include "sim/ExportDeskFormat.h"
#include "sim/ExportProcessing.h"
#include "sim/ImPatch.h"
#include "sim/JpegExport.h"
#include "sim/Rebin.h"
#include "sim/FileServer.h"
#include "sim/FileServerTar.h"
#include "sim/FitsCache.h"
#include "sim/ManageRequestReply.h"

#include "model/drms/DrmsTime.h"

#include <cmath>

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

namespace sim {

using Fmt = ExportDeskFormat;

struct ExportDesk::Request {
    struct Item {
        QString record;   // record spec as index.json lists it
        QString filename; // relative to dir
        QString urlPath;  // dir + "/" + filename
        SimRecord source;
    };
    QString id, notify, ds, method, protocol, filenamefmt, process, dupKey, series;
    qint64 bornMs = 0; // on the desk's clock (clockMs)
    QDateTime createdUtc;
    int polls = 0;
    qint64 rcount = 0;
    qint64 sizeMb = 0;
    QString dir;
    QString failure; // non-empty: the export ends in status 4 with this message
    bool asIs = false;
    bool tar = false;
    bool stuck = false;     // stays at status 2 until cancelled
    bool cancelled = false; // by manage-request.sh: status 4 from then on
    QList<Item> items;
    // Processing (process=n=...|step,...): the chain, the series its records go to, the rest of
    // the record set after the first [...] (im_patch's reference query keeps it) and the
    // reference image once read.
    ProcessingChain chain;
    QString outSeries;
    QString moreQuery;
    SimSegment firstSegment;
    std::optional<FitsPlane> reference;
};

struct ExportDesk::FileEntry {
    enum class Kind { Image, IndexJson, IndexTxt, Keywords, Tar };
    Kind kind = Kind::Image;
    SolarImageSpec spec;
    bool owned = false;
    std::weak_ptr<Request> owner;
    QString diskPath; // text/tar artefacts, once written
    int sourceSize = 0;  // processed files: edge of the source image the steps start from
    QString filename;    // processed files: the name in the export directory
    bool jpeg = false;   // protocol jpg: rendered by JpegExport from the (processed) image
    int storedEdge = 0;  // stored segment files: the segment's own square edge (0: not square)
};

namespace {

constexpr char kContact[] = "jsoc_help@jsoc.stanford.edu";

QHttpServerResponse json(const QByteArray &body)
{
    return QHttpServerResponse("application/json", body);
}

QByteArray error4(const QString &message)
{
    return Fmt::compact({{"status", "4"}, {"error", Fmt::str(message)}});
}

quint64 fnv(const QString &text)
{
    quint64 h = 1469598103934665603ULL;
    for (char c : text.toUtf8()) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

bool sameAddress(const QString &a, const QString &b)
{
    return AddressBook::decodeAgain(a).trimmed().compare(AddressBook::decodeAgain(b).trimmed(), Qt::CaseInsensitive) == 0;
}

QString seriesOf(const QString &ds)
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*([A-Za-z][\w.]*))"));
    return re.match(ds).captured(1);
}

} // namespace

ExportDesk::ExportDesk(const SimRecordSource &source, QObject *parent)
    : QObject(parent), m_source(source), m_addressBook(std::make_unique<AddressBook>()),
      m_cache(std::make_unique<FitsCache>())
{
    m_clock.start();
}

ExportDesk::~ExportDesk() = default;

ExportDeskOptions &ExportDesk::options()
{
    return m_options;
}

AddressBook &ExportDesk::addressBook()
{
    return *m_addressBook;
}

void ExportDesk::advanceClock(qint64 ms)
{
    if (ms > 0)
        m_travelMs += ms;
}

QDateTime ExportDesk::now() const
{
    return QDateTime::currentDateTimeUtc().addMSecs(m_travelMs);
}

qint64 ExportDesk::clockMs() const
{
    return m_clock.elapsed() + m_travelMs;
}

qint64 ExportDesk::ageMs(const Request &req) const
{
    return clockMs() - req.bornMs;
}

QList<std::shared_ptr<ExportDesk::Request>> ExportDesk::pendingOf(const QString &notify) const
{
    QList<std::shared_ptr<Request>> out;
    for (const auto &r : m_requests) {
        qint64 wait = 0;
        const int st = statusOf(*r, &wait);
        if ((st == 1 || st == 2) && sameAddress(r->notify, notify))
            out.append(r);
    }
    return out;
}

QStringList ExportDesk::requestIds() const
{
    QStringList ids;
    for (const auto &r : m_requests)
        ids.append(r->id);
    return ids;
}

// ---------------------------------------------------------------------------------------------
// checkAddress.sh

QHttpServerResponse ExportDesk::checkAddress(const QHttpServerRequest &request)
{
    QByteArray encoded = request.url().query(QUrl::FullyEncoded).toUtf8();
    if (request.method() == QHttpServerRequest::Method::Post)
        encoded += '&' + request.body();
    const auto params = Fmt::parseForm(encoded);
    return json(m_addressBook->reply(params.value(QStringLiteral("address")), params.contains(QStringLiteral("address"))));
}

// ---------------------------------------------------------------------------------------------
// manage-request.sh

QHttpServerResponse ExportDesk::manageRequest(const QHttpServerRequest &request)
{
    namespace mr = managerequest;
    QByteArray encoded = request.url().query(QUrl::FullyEncoded).toUtf8();
    if (request.method() == QHttpServerRequest::Method::Post)
        encoded += '&' + request.body();
    const auto params = Fmt::parseForm(encoded);
    const QString address = AddressBook::decodeAgain(params.value(QStringLiteral("address"))).trimmed();
    const QString operation = params.value(QStringLiteral("operation")).trimmed();
    if (address.isEmpty())
        return json(mr::reply(mr::BadArgument, mr::missingArgument(QStringLiteral("address"))));
    if (operation.isEmpty())
        return json(mr::reply(mr::BadArgument, mr::missingArgument(QStringLiteral("operation"))));
    if (operation != QLatin1String("check") && operation != QLatin1String("cancel"))
        return json(mr::reply(mr::BadArgument, mr::badOperation(operation)));
    if (m_addressBook->check(address).status == -2)
        return json(mr::reply(mr::BadArgument, mr::badAddress(address)));

    const QList<std::shared_ptr<Request>> pending = pendingOf(address);
    if (pending.isEmpty())
        return json(mr::reply(mr::NoPending, mr::noneMessage(address)));
    if (operation == QLatin1String("check"))
        return json(mr::reply(mr::Pending, mr::pendingMessage(pending.first()->id, pending.first()->createdUtc)));
    QStringList said;
    for (const auto &r : pending) {
        r->cancelled = true;
        r->failure = QStringLiteral("Request was cancelled by the user.");
        said.append(mr::cancelledMessage(r->id, r->createdUtc));
    }
    return json(mr::reply(mr::Cancelled, said.join(QLatin1Char(' '))));
}

// ---------------------------------------------------------------------------------------------
// jsoc_fetch

QHttpServerResponse ExportDesk::fetch(const QHttpServerRequest &request)
{
    QByteArray encoded = request.url().query(QUrl::FullyEncoded).toUtf8();
    if (request.method() == QHttpServerRequest::Method::Post
        && !FileServer::header(request, "Content-Type").startsWith("multipart/"))
        encoded += '&' + request.body();
    auto params = Fmt::parseForm(encoded);

    // jsoc_fetch refuses `;` and unbalanced quotes in any argument, then turns ' into ".
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (it.value().contains(QLatin1Char(';')) || it.value().count(QLatin1Char('\'')) % 2 != 0)
            return json(error4(QStringLiteral("Illegal text in arg: ';' not allowed")));
        it.value().replace(QLatin1Char('\''), QLatin1Char('"'));
    }

    const QString op = params.value(QStringLiteral("op"));
    if (op == QLatin1String("exp_request"))
        return json(expRequest(params, request.remoteAddress().toString().toLatin1()));
    if (op == QLatin1String("exp_status"))
        return json(expStatus(params));
    if (op == QLatin1String("exp_repeat"))
        return json(error4(QStringLiteral("Re-Export requests temporarily disabled.")));
    return json(error4(QStringLiteral("RequestID must be provided")));
}

QByteArray ExportDesk::expRequest(const QHash<QString, QString> &params, const QByteArray &)
{
    const QString notify = params.value(QStringLiteral("notify")).trimmed();
    if (notify.isEmpty())
        return error4(QStringLiteral("Email address for notification was not specfied. It is required."));
    const AddressBook::Verdict verdict = m_addressBook->check(notify);
    if (verdict.status != 2)
        return error4(QStringLiteral("Cannot process your request. ") + verdict.msg);

    const QString ds = params.value(QStringLiteral("ds")).trimmed();
    const QString method = params.value(QStringLiteral("method"), QStringLiteral("url")).trimmed();
    const QString protocol = params.value(QStringLiteral("protocol"), QStringLiteral("as-is")).trimmed();
    const QString methodL = method.toLower();
    const QString baseProtocol = protocol.section(QLatin1Char(','), 0, 0).trimmed().toLower();
    static const QStringList methods = {QStringLiteral("url_quick"), QStringLiteral("url"), QStringLiteral("url-tar"),
                                        QStringLiteral("ftp"), QStringLiteral("ftp-tar")};
    if (!methods.contains(methodL))
        return error4(QStringLiteral("Export method '%1' is not supported.").arg(method));
    const bool asIs = baseProtocol == QLatin1String("as-is") || baseProtocol == QLatin1String("su-as-is")
                      || baseProtocol == QLatin1String("su");
    const bool jpeg = baseProtocol == QLatin1String("jpg");
    if (!asIs && !jpeg && baseProtocol != QLatin1String("fits"))
        return error4(QStringLiteral("Export protocol '%1' is not supported by the simulator (only as-is, fits and jpg).").arg(protocol));

    // drms sends the limit under the literal name "process=n"; the canonical form is process=n=<n>|steps.
    QString process = params.value(QStringLiteral("process"));
    if (params.contains(QStringLiteral("process=n")))
        process = QStringLiteral("n=") + params.value(QStringLiteral("process=n"));
    qint64 limit = 0;
    static const QRegularExpression limitRe(QStringLiteral(R"(^\s*n\s*=\s*(-?\d+))"));
    if (const auto m = limitRe.match(process); m.hasMatch())
        limit = m.captured(1).toLongLong();
    if (params.contains(QStringLiteral("max_recs")))
        limit = params.value(QStringLiteral("max_recs")).toLongLong();
    const QString filenamefmt = params.value(QStringLiteral("filenamefmt"));
    const ProcessingChain chain = ProcessingChain::parse(process);

    if (ds.isEmpty())
        return error4(QStringLiteral("Bad record-set query '%1'.\n").arg(ds));
    QString err;
    const std::optional<qint64> total = m_source.count(ds, &err);
    if (!total) {
        if (err.contains(QLatin1String("series"), Qt::CaseInsensitive)
            && (err.contains(QLatin1String("not found"), Qt::CaseInsensitive)
                || err.contains(QLatin1String("not exist"), Qt::CaseInsensitive)))
            return error4(QStringLiteral("Cannot export series '%1' - it does not exist.\n").arg(seriesOf(ds)));
        return error4(QStringLiteral("Bad record-set query '%1'.\n").arg(ds));
    }
    qint64 nrec = *total;
    if (limit != 0)
        nrec = qMin(nrec, qAbs(limit));
    if (nrec > m_options.maxRecords)
        return error4(QStringLiteral("Can not open RecordSet %1 is too many records in one request.").arg(nrec));

    const bool quick = methodL == QLatin1String("url_quick") && asIs && m_options.quickOnline;
    const QString dupKey = ds.toLower() + QLatin1Char('|') + filenamefmt + QLatin1Char('|') + process + QLatin1Char('|')
                           + protocol.toLower() + QLatin1Char('|') + methodL;
    if (!quick) {
        // Quirk 12: the same export within the session gives the old id with status 2, finished or not.
        for (auto it = m_requests.crbegin(); it != m_requests.crend(); ++it) {
            Request &old = **it;
            qint64 wait = 0;
            if (old.dupKey == dupKey && !old.cancelled && statusOf(old, &wait) != 5)
                return Fmt::compact({{"status", "2"}, {"requestid", Fmt::str(old.id)}, {"method", Fmt::str(old.method)},
                                     {"protocol", Fmt::str(old.protocol)}, {"wait", Fmt::num(m_options.reportedWait)},
                                     {"rcount", Fmt::num(old.rcount)}, {"size", Fmt::num(old.sizeMb)}});
        }
    }

    // Size from the generated files: the first record's files times the record count.
    std::optional<SimSelection> sample = m_source.select(ds, 1, &err);
    if (!sample)
        return error4(QStringLiteral("Bad record-set query '%1'.\n").arg(ds));
    const qint64 files = nrec * sample->segments.size();
    const qint64 bytes = estimateBytes(*sample, nrec, ProcessingChain::parse(process));
    const qint64 sizeMb = bytes <= 0 ? 0 : qMax<qint64>(1, (bytes + 1048575) / 1048576);
    if (sizeMb > m_options.maxSizeMb)
        return Fmt::compact({{"requestid", Fmt::str(QStringLiteral("VOID"))}, {"method", Fmt::str(method)},
                             {"protocol", Fmt::str(protocol)}, {"wait", "0"}, {"status", "3"}, {"count", Fmt::num(files)},
                             {"size", Fmt::num(sizeMb)},
                             {"error", Fmt::str(QStringLiteral("Request exceeds max byte limit of %1MB").arg(m_options.maxSizeMb))}});

    if (quick) {
        if (nrec == 0 || sample->segments.isEmpty())
            return error4(QStringLiteral("There are no files in this RecordSet"));
        std::optional<SimSelection> sel = m_source.select(ds, limit, &err);
        if (!sel)
            return error4(QStringLiteral("Bad record-set query '%1'.\n").arg(ds));
        QByteArray data("[");
        int n = 0;
        for (const SimRecord &rec : sel->records) {
            for (const SimSegment &seg : sel->segments) {
                if (n++)
                    data.append(',');
                const QString path = segmentPath(sel->series, rec, seg);
                data.append("{\"record\":" + Fmt::str(rec.spec + QLatin1Char('{') + seg.name + QLatin1Char('}'))
                            + ",\"filename\":" + Fmt::str(path) + '}');
            }
        }
        data.append(']');
        return Fmt::compact({{"rcount", Fmt::num(sel->records.size())}, {"count", Fmt::num(n)}, {"size", Fmt::num(sizeMb)},
                             {"dir", "\"\""}, {"data", data}, {"requestid", "\"\""}, {"method", Fmt::str(method)},
                             {"protocol", Fmt::str(protocol)}, {"wait", "0"}, {"status", "0"}});
    }

    // Per-user limit on pending requests (status 7); like CheckUserLoad, a request pending for more
    // than an hour no longer counts, so a stuck one stops blocking the address.
    QStringList pendingIds;
    for (const auto &r : pendingOf(notify))
        if (ageMs(*r) < qint64(kPendingTimeoutMinutes) * 60000)
            pendingIds.append(r->id);
    if (pendingIds.size() >= m_options.maxPendingPerUser)
        return Fmt::compact({{"status", "7"},
                             {"error", Fmt::str(QStringLiteral("User %1 has %2 pending export requests (%3); please wait until "
                                                               "at least one request has completed before submitting a new one.")
                                                    .arg(AddressBook::decodeAgain(notify))
                                                    .arg(pendingIds.size())
                                                    .arg(pendingIds.join(QLatin1Char(','))))}});

    std::optional<SimSelection> sel = nrec > 0 ? m_source.select(ds, limit, &err) : sample;
    if (!sel)
        return error4(QStringLiteral("Bad record-set query '%1'.\n").arg(ds));

    auto req = std::make_shared<Request>();
    req->id = newRequestId();
    req->notify = notify;
    req->ds = ds;
    req->method = method;
    req->protocol = protocol;
    req->filenamefmt = filenamefmt;
    req->process = process;
    req->dupKey = dupKey;
    req->series = sel->series;
    req->bornMs = clockMs();
    req->createdUtc = now();
    req->stuck = m_options.stuck;
    req->sizeMb = sizeMb;
    req->asIs = asIs;
    req->tar = methodL.endsWith(QLatin1String("-tar"));
    req->dir = exportDir(++m_dirCounter);
    if (nrec == 0)
        req->failure = QStringLiteral("RecordSet specified does not exist");
    else
        req->rcount = sel->records.size();
    req->chain = chain;
    req->outSeries = chain.outputSeries(sel->series);
    req->moreQuery = ds.mid(ds.indexOf(QLatin1Char(']')) + 1);
    if (!sel->segments.isEmpty())
        req->firstSegment = sel->segments.first();
    if (req->failure.isEmpty())
        req->failure = chain.refusal(sel->series);
    for (const ProcessingStep &step : chain.steps())
        if (req->failure.isEmpty() && step.name == QLatin1String("rebin"))
            req->failure = Rebin::check(step);
    if (req->failure.isEmpty() && nrec > 0 && !sel->segments.isEmpty()) {
        // im_patch finds its reference image and sizes its box before the first frame: what it
        // cannot do fails the export, in im_patch's words.
        if (const ProcessingStep *patch = chain.find(QStringLiteral("im_patch"))) {
            QString why;
            const std::optional<FitsPlane> ref = referenceImage(*req, *patch, &why);
            if (!ref || !ImPatch::plan(*patch, *ref, &why))
                req->failure = why;
        }
    }

    const QString fmt = filenamefmt.isEmpty() && !sel->records.isEmpty()
                            ? Fmt::defaultFilenameFmt(sel->series, sel->records.first())
                            : filenamefmt;
    int counter = 0;
    if (nrec > 0) {
        for (const SimRecord &rec : sel->records) {
            for (const SimSegment &seg : sel->segments) {
                Request::Item item;
                auto entry = std::make_shared<FileEntry>();
                if (jpeg) {
                    // jsoc_export_as_images names its files itself (render_image outid=time), from the
                    // full-resolution image binned by size=.
                    const int size = processingSize(seg);
                    const QString tRec = rec.primeKeys.isEmpty() ? QString() : rec.primeKeys.first().second;
                    item.record = chain.isEmpty() ? rec.spec
                                                  : req->outSeries + rec.spec.mid(sel->series.size()) + QLatin1Char('[') + req->id + QLatin1Char(']');
                    item.filename = JpegExport::fileName(req->outSeries, tRec, size / JpegExport::parseProtocol(protocol).size);
                    if (item.filename.isEmpty())
                        item.filename = QStringLiteral("%1_%2.jpg").arg(++counter, 4, 10, QLatin1Char('0')).arg(req->outSeries);
                    entry->sourceSize = size;
                    entry->filename = item.filename;
                    entry->jpeg = true;
                } else if (chain.isEmpty()) {
                    // As-is exports list each file under its record and segment (drms test_export_asis_basic).
                    item.record = asIs ? rec.spec + QLatin1Char('{') + seg.name + QLatin1Char('}') : rec.spec;
                    item.filename = Fmt::expandFilename(fmt, sel->series, rec, Fmt::segmentFileName(seg), ++counter);
                } else {
                    // Processed records live in the output series, one per request (RequestID is
                    // the extra prime key of JSOC's _mod series), each segment stored as <segment>.fits.
                    item.record = req->outSeries + rec.spec.mid(sel->series.size()) + QLatin1Char('[') + req->id + QLatin1Char(']');
                    item.filename = Fmt::expandFilename(fmt, req->outSeries, rec, seg.name + QStringLiteral(".fits"), ++counter);
                    entry->sourceSize = processingSize(seg);
                    entry->filename = item.filename;
                }
                item.urlPath = req->dir + QLatin1Char('/') + item.filename;
                item.source = rec;
                req->items.append(item);
                entry->kind = FileEntry::Kind::Image;
                entry->spec = SolarImageSpec{sel->series, seg.name, rec.spec, rec.recnum, rec.primeKeys};
                entry->owned = true;
                entry->owner = req;
                m_files.insert(item.urlPath, entry);
            }
        }
    }
    auto addArtefact = [&](FileEntry::Kind kind, const QString &name) {
        auto entry = std::make_shared<FileEntry>();
        entry->kind = kind;
        entry->owned = true;
        entry->owner = req;
        m_files.insert(req->dir + QLatin1Char('/') + name, entry);
    };
    addArtefact(FileEntry::Kind::IndexJson, QStringLiteral("index.json"));
    addArtefact(FileEntry::Kind::IndexTxt, QStringLiteral("index.txt"));
    if (asIs)
        addArtefact(FileEntry::Kind::Keywords, req->id + QStringLiteral(".keywords.txt"));
    if (req->tar)
        addArtefact(FileEntry::Kind::Tar, req->id + QStringLiteral(".tar"));

    m_requests.append(req);
    m_requestById.insert(req->id, req);
    return Fmt::compact({{"status", "2"}, {"requestid", Fmt::str(req->id)}, {"method", Fmt::str(method)},
                         {"protocol", Fmt::str(protocol)}, {"wait", Fmt::num(m_options.reportedWait)},
                         {"rcount", Fmt::num(req->rcount)}, {"size", Fmt::num(sizeMb)}});
}

int ExportDesk::statusOf(const Request &req, qint64 *waitSeconds) const
{
    const qint64 t = ageMs(req);
    const qint64 q = qMax(0, m_options.queuedMs);
    const qint64 p = qMax(0, m_options.processingMs);
    *waitSeconds = qMax<qint64>(0, (q + p - t + 999) / 1000);
    if (req.cancelled)
        return 4;
    if (req.stuck)
        return 2;
    if (t < q)
        return 2;
    if (t < q + p)
        return 1;
    if (!req.failure.isEmpty())
        return 4;
    if (t >= q + p + qMax(0, m_options.expireMs))
        return 5;
    return 0;
}

QByteArray ExportDesk::expStatus(const QHash<QString, QString> &params)
{
    const QString id = params.value(QStringLiteral("requestid")).trimmed();
    if (id.isEmpty())
        return error4(QStringLiteral("RequestID must be provided"));
    static const QRegularExpression idRe(QStringLiteral(R"(^JSOC_[0-9]{8}_[0-9]+(_IN)?$)"));
    if (!idRe.match(id).hasMatch())
        return error4(QStringLiteral("Bad RequestID '%1' provided.").arg(id));
    const auto req = m_requestById.value(id);
    if (!req)
        return error4(QStringLiteral("invalid export DRMS record for ID `%s`") + id);
    if (m_options.status6First && req->polls++ == 0)
        return Fmt::compact({{"status", "6"}, {"error", Fmt::str(QStringLiteral("Cant locate export request: jsoc.export[%1]").arg(id))}});
    if (!m_options.status6First)
        ++req->polls;

    qint64 wait = 0;
    const int st = statusOf(*req, &wait);
    Fmt::Fields fields = {{"status", Fmt::num(st)},           {"requestid", Fmt::str(id)},
                          {"method", Fmt::str(req->method)},  {"protocol", Fmt::str(req->protocol)},
                          {"wait", Fmt::num(wait)},           {"rcount", "0"},
                          {"size", Fmt::num(req->sizeMb)}};
    switch (st) {
    case 0:
        return indexJson(*req);
    case 1:
    case 2:
        return Fmt::compact(fields);
    case 4:
        fields[4].second = "999999";
        fields.append({"error", Fmt::str(req->failure)});
        fields.append({"contact", Fmt::str(QString::fromLatin1(kContact))});
        return Fmt::compact(fields);
    default:
        fields[4].second = "999999";
        fields.append({"error", Fmt::str(QStringLiteral("Request was completed but is now deleted, 7 day limit exceeded"))});
        fields.append({"contact", Fmt::str(QString::fromLatin1(kContact))});
        return Fmt::compact(fields);
    }
}

QString ExportDesk::newRequestId()
{
    const QString day = now().toString(QStringLiteral("yyyyMMdd"));
    if (day != m_idDay) {
        m_idDay = day;
        m_idCounter = 0;
    }
    return QStringLiteral("JSOC_%1_%2").arg(day).arg(++m_idCounter, 3, 10, QLatin1Char('0'));
}

QString ExportDesk::exportDir(int serial) const
{
    return QStringLiteral("/SUM%1/D%2/S00000").arg(60 + serial % 20).arg(1278070721LL + serial);
}

// ---------------------------------------------------------------------------------------------
// Export directory documents

static QString expTime(const QDateTime &createdUtc, const ExportDeskOptions &o)
{
    return createdUtc.addMSecs(qMax(0, o.queuedMs) + qMax(0, o.processingMs)).toString(QStringLiteral("yyyy.MM.dd_HH:mm:ss")) + QStringLiteral("_UT");
}

QByteArray ExportDesk::indexJson(const Request &req) const
{
    QList<QPair<QByteArray, QString>> head;
    const QString count = QString::number(req.items.size());
    const QString size = QString::number(req.sizeMb);
    if (req.asIs) {
        head = {{"version", QStringLiteral("1")}, {"requestid", req.id}, {"method", req.method},
                {"protocol", req.protocol},       {"wait", QStringLiteral("0")}, {"count", count},
                {"size", size},                   {"status", QStringLiteral("0")}, {"dir", req.dir},
                {"keywords", req.dir + QLatin1Char('/') + req.id + QStringLiteral(".keywords.txt")}};
    } else {
        head = {{"version", QStringLiteral("0.5")}, {"requestid", req.id}, {"method", req.method},
                {"protocol", req.protocol},         {"count", count},      {"size", size},
                {"exptime", expTime(req.createdUtc, m_options)}, {"dir", req.dir},
                {"status", QStringLiteral("0")},    {"keywords", QStringLiteral("**IN FITS FILES**")}};
    }
    if (req.tar)
        head.append({"tarfile", req.dir + QLatin1Char('/') + req.id + QStringLiteral(".tar")});

    QByteArray out("{\n");
    for (const auto &kv : head)
        out += "\t\"" + kv.first + "\": " + Fmt::str(kv.second) + ",\n";
    out += "\t\"data\": [";
    for (int i = 0; i < req.items.size(); ++i) {
        if (i)
            out += ",\n\t";
        out += "{\n\t\t\"record\": " + Fmt::str(req.items[i].record) + ",\n\t\t\"filename\": "
               + Fmt::str(req.items[i].filename) + "\n\t}";
    }
    out += "]\n}\n";
    return out;
}

QByteArray ExportDesk::indexTxt(const Request &req) const
{
    QString out = QStringLiteral("# JSOC Export File List\n");
    out += QStringLiteral("version=%1\nrequestid=%2\nmethod=%3\nprotocol=%4\n")
               .arg(req.asIs ? QStringLiteral("1") : QStringLiteral("0.5"), req.id, req.method, req.protocol);
    if (req.asIs)
        out += QStringLiteral("wait=0\n");
    out += QStringLiteral("count=%1\nsize=%2\n").arg(req.items.size()).arg(req.sizeMb);
    if (!req.asIs)
        out += QStringLiteral("exptime=%1\n").arg(expTime(req.createdUtc, m_options));
    out += QStringLiteral("dir=%1\nstatus=0\n# DATA\n").arg(req.dir);
    for (const auto &item : req.items)
        out += item.record + QLatin1Char('\t') + item.filename + QLatin1Char('\n');
    return out.toUtf8();
}

QByteArray ExportDesk::keywordsTxt(const Request &req) const
{
    QString out;
    QString last;
    for (const auto &item : req.items) {
        // One block per record, however many of its segments are listed as files.
        if (item.source.spec == last)
            continue;
        last = item.source.spec;
        out += QStringLiteral("# %1\n").arg(item.source.spec);
        for (const auto &kv : item.source.primeKeys)
            out += kv.first + QLatin1Char('=') + kv.second + QLatin1Char('\n');
        out += QStringLiteral("RECNUM=%1\n\n").arg(item.source.recnum);
    }
    return out.toUtf8();
}

// ---------------------------------------------------------------------------------------------
// Files

QString ExportDesk::segmentPath(const QString &series, const SimRecord &record, const SimSegment &segment)
{
    const qint64 group = static_cast<qint64>(fnv(series.toLower()) % 9000 + 1000) * 100000 + record.recnum / 100000;
    const QString path = QStringLiteral("/SUM%1/D%2/S%3/%4")
                             .arg(1 + group % 99)
                             .arg(group)
                             .arg(record.recnum % 100000, 5, 10, QLatin1Char('0'))
                             .arg(Fmt::segmentFileName(segment));
    if (!m_files.contains(path))
        registerFile(path, series, record, segment);
    return path;
}

QString ExportDesk::registerFile(const QString &urlPath, const QString &series, const SimRecord &record,
                                 const SimSegment &segment)
{
    auto entry = std::make_shared<FileEntry>();
    entry->kind = FileEntry::Kind::Image;
    entry->spec = SolarImageSpec{series, segment.name, record.spec, record.recnum, record.primeKeys};
    const QStringList dims = segment.dims.split(QLatin1Char('x'));
    if (dims.size() == 2 && dims[0] == dims[1] && dims[0].toInt() >= 8)
        entry->storedEdge = dims[0].toInt();
    m_files.insert(urlPath, entry);
    return urlPath;
}

qint64 ExportDesk::estimateBytes(const SimSelection &sample, qint64 recordCount, const ProcessingChain &chain)
{
    if (sample.records.isEmpty() || recordCount <= 0)
        return 0;
    qint64 perRecord = 0;
    for (const SimSegment &seg : sample.segments) {
        const SolarImageSpec spec{sample.series, seg.name, sample.records.first().spec, sample.records.first().recnum,
                                  sample.records.first().primeKeys};
        QString err;
        const QString path = m_cache->imagePath(spec, m_options.imageSize, &err);
        qint64 bytes = path.isEmpty() ? 2LL * m_options.imageSize * m_options.imageSize : QFileInfo(path).size();
        std::optional<FitsPlane> header = chain.isEmpty() || path.isEmpty() ? std::nullopt : FitsPlane::readHeader(path, &err);
        if (header && header->nx > 0) {
            // Like JSOC, the size after processing: the steps' ratio on the stored (full-size) image,
            // whose geometry is this small file's scaled up.
            const int full = processingSize(seg);
            const double k = double(header->nx) / full;
            for (const char *key : {"CDELT1", "CDELT2"})
                if (const auto v = header->number(key))
                    header->setNumber(key, *v * k);
            for (const char *key : {"CRPIX1", "CRPIX2"})
                if (const auto v = header->number(key))
                    header->setNumber(key, (*v - 0.5) / k + 0.5);
            header->nx = header->ny = full;
            bytes = qint64(double(bytes) * ExportProcessing::sizeRatio(chain, *header));
        }
        perRecord += bytes;
    }
    return perRecord * recordCount;
}

QString ExportDesk::materialise(const QString &urlPath)
{
    const auto entry = m_files.value(urlPath);
    if (!entry)
        return {};
    std::shared_ptr<Request> owner = entry->owner.lock();
    if (entry->owned) {
        qint64 wait = 0;
        if (!owner || statusOf(*owner, &wait) != 0)
            return {}; // not finished yet, failed, or deleted
    }
    QString err;
    switch (entry->kind) {
    case FileEntry::Kind::Image:
        if (entry->sourceSize > 0 && owner)
            return processedFile(*entry, *owner, &err);
        if (!entry->owned && m_options.bareSegmentFiles && entry->storedEdge > 0)
            return m_cache->bareImagePath(entry->spec, entry->storedEdge, &err);
        return m_cache->imagePath(entry->spec, m_options.imageSize, &err);
    case FileEntry::Kind::IndexJson:
    case FileEntry::Kind::IndexTxt:
    case FileEntry::Kind::Keywords:
    case FileEntry::Kind::Tar:
        break;
    }
    if (!entry->diskPath.isEmpty() && QFileInfo::exists(entry->diskPath))
        return entry->diskPath;
    const QString base = QStringLiteral("exports/") + owner->id + QLatin1Char('/');
    switch (entry->kind) {
    case FileEntry::Kind::IndexJson:
        entry->diskPath = m_cache->writeBytes(base + QStringLiteral("index.json"), indexJson(*owner), &err);
        break;
    case FileEntry::Kind::IndexTxt:
        entry->diskPath = m_cache->writeBytes(base + QStringLiteral("index.txt"), indexTxt(*owner), &err);
        break;
    case FileEntry::Kind::Keywords:
        entry->diskPath = m_cache->writeBytes(base + owner->id + QStringLiteral(".keywords.txt"), keywordsTxt(*owner), &err);
        break;
    case FileEntry::Kind::Tar: {
        QList<QPair<QString, QString>> members;
        for (const auto &item : owner->items) {
            const QString disk = materialise(item.urlPath);
            if (disk.isEmpty())
                return {};
            members.append({item.filename, disk});
        }
        const QString indexJsonDisk = materialise(owner->dir + QStringLiteral("/index.json"));
        const QString indexTxtDisk = materialise(owner->dir + QStringLiteral("/index.txt"));
        if (!indexJsonDisk.isEmpty())
            members.append({QStringLiteral("index.json"), indexJsonDisk});
        if (!indexTxtDisk.isEmpty())
            members.append({QStringLiteral("index.txt"), indexTxtDisk});
        const QString tarPath = m_cache->root() + QLatin1Char('/') + base + owner->id + QStringLiteral(".tar");
        QDir().mkpath(QFileInfo(tarPath).absolutePath());
        if (FileServerTar::write(tarPath, members, owner->createdUtc.toSecsSinceEpoch(), &err))
            entry->diskPath = tarPath;
        break;
    }
    case FileEntry::Kind::Image:
        break;
    }
    return entry->diskPath;
}

int ExportDesk::processingSize(const SimSegment &segment) const
{
    if (m_options.processingImageSize > 0)
        return m_options.processingImageSize;
    const int dims = segment.dims.section(QLatin1Char('x'), 0, 0).toInt();
    return dims >= 8 ? dims : 4096;
}

std::optional<FitsPlane> ExportDesk::referenceImage(Request &req, const ProcessingStep &imPatch, QString *error)
{
    if (req.reference)
        return req.reference;
    const QString locunits = imPatch.arg(QStringLiteral("locunits"));
    const QString tRefText = imPatch.arg(QStringLiteral("t_ref"));
    std::optional<double> tRef = drms::parseTime(tRefText);
    if (!tRef && locunits.startsWith(QLatin1String("carr"), Qt::CaseInsensitive)) {
        // Carrington positions need no reference time; any frame gives the box's pixel size.
        std::optional<SimSelection> any = m_source.select(req.ds, 1, error);
        if (any && !any->records.isEmpty())
            tRef = drms::parseTime(any->records.first().primeKeys.value(0).second);
    }
    if (!tRef) {
        *error = QStringLiteral("t_ref must be provided for locunits!=carrlong");
        return std::nullopt;
    }
    // im_patch: the record nearest t_ref, searched in windows of +-15 s doubling up to 2 hours.
    for (double half = 15; half < 10000; half *= 2) {
        const QString query = QStringLiteral("%1[%2-%3]%4")
                                  .arg(req.series, drms::formatTime(*tRef - half), drms::formatTime(*tRef + half), req.moreQuery);
        QString err;
        const std::optional<SimSelection> near = m_source.select(query, 0, &err);
        if (!near || near->records.isEmpty() || near->segments.isEmpty())
            continue;
        const SimRecord *best = nullptr;
        double bestGap = 1e300;
        for (const SimRecord &r : near->records) {
            const std::optional<double> t = drms::parseTime(r.primeKeys.value(0).second);
            if (t && std::abs(*t - *tRef) < bestGap) {
                bestGap = std::abs(*t - *tRef);
                best = &r;
            }
        }
        if (!best)
            continue;
        const SimSegment &seg = near->segments.first();
        const SolarImageSpec spec{near->series, seg.name, best->spec, best->recnum, best->primeKeys};
        const QString path = m_cache->imagePath(spec, processingSize(seg), error);
        if (path.isEmpty())
            return std::nullopt;
        req.reference = FitsPlane::read(path, error);
        return req.reference;
    }
    *error = QStringLiteral("No input data found within 2-hours of t_ref %1").arg(tRefText);
    return std::nullopt;
}

QString ExportDesk::processedFile(const FileEntry &entry, Request &owner, QString *error)
{
    const QString target = m_cache->root() + QStringLiteral("/processed/") + owner.id + QLatin1Char('/') + entry.filename;
    if (QFileInfo::exists(target))
        return target;
    const QString source = m_cache->imagePath(entry.spec, entry.sourceSize, error);
    if (source.isEmpty())
        return {};
    auto reference = [this, &owner](const ProcessingStep &step, QString *why) { return referenceImage(owner, step, why); };
    if (entry.jpeg) {
        const std::optional<FitsPlane> image = ExportProcessing::apply(owner.chain, source, reference, error);
        if (!image || !JpegExport::write(*image, JpegExport::parseProtocol(owner.protocol), target, error))
            return {};
        return target;
    }
    if (!ExportProcessing::run(owner.chain, source, target, reference, error))
        return {};
    return target;
}

QString ExportDesk::diskPath(const QString &path)
{
    return materialise(path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path);
}

QHttpServerResponse ExportDesk::file(const QString &path, const QHttpServerRequest &request)
{
    QString p = path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
    while (p.contains(QLatin1String("//")))
        p.replace(QLatin1String("//"), QLatin1String("/"));
    const QString disk = materialise(p);
    if (disk.isEmpty())
        return FileServer::notFound(p);
    return FileServer::serve(disk, request);
}

} // namespace sim

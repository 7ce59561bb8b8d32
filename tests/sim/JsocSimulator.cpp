#include "sim/JsocSimulator.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>

#include "sim/AddressBook.h"
#include "sim/FaultFront.h"
#include "sim/FaultPlan.h"
#include "sim/JsocInfo.h"
#include "sim/RecordRegistry.h"
#include "sim/SeriesCatalog.h"
#include "sim/SeriesFactory.h"
#include "sim/SeriesLists.h"
#include "sim/SimLog.h"
#include "sim/SimRecordSourceImpl.h"

#if __has_include("sim/ExportDesk.h")
#include "sim/ExportDesk.h"
#define JSOCSIM_HAVE_EXPORT_DESK 1
#endif

namespace sim {

namespace {

QString samplesDir()
{
    return QStringLiteral(JSOC_SHARED_DIR "/jsoc-samples");
}

CgiParams paramsOf(const QHttpServerRequest &req)
{
    QByteArray body;
    if (req.method() == QHttpServerRequest::Method::Post)
        body = req.body();
    return parseCgiParams(req.url().query(QUrl::FullyEncoded).toLatin1(), body);
}

QHttpServerResponse toResponse(const CgiReply &r)
{
    QHttpServerResponse resp(r.contentType, r.body, QHttpServerResponder::StatusCode(r.httpStatus));
    resp.setHeader("Server", "Apache/2.2.3 (CentOS)");
    return resp;
}

// The fault front marks requests whose JSON body must come out broken (see FaultFront).
QHttpServerResponse maybeCorrupt(QHttpServerResponse &&resp, const QHttpServerRequest &req)
{
    const QByteArray mark = req.value("X-Jsoc-Sim-Fault");
    if (!mark.startsWith("malformed-json"))
        return std::move(resp);
    QByteArray body = resp.data();
    const int n = mark.mid(15).trimmed().toInt();
    body.truncate(n > 0 ? std::min<qsizetype>(n, body.size() - 1) : body.size() / 2);
    QHttpServerResponse cut(resp.mimeType(), body, resp.statusCode());
    return cut;
}

// Each request, as served: what a failing test or script asked of the simulator and got back.
QHttpServerResponse served(const QHttpServerRequest &req, QHttpServerResponse &&resp)
{
    qCDebug(lcSim).noquote() << QStringLiteral("%1 %2: HTTP %3, %4 bytes")
                                    .arg(req.method() == QHttpServerRequest::Method::Post ? QStringLiteral("POST")
                                                                                          : QStringLiteral("GET"),
                                         req.url().toString(QUrl::RemoveScheme | QUrl::RemoveAuthority),
                                         QString::number(int(resp.statusCode())), QString::number(resp.data().size()));
    return std::move(resp);
}

QHttpServerResponse notFound(const QString &path)
{
    const QByteArray body = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n"
                            "</head><body>\n<h1>Not Found</h1>\n<p>The requested URL " + path.toHtmlEscaped().toUtf8()
                            + " was not found on this server.</p>\n</body></html>\n";
    return QHttpServerResponse("text/html; charset=iso-8859-1", body, QHttpServerResponder::StatusCode::NotFound);
}

} // namespace

JsocSimulator::JsocSimulator(QObject *parent)
    : QObject(parent)
    , m_catalog(std::make_unique<SeriesCatalog>(samplesDir() + "/series_catalog_aia_hmi_mdi.json"))
    , m_factory(std::make_unique<SeriesFactory>(*m_catalog, samplesDir()))
    , m_source(std::make_unique<SimRecordSourceImpl>(*m_factory))
    , m_info(std::make_unique<JsocInfo>(*m_factory))
    , m_lists(std::make_unique<SeriesLists>(*m_catalog, *m_factory))
    , m_faults(std::make_unique<FaultPlan>())
{
    if (!m_catalog->loadError().isEmpty())
        qCWarning(lcSim, "%s", qPrintable(m_catalog->loadError()));
#ifdef JSOCSIM_HAVE_EXPORT_DESK
    m_desk = new ExportDesk(*m_source, this);
    m_info->setSegmentPathProvider([this](const SelectedRecord &r, const SegmentDef &seg) {
        SimRecord rec;
        rec.spec = recordspace::spec(*r.series, r.coord);
        RecordRegistry::remember(rec.spec, RecordIdentity{m_factory->series(r.series->name), r.coord}); // file = record
        rec.recnum = r.recnum();
        rec.sunum = JsocInfo::sunumOf(r);
        rec.recordDir = JsocInfo::recordDir(r);
        for (int p = 0; p < r.series->pkeys.size(); ++p)
            rec.primeKeys.append({r.series->pkeys[p].name, recordspace::keyText(*r.series, p, r.coord[size_t(p)])});
        return m_desk->segmentPath(r.series->name, rec, SimSegment{seg.name, seg.protocol, seg.dims.value_or(QString())});
    });
#endif
    m_http = new QHttpServer(this);
    m_front = new FaultFront(*m_faults, this);
    installRoutes();
}

JsocSimulator::~JsocSimulator() = default;

void JsocSimulator::installRoutes()
{
    m_http->route("/cgi-bin/ajax/jsoc_info", [this](const QHttpServerRequest &req) {
        return served(req, maybeCorrupt(toResponse(m_info->handle(paramsOf(req))), req));
    });
    m_http->route("/cgi-bin/ajax/show_series", [this](const QHttpServerRequest &req) {
        const QByteArray raw = req.method() == QHttpServerRequest::Method::Post ? req.body()
                                                                                : req.url().query(QUrl::FullyEncoded).toLatin1();
        return served(req, maybeCorrupt(toResponse(m_lists->showSeries(raw)), req));
    });
    m_http->route("/cgi-bin/ajax/showextseries", [this](const QHttpServerRequest &req) {
        return served(req, maybeCorrupt(toResponse(m_lists->showExtSeries(paramsOf(req))), req));
    });
    m_http->route("/cgi-bin/ajax/jsoc_fetch", [this](const QHttpServerRequest &req) {
        if (!m_desk)
            return served(req, notFound(req.url().path()));
        return served(req, maybeCorrupt(m_desk->fetch(req), req));
    });
    m_http->route("/cgi-bin/ajax/checkAddress.sh", [this](const QHttpServerRequest &req) {
        if (!m_desk)
            return served(req, notFound(req.url().path()));
        return served(req, maybeCorrupt(m_desk->checkAddress(req), req));
    });
    m_http->route("/cgi-bin/ajax/manage-request.sh", [this](const QHttpServerRequest &req) {
        if (!m_desk)
            return served(req, notFound(req.url().path()));
        return served(req, maybeCorrupt(m_desk->manageRequest(req), req));
    });
    // Not JSOC: the simulator's own control, so a script can age the export desk's requests
    // (JSOC's 60-minute pending rule) without waiting an hour.
    m_http->route("/jsoc-sim/advance-clock", [this](const QHttpServerRequest &req) {
        bool ok = false;
        const qint64 minutes = paramsOf(req).value(QStringLiteral("minutes")).toLongLong(&ok);
        if (!m_desk || !ok || minutes < 0 || minutes > 60LL * 24 * 366 * 10)
            return served(req, QHttpServerResponse("text/plain", "minutes=N wanted (0 to 10 years of minutes)\n",
                                                   QHttpServerResponder::StatusCode::BadRequest));
        m_desk->advanceClock(minutes * 60000);
        return served(req, QHttpServerResponse("text/plain", "export desk clock now " + m_desk->now().toString(Qt::ISODate).toLatin1() + "\n"));
    });
    m_http->setMissingHandler([this](const QHttpServerRequest &req, QHttpServerResponder &&responder) {
        const QString path = req.url().path();
        if (m_desk && path.startsWith(QLatin1String("/SUM"))) {
            served(req, m_desk->file(path, req)).write(std::move(responder));
            return;
        }
        served(req, notFound(path)).write(std::move(responder));
    });
}

bool JsocSimulator::listen(const QHostAddress &address, quint16 port, Front front)
{
    if (front == Front::Direct) {
        m_directPort = m_http->listen(address, port);
        m_directAddress = address;
        m_direct = m_directPort != 0;
        return m_direct;
    }
    const quint16 internal = m_http->listen(QHostAddress::LocalHost, 0);
    if (internal == 0)
        return false;
    return m_front->listen(address, port, internal);
}

QUrl JsocSimulator::url() const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    const QHostAddress a = m_direct ? m_directAddress : m_front->address();
    u.setHost(a.isNull() || a == QHostAddress::Any || a == QHostAddress::AnyIPv4 ? QStringLiteral("127.0.0.1") : a.toString());
    u.setPort(port());
    return u;
}

quint16 JsocSimulator::port() const
{
    return m_direct ? m_directPort : m_front->port();
}

bool JsocSimulator::addFault(const Fault &fault)
{
    if (m_direct) {
        qCWarning(lcSim, "a fault cannot be injected without the fault relay (Front::Direct); ignored");
        return false;
    }
    m_faults->add(fault);
    return true;
}

void JsocSimulator::clearFaults()
{
    m_faults->clear();
}

void JsocSimulator::setFaultSeed(quint32 seed)
{
    m_faults->setSeed(seed);
}

int JsocSimulator::requestCount(const QString &pathContains) const
{
    return m_faults->requestCount(pathContains);
}

const SimRecordSource &JsocSimulator::recordSource() const
{
    return *m_source;
}

ExportDesk *JsocSimulator::exportDesk() const
{
    return m_desk;
}

bool JsocSimulator::registerAddress(const QString &address)
{
    return m_desk && m_desk->addressBook().registerAddress(address);
}

int JsocSimulator::seriesCount() const
{
    return m_catalog->count();
}

} // namespace sim

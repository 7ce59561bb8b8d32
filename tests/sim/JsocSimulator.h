#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QUrl>
#include <memory>

#include "sim/SimFault.h"

class QHttpServer;

// A loopback JSOC server for tests: the jsoc_info / show_series / showextseries CGIs answered
// byte-for-byte like JSOC (protocol notes), records synthesised on the fly from prime keys, the
// export desk (jsoc_fetch, checkAddress.sh, manage-request.sh, /SUM… files) from ExportDesk, and
// fault injection.
//
// Usage:  sim::JsocSimulator s; s.listen(); QUrl base = s.url();   // http://127.0.0.1:PORT
//         base.resolved(QUrl("/cgi-bin/ajax/jsoc_info?op=rs_list&ds=hmi.M_45s[$]&key=T_REC"))
//
// Requests go through a small socket-level front (FaultFront) on the public port that forwards to
// the internal QHttpServer; the front exists because QHttpServer cannot stall or cut a response.
// One route is the simulator's own, not JSOC's: GET /jsoc-sim/advance-clock?minutes=N moves the
// export desk's clock forward (ExportDesk::advanceClock) for scripts that test JSOC's time rules.
namespace sim {

class ExportDesk;
class FaultFront;
class SimRecordSource;
class FaultPlan;
class JsocInfo;
class SeriesCatalog;
class SeriesFactory;
class SeriesLists;
class SimRecordSourceImpl;

class JsocSimulator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsocSimulator)

public:
    explicit JsocSimulator(QObject *parent = nullptr);
    ~JsocSimulator() override;

    // How requests reach the server. The fault relay (default) is what makes faults possible;
    // Direct serves from QHttpServer itself, one loopback hop less, for benchmarks that measure
    // clients and inject nothing: faults cannot be added then and requests are not counted.
    enum class Front { FaultRelay, Direct };

    // Listens on `address` (loopback by default; port 0 = any free port). False on failure.
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0, Front front = Front::FaultRelay);
    QUrl url() const;  // site root, e.g. http://127.0.0.1:PORT (no trailing slash)
    quint16 port() const;

    // Faults (see SimFault.h). Every fault is off until added. False (and ignored) in Front::Direct.
    bool addFault(const Fault &fault);
    void clearFaults();
    void setFaultSeed(quint32 seed);  // for rate-based faults; default seed 1
    // Requests seen on the public port whose target contains `pathContains` ("" = all),
    // including those answered by a fault.
    int requestCount(const QString &pathContains = QString()) const;

    // The record synthesiser as the export desk sees it.
    const SimRecordSource &recordSource() const;
    // The export desk (jsoc_fetch, checkAddress.sh, file downloads). Null when the
    // desk is not built into this version of the simulator.
    ExportDesk *exportDesk() const;
    // Registers `address` for exports (checkAddress.sh status 2, accepted as jsoc_fetch's notify).
    // Any other address is unregistered, as on JSOC. False for an address that is not valid.
    bool registerAddress(const QString &address);

    // Number of series names served by show_series / showextseries (about 45,000).
    int seriesCount() const;

private:
    void installRoutes();

    std::unique_ptr<SeriesCatalog> m_catalog;
    std::unique_ptr<SeriesFactory> m_factory;
    std::unique_ptr<SimRecordSourceImpl> m_source;
    std::unique_ptr<JsocInfo> m_info;
    std::unique_ptr<SeriesLists> m_lists;
    std::unique_ptr<FaultPlan> m_faults;
    QHttpServer *m_http = nullptr;     // internal server on an ephemeral loopback port
    FaultFront *m_front = nullptr;     // public port
    bool m_direct = false;             // Front::Direct: m_http is the public port
    QHostAddress m_directAddress;
    quint16 m_directPort = 0;
    ExportDesk *m_desk = nullptr;
};

} // namespace sim

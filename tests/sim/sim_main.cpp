// jsoc-sim: the JSOC simulator as a process, for script tests and manual use.
//   jsoc-sim [--host 127.0.0.1] [--port N] [--fault kind:value[:rate[:pathContains]]]... [--register ADDR]...
//   jsoc-sim --ephemeris TIME...   (prints the simulator's solar ephemeris, one JSON line a time)
// Prints "listening on http://HOST:PORT" as its first stdout line, then serves until killed.
// Scripts move the export desk's clock with GET /jsoc-sim/advance-clock?minutes=N (see JsocSimulator.h).
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QSocketNotifier>
#include <csignal>
#include <unistd.h>
#include <cstdio>

#include "model/drms/DrmsTime.h"
#include "sim/JsocSimulator.h"
#include "sim/SolarEphemeris.h"
#if __has_include("sim/ExportDesk.h")
#include "sim/AddressBook.h"
#include "sim/ExportDesk.h"
#define JSOCSIM_HAVE_EXPORT_DESK 1
#endif

namespace {

bool parseFault(const QString &text, sim::Fault *fault, QString *error)
{
    const QStringList p = text.split(':');
    static const QHash<QString, sim::Fault::Kind> kinds{
        {"latency", sim::Fault::Kind::Latency}, {"http500", sim::Fault::Kind::Http500},
        {"http503", sim::Fault::Kind::Http503}, {"stall", sim::Fault::Kind::Stall},
        {"drop", sim::Fault::Kind::DropAfterBytes}, {"dropafterbytes", sim::Fault::Kind::DropAfterBytes},
        {"malformed", sim::Fault::Kind::MalformedJson}, {"malformedjson", sim::Fault::Kind::MalformedJson},
    };
    const QString kind = p.value(0).toLower();
    if (!kinds.contains(kind)) {
        *error = QStringLiteral("unknown fault kind '%1' (latency, http500, http503, stall, drop, malformed)").arg(p.value(0));
        return false;
    }
    fault->kind = kinds.value(kind);
    bool ok = true;
    fault->value = p.size() > 1 && !p[1].isEmpty() ? p[1].toInt(&ok) : 0;
    if (!ok) {
        *error = QStringLiteral("fault value '%1' is not an integer").arg(p[1]);
        return false;
    }
    fault->times = -1;
    fault->rate = 1.0;
    if (p.size() > 2 && !p[2].isEmpty()) {
        fault->rate = p[2].toDouble(&ok);
        if (!ok || fault->rate <= 0 || fault->rate > 1) {
            *error = QStringLiteral("fault rate '%1' must be in (0, 1]").arg(p[2]);
            return false;
        }
    }
    if (p.size() > 3)
        fault->pathContains = p.mid(3).join(':');
    return true;
}

// One JSON object per time: the Earth values sunpy.coordinates.sun gives and the SDO observer
// keywords the simulator writes. Returns 2 when a time does not parse.
int printEphemeris(const QStringList &times)
{
    for (const QString &text : times) {
        QString error;
        const std::optional<double> tai = drms::parseTime(text, &error);
        if (!tai) {
            std::fprintf(stderr, "jsoc-sim: --ephemeris: '%s': %s\n", qPrintable(text), qPrintable(error));
            return 2;
        }
        const sim::Ephemeris e = sim::SolarEphemeris::at(*tai);
        std::printf("{\"time\":\"%s\",\"tai\":%.3f,\"jd_tt\":%.9f,\"earth_distance\":%.3f,\"b0\":%.9f,"
                    "\"l0\":%.9f,\"carrington_rotation_number\":%.9f,\"DSUN_OBS\":%.3f,\"RSUN_OBS\":%.6f,"
                    "\"CRLT_OBS\":%.9f,\"CRLN_OBS\":%.9f,\"crlt_iau\":%.9f,\"crln_iau\":%.9f,\"HGLN_OBS\":%.9f,\"CAR_ROT\":%d,"
                    "\"OBS_VR\":%.3f,\"OBS_VW\":%.3f,\"OBS_VN\":%.3f,\"sdo_geocentric\":[%.3f,%.3f,%.3f],\"sdo_j2000\":[%.3f,%.3f,%.3f]}\n",
                    qPrintable(drms::formatTime(*tai, drms::TimeStyle::Iso, 3)), *tai, e.jdTt, e.earthDistance,
                    e.earthB0, e.earthL0, e.earthRotation, e.dsunObs, e.rsunObs, e.crltObs, e.crlnObs, e.crltIau, e.crlnIau,
                    e.hglnObs, e.carRot, e.obsVr, e.obsVw, e.obsVn, e.sdoGeocentric[0], e.sdoGeocentric[1], e.sdoGeocentric[2],
                    e.sdoJ2000[0], e.sdoJ2000[1], e.sdoJ2000[2]);
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("jsoc-sim"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Loopback JSOC simulator (jsoc_info, show_series, showextseries, jsoc_fetch, files)."));
    parser.addHelpOption();
    parser.addOption({"host", "Address to listen on (loopback only unless --allow-remote).", "host", "127.0.0.1"});
    parser.addOption({"port", "Port (0 or none: any free port).", "port", "0"});
    parser.addOption({"allow-remote", "Allow a non-loopback --host (exposes the simulator to the network)."});
    parser.addOption({"fault", "Inject a fault into every request (or a share of them): kind:value[:rate[:pathContains]], "
                               "kind = latency (ms) | http500 | http503 | stall (body bytes; 0 nothing) | drop (body bytes) | malformed (bytes; 0 half).",
                      "spec"});
    parser.addOption({"seed", "Seed for rate-based faults.", "n", "1"});
    parser.addOption({"direct", "Serve without the fault relay, one loopback hop less (for benchmarks; no --fault)."});
    parser.addOption({"export-queued-ms", "Time a new export stays queued (status 2).", "ms"});
    parser.addOption({"export-processing-ms", "Time an export then reports processing (status 1).", "ms"});
    parser.addOption({"bare-segment-files", "Serve stored segment files (rs_list's /SUM paths) as SUMS keeps them: "
                                            "structural header cards only, at the segment's own dims."});
    parser.addOption({"export-status6-first", "First exp_status poll of a request answers status 6."});
    parser.addOption({"export-stuck", "Queued exports stay at status 2 for ever, until cancelled through "
                                      "manage-request.sh (drms issue #60)."});
    parser.addOption({"register", "Register ADDR for exports (repeatable). Also JSOC_SIM_REGISTERED=a@b,c@d. "
                                  "Every other address is unregistered, as on JSOC.", "ADDR"});
    parser.addOption({"pending", "ADDR's registration is pending (checkAddress status 3; exports refused) (repeatable).", "ADDR"});
    parser.addOption({"ephemeris", "Print the solar ephemeris (JSON lines) for each TIME argument and exit."});
    parser.addPositionalArgument("TIME", "With --ephemeris: times in any form JSOC accepts (2014-01-01T00:00:00Z, 2014.01.01_TAI).");
    parser.process(app);
    if (parser.isSet("ephemeris"))
        return printEphemeris(parser.positionalArguments());

    const QHostAddress host(parser.value("host"));
    if (host.isNull()) {
        std::fprintf(stderr, "jsoc-sim: '%s' is not an IP address\n", qPrintable(parser.value("host")));
        return 2;
    }
    if (!host.isLoopback() && !parser.isSet("allow-remote")) {
        std::fprintf(stderr, "jsoc-sim: refusing to listen on non-loopback address %s (use --allow-remote to force)\n",
                     qPrintable(host.toString()));
        return 2;
    }
    bool ok = false;
    const uint port = parser.value("port").toUInt(&ok);
    if (!ok || port > 65535) {
        std::fprintf(stderr, "jsoc-sim: bad --port '%s'\n", qPrintable(parser.value("port")));
        return 2;
    }

    const bool direct = parser.isSet("direct");
    if (direct && parser.isSet("fault")) {
        std::fprintf(stderr, "jsoc-sim: --fault needs the fault relay; it cannot be used with --direct\n");
        return 2;
    }
    sim::JsocSimulator simulator;
    simulator.setFaultSeed(parser.value("seed").toUInt());
    for (const QString &spec : parser.values("fault")) {
        sim::Fault f;
        QString error;
        if (!parseFault(spec, &f, &error)) {
            std::fprintf(stderr, "jsoc-sim: --fault %s: %s\n", qPrintable(spec), qPrintable(error));
            return 2;
        }
        simulator.addFault(f);
    }
#ifdef JSOCSIM_HAVE_EXPORT_DESK
    if (sim::ExportDesk *desk = simulator.exportDesk()) {
        if (parser.isSet("export-queued-ms"))
            desk->options().queuedMs = parser.value("export-queued-ms").toInt();
        if (parser.isSet("export-processing-ms"))
            desk->options().processingMs = parser.value("export-processing-ms").toInt();
        if (parser.isSet("bare-segment-files"))
            desk->options().bareSegmentFiles = true;
        if (parser.isSet("export-status6-first"))
            desk->options().status6First = true;
        if (parser.isSet("export-stuck"))
            desk->options().stuck = true;
        QStringList addresses = parser.values("register");
        addresses += qEnvironmentVariable("JSOC_SIM_REGISTERED").split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &address : std::as_const(addresses)) {
            if (!simulator.registerAddress(address.trimmed())) {
                std::fprintf(stderr, "jsoc-sim: cannot register '%s': not a valid e-mail address\n", qPrintable(address));
                return 2;
            }
        }
        for (const QString &address : parser.values("pending"))
            desk->addressBook().setStatus(address.trimmed(), 3);
    }
#endif
    if (!simulator.listen(host, quint16(port), direct ? sim::JsocSimulator::Front::Direct : sim::JsocSimulator::Front::FaultRelay)) {
        std::fprintf(stderr, "jsoc-sim: cannot listen on %s:%u\n", qPrintable(host.toString()), port);
        return 1;
    }
    const QUrl url = simulator.url();
    std::printf("listening on %s\n", qPrintable(url.toString()));
    std::fflush(stdout);
    // SIGTERM/SIGINT end the event loop normally, so the export desk's temporary folder of
    // generated FITS files is removed instead of being left in /tmp. The handler only writes a
    // byte to a pipe (async-signal-safe); the event loop reads it and quits.
    static int quitPipe[2] = {-1, -1};
    if (::pipe(quitPipe) == 0) {
        auto *notifier = new QSocketNotifier(quitPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
        auto onSignal = [](int) { [[maybe_unused]] auto n = ::write(quitPipe[1], "q", 1); };
        std::signal(SIGTERM, onSignal);
        std::signal(SIGINT, onSignal);
    }
    return app.exec();
}

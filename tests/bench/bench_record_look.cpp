// The instant look (issue 16): time from RecordLook::show(row) to the decoded image the preview
// draws, for a 1024² Rice-compressed segment (mdi.fd_M_96m_lev182, MDI's full-disk magnetogram:
// the one real series the simulator has with 1024² segments) served on loopback by a SEPARATE
// jsoc-sim process that serves stored files as SUMS keeps them (--bare-segment-files --direct).
// Cold: an empty cache (rs_list + file + header built + decoded); warm: the cached file decoded.
// Reference, side by side: python3-drms as its tutorial does it (query with seg=, urllib, astropy).
// The server makes each file once on first request (JSOC's files already exist), so every file is
// fetched once before timing; the clients never share a process with the server.
//
// --hmi N adds N hmi.M_45s magnetograms (4096², 14 MB each, what the GUI's default series shows).
// Run:  bench_record_look [--records 15] [--hmi 0] [--sim PATH/jsoc-sim] [--no-drms]
#include "BenchProcess.h"
#include "app/workflow/RecordLook.h"
#include "model/fits/FitsLoader.h"
#include "network/JsocClient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>
#include <vector>

namespace {

const QString kSeries = QStringLiteral("mdi.fd_M_96m_lev182");

struct Target {
    QString series;
    QString range;   // a record set to find online records in
    QString segment;
    int edge = 0;    // image width the decode must give
};

double median(const std::vector<double> &v) { return bench::percentile(v, 0.5); }

// show() -> shown -> decoded, in ms; -1 on failure.
// show() -> shown alone (the file ready, before decoding), per call, for the breakdown.
std::vector<double> g_shownMs;

double lookOnce(app::RecordLook &look, const app::RecordLookRequest &r, bool *fromCache, int edge)
{
    QEventLoop loop;
    QString path;
    QString failure;
    QObject::connect(&look, &app::RecordLook::shown, &loop, [&](const app::RecordLookResult &res) {
        path = res.filePath;
        *fromCache = res.fromCache;
        loop.quit();
    });
    QObject::connect(&look, &app::RecordLook::failed, &loop, [&](const app::RecordLookRequest &, app::RecordLookFailure, const QString &w) {
        failure = w;
        loop.quit();
    });
    QElapsedTimer t;
    t.start();
    look.show(r);
    loop.exec();
    QObject::disconnect(&look, nullptr, &loop, nullptr);
    g_shownMs.push_back(double(t.nsecsElapsed()) / 1e6);
    if (path.isEmpty()) {
        std::fprintf(stderr, "look failed: %s\n", qPrintable(failure));
        return -1;
    }
    const fits::FitsLoadResult image = fits::FitsLoader::load(path);
    const double ms = double(t.nsecsElapsed()) / 1e6;
    if (!image.ok() || image.image.width != edge) {
        std::fprintf(stderr, "decode failed: %s\n", qPrintable(image.error));
        return -1;
    }
    return ms;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    int records = 15;
    QString sim = QCoreApplication::applicationDirPath() + QStringLiteral("/../jsoc-sim");
    bool withDrms = true;
    int hmiRecords = 0;
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--records") && i + 1 < args.size())
            records = args[++i].toInt();
        else if (args[i] == QLatin1String("--sim") && i + 1 < args.size())
            sim = args[++i];
        else if (args[i] == QLatin1String("--hmi") && i + 1 < args.size())
            hmiRecords = args[++i].toInt();
        else if (args[i] == QLatin1String("--no-drms"))
            withDrms = false;
    }
    QProcess server;
    server.start(sim, {QStringLiteral("--direct"), QStringLiteral("--bare-segment-files"), QStringLiteral("--port"), QStringLiteral("0")});
    if (!server.waitForStarted() || !server.waitForReadyRead(15000)) {
        std::fprintf(stderr, "cannot start %s\n", qPrintable(sim));
        return 1;
    }
    const QString url = QString::fromLatin1(server.readLine()).trimmed().section(QLatin1Char(' '), 2);
    std::printf("server: %s (separate jsoc-sim process, --direct --bare-segment-files)\n", qPrintable(url));

    QNetworkAccessManager nam;
    auto get = [&](const QString &pathAndQuery) {
        QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(url + pathAndQuery)));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    };
    jsoc::JsocClient client{QUrl(url)};
    // Online records of `target` and their paths, from rs_list; each file fetched once (the server
    // makes it then). Returns the requests.
    auto pick = [&](const Target &target, int n, qint64 *fileBytes) {
        QList<app::RecordLookRequest> out;
        const QJsonObject o = QJsonDocument::fromJson(get(QStringLiteral("/cgi-bin/ajax/jsoc_info?op=rs_list&ds=")
                                                          + QString::fromLatin1(QUrl::toPercentEncoding(target.range))
                                                          + QStringLiteral("&key=T_REC&seg=") + target.segment)).object();
        const QJsonArray t = o[QStringLiteral("keywords")].toArray().at(0)[QStringLiteral("values")].toArray();
        const QJsonArray p = o[QStringLiteral("segments")].toArray().at(0)[QStringLiteral("values")].toArray();
        for (qsizetype i = 0; i < t.size() && out.size() < n; ++i) {
            if (!p.at(i).toString().startsWith(QLatin1String("/SUM")))
                continue;
            app::RecordLookRequest r;
            r.series = target.series;
            r.recordSpec = QStringLiteral("%1[%2]").arg(target.series, t.at(i).toString());
            r.segment = target.segment;
            out.append(r);
            *fileBytes = get(p.at(i).toString()).size();
        }
        return out;
    };
    // Cold then warm over `requests`; false when a look fails.
    auto measure = [&](const QList<app::RecordLookRequest> &requests, int edge, std::vector<double> &cold, std::vector<double> &warm) {
        QTemporaryDir cache;
        app::RecordLook look(&client, cache.path(), qint64(1) << 34);
        bool fromCache = false;
        {
            // One untimed look first: the connection and the thread pool exist in a running GUI.
            QTemporaryDir scratch;
            app::RecordLook first(&client, scratch.path(), qint64(1) << 34);
            lookOnce(first, requests.first(), &fromCache, edge);
        }
        g_shownMs.clear();
        for (const app::RecordLookRequest &r : requests) {
            const double ms = lookOnce(look, r, &fromCache, edge);
            if (ms < 0 || fromCache)
                return false;
            cold.push_back(ms);
        }
        std::printf("  (cold, show -> file ready before decoding: median %.1f ms)\n", median(g_shownMs));
        for (const app::RecordLookRequest &r : requests) {
            const double ms = lookOnce(look, r, &fromCache, edge);
            if (ms < 0 || !fromCache)
                return false;
            warm.push_back(ms);
        }
        return true;
    };

    const Target mdi{kSeries, kSeries + QStringLiteral("[2010.10.01_00:00:00_TAI/30d]"), QStringLiteral("data"), 1024};
    qint64 fileBytes = 0;
    const QList<app::RecordLookRequest> requests = pick(mdi, records, &fileBytes);
    QStringList specs;
    for (const app::RecordLookRequest &r : requests)
        specs.append(r.recordSpec);
    std::printf("records: %lld online %s, 1024x1024 Rice int16, %.2f MB each\n", qlonglong(requests.size()),
                qPrintable(kSeries), double(fileBytes) / 1e6);
    std::vector<double> cold, warm;
    if (requests.isEmpty() || !measure(requests, mdi.edge, cold, warm))
        return 1;
    std::printf("RecordLook show -> decoded image, cold cache: median %.1f ms, p90 %.1f ms, max %.1f ms (target <= 300 ms)\n",
                median(cold), bench::percentile(cold, 0.9), bench::percentile(cold, 1.0));
    std::printf("RecordLook show -> decoded image, warm cache: median %.1f ms, p90 %.1f ms\n", median(warm),
                bench::percentile(warm, 0.9));
    if (hmiRecords > 0) {
        const Target hmi{QStringLiteral("hmi.M_45s"), QStringLiteral("hmi.M_45s[2014.01.01_00:00:00_TAI/1h]"), QStringLiteral("magnetogram"), 4096};
        qint64 hmiBytes = 0;
        const QList<app::RecordLookRequest> h = pick(hmi, hmiRecords, &hmiBytes);
        std::vector<double> hCold, hWarm;
        if (h.isEmpty() || !measure(h, hmi.edge, hCold, hWarm))
            return 1;
        std::printf("hmi.M_45s 4096x4096 Rice (%.1f MB), %lld records: cold median %.1f ms, warm median %.1f ms\n",
                    double(hmiBytes) / 1e6, qlonglong(h.size()), median(hCold), median(hWarm));
    }

    if (withDrms) {
        QProcess py;
        QStringList pyArgs{QStringLiteral(JSOC_BENCH_DIR "/record_look_drms.py"), QStringLiteral("--url"), url,
                           QStringLiteral("--seg"), QStringLiteral("data")};
        pyArgs += specs;
        py.start(QStringLiteral("/usr/bin/python3"), pyArgs);
        if (!py.waitForFinished(600000) || py.exitCode() != 0) {
            std::fprintf(stderr, "drms reference failed: %s\n", py.readAllStandardError().constData());
        } else {
            const QJsonObject r = QJsonDocument::fromJson(py.readAllStandardOutput().trimmed().split('\n').last()).object();
            std::vector<double> ms;
            const QJsonArray a = r[QStringLiteral("ms")].toArray();
            for (qsizetype i = 1; i < a.size(); ++i) // the first pays for drms's own first connection
                ms.push_back(a.at(i).toDouble());
            std::printf("python3-drms query(seg=) + urllib + astropy decode:    median %.1f ms, p90 %.1f ms\n", median(ms),
                        bench::percentile(ms, 0.9));
            std::printf("ratio drms / RecordLook cold (median): %.2f\n", median(ms) / median(cold));
        }
    }
    server.terminate();
    server.waitForFinished(5000);
    return 0;
}

// The instant look (issue 16): time from RecordLook::show(row) to the decoded image the preview
// draws, for a 1024² Rice-compressed segment (mdi.fd_M_96m_lev182, MDI's full-disk magnetogram:
// the one real series the simulator has with 1024² segments) served on loopback by a SEPARATE
// jsoc-sim process that serves stored files as SUMS keeps them (--bare-segment-files --direct).
// Cold: an empty cache (rs_list + file + header built + decoded); warm: the cached file decoded.
// Reference, side by side: python3-drms as its tutorial does it (query with seg=, urllib, astropy).
// The server makes each file once on first request (JSOC's files already exist), so every file is
// fetched once before timing; the clients never share a process with the server.
//
// Run:  bench_record_look [--records 15] [--sim PATH/jsoc-sim] [--no-drms]
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

double median(const std::vector<double> &v) { return bench::percentile(v, 0.5); }

// show() -> shown -> decoded, in ms; -1 on failure.
double lookOnce(app::RecordLook &look, const app::RecordLookRequest &r, bool *fromCache)
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
    if (path.isEmpty()) {
        std::fprintf(stderr, "look failed: %s\n", qPrintable(failure));
        return -1;
    }
    const fits::FitsLoadResult image = fits::FitsLoader::load(path);
    const double ms = double(t.nsecsElapsed()) / 1e6;
    if (!image.ok() || image.image.width != 1024) {
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
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--records") && i + 1 < args.size())
            records = args[++i].toInt();
        else if (args[i] == QLatin1String("--sim") && i + 1 < args.size())
            sim = args[++i];
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

    // Online records and their paths, from rs_list.
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
    const QJsonObject o = QJsonDocument::fromJson(get(QStringLiteral("/cgi-bin/ajax/jsoc_info?op=rs_list&ds=")
                                                      + QString::fromLatin1(QUrl::toPercentEncoding(kSeries + QStringLiteral("[2010.10.01_00:00:00_TAI/30d]")))
                                                      + QStringLiteral("&key=T_REC&seg=data"))).object();
    const QJsonArray t = o[QStringLiteral("keywords")].toArray().at(0)[QStringLiteral("values")].toArray();
    const QJsonArray p = o[QStringLiteral("segments")].toArray().at(0)[QStringLiteral("values")].toArray();
    QList<app::RecordLookRequest> requests;
    QStringList specs;
    qint64 fileBytes = 0;
    for (qsizetype i = 0; i < t.size() && requests.size() < records; ++i) {
        if (!p.at(i).toString().startsWith(QLatin1String("/SUM")))
            continue;
        app::RecordLookRequest r;
        r.series = kSeries;
        r.recordSpec = QStringLiteral("%1[%2]").arg(kSeries, t.at(i).toString());
        r.segment = QStringLiteral("data");
        requests.append(r);
        specs.append(r.recordSpec);
        fileBytes = get(p.at(i).toString()).size(); // the server makes the file now, not while timed
    }
    std::printf("records: %lld online %s, 1024x1024 Rice int16, %.2f MB each\n", qlonglong(requests.size()),
                qPrintable(kSeries), double(fileBytes) / 1e6);

    jsoc::JsocClient client{QUrl(url)};
    std::vector<double> cold, warm;
    QTemporaryDir cache;
    {
        app::RecordLook look(&client, cache.path(), qint64(1) << 32);
        bool fromCache = false;
        // One untimed look first: the connection and the thread pool exist in a running GUI.
        QTemporaryDir scratch;
        {
            app::RecordLook first(&client, scratch.path(), qint64(1) << 32);
            lookOnce(first, requests.first(), &fromCache);
        }
        for (const app::RecordLookRequest &r : requests) {
            const double ms = lookOnce(look, r, &fromCache);
            if (ms < 0 || fromCache)
                return 1;
            cold.push_back(ms);
        }
        for (const app::RecordLookRequest &r : requests) {
            const double ms = lookOnce(look, r, &fromCache);
            if (ms < 0 || !fromCache)
                return 1;
            warm.push_back(ms);
        }
    }
    std::printf("RecordLook show -> decoded image, cold cache: median %.1f ms, p90 %.1f ms, max %.1f ms (target <= 300 ms)\n",
                median(cold), bench::percentile(cold, 0.9), bench::percentile(cold, 1.0));
    std::printf("RecordLook show -> decoded image, warm cache: median %.1f ms, p90 %.1f ms\n", median(warm),
                bench::percentile(warm, 0.9));

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

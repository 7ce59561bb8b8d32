// Download throughput: N files × M MB from a loopback HTTP server (the simulator's FileServer:
// Apache-like ranges and validators), fetched by our DownloadManager (1 and 4 connections) and,
// side by side, by curl. Run: bench_download [files=20] [megabytes=20]
// python3-parfive is not installed on this machine, so it is not compared here.
#include "network/DownloadManager.h"
#include "sim/FileServer.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHttpServer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <cstdio>

namespace {

double runManager(const QList<QUrl> &urls, const QString &folder, int connections)
{
    jsoc::DownloadManager manager;
    manager.setConnectionsPerHost(connections);
    QEventLoop loop;
    int finished = 0;
    QObject::connect(&manager, &jsoc::DownloadManager::itemFinished, &loop, [&](const jsoc::DownloadItem &item) {
        if (item.state != jsoc::DownloadItem::State::Done)
            std::fprintf(stderr, "failed: %s\n", qPrintable(item.error));
        if (++finished == urls.size())
            loop.quit();
    });
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < urls.size(); ++i) {
        jsoc::DownloadItem item;
        item.id = i + 1;
        item.url = urls[i];
        item.fileName = urls[i].fileName();
        item.folder = folder;
        manager.enqueue(item);
    }
    loop.exec();
    return t.elapsed() / 1000.0;
}

double runCurl(const QList<QUrl> &urls, const QString &folder)
{
    QStringList args{QStringLiteral("-s"), QStringLiteral("--fail")};
    for (const QUrl &u : urls)
        args << QStringLiteral("-o") << folder + QLatin1Char('/') + u.fileName() << u.toString();
    QProcess curl;
    QEventLoop loop;
    QObject::connect(&curl, &QProcess::finished, &loop, &QEventLoop::quit);
    QElapsedTimer t;
    t.start();
    curl.start(QStringLiteral("curl"), args);
    if (!curl.waitForStarted())
        return -1;
    loop.exec(); // the server lives on this thread: keep serving while curl runs
    return curl.exitCode() == 0 ? t.elapsed() / 1000.0 : -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int files = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 20;
    const int megabytes = argc > 2 ? QString::fromLocal8Bit(argv[2]).toInt() : 20;
    QTemporaryDir dir;
    const QString served = dir.filePath(QStringLiteral("served"));
    QDir().mkpath(served);
    QByteArray block(1 << 20, Qt::Uninitialized);
    for (int i = 0; i < files; ++i) {
        QFile f(served + QStringLiteral("/file%1.bin").arg(i));
        if (!f.open(QIODevice::WriteOnly))
            return 1;
        for (int m = 0; m < megabytes; ++m) {
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
            f.write(block);
        }
    }
    QHttpServer server;
    server.route(QStringLiteral("/f/<arg>"), [&](const QString &name, const QHttpServerRequest &request) {
        return sim::FileServer::serve(served + QLatin1Char('/') + name, request);
    });
    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    QList<QUrl> urls;
    for (int i = 0; i < files; ++i)
        urls << QUrl(QStringLiteral("http://127.0.0.1:%1/f/file%2.bin").arg(port).arg(i));
    const double totalMb = double(files) * megabytes;
    auto report = [&](const char *what, double secs) {
        std::printf("%-28s %8.2f s  %8.1f MB/s\n", what, secs, secs > 0 ? totalMb / secs : 0.0);
    };
    std::printf("%d files x %d MB over loopback\n", files, megabytes);
    for (int connections : {1, 4}) {
        const QString out = dir.filePath(QStringLiteral("ours%1").arg(connections));
        QDir().mkpath(out);
        report(connections == 1 ? "DownloadManager (1 conn)" : "DownloadManager (4 conn)", runManager(urls, out, connections));
    }
    const QString curlOut = dir.filePath(QStringLiteral("curl"));
    QDir().mkpath(curlOut);
    report("curl (sequential)", runCurl(urls, curlOut));
    return 0;
}

// Which JSON parser for big rs_list bodies? Generates a synthetic 200,000-record × 8-keyword
// rs_list body (JSOC's compact layout, `\/` escapes, MISSING values, hex QUALITY, *recnum*
// numbers) and parses it with (a) QJsonDocument after latin-1 → UTF-8 conversion, filling the
// columnar RecordTable, and (b) the hand-written single-pass reader straight into columns.
// Each variant runs in its own child process so peak RSS (VmHWM) is not shared between them.
//
// Usage: bench_rslist_parse [records]          (parent: runs both children, prints a table)
//        bench_rslist_parse --child <qjson|hand> [records]
#include "BenchProcess.h"
#include "network/replies/JsocParsers.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTextStream>
#include <cstdio>

using namespace jsoc;

namespace {

using bench::procStatusKb;

QByteArray makeBody(int records)
{
    const char *names[] = {"T_REC", "TELESCOP", "INSTRUME", "WAVELNTH", "CAR_ROT", "QUALITY", "EXPTIME", "*recnum*"};
    QByteArray body;
    body.reserve(qsizetype(records) * 8 * 20 + 1024);
    body += "{\"keywords\":[";
    for (int k = 0; k < 8; ++k) {
        if (k)
            body += ',';
        body += "{\"name\":\"";
        body += names[k];
        body += "\",\"values\":[";
        for (int r = 0; r < records; ++r) {
            if (r)
                body += ',';
            switch (k) {
            case 0: {
                const int s = r * 45;
                char buf[64];
                std::snprintf(buf, sizeof buf, "\"2012.%02d.%02d_%02d:%02d:%02d_TAI\"", 1 + (s / 86400 / 28) % 12,
                              1 + (s / 86400) % 28, (s / 3600) % 24, (s / 60) % 60, s % 60);
                body += buf;
                break;
            }
            case 1: body += "\"SDO\\/HMI\""; break;
            case 2: body += (r % 2) ? "\"HMI_FRONT2\"" : "\"HMI_SIDE1\""; break;
            case 3: body += "\"6173.0\""; break;
            case 4: body += (r % 97 == 0) ? "\"MISSING\"" : "\"2118\""; break;
            case 5: body += (r % 50 == 0) ? "\"0x80000000\"" : "\"0x00000000\""; break;
            case 6: body += "\"2.902051\""; break;
            case 7: body += QByteArray::number(3760477 + r); break;
            }
        }
        body += "]}";
    }
    body += "],\"segments\":[],\"links\":[],\"count\":";
    body += QByteArray::number(records);
    body += ",\"runtime\":1.234,\"status\":0}\n";
    return body;
}

int runChild(const QString &mode, int records)
{
    const QByteArray body = makeBody(records);
    const long baseKb = procStatusKb("VmRSS:");
    double best = 1e99;
    RecordTable keep;
    for (int rep = 0; rep < 3; ++rep) {
        RecordTable table;
        QElapsedTimer timer;
        timer.start();
        const JsocError e = mode == QLatin1String("qjson") ? parse::recordListViaQJson(body, table)
                                                            : parse::recordList(body, table);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (e.isError() || table.rowCount() != records || table.keywords.size() != 8) {
            std::fprintf(stderr, "parse failed: %s\n", qPrintable(e.message));
            return 1;
        }
        best = std::min(best, ms);
        keep = std::move(table); // the result stays alive, as in the app
    }
    qsizetype tableBytes = 0;
    for (const KeywordColumn &c : keep.keywords)
        tableBytes += c.values.byteSize() + c.values.size() * qsizetype(sizeof(quint32));
    std::printf("%s %.1f %ld %ld %lld %lld\n", qPrintable(mode), best, baseKb, procStatusKb("VmHWM:"),
                static_cast<long long>(body.size()), static_cast<long long>(tableBytes));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 3 && args[1] == QLatin1String("--child"))
        return runChild(args[2], args.size() > 3 ? args[3].toInt() : 200000);

    const int records = args.size() > 1 ? args[1].toInt() : 200000;
    QTextStream out(stdout);
    out << "rs_list parse benchmark: " << records << " records x 8 keywords (best of 3, own process each)\n";
    out << QStringLiteral("%1 %2 %3 %4 %5\n")
               .arg(QStringLiteral("parser"), -10)
               .arg(QStringLiteral("ms"), 10)
               .arg(QStringLiteral("base RSS MB"), 12)
               .arg(QStringLiteral("peak RSS MB"), 12)
               .arg(QStringLiteral("peak-base MB"), 13);
    for (const QString mode : {QStringLiteral("qjson"), QStringLiteral("hand")}) {
        QProcess child;
        child.start(app.applicationFilePath(), {QStringLiteral("--child"), mode, QString::number(records)});
        if (!child.waitForFinished(600000) || child.exitCode() != 0) {
            out << mode << ": failed " << child.readAllStandardError() << "\n";
            return 1;
        }
        const QList<QByteArray> f = child.readAllStandardOutput().trimmed().split(' ');
        if (f.size() < 6)
            return 1;
        const double base = f[2].toDouble() / 1024.0;
        const double peak = f[3].toDouble() / 1024.0;
        out << QStringLiteral("%1 %2 %3 %4 %5   (body %6 MB, table %7 MB)\n")
                   .arg(mode, -10)
                   .arg(f[1].toDouble(), 10, 'f', 1)
                   .arg(base, 12, 'f', 1)
                   .arg(peak, 12, 'f', 1)
                   .arg(peak - base, 13, 'f', 1)
                   .arg(f[4].toDouble() / 1048576.0, 0, 'f', 1)
                   .arg(f[5].toDouble() / 1048576.0, 0, 'f', 1);
        out.flush();
    }
    return 0;
}

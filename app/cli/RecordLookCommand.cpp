#include "RecordLookCommand.h"

#include "app/workflow/RecordLook.h"
#include "model/drms/RecordSetSpec.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include <unistd.h>

namespace cli {
namespace {

// Enough for a few hundred 4096² files; the GUI's own limit is in its preferences.
constexpr qint64 kCacheLimit = qint64(2) << 30;

// Options of jsoc-cli-fits's preview and header that take a value: their value is not the operand.
bool takesValue(const QString &option)
{
    static const QStringList withValue{"--out", "-o", "--scale", "--clip", "--cmap", "--size", "--hdu", "--slice"};
    return withValue.contains(option);
}

// Index in `args` of the first operand (FILE or RECORDSET), -1 when none.
int operandIndex(const QStringList &args)
{
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("-"))
            return i;
        if (args[i].startsWith(QLatin1Char('-'))) {
            if (takesValue(args[i]))
                ++i;
            continue;
        }
        return i;
    }
    return -1;
}

// Replaces this process with jsoc-cli-fits, beside this executable. Returns only on failure.
int execFits(const QStringList &args, QTextStream &err)
{
    const QByteArray helper = QFile::encodeName(QCoreApplication::applicationDirPath() + QStringLiteral("/jsoc-cli-fits"));
    std::vector<QByteArray> bytes;
    for (const QString &a : args)
        bytes.push_back(QFile::encodeName(a));
    std::vector<char *> argv{const_cast<char *>(helper.constData())};
    for (QByteArray &b : bytes)
        argv.push_back(b.data());
    argv.push_back(nullptr);
    err.flush();
    std::fflush(stdout);
    std::fflush(stderr);
    ::execv(helper.constData(), argv.data());
    err << "jsoc-cli: cannot run " << QFile::decodeName(helper) << ": " << QString::fromLocal8Bit(std::strerror(errno)) << Qt::endl;
    return LocalFailure;
}

int exitCodeFor(app::RecordLookFailure kind)
{
    switch (kind) {
    case app::RecordLookFailure::Network: return NetworkFailure;
    case app::RecordLookFailure::MoreThanOneRecord: return UsageError;
    default: return JsocFailure;
    }
}

} // namespace

bool namesRecordSet(const QString &command, const QStringList &args)
{
    Q_UNUSED(command);
    const int i = operandIndex(args);
    if (i < 0 || args[i] == QLatin1String("-") || QFileInfo::exists(args[i]))
        return false;
    const QString text = args[i];
    if (!text.contains(QLatin1Char('[')) && !text.contains(QLatin1Char('{')))
        return false;
    const std::optional<drms::RecordSetSpec> spec = drms::parseRecordSet(text);
    return spec && !spec->subsets.isEmpty() && spec->subsets.first().series.contains(QLatin1Char('.'));
}

int runRecordLook(const CliContext &ctx, const QString &command, const QStringList &argsIn)
{
    QStringList args = argsIn;
    const bool first = args.removeAll(QStringLiteral("--first")) > 0;
    const int at = operandIndex(args);
    if (at < 0) {
        ctx.err << "jsoc-cli " << command << ": name a FILE or one RECORDSET" << Qt::endl;
        return UsageError;
    }
    const QString recordSet = args[at];
    drms::RecordSetParseError parseError;
    std::optional<drms::RecordSetSpec> spec = drms::parseRecordSet(recordSet, &parseError);
    if (!spec || spec->subsets.size() != 1) {
        ctx.err << "jsoc-cli " << command << ": " << recordSet << " is not one record set"
                << (spec ? QString() : QStringLiteral(" (%1)").arg(parseError.message)) << Qt::endl;
        return UsageError;
    }
    const drms::Subset &subset = spec->subsets.first();
    app::RecordLookRequest request;
    request.series = subset.series;
    request.recordSpec = recordSet;
    request.takeFirst = first;
    if (subset.hasSegmentList && subset.segments.size() != 1) {
        ctx.err << "jsoc-cli " << command << ": name one segment in {...}, not " << subset.segments.join(QLatin1Char(',')) << Qt::endl;
        return UsageError;
    }
    if (!subset.hasSegmentList) {
        // The series' only segment, or the choices in words.
        std::unique_ptr<jsoc::SeriesStructureJob> job(ctx.client.seriesStructure(subset.series));
        waitFor(job.get());
        if (job->error().isError())
            return reportError(ctx, job->error());
        QStringList names;
        for (const jsoc::SegmentInfo &s : job->result().segments)
            names.append(s.name);
        if (names.size() != 1) {
            ctx.err << "jsoc-cli " << command << ": " << subset.series
                    << (names.isEmpty() ? QStringLiteral(" has no segments: there is no file to look at")
                                        : QStringLiteral(" has %1 segments; name one: %2{%3}").arg(names.size()).arg(recordSet, names.join(QLatin1Char('|'))))
                    << Qt::endl;
            return UsageError;
        }
        request.segment = names.first();
    }

    const QString cacheDir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/record-look");
    app::RecordLook look(&ctx.client, cacheDir, kCacheLimit);
    QEventLoop loop;
    app::RecordLookResult result;
    int code = -1;
    QObject::connect(&look, &app::RecordLook::shown, &loop, [&](const app::RecordLookResult &r) {
        result = r;
        code = Ok;
        loop.quit();
    });
    QObject::connect(&look, &app::RecordLook::failed, &loop, [&](const app::RecordLookRequest &, app::RecordLookFailure kind, const QString &words) {
        ctx.err << "jsoc-cli " << command << ": " << words << Qt::endl;
        code = exitCodeFor(kind);
        loop.quit();
    });
    ctx.note << "Looking at " << recordSet << " (rs_list, then the file from SUMS)..." << Qt::endl;
    look.show(request);
    if (code < 0)
        loop.exec();
    if (code != Ok)
        return code;
    if (command == QLatin1String("header")) {
        ctx.out << "# " << result.request.recordSpec << ": "
                << (result.headerNote.isEmpty() ? QStringLiteral("the file's own header") : result.headerNote) << '\n';
        ctx.out.flush();
    }
    args[at] = result.filePath;
    args.prepend(command);
    return execFits(args, ctx.err);
}

} // namespace cli

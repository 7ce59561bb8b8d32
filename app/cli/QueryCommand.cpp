#include "CliContext.h"
#include "TableWriter.h"

#include "model/RecordSetSpec.h"

#include <QFile>
#include <QRegularExpression>

namespace cli {
namespace {

constexpr auto kUsage = "usage: jsoc-cli query RECORDSET [--keys K1,K2|**ALL**] [--segs S1,S2] "
                        "[--limit N] [--format csv|tsv|json]";

// The series a record set names; falls back to the text before the first filter so that a set
// only the server can judge still gets its prime keys looked up (the server then says what is wrong).
QString seriesOf(const QString &recordSet)
{
    if (const auto spec = drms::parseRecordSet(recordSet); spec && !spec->subsets.isEmpty())
        return spec->subsets.first().series;
    const qsizetype cut = recordSet.indexOf(QRegularExpression(QStringLiteral("[\\[{,]")));
    return recordSet.left(cut < 0 ? recordSet.size() : cut).trimmed();
}

struct QueryArgs {
    QString recordSet;
    QStringList keys;
    QStringList segments;
    qint64 limit = 0;
    TableWriter::Format format = TableWriter::Format::Csv;
};

bool parseArgs(const QStringList &args, QueryArgs *q, QString *problem)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        auto value = [&](QString *v) {
            if (i + 1 >= args.size()) {
                *problem = QStringLiteral("%1 needs a value").arg(a);
                return false;
            }
            *v = args[++i];
            return true;
        };
        QString v;
        if (a == u"--keys") {
            if (!value(&v))
                return false;
            q->keys = splitList(v);
        } else if (a == u"--segs") {
            if (!value(&v))
                return false;
            q->segments = splitList(v);
        } else if (a == u"--limit") {
            if (!value(&v))
                return false;
            bool ok = false;
            q->limit = v.toLongLong(&ok);
            if (!ok) {
                *problem = QStringLiteral("--limit takes a whole number, not \"%1\"").arg(v);
                return false;
            }
        } else if (a == u"--format") {
            if (!value(&v))
                return false;
            if (!TableWriter::parseFormat(v, &q->format)) {
                *problem = QStringLiteral("unknown format \"%1\" (use csv, tsv or json)").arg(v);
                return false;
            }
        } else if (a.startsWith(u"--")) {
            *problem = QStringLiteral("unknown option %1").arg(a);
            return false;
        } else if (q->recordSet.isEmpty()) {
            q->recordSet = a;
        } else {
            *problem = QStringLiteral("unexpected argument \"%1\"").arg(a);
            return false;
        }
    }
    if (q->recordSet.isEmpty()) {
        *problem = QStringLiteral("a record set is required");
        return false;
    }
    return true;
}

QString cell(const jsoc::StringColumn *column, qsizetype row)
{
    if (!column || row >= column->size() || column->isMissing(row))
        return QString(); // null = missing → empty field / JSON null
    QString v = column->value(row);
    return v.isNull() ? QStringLiteral("") : v;
}

} // namespace

// query RECORDSET: header = exactly the keys asked for (default: the prime keys), then one row
// per record with values as JSOC sent them; MISSING becomes an empty field.
int runQuery(const CliContext &ctx, const QStringList &args)
{
    QueryArgs q;
    QString problem;
    if (!parseArgs(args, &q, &problem)) {
        ctx.err << "jsoc-cli: " << problem << '\n' << kUsage << Qt::endl;
        return UsageError;
    }

    if (q.keys.isEmpty()) {
        std::unique_ptr<jsoc::SeriesStructureJob> info(ctx.client.seriesStructure(seriesOf(q.recordSet)));
        waitFor(info.get());
        if (info->error().isError())
            return reportError(ctx, info->error());
        q.keys = info->result().primeKeys;
    }

    jsoc::RecordListQuery query;
    query.recordSet = q.recordSet;
    query.keys = q.keys;
    query.segments = q.segments;
    query.limit = q.limit;
    std::unique_ptr<jsoc::RecordListJob> job(ctx.client.recordList(query));
    waitFor(job.get());
    if (job->error().isError())
        return reportError(ctx, job->error());
    const jsoc::RecordTable table = job->takeResult();

    // With **ALL** the header is what the server expanded it to, in its order.
    QStringList keyNames = q.keys;
    if (keyNames.contains(QStringLiteral("**ALL**"))) {
        keyNames.clear();
        for (const jsoc::KeywordColumn &c : table.keywords)
            keyNames.append(c.name);
    }
    std::vector<const jsoc::StringColumn *> columns;
    for (const QString &k : keyNames) {
        const int i = table.keywordIndex(k);
        columns.push_back(i >= 0 ? &table.keywords[size_t(i)].values : nullptr);
    }
    for (const QString &s : q.segments) {
        const int i = table.segmentIndex(s);
        columns.push_back(i >= 0 ? &table.segments[size_t(i)].values : nullptr);
    }

    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly)) {
        ctx.err << "jsoc-cli: cannot write to standard output" << Qt::endl;
        return NetworkFailure;
    }
    ctx.out.flush();
    TableWriter writer(out, q.format);
    writer.writeHeader(keyNames + q.segments);
    const qsizetype rows = table.rowCount();
    QStringList row;
    for (qsizetype r = 0; r < rows; ++r) {
        row.clear();
        for (const jsoc::StringColumn *c : columns)
            row.append(cell(c, r));
        writer.writeRow(row);
    }
    writer.finish();
    out.flush();
    return Ok;
}

} // namespace cli

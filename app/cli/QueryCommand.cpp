#include "CliContext.h"
#include "model/records/TableWriter.h"
#include "TerminalText.h"

#include "model/records/RecordPageCache.h"
#include "model/drms/RecordSetSpec.h"
#include "model/drms/RecordWindowPlan.h"
#include "network/RecordTableLoader.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>

#include <memory>
#include <vector>

#include <unistd.h>

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

// Writes the header (once) and the rows of rs_list pages as they come, straight from the
// columns' UTF-8 bytes (no QString per cell). The same keys and segments in every page.
class RowOutput final
{
public:
    RowOutput(TableWriter &writer, const QStringList &keys, const QStringList &segments)
        : m_writer(writer), m_keys(keys), m_segments(segments)
    {
    }

    // With **ALL** the header is what the server expanded it to, in its order.
    void writeHeader(const jsoc::RecordTable &table)
    {
        if (m_headerDone)
            return;
        if (m_keys.contains(QStringLiteral("**ALL**"))) {
            m_keys.clear();
            for (const jsoc::KeywordColumn &c : table.keywords)
                m_keys.append(c.name);
        }
        m_writer.writeHeader(m_keys + m_segments);
        m_headerDone = true;
    }
    bool headerDone() const { return m_headerDone; }

    void writeRows(const jsoc::RecordTable &table)
    {
        writeHeader(table);
        // Columns by name through one hash per page: looking each key up with keywordIndex()
        // scans every column, which made **ALL** over 100,000 keywords quadratic (21.7 s).
        QHash<QString, const jsoc::StringColumn *> keywordColumns;
        keywordColumns.reserve(qsizetype(table.keywords.size()));
        for (const jsoc::KeywordColumn &c : table.keywords)
            if (!keywordColumns.contains(c.name)) // a repeated name: the first wins, as keywordIndex() did
                keywordColumns.insert(c.name, &c.values);
        QHash<QString, const jsoc::StringColumn *> segmentColumns;
        for (const jsoc::SegmentColumn &c : table.segments)
            if (!segmentColumns.contains(c.name))
                segmentColumns.insert(c.name, &c.values);
        std::vector<const jsoc::StringColumn *> columns;
        columns.reserve(size_t(m_keys.size() + m_segments.size()));
        for (const QString &k : m_keys)
            columns.push_back(keywordColumns.value(k, nullptr));
        for (const QString &s : m_segments)
            columns.push_back(segmentColumns.value(s, nullptr));
        std::vector<TableWriter::RawCell> row(columns.size());
        const qsizetype rows = table.rowCount();
        for (qsizetype r = 0; r < rows; ++r) {
            for (size_t c = 0; c < columns.size(); ++c) {
                const jsoc::StringColumn *column = columns[c];
                // Missing (no such column, short column, JSOC's MISSING) → empty field / JSON null.
                if (!column || r >= column->size() || column->isMissing(r))
                    row[c] = {QByteArrayView(), true};
                else
                    row[c] = {column->raw(r), false};
            }
            m_writer.writeRawRow(row);
        }
    }

private:
    TableWriter &m_writer;
    QStringList m_keys;
    QStringList m_segments;
    bool m_headerDone = false;
};

// The GUI's path for big unlimited queries: count, slot-aligned windows, one rs_list request
// on the wire at a time, each page parsed on the pool while the next downloads, written in page order.
// Returns false (nothing written) when the query is not worth splitting or the count/structure
// cannot be had; the caller then sends the single rs_list, which reports any error as before.
// `count` receives rs_summary's count when it was had (it sizes the single request's reply cap).
bool runWindowed(const CliContext &ctx, const QueryArgs &q, const jsoc::SeriesStructure &structure,
                 RowOutput &output, jsoc::JsocError *error, qint64 *count)
{
    std::unique_ptr<jsoc::RecordCountJob> countJob(ctx.client.recordCount(q.recordSet));
    waitFor(countJob.get());
    if (countJob->error().isError())
        return false;
    *count = countJob->result();
    const jsoc::RecordWindowPlan plan = jsoc::planRecordWindows(q.recordSet, structure, countJob->result());
    if (!plan.split || plan.recordSets.size() < 2)
        return false;

    jsoc::RecordListQuery query;
    query.keys = q.keys;
    query.segments = q.segments;
    jsoc::RecordTableLoader loader(&ctx.client);
    jsoc::RecordPageCache cache;
    const quint64 generation = 1;
    cache.reset(generation);
    QEventLoop loop;
    QObject::connect(&loader, &jsoc::RecordTableLoader::pageLoaded, &loop,
                     [&](quint64 g, int index, jsoc::RecordTable page) {
                         if (!cache.insert(g, index, std::move(page)))
                             return;
                         for (const jsoc::RecordTable &ready : cache.takeReady())
                             if (ready.rowCount() > 0)
                                 output.writeRows(ready);
                     });
    QObject::connect(&loader, &jsoc::RecordTableLoader::finished, &loop, &QEventLoop::quit);
    QObject::connect(&loader, &jsoc::RecordTableLoader::failed, &loop, [&](quint64, const jsoc::JsocError &e) {
        *error = e;
        loop.quit();
    });
    loader.start(generation, plan, query);
    loop.exec();
    if (!error->isError() && !output.headerDone())
        output.writeHeader(jsoc::RecordTable());
    return true;
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

    // Rows go to files and pipes byte for byte, as JSOC sent them; on a terminal, control
    // characters in the values are shown as escapes instead (see TerminalText.h).
    QFile rawOut;
    TerminalSafeDevice terminalOut(stdout);
    const bool onTerminal = isatty(fileno(stdout)) == 1;
    QIODevice &out = onTerminal ? static_cast<QIODevice &>(terminalOut) : rawOut;
    if (!onTerminal && !rawOut.open(stdout, QIODevice::WriteOnly)) {
        ctx.err << "jsoc-cli: cannot write to standard output" << Qt::endl;
        return NetworkFailure;
    }
    ctx.out.flush();

    // The structure gives the default keys (the prime keys) and the slotted key to split on.
    std::unique_ptr<jsoc::SeriesStructureJob> info;
    if (q.keys.isEmpty() || q.limit == 0) {
        info.reset(ctx.client.seriesStructure(seriesOf(q.recordSet)));
        waitFor(info.get());
        const jsoc::JsocError &e = info->error();
        // JSOC's own complaint about the record set is left to rs_list to report (as before);
        // an unreachable server is reported now rather than retried all over again.
        const bool serverAnswered = e.kind == jsoc::JsocError::Kind::Jsoc || e.kind == jsoc::JsocError::Kind::BadResponse;
        if (e.isError() && (q.keys.isEmpty() || !serverAnswered))
            return reportError(ctx, e);
        if (q.keys.isEmpty())
            q.keys = info->result().primeKeys;
    }

    TableWriter writer(out, q.format);
    RowOutput output(writer, q.keys, q.segments);
    qint64 expectedRecords = 0;
    if (q.limit == 0 && info && !info->error().isError()) {
        jsoc::JsocError error;
        if (runWindowed(ctx, q, info->result(), output, &error, &expectedRecords)) {
            if (error.isError()) // rows already written stay incomplete (no closing JSON bracket)
                return reportError(ctx, error);
            writer.finish();
            if (!onTerminal)
                rawOut.flush();
            return Ok;
        }
    }

    jsoc::RecordListQuery query;
    query.recordSet = q.recordSet;
    query.keys = q.keys;
    query.segments = q.segments;
    query.limit = q.limit;
    // Sizes the reply cap only (16 KiB a cell leaves room for records added since the count).
    query.expectedRecords = expectedRecords;
    std::unique_ptr<jsoc::RecordListJob> job(ctx.client.recordList(query));
    waitFor(job.get());
    if (job->error().isError())
        return reportError(ctx, job->error());
    const jsoc::RecordTable table = job->takeResult();
    output.writeRows(table);
    writer.finish();
    if (!onTerminal)
        rawOut.flush();
    return Ok;
}

} // namespace cli

#include "CliContext.h"
#include "model/records/TableWriter.h"
#include "app/cli/shared/TerminalText.h"

#include "app/workflow/RecordSetFetch.h"
#include "model/records/RecordPageCache.h"

#include <QEventLoop>
#include <QFile>
#include <QSaveFile>
#include <QHash>

#include <optional>
#include <vector>

#include <unistd.h>

namespace cli {
using jsoc::TableWriter;
namespace {

constexpr auto kQueryUsage = "usage: jsoc-cli query RECORDSET [--keys K1,K2|**ALL**] [--segs S1,S2] "
                        "[--limit N] [--format csv|tsv|json] [-o FILE|-]";
constexpr auto kQueryHelp =
    "Prints one row per record of RECORDSET: the keys asked for (default: the series' prime keys), then\n"
    "the segments' file names, with values as JSOC sent them (MISSING is an empty field, null in JSON).\n"
    "  --keys K1,K2|**ALL**  keywords to print (**ALL**: every keyword, in the series' order)\n"
    "  --segs S1,S2          segments whose file names to print\n"
    "  --limit N             at most N records\n"
    "  --format csv|tsv|json the output format (default csv)\n"
    "  -o, --output FILE     write to FILE instead of standard output (- is standard output); FILE\n"
    "                        gets its name only once every row is written\n";

struct QueryArgs {
    QString recordSet;
    QStringList keys;
    QStringList segments;
    qint64 limit = 0;
    TableWriter::Format format = TableWriter::Format::Csv;
    QString outputFile; // empty or "-": standard output
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
        } else if (a == u"-o" || a == u"--output") {
            if (!value(&q->outputFile))
                return false;
            if (q->outputFile.isEmpty()) {
                *problem = QStringLiteral("%1 needs a file name (- for standard output)").arg(a);
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

} // namespace

// query RECORDSET: header = exactly the keys asked for (default: the prime keys), then one row
// per record with values as JSOC sent them; MISSING becomes an empty field.
int runQuery(const CliContext &ctx, const QStringList &args)
{
    if (wantsHelp(args)) {
        ctx.out << kQueryUsage << '\n' << kQueryHelp;
        return Ok;
    }
    QueryArgs q;
    QString problem;
    if (!parseArgs(args, &q, &problem)) {
        ctx.err << "jsoc-cli: " << problem << '\n' << kQueryUsage << Qt::endl;
        return UsageError;
    }

    // Rows go to files and pipes byte for byte, as JSOC sent them; on a terminal, control
    // characters in the values are shown as escapes instead (see TerminalText.h).
    // -o FILE: written beside FILE and renamed over it only when the query succeeded, so a failed
    // query leaves no partial table under FILE (and an existing FILE untouched).
    const bool toFile = !q.outputFile.isEmpty() && q.outputFile != u"-";
    QSaveFile fileOut(toFile ? q.outputFile : QString());
    if (toFile && !fileOut.open(QIODevice::WriteOnly)) {
        ctx.err << "jsoc-cli: cannot write " << q.outputFile << ": " << fileOut.errorString() << Qt::endl;
        return LocalFailure;
    }
    QFile rawOut;
    TerminalSafeDevice terminalOut(stdout);
    const bool onTerminal = !toFile && isatty(fileno(stdout)) == 1;
    QIODevice &out = toFile ? static_cast<QIODevice &>(fileOut)
                            : onTerminal ? static_cast<QIODevice &>(terminalOut) : rawOut;
    if (!toFile && !onTerminal && !rawOut.open(stdout, QIODevice::WriteOnly)) {
        ctx.err << "jsoc-cli: cannot write to standard output" << Qt::endl;
        return NetworkFailure;
    }
    ctx.out.flush();

    // The same fetch as the record-set window's, with the count only as a hint: the structure
    // (default keys = the prime keys; the slotted key to split on), rs_summary, then slot-aligned
    // pages, written in page order as they come; a limit, or no count, is one rs_list.
    app::RecordSetRequest request;
    request.recordSet = q.recordSet;
    request.keys = q.keys;
    request.segments = q.segments;
    request.limit = q.limit;
    request.countRequired = false;
    app::RecordSetFetch fetch(&ctx.client);
    TableWriter writer(out, q.format);
    std::optional<RowOutput> output; // made once the keys are known
    jsoc::RecordPageCache cache;
    jsoc::JsocError error;
    QEventLoop loop;
    QObject::connect(&fetch, &app::RecordSetFetch::loadStarted, &loop, [&](quint64 generation, int, qint64) {
        cache.reset(generation);
        output.emplace(writer, fetch.keys(), q.segments);
    });
    QObject::connect(&fetch, &app::RecordSetFetch::pageLoaded, &loop,
                     [&](quint64 generation, int index, jsoc::RecordTable page) {
                         if (!cache.insert(generation, index, std::move(page)))
                             return;
                         // An empty window says nothing; a single request's reply still names
                         // the columns (**ALL** expanded) when it has no rows.
                         for (const jsoc::RecordTable &ready : cache.takeReady())
                             if (ready.rowCount() > 0 || fetch.pagesTotal() == 1)
                                 output->writeRows(ready);
                     });
    QObject::connect(&fetch, &app::RecordSetFetch::finished, &loop, &QEventLoop::quit);
    QObject::connect(&fetch, &app::RecordSetFetch::failed, &loop, [&](quint64, const jsoc::JsocError &e) {
        error = e;
        loop.quit();
    });
    QObject::connect(&fetch, &app::RecordSetFetch::cancelled, &loop, [&] { // a job cancelled under us
        error = jsoc::JsocError::make(jsoc::JsocError::Kind::Cancelled, QStringLiteral("The query was cancelled"));
        loop.quit();
    });
    fetch.start(request);
    if (fetch.isRunning())
        loop.exec();
    if (error.isError()) { // rows already written to stdout stay incomplete (no closing JSON bracket)
        if (toFile)
            fileOut.cancelWriting();
        return reportError(ctx, error);
    }
    if (!output)
        output.emplace(writer, fetch.keys(), q.segments);
    if (!output->headerDone())
        output->writeHeader(jsoc::RecordTable());
    writer.finish();
    if (toFile && !fileOut.commit()) {
        ctx.err << "jsoc-cli: cannot write " << q.outputFile << ": " << fileOut.errorString() << Qt::endl;
        return LocalFailure;
    }
    if (!toFile && !onTerminal)
        rawOut.flush();
    return Ok;
}

} // namespace cli

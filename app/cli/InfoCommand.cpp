#include "CliContext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cli {
namespace {

QJsonObject toJson(const jsoc::SeriesStructure &s)
{
    QJsonArray primeKeys;
    for (const jsoc::PrimeKeyInfo &pk : s.primeKeysInfo) {
        QJsonObject o{{"name", pk.name}, {"type", pk.type}, {"units", pk.units},
                      {"slotted", pk.slotted}, {"scope", pk.recscope}};
        if (pk.slotted) {
            o.insert("step", pk.stepValue.isEmpty() ? pk.step : pk.stepValue);
            o.insert("step_units", pk.stepUnits);
            o.insert("epoch", pk.epoch);
        }
        primeKeys.append(o);
    }
    QJsonArray keywords;
    for (const jsoc::KeywordInfo &k : s.keywords) {
        QJsonObject o{{"name", k.name}, {"type", k.type}, {"scope", k.recscope},
                      {"units", k.units}, {"default", k.defval}, {"note", k.note}};
        if (!k.linkinfo.isEmpty())
            o.insert("link", k.linkinfo);
        keywords.append(o);
    }
    QJsonArray segments;
    for (const jsoc::SegmentInfo &g : s.segments)
        segments.append(QJsonObject{{"name", g.name}, {"type", g.type}, {"units", g.units},
                                    {"protocol", g.protocol}, {"dims", g.dims}, {"note", g.note}});
    QJsonArray links;
    for (const jsoc::LinkInfo &l : s.links)
        links.append(QJsonObject{{"name", l.name}, {"target", l.target}, {"kind", l.kind}, {"note", l.note}});
    QJsonObject interval{{"first_record", s.interval.firstRecord},
                         {"last_record", s.interval.lastRecord},
                         {"max_recnum", s.interval.maxRecnum}};
    interval.insert("first_recnum", s.interval.firstRecnum ? QJsonValue(double(*s.interval.firstRecnum)) : QJsonValue());
    interval.insert("last_recnum", s.interval.lastRecnum ? QJsonValue(double(*s.interval.lastRecnum)) : QJsonValue());
    return QJsonObject{{"series", s.name}, {"description", s.note}, {"retention", s.retention},
                       {"staging_retention", s.stagingRetention}, {"unit_size", s.unitSize},
                       {"archive", s.archive}, {"tape_group", s.tapeGroup},
                       {"prime_keys", primeKeys}, {"db_index", QJsonArray::fromStringList(s.dbIndex)},
                       {"keywords", keywords}, {"segments", segments}, {"links", links},
                       {"interval", interval}};
}

// Left-aligned columns, widths from the longest cell; the last column is not padded.
void printTable(QTextStream &out, const QStringList &header, const QList<QStringList> &rows)
{
    QList<qsizetype> widths(header.size(), 0);
    auto measure = [&](const QStringList &r) {
        for (qsizetype i = 0; i < r.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], r[i].size());
    };
    measure(header);
    for (const QStringList &r : rows)
        measure(r);
    auto print = [&](const QStringList &r) {
        out << "  ";
        for (qsizetype i = 0; i < r.size(); ++i) {
            if (i + 1 < r.size())
                out << r[i].leftJustified(widths[i] + 2);
            else
                out << r[i];
        }
        out << '\n';
    };
    print(header);
    for (const QStringList &r : rows)
        print(r);
}

void printText(QTextStream &out, const jsoc::SeriesStructure &s)
{
    out << "Series:       " << s.name << '\n'
        << "Description:  " << s.note << '\n'
        << "Retention:    " << s.retention << " days (staging " << s.stagingRetention << " days)\n"
        << "Unit size:    " << s.unitSize << " records per storage unit\n"
        << "Archive:      " << (s.archive ? "yes" : "no") << ", tape group " << s.tapeGroup << '\n';
    if (s.interval.isEmpty()) {
        out << "Records:      none\n";
    } else {
        out << "First record: " << s.interval.firstRecord << " (recnum " << s.interval.firstRecnum.value_or(0) << ")\n"
            << "Last record:  " << s.interval.lastRecord << " (recnum " << s.interval.lastRecnum.value_or(0) << ")\n"
            << "Max recnum:   " << s.interval.maxRecnum << '\n';
    }

    out << "\nPrime keys (" << s.primeKeysInfo.size() << "):\n";
    QList<QStringList> rows;
    for (const jsoc::PrimeKeyInfo &pk : s.primeKeysInfo) {
        QString slot = QStringLiteral("-");
        if (pk.slotted) {
            slot = QStringLiteral("step %1 %2").arg(pk.stepValue.isEmpty() ? pk.step : pk.stepValue, pk.stepUnits).trimmed();
            if (!pk.epoch.isEmpty())
                slot += QStringLiteral(", epoch %1").arg(pk.epoch);
        }
        rows.append({pk.name, pk.type, pk.units, slot});
    }
    printTable(out, {"NAME", "TYPE", "UNITS", "SLOT"}, rows);

    out << "\nKeywords (" << s.keywords.size() << "):\n";
    rows.clear();
    for (const jsoc::KeywordInfo &k : s.keywords)
        rows.append({k.name, k.type, k.recscope, k.units, k.defval, k.note});
    printTable(out, {"NAME", "TYPE", "SCOPE", "UNITS", "DEFAULT", "DESCRIPTION"}, rows);

    out << "\nSegments (" << s.segments.size() << "):\n";
    rows.clear();
    for (const jsoc::SegmentInfo &g : s.segments)
        rows.append({g.name, g.type, g.units, g.protocol, g.dims, g.note});
    printTable(out, {"NAME", "TYPE", "UNITS", "PROTOCOL", "DIMS", "DESCRIPTION"}, rows);

    out << "\nLinks (" << s.links.size() << "):\n";
    rows.clear();
    for (const jsoc::LinkInfo &l : s.links)
        rows.append({l.name, l.target, l.kind, l.note});
    printTable(out, {"NAME", "TARGET", "KIND", "DESCRIPTION"}, rows);
}

} // namespace

// info SERIES [--json]: prime keys, keywords, segments, links, interval.
int runInfo(const CliContext &ctx, const QStringList &args)
{
    if (wantsHelp(args)) {
        ctx.out << "usage: jsoc-cli info SERIES [--json]\n"
                   "Prints the series' description, prime keys, keywords, segments and links, and the\n"
                   "interval its records cover; --json: the same as one JSON object.\n";
        return Ok;
    }
    QString series;
    bool json = false;
    for (const QString &a : args) {
        if (a == u"--json") {
            json = true;
        } else if (series.isEmpty() && !a.startsWith(u"--")) {
            series = a;
        } else {
            ctx.err << "usage: jsoc-cli info SERIES [--json]" << Qt::endl;
            return UsageError;
        }
    }
    if (series.isEmpty()) {
        ctx.err << "usage: jsoc-cli info SERIES [--json]" << Qt::endl;
        return UsageError;
    }
    std::unique_ptr<jsoc::SeriesStructureJob> job(ctx.client.seriesStructure(series));
    waitFor(job.get());
    if (job->error().isError())
        return reportError(ctx, job->error());
    if (json)
        ctx.out << QJsonDocument(toJson(job->result())).toJson(QJsonDocument::Indented);
    else
        printText(ctx.out, job->result());
    ctx.out.flush();
    return Ok;
}

} // namespace cli

#include "sim/SeriesLists.h"

#include <QRegularExpression>

#include "sim/JsocJson.h"
#include "sim/SeriesCatalog.h"
#include "sim/SeriesFactory.h"

namespace sim {

namespace {

// show_series looks a filter with exactly one `\.` up in that namespace only (the text before it,
// a leading ^ aside), then matches the regex there: `mdi\.` never lists ds_mdi.* although the
// regex alone would match it anywhere in the name. Empty: no namespace, the whole catalogue.
QString namespaceOf(const QString &filter)
{
    const qsizetype dot = filter.indexOf(QLatin1String("\\."));
    if (dot < 0 || filter.indexOf(QLatin1String("\\."), dot + 2) >= 0)
        return QString();
    QString ns = filter.left(dot);
    if (ns.startsWith('^'))
        ns.remove(0, 1);
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return identifier.match(ns).hasMatch() ? ns : QString();
}

bool inNamespace(const QString &name, const QString &ns)
{
    return ns.isEmpty() || (name.size() > ns.size() && name.at(ns.size()) == '.' && name.startsWith(ns, Qt::CaseInsensitive));
}

} // namespace

SeriesLists::SeriesLists(const SeriesCatalog &catalog, const SeriesFactory &factory)
    : m_catalog(catalog), m_factory(factory)
{
}

const QString &SeriesLists::primeKeys(int index) const
{
    if (m_primeKeys.isEmpty()) {
        m_primeKeys.reserve(m_catalog.count());
        for (int i = 0; i < m_catalog.count(); ++i)
            m_primeKeys.append(m_factory.primeKeysText(i));
    }
    return m_primeKeys[index];
}

CgiReply SeriesLists::showSeries(const QByteArray &rawQuery) const
{
    CgiReply reply;
    bool haveFilter = false;
    QByteArray filter;
    if (!rawQuery.isEmpty()) {
        const qsizetype eq = rawQuery.indexOf('=');
        if (eq < 0) {
            // The CGI dereferences index(query,'=')+1 without checking: it crashes.
            reply.httpStatus = 500;
            reply.contentType = "text/html; charset=iso-8859-1";
            reply.body = "<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>\n";
            return reply;
        }
        filter = percentDecode(rawQuery.mid(eq + 1), false);
        haveFilter = true;
    }
    bool negate = false;
    QRegularExpression re;
    if (haveFilter) {
        if (filter.startsWith("NOT ")) {
            negate = true;
            filter = filter.mid(4);
        }
        re = QRegularExpression(QString::fromLatin1(filter), QRegularExpression::CaseInsensitiveOption);
        if (!re.isValid()) {
            reply.body = "{\"status\":1,\"errmsg\":Series filter format error}\n";
            return reply;
        }
    }
    const QString ns = haveFilter ? namespaceOf(QString::fromLatin1(filter)) : QString();
    QByteArray &out = reply.body;
    out = "{\"status\":0,\n \"names\":[\n";
    int used = 0;
    for (int i = 0; i < m_catalog.count(); ++i) {
        const QString &name = m_catalog.name(i);
        if (haveFilter && (!inNamespace(name, ns) || re.match(name).hasMatch() == negate))
            continue;
        if (used++)
            out.append(",\n");
        out.append("  {\"name\":\"");
        out.append(name.toLatin1()); // printed raw by the CGI
        out.append("\",\"primekeys\":\"");
        out.append(primeKeys(i).toLatin1());
        out.append("\",\"note\":\"");
        jsocjson::appendEscaped(out, m_catalog.description(i).toUtf8());
        out.append("\"}");
    }
    out.append("],\n\"n\":");
    out.append(QByteArray::number(used));
    out.append("}\n");
    return reply;
}

CgiReply SeriesLists::showExtSeries(const CgiParams &params) const
{
    CgiReply reply;
    auto value = [&](const char *a, const char *b) {
        return params.contains(QLatin1String(a)) ? params.value(QLatin1String(a)) : params.value(QLatin1String(b));
    };
    const QString dbhost = value("dbhost", "H");
    const QString filter = value("filter", "f");
    const QString info = value("info", "i");
    auto fail = [&](const QString &msg) {
        QByteArray &out = reply.body;
        out = "{\"errMsg\": ";
        jsocjson::appendPyString(out, msg);
        out.append(", \"seriesList\": []}\n");
        return reply;
    };
    if (dbhost.isEmpty())
        return fail(QStringLiteral("Unable to parse arguments. Missing required argument 'dbhost'."));
    if (!dbhost.startsWith(QLatin1String("hmidb")))
        return fail(QStringLiteral("Unable to parse arguments. '%1' is not an external database host.").arg(dbhost));
    bool negate = false;
    QString pattern = filter;
    if (pattern.startsWith(QLatin1String("NOT "))) {
        negate = true;
        pattern = pattern.mid(4);
    }
    const QRegularExpression re(pattern, QRegularExpression::CaseInsensitiveOption);
    if (!filter.isEmpty() && !re.isValid())
        return fail(QStringLiteral("Unable to parse arguments. Invalid series filter '%1'.").arg(filter));
    const bool withInfo = !info.isEmpty() && info != QLatin1String("0") && info.compare(QLatin1String("false"), Qt::CaseInsensitive) != 0;
    const QString ns = namespaceOf(pattern); // showextseries runs show_series: the same lookup
    QByteArray &out = reply.body;
    out = "{\"errMsg\": \"\", \"seriesList\": [";
    int used = 0;
    for (int i = 0; i < m_catalog.count(); ++i) {
        const QString &name = m_catalog.name(i);
        if (!filter.isEmpty() && (!inNamespace(name, ns) || re.match(name).hasMatch() == negate))
            continue;
        if (used++)
            out.append(", ");
        if (withInfo) {
            out.append('{');
            jsocjson::appendPyString(out, name);
            out.append(": {\"description\": ");
            jsocjson::appendPyString(out, m_catalog.description(i));
            out.append("}}");
        } else {
            jsocjson::appendPyString(out, name);
        }
    }
    out.append("]}\n");
    return reply;
}

} // namespace sim

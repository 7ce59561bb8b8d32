#include "model/drms/JsocUrls.h"

namespace jsoc {

QStringList jsocNames(const QStringList &names)
{
    QStringList kept;
    for (const QString &name : names) {
        const QString t = name.trimmed();
        if (!t.isEmpty())
            kept.append(t);
    }
    return kept;
}

QString jsocNameList(const QStringList &names)
{
    return jsocNames(names).join(QLatin1Char(','));
}

QUrl jsocCgiUrl(const QUrl &siteRoot, const QString &cgi)
{
    QUrl url = siteRoot;
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    url.setPath(path + QLatin1String("cgi-bin/ajax/") + cgi);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

RsListParameters normalisedRsList(const RsListParameters &request)
{
    RsListParameters p = request;
    p.recordSet = request.recordSet.trimmed();
    p.keys = jsocNames(request.keys);
    p.segments = jsocNames(request.segments);
    p.links = jsocNames(request.links);
    if (p.keys.isEmpty() && p.segments.isEmpty() && p.links.isEmpty())
        p.keys = QStringList{QStringLiteral("**ALL**")};
    return p;
}

QUrl rsListUrl(const QUrl &siteRoot, const RsListParameters &request)
{
    const RsListParameters p = normalisedRsList(request);
    QByteArray query;
    const auto add = [&query](const char *name, const QString &value) {
        if (!query.isEmpty())
            query += '&';
        query += QByteArray(name) + '=' + QUrl::toPercentEncoding(value);
    };
    add("op", QStringLiteral("rs_list"));
    add("ds", p.recordSet);
    if (!p.keys.isEmpty())
        add("key", p.keys.join(QLatin1Char(',')));
    if (!p.segments.isEmpty())
        add("seg", p.segments.join(QLatin1Char(',')));
    if (!p.links.isEmpty())
        add("link", p.links.join(QLatin1Char(',')));
    if (p.recInfo)
        add("R", QStringLiteral("1"));
    if (p.limit != 0)
        add("n", QString::number(p.limit));
    QUrl url = jsocCgiUrl(siteRoot, QStringLiteral("jsoc_info"));
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
}

} // namespace jsoc

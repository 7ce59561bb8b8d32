#include "app/workflow/ServerAddress.h"

#include <QSettings>

namespace app {

ServerAddress parseServer(const QString &text)
{
    ServerAddress result;
    const QUrl url = QUrl::fromUserInput(text.trimmed());
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != u"http" && url.scheme() != u"https")) {
        result.error = QStringLiteral("not a usable JSOC server address: \"%1\" (expected e.g. http://jsoc.stanford.edu)").arg(text);
        return result;
    }
    // The site root only: the client appends JSOC's CGI paths itself.
    QUrl root = url;
    QString path = root.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    root.setPath(path);
    result.url = root;
    return result;
}

ServerAddress resolveServer(const QString &commandLineValue)
{
    if (!commandLineValue.isEmpty())
        return parseServer(commandLineValue);
    const QString fromEnv = qEnvironmentVariable("JSOC_SERVER");
    if (!fromEnv.isEmpty())
        return parseServer(fromEnv);
    const QString saved = QSettings().value(QStringLiteral("server/url")).toString();
    if (!saved.isEmpty())
        return parseServer(saved);
    return parseServer(QString::fromLatin1(kDefaultJsocSite));
}

} // namespace app

#include "model/common/Preferences.h"
#include "model/common/CommonLog.h"

#include <algorithm>

#include <QSettings>
#include <QStandardPaths>

namespace jsoc {

QString Preferences::defaultDownloadFolder()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (base.isEmpty())
        base = QStandardPaths::writableLocation(QStandardPaths::HomeLocation);
    return base + QStringLiteral("/JSOC");
}

Preferences Preferences::load(const QSettings &settings)
{
    Preferences p;
    p.serverUrl = settings.value(QLatin1String(kServerKey)).toString();
    p.notifyEmail = settings.value(QLatin1String(kNotifyEmailKey)).toString();
    p.downloadFolder = settings.value(QLatin1String(kDownloadFolderKey), defaultDownloadFolder()).toString();
    if (p.downloadFolder.isEmpty())
        p.downloadFolder = defaultDownloadFolder();
    const int connections = settings.value(QLatin1String(kConnectionsPerHostKey), 1).toInt();
    p.connectionsPerHost = std::clamp(connections, kMinConnections, kMaxConnections);
    const int cache = settings.value(QLatin1String(kCacheLimitKey), 200).toInt();
    p.cacheLimitMegabytes = std::clamp(cache, kMinCacheMegabytes, kMaxCacheMegabytes);
    const int lookCache = settings.value(QLatin1String(kLookCacheLimitKey), 500).toInt();
    p.lookCacheLimitMegabytes = std::clamp(lookCache, kMinLookCacheMegabytes, kMaxLookCacheMegabytes);
    p.lookPlace = settings.value(QLatin1String(kLookPlaceKey)).toString() == QLatin1String("fits-window")
                      ? LookPlace::FitsWindow
                      : LookPlace::Pane;
    // A hand-edited or old settings file: say what was used instead, so "why 8?" has an answer.
    if (p.connectionsPerHost != connections)
        qCDebug(lcCommon) << "settings" << settings.fileName() << "ask for" << connections
                          << "connections per host; using" << p.connectionsPerHost;
    if (p.cacheLimitMegabytes != cache)
        qCDebug(lcCommon) << "settings" << settings.fileName() << "ask for a" << cache << "MB cache; using"
                          << p.cacheLimitMegabytes;
    return p;
}

void Preferences::save(QSettings &settings) const
{
    if (serverUrl.isEmpty())
        settings.remove(QLatin1String(kServerKey));
    else
        settings.setValue(QLatin1String(kServerKey), serverUrl);
    settings.setValue(QLatin1String(kNotifyEmailKey), notifyEmail);
    settings.setValue(QLatin1String(kDownloadFolderKey), downloadFolder);
    settings.setValue(QLatin1String(kConnectionsPerHostKey), connectionsPerHost);
    settings.setValue(QLatin1String(kCacheLimitKey), cacheLimitMegabytes);
    settings.setValue(QLatin1String(kLookCacheLimitKey), lookCacheLimitMegabytes);
    settings.setValue(QLatin1String(kLookPlaceKey),
                      lookPlace == LookPlace::FitsWindow ? QStringLiteral("fits-window") : QStringLiteral("pane"));
}

} // namespace jsoc

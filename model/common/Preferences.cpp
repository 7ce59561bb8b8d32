#include "model/common/Preferences.h"

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
    p.connectionsPerHost = std::clamp(settings.value(QLatin1String(kConnectionsPerHostKey), 1).toInt(),
                                      kMinConnections, kMaxConnections);
    p.cacheLimitMegabytes = std::clamp(settings.value(QLatin1String(kCacheLimitKey), 200).toInt(),
                                       kMinCacheMegabytes, kMaxCacheMegabytes);
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
}

} // namespace jsoc

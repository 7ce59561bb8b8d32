#pragma once

#include <QString>
#include <QUrl>

class QSettings;

// The user's settings that several parts of the app read: the JSOC server, the e-mail JSOC
// notifies about exports, where downloads go, how many connections per host the downloader
// opens, how big the offline catalogue may grow, and where and how much the images of online
// records (looked at from the keyword table without an export) are kept and shown. Stored in QSettings under the keys below
// (server/url is also read by app::resolveServer).
namespace jsoc {

struct Preferences {
    static constexpr auto kServerKey = "server/url";
    static constexpr auto kNotifyEmailKey = "export/notifyEmail";
    static constexpr auto kDownloadFolderKey = "download/folder";
    static constexpr auto kConnectionsPerHostKey = "download/connectionsPerHost";
    static constexpr auto kCacheLimitKey = "cache/limitMegabytes";
    static constexpr auto kLookCacheLimitKey = "look/cacheLimitMegabytes";
    static constexpr auto kLookPlaceKey = "look/shownIn";

    static constexpr int kMinConnections = 1;
    static constexpr int kMaxConnections = 8;
    static constexpr int kMinCacheMegabytes = 10;
    static constexpr int kMaxCacheMegabytes = 100000;
    static constexpr int kMinLookCacheMegabytes = 20; // a few full-disk files: paging back stays instant
    static constexpr int kMaxLookCacheMegabytes = 100000;

    // Where the image of the selected row is shown: beside the keyword table, or in a FITS window.
    enum class LookPlace { Pane, FitsWindow };

    QString serverUrl;          // empty: use the default (see app::resolveServer)
    QString notifyEmail;        // registered JSOC export address; empty until the user sets it
    QString downloadFolder;     // defaults to <Downloads>/JSOC
    int connectionsPerHost = 1; // JSOC asks for one connection at a time; up to 8 by choice
    int cacheLimitMegabytes = 200;
    int lookCacheLimitMegabytes = 500; // about 60 Rice-compressed 4096² HMI files
    LookPlace lookPlace = LookPlace::Pane;

    qint64 cacheLimitBytes() const { return qint64(cacheLimitMegabytes) * 1024 * 1024; }
    qint64 lookCacheLimitBytes() const { return qint64(lookCacheLimitMegabytes) * 1024 * 1024; }

    // Values out of range are clamped; missing keys take the defaults above.
    static Preferences load(const QSettings &settings);
    void save(QSettings &settings) const;
    static QString defaultDownloadFolder();

    bool operator==(const Preferences &) const = default;
};

} // namespace jsoc

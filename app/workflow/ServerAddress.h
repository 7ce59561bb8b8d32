#pragma once

#include <QString>
#include <QUrl>

// Where JSOC lives for this run. Precedence: an explicit --server argument, then the
// JSOC_SERVER environment variable, then the saved preference, then the public JSOC site.
namespace app {

inline constexpr auto kDefaultJsocSite = "http://jsoc.stanford.edu";

struct ServerAddress {
    QUrl url;
    QString error; // non-empty when the given text is not a usable http(s) URL
};

ServerAddress resolveServer(const QString &commandLineValue);
ServerAddress parseServer(const QString &text);

} // namespace app

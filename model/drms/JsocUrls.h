#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

// JSOC's request URLs, built in one place for the client that sends them and for the code
// snippets that show a user how to send the same request themselves.
namespace jsoc {

// What an rs_list request asks for (jsoc_info?op=rs_list).
struct RsListParameters {
    QString recordSet;    // ds=
    QStringList keys;     // key=
    QStringList segments; // seg=
    QStringList links;    // link=
    bool recInfo = false; // R=1
    qint64 limit = 0;     // n= (>0 first n, <0 last |n|, 0 all)
};

// Names trimmed, blanks dropped.
QStringList jsocNames(const QStringList &names);
// jsocNames() joined with commas: what key=, seg= and link= take.
QString jsocNameList(const QStringList &names);
// <siteRoot>/cgi-bin/ajax/<cgi>, without query or fragment ("" gives the directory itself).
QUrl jsocCgiUrl(const QUrl &siteRoot, const QString &cgi);
// jsoc_info?op=rs_list&ds=…[&key=…][&seg=…][&link=…][&R=1][&n=…], in that order; asking for no
// key, segment or link asks for every keyword (key=**ALL**). Every reserved byte of a value is
// percent-encoded: JSOC's CGIs decode %XX and nothing else.
QUrl rsListUrl(const QUrl &siteRoot, const RsListParameters &request);
// The same parameters with blanks removed and **ALL** filled in: what rsListUrl() sends.
RsListParameters normalisedRsList(const RsListParameters &request);

} // namespace jsoc

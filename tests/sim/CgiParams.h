#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

// CGI-style parameters as the JSOC CGIs read them: from the query string, and for POST from an
// application/x-www-form-urlencoded body. Names and values are %XX-decoded and '+' means space
// (drms sends Python urlencode output); later duplicates win.
namespace sim {

using CgiParams = QHash<QString, QString>;

CgiParams parseCgiParams(const QByteArray &rawQuery, const QByteArray &formBody = QByteArray());
QByteArray percentDecode(const QByteArray &in, bool plusIsSpace);

} // namespace sim

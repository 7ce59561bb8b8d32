#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace sim {

// The simulator's export-user registry behind checkAddress.sh and jsoc_fetch's notify check.
// Every syntactically valid address counts as registered, except local parts starting with
// "pending" (registration pending, status 3) or "unknown" (never registered, status 4).
class AddressBook final
{
public:
    struct Verdict {
        int status = 0;
        QString msg;
    };

    // `address` as the CGI saw it after one URL-decoding; decoded again when it still holds %XX,
    // like checkAddress.py (drms double-encodes: jsoc%2540example.com).
    Verdict check(const QString &address) const;
    // checkAddress.sh body: Python json.dumps layout ("key": value, ", " separators), key order
    // alternating between calls as seen on the live server; ends with "\n".
    QByteArray reply(const QString &address, bool present);
    // Tests: force the status (2/3/4) reported for one address (exact, case-insensitive match).
    void setStatus(const QString &address, int status);

    static QString decodeAgain(const QString &address);

private:
    QHash<QString, int> m_overrides;
    quint64 m_replies = 0;
};

} // namespace sim

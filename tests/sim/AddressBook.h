#pragma once

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>

namespace sim {

// The simulator's export-user registry behind checkAddress.sh and jsoc_fetch's notify check, as
// JSOC keeps it: an address is registered only once somebody registered it (registerAddress(),
// jsoc-sim --register, JSOC_SIM_REGISTERED); every other valid address is unknown (status 4, JSOC's
// "neither validated nor registered"). No rule by name: tests that need the pending state (3) say
// so with setStatus().
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
    // Registers `address` (any case; compared case-insensitively, like JSOC's table). False, and
    // nothing registered, when it is not a valid address.
    bool registerAddress(const QString &address);
    bool isRegistered(const QString &address) const;
    // Tests: force the status (2/3/4) reported for one address (exact, case-insensitive match),
    // e.g. 3 for an address whose registration is pending.
    void setStatus(const QString &address, int status);

    static QString decodeAgain(const QString &address);
    static bool isValidAddress(const QString &address);

private:
    QSet<QString> m_registered; // lower case
    QHash<QString, int> m_overrides;
    quint64 m_replies = 0;
};

} // namespace sim

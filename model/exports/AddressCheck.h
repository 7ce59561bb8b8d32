#pragma once

#include <QString>

// Result of checkAddress.sh?address=…&checkonly=1 (protocol §3.7).
namespace jsoc {

struct AddressCheck {
    int status = 0;       // 2 = registered; 3 pending; 4 not registered; negative = errors
    QString message;      // server's `msg`, e.g. "Email address is valid and registered."
    qint64 userId = -1;   // `user_id` when the server sends it, else -1

    bool registered() const { return status == 2; }
};

} // namespace jsoc

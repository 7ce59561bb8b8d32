#pragma once

#include <QDateTime>
#include <QString>

// The answer of /cgi-bin/ajax/manage-request.sh?address=ADDR&operation=check|cancel
// (protocol §10.2): JSOC's table of pending export requests per notify address. JSOC ignores an
// entry older than 60 minutes when it decides whether a new request must wait (status 7), so a
// stuck request stops blocking after an hour (`blocksUntil`).
namespace jsoc {

struct PendingRequestCheck {
    enum class Answer {
        NoPending,  // status "1" (or 101): nothing pending for this address
        Pending,    // status "2" (or 102): `msg` names the request id and when it started
        Cancelled,  // status "3" (or 103): the pending request was cancelled
        Unknown     // any other status: `message` carries JSOC's words
    };

    Answer answer = Answer::Unknown;
    int status = -1;     // the number JSOC sent (1/2/3 or 101/102/103)
    QString message;     // JSOC's `msg`, verbatim
    QString requestId;   // JSOC_YYYYMMDD_NNN named in `msg`, "" when none
    QDateTime started;   // when the pending request started (UTC), invalid when `msg` does not say

    static constexpr int kForgetAfterMinutes = 60; // EXPORT_PENDING_REQUESTS_TIME_OUT in jsoc_fetch.c

    bool isPending() const { return answer == Answer::Pending; }
    // When JSOC stops counting the pending request against the address (started + 60 min);
    // invalid when the start time is unknown.
    QDateTime blocksUntil() const
    {
        return started.isValid() ? started.addSecs(qint64(kForgetAfterMinutes) * 60) : QDateTime();
    }
};

} // namespace jsoc

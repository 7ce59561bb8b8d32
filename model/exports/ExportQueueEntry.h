#pragma once

#include "model/exports/ExportTypes.h"

#include <QDateTime>
#include <QString>

// One export request as the persistent export queue keeps it (model/exports/ExportQueue.h).
namespace jsoc {

struct ExportQueueEntry {
    // Local life cycle. JSOC's own code is `jsocStatus` (model/exports/ExportStatusText.h explains it).
    enum class State {
        Queued,     // waiting in our queue (e.g. another request from the same e-mail is pending)
        Submitting, // exp_request sent, no request id stored yet (resubmitting is safe: JSOC
                    // answers a repeat within 24 h with the same id, protocol quirk 12)
        Pending,    // JSOC has it (status 1, 2 or 6); we poll exp_status
        Done,       // status 0: files known, downloads created
        Failed,     // JSOC refused or failed it, or it could not be reached for too long
        Expired,    // status 5, or more than 7 days since completion
        Cancelled   // removed by the user (JSOC itself cannot cancel a request)
    };

    qint64 id = 0;
    ExportRequestOptions options;
    QString folder;       // download folder for its files
    QString requestId;    // JSOC_YYYYMMDD_NNN; "" before submission and for quick exports
    int jsocStatus = -1;  // last status JSOC reported (-1 none yet)
    State state = State::Queued;
    QString message;      // last message in words (JSOC's error, or why it waits)
    QDateTime created;
    QDateTime updated;
    QDateTime completed;  // when JSOC finished it (its exptime, else when status 0 was first seen): the 7 days start here
    QDateTime submitted;  // when JSOC first gave it a request id: JSOC stops counting it as pending 60 min later
    qint64 sizeMb = 0;
    qint64 fileCount = 0;      // usable files listed by JSOC (downloads created)
    qint64 announcedFiles = 0; // files JSOC announced (`count`); more than fileCount = some are missing
    bool stageOnly = false;    // "Stage only": JSOC prepares the files, they download when the user asks
    QString jsocError;         // JSOC's own last `error`/`msg` text, verbatim ("" when it said nothing)
    // A job of several requests queued together ("Same field in other series…"): the members share
    // the id and the title (e.g. "Same field: AIA 171, AIA 193, HMI M"); 0 and "" = a lone export.
    qint64 groupId = 0;
    QString groupTitle;

    // Done, but JSOC listed fewer usable files than it announced (the message says why).
    bool isShort() const { return announcedFiles > fileCount; }
    bool isActive() const { return state == State::Submitting || state == State::Pending; }
    bool isTerminal() const
    {
        return state == State::Done || state == State::Failed || state == State::Expired || state == State::Cancelled;
    }
    QDateTime expiresAt() const { return completed.isValid() ? completed.addDays(7) : QDateTime(); }

    static QString stateName(State state);
    static State stateFromName(const QString &name);
};

struct ExportHistoryEntry {
    QDateTime at;
    ExportQueueEntry::State state = ExportQueueEntry::State::Queued;
    int jsocStatus = -1;
    QString note;
};

} // namespace jsoc

#pragma once

#include "model/exports/ExportQueueEntry.h"
#include "model/exports/ExportStatusText.h"

#include <QList>
#include <QString>

// The words of one export row in the exports window (jsoc::ExportQueueModel): its status cell and
// its tooltip. Kept apart from the model so they can be read and tested without one.
namespace jsoc {

// The question JSOC's status on this row answered: a row still Queued here got it from
// exp_request (where 7 means "wait"), any other from exp_status.
ExportStatusContext exportStatusContext(const ExportQueueEntry &entry);
// This program's own state in words ("Waiting in this program's queue", "Cancelled here").
QString exportStateWords(ExportQueueEntry::State state);
// The status cell: JSOC's status in words (codes 0-7, 12, 25 and unknown ones) when it describes
// the row, else the local state in words (before JSOC answered, after a cancel, or a row that
// failed or expired here while JSOC's last word was "in progress").
QString exportRowStatus(const ExportQueueEntry &entry);
// The whole story, one fact a line: state and JSOC's status (number and meaning), the stored
// message (JSOC's own words are in it: "JSOC said: …"), what to do, the request id and record set,
// and the last `historyLines` lines of `history` (oldest first, as ExportQueue::history gives it).
// The first line is always this program's own words, so a view never takes the text for rich text.
QString exportRowToolTip(const ExportQueueEntry &entry, const QList<ExportHistoryEntry> &history, int historyLines = 5);

} // namespace jsoc

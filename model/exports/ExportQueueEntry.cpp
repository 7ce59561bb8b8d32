#include "model/exports/ExportQueueEntry.h"

namespace jsoc {

QString ExportQueueEntry::stateName(State state)
{
    switch (state) {
    case State::Queued: return QStringLiteral("queued");
    case State::Submitting: return QStringLiteral("submitting");
    case State::Pending: return QStringLiteral("pending");
    case State::Done: return QStringLiteral("done");
    case State::Failed: return QStringLiteral("failed");
    case State::Expired: return QStringLiteral("expired");
    case State::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("queued");
}

ExportQueueEntry::State ExportQueueEntry::stateFromName(const QString &name)
{
    for (State s : {State::Queued, State::Submitting, State::Pending, State::Done, State::Failed, State::Expired,
                    State::Cancelled})
        if (stateName(s) == name)
            return s;
    return State::Queued;
}

} // namespace jsoc

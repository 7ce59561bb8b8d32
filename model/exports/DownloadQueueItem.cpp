#include "model/exports/DownloadQueueItem.h"

namespace jsoc {

QString DownloadItem::stateName(State state)
{
    switch (state) {
    case State::Waiting: return QStringLiteral("waiting");
    case State::Running: return QStringLiteral("running");
    case State::Paused: return QStringLiteral("paused");
    case State::Done: return QStringLiteral("done");
    case State::Failed: return QStringLiteral("failed");
    case State::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("waiting");
}

DownloadItem::State DownloadItem::stateFromName(const QString &name)
{
    for (State s : {State::Waiting, State::Running, State::Paused, State::Done, State::Failed, State::Cancelled})
        if (stateName(s) == name)
            return s;
    return State::Waiting;
}

} // namespace jsoc

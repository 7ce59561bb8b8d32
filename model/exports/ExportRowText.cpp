#include "model/exports/ExportRowText.h"

#include <QStringList>

#include <algorithm>

namespace jsoc {

using State = ExportQueueEntry::State;

ExportStatusContext exportStatusContext(const ExportQueueEntry &entry)
{
    return entry.state == State::Queued ? ExportStatusContext::AfterSubmit : ExportStatusContext::AfterPoll;
}

QString exportStateWords(State state)
{
    switch (state) {
    case State::Queued: return QStringLiteral("Waiting in this program's queue");
    case State::Submitting: return QStringLiteral("Being sent to JSOC");
    case State::Pending: return QStringLiteral("Sent; waiting for JSOC's answer");
    case State::Done: return QStringLiteral("Export complete");
    case State::Failed: return QStringLiteral("Failed");
    case State::Expired: return QStringLiteral("Expired (JSOC deleted the files)");
    case State::Cancelled: return QStringLiteral("Cancelled here (JSOC keeps the request)");
    }
    return QStringLiteral("Unknown state");
}

namespace {

// Codes that say "still in progress at JSOC": they do not describe a row that ended here.
bool inProgressCode(int status)
{
    return status == 1 || status == 2 || status == 6;
}

bool jsocStatusDescribes(const ExportQueueEntry &e)
{
    if (e.jsocStatus < 0 || e.state == State::Cancelled)
        return false;
    return !((e.state == State::Failed || e.state == State::Expired) && inProgressCode(e.jsocStatus));
}

// Outside text (JSOC's words, inside messages and notes) as one tooltip line: control characters
// become spaces, and a server that sends a megabyte of error text gets a line, not a wall.
QString oneLine(const QString &text)
{
    constexpr qsizetype kMax = 1000;
    QString line = text.left(kMax);
    for (QChar &c : line)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.category() == QChar::Other_Format)
            c = QLatin1Char(' ');
    line = line.simplified();
    if (text.size() > kMax)
        line += QStringLiteral(" … (%1 more characters)").arg(text.size() - kMax);
    return line;
}

QString historyLine(const ExportHistoryEntry &h)
{
    QString line = QStringLiteral("  %1 · %2").arg(h.at.isValid() ? h.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"))
                                                                   : QStringLiteral("(no time)"),
                                                    ExportQueueEntry::stateName(h.state));
    if (h.jsocStatus >= 0)
        line += QStringLiteral(" · JSOC status %1").arg(h.jsocStatus);
    if (const QString note = oneLine(h.note); !note.isEmpty())
        line += QStringLiteral(" · ") + note;
    return line;
}

} // namespace

QString exportRowStatus(const ExportQueueEntry &entry)
{
    return jsocStatusDescribes(entry) ? exportStatusText(entry.jsocStatus, exportStatusContext(entry)).meaning
                                      : exportStateWords(entry.state);
}

QString exportRowToolTip(const ExportQueueEntry &entry, const QList<ExportHistoryEntry> &history, int historyLines)
{
    QStringList lines;
    const ExportStatusText jsoc = exportStatusText(entry.jsocStatus, exportStatusContext(entry));
    QString first = exportStateWords(entry.state);
    if (entry.jsocStatus >= 0)
        first += QStringLiteral(". JSOC status %1: %2").arg(entry.jsocStatus).arg(jsoc.meaning);
    else
        first += QStringLiteral(". No status from JSOC yet");
    lines << first + QLatin1Char('.');
    if (const QString message = oneLine(entry.message); !message.isEmpty())
        lines << message;
    // The advice, unless the message already carries it (the poller's messages do).
    if (entry.jsocStatus >= 0 && entry.state != State::Cancelled && !entry.message.contains(jsoc.advice))
        lines << QStringLiteral("What to do: ") + jsoc.advice;
    lines << (entry.requestId.isEmpty() ? QStringLiteral("Request id: none yet") : QStringLiteral("Request id: ") + oneLine(entry.requestId));
    if (!entry.options.recordSet.isEmpty())
        lines << QStringLiteral("Record set: ") + oneLine(entry.options.recordSet);
    if (!history.isEmpty() && historyLines > 0) {
        const qsizetype from = std::max<qsizetype>(0, history.size() - historyLines);
        lines << (from > 0 ? QStringLiteral("History (last %1 of %2):").arg(history.size() - from).arg(history.size())
                           : QStringLiteral("History:"));
        for (qsizetype i = from; i < history.size(); ++i)
            lines << historyLine(history.at(i));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace jsoc

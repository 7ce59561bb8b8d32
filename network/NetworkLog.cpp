#include "network/NetworkLog.h"

#include <QStringList>
#include <QUrl>

// Debug off by default: routine lines are for diagnosis on demand. Warnings stay on: they are
// failures a user or maintainer should see without asking.
Q_LOGGING_CATEGORY(lcNetwork, "jsoc.network", QtWarningMsg)

namespace jsoc {

namespace {
// Export parameters that carry an e-mail address or a person's name (protocol §3.7, §3.8).
bool namesAPerson(const QString &key)
{
    static const QStringList keys = {QStringLiteral("notify"), QStringLiteral("address"), QStringLiteral("requestor"),
                                     QStringLiteral("requester"), QStringLiteral("userhandle"), QStringLiteral("shipto")};
    return keys.contains(key, Qt::CaseInsensitive);
}
} // namespace

QString urlForLog(const QUrl &url)
{
    QUrl shown = url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveFragment);
    if (shown.hasQuery()) {
        // Worked on the encoded text so every other parameter keeps its exact bytes.
        QStringList parts = shown.query(QUrl::FullyEncoded).split(QLatin1Char('&'));
        for (QString &part : parts) {
            const qsizetype eq = part.indexOf(QLatin1Char('='));
            const QString key = QUrl::fromPercentEncoding(part.left(eq < 0 ? part.size() : eq).toLatin1());
            if (namesAPerson(key))
                part = part.left(eq < 0 ? part.size() : eq) + QStringLiteral("=(hidden)");
        }
        shown.setQuery(parts.join(QLatin1Char('&')), QUrl::StrictMode);
    }
    return shown.toString();
}

} // namespace jsoc

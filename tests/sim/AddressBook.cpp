#include "sim/AddressBook.h"

#include "sim/PyJson.h"

#include <QRegularExpression>
#include <QUrl>

namespace sim {
namespace {

const QString kRegistered = QStringLiteral("Email address is valid and registered.");
const QString kPending = QStringLiteral("Email-address registration is pending. Please wait and try again later.");
const QString kUnknown = QStringLiteral("email address has been neither validated nor registered");
const QString kMissing = QStringLiteral("Missing required argument 'address'.");
const QString kInvalid = QStringLiteral("Not a valid email address.");

} // namespace

QString AddressBook::decodeAgain(const QString &address)
{
    static const QRegularExpression pct(QStringLiteral("%[0-9A-Fa-f]{2}"));
    if (!pct.match(address).hasMatch())
        return address;
    return QUrl::fromPercentEncoding(address.toUtf8());
}

AddressBook::Verdict AddressBook::check(const QString &raw) const
{
    const QString address = decodeAgain(raw).trimmed();
    if (address.isEmpty())
        return {-2, kMissing};
    static const QRegularExpression email(QStringLiteral(R"(^[^@\s]+@[^@\s]+\.[^@\s.]+$)"));
    if (!email.match(address).hasMatch())
        return {-2, kInvalid};
    const auto it = m_overrides.constFind(address.toLower());
    const int forced = it == m_overrides.constEnd() ? 0 : it.value();
    const QString local = address.section(QLatin1Char('@'), 0, 0).toLower();
    if (forced == 3 || (!forced && local.startsWith(QLatin1String("pending"))))
        return {3, kPending};
    if (forced == 4 || (!forced && local.startsWith(QLatin1String("unknown"))))
        return {4, kUnknown};
    return {2, kRegistered};
}

QByteArray AddressBook::reply(const QString &address, bool present)
{
    const Verdict v = present ? check(address) : Verdict{-2, kMissing};
    const QByteArray status = "\"status\": " + QByteArray::number(v.status);
    const QByteArray msg = "\"msg\": " + pyjson::string(v.msg);
    const bool msgFirst = (m_replies++ % 2) == 0;
    return "{" + (msgFirst ? msg + ", " + status : status + ", " + msg) + "}\n";
}

void AddressBook::setStatus(const QString &address, int status)
{
    m_overrides.insert(address.toLower(), status);
}

} // namespace sim

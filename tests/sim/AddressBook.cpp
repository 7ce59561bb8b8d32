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

QString key(const QString &address)
{
    return AddressBook::decodeAgain(address).trimmed().toLower();
}

} // namespace

QString AddressBook::decodeAgain(const QString &address)
{
    static const QRegularExpression pct(QStringLiteral("%[0-9A-Fa-f]{2}"));
    if (!pct.match(address).hasMatch())
        return address;
    return QUrl::fromPercentEncoding(address.toUtf8());
}

bool AddressBook::isValidAddress(const QString &address)
{
    static const QRegularExpression email(QStringLiteral(R"(^[^@\s]+@[^@\s]+\.[^@\s.]+$)"));
    return email.match(address).hasMatch();
}

AddressBook::Verdict AddressBook::check(const QString &raw) const
{
    const QString address = decodeAgain(raw).trimmed();
    if (address.isEmpty())
        return {-2, kMissing};
    if (!isValidAddress(address))
        return {-2, kInvalid};
    const int forced = m_overrides.value(address.toLower(), 0);
    const int status = forced ? forced : (m_registered.contains(address.toLower()) ? 2 : 4);
    switch (status) {
    case 2:
        return {2, kRegistered};
    case 3:
        return {3, kPending};
    default:
        return {4, kUnknown};
    }
}

QByteArray AddressBook::reply(const QString &address, bool present)
{
    const Verdict v = present ? check(address) : Verdict{-2, kMissing};
    const QByteArray status = "\"status\": " + QByteArray::number(v.status);
    const QByteArray msg = "\"msg\": " + pyjson::string(v.msg);
    const bool msgFirst = (m_replies++ % 2) == 0;
    return "{" + (msgFirst ? msg + ", " + status : status + ", " + msg) + "}\n";
}

bool AddressBook::registerAddress(const QString &address)
{
    const QString k = key(address);
    if (!isValidAddress(k))
        return false;
    m_registered.insert(k);
    return true;
}

bool AddressBook::isRegistered(const QString &address) const
{
    return check(address).status == 2;
}

void AddressBook::setStatus(const QString &address, int status)
{
    m_overrides.insert(key(address), status);
}

} // namespace sim

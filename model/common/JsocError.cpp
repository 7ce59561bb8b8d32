#include "model/common/JsocError.h"

namespace jsoc {

JsocError JsocError::make(Kind kind, const QString &message, int httpStatus, int jsocStatus)
{
    JsocError e;
    e.kind = kind;
    e.message = message;
    e.httpStatus = httpStatus;
    e.jsocStatus = jsocStatus;
    return e;
}

bool JsocError::meansUnreachable() const
{
    return kind == Kind::Network || kind == Kind::Timeout || kind == Kind::Tls
        || (kind == Kind::HttpStatus && httpStatus >= 500);
}

QString JsocError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None: return QStringLiteral("none");
    case Kind::Network: return QStringLiteral("network");
    case Kind::Timeout: return QStringLiteral("timeout");
    case Kind::Cancelled: return QStringLiteral("cancelled");
    case Kind::Tls: return QStringLiteral("tls");
    case Kind::HttpStatus: return QStringLiteral("http");
    case Kind::BadResponse: return QStringLiteral("bad-response");
    case Kind::Jsoc: return QStringLiteral("jsoc");
    }
    return QStringLiteral("unknown");
}

} // namespace jsoc

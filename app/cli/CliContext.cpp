#include "CliContext.h"

#include <QRegularExpression>

namespace cli {

int exitCodeFor(const jsoc::JsocError &error)
{
    using Kind = jsoc::JsocError::Kind;
    switch (error.kind) {
    case Kind::None:
        return Ok;
    case Kind::Jsoc:
    case Kind::BadResponse:
        return JsocFailure;
    case Kind::Network:
    case Kind::Timeout:
    case Kind::Cancelled:
    case Kind::Tls:
    case Kind::HttpStatus:
        return NetworkFailure;
    }
    return NetworkFailure;
}

int reportError(const CliContext &ctx, const jsoc::JsocError &error)
{
    ctx.err << "jsoc-cli: " << error.message << Qt::endl;
    return exitCodeFor(error);
}

QStringList splitList(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

} // namespace cli

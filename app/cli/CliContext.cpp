#include "CliContext.h"

#include <QRegularExpression>

namespace cli {

int exitCodeFor(const jsoc::JsocError &error)
{
    if (!error.isError())
        return Ok;
    return error.isJsocAnswer() ? JsocFailure : NetworkFailure;
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

#pragma once

#include <QStringList>

// `jsoc-cli COMMAND --help` (or -h): every command answers with its own usage on stdout and exit 0,
// wherever the option stands among its arguments.
namespace cli {

inline bool wantsHelp(const QStringList &args)
{
    return args.contains(QStringLiteral("--help")) || args.contains(QStringLiteral("-h"));
}

} // namespace cli

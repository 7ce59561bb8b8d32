#pragma once

#include "CliContext.h"

#include <QString>
#include <QStringList>

// `jsoc-cli preview RECORDSET --out PNG [--first] ...` and `jsoc-cli header RECORDSET [--first]`:
// the instant look at one record (app::RecordLook: rs_list for the segment's path and keywords,
// the SUMS file into the cache, its header built from the keywords), then the same jsoc-cli-fits
// command a local file gets, on the cached file. So a record renders exactly as its exported file
// would. `header` prints the note line ("# Header built from ...") before the cards.
// A set of more than one record is refused in words unless --first; a record set without
// {segment} uses the series' only segment (asked with series_struct) or names the choices.
namespace cli {

// Whether the command's arguments name a record set rather than a local file: the first operand
// is not an existing file and reads as SERIES[...] or SERIES{...}.
bool namesRecordSet(const QString &command, const QStringList &args);

// `command` is "preview" or "header"; `args` its arguments. Execs jsoc-cli-fits on success.
int runRecordLook(const CliContext &ctx, const QString &command, const QStringList &args);

} // namespace cli

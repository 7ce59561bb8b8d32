#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

#include "sim/JsonNode.h"

// JSOC's C JSON writer (base/libs/json): `/` escaped as `\/`, control characters as \uXXXX,
// bytes >= 0x80 copied raw; compact layout, plus json_format_string's "formatted" layout
// (newline after `{` and `,`, TAB indentation, `": "`, nothing special for `[`).
namespace sim::jsocjson {

// Writes `raw` escaped (without quotes) at p, which has room for kMaxEscapedPerByte * raw.size()
// bytes; returns the end. The one escaper: appendEscaped and the reply buffer both use it.
constexpr qsizetype kMaxEscapedPerByte = 6; // \u00XX
char *writeEscaped(char *p, QByteArrayView raw, bool escapeSlash = true);
void appendEscaped(QByteArray &out, QByteArrayView raw, bool escapeSlash = true); // without quotes
void appendString(QByteArray &out, QByteArrayView raw);          // with quotes
QByteArray compact(const JsonNode &node);                        // no trailing newline
QByteArray formatted(const JsonNode &node);                      // no trailing newline
QByteArray formatCompactText(QByteArrayView compactJson);        // reformat compact text

// Python json.dumps default escaping (for showextseries / checkAddress.sh): `"` `\` and control
// characters escaped, non-ASCII as \u00XX, `/` left alone.
void appendPyString(QByteArray &out, QStringView text);

} // namespace sim::jsocjson

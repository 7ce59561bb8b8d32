#pragma once

#include <QByteArrayView>
#include <QString>
#include <optional>

namespace jsoc {

struct SeriesStructure;

// How a column's text compares: rs_list sends every value as text (protocol §3.6), so sorting
// must parse it back into what the keyword really holds.
enum class ValueKind {
    Integer, // char short int longlong, pseudo-keys *recnum* *sunum* *size*; decimal or "0x…" hex
    Real,    // float double
    Time,    // DRMS time in any form JSOC prints ("2012.01.01_00:00:45_TAI", "2014-01-01T00:00:01Z")
    Text     // string, segment paths, anything unknown
};

struct KeywordInfo;

// Keyword `name` of `structure`: exact match first, then ignoring case (DRMS names are
// case-insensitive on input). nullptr when the series has no such keyword.
const KeywordInfo *findKeyword(const SeriesStructure &structure, const QString &name);
// Kind of a DRMS keyword type name ("int", "double", "time", "string", …); Text when unknown.
ValueKind valueKindOfType(const QString &drmsType);
// Kind of keyword `name` of `structure` (pseudo-keys are Integer; names not in the structure are Text).
ValueKind valueKindOf(const SeriesStructure &structure, const QString &name);
// True for rs_list's pseudo-keywords *recnum*, *sunum*, *size*.
bool isPseudoIntegerKey(const QString &name);

// The cell texts' real values. nullopt for "MISSING", empty or unparseable text (these sort last).
// Integers: decimal ("-2147483648") or hex ("0x00000000"); hex of 2/4/8/16 digits is the bit pattern
// of a char/short/int/longlong and is sign-extended ("0x80000000" = -2147483648, DRMS's int missing).
// Decimal text with a fraction or exponent ("6173.0") falls back to Real parsing, truncated.
std::optional<qint64> parseIntegerValue(QByteArrayView text);
// Reals: C locale decimal/exponent, "nan" counts as missing; integer and hex text are accepted too.
std::optional<double> parseRealValue(QByteArrayView text);
// Times: drms::parseTime (seconds since 1977.01.01_00:00:00_TAI); the DRMS missing time counts as missing.
std::optional<double> parseTimeValue(QByteArrayView text);

// Numeric sort key of a cell for Integer/Real/Time kinds (nullopt = missing/unparseable; always
// nullopt for Text). Integers above 2^53 lose precision here; use parseIntegerValue when exactness matters.
std::optional<double> numericValue(ValueKind kind, QByteArrayView text);

} // namespace jsoc

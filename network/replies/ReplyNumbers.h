#pragma once

#include "model/common/JsocError.h"

#include <QJsonValue>
#include <QString>
#include <QStringView>

// Whole numbers read from JSOC replies, checked for what they mean. JSOC sends them as JSON
// numbers or as strings ("0", "302"); both are accepted, but a value that is fractional (1.5),
// not finite, or outside the range its field can take (a status of 2^32, a count of -5) is a
// BadResponse naming the field and the value, never narrowed into something that looks valid.
namespace jsoc::parse {

struct IntRange {
    qint64 min;
    qint64 max;
    const char *meaning; // "a valid status": completes "…, which is not <meaning>"
};

// Counts and sizes: non-negative and exact in a double (what a JSON number can carry).
constexpr qint64 kMaxExactInteger = (qint64(1) << 53) - 1;
inline constexpr IntRange kStatusRange{-32768, 32767, "a valid status"};
inline constexpr IntRange kCountRange{0, kMaxExactInteger, "a valid count"};
inline constexpr IntRange kSizeRange{0, kMaxExactInteger, "a valid size"};
inline constexpr IntRange kSmallIntRange{-2147483647 - 1, 2147483647, "a valid number for this field"};
inline constexpr IntRange kRecnumRange{0, kMaxExactInteger, "a valid record number"};
inline constexpr IntRange kFlagRange{0, 1, "0 or 1"};

enum class IntRead {
    Ok,         // `out` holds the value
    Absent,     // missing or null
    NotNumeric, // text that is not a number ("NA", "many"), a bool, an array or object
    Bad         // a number, but fractional, not finite or out of range: `error` says which
};

// From a JSON value (number or numeric string).
IntRead readInt(const QJsonValue &value, const QString &field, const IntRange &range, qint64 &out, JsocError &error);
// From the text of a JSON number or string literal (the hand-written rs_list reader's view).
IntRead readIntText(QStringView text, const QString &field, const IntRange &range, qint64 &out, JsocError &error);

} // namespace jsoc::parse

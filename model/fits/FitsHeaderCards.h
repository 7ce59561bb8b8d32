#pragma once

#include "model/fits/FitsImage.h"

#include <QString>
#include <QVector>

// Header cards as a person reads them. A string value longer than one card is written with the
// OGIP long-string convention (LONGSTRN): the value ends with '&' and goes on in the quoted string
// of the CONTINUE cards that follow. mergeLongStrings() joins each such run into one card whose
// value is the whole string (the '&' markers removed) and whose comment joins the comments; `raw`
// keeps every original card. CONTINUE cards that follow no '&' string are left as they are.
namespace fits {

class FitsHeaderCards final
{
public:
    static QVector<FitsCard> mergeLongStrings(const QVector<FitsCard> &cards);
    // The quoted string of a CONTINUE card ('' unescaped) and its comment; false when the card
    // holds no quoted string.
    static bool parseContinue(const FitsCard &card, QString *value, QString *comment);
    // mergeLongStrings() with keys, values and comments made visible (fits::visibleText): what
    // the header view shows.
    static QVector<FitsCard> forDisplay(const QVector<FitsCard> &cards);
};

} // namespace fits

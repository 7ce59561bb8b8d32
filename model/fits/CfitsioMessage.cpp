#include "model/fits/CfitsioMessage.h"

#include <fitsio.h>

namespace fits {

QString cfitsioMessage(int status)
{
    char text[FLEN_STATUS] = {};
    fits_get_errstatus(status, text);
    // The stack's first entry is usually the most specific.
    char detail[FLEN_ERRMSG] = {};
    QString out = QString::fromLatin1(text);
    if (fits_read_errmsg(detail) && detail[0] != '\0')
        out += QStringLiteral(" (") + QString::fromLatin1(detail).trimmed() + QLatin1Char(')');
    fits_clear_errmsg();
    return out;
}

} // namespace fits

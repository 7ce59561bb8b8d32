#include "sim/SumsFile.h"

#include <QFile>
#include <QRegularExpression>

#include <fitsio.h>

namespace sim {

bool SumsFile::keeps(const QString &keyword)
{
    static const QRegularExpression kept(QStringLiteral(
        "^(SIMPLE|BITPIX|NAXIS[0-9]*|EXTEND|XTENSION|PCOUNT|GCOUNT|TFIELDS|TTYPE[0-9]+|TFORM[0-9]+|"
        "ZIMAGE|ZBITPIX|ZNAXIS[0-9]*|ZTILE[0-9]+|ZCMPTYPE|ZNAME[0-9]+|ZVAL[0-9]+|ZQUANTIZ|ZDITHER0|ZSIMPLE|ZEXTEND|"
        "BZERO|BSCALE|BLANK|ZBLANK|CHECKSUM|DATASUM)$"));
    return kept.match(keyword).hasMatch();
}

bool SumsFile::writeBare(const QString &fullPath, const QString &barePath, QString *error)
{
    const QString part = barePath + QStringLiteral(".part");
    QFile::remove(part);
    auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        QFile::remove(part);
        return false;
    };
    if (!QFile::copy(fullPath, part))
        return fail(QStringLiteral("cannot copy %1 to %2").arg(fullPath, part));
    fitsfile *fp = nullptr;
    int status = 0;
    // A leading '!'/'[' would be read as cfitsio syntax; the cache's own names never have one.
    if (fits_open_file(&fp, QFile::encodeName(part).constData(), READWRITE, &status) != 0)
        return fail(QStringLiteral("cfitsio cannot open %1 (status %2)").arg(part).arg(status));
    int hdus = 0;
    fits_get_num_hdus(fp, &hdus, &status);
    for (int h = 1; h <= hdus && status == 0; ++h) {
        int type = 0;
        fits_movabs_hdu(fp, h, &type, &status);
        int cards = 0;
        fits_get_hdrspace(fp, &cards, nullptr, &status);
        // From the last card back, so the numbers of those still to look at do not move.
        for (int i = cards; i >= 1 && status == 0; --i) {
            char card[FLEN_CARD] = {0};
            fits_read_record(fp, i, card, &status);
            const QString key = QString::fromLatin1(card, 8).trimmed();
            if (!keeps(key))
                fits_delete_record(fp, i, &status);
        }
        fits_write_chksum(fp, &status);
    }
    int closeStatus = 0;
    fits_close_file(fp, &closeStatus);
    if (status != 0 || closeStatus != 0)
        return fail(QStringLiteral("cfitsio could not strip %1 (status %2)").arg(part).arg(status ? status : closeStatus));
    QFile::remove(barePath);
    if (!QFile::rename(part, barePath))
        return fail(QStringLiteral("cannot rename %1 to %2").arg(part, barePath));
    return true;
}

} // namespace sim

#include "sim/FitsPlane.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cmath>
#include <fitsio.h>

namespace sim {
namespace {

QString cfitsioText(int status)
{
    char text[FLEN_STATUS] = {};
    fits_get_errstatus(status, text);
    fits_clear_errmsg();
    return QString::fromLatin1(text);
}

bool fail(QString *error, const QString &what, int status = 0)
{
    if (error)
        *error = status ? QStringLiteral("%1 (cfitsio: %2)").arg(what, cfitsioText(status)) : what;
    return false;
}

// Keywords that describe the HDU's layout rather than the image: the writer makes its own.
bool isLayoutKey(const QByteArray &key)
{
    static const QList<QByteArray> exact = {"SIMPLE", "XTENSION", "BITPIX", "NAXIS", "EXTEND", "PCOUNT", "GCOUNT",
                                            "BSCALE", "BZERO", "BLANK", "CHECKSUM", "DATASUM", "END", "EXTNAME",
                                            "TFIELDS", "THEAP"};
    if (key.isEmpty() || exact.contains(key))
        return true;
    for (const char *prefix : {"NAXIS", "TTYPE", "TFORM", "TUNIT", "TDIM", "TSCAL", "TZERO", "TNULL", "Z"})
        if (key.startsWith(prefix))
            return true;
    return false;
}

QByteArray keyOf(const QByteArray &card)
{
    return card.left(8).trimmed();
}

// Opens `path` without cfitsio's extended file-name syntax and moves to its first image HDU with
// pixels (JSOC's files have an empty primary HDU before the compressed image).
fitsfile *openImage(const QString &path, QString *error, int *nx, int *ny)
{
    fitsfile *f = nullptr;
    int status = 0;
    const QByteArray name = QFile::encodeName(path);
    if (fits_open_diskfile(&f, name.constData(), READONLY, &status) != 0) {
        fail(error, QStringLiteral("Cannot open %1").arg(path), status);
        return nullptr;
    }
    int hdus = 0;
    fits_get_num_hdus(f, &hdus, &status);
    for (int h = 1; h <= hdus && status == 0; ++h) {
        int type = 0;
        fits_movabs_hdu(f, h, &type, &status);
        int naxis = 0;
        long axes[2] = {0, 0};
        if (status == 0 && type == IMAGE_HDU && fits_get_img_dim(f, &naxis, &status) == 0 && naxis == 2
            && fits_get_img_size(f, 2, axes, &status) == 0 && axes[0] > 0 && axes[1] > 0) {
            *nx = static_cast<int>(axes[0]);
            *ny = static_cast<int>(axes[1]);
            return f;
        }
    }
    fail(error, QStringLiteral("%1 holds no 2-D image").arg(path), status);
    int closeStatus = 0;
    fits_close_file(f, &closeStatus);
    return nullptr;
}

QList<QByteArray> imageCards(fitsfile *f, int *status)
{
    char *header = nullptr;
    int count = 0;
    if (fits_is_compressed_image(f, status))
        fits_convert_hdr2str(f, 0, nullptr, 0, &header, &count, status);
    else
        fits_hdr2str(f, 0, nullptr, 0, &header, &count, status);
    QList<QByteArray> cards;
    if (*status == 0 && header) {
        for (int i = 0; i < count; ++i) {
            const QByteArray card(header + 80 * i, 80);
            if (!isLayoutKey(keyOf(card)))
                cards.append(card);
        }
    }
    if (header)
        fits_free_memory(header, status);
    return cards;
}

QByteArray makeCard(const char *key, const QByteArray &value, const char *comment)
{
    char card[FLEN_CARD] = {};
    int status = 0;
    QByteArray v = value; // cfitsio takes a non-const value
    fits_make_key(key, v.data(), comment ? comment : "", card, &status);
    return QByteArray(card).leftJustified(80, ' ', true);
}

// The value and comment parts of a card (cfitsio splits them; strings keep their quotes).
QByteArray rawValue(const QByteArray &card, QByteArray *commentOut = nullptr)
{
    char value[FLEN_VALUE] = {};
    char comment[FLEN_COMMENT] = {};
    int status = 0;
    QByteArray c = card;
    fits_parse_value(c.data(), value, comment, &status);
    if (commentOut)
        *commentOut = QByteArray(comment).trimmed();
    return status ? QByteArray() : QByteArray(value).trimmed();
}

// Replaces `key`'s card (keeping its comment when `comment` is null) or appends one.
void putCard(QList<QByteArray> &cards, const char *key, const QByteArray &value, const char *comment)
{
    for (QByteArray &c : cards) {
        if (keyOf(c) != key)
            continue;
        QByteArray old;
        rawValue(c, &old);
        c = makeCard(key, value, comment ? comment : old.constData());
        return;
    }
    cards.append(makeCard(key, value, comment));
}

} // namespace

std::optional<double> FitsPlane::number(const char *key) const
{
    for (const QByteArray &card : cards) {
        if (keyOf(card) != key)
            continue;
        bool ok = false;
        const double v = rawValue(card).replace('D', 'E').toDouble(&ok);
        return ok ? std::optional<double>(v) : std::nullopt;
    }
    return std::nullopt;
}

QString FitsPlane::text(const char *key) const
{
    for (const QByteArray &card : cards) {
        if (keyOf(card) != key)
            continue;
        QByteArray v = rawValue(card);
        if (v.startsWith('\'') && v.endsWith('\'') && v.size() >= 2)
            v = v.mid(1, v.size() - 2).replace("''", "'");
        return QString::fromLatin1(v).trimmed();
    }
    return {};
}

void FitsPlane::setNumber(const char *key, double value, const char *comment)
{
    QByteArray v = QByteArray::number(value, 'g', 15);
    if (!v.contains('.') && !v.contains('e') && !v.contains("inf") && !v.contains("nan"))
        v += ".0";
    v.replace('e', 'E');
    putCard(cards, key, v, comment);
}

void FitsPlane::setText(const char *key, const QString &value, const char *comment)
{
    QByteArray quoted = value.toLatin1();
    quoted.replace('\'', "''");
    putCard(cards, key, '\'' + quoted + '\'', comment);
}

std::optional<FitsPlane> FitsPlane::readHeader(const QString &path, QString *error)
{
    FitsPlane plane;
    fitsfile *f = openImage(path, error, &plane.nx, &plane.ny);
    if (!f)
        return std::nullopt;
    int status = 0;
    plane.cards = imageCards(f, &status);
    int closeStatus = 0;
    fits_close_file(f, &closeStatus);
    if (status) {
        fail(error, QStringLiteral("Cannot read the header of %1").arg(path), status);
        return std::nullopt;
    }
    return plane;
}

std::optional<FitsPlane> FitsPlane::read(const QString &path, QString *error)
{
    FitsPlane plane;
    fitsfile *f = openImage(path, error, &plane.nx, &plane.ny);
    if (!f)
        return std::nullopt;
    int status = 0;
    plane.cards = imageCards(f, &status);
    plane.data.assign(static_cast<size_t>(plane.nx) * plane.ny, 0.0f);
    float nulval = std::nanf("");
    int anynul = 0;
    if (status == 0)
        fits_read_img(f, TFLOAT, 1, static_cast<LONGLONG>(plane.data.size()), &nulval, plane.data.data(), &anynul, &status);
    int closeStatus = 0;
    fits_close_file(f, &closeStatus);
    if (status) {
        fail(error, QStringLiteral("Cannot read the image of %1").arg(path), status);
        return std::nullopt;
    }
    return plane;
}

bool FitsPlane::write(const QString &path, QString *error) const
{
    if (nx <= 0 || ny <= 0 || data.size() != static_cast<size_t>(nx) * ny)
        return fail(error, QStringLiteral("Cannot write an empty image to %1").arg(path));
    const QFileInfo target(path);
    if (!QDir().mkpath(target.absolutePath()))
        return fail(error, QStringLiteral("Cannot create directory %1").arg(target.absolutePath()));
    const QString tmp = path + QStringLiteral(".part");
    QFile::remove(tmp);
    const QByteArray name = QFile::encodeName(tmp); // a disk file: no extended file-name syntax
    fitsfile *f = nullptr;
    int status = 0;
    long axes[2] = {nx, ny};
    fits_create_diskfile(&f, name.constData(), &status);
    fits_create_img(f, FLOAT_IMG, 2, axes, &status);
    for (const QByteArray &card : cards) {
        QByteArray c = card.leftJustified(80, ' ', true);
        int cardStatus = 0;
        fits_write_record(f, c.constData(), &cardStatus);
    }
    std::vector<float> copy = data; // cfitsio's writer takes a non-const buffer
    fits_write_img(f, TFLOAT, 1, static_cast<LONGLONG>(copy.size()), copy.data(), &status);
    fits_write_chksum(f, &status); // DRMS's FITS writer does
    int closeStatus = 0;
    if (f)
        fits_close_file(f, &closeStatus);
    if (status || closeStatus) {
        QFile::remove(tmp);
        return fail(error, QStringLiteral("Cannot write %1").arg(path), status ? status : closeStatus);
    }
    QFile::remove(path);
    if (!QFile::rename(tmp, path)) {
        QFile::remove(tmp);
        return fail(error, QStringLiteral("Cannot move the processed file to %1").arg(path));
    }
    return true;
}

} // namespace sim

#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace sim {

// One 2-D image as the export processing steps see it: physical values (BSCALE/BZERO applied,
// BLANK and NaN as NaN) and the header cards that describe it, read from and written to FITS
// through cfitsio. Pixel (i, j) is data[j * nx + i], FITS pixel (i + 1, j + 1).
struct FitsPlane {
    int nx = 0;
    int ny = 0;
    std::vector<float> data;
    // The image's own keywords (80-character cards), without the ones that describe the HDU's
    // layout (BITPIX, NAXISn, BSCALE, BZERO, BLANK, the tile-compression Z* keys, checksums).
    QList<QByteArray> cards;

    float at(int i, int j) const { return data[static_cast<size_t>(j) * nx + i]; }
    float &at(int i, int j) { return data[static_cast<size_t>(j) * nx + i]; }

    std::optional<double> number(const char *key) const;
    QString text(const char *key) const;
    void setNumber(const char *key, double value, const char *comment = nullptr);
    void setText(const char *key, const QString &value, const char *comment = nullptr);

    // The first image HDU of `path` (the compressed one in JSOC's layout). nullopt + `error` in words.
    static std::optional<FitsPlane> read(const QString &path, QString *error);
    // Only the header of `path`'s first image (for geometry); no pixels read.
    static std::optional<FitsPlane> readHeader(const QString &path, QString *error);
    // Writes a primary-HDU BITPIX -32 image with these cards and DRMS's CHECKSUM/DATASUM, via a
    // temporary name so readers never see half a file.
    bool write(const QString &path, QString *error) const;
};

} // namespace sim

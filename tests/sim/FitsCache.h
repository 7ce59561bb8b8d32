#pragma once

#include "sim/FitsFactory.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QTemporaryDir>

namespace sim {

// Generated files of the simulator, kept in a private temporary directory for the lifetime of
// the cache: FITS images (by spec and size, generated once) and small text/tar artefacts.
class FitsCache final
{
public:
    FitsCache();
    Q_DISABLE_COPY_MOVE(FitsCache)

    bool isValid() const;
    QString root() const;
    // The FITS file for `spec` at `size`², generated on first use. Empty + `error` on failure.
    QString imagePath(const SolarImageSpec &spec, int size, QString *error);
    // The same image as SUMS stores it (sim/SumsFile.h: structural cards only), generated on first use.
    QString bareImagePath(const SolarImageSpec &spec, int size, QString *error);
    // Writes `bytes` under `relativeName` (directories created) and returns the absolute path.
    QString writeBytes(const QString &relativeName, const QByteArray &bytes, QString *error);

private:
    QTemporaryDir m_dir;
    QHash<QByteArray, QString> m_images;
};

} // namespace sim

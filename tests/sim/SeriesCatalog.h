#pragma once

#include <QHash>
#include <QList>
#include <QString>

// All series names the simulator knows, sorted like JSOC's listing: the 260 real aia/hmi/mdi
// series (names + descriptions from the shared catalogue, in JSOC's own case), the real series
// with a structure file (sim/series/, e.g. iris.lev1), plus deterministic
// user/project series (su_<user>.*, hmi_test.*, ...) up to JSOC's real scale of ~45,000 names.
namespace sim {

class SeriesCatalog final
{
public:
    // `catalogJson` is series_catalog_aia_hmi_mdi.json; `total` the number of names to reach.
    explicit SeriesCatalog(const QString &catalogJson, int total = 45000);

    int count() const { return int(m_entries.size()); }
    const QString &name(int i) const { return m_entries[i].name; }
    const QString &description(int i) const { return m_entries[i].description; }
    bool isReal(int i) const { return m_entries[i].real; }
    int indexOf(const QString &name) const; // case-insensitive; -1 when unknown
    QString loadError() const { return m_loadError; }

    // JSOC's own case for a lower-case aia/hmi/mdi name (hmi.m_45s -> hmi.M_45s).
    static QString canonicalCase(const QString &lowerName);

private:
    struct Entry {
        QString name;
        QString description;
        bool real = false;
    };
    void generate(int total);

    QList<Entry> m_entries;
    QHash<QString, int> m_index; // lower-case name -> index
    QString m_loadError;
};

} // namespace sim

#pragma once

#include <optional>

#include <QDateTime>
#include <QString>
#include <QUrl>

#include "model/drms/SeriesStructure.h"
#include "model/drms/SeriesSummary.h"

// The offline catalogue: the series list and every series structure opened so far, kept on disk
// per JSOC host (<CacheLocation>/catalogue/<host>/). Files are QDataStream with a magic number
// and format version, written atomically with QSaveFile; a file that is missing, truncated or of
// another version reads as "no cache" with a reason, never as a crash.
//
// All methods are const and touch only the file system, so loadList() can run on a worker
// thread while the GUI thread uses the same directory for structures.
namespace jsoc {

class SeriesCatalogueCache final
{
public:
    static constexpr quint32 kMagic = 0x4a534331; // "JSC1"
    static constexpr qint32 kFormatVersion = 1;

    // What a read of the cache found. Callers decide on this, never on the wording of `error`.
    enum class ListState {
        Loaded,    // a usable list
        NotCached, // no list saved for this host yet: normal on first start
        Unusable   // a file is there but cannot be used (unreadable, foreign, another version, damaged)
    };
    struct ListSnapshot {
        SeriesList series;
        QDateTime fetchedAt; // UTC; invalid when there is no usable cache
        ListState state = ListState::NotCached;
        QString error;       // why there is none, in words ("nothing cached yet", "… is damaged")
        bool isValid() const { return state == ListState::Loaded; }
    };
    struct StructureSnapshot {
        SeriesStructure structure;
        QDateTime fetchedAt;
    };

    explicit SeriesCatalogueCache(const QString &directory);
    // <QStandardPaths::CacheLocation>/catalogue/<host of server> (host only, so the simulator's
    // changing ports share one cache).
    static QString defaultDirectory(const QUrl &server);

    QString directory() const { return m_directory; }

    ListSnapshot loadList() const;
    bool saveList(const SeriesList &series, const QDateTime &fetchedAt, QString *error = nullptr) const;

    std::optional<StructureSnapshot> loadStructure(const QString &series) const;
    bool saveStructure(const SeriesStructure &structure, const QDateTime &fetchedAt,
                       QString *error = nullptr) const;

    qint64 sizeOnDisk() const;
    // Removes the oldest structure files until the cache fits in maxBytes (the list is kept).
    void trimTo(qint64 maxBytes) const;
    // Removes everything cached for this host.
    bool clear(QString *error = nullptr) const;

private:
    QString listPath() const;
    QString structurePath(const QString &series) const;

    QString m_directory;
};

} // namespace jsoc

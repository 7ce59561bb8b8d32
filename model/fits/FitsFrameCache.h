#pragma once

#include "model/fits/FitsImage.h"

#include <QObject>
#include <QSet>
#include <QStringList>

#include <map>
#include <memory>

// Decoded frames of a FitsFrameSet for the movie player: request(i) delivers frame i through
// frameReady() as soon as it is decoded and decodes the next `prefetch` frames (in the playing
// direction, wrapping) on the thread pool ahead of display. Keeps only the requested frame, the one
// before it and the prefetched ones (a 4096² frame is 64 MiB). With north up (default) each frame
// is turned like the preview (FitsOrientation). Results of an older setFrames() are dropped.
namespace fits {

class FitsFrameCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FitsFrameCache)

public:
    using ImagePtr = std::shared_ptr<const FitsImage>;

    explicit FitsFrameCache(QObject *parent = nullptr);
    ~FitsFrameCache() override;

    void setFrames(const QStringList &paths);
    void setNorthUp(bool northUp);       // drops decoded frames when it changes
    void setPrefetch(int frames);        // default 2
    // > 0: frames are decoded straight to an area average whose longest side is at most `side`
    // (FitsLoadOptions::maxSide; a screen's worth instead of 64 MiB of float per 4096² frame).
    // Their header still describes the file's pixels. Drops decoded frames when it changes.
    void setMaxSide(int side);
    int count() const { return int(m_paths.size()); }
    QString path(int index) const { return m_paths.value(index); }

    // Frame `index`; `direction` (+1 or -1) says which way to prefetch. A later request replaces
    // an earlier one that is still decoding (its result is kept in the cache, not announced).
    void request(int index, int direction = 1);
    bool isCached(int index) const { return m_cache.count(index) != 0; }
    bool isLoading(int index) const { return m_loading.contains(index); }
    int wanted() const { return m_wanted; }

signals:
    void frameReady(int index, std::shared_ptr<const fits::FitsImage> image);
    void frameFailed(int index, const QString &message);

private:
    void startLoad(int index);
    void onLoaded(quint64 generation, int index, const QString &error, ImagePtr image);
    void trim(int direction);
    bool inWindow(int index, int direction) const;
    int wrap(int index) const;

    QStringList m_paths;
    quint64 m_generation = 0;
    bool m_northUp = true;
    int m_maxSide = 0;
    int m_prefetch = 2;
    int m_wanted = -1; // requested and not yet announced
    int m_anchor = -1; // the last requested frame
    int m_direction = 1;
    std::map<int, ImagePtr> m_cache;
    QSet<int> m_loading;
};

} // namespace fits

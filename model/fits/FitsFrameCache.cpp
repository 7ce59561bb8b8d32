#include "model/fits/FitsFrameCache.h"

#include "model/fits/FitsLoader.h"
#include "model/fits/FitsOrientation.h"

#include <QFutureWatcher>
#include <algorithm>
#include <QtConcurrentRun>

namespace fits {
namespace {
struct Decoded {
    QString error;
    std::shared_ptr<const FitsImage> image;
};
} // namespace

FitsFrameCache::FitsFrameCache(QObject *parent)
    : QObject(parent)
{
}

// Running decodes finish on the pool; their watchers are children and are deleted with us, so
// the results are dropped without waiting on the GUI thread.
FitsFrameCache::~FitsFrameCache() = default;

void FitsFrameCache::setFrames(const QStringList &paths)
{
    m_paths = paths;
    ++m_generation;
    m_cache.clear();
    m_loading.clear();
    m_wanted = -1;
    m_anchor = -1;
}

void FitsFrameCache::setNorthUp(bool northUp)
{
    if (northUp == m_northUp)
        return;
    m_northUp = northUp;
    ++m_generation;
    m_cache.clear();
    m_loading.clear();
}

void FitsFrameCache::setMaxSide(int side)
{
    side = std::max(0, side);
    if (side == m_maxSide)
        return;
    m_maxSide = side;
    ++m_generation;
    m_cache.clear();
    m_loading.clear();
}

void FitsFrameCache::setPrefetch(int frames)
{
    m_prefetch = std::max(0, frames);
}

int FitsFrameCache::wrap(int index) const
{
    const int n = count();
    return n > 0 ? ((index % n) + n) % n : -1;
}

void FitsFrameCache::request(int index, int direction)
{
    if (index < 0 || index >= count())
        return;
    m_wanted = index;
    m_anchor = index;
    m_direction = direction < 0 ? -1 : 1;
    trim(m_direction);
    for (int k = 0; k <= m_prefetch && k < count(); ++k) {
        const int i = wrap(index + k * m_direction);
        if (!isCached(i) && !isLoading(i))
            startLoad(i);
    }
    const auto hit = m_cache.find(index);
    if (hit != m_cache.end()) {
        m_wanted = -1;
        const ImagePtr image = hit->second;
        emit frameReady(index, image);
    }
}

bool FitsFrameCache::inWindow(int index, int direction) const
{
    for (int k = -1; k <= m_prefetch; ++k) {
        if (wrap(m_anchor + k * direction) == index)
            return true;
    }
    return false;
}

void FitsFrameCache::trim(int direction)
{
    // Keep the window [anchor - direction, anchor + prefetch·direction]; drop the rest.
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        if (inWindow(it->first, direction))
            ++it;
        else
            it = m_cache.erase(it);
    }
}

void FitsFrameCache::startLoad(int index)
{
    m_loading.insert(index);
    const QString path = m_paths[index];
    const bool northUp = m_northUp;
    FitsLoadOptions options;
    options.maxSide = m_maxSide;
    const quint64 generation = m_generation;
    auto *watcher = new QFutureWatcher<Decoded>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, index] {
        const Decoded d = watcher->result();
        watcher->deleteLater();
        onLoaded(generation, index, d.error, d.image);
    });
    watcher->setFuture(QtConcurrent::run([path, northUp, options] {
        Decoded d;
        FitsLoadResult r = FitsLoader::load(path, options);
        if (!r.ok()) {
            d.error = r.error;
            return d;
        }
        const int turns = northUp ? FitsOrientation::northUpTurns(r.image) : 0;
        d.image = std::make_shared<const FitsImage>(turns ? FitsOrientation::rotated(r.image, turns) : std::move(r.image));
        return d;
    }));
}

void FitsFrameCache::onLoaded(quint64 generation, int index, const QString &error, ImagePtr image)
{
    if (generation != m_generation)
        return;
    m_loading.remove(index);
    if (!error.isEmpty()) {
        if (index == m_wanted) {
            m_wanted = -1;
            emit frameFailed(index, error);
        }
        return;
    }
    if (index == m_wanted || inWindow(index, m_direction))
        m_cache[index] = image; // frames scrubbed past meanwhile are not kept
    if (index == m_wanted) {
        m_wanted = -1;
        emit frameReady(index, image);
    }
}

} // namespace fits

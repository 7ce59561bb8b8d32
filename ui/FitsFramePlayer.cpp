#include "ui/FitsFramePlayer.h"

#include "model/fits/FitsFrameCache.h"
#include "model/fits/ShownPictureHeader.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>
#include <QtConcurrent>

#include <cmath>

namespace {

constexpr int kPlayerKeptFrames = 3; // raw and compared frames kept each: a 4096² frame is 64 MiB

template<typename Map>
void trimFrameMap(Map *map, int keep, int around)
{
    while (int(map->size()) > keep) {
        // Drop the frame farthest from the one shown.
        auto farthest = map->begin();
        for (auto it = map->begin(); it != map->end(); ++it) {
            if (std::abs(it->first - around) > std::abs(farthest->first - around))
                farthest = it;
        }
        map->erase(farthest);
    }
}

// A frame of zeros (blank where the frame is blank): the running difference of the first frame,
// which has nothing before it.
std::shared_ptr<const fits::FitsImage> unchangedFrameOf(const fits::FitsImage &frame)
{
    auto out = std::make_shared<fits::FitsImage>(frame.withoutPixels());
    out->width = frame.width;
    out->height = frame.height;
    out->pixels.resize(frame.pixels.size());
    for (std::size_t i = 0; i < frame.pixels.size(); ++i)
        out->pixels[i] = std::isfinite(frame.pixels[i]) ? 0.0f : frame.pixels[i];
    out->stats = fits::FitsImage::computeStats(out->pixels);
    return out;
}

} // namespace

FitsFramePlayer::FitsFramePlayer(QWidget *parent)
    : QWidget(parent)
    , m_cache(new fits::FitsFrameCache(this))
    , m_partnerCache(new fits::FitsFrameCache(this))
    , m_back(new QToolButton(this))
    , m_playButton(new QToolButton(this))
    , m_forward(new QToolButton(this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_fpsBox(new QDoubleSpinBox(this))
    , m_loopBox(new QCheckBox(tr("Loop"), this))
    , m_label(new QLabel(this))
    , m_modeBox(new QComboBox(this))
    , m_baseBox(new QSpinBox(this))
    , m_alignBox(new QCheckBox(tr("Align by WCS"), this))
    , m_exposureBox(new QCheckBox(tr("÷ EXPTIME"), this))
    , m_firstBox(new QSpinBox(this))
    , m_lastBox(new QSpinBox(this))
    , m_noteLabel(new QLabel(this))
{
    m_back->setIcon(style()->standardIcon(QStyle::SP_MediaSeekBackward));
    m_back->setToolTip(tr("Previous frame"));
    m_forward->setIcon(style()->standardIcon(QStyle::SP_MediaSeekForward));
    m_forward->setToolTip(tr("Next frame"));
    m_playButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_playButton->setToolTip(tr("Play / pause"));
    m_fpsBox->setRange(0.5, 60.0);
    m_fpsBox->setDecimals(1);
    m_fpsBox->setValue(5.0);
    m_fpsBox->setSuffix(tr(" fps"));
    m_loopBox->setChecked(true);
    m_slider->setRange(0, 0);
    m_slider->setPageStep(1);
    m_label->setMinimumWidth(260);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_modeBox->addItem(tr("Normal"), int(fits::FrameMode::Normal));
    m_modeBox->addItem(tr("Running difference"), int(fits::FrameMode::RunningDifference));
    m_modeBox->addItem(tr("Base difference"), int(fits::FrameMode::BaseDifference));
    m_modeBox->addItem(tr("Ratio"), int(fits::FrameMode::Ratio));
    m_modeBox->setToolTip(tr("Running difference: each frame minus the one before it. Base difference: each frame "
                             "minus the base frame. Ratio: each frame divided by the base frame."));
    m_baseBox->setPrefix(tr("base "));
    m_baseBox->setToolTip(tr("The base frame of base differences and ratios"));
    m_alignBox->setToolTip(tr("Resample the frames onto one pixel grid through their helioprojective coordinates "
                              "(for frames whose pointing, scale or roll differs; solar rotation is not removed)"));
    m_exposureBox->setToolTip(tr("Divide each frame by its exposure time (EXPTIME) before comparing, when both "
                                 "frames have one, so a shorter exposure does not look like dimming"));
    m_firstBox->setPrefix(tr("from "));
    m_lastBox->setPrefix(tr("to "));
    m_firstBox->setToolTip(tr("Playback range: the first frame played and saved"));
    m_lastBox->setToolTip(tr("Playback range: the last frame played and saved"));
    for (QSpinBox *box : {m_baseBox, m_firstBox, m_lastBox})
        box->setRange(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    auto *movieRow = new QHBoxLayout;
    movieRow->addWidget(m_back);
    movieRow->addWidget(m_playButton);
    movieRow->addWidget(m_forward);
    movieRow->addWidget(m_slider, 1);
    movieRow->addWidget(m_label);
    movieRow->addWidget(m_fpsBox);
    movieRow->addWidget(m_loopBox);
    auto *compareRow = new QHBoxLayout;
    compareRow->addWidget(m_modeBox);
    compareRow->addWidget(m_baseBox);
    compareRow->addWidget(m_alignBox);
    compareRow->addWidget(m_exposureBox);
    compareRow->addWidget(m_noteLabel, 1);
    compareRow->addWidget(m_firstBox);
    compareRow->addWidget(m_lastBox);
    layout->addLayout(movieRow);
    layout->addLayout(compareRow);

    m_timer.setTimerType(Qt::PreciseTimer);
    setFps(m_fpsBox->value());
    connect(&m_timer, &QTimer::timeout, this, &FitsFramePlayer::tick);
    connect(m_back, &QToolButton::clicked, this, [this] { step(-1); });
    connect(m_forward, &QToolButton::clicked, this, [this] { step(1); });
    connect(m_playButton, &QToolButton::clicked, this, &FitsFramePlayer::togglePlay);
    connect(m_slider, &QSlider::valueChanged, this, &FitsFramePlayer::showFrame);
    connect(m_fpsBox, &QDoubleSpinBox::valueChanged, this, &FitsFramePlayer::setFps);
    connect(m_cache, &fits::FitsFrameCache::frameReady, this, &FitsFramePlayer::onFrameReady);
    connect(m_partnerCache, &fits::FitsFrameCache::frameReady, this, &FitsFramePlayer::onPartnerReady);
    auto failed = [this](int index, const QString &message) {
        m_pending = -1;
        pause();
        emit frameFailed(tr("Frame %1 (%2): %3").arg(index + 1).arg(QFileInfo(m_cache->path(index)).fileName(), message));
    };
    connect(m_cache, &fits::FitsFrameCache::frameFailed, this, [this, failed](int index, const QString &message) {
        if (index == m_pending)
            failed(index, message);
    });
    connect(m_partnerCache, &fits::FitsFrameCache::frameFailed, this, failed);
    connect(m_modeBox, &QComboBox::currentIndexChanged, this, &FitsFramePlayer::onCompareChanged);
    connect(m_baseBox, &QSpinBox::valueChanged, this, &FitsFramePlayer::onCompareChanged);
    connect(m_alignBox, &QCheckBox::toggled, this, &FitsFramePlayer::onCompareChanged);
    connect(m_exposureBox, &QCheckBox::toggled, this, &FitsFramePlayer::onCompareChanged);
    connect(m_firstBox, &QSpinBox::valueChanged, this, [this](int first) {
        if (m_lastBox->value() < first)
            m_lastBox->setValue(first);
    });
    connect(m_lastBox, &QSpinBox::valueChanged, this, [this](int last) {
        if (m_firstBox->value() > last)
            m_firstBox->setValue(last);
    });
    // The partner is nearly always the frame shown before (kept) or the base (kept): no read-ahead.
    m_partnerCache->setPrefetch(0);
    onCompareChanged();
    updateLabel();
}

FitsFramePlayer::~FitsFramePlayer() = default;

void FitsFramePlayer::setFrames(const fits::FitsFrameSet &frames, int current)
{
    pause();
    m_frames = frames;
    m_cache->setFrames(frames.paths());
    m_partnerCache->setFrames(frames.paths());
    m_raw.clear();
    m_compared.clear();
    ++m_compareGeneration;
    m_current = frames.isEmpty() ? -1 : std::clamp(current, 0, frames.size() - 1);
    m_pending = -1;
    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, std::max(0, frames.size() - 1));
        m_slider->setValue(std::max(0, m_current));
    }
    for (QSpinBox *box : {m_baseBox, m_firstBox, m_lastBox}) {
        const QSignalBlocker block(box);
        box->setRange(1, std::max(1, frames.size()));
    }
    {
        const QSignalBlocker blockFirst(m_firstBox), blockLast(m_lastBox), blockBase(m_baseBox);
        m_firstBox->setValue(1);
        m_lastBox->setValue(std::max(1, frames.size()));
        m_baseBox->setValue(1);
    }
    const bool any = frames.size() > 1;
    for (QWidget *w : {static_cast<QWidget *>(m_back), static_cast<QWidget *>(m_playButton),
                       static_cast<QWidget *>(m_forward), static_cast<QWidget *>(m_slider)})
        w->setEnabled(any);
    updateLabel();
}

double FitsFramePlayer::fps() const
{
    return m_fpsBox->value();
}

void FitsFramePlayer::setFps(double fps)
{
    if (m_fpsBox->value() != fps) {
        const QSignalBlocker block(m_fpsBox);
        m_fpsBox->setValue(fps);
    }
    m_timer.setInterval(std::max(1, int(std::lround(1000.0 / std::max(0.1, m_fpsBox->value())))));
}

void FitsFramePlayer::setNorthUp(bool northUp)
{
    m_northUp = northUp;
    m_cache->setNorthUp(northUp);
    m_partnerCache->setNorthUp(northUp);
    m_raw.clear();
    m_compared.clear();
    ++m_compareGeneration;
    m_pending = -1;
}

void FitsFramePlayer::setDecodeMaxSide(int side)
{
    side = std::max(0, side);
    if (side == m_decodeSide)
        return;
    m_decodeSide = side;
    m_cache->setMaxSide(side);
    m_partnerCache->setMaxSide(side);
    m_raw.clear();
    m_compared.clear();
    ++m_compareGeneration;
    m_pending = -1;
}

void FitsFramePlayer::setPlaybackDecodeSide(int side)
{
    m_playbackSide = std::max(0, side);
    if (m_playing)
        setDecodeMaxSide(m_playbackSide);
}

void FitsFramePlayer::setLoop(bool loop)
{
    m_loopBox->setChecked(loop);
}

fits::FrameCompareOptions FitsFramePlayer::compareOptions() const
{
    return {fits::FrameMode(m_modeBox->currentData().toInt()), m_exposureBox->isChecked(), m_alignBox->isChecked()};
}

void FitsFramePlayer::setMode(fits::FrameMode mode)
{
    m_modeBox->setCurrentIndex(m_modeBox->findData(int(mode)));
}

void FitsFramePlayer::setBaseFrame(int index)
{
    m_baseBox->setValue(index + 1);
}

int FitsFramePlayer::baseFrame() const
{
    return m_baseBox->value() - 1;
}

void FitsFramePlayer::setAlignByWcs(bool align)
{
    m_alignBox->setChecked(align);
}

void FitsFramePlayer::setNormaliseExposure(bool normalise)
{
    m_exposureBox->setChecked(normalise);
}

void FitsFramePlayer::setRange(int first, int last)
{
    m_lastBox->setValue(last + 1);
    m_firstBox->setValue(first + 1);
}

int FitsFramePlayer::rangeFirst() const
{
    return m_firstBox->value() - 1;
}

int FitsFramePlayer::rangeLast() const
{
    return m_lastBox->value() - 1;
}

void FitsFramePlayer::onCompareChanged()
{
    const fits::FrameMode mode = compareOptions().mode;
    m_baseBox->setEnabled(mode == fits::FrameMode::BaseDifference || mode == fits::FrameMode::Ratio);
    m_alignBox->setEnabled(mode != fits::FrameMode::Normal);
    m_exposureBox->setEnabled(mode != fits::FrameMode::Normal);
    m_compared.clear();
    ++m_compareGeneration;
    m_note.clear();
    emit compareChanged(mode);
    if (m_current >= 0 && count() > 0) {
        pause();
        showFrame(m_current); // the frame on screen, of the new kind
    }
}

void FitsFramePlayer::play()
{
    if (m_playing || count() < 2)
        return;
    m_playing = true;
    m_direction = 1;
    if (m_playbackSide > 0)
        setDecodeMaxSide(m_playbackSide);
    m_playButton->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    m_timer.start();
    tick(); // the first step at once: frames after the current one start decoding now
    emit playingChanged(true);
}

void FitsFramePlayer::pause()
{
    if (!m_playing)
        return;
    m_playing = false;
    m_timer.stop();
    m_playButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    if (m_playbackSide > 0) {
        setDecodeMaxSide(0);
        // The frame on screen again at full resolution, unless a step or another frame is asked
        // for right after the pause (step(), a mode change): that one comes at full resolution.
        QTimer::singleShot(0, this, [this] {
            if (!m_playing && m_pending < 0 && m_shownReduced && m_current >= 0 && m_current < count())
                showFrame(m_current);
        });
    }
    emit playingChanged(false);
}

void FitsFramePlayer::togglePlay()
{
    if (m_playing)
        pause();
    else
        play();
}

int FitsFramePlayer::loopStart() const
{
    // A running difference has nothing to show for the very first frame: start after it.
    const int first = rangeFirst();
    const bool running = compareOptions().mode == fits::FrameMode::RunningDifference;
    return running && first == 0 && rangeLast() > 0 ? 1 : first;
}

void FitsFramePlayer::tick()
{
    if (m_pending >= 0)
        return; // still decoding the frame asked for at the last tick: never skip one
    int next = m_current + 1;
    if (next > rangeLast() || next < loopStart()) {
        if (next > rangeLast() && !m_loopBox->isChecked()) {
            pause();
            return;
        }
        next = loopStart();
    }
    m_pending = next;
    if (m_compared.count(next) || m_raw.count(next))
        deliver(next);
    else
        m_cache->request(next, 1);
}

void FitsFramePlayer::showFrame(int index)
{
    if (index < 0 || index >= count())
        return;
    m_direction = index >= m_current ? 1 : -1;
    m_pending = index;
    if (m_compared.count(index) || m_raw.count(index))
        deliver(index);
    else
        m_cache->request(index, m_direction);
}

void FitsFramePlayer::step(int delta)
{
    if (count() < 1)
        return;
    pause();
    const int base = m_pending >= 0 ? m_pending : m_current;
    showFrame(((base + delta) % count() + count()) % count());
}

void FitsFramePlayer::keepRaw(int index, ImagePtr image)
{
    m_raw[index] = std::move(image);
    // The base frame is always kept (it is every frame's partner); the others near the current one.
    const int base = baseFrame();
    ImagePtr baseImage = rawFrame(base);
    if (baseImage)
        m_raw.erase(base);
    trimFrameMap(&m_raw, kPlayerKeptFrames, index);
    if (baseImage)
        m_raw[base] = baseImage;
}

FitsFramePlayer::ImagePtr FitsFramePlayer::rawFrame(int index) const
{
    const auto it = m_raw.find(index);
    return it == m_raw.end() ? nullptr : it->second;
}

void FitsFramePlayer::onFrameReady(int index, ImagePtr image)
{
    if (index != m_pending)
        return;
    keepRaw(index, image);
    deliver(index);
}

void FitsFramePlayer::onPartnerReady(int index, ImagePtr image)
{
    keepRaw(index, std::move(image));
    if (m_pending >= 0 && !m_computing)
        deliver(m_pending);
}

void FitsFramePlayer::deliver(int index)
{
    const fits::FrameCompareOptions options = compareOptions();
    if (options.mode == fits::FrameMode::Normal) {
        ImagePtr raw = rawFrame(index);
        if (raw)
            finish(index, raw);
        else
            m_cache->request(index, m_direction);
        return;
    }
    if (const auto it = m_compared.find(index); it != m_compared.end()) {
        m_note = it->second.notes.join(QStringLiteral("; "));
        finish(index, it->second.image);
        return;
    }
    ImagePtr frame = rawFrame(index);
    if (!frame) {
        m_cache->request(index, m_direction);
        return;
    }
    const int partner = fits::FrameDifference::partnerOf(options.mode, index, baseFrame());
    if (partner < 0) {
        m_note = tr("the first frame has none before it: no change shown");
        finish(index, unchangedFrameOf(*frame));
        return;
    }
    ImagePtr other = rawFrame(partner);
    if (!other) {
        m_partnerCache->request(partner, 1);
        return;
    }
    if (m_computing)
        return; // the result in flight re-delivers m_pending
    m_computing = true;
    auto *watcher = new QFutureWatcher<Compared>(this);
    const quint64 generation = m_compareGeneration;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, index] {
        watcher->deleteLater();
        m_computing = false;
        const Compared result = watcher->result();
        if (generation == m_compareGeneration && result.image) {
            m_compared[index] = result;
            trimFrameMap(&m_compared, kPlayerKeptFrames, index);
        }
        if (generation == m_compareGeneration && !result.error.isEmpty() && index == m_pending) {
            m_pending = -1;
            pause();
            emit frameFailed(tr("Frame %1: %2").arg(index + 1).arg(result.error));
            return;
        }
        if (m_pending >= 0)
            deliver(m_pending); // the frame wanted now (the same one, or a later request)
    });
    watcher->setFuture(QtConcurrent::run([frame, other, options] {
        fits::FrameCompareResult r = fits::FrameDifference::compare(*frame, *other, options);
        Compared out;
        out.notes = r.notes;
        out.error = r.error;
        if (r.ok())
            out.image = std::make_shared<const fits::FitsImage>(std::move(r.image));
        return out;
    }));
}

void FitsFramePlayer::finish(int index, ImagePtr image)
{
    m_pending = -1;
    m_current = index;
    m_shownReduced = image && fits::ShownPictureHeader::isReduced(*image);
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(index);
    }
    updateLabel();
    emit frameReady(index, m_frames.frames()[index].path, std::move(image));
}

void FitsFramePlayer::updateLabel()
{
    if (m_frames.isEmpty()) {
        m_label->setText(tr("No frames"));
        return;
    }
    const fits::FitsFrame &f = m_frames.frames()[std::max(0, m_current)];
    QString text = tr("Frame %1 / %2  %3").arg(m_current + 1).arg(count()).arg(f.hasTime ? f.timeText : QFileInfo(f.path).fileName());
    const fits::FrameMode mode = compareOptions().mode;
    const int partner = fits::FrameDifference::partnerOf(mode, std::max(0, m_current), baseFrame());
    if (mode == fits::FrameMode::Ratio)
        text += tr("  ÷ frame %1").arg(partner + 1);
    else if (mode != fits::FrameMode::Normal && partner >= 0)
        text += tr("  − frame %1").arg(partner + 1);
    m_label->setText(text);
    m_noteLabel->setText(mode == fits::FrameMode::Normal ? QString() : m_note);
}

#include "ui/FitsFramePlayer.h"

#include "model/fits/FitsFrameCache.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include <cmath>

FitsFramePlayer::FitsFramePlayer(QWidget *parent)
    : QWidget(parent)
    , m_cache(new fits::FitsFrameCache(this))
    , m_back(new QToolButton(this))
    , m_playButton(new QToolButton(this))
    , m_forward(new QToolButton(this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_fpsBox(new QDoubleSpinBox(this))
    , m_loopBox(new QCheckBox(tr("Loop"), this))
    , m_label(new QLabel(this))
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

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_back);
    layout->addWidget(m_playButton);
    layout->addWidget(m_forward);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_label);
    layout->addWidget(m_fpsBox);
    layout->addWidget(m_loopBox);

    m_timer.setTimerType(Qt::PreciseTimer);
    setFps(m_fpsBox->value());
    connect(&m_timer, &QTimer::timeout, this, &FitsFramePlayer::tick);
    connect(m_back, &QToolButton::clicked, this, [this] { step(-1); });
    connect(m_forward, &QToolButton::clicked, this, [this] { step(1); });
    connect(m_playButton, &QToolButton::clicked, this, &FitsFramePlayer::togglePlay);
    connect(m_slider, &QSlider::valueChanged, this, &FitsFramePlayer::showFrame);
    connect(m_fpsBox, &QDoubleSpinBox::valueChanged, this, &FitsFramePlayer::setFps);
    connect(m_cache, &fits::FitsFrameCache::frameReady, this, &FitsFramePlayer::onFrameReady);
    connect(m_cache, &fits::FitsFrameCache::frameFailed, this, [this](int index, const QString &message) {
        if (index == m_pending)
            m_pending = -1;
        pause();
        emit frameFailed(tr("Frame %1 (%2): %3").arg(index + 1).arg(QFileInfo(m_cache->path(index)).fileName(), message));
    });
    updateLabel();
}

FitsFramePlayer::~FitsFramePlayer() = default;

void FitsFramePlayer::setFrames(const fits::FitsFrameSet &frames, int current)
{
    pause();
    m_frames = frames;
    m_cache->setFrames(frames.paths());
    m_current = frames.isEmpty() ? -1 : std::clamp(current, 0, frames.size() - 1);
    m_pending = -1;
    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, std::max(0, frames.size() - 1));
        m_slider->setValue(std::max(0, m_current));
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
    m_cache->setNorthUp(northUp);
    m_pending = -1;
}

void FitsFramePlayer::setLoop(bool loop)
{
    m_loopBox->setChecked(loop);
}

void FitsFramePlayer::play()
{
    if (m_playing || count() < 2)
        return;
    m_playing = true;
    m_direction = 1;
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
    emit playingChanged(false);
}

void FitsFramePlayer::togglePlay()
{
    if (m_playing)
        pause();
    else
        play();
}

void FitsFramePlayer::tick()
{
    if (m_pending >= 0)
        return; // still decoding the frame asked for at the last tick: never skip one
    int next = m_current + 1;
    if (next >= count()) {
        if (!m_loopBox->isChecked()) {
            pause();
            return;
        }
        next = 0;
    }
    m_pending = next;
    m_cache->request(next, 1);
}

void FitsFramePlayer::showFrame(int index)
{
    if (index < 0 || index >= count())
        return;
    m_direction = index >= m_current ? 1 : -1;
    m_pending = index;
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

void FitsFramePlayer::onFrameReady(int index, std::shared_ptr<const fits::FitsImage> image)
{
    if (index != m_pending)
        return;
    m_pending = -1;
    m_current = index;
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
    m_label->setText(tr("Frame %1 / %2  %3").arg(m_current + 1).arg(count()).arg(f.hasTime ? f.timeText : QFileInfo(f.path).fileName()));
}

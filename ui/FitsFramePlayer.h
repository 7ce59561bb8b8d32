#pragma once

#include "model/fits/FitsFrameSet.h"
#include "model/fits/FitsImage.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;
class QToolButton;

namespace fits {
class FitsFrameCache;
}

// A movie bar for the frames of one series: slider, step back/forward, play/pause and a speed in
// frames per second. Frames are decoded on the thread pool ahead of display (FitsFrameCache,
// prefetch 2); playing never skips a frame: when decoding is slower than the chosen speed, the
// movie slows down instead. Each decoded frame is announced with frameReady() for the preview to
// show with its current (fixed) display settings. Nothing is decoded until the user plays, steps
// or moves the slider (a folder offered automatically costs nothing until used).
class FitsFramePlayer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FitsFramePlayer)

public:
    explicit FitsFramePlayer(QWidget *parent = nullptr);
    ~FitsFramePlayer() override;

    // `current` is the frame already on screen (the opened file); it is not decoded again.
    void setFrames(const fits::FitsFrameSet &frames, int current = 0);
    const fits::FitsFrameSet &frames() const { return m_frames; }
    int count() const { return m_frames.size(); }
    int currentIndex() const { return m_current; }
    bool isPlaying() const { return m_playing; }
    double fps() const;
    void setFps(double fps);
    void setNorthUp(bool northUp);
    void setLoop(bool loop);

public slots:
    void play();
    void pause();
    void togglePlay();
    void showFrame(int index);
    void step(int delta);

signals:
    void frameReady(int index, const QString &path, std::shared_ptr<const fits::FitsImage> image);
    void frameFailed(const QString &message);
    void playingChanged(bool playing);

private:
    void tick();
    void onFrameReady(int index, std::shared_ptr<const fits::FitsImage> image);
    void updateLabel();

    fits::FitsFrameSet m_frames;
    fits::FitsFrameCache *m_cache = nullptr;
    QTimer m_timer;
    int m_current = -1;
    int m_pending = -1;
    int m_direction = 1;
    bool m_playing = false;

    QToolButton *m_back = nullptr;
    QToolButton *m_playButton = nullptr;
    QToolButton *m_forward = nullptr;
    QSlider *m_slider = nullptr;
    QDoubleSpinBox *m_fpsBox = nullptr;
    QCheckBox *m_loopBox = nullptr;
    QLabel *m_label = nullptr;
};

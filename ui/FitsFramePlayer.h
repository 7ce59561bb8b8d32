#pragma once

#include "model/fits/FitsFrameSet.h"
#include "model/fits/FitsImage.h"
#include "model/fits/FrameDifference.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

#include <map>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;
class QSpinBox;
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
// Comparing frames (issue 17): a mode (normal, running difference, base difference, ratio), the
// base frame, "Align by WCS" and "÷ EXPTIME"; frameReady() then carries the compared frame,
// computed on the thread pool (FrameDifference) from the decoded frame and its partner (the frame
// before it, or the base, decoded by a second cache); the last few compared frames are kept.
// Playing loops over the playback range (first … last), which the movie export saves as well.
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
    bool northUp() const { return m_northUp; }
    // > 0: frames are decoded straight to at most `side` pixels on their longest side, the header
    // still the file's (FitsFrameCache::setMaxSide); 0 (default) = full resolution.
    void setDecodeMaxSide(int side);
    // > 0: while playing, frames are decoded at most `side` pixels on their longest side (a
    // screen's worth: the decoder sets a 4096² movie's pace); a paused or stepped-to frame is
    // decoded at full resolution again (readout, cutout, header). 0 (default): full resolution.
    void setPlaybackDecodeSide(int side);
    int playbackDecodeSide() const { return m_playbackSide; }
    void setLoop(bool loop);

    // Comparing frames. The base and the range are 0-based frame indices.
    fits::FrameCompareOptions compareOptions() const;
    void setMode(fits::FrameMode mode);
    void setBaseFrame(int index);
    int baseFrame() const;
    void setAlignByWcs(bool align);
    void setNormaliseExposure(bool normalise);
    void setRange(int first, int last);
    int rangeFirst() const;
    int rangeLast() const;
    QString compareNote() const { return m_note; } // "aligned by WCS; divided by EXPTIME (…)"

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
    // The mode (or base, alignment, exposure) changed: the frame shown next is of the new kind,
    // so the preview's limits and colour map should follow it.
    void compareChanged(fits::FrameMode mode);

private:
    using ImagePtr = std::shared_ptr<const fits::FitsImage>;
    struct Compared {
        ImagePtr image;
        QStringList notes;
        QString error;
    };
    void tick();
    void onFrameReady(int index, ImagePtr image);
    void onPartnerReady(int index, ImagePtr image);
    void deliver(int index);
    void finish(int index, ImagePtr image);
    void onCompareChanged();
    void updateLabel();
    void keepRaw(int index, ImagePtr image);
    ImagePtr rawFrame(int index) const;
    int loopStart() const;

    fits::FitsFrameSet m_frames;
    fits::FitsFrameCache *m_cache = nullptr;
    fits::FitsFrameCache *m_partnerCache = nullptr; // the frame before, or the base
    QTimer m_timer;
    int m_current = -1;
    int m_pending = -1;
    int m_direction = 1;
    bool m_playing = false;
    bool m_northUp = true;
    int m_decodeSide = 0;   // what the caches decode at now
    int m_playbackSide = 0; // what they decode at while playing (setPlaybackDecodeSide)
    bool m_shownReduced = false; // the frame last delivered is smaller than its file

    std::map<int, ImagePtr> m_raw;       // decoded frames kept for comparing (a few)
    std::map<int, Compared> m_compared;  // compared frames of this setting (a few), with their notes
    quint64 m_compareGeneration = 0;
    bool m_computing = false;
    QString m_note;

    QToolButton *m_back = nullptr;
    QToolButton *m_playButton = nullptr;
    QToolButton *m_forward = nullptr;
    QSlider *m_slider = nullptr;
    QDoubleSpinBox *m_fpsBox = nullptr;
    QCheckBox *m_loopBox = nullptr;
    QLabel *m_label = nullptr;
    QComboBox *m_modeBox = nullptr;
    QSpinBox *m_baseBox = nullptr;
    QCheckBox *m_alignBox = nullptr;
    QCheckBox *m_exposureBox = nullptr;
    QSpinBox *m_firstBox = nullptr;
    QSpinBox *m_lastBox = nullptr;
    QLabel *m_noteLabel = nullptr; // what was done to the frame shown (aligned, ÷ EXPTIME)
};

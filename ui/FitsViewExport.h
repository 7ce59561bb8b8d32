#pragma once

#include "model/fits/FrameSequenceExport.h"
#include "model/fits/ImageLimits.h"
#include "model/fits/Stretch.h"

#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QRgb>
#include <QString>
#include <QVector>


class FitsFramePlayer;
class FitsPreviewWidget;
class QMenu;
class QWidget;

// Export what the preview shows (issue 17 item 4).
// Save view as PNG: the picture at native resolution (one image pixel per PNG pixel) with a
// one-line caption above (instrument, wavelength, T_OBS) and a colour bar below it with value
// labels and the unit. Save frames as PNGs / Save movie: the player's playback range in its
// comparison mode with the preview's limits, stretch and colours, through FrameSequenceExport on
// the thread pool, with a progress dialog that can cancel.
namespace ui {

struct ViewPictureParts {
    QImage rendered;          // what the view shows (FitsRenderer's Indexed8 with its colour table)
    QVector<QRgb> colours;    // that colour table (ColourMap::displayTable)
    fits::StretchSpec stretch;
    fits::Limits limits;
    QString unit;             // "DN", "DN / s", "ratio", "" when unknown
    QString caption;
};

class FitsViewExport final
{
public:
    static constexpr int kBarHeight = 18;    // colour bar thickness in pixels
    static constexpr int kMinimumWidth = 360; // room for the labels under a narrow image

    // The picture as saved: caption strip, image (at (imageLeft, captionHeight)), colour bar.
    static QImage compose(const ViewPictureParts &parts);
    // Where compose() put the image and the bar, for tests and for people reading the code.
    static QRect imageRect(const ViewPictureParts &parts);
    static QRect barRect(const ViewPictureParts &parts);
    // The parts as the preview shows them now (an empty rendered image when nothing is shown).
    static ViewPictureParts partsOf(const FitsPreviewWidget &preview, const FitsFramePlayer *player);
    static bool saveView(const FitsPreviewWidget &preview, const FitsFramePlayer *player, const QString &path,
                         QString *error);
    // The player's range and mode with the preview's display settings, to `output`.
    static fits::FrameSequenceSpec sequenceSpec(const FitsPreviewWidget &preview, const FitsFramePlayer &player,
                                                const QString &output);
    // File-menu actions (Save view as PNG…, Save frames as PNGs…, Save movie…), with dialogs.
    static void addActions(QMenu *menu, FitsPreviewWidget *preview, FitsFramePlayer *player);
};

// One sequence export on the thread pool: progress() while it runs, finished() once.
class FitsSequenceSaver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FitsSequenceSaver)

public:
    explicit FitsSequenceSaver(QObject *parent = nullptr);
    ~FitsSequenceSaver() override; // cancels; the run stops at its next frame (nothing waits)

    void start(const fits::FrameSequenceSpec &spec);
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    void progress(int done, int total);
    void finished(const fits::FrameSequenceOutcome &outcome);

private:
    QFutureWatcher<fits::FrameSequenceOutcome> *m_watcher = nullptr;
    bool m_running = false;
};

} // namespace ui

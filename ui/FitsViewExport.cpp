#include "ui/FitsViewExport.h"

#include "model/fits/FitsRenderer.h"
#include "model/fits/MovieWriter.h"
#include "ui/FitsFramePlayer.h"
#include "ui/FitsPreviewWidget.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetrics>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPointer>
#include <QProgressDialog>
#include <QSaveFile>
#include <QtConcurrentRun>

#include <cmath>

namespace ui {
namespace {

constexpr int kExportMargin = 8;
constexpr int kExportCaptionLine = 18;
constexpr int kExportLabelHeight = 18; // tick labels under the bar
constexpr int kExportTickCount = 5;

QFont exportFont()
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPixelSize(12);
    return f;
}

int exportComposedWidth(const ViewPictureParts &parts)
{
    return std::max(parts.rendered.width() + 2 * kExportMargin, FitsViewExport::kMinimumWidth);
}

// The caption wraps under a narrow picture rather than losing its end (the time).
QRect exportCaptionRectOf(const ViewPictureParts &parts)
{
    const QFontMetrics metrics(exportFont());
    const int width = exportComposedWidth(parts) - 2 * kExportMargin;
    const QRect text = metrics.boundingRect(QRect(0, 0, width, 1000), Qt::TextWordWrap | Qt::AlignLeft, parts.caption);
    return QRect(kExportMargin, 3, width, std::max(kExportCaptionLine, text.height()) + 3);
}

int exportCaptionHeightOf(const ViewPictureParts &parts)
{
    return exportCaptionRectOf(parts).bottom() + 4;
}

// A tick value in few digits: 1234.5678 → "1235", 0.012345 → "0.0123".
QString exportTickText(double v, double span)
{
    if (v == 0.0 || std::abs(v) < span * 1e-9)
        return QStringLiteral("0");
    const int digits = std::max(0, 2 - int(std::floor(std::log10(std::max(span, 1e-300)))));
    return std::abs(v) >= 1e5 || std::abs(v) < 1e-3 ? QString::number(v, 'g', 3) : QString::number(v, 'f', std::min(digits, 6));
}

QString exportModeCaption(const FitsFramePlayer *player)
{
    if (!player || player->compareOptions().mode == fits::FrameMode::Normal)
        return {};
    const fits::FrameMode mode = player->compareOptions().mode;
    const int partner = fits::FrameDifference::partnerOf(mode, player->currentIndex(), player->baseFrame());
    QString text = mode == fits::FrameMode::Ratio ? QStringLiteral(" · ratio to frame %1").arg(partner + 1)
                   : mode == fits::FrameMode::RunningDifference ? QStringLiteral(" · running difference (− frame %1)").arg(partner + 1)
                                                                : QStringLiteral(" · base difference (− frame %1)").arg(partner + 1);
    if (!player->compareNote().isEmpty())
        text += QStringLiteral(", ") + player->compareNote();
    return text;
}

} // namespace

QRect FitsViewExport::imageRect(const ViewPictureParts &parts)
{
    const int left = (exportComposedWidth(parts) - parts.rendered.width()) / 2;
    return QRect(left, exportCaptionHeightOf(parts), parts.rendered.width(), parts.rendered.height());
}

QRect FitsViewExport::barRect(const ViewPictureParts &parts)
{
    const int top = exportCaptionHeightOf(parts) + parts.rendered.height() + kExportMargin;
    return QRect(kExportMargin, top, exportComposedWidth(parts) - 2 * kExportMargin - 70 /* room for the unit */, kBarHeight);
}

QImage FitsViewExport::compose(const ViewPictureParts &parts)
{
    if (parts.rendered.isNull() || parts.colours.size() < fits::ColourMap::kBlankIndex)
        return {};
    const QRect bar = barRect(parts);
    QImage out(exportComposedWidth(parts), bar.bottom() + 1 + kExportLabelHeight + kExportMargin, QImage::Format_RGB32);
    out.fill(Qt::white);
    QPainter p(&out);
    p.setFont(exportFont());
    p.setPen(Qt::black);
    const QFontMetrics metrics(p.font());
    p.drawText(exportCaptionRectOf(parts), Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, parts.caption);
    p.drawImage(imageRect(parts).topLeft(), parts.rendered.convertToFormat(QImage::Format_ARGB32));

    // The bar: data values equally spaced from the low to the high limit, coloured through the
    // stretch exactly as the picture's pixels are.
    for (int x = 0; x < bar.width(); ++x) {
        const double t = bar.width() > 1 ? double(x) / (bar.width() - 1) : 0.0;
        const double s = fits::Stretch::apply(parts.stretch, t);
        const int index = std::clamp(int(s * fits::FitsRenderer::kTopIndex + 0.5), 0, fits::FitsRenderer::kTopIndex);
        p.setPen(QColor::fromRgb(parts.colours[index]));
        p.drawLine(bar.left() + x, bar.top(), bar.left() + x, bar.bottom());
    }
    p.setPen(Qt::black);
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar.adjusted(-1, -1, 0, 0));
    const double span = parts.limits.high - parts.limits.low;
    for (int i = 0; i < kExportTickCount; ++i) {
        const double f = double(i) / (kExportTickCount - 1);
        const int x = bar.left() + int(std::lround(f * (bar.width() - 1)));
        p.drawLine(x, bar.bottom() + 1, x, bar.bottom() + 4);
        const QString label = exportTickText(parts.limits.low + f * span, span);
        const int w = metrics.horizontalAdvance(label);
        const int left = std::clamp(x - w / 2, 0, out.width() - w);
        p.drawText(QRect(left, bar.bottom() + 4, w + 2, kExportLabelHeight), Qt::AlignLeft | Qt::AlignTop, label);
    }
    p.drawText(QRect(bar.right() + 8, bar.top(), out.width() - bar.right() - 8, bar.height()), Qt::AlignVCenter | Qt::AlignLeft,
               parts.unit.isEmpty() ? QStringLiteral("(no unit)") : parts.unit);
    p.end();
    return out;
}

ViewPictureParts FitsViewExport::partsOf(const FitsPreviewWidget &preview, const FitsFramePlayer *player)
{
    ViewPictureParts parts;
    const fits::FitsImage *image = preview.image();
    if (!image)
        return parts;
    parts.rendered = preview.renderedImage();
    parts.colours = preview.displayColours();
    parts.stretch = preview.stretch();
    parts.limits = preview.limits();
    const fits::FrameCompareOptions options = player ? player->compareOptions() : fits::FrameCompareOptions{};
    parts.unit = fits::FrameDifference::unitOf(*image, options);
    parts.caption = preview.captionText() + exportModeCaption(player);
    return parts;
}

bool FitsViewExport::saveView(const FitsPreviewWidget &preview, const FitsFramePlayer *player, const QString &path,
                              QString *error)
{
    const QImage picture = compose(partsOf(preview, player));
    if (picture.isNull()) {
        *error = QStringLiteral("There is no picture to save yet.");
        return false;
    }
    QSaveFile file(path); // a temporary file renamed on success: never half a PNG under the name
    if (!file.open(QIODevice::WriteOnly) || !picture.save(&file, "PNG") || !file.commit()) {
        *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

fits::FrameSequenceSpec FitsViewExport::sequenceSpec(const FitsPreviewWidget &preview, const FitsFramePlayer &player,
                                                     const QString &output)
{
    fits::FrameSequenceSpec spec;
    spec.paths = player.frames().paths();
    spec.first = player.rangeFirst();
    spec.last = player.rangeLast();
    spec.compare = player.compareOptions();
    spec.base = player.baseFrame();
    spec.stretch = preview.stretch();
    spec.hasLimits = true;
    spec.limits = preview.limits();
    spec.colourMap = preview.colourMapName();
    spec.invert = preview.inverted();
    spec.northUp = preview.northUp();
    spec.fps = player.fps();
    spec.output = output;
    return spec;
}

void FitsViewExport::addActions(QMenu *menu, FitsPreviewWidget *preview, FitsFramePlayer *player)
{
    QWidget *window = preview->window();
    menu->addAction(QObject::tr("Save view as &PNG…"), preview, [preview, player, window] {
        const QString suggested = QFileInfo(preview->currentFile()).completeBaseName() + QStringLiteral(".png");
        const QString path = QFileDialog::getSaveFileName(window, QObject::tr("Save view as PNG"), suggested,
                                                          QObject::tr("PNG images (*.png)"));
        QString error;
        if (!path.isEmpty() && !saveView(*preview, player, path, &error))
            QMessageBox::warning(window, QObject::tr("Save view"), error);
    });

    auto runSequence = [preview, player, window](const QString &output, const QString &title) {
        const fits::FrameSequenceSpec spec = sequenceSpec(*preview, *player, output);
        auto *saver = new FitsSequenceSaver(window);
        auto *dialog = new QProgressDialog(title, QObject::tr("Cancel"), 0,
                                           int(fits::FrameSequenceExport::framesOf(spec).size()), window);
        dialog->setWindowModality(Qt::WindowModal);
        dialog->setMinimumDuration(0);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(dialog, &QProgressDialog::canceled, saver, &FitsSequenceSaver::cancel);
        QObject::connect(saver, &FitsSequenceSaver::progress, dialog, &QProgressDialog::setValue);
        QPointer<QProgressDialog> guard(dialog);
        QObject::connect(saver, &FitsSequenceSaver::finished, window,
                         [saver, guard, window, output](const fits::FrameSequenceOutcome &outcome) {
                             saver->deleteLater();
                             if (guard)
                                 guard->close();
                             if (!outcome.cancelled && !outcome.error.isEmpty())
                                 QMessageBox::warning(window, QObject::tr("Save frames"), outcome.error);
                         });
        saver->start(spec);
    };
    menu->addAction(QObject::tr("Save &frames as PNGs…"), preview, [preview, player, window, runSequence] {
        if (player->count() < 1)
            return;
        const QString folder = QFileDialog::getExistingDirectory(window, QObject::tr("Folder for 0001.png, 0002.png, …"),
                                                                 QFileInfo(preview->currentFile()).absolutePath());
        if (!folder.isEmpty())
            runSequence(folder + QLatin1Char('/'), QObject::tr("Saving frames…"));
    });
    menu->addAction(QObject::tr("Save &movie…"), preview, [preview, player, window, runSequence] {
        if (player->count() < 1)
            return;
        if (fits::MovieWriter::ffmpegPath().isEmpty()) {
            QMessageBox::information(window, QObject::tr("Save movie"), fits::MovieWriter::missingFfmpegMessage());
            return;
        }
        const QString suggested = QFileInfo(preview->currentFile()).absolutePath() + QStringLiteral("/movie.mp4");
        const QString path = QFileDialog::getSaveFileName(window, QObject::tr("Save movie"), suggested,
                                                          QObject::tr("MP4 movie (*.mp4);;Animated GIF (*.gif)"));
        if (path.isEmpty())
            return;
        fits::MovieWriter::Format format;
        if (!fits::MovieWriter::formatOf(path, &format)) {
            QMessageBox::warning(window, QObject::tr("Save movie"), QObject::tr("A movie is saved as .mp4 or .gif."));
            return;
        }
        runSequence(path, QObject::tr("Saving movie…"));
    });
}

FitsSequenceSaver::FitsSequenceSaver(QObject *parent)
    : QObject(parent)
{
}

FitsSequenceSaver::~FitsSequenceSaver()
{
    if (m_watcher)
        m_watcher->cancel(); // the run stops after its current frame and removes its .part file
}

void FitsSequenceSaver::start(const fits::FrameSequenceSpec &spec)
{
    m_running = true;
    const int total = int(fits::FrameSequenceExport::framesOf(spec).size());
    m_watcher = new QFutureWatcher<fits::FrameSequenceOutcome>(this);
    connect(m_watcher, &QFutureWatcherBase::progressValueChanged, this, [this, total](int done) { emit progress(done, total); });
    connect(m_watcher, &QFutureWatcherBase::finished, this, [this] {
        m_running = false;
        const QFuture<fits::FrameSequenceOutcome> future = m_watcher->future();
        fits::FrameSequenceOutcome outcome;
        if (future.resultCount() > 0)
            outcome = future.result();
        else
            outcome.cancelled = true; // cancelled: QPromise drops results added after that
        emit finished(outcome);
    });
    m_watcher->setFuture(QtConcurrent::run([spec, total](QPromise<fits::FrameSequenceOutcome> &promise) {
        promise.setProgressRange(0, total);
        promise.addResult(fits::FrameSequenceExport::run(spec, [&promise](int done, int) {
            promise.setProgressValue(done);
            return !promise.isCanceled();
        }));
    }));
}

void FitsSequenceSaver::cancel()
{
    if (m_watcher)
        m_watcher->cancel();
}

} // namespace ui

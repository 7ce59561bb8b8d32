#include "model/fits/FrameSequenceExport.h"

#include "model/fits/ColourMap.h"
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsOrientation.h"
#include "model/fits/FitsPreview.h"
#include "model/fits/FitsRenderer.h"
#include "model/fits/MovieWriter.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdlib>
#include <memory>
#include <optional>

namespace fits {
namespace {

// Movies have no transparency: blanks are black in every frame format.
constexpr QRgb kSequenceBlank = qRgb(0, 0, 0);

struct SequenceFrame {
    int index = -1;
    std::shared_ptr<const FitsImage> image;
};

// Frames decoded (and turned north up) once each: the running difference needs each frame twice.
class SequenceLoader
{
public:
    explicit SequenceLoader(const FrameSequenceSpec &spec)
        : m_spec(spec)
    {
    }
    std::shared_ptr<const FitsImage> frame(int index, QString *error)
    {
        for (const SequenceFrame &f : m_kept) {
            if (f.index == index)
                return f.image;
        }
        FitsLoadResult loaded = FitsLoader::load(m_spec.paths[index]);
        if (!loaded.ok()) {
            *error = QStringLiteral("%1: %2").arg(QFileInfo(m_spec.paths[index]).fileName(), loaded.error);
            return nullptr;
        }
        auto image = std::make_shared<const FitsImage>(
            m_spec.northUp ? FitsOrientation::rotated(loaded.image, FitsOrientation::northUpTurns(loaded.image))
                           : std::move(loaded.image));
        if (index == m_spec.base)
            m_base = image;
        m_kept.push_back({index, image});
        if (m_kept.size() > 2) // this frame and the one before it
            m_kept.erase(m_kept.begin());
        return image;
    }
    std::shared_ptr<const FitsImage> base(QString *error)
    {
        if (!m_base)
            m_base = frame(m_spec.base, error);
        return m_base;
    }

private:
    const FrameSequenceSpec &m_spec;
    std::vector<SequenceFrame> m_kept;
    std::shared_ptr<const FitsImage> m_base;
};

QString sequenceColourMap(const FrameSequenceSpec &spec, const FitsImage &frame)
{
    if (spec.colourMap.compare(QLatin1String("auto"), Qt::CaseInsensitive) != 0)
        return spec.colourMap.toLower();
    return spec.compare.mode == FrameMode::Normal ? ColourMap::autoName(frame) : QStringLiteral("gray");
}

} // namespace

bool FrameSequenceExport::isPngFolder(const QString &output)
{
    MovieWriter::Format format;
    return output.endsWith(QLatin1Char('/')) || QFileInfo(output).isDir() || !MovieWriter::formatOf(output, &format);
}

QVector<int> FrameSequenceExport::framesOf(const FrameSequenceSpec &spec)
{
    QVector<int> out;
    const int n = int(spec.paths.size());
    const int last = spec.last < 0 ? n - 1 : std::min(spec.last, n - 1);
    for (int i = std::max(0, spec.first); i <= last; ++i) {
        if (spec.compare.mode == FrameMode::RunningDifference && i == 0)
            continue; // nothing before the first frame
        out << i;
    }
    return out;
}

QString FrameSequenceExport::pngName(int i, int total)
{
    const int width = std::max(4, int(QString::number(total).size()));
    return QStringLiteral("%1.png").arg(i + 1, width, 10, QLatin1Char('0'));
}

FrameSequenceOutcome FrameSequenceExport::run(const FrameSequenceSpec &spec, const Progress &progress)
{
    FrameSequenceOutcome out;
    const QVector<int> frames = framesOf(spec);
    if (frames.isEmpty()) {
        out.error = spec.compare.mode == FrameMode::RunningDifference && spec.paths.size() < 2
                        ? QStringLiteral("A running difference needs at least two frames.")
                        : QStringLiteral("There are no frames to save in that range.");
        return out;
    }
    if (spec.compare.mode != FrameMode::Normal && spec.compare.mode != FrameMode::RunningDifference
        && (spec.base < 0 || spec.base >= spec.paths.size())) {
        out.error = QStringLiteral("The base frame %1 is not one of the %2 frames.").arg(spec.base + 1).arg(spec.paths.size());
        return out;
    }
    const bool pngs = isPngFolder(spec.output);
    if (pngs && !QDir().mkpath(spec.output)) {
        out.error = QStringLiteral("Cannot create the folder %1.").arg(spec.output);
        return out;
    }
    MovieWriter movie;
    SequenceLoader loader(spec);
    RenderSettings settings;
    settings.stretch = spec.stretch;
    settings.invert = spec.invert;
    settings.blankColour = kSequenceBlank;
    // Frame `index` as the mode shows it (the frame itself when normal); empty with `error` set.
    auto comparedAt = [&spec, &loader](int index, std::shared_ptr<const FitsImage> *frame, QString *error) {
        std::optional<FrameCompareResult> compared;
        *frame = loader.frame(index, error);
        if (*frame && spec.compare.mode != FrameMode::Normal) {
            const int partner = FrameDifference::partnerOf(spec.compare.mode, index, spec.base);
            const auto other = spec.compare.mode == FrameMode::RunningDifference ? loader.frame(partner, error)
                                                                                 : loader.base(error);
            if (other) {
                compared = FrameDifference::compare(**frame, *other, spec.compare);
                if (!compared->ok())
                    *error = QStringLiteral("frame %1: %2").arg(index + 1).arg(compared->error);
            }
        }
        return compared;
    };
    // Base difference and ratio take their limits from the frame farthest from the base (the
    // base itself, often the first frame, shows no change at all).
    int limitsFrame = frames.first();
    if (spec.compare.mode == FrameMode::BaseDifference || spec.compare.mode == FrameMode::Ratio) {
        for (const int i : frames) {
            if (std::abs(i - spec.base) > std::abs(limitsFrame - spec.base))
                limitsFrame = i;
        }
    }
    for (int k = 0; k < frames.size(); ++k) {
        const int index = frames[k];
        QString error;
        std::shared_ptr<const FitsImage> frame;
        const std::optional<FrameCompareResult> compared = comparedAt(index, &frame, &error);
        if (!error.isEmpty()) {
            movie.cancel();
            out.error = error;
            return out;
        }
        const FitsImage &shown = compared ? compared->image : *frame;
        if (k == 0) {
            out.colourMap = sequenceColourMap(spec, *frame);
            out.notes = compared ? compared->notes : QStringList();
            if (spec.hasLimits) {
                out.limits = spec.limits;
            } else if (limitsFrame == index) {
                out.limits = FrameDifference::limitsFor(shown, spec.compare.mode, spec.clip);
            } else {
                std::shared_ptr<const FitsImage> far;
                const std::optional<FrameCompareResult> farCompared = comparedAt(limitsFrame, &far, &error);
                if (!error.isEmpty()) {
                    out.error = error;
                    return out;
                }
                out.limits = FrameDifference::limitsFor(farCompared ? farCompared->image : *far, spec.compare.mode, spec.clip);
            }
            if (!spec.hasLimits && spec.compare.mode == FrameMode::Normal && ColourMap::isDiverging(out.colourMap))
                out.limits = FitsPreview::symmetric(out.limits);
            settings.limits = out.limits;
            settings.colourMap = out.colourMap;
        }
        const QImage picture = FitsRenderer::render(spec.maxSize > 0 ? shown.downsampled(spec.maxSize) : shown, settings)
                                   .convertToFormat(QImage::Format_RGB888);
        if (picture.isNull()) {
            movie.cancel();
            out.error = QStringLiteral("frame %1 could not be drawn (out of memory?)").arg(index + 1);
            return out;
        }
        if (k == 0) {
            out.size = picture.size();
            if (!pngs && !movie.start(spec.output, out.size, spec.fps, &out.error))
                return out;
            out.codec = pngs ? QStringLiteral("png") : movie.codec();
        }
        if (pngs) {
            QSaveFile file(QDir(spec.output).filePath(pngName(k, int(frames.size()))));
            const QImage same = picture.size() == out.size ? picture : picture.scaled(out.size);
            if (!file.open(QIODevice::WriteOnly) || !same.save(&file, "PNG") || !file.commit()) {
                out.error = QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString());
                return out;
            }
        } else if (!movie.addFrame(picture, &out.error)) {
            movie.cancel();
            return out;
        }
        out.frames = k + 1;
        if (progress && !progress(k + 1, int(frames.size()))) {
            movie.cancel();
            out.cancelled = true;
            return out;
        }
    }
    if (!pngs && !movie.finish(&out.error))
        return out;
    return out;
}

} // namespace fits

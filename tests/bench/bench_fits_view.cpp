// GUI-thread stalls of the FITS image view on a 4096² image (issue 16: "the GUI never blocks"):
// the longest gap between ticks of a 5 ms timer on the GUI thread (tests/FitsViewStall.h) while
// the image is first shown, zoomed in and out (16 wheel steps), panned and a box dragged (50 mouse
// moves each, a synchronous repaint after every event), side by side for
//   before — the old path, re-enacted here: the whole Indexed8 image made into one QPixmap on
//            show and smooth-scaled in full on every paint (what ui/FitsImageView did until now),
//   after  — ui/FitsImageView: a screen-sized raster of the visible part, averaged on the pool,
//            a nearest-pixel sample meanwhile, cached across repaints.
// Usage: bench_fits_view [--size N] [--repeat N] [--width W --height H]
#include "FitsViewStall.h"
#include "model/fits/ColourMap.h"
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsRenderer.h"
#include "model/fits/ImageLimits.h"
#include "sim/FitsFactory.h"
#include "ui/FitsImageView.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace {

// The previous FitsImageView's drawing, kept only to measure against: pixmap per image, full
// smooth-scaled draw per paint, wheel zoom around the cursor, drag to pan, Shift+drag a box.
class PixmapPerImageView final : public QWidget
{
public:
    void setImage(const QImage &image)
    {
        m_pixmap = QPixmap::fromImage(image);
        m_size = image.size();
        m_zoom = std::min(double(width()) / m_size.width(), double(height()) / m_size.height());
        m_offset = QPointF((width() - m_size.width() * m_zoom) / 2, (height() - m_size.height() * m_zoom) / 2);
        update();
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        if (m_pixmap.isNull())
            return;
        QPainter p(this);
        p.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 1.0);
        p.drawPixmap(QRectF(m_offset, QSizeF(m_size) * m_zoom), m_pixmap, QRectF(QPointF(0, 0), QSizeF(m_size)));
        if (!m_box.isNull()) {
            p.setPen(QPen(QColor(255, 255, 0), 1));
            p.drawRect(m_box);
        }
    }
    void wheelEvent(QWheelEvent *e) override
    {
        const double z = std::clamp(m_zoom * std::pow(1.25, e->angleDelta().y() / 120.0), 0.01, 64.0);
        const QPointF at = (e->position() - m_offset) / m_zoom;
        m_zoom = z;
        m_offset = e->position() - at * m_zoom;
        update();
    }
    void mousePressEvent(QMouseEvent *e) override
    {
        m_boxing = e->modifiers().testFlag(Qt::ShiftModifier);
        m_start = e->position();
        m_offsetAtStart = m_offset;
    }
    void mouseMoveEvent(QMouseEvent *e) override
    {
        if (m_boxing)
            m_box = QRectF(m_start, e->position()).normalized();
        else if (e->buttons() & Qt::LeftButton)
            m_offset = m_offsetAtStart + (e->position() - m_start);
        update();
    }

private:
    QPixmap m_pixmap;
    QSize m_size;
    double m_zoom = 1;
    QPointF m_offset, m_start, m_offsetAtStart;
    QRectF m_box;
    bool m_boxing = false;
};

double medianOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int size = 4096, repeat = 3, w = 1000, h = 800;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--size"))
            size = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--repeat"))
            repeat = std::max(1, args[i + 1].toInt());
        else if (args[i] == QLatin1String("--width"))
            w = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--height"))
            h = args[i + 1].toInt();
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("aia.fits"));
    QString error;
    if (!sim::FitsFactory::writeSolarImage(path, size, &error)) {
        std::fprintf(stderr, "cannot write the test image: %s\n", qPrintable(error));
        return 1;
    }
    const fits::FitsLoadResult r = fits::FitsLoader::load(path);
    if (!r.ok()) {
        std::fprintf(stderr, "cannot load the test image: %s\n", qPrintable(r.error));
        return 1;
    }
    fits::ClipSpec clip;
    fits::ClipSpec::parse(QStringLiteral("99.5"), &clip);
    QImage rendered = fits::FitsRenderer::renderIndices(r.image, fits::StretchSpec{}, fits::ImageLimits::compute(r.image, clip));
    rendered.setColorTable(fits::ColourMap::displayTable(QStringLiteral("aia171"), false, fits::ColourMap::kDefaultBlank));

    QTextStream out(stdout);
    out << "FITS view GUI-thread stalls: " << size << "² Indexed8 image in a " << w << "×" << h
        << " view, longest gap of a 5 ms GUI timer, median (max) of " << repeat << " runs, ms\n";
    out << QStringLiteral("%1 %2 %3 %4 %5\n").arg(QStringLiteral("variant"), -8).arg(QStringLiteral("show"), 16)
               .arg(QStringLiteral("zoom"), 16).arg(QStringLiteral("pan"), 16).arg(QStringLiteral("box"), 16);
    out.flush();
    for (const bool before : {true, false}) {
        std::vector<double> show, zoom, pan, box;
        for (int i = 0; i < repeat; ++i) {
            std::unique_ptr<QWidget> widget;
            stalltest::StallSubject subject;
            if (before) {
                auto *v = new PixmapPerImageView;
                widget.reset(v);
                subject = {v, [v](const QImage &im) { v->setImage(im); }, [] { return true; }};
            } else {
                auto *v = new FitsImageView;
                widget.reset(v);
                subject = {v, [v](const QImage &im) { v->setImage(im, false); }, [v] { return v->rasterSettled(); }};
            }
            widget->resize(w, h);
            widget->show();
            if (!QTest::qWaitForWindowExposed(widget.get()))
                return 1;
            const stalltest::StallFigures f = stalltest::measureStalls(subject, rendered);
            show.push_back(f.firstShowMs);
            zoom.push_back(f.zoomMs);
            pan.push_back(f.panMs);
            box.push_back(f.boxMs);
        }
        auto cell = [](const std::vector<double> &v) {
            return QStringLiteral("%1 (%2)").arg(medianOf(v), 0, 'f', 1).arg(*std::max_element(v.begin(), v.end()), 0, 'f', 1);
        };
        out << QStringLiteral("%1 %2 %3 %4 %5\n").arg(before ? QStringLiteral("before") : QStringLiteral("after"), -8)
                   .arg(cell(show), 16).arg(cell(zoom), 16).arg(cell(pan), 16).arg(cell(box), 16);
        out.flush();
    }
    return 0;
}

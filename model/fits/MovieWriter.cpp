#include "model/fits/MovieWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace fits {
namespace {

// Paths of the part file: "sun.mp4" → "sun.part.mp4", so ffmpeg and file managers still know the
// format from the suffix.
QString partPathOfMovie(const QString &path)
{
    const QFileInfo info(path);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".part.") + info.suffix());
}

bool ffmpegEncodes(const QString &ffmpeg, const QString &encoder)
{
    QProcess p;
    p.start(ffmpeg, {QStringLiteral("-hide_banner"), QStringLiteral("-encoders")});
    if (!p.waitForFinished(15000))
        return false;
    const QByteArray out = p.readAllStandardOutput();
    return out.contains(' ' + encoder.toLatin1() + ' ');
}

} // namespace

MovieWriter::~MovieWriter()
{
    if (m_running)
        cancel();
}

QString MovieWriter::ffmpegPath()
{
    return QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
}

QString MovieWriter::missingFfmpegMessage()
{
    return QStringLiteral("Saving a movie needs ffmpeg: sudo apt install ffmpeg");
}

bool MovieWriter::formatOf(const QString &path, Format *format)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("mp4"))
        *format = Format::Mp4;
    else if (suffix == QLatin1String("gif"))
        *format = Format::Gif;
    else
        return false;
    return true;
}

QString MovieWriter::codecFor(Format format)
{
    if (format == Format::Gif)
        return QStringLiteral("gif");
    static const QString mp4Codec = [] {
        const QString ffmpeg = ffmpegPath();
        return !ffmpeg.isEmpty() && ffmpegEncodes(ffmpeg, QStringLiteral("libx264")) ? QStringLiteral("libx264")
                                                                                      : QStringLiteral("mpeg4");
    }();
    return mp4Codec;
}

bool MovieWriter::start(const QString &path, QSize size, double fps, QString *error)
{
    const QString ffmpeg = ffmpegPath();
    if (ffmpeg.isEmpty()) {
        *error = missingFfmpegMessage();
        return false;
    }
    Format format = Format::Mp4;
    if (!formatOf(path, &format)) {
        *error = QStringLiteral("A movie is saved as .mp4 or .gif, not as %1.").arg(QFileInfo(path).fileName());
        return false;
    }
    if (size.isEmpty()) {
        *error = QStringLiteral("The movie has no picture size.");
        return false;
    }
    m_path = path;
    m_partPath = partPathOfMovie(path);
    m_size = size;
    m_codec = codecFor(format);
    m_frames = 0;
    QStringList args{QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                     QStringLiteral("-y"), QStringLiteral("-f"), QStringLiteral("rawvideo"), QStringLiteral("-pix_fmt"),
                     QStringLiteral("rgb24"), QStringLiteral("-s"),
                     QStringLiteral("%1x%2").arg(size.width()).arg(size.height()), QStringLiteral("-r"),
                     QString::number(fps, 'g', 6), QStringLiteral("-i"), QStringLiteral("-")};
    if (format == Format::Mp4) {
        args << QStringLiteral("-vf") << QStringLiteral("pad=ceil(iw/2)*2:ceil(ih/2)*2") << QStringLiteral("-c:v")
             << m_codec << QStringLiteral("-pix_fmt") << QStringLiteral("yuv420p");
        if (m_codec == QLatin1String("libx264"))
            args << QStringLiteral("-crf") << QStringLiteral("18");
        else
            args << QStringLiteral("-q:v") << QStringLiteral("2");
        args << QStringLiteral("-movflags") << QStringLiteral("+faststart") << QStringLiteral("-f") << QStringLiteral("mp4");
    } else {
        args << QStringLiteral("-filter_complex")
             << QStringLiteral("split[frames][forpalette];[forpalette]palettegen[palette];[frames][palette]paletteuse")
             << QStringLiteral("-f") << QStringLiteral("gif");
    }
    args << m_partPath;
    m_process.setProgram(ffmpeg);
    m_process.setArguments(args);
    m_process.start();
    if (!m_process.waitForStarted(30000)) {
        *error = QStringLiteral("ffmpeg did not start: %1").arg(m_process.errorString());
        return false;
    }
    m_running = true;
    return true;
}

bool MovieWriter::addFrame(const QImage &frame, QString *error)
{
    if (!m_running) {
        *error = QStringLiteral("The movie is not being written.");
        return false;
    }
    QImage rgb = frame.convertToFormat(QImage::Format_RGB888);
    if (rgb.size() != m_size)
        rgb = rgb.scaled(m_size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const qsizetype rowBytes = qsizetype(m_size.width()) * 3;
    for (int y = 0; y < rgb.height(); ++y) {
        // QImage rows are padded to 4 bytes; ffmpeg wants them packed.
        if (m_process.write(reinterpret_cast<const char *>(rgb.constScanLine(y)), rowBytes) != rowBytes) {
            *error = ffmpegFailure(QStringLiteral("stopped taking frames"));
            return false;
        }
    }
    while (m_process.bytesToWrite() > 0) {
        if (!m_process.waitForBytesWritten(60000) || m_process.state() != QProcess::Running) {
            *error = ffmpegFailure(QStringLiteral("stopped taking frames"));
            return false;
        }
    }
    ++m_frames;
    return true;
}

bool MovieWriter::finish(QString *error)
{
    if (!m_running) {
        *error = QStringLiteral("The movie is not being written.");
        return false;
    }
    m_process.closeWriteChannel();
    const bool ended = m_process.waitForFinished(-1);
    m_running = false;
    if (!ended || m_process.exitStatus() != QProcess::NormalExit || m_process.exitCode() != 0) {
        *error = ffmpegFailure(QStringLiteral("failed"));
        QFile::remove(m_partPath);
        return false;
    }
    QFile::remove(m_path); // rename() does not replace; the user chose to overwrite
    if (!QFile::rename(m_partPath, m_path)) {
        *error = QStringLiteral("The movie was written as %1 but could not be renamed to %2.").arg(m_partPath, m_path);
        return false;
    }
    return true;
}

void MovieWriter::cancel()
{
    if (m_running) {
        m_process.kill();
        m_process.waitForFinished(10000);
        m_running = false;
    }
    if (!m_partPath.isEmpty())
        QFile::remove(m_partPath);
}

QString MovieWriter::ffmpegFailure(const QString &what)
{
    const QString said = QString::fromLocal8Bit(m_process.readAllStandardError()).trimmed();
    const QString last = said.section(QLatin1Char('\n'), -1).trimmed();
    return last.isEmpty() ? QStringLiteral("ffmpeg %1 (%2).").arg(what, m_process.errorString())
                          : QStringLiteral("ffmpeg %1: %2").arg(what, last);
}

} // namespace fits

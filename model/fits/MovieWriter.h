#pragma once

#include <QImage>
#include <QProcess>
#include <QSize>
#include <QString>

// A movie (mp4 or gif) written by Debian's ffmpeg from frames piped to it as raw RGB on its
// standard input: no temporary PNGs. mp4 is H.264 (libx264) when this ffmpeg has it, else
// MPEG-4 part 2, in yuv420p so every player shows it (odd sizes are padded by one pixel); gif
// goes through palettegen/paletteuse (a palette made for this movie, not a generic 256 colours).
// The movie is written as "NAME.part.mp4" beside the target and renamed on success, so there is
// never a half-written file under the final name. Blocking calls: use it on a worker thread in
// the GUI. Not thread-safe; one writer per movie.
namespace fits {

class MovieWriter final
{
public:
    enum class Format { Mp4, Gif };

    MovieWriter() = default;
    ~MovieWriter(); // an unfinished movie is cancelled
    MovieWriter(const MovieWriter &) = delete;
    MovieWriter &operator=(const MovieWriter &) = delete;

    // ffmpeg on PATH, or empty.
    static QString ffmpegPath();
    static QString missingFfmpegMessage(); // "Saving a movie needs ffmpeg: sudo apt install ffmpeg"
    // From the file name's suffix (".mp4", ".gif"); false for anything else.
    static bool formatOf(const QString &path, Format *format);
    // "libx264" or "mpeg4" for mp4 (what this ffmpeg can encode), "gif".
    static QString codecFor(Format format);

    // Starts ffmpeg for `path` with frames of `size` at `fps`. False (and `error` in words) when
    // ffmpeg is missing or does not start.
    bool start(const QString &path, QSize size, double fps, QString *error);
    // One frame; converted to RGB888 (and scaled to the movie's size if it differs).
    bool addFrame(const QImage &frame, QString *error);
    // Ends the stream, waits for ffmpeg and renames the .part file; false when ffmpeg failed.
    bool finish(QString *error);
    // Stops ffmpeg and removes the .part file.
    void cancel();

    QString codec() const { return m_codec; }
    int frameCount() const { return m_frames; }

private:
    QString ffmpegFailure(const QString &what);

    QProcess m_process;
    QString m_path;
    QString m_partPath;
    QString m_codec;
    QSize m_size;
    int m_frames = 0;
    bool m_running = false;
};

} // namespace fits

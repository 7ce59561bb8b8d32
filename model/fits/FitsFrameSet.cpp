#include "model/fits/FitsFrameSet.h"

#include "model/fits/FitsLoader.h"

#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTime>

#include <algorithm>

namespace fits {

struct FitsFrameSet::Scanned {
    FitsFrame frame;
    QString key;
    bool readable = false;
    QString problem; // why the file is unreadable, or why part of it is
};

namespace {

QString cardValue(const QVector<FitsCard> &cards, const char *key)
{
    for (const FitsCard &c : cards) {
        if (c.key == QLatin1String(key))
            return c.value.trimmed();
    }
    return {};
}

// "2014.03.01_00:01:25_TAI", "2011-02-15T00:00:00.34", "2011-02-15T000001Z", "20140301_000000_TAI".
bool parseTime(const QString &text, double *seconds)
{
    static const QRegularExpression re(QStringLiteral(
        R"((\d{4})[-.]?(\d{2})[-.]?(\d{2})[T_ ](\d{2}):?(\d{2}):?(\d{2}(?:\.\d+)?))"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return false;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const int h = m.captured(4).toInt(), mi = m.captured(5).toInt();
    const double s = m.captured(6).toDouble();
    if (!date.isValid() || h > 24 || mi > 59 || s >= 61.0)
        return false;
    // Leap seconds and 24:00 are kept in order by plain arithmetic instead of QTime.
    const QDateTime midnight(date, QTime(0, 0), Qt::UTC);
    *seconds = double(midnight.toSecsSinceEpoch()) + h * 3600.0 + mi * 60.0 + s;
    return true;
}

} // namespace

bool FitsFrameSet::looksLikeFits(const QString &path)
{
    const QString name = QFileInfo(path).fileName().toLower();
    for (const char *suffix : {".fits", ".fts", ".fit", ".fz", ".fits.gz", ".fts.gz", ".fits.z", ".fits.bz2", ".fits.zip"}) {
        if (name.endsWith(QLatin1String(suffix)))
            return true;
    }
    return false;
}

QString FitsFrameSet::seriesKey(const QVector<FitsCard> &cards)
{
    const QString instrument = cardValue(cards, "INSTRUME").toUpper().section(QLatin1Char('_'), 0, 0);
    QStringList parts{cardValue(cards, "TELESCOP").toUpper(), instrument, cardValue(cards, "WAVELNTH"),
                      cardValue(cards, "CONTENT").toUpper(),
                      cardValue(cards, "NAXIS1") + QLatin1Char('x') + cardValue(cards, "NAXIS2")};
    return parts.join(QLatin1Char('|'));
}

bool FitsFrameSet::observationTime(const QVector<FitsCard> &cards, const QString &fileName, FitsFrame *frame)
{
    for (const char *key : {"T_OBS", "DATE-OBS", "DATE_OBS"}) {
        const QString text = cardValue(cards, key);
        double t = 0;
        if (!text.isEmpty() && parseTime(text, &t)) {
            frame->time = t;
            frame->timeText = text;
            frame->hasTime = true;
            return true;
        }
    }
    double t = 0;
    const QString name = QFileInfo(fileName).fileName();
    if (parseTime(name, &t)) {
        static const QRegularExpression stamp(QStringLiteral(R"(\d{4}[-.]?\d{2}[-.]?\d{2}[T_ ]\d{2}:?\d{2}:?\d{2}(?:\.\d+)?)"));
        frame->time = t;
        frame->timeText = stamp.match(name).captured(0);
        frame->hasTime = true;
        return true;
    }
    frame->hasTime = false;
    return false;
}

FitsFrameSet::Scanned FitsFrameSet::scan(const QString &path)
{
    Scanned s;
    s.frame.path = path;
    QString error;
    FitsHeaderListInfo list;
    const QVector<FitsHduInfo> hdus = FitsLoader::readHeaders(path, &error, &list);
    // The header of the image: the first HDU with data (JSOC: HDU 1 behind an empty primary).
    const FitsHduInfo *image = nullptr;
    for (const FitsHduInfo &h : hdus) {
        if (h.holdsImage) {
            image = &h;
            break;
        }
    }
    const QVector<FitsCard> cards = image ? image->cards : QVector<FitsCard>();
    s.readable = image != nullptr;
    if (!s.readable)
        s.problem = !error.isEmpty() ? error
                    : !list.problem.isEmpty() ? list.problem
                                              : QStringLiteral("no image data");
    s.key = seriesKey(cards);
    observationTime(cards, path, &s.frame);
    return s;
}

void FitsFrameSet::sortByTime(QVector<FitsFrame> *frames)
{
    std::stable_sort(frames->begin(), frames->end(), [](const FitsFrame &a, const FitsFrame &b) {
        if (a.hasTime != b.hasTime)
            return a.hasTime;
        if (a.hasTime && a.time != b.time)
            return a.time < b.time;
        return QFileInfo(a.path).fileName() < QFileInfo(b.path).fileName();
    });
}

namespace {
QStringList fitsFilesIn(const QString &folder)
{
    QStringList out;
    const QFileInfoList entries = QDir(folder).entryInfoList(QDir::Files | QDir::Readable, QDir::Name);
    for (const QFileInfo &fi : entries) {
        if (FitsFrameSet::looksLikeFits(fi.fileName()))
            out << fi.absoluteFilePath();
    }
    return out;
}
} // namespace

FitsFrameSet FitsFrameSet::fromFolderOf(const QString &path, QString *error)
{
    FitsFrameSet set;
    const QFileInfo info(path);
    const QString self = info.absoluteFilePath();
    const Scanned reference = scan(self);
    if (!QFileInfo(info.absolutePath()).isDir()) {
        if (error)
            *error = QStringLiteral("The folder %1 cannot be read.").arg(info.absolutePath());
        set.m_frames.push_back(reference.frame);
        return set;
    }
    for (const QString &file : fitsFilesIn(info.absolutePath())) {
        if (file == self) {
            set.m_frames.push_back(reference.frame);
            continue;
        }
        if (!reference.readable)
            continue;
        const Scanned s = scan(file);
        if (s.readable && s.key == reference.key)
            set.m_frames.push_back(s.frame);
        else if (!s.readable)
            set.m_unreadable << QFileInfo(file).fileName() + QStringLiteral(": ") + s.problem;
    }
    if (set.indexOf(self) < 0)
        set.m_frames.push_back(reference.frame); // e.g. a name without a FITS suffix
    sortByTime(&set.m_frames);
    return set;
}

FitsFrameSet FitsFrameSet::fromFolder(const QString &folder, QString *error)
{
    FitsFrameSet set;
    if (!QFileInfo(folder).isDir()) {
        if (error)
            *error = QStringLiteral("%1 is not a folder.").arg(folder);
        return set;
    }
    QVector<Scanned> scanned;
    for (const QString &file : fitsFilesIn(folder)) {
        Scanned s = scan(file);
        if (s.readable)
            scanned.push_back(std::move(s));
        else
            set.m_unreadable << QFileInfo(file).fileName() + QStringLiteral(": ") + s.problem;
    }
    if (scanned.isEmpty()) {
        if (error)
            *error = QStringLiteral("There are no readable FITS images in %1.").arg(folder);
        return set;
    }
    QVector<FitsFrame> frames;
    for (const Scanned &s : scanned)
        frames.push_back(s.frame);
    sortByTime(&frames);
    QString key;
    for (const Scanned &s : scanned) {
        if (s.frame.path == frames.first().path)
            key = s.key;
    }
    for (const FitsFrame &f : frames) {
        for (const Scanned &s : scanned) {
            if (s.frame.path == f.path && s.key == key)
                set.m_frames.push_back(f);
        }
    }
    return set;
}

FitsFrameSet FitsFrameSet::fromFiles(const QStringList &paths)
{
    FitsFrameSet set;
    for (const QString &p : paths)
        set.m_frames.push_back(scan(p).frame);
    sortByTime(&set.m_frames);
    return set;
}

int FitsFrameSet::indexOf(const QString &path) const
{
    const QString wanted = QFileInfo(path).absoluteFilePath();
    for (int i = 0; i < m_frames.size(); ++i) {
        if (m_frames[i].path == path || QFileInfo(m_frames[i].path).absoluteFilePath() == wanted)
            return i;
    }
    return -1;
}

QStringList FitsFrameSet::paths() const
{
    QStringList out;
    for (const FitsFrame &f : m_frames)
        out << f.path;
    return out;
}

} // namespace fits

#include "model/fitsfile/RecordHeader.h"

#include "model/fitsfile/FitsStructure.h"

#include <QFile>
#include <QRegularExpression>

#include <cmath>

namespace fits {
namespace {

constexpr qint64 kFitsBlockBytes = 2880;

QByteArray padCard(QByteArray card)
{
    card.truncate(80);
    return card + QByteArray(80 - card.size(), ' ');
}

// Value text of a FITS string, quotes doubled, at least 8 characters inside the quotes.
QByteArray quoted(const QByteArray &inside)
{
    QByteArray text = inside;
    if (text.size() < 8)
        text += QByteArray(8 - text.size(), ' ');
    return '\'' + text + '\'';
}

// Splits an escaped string into pieces of at most `width` bytes without cutting a doubled quote.
QList<QByteArray> splitEscaped(const QByteArray &escaped, int width)
{
    QList<QByteArray> parts;
    qsizetype i = 0;
    while (i < escaped.size()) {
        qsizetype n = std::min<qsizetype>(width, escaped.size() - i);
        // Count the quotes of a run ending at the cut: an odd count would split a pair.
        if (i + n < escaped.size()) {
            qsizetype q = 0;
            for (qsizetype k = i + n - 1; k >= i && escaped[k] == '\''; --k)
                ++q;
            if (q % 2 == 1)
                --n;
        }
        parts.append(escaped.mid(i, n));
        i += n;
    }
    return parts;
}

QByteArray stringCards(const QByteArray &key, const QString &value)
{
    QByteArray latin = value.toLatin1();
    for (char &c : latin)
        if (uchar(c) < 0x20 || uchar(c) > 0x7e)
            c = '?'; // FITS headers are printable ASCII
    const QByteArray escaped = QByteArray(latin).replace("'", "''");
    const QByteArray head = key.leftJustified(8, ' ') + "= ";
    if (escaped.size() <= 68)
        return padCard(head + quoted(escaped));
    // The long-string convention (FITS 4.0 §4.2.1.2): '&' ends a piece that CONTINUE carries on.
    const QList<QByteArray> parts = splitEscaped(escaped, 67);
    QByteArray out;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const bool last = i + 1 == parts.size();
        const QByteArray text = '\'' + parts[i] + (last ? "'" : "&'");
        out += padCard((i == 0 ? head : QByteArray("CONTINUE  ")) + text);
    }
    return out;
}

QByteArray numberCard(const QByteArray &key, const QByteArray &text)
{
    return padCard(key.leftJustified(8, ' ') + "= " + text.rightJustified(20, ' '));
}

} // namespace

QByteArray RecordHeader::fitsName(const QString &drmsName)
{
    QByteArray name = drmsName.trimmed().toUpper().toLatin1().replace("__", "-");
    if (name.isEmpty() || name.size() > 8)
        return {};
    for (char c : name)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return {};
    return name;
}

bool RecordHeader::isStructural(QByteArrayView k)
{
    static const QRegularExpression numbered(QStringLiteral(
        "^(NAXIS|TTYPE|TFORM|TUNIT|TSCAL|TZERO|TNULL|TDISP|TDIM|TBCOL|ZNAXIS|ZTILE|ZNAME|ZVAL)[0-9]+$"));
    static const QList<QByteArrayView> fixed{"SIMPLE", "BITPIX", "NAXIS", "EXTEND", "XTENSION", "PCOUNT", "GCOUNT",
                                             "TFIELDS", "GROUPS", "THEAP", "BZERO", "BSCALE", "BLANK", "END",
                                             "CHECKSUM", "DATASUM", "COMMENT", "HISTORY", "CONTINUE", "EXTNAME",
                                             "ZIMAGE", "ZBITPIX", "ZNAXIS", "ZCMPTYPE", "ZQUANTIZ", "ZDITHER0",
                                             "ZSIMPLE", "ZEXTEND", "ZTENSION", "ZPCOUNT", "ZGCOUNT", "ZHECKSUM",
                                             "ZDATASUM", "ZBLANK", "ZSCALE", "ZZERO", "ZMASKCMP", "ZBLOCKED"};
    if (fixed.contains(k))
        return true;
    return numbered.match(QString::fromLatin1(k.data(), k.size())).hasMatch();
}

QByteArray RecordHeader::cards(const QString &drmsName, const QString &value)
{
    const QByteArray key = fitsName(drmsName);
    const QString v = value.trimmed();
    if (key.isEmpty() || v.isEmpty() || v == QLatin1String("MISSING"))
        return {};
    static const QRegularExpression integer(QStringLiteral("^[+-]?[0-9]{1,18}$"));
    static const QRegularExpression hex(QStringLiteral("^0[xX][0-9a-fA-F]{1,16}$"));
    static const QRegularExpression real(QStringLiteral("^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$"));
    if (hex.match(v).hasMatch()) {
        const quint64 bits = v.mid(2).toULongLong(nullptr, 16);
        // DRMS's QUALITY is a 32-bit int: 0x80000000 is written as -2147483648, as exports do.
        const qint64 n = v.size() <= 10 ? qint64(qint32(quint32(bits))) : qint64(bits);
        return numberCard(key, QByteArray::number(n));
    }
    if (integer.match(v).hasMatch())
        return numberCard(key, v.toLatin1());
    if (real.match(v).hasMatch()) {
        QByteArray text = v.toLatin1().toUpper();
        if (!text.contains('.') && !text.contains('E'))
            text += ".0";
        return numberCard(key, text);
    }
    const QString lower = v.toLower();
    if (lower == QLatin1String("nan") || lower == QLatin1String("-nan") || lower.endsWith(QLatin1String("inf")))
        return {}; // DRMS's missing float, printed raw
    return stringCards(key, v);
}

QString RecordHeader::commentText()
{
    return QStringLiteral("Keywords below were added from the record's keywords (rs_list): the SUMS file's own header is bare.");
}

RecordHeaderBuild RecordHeader::build(const QString &in, const QString &out, const QList<RecordKeyword> &row)
{
    RecordHeaderBuild result;
    const FitsStructure s = FitsStructure::scanFile(in);
    if (!s.isWhole()) {
        result.problem = s.problem.isEmpty() ? QStringLiteral("the file is not a whole FITS file") : s.problem;
        return result;
    }
    const FitsHduLayout *image = nullptr;
    for (const FitsHduLayout &h : s.hdus) {
        const bool compressed = h.xtension == "BINTABLE" && h.logical("ZIMAGE").value_or(false);
        bool plain = (h.index == 0 || h.xtension == "IMAGE") && h.naxis >= 2;
        for (qint64 n : h.naxes)
            plain = plain && n > 0;
        if (compressed || plain) {
            image = &h;
            break;
        }
    }
    if (!image) {
        result.outcome = RecordHeaderBuild::Outcome::NoImage;
        result.problem = QStringLiteral("the file holds no image: none of its %1 HDUs is one").arg(s.totalHdus);
        return result;
    }
    result.imageHdu = image->index;

    QByteArray header;
    QList<QByteArray> present;
    for (int i = 0; i < image->keptCards(); ++i) {
        const QByteArrayView card = image->card(i);
        const QByteArrayView key = FitsStructure::keywordOf(card);
        present.append(key.toByteArray());
        if (key == "CHECKSUM")
            continue; // it covers this header, which changes
        if (card.trimmed().isEmpty())
            continue; // blank fill cards: the added keywords come right after the file's own
        header += card.toByteArray();
    }
    QByteArray added;
    for (const RecordKeyword &k : row) {
        const QByteArray key = fitsName(k.name);
        if (key.isEmpty() || isStructural(key) || present.contains(key))
            continue;
        const QByteArray c = cards(k.name, k.value);
        if (c.isEmpty())
            continue;
        present.append(key);
        added += c;
        result.added.append(QString::fromLatin1(key));
    }
    if (!added.isEmpty()) {
        // Word-wrapped into COMMENT cards (72 characters of text each).
        QByteArray line;
        for (const QByteArray &word : commentText().toLatin1().split(' ')) {
            if (!line.isEmpty() && line.size() + 1 + word.size() > 72) {
                header += padCard("COMMENT " + line);
                line.clear();
            }
            line += (line.isEmpty() ? QByteArray() : QByteArray(" ")) + word;
        }
        header += padCard("COMMENT " + line);
        header += added;
    }
    header += padCard("END");
    header += QByteArray((kFitsBlockBytes - header.size() % kFitsBlockBytes) % kFitsBlockBytes, ' ');

    QFile src(in);
    QFile dst(out);
    auto fail = [&](const QString &why) {
        dst.close();
        QFile::remove(out);
        result.outcome = RecordHeaderBuild::Outcome::NotReadable;
        result.problem = why;
        return result;
    };
    if (!src.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(in, src.errorString()));
    if (!dst.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(QStringLiteral("cannot write %1: %2").arg(out, dst.errorString()));
    auto copy = [&](qint64 from, qint64 to) {
        QByteArray buf;
        if (!src.seek(from))
            return false;
        for (qint64 at = from; at < to;) {
            buf = src.read(std::min<qint64>(qint64(1) << 20, to - at));
            if (buf.isEmpty() || dst.write(buf) != buf.size())
                return false;
            at += buf.size();
        }
        return true;
    };
    if (!copy(0, image->headerStart) || dst.write(header) != header.size() || !copy(image->dataStart, s.fileSize)
        || !dst.flush())
        return fail(QStringLiteral("cannot copy %1 to %2: %3").arg(in, out, dst.error() != QFile::NoError ? dst.errorString() : src.errorString()));
    dst.close();
    result.outcome = added.isEmpty() ? RecordHeaderBuild::Outcome::NothingToAdd : RecordHeaderBuild::Outcome::Built;
    return result;
}

} // namespace fits

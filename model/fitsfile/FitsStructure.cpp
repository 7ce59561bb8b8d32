#include "model/fitsfile/FitsStructure.h"

#include <QBuffer>
#include <QFile>

#include <array>
#include <cstring>

namespace fits {
namespace {

constexpr qint64 kBlock = 2880;
constexpr qint64 kChunk = qint64(1) << 20;        // 1 MiB reads: bounded memory, near disk speed
constexpr int kMaxCardsKept = 1 << 20;            // 80 MiB of cards in one header is not a header
// No file system holds a file of 2^53 bytes (8 PiB); a claim beyond it is a damaged header, not a
// short download, and keeping sizes below it keeps every sum of offsets far from overflow.
constexpr qint64 kMaxDataBytes = qint64(1) << 53;

std::optional<qint64> parseInteger(QByteArrayView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool negative = false;
    if (text.front() == '+' || text.front() == '-') {
        negative = text.front() == '-';
        text = text.sliced(1);
    }
    if (text.isEmpty())
        return std::nullopt;
    qint64 v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        if (__builtin_mul_overflow(v, qint64(10), &v) || __builtin_add_overflow(v, qint64(c - '0'), &v))
            return std::nullopt;
    }
    return negative ? -v : v;
}

bool essential(QByteArrayView key)
{
    static constexpr std::array<const char *, 6> keep = {"GROUPS", "PCOUNT", "GCOUNT", "CHECKSUM", "DATASUM", "ZIMAGE"};
    for (const char *k : keep) {
        if (key == QByteArrayView(k))
            return true;
    }
    return false;
}

// Parses one header, block by block, checking the mandatory keywords as they come.
class HeaderParser
{
public:
    enum class State { NeedMore, Done, Failed };

    HeaderParser(int index, qint64 headerStart, FitsStructure::Cards cards)
        : m_cards(cards)
    {
        m_hdu.index = index;
        m_hdu.headerStart = headerStart;
    }

    State addBlock(const char *block)
    {
        ++m_blocks;
        for (int i = 0; i < 36; ++i) {
            const State s = addCard(block + i * 80);
            if (s != State::NeedMore)
                return s;
        }
        return State::NeedMore;
    }

    FitsHduLayout &hdu() { return m_hdu; }
    qint64 headerBytes() const { return m_blocks * kBlock; }
    QString problem;
    bool notFits = false;

private:
    State fail(const QString &why)
    {
        problem = QStringLiteral("HDU %1: %2").arg(m_hdu.index).arg(why);
        return State::Failed;
    }

    std::optional<qint64> mandatoryInteger(QByteArrayView card, const QByteArray &key)
    {
        if (FitsStructure::keywordOf(card) != key)
            return std::nullopt;
        const std::optional<QByteArray> v = FitsStructure::valueOf(card);
        return v ? parseInteger(*v) : std::nullopt;
    }

    State addCard(const char *raw)
    {
        const QByteArrayView card(raw, 80);
        const QByteArrayView key = FitsStructure::keywordOf(card);
        const int n = m_position++;
        const bool primary = m_hdu.index == 0;
        if (n == 0) {
            if (primary) {
                if (key != "SIMPLE" || card.sliced(8, 2) != "= ") {
                    notFits = true;
                    return fail(QStringLiteral("the file does not begin with the card 'SIMPLE  ='"));
                }
                const std::optional<QByteArray> v = FitsStructure::valueOf(card);
                if (!v || *v != "T")
                    return fail(QStringLiteral("SIMPLE is not T: the file says it does not conform to FITS"));
            } else {
                const std::optional<QByteArray> v = FitsStructure::valueOf(card);
                if (key != "XTENSION" || !v || v->trimmed().isEmpty())
                    return fail(QStringLiteral("the extension header does not begin with XTENSION"));
                m_hdu.xtension = v->trimmed();
            }
        } else if (n == 1) {
            const std::optional<qint64> v = mandatoryInteger(card, "BITPIX");
            if (!v || (*v != 8 && *v != 16 && *v != 32 && *v != 64 && *v != -32 && *v != -64))
                return fail(QStringLiteral("the second card must be BITPIX = 8, 16, 32, 64, -32 or -64"));
            m_hdu.bitpix = int(*v);
        } else if (n == 2) {
            const std::optional<qint64> v = mandatoryInteger(card, "NAXIS");
            if (!v || *v < 0 || *v > 999)
                return fail(QStringLiteral("the third card must be NAXIS = 0 to 999"));
            m_hdu.naxis = int(*v);
        } else if (n < 3 + m_hdu.naxis) {
            const QByteArray name = "NAXIS" + QByteArray::number(n - 2);
            const std::optional<qint64> v = mandatoryInteger(card, name);
            if (!v || *v < 0)
                return fail(QStringLiteral("card %1 must be %2, a length of 0 or more").arg(n + 1).arg(QString::fromLatin1(name)));
            m_hdu.naxes.push_back(*v);
        } else if (!primary && n == 3 + m_hdu.naxis) {
            const std::optional<qint64> v = mandatoryInteger(card, "PCOUNT");
            if (!v || *v < 0)
                return fail(QStringLiteral("PCOUNT (0 or more) must follow NAXIS%1").arg(m_hdu.naxis));
            m_hdu.pcount = *v;
        } else if (!primary && n == 4 + m_hdu.naxis) {
            const std::optional<qint64> v = mandatoryInteger(card, "GCOUNT");
            if (!v || *v < 0)
                return fail(QStringLiteral("GCOUNT (0 or more) must follow PCOUNT"));
            m_hdu.gcount = *v;
        } else if (key == "END") {
            return finish();
        }
        if (key == "END")
            return fail(QStringLiteral("the header ends before its mandatory keywords"));
        if (m_cards == FitsStructure::Cards::All || essential(key)) {
            if (m_hdu.keptCards() >= kMaxCardsKept)
                return fail(QStringLiteral("the header has more than %1 cards").arg(kMaxCardsKept));
            m_hdu.appendCard(raw);
        }
        return State::NeedMore;
    }

    State finish()
    {
        FitsHduLayout &h = m_hdu;
        h.dataStart = h.headerStart + headerBytes();
        if (h.index == 0) {
            // The primary HDU's PCOUNT/GCOUNT count only for random groups.
            h.randomGroups = h.naxis >= 1 && h.naxes[0] == 0 && h.logical("GROUPS").value_or(false);
            if (h.randomGroups) {
                const std::optional<qint64> p = h.integer("PCOUNT"), g = h.integer("GCOUNT");
                if (!p || !g || *p < 0 || *g < 0)
                    return fail(QStringLiteral("a random-groups HDU needs PCOUNT and GCOUNT of 0 or more"));
                h.pcount = *p;
                h.gcount = *g;
            }
        }
        // Bits = |BITPIX| × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn); random groups skip NAXIS1;
        // a primary HDU has no PCOUNT/GCOUNT; NAXIS = 0 means no array.
        const bool withCounts = h.index > 0 || h.randomGroups;
        __int128 elements = h.naxis > 0 ? 1 : 0;
        bool zero = h.naxis == 0;
        for (int i = h.randomGroups ? 1 : 0; i < h.naxis; ++i)
            zero = zero || h.naxes[i] == 0;
        if (zero) {
            elements = 0;
        } else {
            for (int i = h.randomGroups ? 1 : 0; i < h.naxis && elements <= kMaxDataBytes; ++i)
                elements *= h.naxes[i];
        }
        __int128 bytes = elements;
        if (withCounts && bytes <= kMaxDataBytes)
            bytes = (bytes + h.pcount) * h.gcount;
        if (bytes <= kMaxDataBytes)
            bytes *= std::abs(h.bitpix) / 8;
        if (bytes > kMaxDataBytes) {
            QStringList axes;
            for (qint64 a : h.naxes)
                axes << QString::number(a);
            return fail(QStringLiteral("the header claims a data unit of more than 2^53 bytes (BITPIX %1, NAXISn %2, "
                                       "PCOUNT %3, GCOUNT %4), more than any file holds")
                            .arg(h.bitpix).arg(axes.join(QStringLiteral(" × "))).arg(h.pcount).arg(h.gcount));
        }
        h.dataBytes = qint64(bytes);
        return State::Done;
    }

    FitsHduLayout m_hdu;
    FitsStructure::Cards m_cards;
    int m_position = 0;
    qint64 m_blocks = 0;
};

// Reads up to `size` bytes; returns the count read, or -1 on a read error.
qint64 readFully(QIODevice &device, char *to, qint64 size)
{
    qint64 got = 0;
    while (got < size) {
        const qint64 n = device.read(to + got, size - got);
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += n;
    }
    return got;
}

} // namespace

QByteArrayView FitsStructure::keywordOf(QByteArrayView card80)
{
    QByteArrayView key = card80.first(std::min<qsizetype>(8, card80.size()));
    while (!key.isEmpty() && key.back() == ' ')
        key.chop(1);
    return key;
}

std::optional<QByteArray> FitsStructure::valueOf(QByteArrayView card80)
{
    if (card80.size() < 10 || card80.sliced(8, 2) != "= ")
        return std::nullopt;
    const QByteArrayView rest = card80.sliced(10);
    qsizetype i = 0;
    while (i < rest.size() && rest[i] == ' ')
        ++i;
    if (i < rest.size() && rest[i] == '\'') {
        QByteArray out;
        for (++i; i < rest.size(); ++i) {
            if (rest[i] == '\'') {
                if (i + 1 < rest.size() && rest[i + 1] == '\'') {
                    out += '\'';
                    ++i;
                    continue;
                }
                break;
            }
            out += rest[i];
        }
        while (out.endsWith(' '))
            out.chop(1);
        return out;
    }
    const qsizetype slash = rest.indexOf('/');
    return (slash >= 0 ? rest.first(slash) : rest).trimmed().toByteArray();
}

std::optional<QByteArray> FitsHduLayout::value(QByteArrayView keyword) const
{
    for (int i = 0, n = keptCards(); i < n; ++i) {
        const QByteArrayView c = card(i);
        if (FitsStructure::keywordOf(c) == keyword)
            return FitsStructure::valueOf(c);
    }
    return std::nullopt;
}

std::optional<qint64> FitsHduLayout::integer(QByteArrayView keyword) const
{
    const std::optional<QByteArray> v = value(keyword);
    return v ? parseInteger(*v) : std::nullopt;
}

std::optional<bool> FitsHduLayout::logical(QByteArrayView keyword) const
{
    const std::optional<QByteArray> v = value(keyword);
    if (v && *v == "T")
        return true;
    if (v && *v == "F")
        return false;
    return std::nullopt;
}

FitsStructure FitsStructure::scan(QIODevice &device, const Options &options, FitsScanSink *sink)
{
    FitsStructure s;
    s.fileSize = device.isSequential() ? -1 : device.size();
    if (!device.isSequential() && !device.seek(0)) {
        s.problem = QStringLiteral("the file cannot be read from its start");
        return s;
    }
    auto finish = [&s](Outcome outcome, const QString &problem) {
        s.outcome = outcome;
        s.problem = problem;
        return s;
    };
    const bool seekOverData = !sink && !device.isSequential();
    QByteArray chunk;
    std::array<char, kBlock> block {};
    qint64 offset = 0;
    for (int index = 0;; ++index) {
        HeaderParser parser(index, offset, options.cards);
        for (bool first = true;; first = false) {
            const qint64 got = readFully(device, block.data(), kBlock);
            if (got < 0)
                return finish(Outcome::Unreadable, QStringLiteral("read error at byte %1: %2").arg(offset).arg(device.errorString()));
            const QByteArrayView head(block.data(), got);
            if (first && index == 0 && (got < 9 || !head.startsWith("SIMPLE  =")))
                return finish(Outcome::NotFits, got == 0 ? QStringLiteral("the file is empty")
                                                         : QStringLiteral("the file does not begin with the card 'SIMPLE  ='"));
            if (first && index > 0) {
                if (got == 0)
                    return finish(Outcome::Whole, QString());
                // A partial block may still be the start of an extension cut short (Truncated below).
                const bool extension = got >= 9 ? head.startsWith("XTENSION=")
                                                : QByteArrayView("XTENSION=").startsWith(head);
                if (!extension)
                    return finish(Outcome::Damaged, QStringLiteral("%1 byte(s) follow the last HDU (HDU %2) and do not "
                                                                   "begin an extension header")
                                                        .arg(s.fileSize >= 0 ? s.fileSize - offset : got).arg(index - 1));
            }
            if (got < kBlock)
                return finish(Outcome::Truncated, QStringLiteral("the file ends inside the header of HDU %1 (at byte %2)")
                                                      .arg(index).arg(offset + got));
            offset += kBlock;
            if (sink)
                sink->headerBlock(index, block.data());
            const HeaderParser::State state = parser.addBlock(block.data());
            if (state == HeaderParser::State::Failed)
                return finish(parser.notFits ? Outcome::NotFits : Outcome::Damaged, parser.problem);
            if (state == HeaderParser::State::Done)
                break;
        }
        ++s.totalHdus;
        if (index < options.maxHdusKept)
            s.hdus.push_back(parser.hdu());
        const FitsHduLayout &hdu = parser.hdu();
        const qint64 padded = FitsHduLayout::padded(hdu.dataBytes);
        const auto truncated = [&](qint64 at) {
            return finish(Outcome::Truncated, QStringLiteral("the file ends at byte %1, inside the data of HDU %2, "
                                                             "which runs to byte %3")
                                                  .arg(at).arg(index).arg(hdu.dataEnd()));
        };
        if (seekOverData) {
            if (hdu.dataEnd() > s.fileSize)
                return truncated(s.fileSize);
            if (!device.seek(hdu.dataEnd()))
                return finish(Outcome::Unreadable, QStringLiteral("cannot seek to byte %1").arg(hdu.dataEnd()));
            offset = hdu.dataEnd();
        } else {
            if (padded > 0 && chunk.isEmpty())
                chunk.resize(kChunk);
            for (qint64 left = padded; left > 0;) {
                const qint64 want = std::min(left, kChunk);
                const qint64 got = readFully(device, chunk.data(), want);
                if (got < 0)
                    return finish(Outcome::Unreadable, QStringLiteral("read error at byte %1: %2").arg(offset).arg(device.errorString()));
                if (sink && got > 0)
                    sink->dataBytes(index, chunk.constData(), got & ~qint64(3));
                offset += got;
                left -= got;
                if (got < want)
                    return truncated(offset);
            }
        }
        if (sink)
            sink->hduDone(hdu);
    }
}

FitsStructure FitsStructure::scanFile(const QString &path, const Options &options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        FitsStructure s;
        s.problem = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return s;
    }
    return scan(file, options);
}

FitsStructure FitsStructure::scanBytes(const QByteArray &bytes, const Options &options)
{
    QByteArray copy = bytes; // shares the data; QBuffer wants a non-const array
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    return scan(buffer, options);
}

} // namespace fits

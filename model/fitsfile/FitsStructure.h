#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QVector>

#include <optional>

class QIODevice;

// The layout of a FITS file read from its own bytes, without cfitsio: where each HDU's header
// and data unit start, how long the data unit is (from BITPIX, NAXISn, PCOUNT, GCOUNT, with
// overflow-checked arithmetic), and the header cards. It is the part a hostile header cannot
// crash, so it runs before cfitsio sees a file (FitsLoader) and is the whole of the download
// check (FitsFileCheck, which also sums every byte through a FitsScanSink).
//
// Checked: 2880-byte blocks, END present, mandatory keywords in order (SIMPLE/XTENSION, BITPIX,
// NAXIS, NAXIS1..n, then PCOUNT, GCOUNT for extensions), legal BITPIX, 0 <= NAXIS <= 999,
// NAXISn >= 0, PCOUNT >= 0, GCOUNT >= 0. Random groups (NAXIS1 = 0, GROUPS = T) are sized as the
// standard says: |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS2 × … × NAXISm). Not checked: card syntax
// beyond these keywords (a stray control byte in a HISTORY card does not make a file damaged).
namespace fits {

// One HDU as laid out in the file.
struct FitsHduLayout {
    int index = 0;              // 0 = primary
    qint64 headerStart = 0;     // byte offset of the first header block
    qint64 dataStart = 0;       // byte offset of the data unit (just after the header blocks)
    qint64 dataBytes = 0;       // size of the data unit as the keywords claim it, before padding
    QByteArray xtension;        // "IMAGE", "BINTABLE", "TABLE", ...; empty for the primary HDU
    int bitpix = 0;
    int naxis = 0;
    QVector<qint64> naxes;      // NAXIS1..n
    qint64 pcount = 0;
    qint64 gcount = 1;
    bool randomGroups = false;

    static qint64 padded(qint64 bytes) { return (bytes + 2879) / 2880 * 2880; }
    qint64 dataEnd() const { return dataStart + padded(dataBytes); }

    // The kept cards, 80 bytes each, in header order, END excluded.
    int keptCards() const { return int(m_cards.size() / 80); }
    QByteArrayView card(int i) const { return QByteArrayView(m_cards).sliced(qsizetype(i) * 80, 80); }
    void appendCard(const char *card80) { m_cards.append(card80, 80); }

    // The first kept card with this keyword (columns 1-8), as its value: strings without quotes
    // and trailing blanks, other values as written (comment removed). nullopt when absent or
    // when the card has no value indicator.
    std::optional<QByteArray> value(QByteArrayView keyword) const;
    std::optional<qint64> integer(QByteArrayView keyword) const; // nullopt also when not an integer
    std::optional<bool> logical(QByteArrayView keyword) const;   // T or F

private:
    QByteArray m_cards;
};

// Receives the bytes of a sequential scan (FitsStructure::scan with a sink reads every byte
// instead of seeking over the data units).
class FitsScanSink
{
public:
    virtual ~FitsScanSink() = default;
    virtual void headerBlock(int hdu, const char *block2880) = 0;
    // Data unit bytes, padding included; `size` is a multiple of 4.
    virtual void dataBytes(int hdu, const char *bytes, qint64 size) = 0;
    // The HDU's data unit was read whole.
    virtual void hduDone(const FitsHduLayout &hdu) = 0;
};

enum class FitsCardsKept {
    All,        // keep every card (header display, compression checks)
    Essential   // keep only the few the size and checksum checks need (bounded memory)
};

struct FitsScanOptions {
    FitsCardsKept cards = FitsCardsKept::All;
    int maxHdusKept = 100000; // HDUs beyond this are counted (totalHdus) but not kept
};

struct FitsStructure {
    enum class Outcome {
        Whole,      // every HDU whole, nothing after the last one
        NotFits,    // no "SIMPLE  =" card at the start
        Truncated,  // the file ends inside a header or data unit
        Damaged,    // a header does not parse, a size overflows, or bytes trail the last HDU
        Unreadable  // read error
    };
    using Cards = FitsCardsKept;
    using Options = FitsScanOptions;

    Outcome outcome = Outcome::Unreadable;
    QString problem;            // in words; empty when Whole
    QVector<FitsHduLayout> hdus; // the HDUs whose header parsed (the last may be cut short)
    int totalHdus = 0;          // HDUs whose header parsed, kept or not
    qint64 fileSize = -1;

    bool isWhole() const { return outcome == Outcome::Whole; }

    // Walks `device` from its start. Seeks over data units when `sink` is null and the device
    // is random access; otherwise reads every byte (1 MiB at a time) and hands it to `sink`.
    static FitsStructure scan(QIODevice &device, const Options &options, FitsScanSink *sink = nullptr);
    static FitsStructure scan(QIODevice &device) { return scan(device, Options{}); }
    static FitsStructure scanFile(const QString &path, const Options &options = Options{});
    static FitsStructure scanBytes(const QByteArray &bytes, const Options &options = Options{});

    // The keyword of a card (columns 1-8, trailing blanks removed).
    static QByteArrayView keywordOf(QByteArrayView card80);
    // The value of a card, parsed as value() does; nullopt when the card has no "= ".
    static std::optional<QByteArray> valueOf(QByteArrayView card80);
};

} // namespace fits

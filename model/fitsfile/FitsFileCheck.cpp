#include "model/fitsfile/FitsFileCheck.h"

#include "model/fitsfile/FitsChecksum.h"
#include "model/fitsfile/FitsFileLog.h"
#include "model/fitsfile/FitsStructure.h"
#include "model/fitsfile/VisibleText.h"

#include <QFile>

namespace fits {
namespace {

// Sums each HDU's header and data as they stream past and compares them with its keywords.
class ChecksumSink final : public FitsScanSink
{
public:
    void headerBlock(int hdu, const char *block) override
    {
        if (hdu != m_hdu) {
            m_hdu = hdu;
            m_headerSum = 0;
            m_dataSum = 0;
        }
        m_headerSum = FitsChecksum::add(m_headerSum, block, 2880);
    }

    void dataBytes(int, const char *bytes, qint64 size) override { m_dataSum = FitsChecksum::add(m_dataSum, bytes, size); }

    void hduDone(const FitsHduLayout &hdu) override
    {
        bool checked = false;
        // Blank values, and the all-zero CHECKSUM a writer puts in before it sums the HDU, mean
        // "not computed" (the checksum convention; cfitsio treats blanks the same way).
        const QByteArray datasum = hdu.value("DATASUM").value_or(QByteArray()).trimmed();
        if (!datasum.isEmpty()) {
            checked = true;
            bool ok = false;
            const qulonglong claimed = datasum.toULongLong(&ok);
            if (!ok || claimed > 0xFFFFFFFFull)
                mismatch(QStringLiteral("HDU %1: DATASUM '%2' is not a 32-bit unsigned number")
                             .arg(hdu.index).arg(QString::fromLatin1(datasum)));
            else if (claimed != m_dataSum)
                mismatch(QStringLiteral("HDU %1: DATASUM %2 but the data sum to %3")
                             .arg(hdu.index).arg(claimed).arg(m_dataSum));
        }
        const QByteArray checksum = hdu.value("CHECKSUM").value_or(QByteArray());
        if (!checksum.trimmed().isEmpty() && checksum != "0000000000000000") {
            checked = true;
            const quint32 total = FitsChecksum::combine(m_headerSum, m_dataSum);
            if (!FitsChecksum::isZero(total))
                mismatch(QStringLiteral("HDU %1: CHECKSUM '%2' does not match: the HDU sums to %3, not negative zero")
                             .arg(hdu.index).arg(QString::fromLatin1(checksum)).arg(total));
        }
        if (checked)
            ++checkedHdus;
        m_hdu = -1;
    }

    QString firstMismatch;
    int checkedHdus = 0;

private:
    void mismatch(const QString &what)
    {
        if (firstMismatch.isEmpty())
            firstMismatch = what;
    }

    int m_hdu = -1;
    quint32 m_headerSum = 0;
    quint32 m_dataSum = 0;
};

const char *verdictName(FitsFileCheck::Verdict verdict)
{
    switch (verdict) {
    case FitsFileCheck::Verdict::Sound: return "sound";
    case FitsFileCheck::Verdict::NotFits: return "not FITS";
    case FitsFileCheck::Verdict::Truncated: return "truncated";
    case FitsFileCheck::Verdict::Damaged: return "damaged";
    case FitsFileCheck::Verdict::ChecksumMismatch: return "checksum mismatch";
    case FitsFileCheck::Verdict::Unreadable: return "unreadable";
    }
    return "?";
}

// Every verdict at debug level: a refused file is reported to the user by whoever asked (the
// download, the viewer); the log adds which file, how far the walk got and what it found.
FitsFileCheck logged(const QString &path, const FitsFileCheck &check)
{
    if (check.isSound())
        qCDebug(lcFitsFile).noquote() << QStringLiteral("%1: sound, %2 HDU(s), %3 with checksums")
                                             .arg(visibleText(path), QString::number(check.hdus),
                                                  QString::number(check.checksummedHdus));
    else
        qCDebug(lcFitsFile).noquote() << QStringLiteral("%1: refused as %2 after %3 whole HDU(s): %4")
                                             .arg(visibleText(path), QLatin1String(verdictName(check.verdict)),
                                                  QString::number(check.hdus), visibleText(check.problem));
    return check;
}

} // namespace

FitsFileCheck FitsFileCheck::verify(const QString &path)
{
    FitsFileCheck check;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        check.verdict = Verdict::Unreadable;
        check.problem = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return logged(path, check);
    }
    ChecksumSink sink;
    FitsStructure::Options options;
    options.cards = FitsStructure::Cards::Essential;
    options.maxHdusKept = 0; // only counted: memory stays a few blocks whatever the file holds
    const FitsStructure s = FitsStructure::scan(file, options, &sink);
    check.hdus = s.totalHdus;
    check.checksummedHdus = sink.checkedHdus;
    switch (s.outcome) {
    case FitsStructure::Outcome::Whole:
        check.verdict = sink.firstMismatch.isEmpty() ? Verdict::Sound : Verdict::ChecksumMismatch;
        check.problem = sink.firstMismatch;
        return logged(path, check);
    case FitsStructure::Outcome::NotFits: check.verdict = Verdict::NotFits; break;
    case FitsStructure::Outcome::Truncated: check.verdict = Verdict::Truncated; break;
    case FitsStructure::Outcome::Damaged: check.verdict = Verdict::Damaged; break;
    case FitsStructure::Outcome::Unreadable: check.verdict = Verdict::Unreadable; break;
    }
    check.problem = s.problem;
    return logged(path, check);
}

bool FitsFileCheck::looksLikeFits(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(9) == "SIMPLE  =";
}

} // namespace fits

#include "model/records/QualityBits.h"

#include "model/records/KeywordValueKind.h"

#include <limits>

// Where the bit meanings come from (paraphrased, checked against two sources each where possible):
// - Level 1 (AIA lev1 and HMI lev1, build_lev1): JSOC source lm-jps/proj lev0/apps/quallev1.h
//   (bits 0–4, 8–23, 30, 31; bits 5–7 from its later revision that adds Q_INSTR_ANOM1, Q_MISCONF1,
//   Q_CAM_ANOM1). Bits 24–29 are not defined there and are shown as "bit N".
// - HMI level 1.5 line-of-sight observables (*_45s): http://jsoc.stanford.edu/doc/data/hmi/Quality_Bits/QUALITY.txt
//   (24 May 2013) and the jsocwiki page Lev1qualBits, which agree with the QUAL_* definitions in
//   JSOC's HMI_observables.c; the low bits (0x200 … 0x40) follow that module's current revision.
// - HMI level 1.5 from averaged IQUV (*_720s): the QUAL_* definitions of JSOC's HMI_IQUV_averaging
//   module (QUAL_ECLIPSE = 0x200 there, as also cited in JSOC's own hmi.M_720s QUALITY checks).
// Bits only one revision defines, or that were reused across revisions, are left as "bit N"
// where no table here can confirm them. Records processed long ago may predate a definition.
namespace jsoc {

namespace {

struct BitDef {
    int bit;
    const char *name;
    const char *meaning;
};

// build_lev1 (quallev1.h).
constexpr BitDef kLevel1[] = {
    {0, "Q_NOFLAT", "flat field not available or in error"},
    {1, "Q_NOORB", "orbit data not available or in error"},
    {2, "Q_NOASD", "ancillary science data not available or in error"},
    {3, "Q_NOMPD", "master pointing data not available or in error"},
    {4, "Q_NOLIMB", "limb fit error"},
    {5, "Q_INSTR_ANOM1", "instrument anomaly"},
    {6, "Q_MISCONF1", "instrument misconfiguration (from level 0)"},
    {7, "Q_CAM_ANOM1", "camera anomaly"},
    {8, "Q_1_MISS0", "missing pixels (more than 0)"},
    {9, "Q_1_MISS1", "more than 1% of pixels missing"},
    {10, "Q_1_MISS2", "more than 5% of pixels missing"},
    {11, "Q_1_MISS3", "more than 25% of pixels missing"},
    {12, "Q_NOACS_SCI", "spacecraft not in science pointing mode (ACS_MODE not SCIENCE)"},
    {13, "Q_ACS_ECLP", "eclipse (ACS_ECLP = YES)"},
    {14, "Q_ACS_SUNP", "no Sun presence (ACS_SUNP = NO)"},
    {15, "Q_ACS_SAFE", "spacecraft safe mode (ACS_SAFE = YES)"},
    {16, "Q_IMG_TYPE", "dark image"},
    {17, "Q_LOOP_OPEN", "ISS loop open"},
    {18, "Q_CAL_IMG", "calibration image"},
    {19, "Q_CALM_IMG", "HMI calibration mode image"},
    {20, "Q_AIA_FOOR", "AIA focus out of range"},
    {21, "Q_AIA_REGF", "AIA register flag"},
    {22, "Q_THERM_RECOV", "HMI thermal recovery"},
    {23, "Q_LUNAR_TRAN", "HMI lunar transit"},
    {30, "Q_NRT", "near-real-time processing (formerly quicklook)"},
    {31, "Q_MISSALL", "image not available"},
};

// Level 1.5 bits with the same meaning in both HMI observables modules.
constexpr BitDef kHmiCommon[] = {
    {5, "QUAL_POORQUALITY", "poor quality: use with care (eclipse, lunar transit, thermal recovery, open ISS loop, …)"},
    {10, "QUAL_NOCOSMICRAY", "some cosmic-ray hit lists of the level 1 filtergrams could not be read"},
    {11, "QUAL_LIMBFITISSUE", "some level 1 records discarded (R_SUN or CRPIX1/2 missing or too far from the median)"},
    {12, "QUAL_NOGAPFILL", "not all level 1 filtergrams could be gap-filled"},
    {13, "QUAL_NOTEMP", "temperatures for polarization calibration not read (default used)"},
    {14, "QUAL_ISSTARGET", "ISS loop open for one or more filtergrams used"},
    {15, "QUAL_LOWKEYWORDNUM", "some keywords (CROTA2, DSUN_OBS, CRLT_OBS) approximated, not interpolated, at target time"},
    {16, "QUAL_LOWINTERPNUM", "fewer interpolation points than expected, or points more than a cadence apart"},
    {27, "QUAL_WRONGCADENCE", "cadence of the framelist run differs from the expected cadence"},
    {28, "QUAL_NOFRAMELISTINFO", "framelist unknown or not an observables framelist"},
    {29, "QUAL_NOINTERPOLATEDKEYWORDS", "some keywords could not be interpolated at target time"},
    {30, "QUAL_TARGETFILTERGRAMMISSING", "no target filtergram near the target time"},
    {31, "QUAL_NODATA", "no observable produced (record without data segment)"},
};

// HMI_observables (45 s line-of-sight observables), bits not in kHmiCommon.
constexpr BitDef kHmiLos[] = {
    {6, "QUAL_LARGEFTSID", "HFTSACID of the target filtergram above 4000 (adds noise)"},
    {7, "QUAL_NOCOEFFPRECORD", "no polynomial coefficient record for the MDI-like correction"},
    {8, "QUAL_ECLIPSE", "at least one level 1 record was taken during an eclipse"},
    {9, "QUAL_NOCOEFFKEYWORD", "keywords of the polynomial coefficient series could not be read"},
    {17, "QUAL_MISSINGLEV1P", "not enough level 1p records to produce an observable"},
    {18, "QUAL_INTERPOLATIONFAILED", "temporal interpolation failed"},
    {19, "QUAL_NOTENOUGHINTERPOLANTS", "not enough interpolation points at some wavelength and polarization"},
    {20, "QUAL_NOLOOKUPKEYWORD", "look-up table keywords for the MDI-like algorithm could not be read"},
    {21, "QUAL_NOLOOKUPRECORD", "no look-up table record for the MDI-like algorithm"},
    {22, "QUAL_MISSINGKEYWORDLEV1P", "needed keywords of the level 1p data could not be read"},
    {23, "QUAL_WRONGWAVELENGTHNUM", "wrong number of wavelengths in the level 1d records"},
    {24, "QUAL_MISSINGKEYWORDLEV1D", "needed keywords (e.g. FID) of the level 1d data could not be read"},
    {25, "QUAL_MISSINGLEV1D", "not enough level 1d filtergrams to produce an observable"},
    {26, "QUAL_WRONGTARGET", "target filtergram not in the current framelist"},
};

// HMI_IQUV_averaging (720 s observables), bits not in kHmiCommon.
constexpr BitDef kHmiIquv[] = {
    {8, "QUAL_LARGEFTSID", "HFTSACID of the target filtergram above 4000 (adds noise)"},
    {9, "QUAL_ECLIPSE", "at least one level 1 record was taken during an eclipse"},
    {17, "QUAL_INTERPOLATIONFAILED", "temporal interpolation failed"},
    {18, "QUAL_NOTENOUGHINTERPOLANTS", "not enough interpolation points at some wavelength and polarization"},
    {19, "QUAL_NOLOOKUPKEYWORD", "look-up table keywords for the MDI-like algorithm could not be read"},
    {20, "QUAL_NOLOOKUPRECORD", "no look-up table record for the MDI-like algorithm"},
    {21, "QUAL_WRONGWAVELENGTHNUM", "wrong number of wavelengths in the level 1d records"},
    {22, "QUAL_ERRORFRAMELIST", "filtergrams not where expected in the framelist"},
    {23, "QUAL_WRONGTARGET", "target filtergram not in the current framelist"},
    {24, "QUAL_WRONGPOLTYPE", "framelist cannot produce I, Q, U and V"},
    {25, "QUAL_WRONGNPOL", "number of polarizations of the framelist differs from the expected one"},
    {26, "QUAL_WRONGFRAMELISTSIZE", "framelist size differs from the expected one"},
};

template <size_t N>
const BitDef *find(const BitDef (&table)[N], int bit)
{
    for (const BitDef &d : table)
        if (d.bit == bit)
            return &d;
    return nullptr;
}

const BitDef *definition(QualityScheme scheme, int bit)
{
    switch (scheme) {
    case QualityScheme::Level1:
        return find(kLevel1, bit);
    case QualityScheme::HmiLos45s:
        if (const BitDef *d = find(kHmiCommon, bit))
            return d;
        return find(kHmiLos, bit);
    case QualityScheme::HmiIquv720s:
        if (const BitDef *d = find(kHmiCommon, bit))
            return d;
        return find(kHmiIquv, bit);
    case QualityScheme::HmiLevel15:
        return find(kHmiCommon, bit);
    case QualityScheme::Unknown:
        break;
    }
    return nullptr;
}

} // namespace

QualityScheme qualitySchemeFor(const QString &seriesName)
{
    const QString name = seriesName.toLower();
    if (name.startsWith(QLatin1String("aia.")) || name.startsWith(QLatin1String("hmi.lev1")))
        return QualityScheme::Level1;
    if (!name.startsWith(QLatin1String("hmi.")))
        return QualityScheme::Unknown;
    if (name.contains(QLatin1String("_45s")))
        return QualityScheme::HmiLos45s;
    if (name.contains(QLatin1String("_720s")))
        return QualityScheme::HmiIquv720s;
    return QualityScheme::HmiLevel15;
}

std::optional<quint32> parseQualityWord(QByteArrayView text)
{
    const std::optional<qint64> value = parseIntegerValue(text);
    if (!value || *value < std::numeric_limits<qint32>::min() || *value > std::numeric_limits<quint32>::max())
        return std::nullopt;
    return quint32(*value);
}

QList<QualityBit> decodeQuality(quint32 word, QualityScheme scheme)
{
    QList<QualityBit> bits;
    for (int bit = 31; bit >= 0; --bit) {
        if (!(word & (quint32(1) << bit)))
            continue;
        QualityBit b;
        b.bit = bit;
        if (const BitDef *d = definition(scheme, bit)) {
            b.name = QLatin1String(d->name);
            b.meaning = QLatin1String(d->meaning);
        } else {
            b.meaning = QStringLiteral("bit %1").arg(bit);
        }
        bits.append(b);
    }
    return bits;
}

QString qualityToolTip(QByteArrayView text, const QString &seriesName)
{
    const std::optional<quint32> word = parseQualityWord(text);
    if (!word)
        return {};
    QString tip = QStringLiteral("QUALITY 0x%1").arg(*word, 8, 16, QLatin1Char('0'));
    if (*word == 0)
        return tip + QStringLiteral(": no bits set");
    for (const QualityBit &b : decodeQuality(*word, qualitySchemeFor(seriesName))) {
        tip += QLatin1Char('\n');
        if (b.name.isEmpty())
            tip += b.meaning; // "bit N"
        else
            tip += QStringLiteral("bit %1 %2: %3").arg(b.bit).arg(b.name, b.meaning);
    }
    return tip;
}

} // namespace jsoc

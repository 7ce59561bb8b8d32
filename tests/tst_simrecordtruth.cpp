// One record, one truth (issue 14): the simulator's physics and instrument constants, its
// records' gaps and QUALITY, and the agreement of rs_list, rs_summary and served FITS files.
#include "sim/SdoEclipses.h"
#include "sim/InstrumentConstants.h"
#include "model/drms/DrmsTime.h"

#include <QtTest>

class TstSimRecordTruth : public QObject
{
    Q_OBJECT

private slots:
    void instrumentTableLoads();
    void sdoEclipseSeasonsAreAroundTheEquinoxes();
};

namespace {

double tai(const char *text)
{
    return drms::parseTime(QString::fromLatin1(text)).value();
}

} // namespace

void TstSimRecordTruth::instrumentTableLoads()
{
    QVERIFY2(sim::InstrumentConstants::loadError().isEmpty(), qPrintable(sim::InstrumentConstants::loadError()));
    const sim::ChannelConstants *hmi = sim::InstrumentConstants::channel(QStringLiteral("HMI"), 0);
    QVERIFY(hmi);
    QVERIFY(std::abs(hmi->crota2 - 180.0) < 0.2);
    QVERIFY(std::abs(hmi->cdelt - 0.504) < 0.001);
    for (int wave : {94, 131, 171, 193, 211, 304, 335, 1600, 1700, 4500}) {
        const sim::ChannelConstants *c = sim::InstrumentConstants::channel(QStringLiteral("AIA"), wave);
        QVERIFY2(c, qPrintable(QString::number(wave)));
        QVERIFY(std::abs(c->cdelt - 0.6) < 0.012);
        QVERIFY(std::abs(c->crota2) < 0.2);
        QVERIFY(std::abs(c->crpix1 - 2048.5) < 40 && std::abs(c->crpix2 - 2048.5) < 45);
        QVERIFY(c->exptime > 0.1 && c->exptime < 3.0);
    }
    QVERIFY(!sim::InstrumentConstants::channel(QStringLiteral("AIA"), 555));
}

// SDO's eclipse seasons: two a year, 2-4 weeks each, near the equinoxes, daily passages up to
// about 72 minutes (penumbra), none near the solstices.
void TstSimRecordTruth::sdoEclipseSeasonsAreAroundTheEquinoxes()
{
    const double from = tai("2014.01.01_00:00:00_TAI"), to = tai("2015.01.01_00:00:00_TAI");
    const auto passages = sim::SdoEclipses::between(from, to);
    QVERIFY2(passages.size() >= 30 && passages.size() <= 70, qPrintable(QString::number(passages.size())));
    double longest = 0;
    int spring = 0, autumn = 0;
    for (const sim::ShadowPassage &p : passages) {
        QVERIFY(p.penumbraStart <= p.umbraStart && p.umbraStart <= p.umbraEnd && p.umbraEnd <= p.penumbraEnd);
        longest = std::max(longest, p.penumbraEnd - p.penumbraStart);
        const QString day = drms::formatTime(p.umbraStart, drms::TimeStyle::Tai, 0).left(10);
        const int month = day.mid(5, 2).toInt();
        QVERIFY2(month != 6 && month != 7 && month != 12 && month != 1, qPrintable(day));
        (month <= 5 ? spring : autumn) += 1;
    }
    qInfo("2014: %d passages (%d spring, %d autumn), longest %.1f min", int(passages.size()), spring, autumn, longest / 60);
    QVERIFY(spring >= 14 && autumn >= 14);
    QVERIFY2(longest > 65 * 60 && longest < 75 * 60, qPrintable(QString::number(longest / 60)));
    const sim::ShadowPassage &p = passages.front();
    QVERIFY(sim::SdoEclipses::at(0.5 * (p.umbraStart + p.umbraEnd)));
    QVERIFY(!sim::SdoEclipses::at(p.penumbraStart - 1));
}

QTEST_GUILESS_MAIN(TstSimRecordTruth)
#include "tst_simrecordtruth.moc"

#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "model/drms/DrmsTime.h"
#include "sim/JsonNode.h"

// The simulator's description of one DRMS series: what series_struct prints plus the value
// domains of its prime keys, from which records are synthesised (never stored).
namespace sim {

struct KeywordDef {
    QString name;
    QString linkinfo; // "lev1->T_OBS" for linked keywords, else empty
    QString type;     // char short int longlong float double time string
    QString recscope; // variable constant index ts_eq ...
    QString defval;
    QString units;
    QString note;
    int decimals = -1; // float/double print precision (-1: derive per keyword)
    // Values seen in a real rs_list sample for this keyword (AIA **ALL** sample): synthesised
    // values then stay in the observed range, with the observed text form.
    QList<QByteArray> sampleTexts; // distinct non-numeric texts
    bool hasSample = false;
    bool sampleMissing = false;    // the sample only ever shows MISSING
    bool sampleNumeric = false;
    double sampleMin = 0.0, sampleMax = 0.0;
    int sampleDecimals = 0;
};

struct SegmentDef {
    QString name;
    QString type;
    std::optional<QString> units; // null for linked segments
    QString protocol;             // fits, generic, "link via lev1"
    std::optional<QString> dims;  // "4096x4096", "VARxVAR"; null for linked segments
    QString note;
};

struct LinkDef {
    QString name;
    QString target;
    QString kind; // STATIC / DYNAMIC
    QString note;
};

struct PrimeKeyDef {
    QString name;
    bool slotted = false;      // slotted time key (T_REC): coordinates are slot indices
    QString stepText;          // primekeysinfo "step" ("45.0")
    drms::SlotAxis axis;       // epoch/step of the slot axis
    drms::TimeStyle style = drms::TimeStyle::Tai;
    qint64 firstSlot = 0;      // domain (inclusive)
    qint64 lastSlot = -1;
    std::vector<qint64> values; // non-slotted keys: sorted integer values; coordinate = index
};

struct SeriesDef {
    QString name; // canonical case
    QString note;
    int retention = 60;
    int stagingretention = 3;
    int unitsize = 1;
    int archive = 0;
    int tapegroup = 0;
    QList<PrimeKeyDef> pkeys;
    QStringList dbindex;
    QList<KeywordDef> keywords;
    QList<SegmentDef> segments;
    QList<LinkDef> links;
    std::optional<JsonNode> sampleStruct; // the real series_struct body, when we have one

    // Per-value windows of the key after `windowOuterKey` (HARPNUM -> T_REC slot range).
    int windowOuterKey = -1;
    std::vector<std::pair<qint64, qint64>> windows; // indexed by outer value index
    std::vector<qint64> windowPrefix;               // records before each outer value

    qint64 firstRecnum = 1;
    qint64 sunumBase = 1000000;
    qint64 suOffset = 0;
    quint64 seed = 0;           // hash of the name, for synthesised values
    QString instrument;         // "HMI", "AIA", "MDI" or empty
    int camera = 0;             // HMI camera of the series (1 side, 2 front, 3 combined)
    // Filled by KeywordSynth::prepare: per-keyword seeds, roles and print formats, and where
    // the prime keys the synthesiser cares about are (so per-value work needs no string compares).
    struct KeywordFormat {
        bool hex = false;
        drms::TimeStyle style = drms::TimeStyle::Tai;
        int precision = 2;
        int decimals = 6;
        int kind = 0;                // KeyValue::Kind of the declared type (set by prepare)
        quint64 intModulus = 100000; // range of hashed integer values for the type
    };
    std::vector<quint64> keywordSeed;
    std::vector<int> keywordRole;
    std::vector<KeywordFormat> keywordFormat;
    bool isAia = false, isHmi = false;
    int timeKey = -1, carRotKey = -1, waveKey = -1, cameraKey = -1, harpKey = -1;

    QHash<QString, int> keywordIndex; // upper-case name -> index in keywords
    int keywordOf(const QString &name) const { return keywordIndex.value(name.toUpper(), -1); }

    qint64 totalRecords() const;
    qint64 domainSize(int key) const; // values on key `key` (whole domain, no window)
    void finish();                    // fills keywordIndex, windowPrefix
};

} // namespace sim

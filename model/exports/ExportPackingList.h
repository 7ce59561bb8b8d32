#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// The packing list JSOC writes beside an export's files and packs into its tar: index.json
// (`data[].filename`, protocol notes §3.9) or index.txt (`name=value` lines, then `# DATA` and one
// "record<TAB>filename" line per file). Read to check a tar's members against what JSOC says
// the export holds. Rows whose filename is "NoDataFile" (a record without its segment file) are
// left out, as drms does. A list of storage units (`# DATA SU`, data[] of sunum/path) names no
// files and is refused in words.
namespace jsoc {

struct ExportPackingList {
    QStringList files;  // file names relative to the export directory, in JSOC's order
    QString requestId;  // the `requestid` it names; empty when absent
    QString error;      // why the bytes are not a packing list, in words; empty when read

    bool isValid() const { return error.isEmpty(); }
};

// Larger packing lists are refused: 100,000 files take about 15 MB of index.json.
inline constexpr qint64 kMaxPackingListBytes = 64 * 1024 * 1024;

ExportPackingList parseIndexJson(const QByteArray &bytes);
ExportPackingList parseIndexTxt(const QByteArray &bytes);

} // namespace jsoc

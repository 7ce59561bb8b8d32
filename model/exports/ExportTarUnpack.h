#pragma once

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

// Unpacks the tar of a url-tar export into a download folder, trusting nothing in it.
// - Only plain files with one safe name component land, and only inside the folder
//   (model/exports/SafeFileName): absolute paths, "..", directories, symbolic and hard links,
//   devices, FIFOs, sparse and unknown entries, control characters, NUL, and names that are not
//   UTF-8 are refused in words, member by member.
// - Each file is written to a hidden temporary in the folder (".jsoc-untar-*.part") and gets its
//   final name by an atomic no-overwrite rename only once it is complete, checked, and named by
//   the packing list: a final name never holds half a file. A file already there with the same
//   bytes is fine; a different one is never overwritten.
// - The files are checked against the export's packing list: `expectedFiles` when given (the
//   names of JSOC's exp_status data[], so files land as they complete), else the tar's own
//   index.json / index.txt (members before it wait as temporaries). Every listed file must be in
//   the tar with content, and no unlisted file is unpacked; both are reported by name. The
//   packing list itself (index.json, index.txt, index.html) is read, not written; the keywords
//   file of an as-is export (JSOC_…keywords.txt) is unpacked without being listed.
// - A truncated or garbled tar stops the unpacking with the member and offset in words; what was
//   complete and listed stays, temporaries go.
// - Memory is bounded: the tar is streamed in 1 MiB pieces (a packing list up to 64 MB is held).
// Blocking and slow: run it off the GUI thread (QtConcurrent::run), cancel through `cancel`.
namespace jsoc {

struct TarUnpackOptions {
    // JSOC's data[] file names for this export (exp_status), "NoDataFile" rows left out; empty:
    // the tar's own packing list decides.
    QStringList expectedFiles;
    // Checks a complete file before it gets its final name: `path` is the temporary, `name` the
    // final file name. Returns the problem in words, or an empty string when the file is sound.
    // model/exports cannot see model/fitsfile, so the caller passes fits::FitsFileCheck here.
    // Unset: nothing is checked, and FITS files are counted in TarUnpackResult::unverifiedFits.
    std::function<QString(const QString &path, const QString &name)> verifyFile;
    // Set to true from any thread to stop; checked every 1 MiB.
    const std::atomic<bool> *cancel = nullptr;
    // Tar bytes read so far and the tar's size; called from the unpacking thread every 1 MiB.
    std::function<void(qint64 done, qint64 total)> progress;
};

struct TarUnpackResult {
    bool ok = false;          // whole tar read, every listed file in place, nothing refused
    bool cancelled = false;
    QStringList files;        // absolute paths of the export's files now in the folder
    int alreadyPresent = 0;   // of those, how many were there before with the same bytes
    int unverifiedFits = 0;   // FITS files placed without a verifyFile to check them
    QStringList problems;     // in words, one sentence each

    // One line for a status bar or the CLI: "Unpacked 1,440 files." or the first problem.
    QString summary() const;
};

TarUnpackResult unpackExportTar(const QString &tarPath, const QString &folder, const TarUnpackOptions &options = {});

} // namespace jsoc

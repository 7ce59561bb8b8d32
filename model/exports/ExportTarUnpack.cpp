#include "model/exports/ExportTarUnpack.h"

#include "model/common/DisplayFormat.h"
#include "model/exports/ExportPackingList.h"
#include "model/exports/NoOverwritePlacement.h"
#include "model/exports/SafeFileName.h"
#include "model/exports/TarArchive.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSet>

namespace jsoc {
namespace {

constexpr qint64 kPiece = 1 << 20;

// "a, b, c and 12 more": enough names to act on, never a wall of them.
QString someNames(QStringList names)
{
    names.sort();
    constexpr int kShown = 5;
    QString text = QStringList(names.mid(0, kShown)).join(QStringLiteral(", "));
    if (names.size() > kShown)
        text += QStringLiteral(" and %1 more").arg(format::count(names.size() - kShown));
    return text;
}

// "1 file", "1,440 files".
QString fileCount(qsizetype n)
{
    return n == 1 ? QStringLiteral("1 file") : QStringLiteral("%1 files").arg(format::count(n));
}

bool looksLikeFitsName(const QString &name)
{
    const QString lower = name.toLower();
    return lower.endsWith(QLatin1String(".fits")) || lower.endsWith(QLatin1String(".fit"))
           || lower.endsWith(QLatin1String(".fts"));
}

// The keywords file of an as-is export rides in its tar without a data[] row.
bool isKeywordsFile(const QString &name)
{
    return name.startsWith(QLatin1String("JSOC_")) && name.endsWith(QLatin1String(".keywords.txt"));
}

struct Waiting {
    QString name;
    QString temporary;
    QString finalPath;
};

class Unpacker
{
public:
    Unpacker(const QString &folder, const TarUnpackOptions &options) : m_folder(folder), m_options(options)
    {
        if (!options.expectedFiles.isEmpty()) {
            m_listed = QSet<QString>(options.expectedFiles.begin(), options.expectedFiles.end());
            m_listKnown = true;
            m_listFrom = QStringLiteral("JSOC's status answer");
        }
    }
    ~Unpacker()
    {
        for (const QString &path : std::as_const(m_temporaries))
            QFile::remove(path);
    }

    TarUnpackResult run(const QString &tarPath);

private:
    bool cancelled() const { return m_options.cancel && m_options.cancel->load(); }
    void reportProgress(qint64 done)
    {
        if (m_options.progress)
            m_options.progress(done, m_total);
    }
    void problem(const QString &text) { m_result.problems.append(text); }
    QString memberName(const TarEntry &entry, QString *why) const;
    void takeMember(TarReader &reader, const TarEntry &entry);
    void takePackingList(TarReader &reader, const TarEntry &entry, const QString &name);
    void takeFile(TarReader &reader, const TarEntry &entry, const QString &name);
    bool copyOut(TarReader &reader, QFile &out, const QString &name);
    QString newTemporary(QFile *file);
    void forget(const QString &temporary)
    {
        QFile::remove(temporary);
        m_temporaries.remove(temporary);
    }
    void settle(const Waiting &file);
    void finish(bool wholeTar);

    QString m_folder;
    const TarUnpackOptions &m_options;
    TarUnpackResult m_result;
    qint64 m_total = 0;
    bool m_stop = false;             // cancelled, or the disk refused: no further member
    QSet<QString> m_temporaries;     // still on disk, removed at the end whatever happens
    QSet<QString> m_listed;
    bool m_listKnown = false;
    QString m_listFrom;
    QStringList m_tarList;           // the first packing list found in the tar, to compare a second with
    QString m_tarListName;
    QList<Waiting> m_waiting;        // complete and checked, waiting for the packing list
    QSet<QString> m_seen;            // data members met, whatever became of them
    QStringList m_extra;
    QByteArray m_buffer;
};

QString Unpacker::memberName(const TarEntry &entry, QString *why) const
{
    QString name = QString::fromUtf8(entry.name);
    if (name.toUtf8() != entry.name) {
        *why = QStringLiteral("its name is not UTF-8");
        return {};
    }
    if (entry.name.contains('\0')) {
        *why = QStringLiteral("its name contains a NUL byte");
        return {};
    }
    while (name.startsWith(QLatin1String("./")))
        name.remove(0, 2);
    if (name.startsWith(QLatin1Char('/'))) {
        *why = QStringLiteral("it has an absolute path");
        return {};
    }
    return name;
}

void Unpacker::takeMember(TarReader &reader, const TarEntry &entry)
{
    // "./" itself, as "tar -C dir ." writes it: nothing to make.
    if (entry.type == TarEntry::Type::Directory && (entry.name == "." || entry.name == "./"))
        return;
    QString why;
    const QString name = memberName(entry, &why);
    const QString shown = QStringLiteral("Refused member \"%1\" of the tar (offset %2): ").arg(entry.shownName()).arg(entry.headerOffset);
    if (name.isEmpty()) {
        if (why.isEmpty())
            why = QStringLiteral("it has no name");
        problem(shown + why + QLatin1Char('.'));
        return;
    }
    if (entry.type == TarEntry::Type::Directory) {
        problem(shown + QStringLiteral("it is a directory; an export's tar holds files only."));
        return;
    }
    if (entry.type != TarEntry::Type::File) {
        QString what = entry.typeInWords();
        if (!entry.linkName.isEmpty()
            && (entry.type == TarEntry::Type::SymbolicLink || entry.type == TarEntry::Type::HardLink))
            what += QStringLiteral(" to \"%1\"").arg(TarEntry{.name = entry.linkName}.shownName());
        problem(shown + QStringLiteral("it is %1, and only plain files are unpacked.").arg(what));
        return;
    }
    const SafeFileName safe = checkServerFileName(name, false);
    if (!safe.isValid()) {
        problem(shown + safe.error);
        return;
    }
    if (name == QLatin1String("index.json") || name == QLatin1String("index.txt")) {
        takePackingList(reader, entry, name);
        return;
    }
    if (name == QLatin1String("index.html"))
        return; // JSOC's page for people: the same list again, not part of the data
    takeFile(reader, entry, name);
}

void Unpacker::takePackingList(TarReader &reader, const TarEntry &entry, const QString &name)
{
    if (entry.size > kMaxPackingListBytes) {
        problem(QStringLiteral("The tar's %1 is %2, too large for a packing list: not read.").arg(name, format::bytes(entry.size)));
        return;
    }
    QByteArray bytes(entry.size, Qt::Uninitialized);
    qint64 got = 0;
    while (got < entry.size) {
        const qint64 n = reader.read(bytes.data() + got, entry.size - got);
        if (n <= 0)
            return; // the reader failed; run() reports it
        got += n;
    }
    const ExportPackingList list = name == QLatin1String("index.json") ? parseIndexJson(bytes) : parseIndexTxt(bytes);
    if (!list.isValid()) {
        problem(list.error);
        return;
    }
    if (!m_tarListName.isEmpty()) {
        if (QSet<QString>(list.files.begin(), list.files.end()) != QSet<QString>(m_tarList.begin(), m_tarList.end()))
            problem(QStringLiteral("The tar's %1 and %2 name different files.").arg(m_tarListName, name));
        return;
    }
    m_tarList = list.files;
    m_tarListName = name;
    const QSet<QString> tarSet(list.files.begin(), list.files.end());
    if (m_listKnown) {
        if (tarSet != m_listed) {
            QStringList onlyTar, onlyJsoc;
            for (const QString &f : tarSet)
                if (!m_listed.contains(f))
                    onlyTar.append(f);
            for (const QString &f : std::as_const(m_listed))
                if (!tarSet.contains(f))
                    onlyJsoc.append(f);
            QString text = QStringLiteral("The tar's %1 disagrees with %2:").arg(name, m_listFrom);
            if (!onlyTar.isEmpty())
                text += QStringLiteral(" only the tar lists %1.").arg(someNames(onlyTar));
            if (!onlyJsoc.isEmpty())
                text += QStringLiteral(" only %1 lists %2.").arg(m_listFrom, someNames(onlyJsoc));
            problem(text);
        }
        return;
    }
    m_listed = tarSet;
    m_listKnown = true;
    m_listFrom = QStringLiteral("the tar's %1").arg(name);
    const QList<Waiting> waiting = std::exchange(m_waiting, {});
    for (const Waiting &file : waiting)
        settle(file);
}

QString Unpacker::newTemporary(QFile *file)
{
    for (int attempt = 0; attempt < 20; ++attempt) {
        const QString path = m_folder + QStringLiteral("/.jsoc-untar-%1-%2.part")
                                            .arg(QCoreApplication::applicationPid())
                                            .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
        file->setFileName(path);
        // NewOnly is O_EXCL: a file or link planted under the name makes it fail, never redirects it.
        if (file->open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            m_temporaries.insert(path);
            return path;
        }
        if (!QFileInfo(path).exists() && !QFileInfo(path).isSymLink())
            break;
    }
    return {};
}

bool Unpacker::copyOut(TarReader &reader, QFile &out, const QString &name)
{
    for (;;) {
        if (cancelled()) {
            m_result.cancelled = true;
            m_stop = true;
            problem(QStringLiteral("Unpacking was cancelled in \"%1\" at offset %2 of the tar; nothing half-written was kept.")
                        .arg(name)
                        .arg(reader.offset()));
            return false;
        }
        const qint64 n = reader.read(m_buffer.data(), m_buffer.size());
        if (n < 0)
            return false; // run() reports the reader's words
        if (n == 0)
            return true;
        if (out.write(m_buffer.constData(), n) != n) {
            m_stop = true;
            problem(QStringLiteral("Could not write \"%1\" into %2: %3.").arg(name, m_folder, out.errorString()));
            return false;
        }
        reportProgress(reader.offset());
    }
}

void Unpacker::takeFile(TarReader &reader, const TarEntry &entry, const QString &name)
{
    const QString at = QStringLiteral("(offset %1)").arg(entry.headerOffset);
    if (m_seen.contains(name)) {
        problem(QStringLiteral("Refused member \"%1\" of the tar %2: a file of that name came earlier in the tar.").arg(name, at));
        return;
    }
    m_seen.insert(name);
    if (entry.size == 0) {
        problem(QStringLiteral("\"%1\" is empty in the tar %2: JSOC sent no data for it.").arg(name, at));
        return;
    }
    QString error;
    const QString finalPath = pathInsideFolder(m_folder, name, &error);
    if (finalPath.isEmpty()) {
        problem(error);
        return;
    }
    QFile out;
    const QString temporary = newTemporary(&out);
    if (temporary.isEmpty()) {
        m_stop = true;
        problem(QStringLiteral("Could not create a file in %1: %2.").arg(m_folder, out.errorString()));
        return;
    }
    bool whole = copyOut(reader, out, name);
    if (whole && !out.flush()) {
        whole = false;
        m_stop = true;
        problem(QStringLiteral("Could not write \"%1\" into %2: %3.").arg(name, m_folder, out.errorString()));
    }
    out.close();
    if (!whole) {
        forget(temporary);
        return;
    }
    if (m_options.verifyFile) {
        const QString verdict = m_options.verifyFile(temporary, name);
        if (!verdict.isEmpty()) {
            forget(temporary);
            problem(QStringLiteral("\"%1\" from the tar is not sound, not kept: %2").arg(name, verdict));
            return;
        }
    } else if (looksLikeFitsName(name)) {
        ++m_result.unverifiedFits;
    }
    const Waiting file{name, temporary, finalPath};
    if (m_listKnown)
        settle(file);
    else
        m_waiting.append(file);
}

void Unpacker::settle(const Waiting &file)
{
    if (!m_listed.contains(file.name) && !isKeywordsFile(file.name)) {
        forget(file.temporary);
        m_extra.append(file.name);
        return;
    }
    const Placement placed = placeWithoutOverwrite(file.temporary, file.finalPath);
    switch (placed.outcome) {
    case Placement::Outcome::Placed:
    case Placement::Outcome::AlreadyThere:
        m_temporaries.remove(file.temporary);
        m_result.files.append(file.finalPath);
        if (placed.outcome == Placement::Outcome::AlreadyThere)
            ++m_result.alreadyPresent;
        return;
    case Placement::Outcome::Different:
        m_temporaries.remove(file.temporary);
        problem(placed.problem);
        return;
    case Placement::Outcome::Failed:
        forget(file.temporary);
        problem(placed.problem);
        return;
    }
}

void Unpacker::finish(bool wholeTar)
{
    if (m_result.cancelled)
        return; // the user stopped it: what is left undone is no news, and the temporaries go with *this
    if (!m_listKnown && !m_waiting.isEmpty()) {
        QStringList names;
        for (const Waiting &file : std::as_const(m_waiting)) {
            names.append(file.name);
            forget(file.temporary);
        }
        m_waiting.clear();
        problem(wholeTar ? QStringLiteral("Not kept: the tar holds no packing list (index.json or index.txt) to check its %1 "
                                          "against: %2.")
                               .arg(fileCount(names.size()), someNames(names))
                         : QStringLiteral("Not kept: %1, complete, but the packing list that would confirm them was not "
                                          "reached: %2.")
                               .arg(fileCount(names.size()), someNames(names)));
    }
    if (!m_extra.isEmpty())
        problem(QStringLiteral("Not unpacked: %1 in the tar that %2 does not name: %3.")
                    .arg(fileCount(m_extra.size()), m_listFrom, someNames(m_extra)));
    if (m_listKnown) {
        QStringList missing;
        for (const QString &name : std::as_const(m_listed))
            if (!m_seen.contains(name))
                missing.append(name);
        if (!missing.isEmpty())
            problem(QStringLiteral("%1: %2 that %3 names: %4.")
                        .arg(wholeTar ? QStringLiteral("Missing from the tar") : QStringLiteral("Not reached"),
                             fileCount(missing.size()), m_listFrom, someNames(missing)));
    } else if (wholeTar && m_seen.isEmpty()) {
        problem(QStringLiteral("The tar holds no files and no packing list."));
    }
}

TarUnpackResult Unpacker::run(const QString &tarPath)
{
    QFile tar(tarPath);
    if (!tar.open(QIODevice::ReadOnly)) {
        problem(QStringLiteral("Cannot open the tar %1: %2.").arg(tarPath, tar.errorString()));
        return m_result;
    }
    if (!QDir().mkpath(m_folder) || !QFileInfo(m_folder).isDir()) {
        problem(QStringLiteral("Cannot use the folder %1 to unpack into.").arg(m_folder));
        return m_result;
    }
    m_folder = QDir::cleanPath(QFileInfo(m_folder).absoluteFilePath());
    m_total = tar.size();
    m_buffer.resize(kPiece);
    TarReader reader(&tar);
    bool wholeTar = false;
    while (!m_stop) {
        if (cancelled()) {
            m_result.cancelled = true;
            problem(QStringLiteral("Unpacking was cancelled at offset %1 of the tar.").arg(reader.offset()));
            break;
        }
        TarEntry entry;
        const TarReader::Step step = reader.next(&entry);
        if (step == TarReader::Step::End) {
            wholeTar = true;
            break;
        }
        if (step == TarReader::Step::Failed) {
            problem(reader.error());
            break;
        }
        takeMember(reader, entry);
        if (!reader.error().isEmpty()) {
            problem(reader.error());
            break;
        }
        reportProgress(reader.offset());
    }
    finish(wholeTar && !m_stop);
    m_result.ok = wholeTar && !m_stop && m_result.problems.isEmpty();
    return m_result;
}

} // namespace

QString TarUnpackResult::summary() const
{
    if (!problems.isEmpty())
        return problems.size() == 1 ? problems.first()
                                    : QStringLiteral("%1 (and %2 more problems)").arg(problems.first()).arg(problems.size() - 1);
    QString text = QStringLiteral("Unpacked %1").arg(fileCount(files.size()));
    if (alreadyPresent > 0)
        text += QStringLiteral(" (%1 already there)").arg(format::count(alreadyPresent));
    if (unverifiedFits > 0)
        text += QStringLiteral("; FITS not checked: %1").arg(fileCount(unverifiedFits));
    return text + QLatin1Char('.');
}

TarUnpackResult unpackExportTar(const QString &tarPath, const QString &folder, const TarUnpackOptions &options)
{
    Unpacker unpacker(folder, options);
    return unpacker.run(tarPath);
}

} // namespace jsoc

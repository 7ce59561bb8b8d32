// libFuzzer target for the url-tar reader (model/exports/TarArchive) and the packing-list parsers
// it feeds (model/exports/ExportPackingList). Rules besides "no crash, no sanitizer report":
// the reader ends or fails (never loops), a failure has words, and it never hands out more data
// bytes than the input holds or than a member declared. The input is read twice: as a file-like
// device (sizes bounded by what is left) and as a pipe (no size, truncation found by the bytes).
// Build: see README-tar.md here.
#include "model/exports/ExportPackingList.h"
#include "model/exports/TarArchive.h"

#include <QBuffer>

#include <cstdint>
#include <cstring>

namespace {

class Pipe final : public QIODevice
{
public:
    explicit Pipe(const QByteArray &bytes) : m_bytes(bytes) { open(QIODevice::ReadOnly); }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin(maxSize, qint64(m_bytes.size()) - m_at);
        std::memcpy(data, m_bytes.constData() + m_at, size_t(n));
        m_at += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_bytes;
    qint64 m_at = 0;
};

void check(bool rule)
{
    if (!rule)
        __builtin_trap();
}

void walk(QIODevice *device, qint64 inputSize)
{
    jsoc::TarReader reader(device);
    qint64 handedOut = 0;
    // Every member costs at least one 512-byte header, so more steps than that is a loop.
    for (qint64 steps = 0; steps <= inputSize / 512 + 2; ++steps) {
        jsoc::TarEntry entry;
        const jsoc::TarReader::Step step = reader.next(&entry);
        if (step == jsoc::TarReader::Step::End)
            return;
        if (step == jsoc::TarReader::Step::Failed) {
            check(!reader.error().isEmpty());
            return;
        }
        check(entry.size >= 0 && entry.headerOffset >= 0 && entry.headerOffset < inputSize);
        (void)entry.shownName();
        (void)entry.typeInWords();
        const bool packingList = entry.name == "index.json" || entry.name == "index.txt";
        QByteArray kept;
        qint64 memberBytes = 0;
        char piece[4096];
        for (;;) {
            const qint64 n = reader.read(piece, sizeof piece);
            if (n < 0) {
                check(!reader.error().isEmpty());
                return;
            }
            if (n == 0)
                break;
            memberBytes += n;
            handedOut += n;
            if (packingList && kept.size() < (1 << 20))
                kept.append(piece, n);
        }
        check(memberBytes == entry.size);
        check(handedOut <= inputSize);
        if (packingList) {
            const jsoc::ExportPackingList list = entry.name == "index.json" ? jsoc::parseIndexJson(kept) : jsoc::parseIndexTxt(kept);
            check(list.isValid() || !list.error.isEmpty());
        }
    }
    check(false);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QBuffer file;
    file.setData(bytes);
    file.open(QIODevice::ReadOnly);
    walk(&file, bytes.size());
    Pipe pipe(bytes);
    walk(&pipe, bytes.size());
    // The packing-list parsers on the raw bytes too: they read whatever a tar member holds.
    (void)jsoc::parseIndexJson(bytes);
    (void)jsoc::parseIndexTxt(bytes);
    return 0;
}

#pragma once

#include <QByteArray>
#include <QString>

class QIODevice;

// Reads a tar archive (what a url-tar export delivers) one member at a time from a device,
// streaming: memory is one 512-byte header plus at most one bounded pax header or GNU long name,
// whatever the archive claims. Understood: POSIX ustar (name + prefix), POSIX pax extended headers
// ('x': `path`, `linkpath`, `size`; 'g' read and ignored; GNU sparse keys make the member Other),
// GNU long names and long link names ('L', 'K'), and old v7 headers. Every header's checksum is
// verified; sizes are octal or GNU base-256, never negative, and must fit in what is left of a
// file (a sequential device cannot tell, so there the data simply has to arrive). A tar that ends
// early, or without its end-of-archive marker, or with a garbled header, is a failure in words
// naming the member and the offset. Nothing is written anywhere: that is model/exports/ExportTarUnpack.
// The device must block (a file, a QBuffer): no read returns "nothing yet".
namespace jsoc {

struct TarEntry {
    enum class Type {
        File,            // '0', NUL, '7' (contiguous): data follows
        Directory,       // '5'
        HardLink,        // '1'
        SymbolicLink,    // '2'
        CharacterDevice, // '3'
        BlockDevice,     // '4'
        Fifo,            // '6'
        Other            // anything else ('S' sparse, 'V' label, vendor letters); its data is skipped
    };
    Type type = Type::Other;
    char typeFlag = '0';      // the header's byte, to name an Other in words
    QByteArray name;          // raw bytes as stored (pax path, GNU long name, or ustar prefix/name)
    QByteArray linkName;      // links only
    qint64 size = 0;          // data bytes that follow the header (0 for links, devices, directories)
    qint64 headerOffset = 0;  // where this member's first header starts (pax/GNU headers included)

    // The name for messages: UTF-8, every control byte shown as '?'.
    QString shownName() const;
    // "a symbolic link", "a character device", ... for messages.
    QString typeInWords() const;
};

class TarReader final
{
public:
    enum class Step { Member, End, Failed };
    // Bytes a pax extended header or GNU long name may have (real ones are a few hundred).
    static constexpr qint64 kMaxExtendedHeader = 1 << 20;

    explicit TarReader(QIODevice *device);

    // The next member's header, skipping what is left of the previous member's data.
    Step next(TarEntry *entry);
    // Up to maxSize bytes of the current member's data: 0 once it is all read, -1 on failure
    // (error() says why; a tar that ends inside the data is truncated).
    qint64 read(char *data, qint64 maxSize);
    // What went wrong, in words, once a call failed.
    QString error() const { return m_error; }
    // Bytes of the archive consumed so far.
    qint64 offset() const { return m_offset; }

private:
    qint64 readFully(char *data, qint64 size);
    bool skip(qint64 size);
    bool fail(const QString &why);
    bool fitsInArchive(qint64 bytes) const;

    QIODevice *m_device;
    qint64 m_start = 0;
    qint64 m_end = -1;        // the device's size when it has one
    qint64 m_offset = 0;
    qint64 m_dataLeft = 0;    // unread data bytes of the current member
    qint64 m_padding = 0;     // zero bytes after them, up to the next 512 boundary
    bool m_failed = false;
    bool m_ended = false;
    TarEntry m_current;
    QString m_lastMember;     // for "truncated after ..." messages
    QString m_error;
};

} // namespace jsoc

#include "model/exports/TarArchive.h"

#include <QIODevice>

#include <cstring>

namespace jsoc {
namespace {

constexpr qint64 kBlock = 512;
// Larger sizes are lies whatever the device: no file system holds 2^62 bytes.
constexpr qint64 kMaxNumber = qint64(1) << 62;

qint64 paddingAfter(qint64 size)
{
    return (kBlock - size % kBlock) % kBlock;
}

QString shown(const QByteArray &raw)
{
    QString text = QString::fromUtf8(raw);
    for (QChar &c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = QLatin1Char('?');
    }
    return text;
}

// A numeric header field: octal digits (leading spaces, then NUL or space after), or GNU
// base-256 (first byte 0x80 positive, 0xFF negative). -1 when garbled, negative or too large.
qint64 headerNumber(const char *field, int width)
{
    const auto *u = reinterpret_cast<const unsigned char *>(field);
    if (u[0] == 0x80) {
        qint64 value = 0;
        for (int i = 1; i < width; ++i) {
            if (value > (kMaxNumber >> 8))
                return -1;
            value = (value << 8) | u[i];
        }
        return value;
    }
    if (u[0] & 0x80)
        return -1; // 0xFF: base-256 negative; anything else is not a number
    int i = 0;
    while (i < width && field[i] == ' ')
        ++i;
    qint64 value = 0;
    int digits = 0;
    for (; i < width && field[i] >= '0' && field[i] <= '7'; ++i, ++digits) {
        if (value > (kMaxNumber >> 3))
            return -1;
        value = value * 8 + (field[i] - '0');
    }
    if (digits == 0)
        return -1;
    for (; i < width; ++i) {
        if (field[i] != ' ' && field[i] != '\0')
            return -1;
    }
    return value;
}

QByteArray fieldText(const char *field, int width)
{
    const void *nul = std::memchr(field, '\0', static_cast<size_t>(width));
    return QByteArray(field, nul ? static_cast<const char *>(nul) - field : width);
}

bool allZero(const char *block)
{
    for (qint64 i = 0; i < kBlock; ++i) {
        if (block[i])
            return false;
    }
    return true;
}

// The header's checksum: the sum of its bytes with the checksum field read as spaces. Old tars
// summed signed chars, so either sum is accepted, as GNU tar does.
bool checksumMatches(const char *block, qint64 stored)
{
    qint64 unsignedSum = 0;
    qint64 signedSum = 0;
    for (qint64 i = 0; i < kBlock; ++i) {
        const bool inField = i >= 148 && i < 156;
        unsignedSum += inField ? ' ' : static_cast<unsigned char>(block[i]);
        signedSum += inField ? ' ' : static_cast<signed char>(block[i]);
    }
    return stored == unsignedSum || stored == signedSum;
}

struct PaxRecords {
    QByteArray path;
    QByteArray linkPath;
    qint64 size = -1;
    bool sparse = false;
    QString error;
};

// "LEN KEY=VALUE\n" records; LEN counts the whole record, itself included.
PaxRecords parsePax(const QByteArray &data)
{
    PaxRecords pax;
    qint64 at = 0;
    while (at < data.size()) {
        qint64 len = 0;
        qint64 i = at;
        while (i < data.size() && data[i] >= '0' && data[i] <= '9' && i - at < 18)
            len = len * 10 + (data[i++] - '0');
        if (i == at || i >= data.size() || data[i] != ' ' || len <= i - at + 1 || len > data.size() - at
            || data[at + len - 1] != '\n') {
            pax.error = QStringLiteral("a pax record at byte %1 of its header is garbled").arg(at);
            return pax;
        }
        const QByteArray record = data.mid(i + 1, at + len - 1 - (i + 1));
        const qsizetype eq = record.indexOf('=');
        if (eq <= 0) {
            pax.error = QStringLiteral("a pax record at byte %1 of its header has no key=value").arg(at);
            return pax;
        }
        const QByteArray key = record.left(eq);
        const QByteArray value = record.mid(eq + 1);
        if (key == "path") {
            pax.path = value;
        } else if (key == "linkpath") {
            pax.linkPath = value;
        } else if (key == "size") {
            // At most 18 digits, so the sum cannot overflow; the first other byte stops it (fuzzing found
            // "…~" overflowing when the loop went on summing non-digits).
            qint64 size = 0;
            bool digitsOnly = !value.isEmpty() && value.size() <= 18;
            for (qsizetype k = 0; digitsOnly && k < value.size(); ++k) {
                digitsOnly = value[k] >= '0' && value[k] <= '9';
                size = digitsOnly ? size * 10 + (value[k] - '0') : size;
            }
            if (!digitsOnly || size > kMaxNumber) {
                pax.error = QStringLiteral("its pax size \"%1\" is not a size").arg(shown(value.left(40)));
                return pax;
            }
            pax.size = size;
        } else if (key.startsWith("GNU.sparse.")) {
            pax.sparse = true;
        }
        at += len;
    }
    return pax;
}

} // namespace

QString TarEntry::shownName() const
{
    return shown(name);
}

QString TarEntry::typeInWords() const
{
    switch (type) {
    case Type::File: return QStringLiteral("a file");
    case Type::Directory: return QStringLiteral("a directory");
    case Type::HardLink: return QStringLiteral("a hard link");
    case Type::SymbolicLink: return QStringLiteral("a symbolic link");
    case Type::CharacterDevice: return QStringLiteral("a character device");
    case Type::BlockDevice: return QStringLiteral("a block device");
    case Type::Fifo: return QStringLiteral("a FIFO");
    case Type::Other: break;
    }
    const unsigned char flag = static_cast<unsigned char>(typeFlag);
    if (flag == 'S')
        return QStringLiteral("a sparse file");
    if (flag > 0x20 && flag < 0x7f)
        return QStringLiteral("an entry of unknown type '%1'").arg(QLatin1Char(typeFlag));
    return QStringLiteral("an entry of unknown type 0x%1").arg(int(flag), 2, 16, QLatin1Char('0'));
}

TarReader::TarReader(QIODevice *device) : m_device(device)
{
    if (!m_device || !m_device->isOpen() || !m_device->isReadable()) {
        fail(QStringLiteral("The tar cannot be read: it is not open."));
        return;
    }
    m_start = m_device->pos();
    if (!m_device->isSequential())
        m_end = m_device->size();
}

bool TarReader::fail(const QString &why)
{
    m_failed = true;
    m_error = why;
    return false;
}

bool TarReader::fitsInArchive(qint64 bytes) const
{
    return m_end < 0 || bytes <= m_end - m_start - m_offset;
}

qint64 TarReader::readFully(char *data, qint64 size)
{
    qint64 got = 0;
    while (got < size) {
        const qint64 n = m_device->read(data + got, size - got);
        if (n <= 0)
            break;
        got += n;
    }
    m_offset += got;
    return got;
}

bool TarReader::skip(qint64 size)
{
    char buffer[64 * 1024];
    while (size > 0) {
        const qint64 want = qMin<qint64>(size, sizeof buffer);
        if (readFully(buffer, want) != want)
            return false;
        size -= want;
    }
    return true;
}

TarReader::Step TarReader::next(TarEntry *entry)
{
    if (m_failed)
        return Step::Failed;
    if (m_ended)
        return Step::End;
    if (m_dataLeft + m_padding > 0) {
        const qint64 left = m_dataLeft;
        if (!skip(m_dataLeft + m_padding)) {
            fail(QStringLiteral("The tar ends inside member \"%1\" (offset %2, %3 bytes of data unread): it is truncated.")
                     .arg(m_current.shownName())
                     .arg(m_offset)
                     .arg(left));
            return Step::Failed;
        }
        m_dataLeft = m_padding = 0;
    }

    TarEntry built;
    built.headerOffset = m_offset;
    bool haveLongName = false, haveLongLink = false;
    PaxRecords pax;
    char block[kBlock];
    for (;;) {
        const qint64 headerAt = m_offset;
        const qint64 got = readFully(block, kBlock);
        const QString after = m_lastMember.isEmpty() ? QStringLiteral("before its first member")
                                                     : QStringLiteral("after member \"%1\"").arg(m_lastMember);
        if (got == 0) {
            fail(QStringLiteral("The tar ends at offset %1 %2 without its end-of-archive marker: it is truncated.")
                     .arg(headerAt)
                     .arg(after));
            return Step::Failed;
        }
        if (got < kBlock) {
            fail(QStringLiteral("The tar ends inside a header at offset %1 %2: it is truncated.").arg(headerAt).arg(after));
            return Step::Failed;
        }
        if (allZero(block)) {
            if (built.headerOffset != headerAt) {
                fail(QStringLiteral("The tar ends at offset %1 after a pax or GNU long-name header with no member: it is damaged.")
                         .arg(headerAt));
                return Step::Failed;
            }
            // Two zero blocks end the archive; a lone one before the end of the file is accepted, as GNU tar does.
            const qint64 second = readFully(block, kBlock);
            if (second == 0 || (second == kBlock && allZero(block))) {
                m_ended = true;
                return Step::End;
            }
            fail(QStringLiteral("The tar has data after a zero block at offset %1 %2: it is damaged.").arg(headerAt).arg(after));
            return Step::Failed;
        }
        const QByteArray rawName = fieldText(block, 100);
        const qint64 stored = headerNumber(block + 148, 8);
        if (stored < 0 || !checksumMatches(block, stored)) {
            fail(QStringLiteral("The header at offset %1 (member \"%2\", %3) fails its checksum: the tar is damaged.")
                     .arg(headerAt)
                     .arg(shown(rawName.left(100)), after));
            return Step::Failed;
        }
        const qint64 size = headerNumber(block + 124, 12);
        if (size < 0) {
            fail(QStringLiteral("The header at offset %1 (member \"%2\") has no readable size: the tar is damaged.")
                     .arg(headerAt)
                     .arg(shown(rawName)));
            return Step::Failed;
        }
        const char flag = block[156];
        if (flag == 'x' || flag == 'g' || flag == 'L' || flag == 'K') {
            const QString kind = (flag == 'x' || flag == 'g') ? QStringLiteral("pax header") : QStringLiteral("GNU long name");
            if (size > kMaxExtendedHeader || !fitsInArchive(size + paddingAfter(size))) {
                fail(QStringLiteral("The %1 at offset %2 claims %3 bytes: more than a name needs or the tar holds.")
                         .arg(kind)
                         .arg(headerAt)
                         .arg(size));
                return Step::Failed;
            }
            QByteArray data(size, Qt::Uninitialized);
            if (readFully(data.data(), size) != size || !skip(paddingAfter(size))) {
                fail(QStringLiteral("The tar ends inside the %1 at offset %2: it is truncated.").arg(kind).arg(headerAt));
                return Step::Failed;
            }
            if (flag == 'L' || flag == 'K') {
                // NUL-terminated; only trailing NULs go, so a NUL inside the name stays and is refused later.
                while (data.endsWith('\0'))
                    data.chop(1);
                (flag == 'L' ? built.name : built.linkName) = data;
                (flag == 'L' ? haveLongName : haveLongLink) = true;
                continue;
            }
            const PaxRecords records = parsePax(data);
            if (!records.error.isEmpty()) {
                fail(QStringLiteral("The pax header at offset %1 is damaged: %2.").arg(headerAt).arg(records.error));
                return Step::Failed;
            }
            if (flag == 'x') // global ('g') records are read for soundness only
                pax = records;
            continue;
        }

        built.typeFlag = flag;
        switch (flag) {
        case '0': case '\0': case '7': built.type = TarEntry::Type::File; break;
        case '1': built.type = TarEntry::Type::HardLink; break;
        case '2': built.type = TarEntry::Type::SymbolicLink; break;
        case '3': built.type = TarEntry::Type::CharacterDevice; break;
        case '4': built.type = TarEntry::Type::BlockDevice; break;
        case '5': built.type = TarEntry::Type::Directory; break;
        case '6': built.type = TarEntry::Type::Fifo; break;
        default: built.type = TarEntry::Type::Other; break;
        }
        if (pax.sparse) {
            built.type = TarEntry::Type::Other;
            built.typeFlag = 'S';
        }
        if (!pax.path.isEmpty())
            built.name = pax.path;
        else if (!haveLongName) {
            // POSIX ustar keeps the leading part of a long name in `prefix`; GNU's "ustar  " uses that space otherwise.
            const bool posix = std::memcmp(block + 257, "ustar\0", 6) == 0;
            const QByteArray prefix = posix ? fieldText(block + 345, 155) : QByteArray();
            built.name = prefix.isEmpty() ? rawName : prefix + '/' + rawName;
        }
        if (!pax.linkPath.isEmpty())
            built.linkName = pax.linkPath;
        else if (!haveLongLink)
            built.linkName = fieldText(block + 157, 100);
        const qint64 declared = pax.size >= 0 ? pax.size : size;
        // POSIX: no data follows links, devices, FIFOs or directories, whatever the size field says.
        const bool hasData = built.type == TarEntry::Type::File || built.type == TarEntry::Type::Other;
        built.size = hasData ? declared : 0;
        if (!fitsInArchive(built.size + paddingAfter(built.size))) {
            fail(QStringLiteral("Member \"%1\" at offset %2 claims %3 bytes, but only %4 bytes of the tar are left: "
                                "the tar is truncated or damaged.")
                     .arg(built.shownName())
                     .arg(built.headerOffset)
                     .arg(built.size)
                     .arg(m_end - m_start - m_offset));
            return Step::Failed;
        }
        m_dataLeft = built.size;
        m_padding = paddingAfter(built.size);
        m_current = built;
        m_lastMember = built.shownName();
        *entry = built;
        return Step::Member;
    }
}

qint64 TarReader::read(char *data, qint64 maxSize)
{
    if (m_failed)
        return -1;
    if (m_dataLeft == 0 || maxSize <= 0)
        return 0;
    const qint64 want = qMin(maxSize, m_dataLeft);
    const qint64 got = readFully(data, want);
    m_dataLeft -= got;
    if (got < want) {
        fail(QStringLiteral("The tar ends inside member \"%1\" at offset %2, %3 bytes short: it is truncated.")
                 .arg(m_current.shownName())
                 .arg(m_offset)
                 .arg(m_dataLeft));
        return -1;
    }
    return got;
}

} // namespace jsoc

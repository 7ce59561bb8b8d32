#include "model/records/RecordTable.h"
#include "model/records/ShortCopy.h"

#include "model/common/LargeMemory.h"

#include <algorithm>
#include <cstring>

namespace jsoc {

namespace {
constexpr qsizetype kMapAheadBytes = 256 * 1024;
} // namespace

QByteArrayView StringColumn::rawSealed(qsizetype row) const
{
    if (row < 0 || row >= m_tailFirst)
        return {};
    // The last chunk starting at or before `row`.
    const auto it = std::upper_bound(m_sealed.cbegin(), m_sealed.cend(), row,
                                     [](qsizetype r, const Chunk &c) { return r < c.firstRow; });
    const Chunk &chunk = *(it - 1);
    const qsizetype i = row - chunk.firstRow;
    const quint32 begin = i == 0 ? 0 : chunk.ends[i - 1];
    return QByteArrayView(chunk.data.constData() + begin, qsizetype(chunk.ends[i] - begin));
}

QString StringColumn::value(qsizetype row) const
{
    const QByteArrayView bytes = raw(row);
    return QString::fromUtf8(bytes.data(), bytes.size());
}

void StringColumn::append(QByteArrayView utf8)
{
    // Called once per cell while parsing, so it writes straight into the spare capacity of
    // the byte buffer (growing it by doubling): QByteArray::append goes through out-of-line
    // insert/resize calls that cost more than the copy itself.
    const qsizetype n = utf8.size();
    auto &data = m_data.data_ptr();
    if (data.needsDetach() || data.freeSpaceAtEnd() < n + 1) {
        m_data.reserve(std::max(data.size + n + 1, 2 * data.size + 64));
        adviseHugePages(m_data.data(), m_data.capacity());
        m_mappedEnd = nullptr; // a new buffer
    }
    auto &bytes = m_data.data_ptr();
    char *const end = bytes.data() + bytes.size;
    if (end + n + 1 > m_mappedEnd) {
        // Map the next stretch in with one call instead of a fault per 4 KiB page.
        const char *limit = bytes.data() + m_data.capacity() + 1;
        m_mappedEnd = std::min<const char *>(limit, end + n + 1 + kMapAheadBytes);
        prefaultForWriting(end, m_mappedEnd - end);
    }
    copyShort(end, utf8.data(), n);
    bytes.size += n;
    bytes.data()[bytes.size] = '\0'; // QByteArray keeps its terminator
    if (m_ends.size() == m_ends.capacity()) {
        m_ends.reserve(std::max<qsizetype>(2 * m_ends.size(), 256));
        adviseHugePages(m_ends.data(), m_ends.capacity() * qsizetype(sizeof(quint32)));
    }
    m_ends.push_back(quint32(bytes.size));
}

void StringColumn::sealTail()
{
    if (m_ends.isEmpty())
        return;
    m_sealedBytes += m_data.size();
    const qsizetype rows = m_ends.size();
    m_sealed.append(Chunk{std::move(m_data), std::move(m_ends), m_tailFirst});
    m_data = QByteArray();
    m_ends = QList<quint32>();
    m_mappedEnd = nullptr;
    m_tailFirst += rows;
}

void StringColumn::append(const StringColumn &columnToAdd)
{
    const StringColumn other = columnToAdd; // shares; safe even when appending a column to itself
    if (isEmpty()) {
        *this = other; // shares every buffer
        return;
    }
    if (other.isEmpty())
        return;
    // Small columns are copied into the tail (chunks of a few cells would only slow raw());
    // big ones are shared as they are.
    constexpr qsizetype kShareAbove = 64 * 1024;
    if (other.byteSize() < kShareAbove) {
        for (qsizetype row = 0; row < other.size(); ++row)
            append(other.raw(row));
        return;
    }
    sealTail();
    for (const Chunk &chunk : other.m_sealed) {
        m_sealed.append(Chunk{chunk.data, chunk.ends, m_tailFirst});
        m_tailFirst += chunk.ends.size();
        m_sealedBytes += chunk.data.size();
    }
    if (!other.m_ends.isEmpty()) {
        m_sealed.append(Chunk{other.m_data, other.m_ends, m_tailFirst});
        m_tailFirst += other.m_ends.size();
        m_sealedBytes += other.m_data.size();
    }
}

void StringColumn::reserve(qsizetype rows, qsizetype bytes, bool rowsExact)
{
    // Huge pages only where the reservation will be filled: a 2 MiB page is zeroed in full
    // however little of it is written, and `bytes` is often a generous upper bound.
    m_ends.reserve(rows);
    m_data.reserve(bytes);
    m_mappedEnd = nullptr;
    if (rowsExact && rows > m_ends.size()) {
        adviseHugePages(m_ends.data(), m_ends.capacity() * qsizetype(sizeof(quint32)));
        prefaultForWriting(m_ends.data() + m_ends.size(), (rows - m_ends.size()) * qsizetype(sizeof(quint32)));
    }
}

void StringColumn::squeeze()
{
    m_data.squeeze();
    m_ends.squeeze();
    m_mappedEnd = nullptr;
}

void StringColumn::clear()
{
    m_sealed.clear();
    m_sealedBytes = 0;
    m_tailFirst = 0;
    m_data.clear();
    m_ends.clear();
    m_mappedEnd = nullptr;
}

bool StringColumn::operator==(const StringColumn &other) const
{
    if (size() != other.size())
        return false;
    for (qsizetype row = 0; row < size(); ++row) {
        if (raw(row) != other.raw(row))
            return false;
    }
    return true;
}

qsizetype RecordTable::rowCount() const
{
    qsizetype rows = hasRecInfo ? recInfoNames.size() : 0;
    for (const KeywordColumn &c : keywords)
        rows = std::max(rows, c.values.size());
    for (const SegmentColumn &c : segments)
        rows = std::max(rows, c.values.size());
    for (const LinkColumn &c : links)
        rows = std::max(rows, c.values.size());
    return rows;
}

namespace {
template <typename Columns>
int indexOf(const Columns &columns, const QString &name)
{
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == name)
            return int(i);
    return -1;
}

template <typename Columns>
bool sameNames(const Columns &a, const Columns &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].name != b[i].name)
            return false;
    return true;
}
} // namespace

bool RecordTable::hasSameColumns(const RecordTable &other) const
{
    return sameNames(keywords, other.keywords) && sameNames(segments, other.segments) && sameNames(links, other.links)
        && hasRecInfo == other.hasRecInfo;
}

int RecordTable::keywordIndex(const QString &name) const { return indexOf(keywords, name); }
int RecordTable::segmentIndex(const QString &name) const { return indexOf(segments, name); }
int RecordTable::linkIndex(const QString &name) const { return indexOf(links, name); }

QString RecordTable::keywordValue(const QString &name, qsizetype row) const
{
    const int i = keywordIndex(name);
    return i < 0 ? QString() : keywords[size_t(i)].values.value(row);
}

bool RecordTable::appendPage(RecordTable &&page)
{
    const bool empty = rowCount() == 0 && keywords.empty() && segments.empty() && links.empty();
    const bool pageEmpty = page.rowCount() == 0 && page.keywords.empty() && page.segments.empty() && page.links.empty();
    if (empty && !pageEmpty) {
        const qint64 before = count;
        *this = std::move(page);
        count += before;
        return true;
    }
    return appendPage(static_cast<const RecordTable &>(page));
}

bool RecordTable::appendPage(const RecordTable &page)
{
    // Zero-record pages carry no columns at all (quirk 5): nothing to add.
    if (page.rowCount() == 0 && page.keywords.empty() && page.segments.empty() && page.links.empty()) {
        count += page.count;
        return true;
    }
    if (rowCount() == 0 && keywords.empty() && segments.empty() && links.empty()) {
        const qint64 before = count;
        *this = page;
        count += before;
        return true;
    }
    if (!hasSameColumns(page))
        return false;
    for (size_t i = 0; i < keywords.size(); ++i)
        keywords[i].values.append(page.keywords[i].values);
    for (size_t i = 0; i < segments.size(); ++i) {
        SegmentColumn &s = segments[i];
        const SegmentColumn &p = page.segments[i];
        s.values.append(p.values);
        s.dims.append(p.dims);
        s.cparms.append(p.cparms);
        s.bzeros.append(p.bzeros);
        s.bscales.append(p.bscales);
    }
    for (size_t i = 0; i < links.size(); ++i)
        links[i].values.append(page.links[i].values);
    if (hasRecInfo) {
        recInfoNames.append(page.recInfoNames);
        recInfoOnline.insert(recInfoOnline.end(), page.recInfoOnline.begin(), page.recInfoOnline.end());
    }
    count += page.count;
    return true;
}

} // namespace jsoc

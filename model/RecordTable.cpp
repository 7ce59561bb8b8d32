#include "model/RecordTable.h"

#include <algorithm>
#include <cstring>

namespace jsoc {

QByteArrayView StringColumn::raw(qsizetype row) const
{
    if (row < 0 || row >= size())
        return {};
    if (row >= m_tailFirst) {
        const qsizetype i = row - m_tailFirst;
        const quint32 begin = i == 0 ? 0 : m_ends[i - 1];
        return QByteArrayView(m_data.constData() + begin, qsizetype(m_ends[i] - begin));
    }
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

bool StringColumn::isMissing(qsizetype row) const
{
    return raw(row) == QByteArrayView("MISSING");
}

void StringColumn::append(QByteArrayView utf8)
{
    // Called once per cell while parsing, so it writes straight into the spare capacity of
    // the byte buffer (growing it by doubling): QByteArray::append goes through out-of-line
    // insert/resize calls that cost more than the copy itself.
    const qsizetype n = utf8.size();
    auto &data = m_data.data_ptr();
    if (data.needsDetach() || data.freeSpaceAtEnd() < n + 1)
        m_data.reserve(std::max(data.size + n + 1, 2 * data.size + 64));
    auto &bytes = m_data.data_ptr();
    if (n > 0)
        std::memcpy(bytes.data() + bytes.size, utf8.data(), size_t(n));
    bytes.size += n;
    bytes.data()[bytes.size] = '\0'; // QByteArray keeps its terminator
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

void StringColumn::reserve(qsizetype rows, qsizetype bytes)
{
    m_ends.reserve(rows);
    m_data.reserve(bytes);
}

void StringColumn::clear()
{
    m_sealed.clear();
    m_sealedBytes = 0;
    m_tailFirst = 0;
    m_data.clear();
    m_ends.clear();
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
    if (!sameNames(keywords, page.keywords) || !sameNames(segments, page.segments)
        || !sameNames(links, page.links) || hasRecInfo != page.hasRecInfo)
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

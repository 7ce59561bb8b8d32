#include "model/RecordTable.h"

#include <algorithm>

namespace jsoc {

QByteArrayView StringColumn::raw(qsizetype row) const
{
    if (row < 0 || row >= size())
        return {};
    const quint32 begin = row == 0 ? 0 : m_ends[size_t(row - 1)];
    const quint32 end = m_ends[size_t(row)];
    return QByteArrayView(m_data.constData() + begin, qsizetype(end - begin));
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
    m_data.append(utf8.data(), utf8.size());
    m_ends.push_back(quint32(m_data.size()));
}

void StringColumn::append(const StringColumn &other)
{
    const quint32 base = quint32(m_data.size());
    m_data.append(other.m_data);
    m_ends.reserve(m_ends.size() + other.m_ends.size());
    for (quint32 end : other.m_ends)
        m_ends.push_back(base + end);
}

void StringColumn::reserve(qsizetype rows, qsizetype bytes)
{
    m_ends.reserve(size_t(rows));
    m_data.reserve(bytes);
}

void StringColumn::clear()
{
    m_data.clear();
    m_ends.clear();
}

bool StringColumn::operator==(const StringColumn &other) const
{
    return m_ends == other.m_ends && m_data == other.m_data;
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

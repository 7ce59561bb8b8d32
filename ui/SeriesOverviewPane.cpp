#include "ui/SeriesOverviewPane.h"

#include <QFormLayout>
#include <QLabel>

#include "model/common/DisplayFormat.h"

namespace ui {

namespace {

const QString kDescription = QStringLiteral("Description");
const QString kRetention = QStringLiteral("Retention");
const QString kUnitSize = QStringLiteral("Unit size");
const QString kArchive = QStringLiteral("Archive");
const QString kPrimeKeys = QStringLiteral("Prime keys");
const QString kFirst = QStringLiteral("First record");
const QString kLast = QStringLiteral("Last record");
const QString kCount = QStringLiteral("Records");
const QString kContents = QStringLiteral("Contents");
const QString kOwner = QStringLiteral("Owner");

QString recordText(const QString &spec, const std::optional<qint64> &recnum)
{
    if (spec.isEmpty() && !recnum)
        return QStringLiteral("none (the series is empty)");
    if (!recnum)
        return spec;
    // Two lines: record specs have no spaces, so a long one would otherwise force the pane wide.
    return QStringLiteral("%1\nrecord #%2").arg(spec, QString::number(*recnum));
}

} // namespace

SeriesOverviewPane::SeriesOverviewPane(QWidget *parent) : QWidget(parent)
{
    m_form = new QFormLayout(this);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    m_form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    for (const QString &label : {kDescription, kRetention, kUnitSize, kArchive, kPrimeKeys, kFirst, kLast,
                                 kCount, kContents, kOwner})
        addRow(label);
}

QLabel *SeriesOverviewPane::addRow(const QString &label)
{
    auto *value = new QLabel(this);
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setTextFormat(Qt::PlainText);
    value->setMinimumWidth(1); // let long values wrap or clip rather than widen the pane
    m_form->addRow(label + QLatin1Char(':'), value);
    m_rows.append({label, value});
    return value;
}

QString SeriesOverviewPane::valueText(const QString &label) const
{
    for (const auto &row : m_rows) {
        if (row.first == label)
            return row.second->text();
    }
    return {};
}

QString SeriesOverviewPane::recordCountEstimate(const jsoc::SeriesInterval &interval)
{
    if (!interval.firstRecnum || !interval.lastRecnum)
        return QStringLiteral("no records");
    const qint64 span = *interval.lastRecnum - *interval.firstRecnum + 1;
    // Record numbers also count superseded versions and deleted records, so this is a bound.
    return QStringLiteral("at most %1\n(record numbers %2 to %3)")
        .arg(jsoc::format::count(std::max<qint64>(span, 0)), jsoc::format::count(*interval.firstRecnum),
             jsoc::format::count(*interval.lastRecnum));
}

void SeriesOverviewPane::setStructure(const jsoc::SeriesStructure &s)
{
    auto set = [this](const QString &label, const QString &text) {
        for (auto &row : m_rows) {
            if (row.first == label)
                row.second->setText(text);
        }
    };
    set(kDescription, s.note.isEmpty() ? QStringLiteral("(no description)") : s.note);
    QString retention = QStringLiteral("%1 days").arg(jsoc::format::count(s.retention));
    if (s.stagingRetention > 0)
        retention += QStringLiteral(" (staging: %1 days)").arg(s.stagingRetention);
    set(kRetention, retention);
    set(kUnitSize, QStringLiteral("%1 record%2 per storage unit").arg(s.unitSize).arg(s.unitSize == 1 ? "" : "s"));
    set(kArchive, s.archive ? QStringLiteral("yes, tape group %1").arg(s.tapeGroup) : QStringLiteral("no"));
    set(kPrimeKeys, s.primeKeys.isEmpty() ? QStringLiteral("(none)") : s.primeKeys.join(QStringLiteral(", ")));
    set(kFirst, recordText(s.interval.firstRecord, s.interval.firstRecnum));
    set(kLast, recordText(s.interval.lastRecord, s.interval.lastRecnum));
    set(kCount, recordCountEstimate(s.interval));
    auto counted = [](qsizetype n, const char *one, const char *many) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    set(kContents, QStringLiteral("%1, %2, %3")
                       .arg(counted(s.keywords.size(), "keyword", "keywords"),
                            counted(s.segments.size(), "segment", "segments"), counted(s.links.size(), "link", "links")));
    set(kOwner, s.owner.isEmpty() ? QStringLiteral("(not reported)") : s.owner);
}

} // namespace ui

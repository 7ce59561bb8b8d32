#include "ui/RecordSetBuilder.h"

#include "model/drms/DrmsTime.h"
#include "model/drms/KeyConditionCheck.h"
#include "model/drms/NoaaRegion.h"
#include "model/drms/TimeKeyExplainer.h"
#include "ui/RecordSetTextEdit.h"
#include "ui/SegmentChecklist.h"
#include "ui/TimeKeyEditor.h"
#include "ui/ValueKeyEditor.h"

#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>

namespace ui {
namespace {

constexpr int kDebounceMs = 250;
constexpr int kNoaaLookupDelayMs = 400;

QString textToolTip()
{
    return QObject::tr("The record set as JSOC reads it, e.g. hmi.m_720s[2014.01.01_TAI/1d@1h]{magnetogram}.<br>"
                       "Edits here fill the fields below; edits below rewrite this text. Enter applies.");
}

QString keyToolTip(const jsoc::SeriesStructure &structure, const jsoc::PrimeKeyInfo &key)
{
    QString tip = QStringLiteral("<b>%1</b>").arg(key.name.toHtmlEscaped());
    if (const jsoc::KeywordInfo *k = structure.keyword(key.name)) {
        if (!k->note.isEmpty())
            tip += QStringLiteral(": ") + k->note.toHtmlEscaped();
        tip += QStringLiteral("<br>%1, %2").arg(k->type.toHtmlEscaped(), k->recscope.toHtmlEscaped());
        if (!k->units.isEmpty() && k->units != QLatin1String("none"))
            tip += QStringLiteral(", units %1").arg(k->units.toHtmlEscaped());
    }
    const QString slotText = jsoc::describeTimeKeySlots(key);
    if (!slotText.isEmpty())
        tip += QStringLiteral("<br>") + slotText.toHtmlEscaped();
    return tip;
}

} // namespace

RecordSetBuilder::RecordSetBuilder(QWidget *parent) : QWidget(parent)
{
    m_text = new RecordSetTextEdit(this);
    m_text->setObjectName(QStringLiteral("recordSetText"));
    m_text->setToolTip(textToolTip());
    auto *textLabel = new QLabel(tr("&Record set"), this);
    textLabel->setBuddy(m_text);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("recordSetError"));
    m_error->setWordWrap(false);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setMinimumHeight(m_error->fontMetrics().height());
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xc0, 0x10, 0x10));
    m_error->setPalette(errorPalette);

    m_whereLabel = new QLabel(tr("&Where"), this);
    m_where = new QLineEdit(this);
    m_where->setObjectName(QStringLiteral("whereClause"));
    m_where->setClearButtonEnabled(true);
    m_where->setPlaceholderText(tr("SQL on keywords, e.g. QUALITY=0 AND EXPTIME>2"));
    m_where->setToolTip(tr("Written [? … ?]: a PostgreSQL WHERE clause over the series' keywords.<br>"
                           "Compare times with $(…): T_OBS>$(2014.01.01_TAI)"));
    m_whereLabel->setBuddy(m_where);
    m_limitLabel = new QLabel(tr("&Limit"), this);
    m_limitMode = new QComboBox(this);
    m_limitMode->setObjectName(QStringLiteral("limitMode"));
    m_limitMode->addItem(tr("all records"));
    m_limitMode->addItem(tr("first"));
    m_limitMode->addItem(tr("last"));
    m_limitMode->setToolTip(tr("Fetch only the first or last N records (n= in jsoc_info; not part of the text)"));
    m_limitLabel->setBuddy(m_limitMode);
    m_limitCount = new QSpinBox(this);
    m_limitCount->setObjectName(QStringLiteral("limitCount"));
    m_limitCount->setRange(1, 100000000);
    m_limitCount->setValue(100);
    m_limitCount->setGroupSeparatorShown(true);
    m_limitCount->setEnabled(false);
    m_limitCount->setMinimumWidth(m_limitCount->fontMetrics().horizontalAdvance(QStringLiteral("100,000,000")) + 30);
    m_extras = new QLabel(this);
    m_extras->setObjectName(QStringLiteral("recordSetExtras"));
    m_extras->setWordWrap(true);
    m_extras->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_extras->hide();
    m_segments = new SegmentChecklist(this);
    m_segments->setObjectName(QStringLiteral("segmentChecklist"));
    m_segments->setFixedWidth(200);
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    m_noaaLabel = new QLabel(tr("&NOAA AR"), this);
    m_noaa = new QLineEdit(this);
    m_noaa->setObjectName(QStringLiteral("noaaRegion"));
    m_noaa->setClearButtonEnabled(true);
    m_noaa->setPlaceholderText(tr("NOAA active region, e.g. 11158 or AR 11158"));
    m_noaa->setToolTip(tr("Records of the HARP that holds this NOAA active region: written [? NOAA_ARS ~ \"11158\" ?]<br>"
                          "(a HARP lists its regions in NOAA_ARS). The HARP number found is shown beside."));
    m_noaaLabel->setBuddy(m_noaa);
    m_noaaFound = new QLabel(this);
    m_noaaFound->setObjectName(QStringLiteral("noaaRegionFound"));
    m_noaaFound->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_noaaDebounce = new QTimer(this);
    m_noaaDebounce->setSingleShot(true);
    m_noaaDebounce->setInterval(kNoaaLookupDelayMs);

    auto *top = new QHBoxLayout;
    top->setSpacing(6);
    top->addWidget(textLabel);
    top->addWidget(m_text, 1);
    m_left = new QVBoxLayout;
    m_left->setContentsMargins(0, 0, 0, 0);
    m_left->setSpacing(2);
    auto *body = new QHBoxLayout;
    body->setSpacing(10);
    body->addLayout(m_left, 1);
    body->addWidget(m_segments);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_error);
    layout->addLayout(body);
    buildEditors();
    setFocusProxy(m_text);

    connect(m_text, &RecordSetTextEdit::textEdited, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, [this] { applyText(m_text->text()); });
    connect(m_text, &RecordSetTextEdit::returnPressed, this, [this] {
        m_debounce->stop();
        applyText(m_text->text());
        emit submitted();
    });
    connect(m_where, &QLineEdit::textEdited, this, &RecordSetBuilder::formEdited);
    connect(m_noaa, &QLineEdit::textEdited, this, &RecordSetBuilder::noaaEdited);
    connect(m_noaa, &QLineEdit::returnPressed, this, [this] {
        if (m_noaaDebounce->isActive()) {
            m_noaaDebounce->stop();
            askNoaaRegion(jsoc::parseNoaaRegion(m_noaa->text()));
        }
        emit submitted();
    });
    connect(m_noaaDebounce, &QTimer::timeout, this, [this] { askNoaaRegion(jsoc::parseNoaaRegion(m_noaa->text())); });
    connect(m_where, &QLineEdit::returnPressed, this, &RecordSetBuilder::submitted);
    connect(m_segments, &SegmentChecklist::segmentsEdited, this, [this] {
        const QStringList checked = m_segments->checkedSegments();
        m_form.hasSegmentList = !checked.isEmpty();
        m_form.segments = checked;
        formEdited();
    });
    const auto limitEdited = [this] {
        m_limitCount->setEnabled(m_limitMode->currentIndex() != 0);
        m_form.limit = limit();
        emit limitChanged(limit());
    };
    connect(m_limitMode, &QComboBox::activated, this, limitEdited);
    connect(m_limitCount, &QSpinBox::valueChanged, this, [this, limitEdited] {
        if (m_limitMode->currentIndex() != 0)
            limitEdited();
    });
}

void RecordSetBuilder::setStructure(const jsoc::SeriesStructure &structure)
{
    m_structure = structure;
    m_hasStructure = true;
    // The series' first/last record times, parsed once here rather than on every keystroke's check.
    m_timeSpans.clear();
    for (const jsoc::PrimeKeyInfo &key : structure.primeKeysInfo)
        if (key.isTime())
            m_timeSpans.insert(key.name, jsoc::seriesTimeSpan(structure, key.name));
    m_segments->setSegments(structure.segments);
    buildEditors();
    const QString current = m_text->text();
    m_debounce->stop();
    if (!current.trimmed().isEmpty() && jsoc::parseRecordSetForm(current, structure)) {
        applyText(current);
    } else {
        m_form = jsoc::emptyRecordSetForm(structure);
        m_form.limit = limit();
        setRecordSetText(structure.name);
    }
}

QString RecordSetBuilder::defaultStart(const jsoc::PrimeKeyInfo &key) const
{
    // The day of the series' last record, so that a first query finds data.
    double t = double(QDateTime::currentSecsSinceEpoch() - 220924800LL); // Unix → DRMS epoch (1977 UTC ≈ TAI)
    if (const auto last = jsoc::parseRecordSetForm(m_structure.interval.lastRecord, m_structure)) {
        for (const jsoc::KeyCondition &c : last->keys) {
            if (c.key == key.name && c.kind == jsoc::KeyCondition::Kind::Time) {
                if (const auto parsed = drms::parseTime(c.start))
                    t = *parsed;
            }
        }
    }
    const bool tai = jsoc::timeKeyStyle(key) == drms::TimeStyle::Tai;
    const QString text = drms::formatTime(t, tai ? drms::TimeStyle::Tai : drms::TimeStyle::Utc);
    return text.left(10) + (tai ? QStringLiteral("_00:00:00_TAI") : QStringLiteral("_00:00:00_UTC"));
}

void RecordSetBuilder::buildEditors()
{
    auto *area = new QWidget(this);
    area->setObjectName(QStringLiteral("recordSetFields"));
    auto *grid = new QGridLayout(area);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(4);
    grid->setColumnStretch(1, 1);
    m_keyEditors.clear();
    int row = 0;
    for (const jsoc::PrimeKeyInfo &key : m_structure.primeKeysInfo) {
        KeyConditionEditor *editor = nullptr;
        QString caption = key.name;
        if (key.isTime()) {
            auto *time = new TimeKeyEditor(key, area);
            time->setDefaultStart(defaultStart(key));
            editor = time;
            caption = tr("%1 <span style='color:gray'>%2</span>").arg(key.name.toHtmlEscaped(), jsoc::timeKeyZone(key));
        } else {
            const jsoc::KeywordInfo *info = m_structure.keyword(key.name);
            editor = new ValueKeyEditor(key, info ? info->note : QString(), area);
            caption = key.name.toHtmlEscaped();
        }
        editor->setObjectName(QStringLiteral("keyEditor_") + key.name);
        auto *label = new QLabel(caption, area);
        label->setToolTip(keyToolTip(m_structure, key));
        label->setBuddy(editor->focusChain().value(0));
        grid->addWidget(label, row, 0, Qt::AlignRight | Qt::AlignTop);
        grid->addWidget(editor, row, 1);
        connect(editor, &KeyConditionEditor::conditionEdited, this, &RecordSetBuilder::formEdited);
        for (QWidget *field : editor->focusChain()) {
            if (auto *edit = qobject_cast<QLineEdit *>(field))
                connect(edit, &QLineEdit::returnPressed, this, &RecordSetBuilder::submitted);
        }
        m_keyEditors.append(editor);
        ++row;
    }
    if (m_hasStructure && m_structure.primeKeysInfo.isEmpty()) {
        grid->addWidget(new QLabel(tr("%1 has no prime keys: filter with the where clause.").arg(m_structure.name), area),
                        row++, 1);
    }
    m_hasNoaa = jsoc::seriesHasNoaaRegions(m_structure);
    auto *noaaRow = new QHBoxLayout;
    noaaRow->setSpacing(8);
    noaaRow->addWidget(m_noaa, 1);
    noaaRow->addWidget(m_noaaFound, 2);
    grid->addWidget(m_noaaLabel, row, 0, Qt::AlignRight);
    grid->addLayout(noaaRow, row++, 1);
    m_noaaLabel->setVisible(m_hasNoaa);
    m_noaa->setVisible(m_hasNoaa);
    m_noaaFound->setVisible(m_hasNoaa);
    if (!m_hasNoaa) {
        m_noaa->clear();
        m_noaaFound->clear();
        m_noaaAsked = 0;
    }
    auto *whereRow = new QHBoxLayout;
    whereRow->setSpacing(6);
    whereRow->addWidget(m_where, 1);
    whereRow->addWidget(m_limitLabel);
    whereRow->addWidget(m_limitMode);
    whereRow->addWidget(m_limitCount);
    grid->addWidget(m_whereLabel, row, 0, Qt::AlignRight);
    grid->addLayout(whereRow, row++, 1);
    grid->addWidget(m_extras, row++, 0, 1, 2);
    grid->setRowStretch(row, 1);

    if (m_formArea) {
        m_left->removeWidget(m_formArea);
        m_formArea->deleteLater();
    }
    m_formArea = area;
    m_left->addWidget(area, 1);
    updateTabOrder();
}

void RecordSetBuilder::updateTabOrder()
{
    QList<QWidget *> chain{m_text};
    for (KeyConditionEditor *e : std::as_const(m_keyEditors))
        chain += e->focusChain();
    if (m_hasNoaa)
        chain << m_noaa;
    chain << m_where << m_limitMode << m_limitCount << m_segments->list();
    for (int i = 1; i < chain.size(); ++i)
        setTabOrder(chain[i - 1], chain[i]);
}

KeyConditionEditor *RecordSetBuilder::keyEditor(const QString &key) const
{
    for (int i = 0; i < m_keyEditors.size() && i < m_structure.primeKeysInfo.size(); ++i) {
        if (m_structure.primeKeysInfo[i].name.compare(key, Qt::CaseInsensitive) == 0)
            return m_keyEditors[i];
    }
    return nullptr;
}

QString RecordSetBuilder::recordSetText() const { return m_text->text().trimmed(); }

void RecordSetBuilder::setRecordSetText(const QString &text)
{
    m_debounce->stop();
    m_text->setText(text);
    applyText(text);
}

bool RecordSetBuilder::isValid() const
{
    // Text typed in the last 250 ms is judged as it stands.
    if (m_debounce->isActive())
        return check(m_text->text()).message.isEmpty();
    return m_valid;
}

qint64 RecordSetBuilder::limit() const
{
    switch (m_limitMode->currentIndex()) {
    case 1:
        return m_limitCount->value();
    case 2:
        return -qint64(m_limitCount->value());
    default:
        return 0;
    }
}

void RecordSetBuilder::setLimit(qint64 limit)
{
    m_limitMode->setCurrentIndex(limit > 0 ? 1 : limit < 0 ? 2 : 0);
    if (limit != 0)
        m_limitCount->setValue(int(qMin<qint64>(std::abs(limit), m_limitCount->maximum())));
    m_limitCount->setEnabled(limit != 0);
    if (m_form.limit != this->limit()) {
        m_form.limit = this->limit();
        emit limitChanged(this->limit());
    }
}

QStringList RecordSetBuilder::selectedSegments() const
{
    // Text typed in the last 250 ms counts as it stands.
    jsoc::RecordSetForm f = m_form;
    if (m_debounce->isActive()) {
        if (const Check c = check(m_text->text()); c.form)
            f = *c.form;
    }
    if (!f.hasSegmentList)
        return {};
    if (f.segments.contains(QStringLiteral("**ALL**")))
        return m_segments->segmentNames();
    return f.segments;
}

QString RecordSetBuilder::errorMessage() const { return m_errorMessage; }

RecordSetBuilder::Check RecordSetBuilder::check(const QString &text) const
{
    Check result;
    jsoc::RecordSetFormError error;
    if (!m_hasStructure) {
        drms::RecordSetParseError syntax;
        if (!drms::parseRecordSet(text, &syntax)) {
            result.message = syntax.message;
            result.position = syntax.position;
        }
        return result;
    }
    result.form = jsoc::parseRecordSetForm(text, m_structure, &error);
    if (!result.form) {
        result.message = error.message;
        result.position = error.position;
        return result;
    }
    // The keyword table shows one series: other series in further subsets are not for this builder.
    const QList<int> starts = jsoc::subsetPositions(text);
    for (int i = 0; i < result.form->extraSubsets.size(); ++i) {
        const QString &series = result.form->extraSubsets[i].series;
        if (series.compare(m_structure.name, Qt::CaseInsensitive) != 0) {
            result.message = tr("the record set also names %1; one record set shows one series (%2)")
                                 .arg(series, m_structure.name);
            result.position = starts.value(i + 1, 0);
            return result;
        }
    }
    // Values JSOC would misread or that miss the series: checked here, before JSOC answers
    // "No records match".
    for (const jsoc::KeyCondition &condition : std::as_const(result.form->keys)) {
        const jsoc::PrimeKeyInfo *key = m_structure.primeKey(condition.key);
        if (!key)
            continue;
        const jsoc::KeyConditionCheck verdict = jsoc::checkKeyCondition(condition, *key, m_timeSpans.value(key->name));
        if (verdict.isProblem()) {
            result.message = verdict.message;
            result.position = qMax(0, int(text.indexOf(jsoc::keyConditionText(condition))));
            return result;
        }
        if (result.note.isEmpty())
            result.note = verdict.message;
    }
    return result;
}

void RecordSetBuilder::applyText(const QString &text)
{
    const Check c = check(text);
    if (c.form) {
        m_form = *c.form;
        m_form.limit = limit();
        fillEditors();
    }
    setError(c.message, c.position, c.note);
    setValid(c.message.isEmpty());
    if (c.message.isEmpty())
        emitIfChanged(text.trimmed());
}

void RecordSetBuilder::formEdited()
{
    if (m_filling || !m_hasStructure)
        return;
    takeNoaaFromHarpField();
    jsoc::RecordSetForm f = m_form;
    if (f.keys.size() != m_keyEditors.size())
        f = jsoc::emptyRecordSetForm(m_structure);
    for (int i = 0; i < m_keyEditors.size(); ++i)
        f.keys[i] = m_keyEditors[i]->condition();
    f.where = m_where->text().trimmed();
    f.limit = limit();
    m_form = f;
    const QString text = jsoc::recordSetFormText(f);
    m_debounce->stop();
    m_text->setText(text);

    // Fields whose text would change the record set's shape are errors, pointed at in the text.
    QString message;
    int position = -1;
    const QList<QList<int>> filters = jsoc::filterPositions(text);
    for (int i = 0; i < m_keyEditors.size() && message.isEmpty(); ++i) {
        const QString problem = m_keyEditors[i]->problem();
        if (!problem.isEmpty()) {
            message = problem;
            const QString filter = jsoc::keyConditionText(f.keys[i]);
            position = qMax(0, int(text.indexOf(filter)));
        }
    }
    if (message.isEmpty() && !f.where.isEmpty()) {
        // The clause must come back as one `[? … ?]` on its own.
        const auto alone = drms::parseRecordSet(QStringLiteral("x[? %1 ?]").arg(f.where));
        if (!alone || alone->subsets.size() != 1 || alone->subsets.first().filters.size() != 1
            || alone->subsets.first().filters.first().sql != f.where) {
            message = tr("the where clause cannot contain '?]' outside quotes");
            position = qMax(0, int(text.indexOf(QStringLiteral("[?"))));
        }
    }
    QString note;
    if (message.isEmpty()) {
        Check c = check(text);
        message = c.message;
        position = c.position;
        note = c.note;
        if (message.isEmpty() && c.form) {
            c.form->limit = f.limit;
            if (c.form->where != f.where) {
                message = tr("the where clause cannot contain '?]' outside quotes");
                position = qMax(0, int(text.indexOf(QStringLiteral("[?"))));
            } else if (*c.form != f) {
                message = tr("a field holds brackets or a KEY= that change the record set; edit the text instead");
                position = filters.value(0).value(0, 0);
            }
        }
    }
    setError(message, position, note);
    setValid(message.isEmpty());
    updateExtras();
    if (message.isEmpty())
        emitIfChanged(text);
}

void RecordSetBuilder::fillEditors()
{
    m_filling = true;
    for (int i = 0; i < m_keyEditors.size() && i < m_form.keys.size(); ++i)
        m_keyEditors[i]->setCondition(m_form.keys[i]);
    if (m_where->text() != m_form.where)
        m_where->setText(m_form.where);
    if (m_hasNoaa) {
        // Typed text names the region through its where clause: the field and the lookup follow it.
        const auto region = jsoc::noaaRegionInWhere(m_form.where);
        if (jsoc::parseNoaaRegion(m_noaa->text()) != region)
            m_noaa->setText(region ? QString::number(*region) : QString());
        askNoaaRegion(region);
    }
    m_segments->setSelection(m_form.hasSegmentList ? m_form.segments : QStringList());
    m_filling = false;
    updateExtras();
}

void RecordSetBuilder::noaaEdited()
{
    const QString typed = m_noaa->text().trimmed();
    const auto region = jsoc::parseNoaaRegion(typed);
    if (!typed.isEmpty() && !region) {
        m_noaaDebounce->stop();
        m_noaaAsked = 0;
        m_noaaFound->setText(tr("not a NOAA region number (e.g. 11158, AR 11158)"));
        return;
    }
    setNoaaRegion(region, true);
}

bool RecordSetBuilder::takeNoaaFromHarpField()
{
    if (!m_hasNoaa)
        return false;
    for (int i = 0; i < m_keyEditors.size() && i < m_structure.primeKeysInfo.size(); ++i) {
        const jsoc::PrimeKeyInfo &key = m_structure.primeKeysInfo[i];
        auto *value = qobject_cast<ValueKeyEditor *>(m_keyEditors[i]);
        if (!value || !key.name.endsWith(QLatin1String("ARPNUM"), Qt::CaseInsensitive))
            continue;
        // "NOAA 11158" / "AR11158" in the HARP field means the region, not a HARP number.
        const auto region = jsoc::parseNamedNoaaRegion(value->lineEdit()->text());
        if (!region)
            return false;
        jsoc::KeyCondition any;
        any.key = key.name;
        m_filling = true;
        value->setCondition(any);
        m_filling = false;
        m_noaa->setText(QString::number(*region));
        m_noaa->setFocus();
        m_where->setText(jsoc::whereWithNoaaRegion(m_where->text(), region));
        m_noaaDebounce->stop();
        askNoaaRegion(region);
        return true;
    }
    return false;
}

void RecordSetBuilder::setNoaaRegion(std::optional<qint64> region, bool rewriteWhere)
{
    if (rewriteWhere) {
        const QString where = jsoc::whereWithNoaaRegion(m_where->text(), region);
        if (where != m_where->text()) {
            m_where->setText(where);
            formEdited();
        }
    }
    if (!region) {
        m_noaaDebounce->stop();
        askNoaaRegion(std::nullopt);
        return;
    }
    if (*region != m_noaaAsked)
        m_noaaDebounce->start();
}

void RecordSetBuilder::askNoaaRegion(std::optional<qint64> region)
{
    if (!region) {
        m_noaaAsked = 0;
        m_noaaFound->clear();
        return;
    }
    if (*region == m_noaaAsked)
        return;
    m_noaaDebounce->stop();
    m_noaaAsked = *region;
    m_noaaFound->setText(tr("NOAA %1: looking for its HARP…").arg(*region));
    emit noaaRegionLookupRequested(m_structure.name, *region);
}

void RecordSetBuilder::showNoaaRegion(qint64 region, const QList<qint64> &harps, const QString &error)
{
    if (region != m_noaaAsked)
        return; // the user has moved on to another region
    m_noaaFound->setText(error.isEmpty() ? jsoc::noaaLookupText(m_structure.name, region, harps)
                                         : tr("NOAA %1: %2").arg(region).arg(error));
}

QString RecordSetBuilder::noaaFoundText() const
{
    return m_noaaFound->text();
}

void RecordSetBuilder::updateExtras()
{
    QStringList parts;
    for (const drms::Filter &f : std::as_const(m_form.extraFilters))
        parts.append(drms::toString(f));
    for (const drms::Subset &s : std::as_const(m_form.extraSubsets))
        parts.append(drms::toString(s));
    m_extras->setVisible(!parts.isEmpty());
    m_extras->setText(parts.isEmpty() ? QString()
                                      : tr("Also in the text (kept as typed, edit it there): %1")
                                            .arg(parts.join(QStringLiteral("  ·  "))));
}

void RecordSetBuilder::setError(const QString &message, int position, const QString &note)
{
    m_errorMessage = message.isEmpty() ? QString() : tr("position %1: %2").arg(position).arg(message);
    m_noteMessage = message.isEmpty() ? note : QString();
    m_errorPosition = message.isEmpty() ? -1 : position;
    m_text->setErrorPosition(m_errorPosition);
    // One line under the text for both, so the fields below never move: red for an error, amber
    // for a note that does not stop the query.
    QPalette palette = m_error->palette();
    palette.setColor(QPalette::WindowText, m_errorMessage.isEmpty() ? QColor(0x8a, 0x5a, 0x00) : QColor(0xc0, 0x10, 0x10));
    m_error->setPalette(palette);
    m_error->setText(m_errorMessage.isEmpty() ? m_noteMessage : m_errorMessage);
    m_text->setToolTip(m_errorMessage.isEmpty() ? textToolTip()
                                                : m_errorMessage.toHtmlEscaped() + QStringLiteral("<hr>") + textToolTip());
}

void RecordSetBuilder::setValid(bool valid)
{
    if (valid == m_valid)
        return;
    m_valid = valid;
    emit validityChanged(valid);
}

void RecordSetBuilder::emitIfChanged(const QString &text)
{
    if (text == m_lastEmitted)
        return;
    m_lastEmitted = text;
    emit recordSetChanged(text);
}

} // namespace ui

#include "ui/TimeKeyEditor.h"

#include "model/drms/DrmsTime.h"
#include "model/drms/KeyConditionCheck.h"
#include "model/drms/TimeKeyExplainer.h"
#include "ui/InvalidFieldMark.h"

#include <QCalendarWidget>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRegularExpression>
#include <QToolButton>
#include <QWidgetAction>

namespace ui {
namespace {

using Kind = jsoc::KeyCondition::Kind;
using Span = jsoc::KeyCondition::TimeSpan;

// `2014.01.01…` / `2014-01-01…`: the date at the start of a typed time, kept with its separator.
const QRegularExpression &datePrefix()
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d{4})([.-])(\\d{1,2})\\2(\\d{1,2})"));
    return re;
}

void markField(QLineEdit *edit, bool bad)
{
    markInvalidField(edit, bad);
}

} // namespace

TimeKeyEditor::TimeKeyEditor(const jsoc::PrimeKeyInfo &key, QWidget *parent)
    : KeyConditionEditor(parent),
      m_key(key)
{
    const QString zone = jsoc::timeKeyZone(key);
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("timeMode_") + key.name);
    m_mode->addItem(tr("any time"), int(Mode::Any));
    m_mode->addItem(tr("at"), int(Mode::At));
    m_mode->addItem(tr("from … to"), int(Mode::Range));
    m_mode->addItem(tr("from … for"), int(Mode::Duration));
    m_mode->addItem(tr("expression"), int(Mode::Expression));
    m_mode->setToolTip(tr("any time: no constraint · at: one time (the nearest slot) · from … to: inclusive range · "
                          "from … for: start and duration · expression: $, ^, #n, lists"));

    const QString timeHint = zone == QLatin1String("TAI") ? tr("e.g. 2014.01.01_00:00:00_TAI")
                                                          : tr("e.g. 2014-01-01T00:00:00Z");
    m_start = new QLineEdit(this);
    m_start->setObjectName(QStringLiteral("start_") + key.name);
    m_start->setPlaceholderText(tr("start, %1").arg(timeHint));
    m_start->setToolTip(tr("Any DRMS time: 2014.01.01_TAI, 2014.01.01_00:00:00_UTC, 2014-01-01T00:00:00Z, "
                           "JD_2456658.5 … A time without a zone is UTC."));
    m_end = new QLineEdit(this);
    m_end->setObjectName(QStringLiteral("end_") + key.name);
    m_end->setPlaceholderText(tr("end (inclusive)"));
    m_end->setToolTip(m_start->toolTip());
    m_duration = new QLineEdit(this);
    m_duration->setObjectName(QStringLiteral("duration_") + key.name);
    m_duration->setPlaceholderText(tr("1d, 6h, 10m, 30s, 5u"));
    m_duration->setToolTip(tr("Duration: number + d, h, m, s, or u (slots of %1)").arg(key.name));
    m_duration->setMaximumWidth(110);
    m_startDate = makeDateButton(m_start);
    m_endDate = makeDateButton(m_end);
    m_every = new QLabel(tr("every"), this);
    m_cadence = new QLineEdit(this);
    m_cadence->setObjectName(QStringLiteral("cadence_") + key.name);
    m_cadence->setPlaceholderText(tr("each slot"));
    m_cadence->setToolTip(tr("Cadence (@): 1h, 12s, 10u — keeps records whose time is a whole number of cadences "
                             "after the start. Empty = every record."));
    m_cadence->setMaximumWidth(80);
    m_every->setBuddy(m_cadence);
    m_expression = new QLineEdit(this);
    m_expression->setObjectName(QStringLiteral("expression_") + key.name);
    m_expression->setPlaceholderText(tr("$ (last), ^ (first), #100-#200 (slot index), a/1h,b/1h (lists)"));
    m_expression->setToolTip(tr("The inside of %1's brackets, as JSOC reads it").arg(key.name));
    m_explain = new QLabel(this);
    m_explain->setObjectName(QStringLiteral("explain_") + key.name);
    m_explain->setWordWrap(true);
    m_explain->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_explain->setForegroundRole(QPalette::PlaceholderText);
    QFont small = m_explain->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_explain->setFont(small);

    auto *fields = new QHBoxLayout;
    fields->setContentsMargins(0, 0, 0, 0);
    fields->setSpacing(4);
    fields->addWidget(m_mode);
    fields->addWidget(m_start, 3);
    fields->addWidget(m_startDate);
    fields->addWidget(m_end, 3);
    fields->addWidget(m_endDate);
    fields->addWidget(m_duration, 1);
    fields->addWidget(m_every);
    fields->addWidget(m_cadence, 1);
    fields->addWidget(m_expression, 6);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    layout->addLayout(fields);
    layout->addWidget(m_explain);
    setFocusProxy(m_mode);

    connect(m_mode, &QComboBox::activated, this, &TimeKeyEditor::modeChosen);
    for (QLineEdit *edit : {m_start, m_end, m_duration, m_cadence, m_expression})
        connect(edit, &QLineEdit::textEdited, this, &TimeKeyEditor::edited);
    // A typed time becomes the canonical DRMS text in the key's zone when the field is left
    // (`2014-01-01 00:00` → `2014.01.01_00:00:00_TAI`), so what is sent is what is shown.
    for (QLineEdit *edit : {m_start, m_end}) {
        connect(edit, &QLineEdit::editingFinished, this, [this, edit] {
            const QString typed = edit->text().trimmed();
            if (typed.isEmpty())
                return;
            const std::optional<QString> canonical = jsoc::canonicalKeyTime(typed, m_key);
            if (canonical && *canonical != typed) {
                edit->setText(*canonical);
                edited();
            }
        });
    }
    setMode(Mode::Any);
    updateExplanation();
}

QToolButton *TimeKeyEditor::makeDateButton(QLineEdit *target)
{
    auto *button = new QToolButton(this);
    button->setObjectName(target->objectName() + QStringLiteral("_date"));
    button->setText(QStringLiteral("▾"));
    button->setToolTip(tr("Pick a date (the time of day and zone are kept)"));
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::NoFocus); // keyboard users type the time
    auto *menu = new QMenu(button);
    auto *calendar = new QCalendarWidget(menu);
    calendar->setGridVisible(true);
    auto *action = new QWidgetAction(menu);
    action->setDefaultWidget(calendar);
    menu->addAction(action);
    // Popped up by hand rather than with setMenu(), which would add a second arrow.
    connect(button, &QToolButton::clicked, menu, [button, menu] {
        menu->popup(button->mapToGlobal(QPoint(0, button->height())));
    });
    connect(menu, &QMenu::aboutToShow, calendar, [calendar, target] {
        const QRegularExpressionMatch m = datePrefix().match(target->text());
        const QDate date = m.hasMatch() ? QDate(m.captured(1).toInt(), m.captured(3).toInt(), m.captured(4).toInt())
                                        : QDate::currentDate();
        calendar->setSelectedDate(date.isValid() ? date : QDate::currentDate());
    });
    connect(calendar, &QCalendarWidget::clicked, this, [this, menu, target](QDate date) {
        const QRegularExpressionMatch m = datePrefix().match(target->text());
        QString text;
        if (m.hasMatch()) {
            const QString sep = m.captured(2);
            text = target->text();
            text.replace(m.capturedStart(1), m.capturedEnd(4) - m.capturedStart(1),
                         date.toString(sep == QLatin1String("-") ? QStringLiteral("yyyy-MM-dd")
                                                                 : QStringLiteral("yyyy.MM.dd")));
        } else {
            text = date.toString(QStringLiteral("yyyy.MM.dd")) + QStringLiteral("_00:00:00_")
                   + jsoc::timeKeyZone(m_key);
        }
        target->setText(text);
        menu->close();
        edited();
    });
    return button;
}

TimeKeyEditor::Mode TimeKeyEditor::mode() const { return Mode(m_mode->currentData().toInt()); }

void TimeKeyEditor::setMode(Mode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
    updateVisibility();
}

void TimeKeyEditor::modeChosen()
{
    const Mode m = mode();
    if ((m == Mode::At || m == Mode::Range || m == Mode::Duration) && m_start->text().trimmed().isEmpty())
        m_start->setText(m_defaultStart);
    if (m == Mode::Duration && m_duration->text().trimmed().isEmpty())
        m_duration->setText(QStringLiteral("1d"));
    if (m == Mode::Range && m_end->text().trimmed().isEmpty()) {
        // One day after the start, written like the start.
        if (const auto t = drms::parseTime(m_start->text().trimmed())) {
            const drms::TimeStyle style = jsoc::timeHasZone(m_start->text()) ? jsoc::timeKeyStyle(m_key)
                                                                              : drms::TimeStyle::Utc;
            m_end->setText(drms::formatTime(*t + 86400.0, style == drms::TimeStyle::Iso ? drms::TimeStyle::Utc : style));
        }
    }
    if (m == Mode::Expression && m_expression->text().trimmed().isEmpty())
        m_expression->setText(QStringLiteral("$"));
    updateVisibility();
    edited();
    QWidget *next = m == Mode::Expression ? m_expression : m == Mode::Any ? nullptr : m_start;
    if (next && m_mode->hasFocus())
        next->setFocus();
}

void TimeKeyEditor::updateVisibility()
{
    const Mode m = mode();
    const bool times = m == Mode::At || m == Mode::Range || m == Mode::Duration;
    m_start->setVisible(times);
    m_startDate->setVisible(times);
    m_end->setVisible(m == Mode::Range);
    m_endDate->setVisible(m == Mode::Range);
    m_duration->setVisible(m == Mode::Duration);
    m_every->setVisible(m == Mode::Range || m == Mode::Duration);
    m_cadence->setVisible(m == Mode::Range || m == Mode::Duration);
    m_expression->setVisible(m == Mode::Expression);
}

void TimeKeyEditor::edited()
{
    updateExplanation();
    emit conditionEdited();
}

void TimeKeyEditor::setCondition(const jsoc::KeyCondition &condition)
{
    m_byName = condition.byName;
    const auto setText = [](QLineEdit *edit, const QString &text) {
        if (edit->text() != text)
            edit->setText(text);
    };
    switch (condition.kind) {
    case Kind::Any:
        setMode(Mode::Any);
        break;
    case Kind::List:
        setText(m_expression, condition.list);
        setMode(Mode::Expression);
        break;
    case Kind::Time: {
        // A zone-less time from the text keeps the instant JSOC reads (UTC), shown with its zone
        // when the key's zone differs, so that editing a field later (where zone-less means the
        // key's zone) cannot move it. Everything else stays as typed.
        const auto explicitTime = [this](const QString &text) {
            if (!readsDifferentlyHere(text))
                return text;
            return jsoc::explicitKeyTime(text, m_key).value_or(text);
        };
        setText(m_start, explicitTime(condition.start));
        if (condition.span == Span::End) {
            setText(m_end, explicitTime(condition.end));
            setText(m_cadence, condition.cadence);
            setMode(Mode::Range);
        } else if (condition.span == Span::Duration) {
            setText(m_duration, condition.duration);
            setText(m_cadence, condition.cadence);
            setMode(Mode::Duration);
        } else {
            setMode(Mode::At);
        }
        break;
    }
    }
    updateExplanation();
}

jsoc::KeyCondition TimeKeyEditor::condition() const
{
    jsoc::KeyCondition c;
    c.key = m_key.name;
    const Mode m = mode();
    if (m == Mode::Expression) {
        if (const auto parsed = jsoc::parseKeyCondition(m_key, m_expression->text()))
            c = *parsed;
        else {
            c.kind = Kind::List;
            c.list = m_expression->text().trimmed();
        }
    } else if (m != Mode::Any && !m_start->text().trimmed().isEmpty()) {
        // The record set carries the canonical time (a zone-less one read in the key's zone),
        // even before the field is left; text that is no time stays as typed for problem().
        const auto canonical = [this](const QLineEdit *edit) {
            const QString typed = edit->text().trimmed();
            return jsoc::canonicalKeyTime(typed, m_key).value_or(typed);
        };
        c.kind = Kind::Time;
        c.start = canonical(m_start);
        if (m == Mode::Range && !m_end->text().trimmed().isEmpty()) {
            c.span = Span::End;
            c.end = canonical(m_end);
        } else if (m == Mode::Duration && !m_duration->text().trimmed().isEmpty()) {
            c.span = Span::Duration;
            c.duration = m_duration->text().trimmed();
        }
        if (c.span != Span::Single)
            c.cadence = m_cadence->text().trimmed();
    }
    if (!c.isAny())
        c.byName = m_byName;
    return c;
}

QString TimeKeyEditor::problem() const
{
    const Mode m = mode();
    if (m == Mode::Any)
        return {};
    if (m == Mode::Expression) {
        jsoc::RecordSetFormError error;
        if (!jsoc::parseKeyCondition(m_key, m_expression->text(), &error))
            return tr("%1: %2").arg(m_key.name, error.message);
        return {};
    }
    QString why;
    const QString start = m_start->text().trimmed();
    if (start.isEmpty())
        return {};
    if (!drms::parseTime(start, &why))
        return tr("%1 start: %2").arg(m_key.name, why);
    if (m == Mode::Range && !m_end->text().trimmed().isEmpty() && !drms::parseTime(m_end->text().trimmed(), &why))
        return tr("%1 end: %2").arg(m_key.name, why);
    const auto axis = jsoc::timeKeySlots(m_key);
    const double step = axis ? axis->step : 0.0;
    // The grammar reads durations and steps by shape (a `u` needs a slotted key to mean anything).
    if (m == Mode::Duration && !m_duration->text().trimmed().isEmpty()
        && !drms::parseDuration(m_duration->text(), step))
        return tr("%1 duration: '%2' is not a duration (1d, 6h, 10m, 30s, 5u)").arg(m_key.name, m_duration->text().trimmed());
    if ((m == Mode::Range || m == Mode::Duration) && !m_cadence->text().trimmed().isEmpty()
        && !drms::parseDuration(m_cadence->text(), step))
        return tr("%1 cadence: '%2' is not a cadence (1h, 12s, 10u)").arg(m_key.name, m_cadence->text().trimmed());
    return {};
}

bool TimeKeyEditor::readsDifferentlyHere(const QString &typed) const
{
    // Zone-less: the field reads it in the key's zone, JSOC in UTC; the same only for a UTC key.
    return !jsoc::timeHasZone(typed) && jsoc::timeKeyZone(m_key) != QLatin1String("UTC");
}

QString TimeKeyEditor::explanation() const { return m_explain->text(); }

QList<QWidget *> TimeKeyEditor::focusChain() const
{
    return {m_mode, m_start, m_end, m_duration, m_cadence, m_expression};
}

void TimeKeyEditor::updateExplanation()
{
    const Mode m = mode();
    QStringList parts;
    if (m == Mode::Any || m == Mode::Expression) {
        parts.append(jsoc::explainTime(m_key, u""));
    } else {
        // A zone-less time is read in the key's zone here (JSOC itself would read it as UTC, which
        // only differs for a TAI key), so the explanation is of the time the record set carries.
        const QString typed = m_start->text().trimmed();
        const std::optional<QString> canonical = jsoc::canonicalKeyTime(typed, m_key);
        if (canonical && !typed.isEmpty() && readsDifferentlyHere(typed)) {
            parts.append(tr("Read in %1's zone: %2.").arg(m_key.name, *canonical));
            parts.append(jsoc::explainTime(m_key, *canonical));
        } else {
            parts.append(jsoc::explainTime(m_key, m_start->text()));
        }
        if (m == Mode::Range && !m_end->text().trimmed().isEmpty()) {
            QString why;
            if (!drms::parseTime(m_end->text().trimmed(), &why))
                parts.append(tr("End: %1.").arg(why));
        }
        if (m == Mode::Duration)
            parts.append(jsoc::explainDuration(m_key, m_duration->text()));
        if (m == Mode::Range || m == Mode::Duration)
            parts.append(jsoc::explainCadence(m_key, m_cadence->text()));
    }
    parts.removeAll(QString());
    m_explain->setText(parts.join(u' '));
    const QString p = problem();
    markField(m_start, p.startsWith(m_key.name + tr(" start")));
    markField(m_end, p.startsWith(m_key.name + tr(" end")));
    markField(m_duration, p.startsWith(m_key.name + tr(" duration")));
    markField(m_cadence, p.startsWith(m_key.name + tr(" cadence")));
    markField(m_expression, m == Mode::Expression && !p.isEmpty());
}

} // namespace ui

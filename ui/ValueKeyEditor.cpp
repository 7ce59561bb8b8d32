#include "ui/ValueKeyEditor.h"

#include "ui/InvalidFieldMark.h"

#include <QHBoxLayout>
#include <QLineEdit>

namespace ui {

ValueKeyEditor::ValueKeyEditor(const jsoc::PrimeKeyInfo &key, const QString &note, QWidget *parent)
    : KeyConditionEditor(parent),
      m_key(key)
{
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("values_") + key.name);
    m_edit->setClearButtonEnabled(true);
    m_edit->setPlaceholderText(tr("any %1 — or e.g. 171,193   100-200   ^ (first)   $ (last)").arg(key.name));
    m_baseToolTip = tr("<b>%1</b>%2<br>Values, ranges a-b, lists a,b; ^ / $ = first / last; #n = index.<br>"
                       "Empty = any value.")
                        .arg(key.name.toHtmlEscaped(), note.isEmpty() ? QString() : QStringLiteral(": ") + note.toHtmlEscaped());
    m_edit->setToolTip(m_baseToolTip);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    setFocusProxy(m_edit);
    connect(m_edit, &QLineEdit::textEdited, this, [this] {
        check();
        emit conditionEdited();
    });
}

void ValueKeyEditor::setCondition(const jsoc::KeyCondition &condition)
{
    m_byName = condition.byName;
    const QString text = jsoc::keyConditionText(condition);
    if (m_edit->text() != text)
        m_edit->setText(text);
    check();
}

jsoc::KeyCondition ValueKeyEditor::condition() const
{
    jsoc::KeyCondition c;
    if (const auto parsed = jsoc::parseKeyCondition(m_key, m_edit->text()))
        c = *parsed;
    else {
        // Kept as typed so the text box shows it; problem() explains why it is not valid.
        c.key = m_key.name;
        c.kind = jsoc::KeyCondition::Kind::List;
        c.list = m_edit->text().trimmed();
    }
    if (!c.isAny())
        c.byName = m_byName;
    return c;
}

QList<QWidget *> ValueKeyEditor::focusChain() const { return {m_edit}; }

void ValueKeyEditor::check()
{
    jsoc::RecordSetFormError error;
    const bool ok = jsoc::parseKeyCondition(m_key, m_edit->text(), &error).has_value();
    m_problem = ok ? QString() : tr("%1: %2").arg(m_key.name, error.message);
    markInvalidField(m_edit, !ok);
    m_edit->setToolTip(ok ? m_baseToolTip : m_problem.toHtmlEscaped() + QStringLiteral("<hr>") + m_baseToolTip);
}

} // namespace ui

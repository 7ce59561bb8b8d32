#include "ui/RecordSetTextEdit.h"

#include <QFontDatabase>
#include <QKeyEvent>
#include <QMimeData>
#include <QPainter>
#include <QTextBlock>

namespace ui {

RecordSetTextEdit::RecordSetTextEdit(QWidget *parent) : QPlainTextEdit(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setWordWrapMode(QTextOption::NoWrap);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setTabChangesFocus(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    document()->setDocumentMargin(3);
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_setting)
            emit textEdited();
    });
}

QString RecordSetTextEdit::text() const { return toPlainText(); }

void RecordSetTextEdit::setText(const QString &text)
{
    if (text == toPlainText())
        return;
    const int cursor = textCursor().position();
    m_setting = true;
    // Through a cursor rather than setPlainText(), so that Ctrl+Z still undoes (a form edit too).
    QTextCursor all(document());
    all.select(QTextCursor::Document);
    all.insertText(text);
    m_setting = false;
    QTextCursor c = textCursor();
    c.setPosition(qBound(0, cursor, int(text.size())));
    setTextCursor(c);
}

void RecordSetTextEdit::setErrorPosition(int position)
{
    m_errorPosition = position;
    QList<QTextEdit::ExtraSelection> selections;
    const int length = int(toPlainText().size());
    if (position >= 0 && length > 0) {
        QTextEdit::ExtraSelection mark;
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(Qt::red);
        mark.format.setBackground(QColor(255, 0, 0, 50));
        mark.cursor = QTextCursor(document());
        const int at = qMin(position, length - 1);
        mark.cursor.setPosition(at);
        mark.cursor.setPosition(at + 1, QTextCursor::KeepAnchor);
        selections.append(mark);
    }
    setExtraSelections(selections);
    viewport()->update();
}

int RecordSetTextEdit::lineHeight() const
{
    const int margins = int(2 * document()->documentMargin()) + 2 * frameWidth();
    return fontMetrics().lineSpacing() + margins + 2;
}

QSize RecordSetTextEdit::sizeHint() const { return {400, lineHeight()}; }
QSize RecordSetTextEdit::minimumSizeHint() const { return {100, lineHeight()}; }

void RecordSetTextEdit::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        emit returnPressed();
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void RecordSetTextEdit::insertFromMimeData(const QMimeData *source)
{
    if (!source->hasText())
        return;
    QString text = source->text();
    text.replace(QLatin1String("\r\n"), QLatin1String(" "));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    insertPlainText(text);
}

void RecordSetTextEdit::paintEvent(QPaintEvent *event)
{
    QPlainTextEdit::paintEvent(event);
    const int length = int(toPlainText().size());
    if (m_errorPosition < 0 || m_errorPosition < length)
        return;
    // An error at the end ("expected ']'"): a red caret after the last character.
    QTextCursor c(document());
    c.setPosition(length);
    const QRect r = cursorRect(c);
    QPainter p(viewport());
    p.setPen(QPen(Qt::red, 2));
    const int x = r.right() + 2;
    p.drawLine(x, r.bottom(), x + 4, r.bottom() - 5);
    p.drawLine(x + 4, r.bottom() - 5, x + 8, r.bottom());
}

} // namespace ui

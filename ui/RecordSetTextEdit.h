#pragma once

#include <QPlainTextEdit>

// The raw record-set text box: one line (no wrapping, Enter submits, pasted line breaks become
// spaces, Tab moves focus), monospace, with a red wavy underline on the character where a syntax
// error is. setText() does not emit textEdited().
namespace ui {

class RecordSetTextEdit final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordSetTextEdit)

public:
    explicit RecordSetTextEdit(QWidget *parent = nullptr);

    QString text() const;
    void setText(const QString &text); // keeps the cursor position where it can
    // Underlines the character at `position` (0-based; at the end: the last character, and a
    // marker after it). -1 clears.
    void setErrorPosition(int position);
    int errorPosition() const { return m_errorPosition; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void textEdited();     // the user changed the text
    void returnPressed();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void insertFromMimeData(const QMimeData *source) override;
    void paintEvent(QPaintEvent *event) override;

private:
    int lineHeight() const;

    bool m_setting = false;
    int m_errorPosition = -1;
};

} // namespace ui

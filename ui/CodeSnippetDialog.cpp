#include "ui/CodeSnippetDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ui {

CodeSnippetDialog::CodeSnippetDialog(const QString &drms, const QString &sunpy, const QString &url, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Copy as code"));
    m_tabs = new QTabWidget(this);
    addSnippet(tr("drms"), drms, Wrap::Never);
    addSnippet(tr("sunpy"), sunpy, Wrap::Never);
    addSnippet(tr("jsoc_info URL"), url, Wrap::Anywhere);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    copy->setDefault(true);
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(snippet(m_tabs->currentIndex())); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(buttons);
    resize(720, 360);
}

void CodeSnippetDialog::addSnippet(const QString &title, const QString &text, Wrap wrap)
{
    auto *edit = new QPlainTextEdit(text, m_tabs);
    edit->setReadOnly(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    if (wrap == Wrap::Never) {
        // A soft-wrapped Python line would look like two lines: code scrolls sideways instead.
        edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    } else {
        // A URL has no spaces to break at: break it anywhere, never scroll.
        edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
        edit->setWordWrapMode(QTextOption::WrapAnywhere);
        edit->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    }
    m_tabs->addTab(edit, title);
    m_texts.append(text);
}

QString CodeSnippetDialog::snippet(int index) const
{
    return m_texts.value(index);
}

} // namespace ui

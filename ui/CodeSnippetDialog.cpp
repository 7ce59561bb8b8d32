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
    addSnippet(tr("drms"), drms);
    addSnippet(tr("sunpy"), sunpy);
    addSnippet(tr("jsoc_info URL"), url);

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

void CodeSnippetDialog::addSnippet(const QString &title, const QString &text)
{
    auto *edit = new QPlainTextEdit(text, m_tabs);
    edit->setReadOnly(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    edit->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // lines wrap, long URLs anywhere
    m_tabs->addTab(edit, title);
    m_texts.append(text);
}

QString CodeSnippetDialog::snippet(int index) const
{
    return m_texts.value(index);
}

} // namespace ui

#pragma once

#include <QDialog>

class QTabWidget;

// "Copy as code": the current query as a drms snippet, a sunpy snippet and the raw jsoc_info
// URL, each in its own tab with a Copy button, so the user can take the query to a script.
namespace ui {

class CodeSnippetDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CodeSnippetDialog)

public:
    CodeSnippetDialog(const QString &drms, const QString &sunpy, const QString &url, QWidget *parent = nullptr);

    QTabWidget *tabs() const { return m_tabs; }
    // Text of tab `index` (0 drms, 1 sunpy, 2 URL).
    QString snippet(int index) const;

private:
    enum class Wrap { Never, Anywhere };
    void addSnippet(const QString &title, const QString &text, Wrap wrap);

    QTabWidget *m_tabs = nullptr;
    QStringList m_texts;
};

} // namespace ui

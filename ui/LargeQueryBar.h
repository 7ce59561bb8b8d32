#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

// Shown above the keyword table when a count is over the threshold: the user decides between
// narrowing the query, fetching only the first records, or fetching everything. Inline rather
// than modal so the builder stays usable while the choice is pending.
namespace ui {

class LargeQueryBar final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LargeQueryBar)

public:
    explicit LargeQueryBar(QWidget *parent = nullptr);

    // `count` records match; `firstN` is what "Fetch first" offers.
    void ask(qint64 count, qint64 firstN);
    QString text() const;
    QPushButton *fetchFirstButton() const { return m_first; }
    QPushButton *fetchAllButton() const { return m_all; }
    QPushButton *narrowButton() const { return m_narrow; }

signals:
    void fetchFirstChosen(qint64 n);
    void fetchAllChosen();
    void narrowChosen();

private:
    QLabel *m_text = nullptr;
    QPushButton *m_first = nullptr;
    QPushButton *m_all = nullptr;
    QPushButton *m_narrow = nullptr;
    qint64 m_firstN = 0;
};

} // namespace ui

#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

// A message strip across the top of the window ("JSOC cannot be reached …"), for states the
// user should see without a modal dialog. Optional action button (e.g. "Retry") and a close
// button. Colours are derived from the system palette so dark themes stay readable.
namespace ui {

class InlineBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InlineBanner)

public:
    enum class Kind { Info, Warning, Error };

    explicit InlineBanner(QWidget *parent = nullptr);

    // Shows the banner. An empty actionText hides the action button.
    void showMessage(Kind kind, const QString &text, const QString &actionText = {});
    void dismiss();

    Kind kind() const { return m_kind; }
    QString text() const;

signals:
    void actionTriggered();
    void dismissed();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColours();

    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_action = nullptr;
    QToolButton *m_close = nullptr;
    Kind m_kind = Kind::Info;
    bool m_applyingColours = false;
};

} // namespace ui

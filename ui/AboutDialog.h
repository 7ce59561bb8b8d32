#pragma once

#include <QDialog>

// The About box: application version and the versions of Qt (built with and running),
// cfitsio and QCustomPlot.
namespace ui {

class AboutDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)

public:
    explicit AboutDialog(QWidget *parent = nullptr);

    // The library lines, e.g. "Qt 6.4.2 (built with 6.4.2)\ncfitsio 4.2.0\nQCustomPlot 2.1.0".
    static QString versionsText();
};

} // namespace ui

#include "ui/InvalidFieldMark.h"

#include <QApplication>
#include <QLineEdit>

namespace ui {

void markInvalidField(QLineEdit *edit, bool invalid)
{
    QPalette palette = QApplication::palette(edit);
    if (invalid)
        palette.setColor(QPalette::Base, QColor(0xff, 0xe4, 0xe1));
    edit->setPalette(palette);
}

} // namespace ui

#pragma once

class QLineEdit;

namespace ui {

// Tints a field whose text is wrong (light red) or gives it back its normal look. Through the
// palette, not a style sheet: a cleared style sheet left the tint behind on fields that had been
// marked while hidden, so a corrected value still looked wrong.
void markInvalidField(QLineEdit *edit, bool invalid);

} // namespace ui

#pragma once

#include <QKeySequence>
#include <QList>

namespace ui {

// The keys that close a secondary window: the platform's Close keys plus Ctrl+W, which some
// platform themes (e.g. offscreen, some desktops) leave out although users expect it everywhere.
inline QList<QKeySequence> closeWindowKeys()
{
    QList<QKeySequence> keys = QKeySequence::keyBindings(QKeySequence::Close);
    const QKeySequence ctrlW(Qt::CTRL | Qt::Key_W);
    if (!keys.contains(ctrlW))
        keys.prepend(ctrlW);
    return keys;
}

} // namespace ui

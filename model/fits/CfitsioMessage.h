#pragma once

#include <QString>

// A cfitsio failure in words, for the loader and the pixel reader alike: the status text and, in
// brackets, the most specific entry of cfitsio's message stack. The stack is process-wide, so it
// is cleared here: a later failure must not report this one's detail.
namespace fits {

QString cfitsioMessage(int status);

} // namespace fits

#pragma once

#include <QString>

// Gives a finished temporary file its final name without ever replacing a file that is already
// there: the rename refuses an existing target (Qt renames with RENAME_NOREPLACE or link+unlink),
// and a file already there with the same bytes counts as placed. The temporary is gone afterwards
// in every outcome but Failed.
namespace jsoc {

struct Placement {
    enum class Outcome { Placed, AlreadyThere, Different, Failed };
    Outcome outcome = Outcome::Failed;
    QString problem; // in words for Different and Failed
};

Placement placeWithoutOverwrite(const QString &temporary, const QString &finalPath);

// Whether two files hold the same bytes, read side by side in 1 MiB pieces.
bool sameFileBytes(const QString &a, const QString &b);

} // namespace jsoc

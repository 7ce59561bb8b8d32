#include "model/records/CsvField.h"

namespace jsoc::csv {

void appendField(QByteArray &out, QByteArrayView value)
{
    if (!needsQuoting(value)) {
        out.append(value.data(), value.size());
        return;
    }
    const qsizetype old = out.size();
    out.resize(old + maxFieldBytes(value.size()));
    char *const start = out.data();
    out.resize(writeField(start + old, value) - start);
}

} // namespace jsoc::csv

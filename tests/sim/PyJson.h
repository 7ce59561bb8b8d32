#pragma once

#include <QByteArray>
#include <QString>

// JSON as JSOC's Python CGIs (checkAddress.py, manage-request.py) write it with json.dumps.
namespace sim::pyjson {

// A json.dumps string literal: ASCII only (\uXXXX), '/' left alone.
QByteArray string(const QString &s);

} // namespace sim::pyjson

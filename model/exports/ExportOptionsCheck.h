#pragma once

#include "model/exports/AddressCheck.h"
#include "model/exports/ExportTypes.h"
#include "model/exports/ProcessingCheck.h"
#include "model/exports/ProcessingSteps.h"

#include <QString>
#include <QStringList>

// Checks on an export request before it is sent (protocol §3.8), as pure functions that return
// messages a person can act on (empty = fine), plus the builders for the `protocol` text. The
// export dialog shows these messages and refuses to send while any remain. The processing steps
// (their catalogue, text and checks) live in ProcessingSteps.h and ProcessingCheck.h, included
// here for the callers that knew them from this header.
namespace jsoc {

// Colour-table choices and the image options of the jpg/mpg/mp4 protocols (drms's lists).
struct ImageProtocolOptions {
    QString colourTable = QStringLiteral("grey.sao");
    QString scaling = QStringLiteral("MINMAX");
    int size = 1;   // drms `size`: 1 = full resolution, n = shrink by n
    QString min;    // MINMAXGIVEN only
    QString max;
};

const QStringList &colourTables();
const QStringList &imageScalings();
bool isImageProtocol(const QString &protocol); // jpg, mpg, mp4
// "jpg,CT=grey.sao,scaling=MINMAX,size=1[,min=…,max=…]"; other protocols are returned unchanged.
QString protocolText(const QString &protocol, const ImageProtocolOptions &image);
QStringList checkImageProtocol(const ImageProtocolOptions &image);

// Syntax only (registration is checkAddress.sh's job). Empty when it looks like an address.
QString checkEmailSyntax(const QString &email);
// JSOC_YYYYMMDD_NNN[_IN|_X_IN] (what exp_status accepts). Empty when fine.
QString checkRequestId(const QString &requestId);
// drms filenamefmt text: balanced {…} fields, no '/', at least one field so names differ.
QStringList checkFilenameFormat(const QString &format);
// Everything about a request: record set syntax, e-mail syntax, method, protocol, limit, the
// characters JSOC refuses (';' and an odd number of '\''), processing only with url/url-tar and
// checked as a chain against the record set's series and the limit (checkProcessingChain).
QStringList checkExportOptions(const ExportRequestOptions &options);
// What a checkAddress.sh answer means for the user and what to do; empty when registered.
QString addressCheckAdvice(const QString &email, const AddressCheck &check);

} // namespace jsoc

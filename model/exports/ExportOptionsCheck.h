#pragma once

#include "model/exports/AddressCheck.h"
#include "model/exports/ExportTypes.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// Checks on an export request before it is sent (protocol §3.8), as pure functions that return
// messages a person can act on (empty = fine), plus the builders for the `protocol` and
// `process=n` texts. The export dialog shows these messages and refuses to send while any remain.
//
// Processing steps: drms allows im_patch, resize, rebin, aia_scale_aialev1, aia_scale_orig,
// aia_scale_other, Maproj and HmiB2ptr. The first six are described here with their arguments
// (names as the JSOC export page and sunpy's Cutout send them).
// Not supported: Maproj and HmiB2ptr (their argument sets are large; use the JSOC web page).
namespace jsoc {

struct ProcessingField {
    enum class Kind { Number, PositiveNumber, Flag, Choice, Time };
    QString key;          // argument name on the wire ("t_ref")
    QString label;        // for the form ("Reference time")
    Kind kind = Kind::Number;
    QStringList choices;  // Kind::Choice
    QString defaultValue; // "" = must be filled in (required fields only)
    bool required = true;
};

struct ProcessingStepSpec {
    QString name;  // "im_patch"
    QString title; // "Cutout (im_patch)"
    QString help;  // one sentence
    QList<ProcessingField> fields;
};

struct ProcessingStep {
    QString name;
    QList<QPair<QString, QString>> args; // in the order the spec lists them

    QString value(const QString &key) const;
    void setValue(const QString &key, const QString &value);
    bool operator==(const ProcessingStep &) const = default;
};

// Colour-table choices and the image options of the jpg/mpg/mp4 protocols (drms's lists).
struct ImageProtocolOptions {
    QString colourTable = QStringLiteral("grey.sao");
    QString scaling = QStringLiteral("MINMAX");
    int size = 1;   // drms `size`: 1 = full resolution, n = shrink by n
    QString min;    // MINMAXGIVEN only
    QString max;
};

const QList<ProcessingStepSpec> &processingStepSpecs();
const ProcessingStepSpec *processingStepSpec(const QString &name); // nullptr when unknown
// A step with every argument at its default (required ones empty).
ProcessingStep defaultProcessingStep(const QString &name);
// Problems with one step's arguments; `series` (may be empty) lets AIA-only steps be checked.
QStringList checkProcessingStep(const ProcessingStep &step, const QString &series = QString());
// "im_patch,t_ref=…,x=…|rebin,scale=0.5,method=boxcar" (empty for no steps).
QString processingText(const QList<ProcessingStep> &steps);
// The reverse of processingText (for checking a stored request); unknown steps are kept.
QList<ProcessingStep> parseProcessingText(const QString &text);

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
// characters JSOC refuses (';' and an odd number of '\''), processing only with url/url-tar.
QStringList checkExportOptions(const ExportRequestOptions &options);
// What a checkAddress.sh answer means for the user and what to do; empty when registered.
QString addressCheckAdvice(const QString &email, const AddressCheck &check);

} // namespace jsoc

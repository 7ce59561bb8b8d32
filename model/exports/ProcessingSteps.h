#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <limits>

// JSOC's export processing catalogue (protocol §10 item 4): the nine steps JSOC's export page and
// drms can ask for, each with its arguments as they go on the wire, and the `process` text that
// chains them ("im_patch,t_ref=…,x=…|rebin,method=boxcar,scale=0.5").
//
// Argument names and meanings were read from JSOC's export page (exportdata.d/processing.js and
// export_request_form.html) and the modules it runs (im_patch, jsoc_rebin, jsoc_resize,
// export_as_maproj, hmib2ptr). Checking values is ProcessingCheck's job, the size they give is
// ProcessingSizeRatio's.
namespace jsoc {

struct ProcessingField {
    enum class Kind {
        Number,         // any finite number
        PositiveNumber, // above 0
        Integer,        // digits only ("4096", not "4096.0": the modules read it as an int)
        Flag,           // 0 or 1 (JSOC turns "c=1" into the module flag -c)
        Choice,         // one of `choices`
        Time,           // a DRMS time (drms::parseTime)
        Duration,       // a DRMS interval with its unit: "720s", "12m", "1h", "1d"
    };
    QString key;          // argument name on the wire ("t_ref")
    QString label;        // for the form ("Reference time")
    Kind kind = Kind::Number;
    QStringList choices;  // Kind::Flag and Kind::Choice
    QString defaultValue; // "" = left out of the text unless filled in
    bool required = true; // some optional arguments become required by another one (see ProcessingCheck)
    double lowest = -std::numeric_limits<double>::infinity(); // inclusive bounds for numbers
    double highest = std::numeric_limits<double>::infinity();
};

struct ProcessingStepSpec {
    QString name;  // "im_patch"
    QString title; // "Cutout (im_patch)"
    QString help;  // one or two sentences
    QList<ProcessingField> fields;

    const ProcessingField *field(const QString &key) const; // nullptr when the step has no such argument
};

struct ProcessingStep {
    QString name;
    QList<QPair<QString, QString>> args; // in the order the spec lists them

    QString value(const QString &key) const;
    bool has(const QString &key) const; // a non-blank value was given
    void setValue(const QString &key, const QString &value);
    bool operator==(const ProcessingStep &) const = default;
};

// All nine, in the order JSOC's export page lists them.
const QList<ProcessingStepSpec> &processingStepSpecs();
const ProcessingStepSpec *processingStepSpec(const QString &name); // exact name; nullptr when unknown
// A step with every argument at its default (required ones without a default empty).
ProcessingStep defaultProcessingStep(const QString &name);

// "im_patch,t_ref=…,x=…|rebin,method=boxcar,scale=0.5" (empty for no steps). Blank values are left
// out, the others are trimmed.
QString processingText(const QList<ProcessingStep> &steps);
// The reverse of processingText (for checking a stored request); unknown steps and arguments are
// kept so that the checks can name them. Empty steps ("a||b") are skipped here and reported by
// processingTextProblems.
QList<ProcessingStep> parseProcessingText(const QString &text);
// What is wrong with the text as text: empty steps, arguments without '=' or without a name, an
// argument given twice, a step name that is not a word. Empty when the text is well formed.
QStringList processingTextProblems(const QString &text);

} // namespace jsoc

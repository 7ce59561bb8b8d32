#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace sim {

// jsoc_fetch's `process` value as JSOC's export manager reads it: "n=<limit>" then "|"-separated
// steps "<name>,<arg>=<value>,...", e.g. "n=0|im_patch,t_ref=...,x=-517.2|rebin,method=boxcar,scale=0.25".
// "no_op" (and an empty value) means no processing.
struct ProcessingStep {
    QString name;                           // lower case
    QList<QPair<QString, QString>> args;    // in the order given
    QString arg(const QString &key, const QString &fallback = {}) const;
    double number(const QString &key, double fallback) const; // `fallback` unless a finite number
    bool has(const QString &key) const;
};

class ProcessingChain final
{
public:
    static ProcessingChain parse(const QString &process);

    bool isEmpty() const { return m_steps.isEmpty(); }
    const QList<ProcessingStep> &steps() const { return m_steps; }
    const ProcessingStep *find(const QString &name) const;

    // Why JSOC's export manager fails a request for `series` with this chain, in its words
    // ("Invalid process field value: <process>."), or empty when it runs.
    QString refusal(const QString &series) const;
    // The series the processed records belong to: aia.lev1p5 for aia_scale_orig/aialev1 on
    // aia.lev1 data, "<series>_mod" for every other chain, `series` when nothing is done.
    QString outputSeries(const QString &series) const;

private:
    QString m_text;
    QList<ProcessingStep> m_steps;
    bool m_malformed = false;
};

} // namespace sim

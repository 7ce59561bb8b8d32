#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include "model/drms/JsocUrls.h"
#include "model/drms/SeriesStructure.h"

// "Copy as code": the query behind the keyword table as Python for drms and for sunpy, and as
// the raw jsoc_info rs_list URL, so a user can take it into a script.
// Python string literals are escaped (quotes, backslashes, control characters), so any record
// set text, including `[? INSTRUME='FUV' ?]`, gives a snippet that runs as written.
namespace jsoc {

struct CodeSnippetInput : RsListParameters {
    // The rs_list request itself (record set, keys, segments, links, limit, R=1) is the base;
    // empty keys with no segments or links mean **ALL**, as the client sends it.
    QUrl server;               // site root like JsocClient's (http://jsoc.stanford.edu); empty = JSOC
    SeriesStructure structure; // names the prime keys (and which are times) for the sunpy attrs
    QString notify;            // the user's JSOC-registered address for a.jsoc.Notify; empty = a placeholder
};

// True when `server` is JSOC itself (drms.Client() needs no server config).
bool isDefaultJsocServer(const QUrl &server);

// `import drms` … `c.query(ds, key=…, seg=…, n=…)`, printing "<N> records" and the table.
// For a server other than JSOC the client gets a drms.ServerConfig pointed at it.
QString drmsSnippet(const CodeSnippetInput &input);
// Fido.search with a.jsoc.Series, a.Time (+ a.Sample) for a time range or a whole-second
// duration on a slotted time prime key, a.Wavelength for one WAVELNTH value, a.jsoc.PrimeKey for
// other prime-key values, a.jsoc.Segment, a.jsoc.Keyword for simple
// `[? NAME op number AND … ?]` clauses and an a.jsoc.Notify placeholder. Record sets the attrs
// cannot express (several subsets, record numbers, other SQL, …) give a comment saying why
// followed by the drms snippet.
QString sunpySnippet(const CodeSnippetInput &input);
// The rs_list URL exactly as JsocClient::recordList sends it.
QUrl jsocInfoUrl(const CodeSnippetInput &input);

// A Python 3 string literal for `text` ('…', or "…" when that needs fewer escapes).
QString pythonString(const QString &text);

} // namespace jsoc

#pragma once

#include "model/drms/KeyConditionCheck.h"
#include "model/drms/RecordSetForm.h"
#include "model/drms/SeriesStructure.h"

#include <QHash>
#include <QList>
#include <QWidget>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTimer;
class QVBoxLayout;

// The record-set builder of one series: the raw record-set text box on top, kept in sync both ways
// with a form below it — one editor per prime key in series order (TimeKeyEditor for time keys,
// ValueKeyEditor for the others), a `[? where ?]` line, a first-N / last-N limit and the segment
// checklist. Editing the form rewrites the text at once; typing text fills the form after a short
// pause (250 ms, or at once on Enter). A syntax error is underlined where it is and explained
// ("position 23: expected ']' …") while the form keeps its last valid state. What the form cannot
// show (several subsets, `[! !]`, `[:#…]`) is kept in the text and listed under the form.
// HARP series (NOAA_ARS and a HARPNUM key) get a "NOAA AR" field: a region number (also typed
// as "NOAA 11158" or "AR11158" in the HARPNUM field) becomes `NOAA_ARS ~ "11158"` in the where
// clause, and the HARP found for it is asked for (noaaRegionLookupRequested; the builder never
// talks to the network) and shown when answered (showNoaaRegion).
namespace ui {

class KeyConditionEditor;
class RecordSetTextEdit;
class SegmentChecklist;

class RecordSetBuilder final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordSetBuilder)

public:
    explicit RecordSetBuilder(QWidget *parent = nullptr);

    void setStructure(const jsoc::SeriesStructure &structure); // builds one editor per prime key, the segment checklist
    QString recordSetText() const;              // the raw text (what is sent as ds)
    void setRecordSetText(const QString &text); // fills the form (or shows the syntax error where it is)
    bool isValid() const;                       // text parses and names this series
    qint64 limit() const;                       // 0 none, >0 first N, <0 last N
    QStringList selectedSegments() const;       // segments ticked (empty = none); `{**ALL**}` = all of them

    void setLimit(qint64 limit);
    jsoc::RecordSetForm form() const { return m_form; } // last valid form (with the limit)
    QString errorMessage() const;               // "position 23: expected ']' …", empty when valid
    QString noteMessage() const { return m_noteMessage; } // "The series' first record …", shown when valid
    int errorPosition() const { return m_errorPosition; } // -1 when valid

    // Parts, for tests and for the window's focus handling.
    RecordSetTextEdit *textEdit() const { return m_text; }
    KeyConditionEditor *keyEditor(const QString &key) const;
    QLineEdit *whereEdit() const { return m_where; }
    SegmentChecklist *segmentChecklist() const { return m_segments; }
    QComboBox *limitModeBox() const { return m_limitMode; }
    QSpinBox *limitCountBox() const { return m_limitCount; }
    QLabel *extrasLabel() const { return m_extras; }
    QLineEdit *noaaEdit() const { return m_noaa; }     // visible for HARP series only
    QString noaaFoundText() const;                     // "NOAA 11158 → HARP 377", "looking up…", or the error
    bool hasNoaaField() const { return m_hasNoaa; }

    // The answer to noaaRegionLookupRequested: the HARPs holding `region` (empty: none), or
    // `error` (in words) when the lookup failed. Answers for a region no longer asked are ignored.
    void showNoaaRegion(qint64 region, const QList<qint64> &harps, const QString &error = {});

signals:
    // The valid record set changed (from the form or from typed text). Not emitted while the text
    // does not parse: validityChanged(false) is.
    void recordSetChanged(const QString &text);
    void validityChanged(bool valid);
    void limitChanged(qint64 limit);
    void submitted(); // Enter in the text box (after applying the text) or in a field
    // Which HARP carries NOAA region `region` in `series`? Answer with showNoaaRegion().
    void noaaRegionLookupRequested(const QString &series, qint64 region);

private:
    struct Check {
        std::optional<jsoc::RecordSetForm> form; // set when the text parses for this series
        QString message;                         // empty when valid
        int position = -1;
        QString note;                            // sendable but likely not meant (outside the series)
    };
    Check check(const QString &text) const;
    void buildEditors();
    void applyText(const QString &text);
    void formEdited();
    void fillEditors();
    void updateExtras();
    void setError(const QString &message, int position, const QString &note = {});
    void setValid(bool valid);
    void emitIfChanged(const QString &text);
    void updateTabOrder();
    QString defaultStart(const jsoc::PrimeKeyInfo &key) const;
    void noaaEdited();
    bool takeNoaaFromHarpField();
    void setNoaaRegion(std::optional<qint64> region, bool rewriteWhere);
    void askNoaaRegion(std::optional<qint64> region);

    jsoc::SeriesStructure m_structure;
    QHash<QString, jsoc::SeriesTimeSpan> m_timeSpans; // per time prime key, read once per structure
    bool m_hasStructure = false;
    jsoc::RecordSetForm m_form;
    QList<KeyConditionEditor *> m_keyEditors;

    RecordSetTextEdit *m_text = nullptr;
    QLabel *m_error = nullptr;
    QWidget *m_formArea = nullptr;
    QVBoxLayout *m_left = nullptr;
    QLabel *m_whereLabel = nullptr;
    QLineEdit *m_where = nullptr;
    QLabel *m_limitLabel = nullptr;
    QComboBox *m_limitMode = nullptr;
    QSpinBox *m_limitCount = nullptr;
    QLabel *m_extras = nullptr;
    SegmentChecklist *m_segments = nullptr;
    QTimer *m_debounce = nullptr;
    QLabel *m_noaaLabel = nullptr;
    QLineEdit *m_noaa = nullptr;
    QLabel *m_noaaFound = nullptr;
    QTimer *m_noaaDebounce = nullptr; // one lookup once typing pauses, not one per digit
    bool m_hasNoaa = false;
    qint64 m_noaaAsked = 0;           // region whose answer is awaited or shown (0: none)

    bool m_valid = true;
    bool m_filling = false;
    QString m_errorMessage;
    QString m_noteMessage;
    int m_errorPosition = -1;
    QString m_lastEmitted;
};

} // namespace ui

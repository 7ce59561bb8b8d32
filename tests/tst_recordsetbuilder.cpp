// RecordSetBuilder: the raw text and the form stay in sync both ways (typed text fills the
// editors after the debounce, edits rewrite the text at once), syntax errors are shown where they
// are while the form keeps its last valid state, limit, segments, signals, keyboard order.
// Set RECORDSET_BUILDER_PNG_DIR to keep the rendered builders as PNG files.
#include "RecordSetTestStructures.h"
#include "ui/RecordSetBuilder.h"
#include "ui/RecordSetTextEdit.h"
#include "ui/SegmentChecklist.h"
#include "ui/TimeKeyEditor.h"
#include "ui/ValueKeyEditor.h"

#include <QCalendarWidget>
#include <QComboBox>
#include <QToolButton>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace ui;
using Mode = TimeKeyEditor::Mode;

class TestRecordSetBuilder final : public QObject
{
    Q_OBJECT

private:
    jsoc::SeriesStructure m_m720;
    jsoc::SeriesStructure m_aia;
    jsoc::SeriesStructure m_sharp;

    static TimeKeyEditor *timeEditor(const RecordSetBuilder &b, const char *key)
    {
        return qobject_cast<TimeKeyEditor *>(b.keyEditor(QLatin1String(key)));
    }
    static ValueKeyEditor *valueEditor(const RecordSetBuilder &b, const char *key)
    {
        return qobject_cast<ValueKeyEditor *>(b.keyEditor(QLatin1String(key)));
    }
    static void typeInto(QWidget *w, const QString &text)
    {
        w->setFocus();
        QTest::keyClicks(w, text);
    }
    static void replaceText(QLineEdit *edit, const QString &text)
    {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, text);
    }
    static void choose(QComboBox *box, int index)
    {
        // What a user does with the keyboard: the combo emits activated().
        box->setFocus();
        while (box->currentIndex() < index)
            QTest::keyClick(box, Qt::Key_Down);
        while (box->currentIndex() > index)
            QTest::keyClick(box, Qt::Key_Up);
    }
    static QListWidgetItem *segmentItem(const RecordSetBuilder &b, const QString &name)
    {
        QListWidget *list = b.segmentChecklist()->list();
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->data(Qt::UserRole).toString() == name)
                return list->item(i);
        }
        return nullptr;
    }
    void savePng(QWidget &w, const QString &name)
    {
        const QImage image = w.grab().toImage();
        QVERIFY(!image.isNull());
        const QByteArray dir = qgetenv("RECORDSET_BUILDER_PNG_DIR");
        if (!dir.isEmpty())
            QVERIFY(image.save(QString::fromLocal8Bit(dir) + u'/' + name));
    }

private slots:
    void initTestCase()
    {
        m_m720 = recordsettest::simulatedStructure(QStringLiteral("hmi.m_720s"));
        m_aia = recordsettest::sampleStructure(QStringLiteral("aia.lev1_euv_12s"));
        m_sharp = recordsettest::sampleStructure(QStringLiteral("hmi.sharp_720s"));
        QCOMPARE(m_m720.primeKeys, QStringList({"T_REC", "CAMERA"}));
    }

    void structureBuildsEditors()
    {
        RecordSetBuilder b;
        QSignalSpy changed(&b, &RecordSetBuilder::recordSetChanged);
        b.setStructure(m_m720);
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.m_720s"));
        QVERIFY(b.isValid());
        QCOMPARE(changed.count(), 1);
        QVERIFY(timeEditor(b, "T_REC"));
        QVERIFY(valueEditor(b, "CAMERA"));
        QCOMPARE(timeEditor(b, "T_REC")->mode(), Mode::Any);
        QCOMPARE(b.segmentChecklist()->segmentNames(), QStringList({"magnetogram"}));
        QCOMPARE(b.limit(), 0);
        QVERIFY(b.selectedSegments().isEmpty());

        // A new series rebuilds the editors; text for the old series is replaced by the new name.
        b.setStructure(m_sharp);
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.sharp_720s"));
        QVERIFY(valueEditor(b, "HARPNUM"));
        QVERIFY(timeEditor(b, "T_REC"));
        QVERIFY(!b.keyEditor(QStringLiteral("CAMERA")));
        QCOMPARE(b.segmentChecklist()->segmentNames().size(), 31);
    }

    void typedTextFillsTheForm()
    {
        RecordSetBuilder b;
        b.setStructure(m_m720);
        QSignalSpy changed(&b, &RecordSetBuilder::recordSetChanged);
        RecordSetTextEdit *text = b.textEdit();
        text->setFocus();
        text->selectAll();
        const QString typed = QStringLiteral("hmi.m_720s[2014.01.01_TAI/1d@1h]{magnetogram}");
        QTest::keyClicks(text, typed);
        // Debounced: one application after the typing pause, not one per character.
        QTRY_COMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().toString(), typed);
        TimeKeyEditor *t = timeEditor(b, "T_REC");
        QCOMPARE(t->mode(), Mode::Duration);
        QCOMPARE(t->startEdit()->text(), QStringLiteral("2014.01.01_TAI"));
        QCOMPARE(t->durationEdit()->text(), QStringLiteral("1d"));
        QCOMPARE(t->cadenceEdit()->text(), QStringLiteral("1h"));
        QVERIFY(t->durationEdit()->isVisibleTo(t));
        QVERIFY(!t->endEdit()->isVisibleTo(t));
        QVERIFY(t->explanation().contains(QStringLiteral("1d = 86400 s = 120 slots.")));
        QVERIFY(t->explanation().contains(QStringLiteral("@1h = every 5 slots (3600 s).")));
        QCOMPARE(valueEditor(b, "CAMERA")->lineEdit()->text(), QString());
        QCOMPARE(b.segmentChecklist()->checkedSegments(), QStringList({"magnetogram"}));
        QCOMPARE(b.selectedSegments(), QStringList({"magnetogram"}));
        QCOMPARE(b.recordSetText(), typed); // the typed text is not rewritten
        QVERIFY(b.isValid());

        // Enter applies at once and submits.
        QSignalSpy submitted(&b, &RecordSetBuilder::submitted);
        text->selectAll();
        QTest::keyClicks(text, QStringLiteral("hmi.m_720s[][1,2]"));
        QTest::keyClick(text, Qt::Key_Return);
        QCOMPARE(submitted.count(), 1);
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.m_720s[][1,2]")); // no newline inserted
        QCOMPARE(changed.count(), 2);
        QCOMPARE(t->mode(), Mode::Any);
        QCOMPARE(valueEditor(b, "CAMERA")->lineEdit()->text(), QStringLiteral("1,2"));
        QVERIFY(b.segmentChecklist()->checkedSegments().isEmpty());
    }

    void editingTheFormRewritesTheText()
    {
        RecordSetBuilder b;
        b.setStructure(m_sharp);
        QSignalSpy changed(&b, &RecordSetBuilder::recordSetChanged);
        QSignalSpy typed(b.textEdit(), &RecordSetTextEdit::textEdited);
        typeInto(valueEditor(b, "HARPNUM")->lineEdit(), QStringLiteral("377"));
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.sharp_720s[377]"));
        QCOMPARE(changed.count(), 3); // 3, 37, 377: each edit is a new record set at once
        QCOMPARE(typed.count(), 0);   // the text box was written, not typed: no debounce, no loop

        TimeKeyEditor *t = timeEditor(b, "T_REC");
        choose(t->modeBox(), 1); // at
        QCOMPARE(t->mode(), Mode::At);
        // The start is prefilled with the day of the series' last record.
        QCOMPARE(t->startEdit()->text(), QStringLiteral("2020.02.07_00:00:00_TAI"));
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.sharp_720s[377][2020.02.07_00:00:00_TAI]"));
        replaceText(t->startEdit(), QStringLiteral("2011.02.15_00:00:00_TAI"));
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.sharp_720s[377][2011.02.15_00:00:00_TAI]"));

        // The date picker changes the date and keeps the time of day and zone.
        auto *calendar = t->findChild<QCalendarWidget *>();
        QVERIFY(calendar);
        const QList<QToolButton *> dateButtons = t->findChildren<QToolButton *>(QStringLiteral("start_T_REC_date"));
        QCOMPARE(dateButtons.size(), 1);
        calendar = dateButtons.first()->findChild<QCalendarWidget *>();
        QVERIFY(calendar);
        emit calendar->clicked(QDate(2011, 2, 16));
        QCOMPARE(t->startEdit()->text(), QStringLiteral("2011.02.16_00:00:00_TAI"));
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.sharp_720s[377][2011.02.16_00:00:00_TAI]"));
        replaceText(t->startEdit(), QStringLiteral("2011.02.15_00:00:00_TAI"));

        choose(t->modeBox(), 3); // from … for
        QCOMPARE(t->durationEdit()->text(), QStringLiteral("1d"));
        replaceText(t->cadenceEdit(), QStringLiteral("1h"));
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.sharp_720s[377][2011.02.15_00:00:00_TAI/1d@1h]"));
        choose(t->modeBox(), 2); // from … to: end prefilled one day later
        QCOMPARE(t->endEdit()->text(), QStringLiteral("2011.02.16_00:00:00_TAI"));
        QCOMPARE(b.recordSetText(),
                 QStringLiteral("hmi.sharp_720s[377][2011.02.15_00:00:00_TAI-2011.02.16_00:00:00_TAI@1h]"));
        choose(t->modeBox(), 4); // expression
        replaceText(t->expressionEdit(), QStringLiteral("$"));
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.sharp_720s[377][$]"));
        choose(t->modeBox(), 0);
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.sharp_720s[377]"));

        typeInto(b.whereEdit(), QStringLiteral("QUALITY=0"));
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.sharp_720s[377][? QUALITY=0 ?]"));
        replaceText(valueEditor(b, "HARPNUM")->lineEdit(), QString());
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.sharp_720s[? QUALITY=0 ?]"));
        QCOMPARE(typed.count(), 0);
        QVERIFY(b.isValid());
        QCOMPARE(changed.last().first().toString(), b.recordSetText());
    }

    void undoAndEnterInFields()
    {
        RecordSetBuilder b;
        b.setStructure(m_m720);
        QSignalSpy submitted(&b, &RecordSetBuilder::submitted);
        typeInto(valueEditor(b, "CAMERA")->lineEdit(), QStringLiteral("2"));
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.m_720s[][2]"));
        QTest::keyClick(valueEditor(b, "CAMERA")->lineEdit(), Qt::Key_Return);
        QCOMPARE(submitted.count(), 1);
        typeInto(b.whereEdit(), QStringLiteral("QUALITY=0"));
        QTest::keyClick(b.whereEdit(), Qt::Key_Enter);
        QCOMPARE(submitted.count(), 2);
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.m_720s[][2][? QUALITY=0 ?]"));

        // Ctrl+Z in the text box undoes the last rewrite; the form follows after the pause.
        b.textEdit()->setFocus();
        QTest::keyClick(b.textEdit(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.m_720s[][2][? QUALITY= ?]"));
        QTRY_COMPARE(b.whereEdit()->text(), QStringLiteral("QUALITY="));

        // Segments typed a moment ago count before the pause is over.
        b.textEdit()->selectAll();
        QTest::keyClicks(b.textEdit(), QStringLiteral("hmi.m_720s{magnetogram}"));
        QCOMPARE(b.selectedSegments(), QStringList({"magnetogram"}));
        QVERIFY(b.isValid());
    }

    void namedKeysStayNamed()
    {
        RecordSetBuilder b;
        b.setStructure(m_m720);
        b.setRecordSetText(QStringLiteral("hmi.m_720s[CAMERA=2]"));
        QVERIFY(b.isValid());
        replaceText(valueEditor(b, "CAMERA")->lineEdit(), QStringLiteral("3"));
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.m_720s[CAMERA=3]"));
    }

    void syntaxErrorShownWhereItIs()
    {
        RecordSetBuilder b;
        b.setStructure(m_m720);
        b.setRecordSetText(QStringLiteral("hmi.m_720s[2014.01.01_TAI/1d][2]"));
        QVERIFY(b.isValid());
        QSignalSpy validity(&b, &RecordSetBuilder::validityChanged);
        QSignalSpy changed(&b, &RecordSetBuilder::recordSetChanged);
        RecordSetTextEdit *text = b.textEdit();
        text->setFocus();
        text->selectAll();
        QTest::keyClicks(text, QStringLiteral("hmi.m_720s[2014.01.01_TAI/1d@1h"));
        QVERIFY(!b.isValid()); // judged at once, before the debounce ran
        QTRY_COMPARE(validity.count(), 1);
        QCOMPARE(validity.first().first().toBool(), false);
        QCOMPARE(b.errorPosition(), 31);
        QCOMPARE(text->errorPosition(), 31);
        QVERIFY2(b.errorMessage().startsWith(QStringLiteral("position 31: expected ']' to close the filter opened at 10")),
                 qPrintable(b.errorMessage()));
        QCOMPARE(b.findChild<QLabel *>(QStringLiteral("recordSetError"))->text(), b.errorMessage());
        QCOMPARE(changed.count(), 0);
        // The form keeps its last valid state.
        TimeKeyEditor *t = timeEditor(b, "T_REC");
        QCOMPARE(t->mode(), Mode::Duration);
        QCOMPARE(t->cadenceEdit()->text(), QString());
        QCOMPARE(valueEditor(b, "CAMERA")->lineEdit()->text(), QStringLiteral("2"));
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.m_720s[2014.01.01_TAI/1d@1h")); // not reverted

        QTest::keyClick(text, Qt::Key_End);
        QTest::keyClick(text, Qt::Key_BracketRight);
        QTRY_COMPARE(validity.count(), 2);
        QVERIFY(b.isValid());
        QCOMPARE(b.errorPosition(), -1);
        QCOMPARE(b.errorMessage(), QString());
        QCOMPARE(text->errorPosition(), -1);
        QCOMPARE(t->cadenceEdit()->text(), QStringLiteral("1h"));
        QCOMPARE(valueEditor(b, "CAMERA")->lineEdit()->text(), QString());
        QCOMPARE(changed.count(), 1);
    }

    void otherSeriesIsInvalid()
    {
        RecordSetBuilder b;
        b.setStructure(m_m720);
        b.setRecordSetText(QStringLiteral("hmi.v_45s[$]"));
        QVERIFY(!b.isValid());
        QCOMPARE(b.errorPosition(), 0);
        QVERIFY(b.errorMessage().contains(QStringLiteral("names hmi.v_45s")));
        b.setRecordSetText(QStringLiteral("hmi.m_720s[$], hmi.v_45s[$]"));
        QVERIFY(!b.isValid());
        QCOMPARE(b.errorPosition(), 15);
        QVERIFY(b.errorMessage().contains(QStringLiteral("also names hmi.v_45s")));
        b.setRecordSetText(QStringLiteral("hmi.M_720s[$],hmi.m_720s[:#100-#200]"));
        QVERIFY(b.isValid());
        QVERIFY(b.extrasLabel()->isVisibleTo(&b));
        QVERIFY(b.extrasLabel()->text().contains(QStringLiteral("hmi.m_720s[:#100-#200]")));
        QCOMPARE(timeEditor(b, "T_REC")->mode(), Mode::Expression);
        // Editing the form keeps what it cannot show.
        typeInto(valueEditor(b, "CAMERA")->lineEdit(), QStringLiteral("2"));
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.M_720s[$][2],hmi.m_720s[:#100-#200]"));
        QVERIFY(b.isValid());
    }

    void badFieldIsAnError()
    {
        RecordSetBuilder b;
        b.setStructure(m_m720);
        QSignalSpy validity(&b, &RecordSetBuilder::validityChanged);
        typeInto(valueEditor(b, "CAMERA")->lineEdit(), QStringLiteral("1,,2"));
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.m_720s[][1,,2]"));
        QVERIFY(!b.isValid());
        QCOMPARE(validity.count(), 1);
        QVERIFY(b.errorMessage().contains(QStringLiteral("CAMERA: expected a value")));
        QCOMPARE(b.errorPosition(), 13);
        replaceText(valueEditor(b, "CAMERA")->lineEdit(), QStringLiteral("1,2"));
        QVERIFY(b.isValid());

        TimeKeyEditor *t = timeEditor(b, "T_REC");
        choose(t->modeBox(), 1);
        replaceText(t->startEdit(), QStringLiteral("2014.13.01"));
        QVERIFY(!b.isValid());
        QVERIFY(b.errorMessage().contains(QStringLiteral("T_REC start: '2014.13.01' is not a valid time")));
        QVERIFY(t->explanation().contains(QStringLiteral("month 13 is out of range")));
        // In a field a zone-less time means the key's zone (TAI here), unlike JSOC's UTC reading
        // of zone-less text: the record set carries it with its zone, and leaving the field
        // writes it so.
        replaceText(t->startEdit(), QStringLiteral("2014-01-01 00:00"));
        QVERIFY(b.isValid());
        QVERIFY2(t->explanation().startsWith(QStringLiteral("Read in T_REC's zone: 2014.01.01_00:00:00_TAI.")),
                 qPrintable(t->explanation()));
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.m_720s[2014.01.01_00:00:00_TAI][1,2]"));
        QVERIFY(QMetaObject::invokeMethod(t->startEdit(), "editingFinished"));
        QCOMPARE(t->startEdit()->text(), QStringLiteral("2014.01.01_00:00:00_TAI"));
        // A zone-less time typed in the text keeps JSOC's reading (UTC) when it reaches the field.
        b.setRecordSetText(QStringLiteral("hmi.m_720s[2014.01.01_00:00:00][1,2]"));
        QCOMPARE(t->startEdit()->text(), QStringLiteral("2014.01.01_00:00:35_TAI"));

        // Values JSOC would misread or that miss the series are said before it is asked.
        replaceText(t->startEdit(), QStringLiteral("1066.10.14_TAI"));
        QVERIFY(b.isValid()); // a note, not an error
        QVERIFY2(b.noteMessage().contains(QStringLiteral("The series' first record has T_REC =")), qPrintable(b.noteMessage()));
        b.resize(900, 260);
        b.show();
        QVERIFY(QTest::qWaitForWindowExposed(&b));
        // The corrected CAMERA field looks normal again (it kept its red tint once).
        QCOMPARE(valueEditor(b, "CAMERA")->lineEdit()->palette().color(QPalette::Base), QApplication::palette(valueEditor(b, "CAMERA")->lineEdit()).color(QPalette::Base));
        savePng(b, QStringLiteral("builder-note.png"));
        b.setRecordSetText(QStringLiteral("hmi.m_720s[2014.13.45_25:61:00_TAI]"));
        QVERIFY(!b.isValid());
        QVERIFY2(b.errorMessage().contains(QStringLiteral("month 13")), qPrintable(b.errorMessage()));
        // The time fields hold it, marked, instead of it passing as an "expression".
        QCOMPARE(t->mode(), Mode::At);
        QCOMPARE(t->startEdit()->text(), QStringLiteral("2014.13.45_25:61:00_TAI"));
        QVERIFY(t->startEdit()->palette().color(QPalette::Base) != QApplication::palette(t->startEdit()).color(QPalette::Base));
        savePng(b, QStringLiteral("builder-error.png"));
        b.setRecordSetText(QStringLiteral("hmi.m_720s[2014.01.02_TAI-2014.01.01_TAI]"));
        QVERIFY(!b.isValid());
        QVERIFY2(b.errorMessage().contains(QStringLiteral("before it starts")), qPrintable(b.errorMessage()));
        b.setRecordSetText(QStringLiteral("hmi.m_720s[2014.01.01_TAI][2014.01.01_TAI]"));
        QVERIFY(!b.isValid());
        QVERIFY2(b.errorMessage().contains(QStringLiteral("CAMERA takes numbers")), qPrintable(b.errorMessage()));
        b.setRecordSetText(QStringLiteral("hmi.m_720s[2014.01.01_TAI][2]"));
        QVERIFY(b.isValid());
        QVERIFY(b.noteMessage().isEmpty());

        typeInto(b.whereEdit(), QStringLiteral("A=1 ?] [x"));
        QVERIFY(!b.isValid());
        QVERIFY2(b.errorMessage().contains(QStringLiteral("where clause")), qPrintable(b.errorMessage()));
    }

    void limitIsSeparateFromText()
    {
        RecordSetBuilder b;
        b.setStructure(m_m720);
        QSignalSpy limit(&b, &RecordSetBuilder::limitChanged);
        QSignalSpy changed(&b, &RecordSetBuilder::recordSetChanged);
        QVERIFY(!b.limitCountBox()->isEnabled());
        choose(b.limitModeBox(), 1);
        QCOMPARE(b.limit(), 100);
        QVERIFY(b.limitCountBox()->isEnabled());
        b.limitCountBox()->setFocus();
        b.limitCountBox()->selectAll();
        QTest::keyClicks(b.limitCountBox(), QStringLiteral("50"));
        QCOMPARE(b.limit(), 50);
        choose(b.limitModeBox(), 2);
        QCOMPARE(b.limit(), -50);
        QCOMPARE(limit.last().first().toLongLong(), -50);
        QCOMPARE(b.form().limit, -50);
        QCOMPARE(b.recordSetText(), QStringLiteral("hmi.m_720s"));
        QCOMPARE(changed.count(), 0);
        b.setLimit(0);
        QCOMPARE(b.limit(), 0);
        QVERIFY(!b.limitCountBox()->isEnabled());
        b.setLimit(7);
        QCOMPARE(b.limit(), 7);
        QCOMPARE(limit.last().first().toLongLong(), 7);
    }

    void segmentChecklist()
    {
        RecordSetBuilder b;
        b.setStructure(m_aia);
        QCOMPARE(b.segmentChecklist()->segmentNames(), QStringList({"image", "spikes"}));
        segmentItem(b, QStringLiteral("image"))->setCheckState(Qt::Checked);
        QCOMPARE(b.recordSetText(), QStringLiteral("aia.lev1_euv_12s{image}"));
        QCOMPARE(b.selectedSegments(), QStringList({"image"}));
        segmentItem(b, QStringLiteral("spikes"))->setCheckState(Qt::Checked);
        QCOMPARE(b.recordSetText(), QStringLiteral("aia.lev1_euv_12s{image,spikes}"));
        segmentItem(b, QStringLiteral("image"))->setCheckState(Qt::Unchecked);
        segmentItem(b, QStringLiteral("spikes"))->setCheckState(Qt::Unchecked);
        QCOMPARE(b.recordSetText(), QStringLiteral("aia.lev1_euv_12s")); // none = no braces
        QVERIFY(b.selectedSegments().isEmpty());

        b.setRecordSetText(QStringLiteral("aia.lev1_euv_12s[$]{**ALL**}"));
        QCOMPARE(b.selectedSegments(), QStringList({"image", "spikes"}));
        QCOMPARE(b.segmentChecklist()->checkedSegments(), QStringList({"image", "spikes"}));
        b.setRecordSetText(QStringLiteral("aia.lev1_euv_12s{image,bogus}"));
        QVERIFY(b.isValid()); // JSOC answers InvalidSegName for it; the name stays visible
        QCOMPARE(b.segmentChecklist()->list()->count(), 3);
        QCOMPARE(b.segmentChecklist()->checkedSegments(), QStringList({"image", "bogus"}));
        b.setRecordSetText(QStringLiteral("aia.lev1_euv_12s{spikes}"));
        QCOMPARE(b.segmentChecklist()->list()->count(), 2);
        QCOMPARE(b.segmentChecklist()->checkedSegments(), QStringList({"spikes"}));
    }

    void aiaTimeKeyInUtc()
    {
        RecordSetBuilder b;
        b.setStructure(m_aia);
        b.setRecordSetText(QStringLiteral("aia.lev1_euv_12s[2025-01-01T04:33:30.000/1m@12s][171]{image}"));
        QVERIFY(b.isValid());
        TimeKeyEditor *t = timeEditor(b, "T_REC");
        QCOMPARE(t->mode(), Mode::Duration);
        QCOMPARE(t->startEdit()->text(), QStringLiteral("2025-01-01T04:33:30.000"));
        QVERIFY2(t->explanation().contains(QStringLiteral("= 2025-01-01T04:33:30Z = 2025.01.01_04:34:07_TAI (TAI−UTC = 37 s)")),
                 qPrintable(t->explanation()));
        QVERIFY(t->explanation().contains(QStringLiteral("@12s = every slot.")));
        QCOMPARE(valueEditor(b, "WAVELNTH")->lineEdit()->text(), QStringLiteral("171"));
    }

    void keyboardOrder()
    {
        RecordSetBuilder b;
        b.setStructure(m_m720);
        b.show();
        QVERIFY(QTest::qWaitForWindowExposed(&b));
        b.activateWindow();
        b.textEdit()->setFocus();
        QTRY_VERIFY(b.textEdit()->hasFocus());
        QTest::keyClick(b.textEdit(), Qt::Key_Tab);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(timeEditor(b, "T_REC")->modeBox()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab); // start/end hidden in "any time"
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(valueEditor(b, "CAMERA")->lineEdit()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(b.whereEdit()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(b.limitModeBox()));
    }

    void fitsAndRenders()
    {
        const QList<std::pair<const jsoc::SeriesStructure *, QString>> cases{
            {&m_m720, QStringLiteral("hmi.m_720s[2014.01.01_00:00:00/1d@1h][? QUALITY=0 ?]{magnetogram}")},
            {&m_aia, QStringLiteral("aia.lev1_euv_12s[2014.01.01_TAI-2014.01.01_01:00_TAI@1m][171,193]{image}")},
            {&m_sharp, QStringLiteral("hmi.sharp_720s[377][$]{magnetogram,bitmap},hmi.sharp_720s[:#100-#200]")}};
        for (const auto &[s, text] : cases) {
            RecordSetBuilder b;
            b.setStructure(*s);
            b.setRecordSetText(text);
            QVERIFY(b.isValid());
            b.setLimit(-10);
            QVERIFY2(b.minimumSizeHint().width() <= 900, qPrintable(QString::number(b.minimumSizeHint().width())));
            QVERIFY2(b.sizeHint().height() <= 300, qPrintable(QString::number(b.sizeHint().height())));
            b.resize(900, b.sizeHint().height());
            b.show();
            QVERIFY(QTest::qWaitForWindowExposed(&b));
            savePng(b, s->name + QStringLiteral(".png"));
            // The error state, rendered too.
            b.setRecordSetText(b.recordSetText().chopped(3));
            QVERIFY(!b.isValid());
            savePng(b, s->name + QStringLiteral("_error.png"));
        }
    }
};

QTEST_MAIN(TestRecordSetBuilder)
#include "tst_recordsetbuilder.moc"

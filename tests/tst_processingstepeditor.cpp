// The processing-step form (ui/ProcessingStepEditor), built from JSOC's catalogue: for each of the
// nine steps the form has one editor per argument, what is typed or chosen there is what goes
// into the `process` text, and a text read back shows the same values again.
#include "ui/ProcessingStepEditor.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>

using namespace jsoc;

namespace {

// A value each argument accepts on its own (ranges respected).
QString sampleValue(const ProcessingField &f)
{
    using Kind = ProcessingField::Kind;
    switch (f.kind) {
    case Kind::Number:
        return QStringLiteral("12.5");
    case Kind::PositiveNumber:
        return QStringLiteral("1.5");
    case Kind::Integer:
        return QStringLiteral("2");
    case Kind::Flag:
    case Kind::Choice:
        return f.choices.last();
    case Kind::Time:
        return QStringLiteral("2014-01-01T00:00:00");
    case Kind::Duration:
        return QStringLiteral("720s");
    }
    return {};
}

// What the form shows for an argument: a combo box's value or a line edit's text.
QString shownValue(QWidget *editor)
{
    if (auto *combo = qobject_cast<QComboBox *>(editor))
        return combo->currentData().toString();
    if (auto *edit = qobject_cast<QLineEdit *>(editor))
        return edit->text();
    return QStringLiteral("<no editor>");
}

} // namespace

class TestProcessingStepEditor final : public QObject
{
    Q_OBJECT

private slots:
    void everyStepIsEditedThroughItsFormAndReadBack()
    {
        for (const ProcessingStepSpec &spec : processingStepSpecs()) {
            ui::ProcessingStepEditor editor;
            QSignalSpy changed(&editor, &ui::ProcessingStepEditor::changed);
            editor.addStep(spec.name);
            QCOMPARE(editor.steps().size(), 1);
            QCOMPARE(editor.steps().first(), defaultProcessingStep(spec.name));
            ProcessingStep expected{spec.name, {}};
            for (const ProcessingField &f : spec.fields) {
                QWidget *widget = editor.findChild<QWidget *>(f.key);
                QVERIFY2(widget, qPrintable(spec.name + QLatin1Char(' ') + f.key));
                QCOMPARE(shownValue(widget), f.defaultValue);
                const QString value = sampleValue(f);
                if (auto *combo = qobject_cast<QComboBox *>(widget)) {
                    QVERIFY2(!f.choices.isEmpty(), qPrintable(f.key));
                    combo->setCurrentIndex(combo->findData(value));
                } else {
                    auto *edit = qobject_cast<QLineEdit *>(widget);
                    QVERIFY2(edit && f.choices.isEmpty(), qPrintable(f.key));
                    edit->clear();
                    QTest::keyClicks(edit, value); // as a person types: textEdited reaches the step
                }
                expected.setValue(f.key, value);
            }
            QCOMPARE(editor.steps().first(), expected);
            QVERIFY(changed.size() >= 1);
            const QString text = processingText(editor.steps());
            QCOMPARE(text, processingText({expected}));

            // Read back from the text into a fresh form: the same values are shown.
            ui::ProcessingStepEditor again;
            again.setSteps(parseProcessingText(text));
            QCOMPARE(again.steps(), QList<ProcessingStep>{expected});
            for (const ProcessingField &f : spec.fields)
                QCOMPARE(shownValue(again.findChild<QWidget *>(f.key)), expected.value(f.key));
            QCOMPARE(processingText(again.steps()), text);
        }
    }

    // An optional argument can be taken back out of the text by choosing "(not given)".
    void optionalChoicesCanBeLeftOut()
    {
        ui::ProcessingStepEditor editor;
        editor.addStep(QStringLiteral("aia_scale_other"));
        auto *mpt = editor.findChild<QComboBox *>(QStringLiteral("mpt"));
        QVERIFY(mpt);
        QCOMPARE(mpt->currentData().toString(), QString());
        mpt->setCurrentIndex(mpt->findData(QStringLiteral("aia.master_pointing3h")));
        QCOMPARE(processingText(editor.steps()), QStringLiteral("aia_scale_other,mpt=aia.master_pointing3h"));
        mpt->setCurrentIndex(0);
        QCOMPARE(processingText(editor.steps()), QStringLiteral("aia_scale_other"));
        // Required choices have no empty entry.
        editor.addStep(QStringLiteral("rebin"));
        auto *method = editor.findChild<QComboBox *>(QStringLiteral("method"));
        QVERIFY(method);
        QCOMPARE(method->findData(QString()), -1);
    }

    // With no step the list says "(none)" and the help beside it says what that means.
    void noStepIsExplained()
    {
        ui::ProcessingStepEditor editor;
        auto *list = editor.findChild<QListWidget *>();
        QVERIFY(list);
        QCOMPARE(list->count(), 1);
        QCOMPARE(list->item(0)->text(), QStringLiteral("(none)"));
        bool explained = false;
        for (QLabel *label : editor.findChildren<QLabel *>())
            explained = explained || label->text().contains(QStringLiteral("as it stores them"));
        QVERIFY(explained);
        editor.addStep(QStringLiteral("rebin"));
        editor.removeCurrentStep();
        explained = false;
        for (QLabel *label : editor.findChildren<QLabel *>())
            explained = explained || label->text().contains(QStringLiteral("as it stores them"));
        QVERIFY(explained);
    }

    // Labels and help are UTF-8 source text; read as Latin-1 once, "90°" became "90Â°" on the form.
    void labelsAndHelpAreReadAsUtf8()
    {
        const QString mojibakeMark = QString(QChar(0x00C2)); // "Â", the first half of a misread "°"
        for (const ProcessingStepSpec &spec : processingStepSpecs()) {
            QStringList texts{spec.title, spec.help};
            for (const ProcessingField &f : spec.fields)
                texts << f.label;
            for (const QString &text : std::as_const(texts)) {
                QVERIFY2(!text.contains(mojibakeMark), qPrintable(spec.name + QStringLiteral(": ") + text));
                QCOMPARE(QString::fromUtf8(text.toUtf8()), text);
            }
        }
        const ProcessingStepSpec *patch = processingStepSpec(QStringLiteral("im_patch"));
        QVERIFY(patch);
        QVERIFY(patch->field(QStringLiteral("t_start")));
        QVERIFY(patch->field(QStringLiteral("t_start"))->label.contains(QStringLiteral("90") + QChar(0x00B0) + QStringLiteral(" east")));
        QVERIFY(patch->field(QStringLiteral("t_stop"))->label.contains(QStringLiteral("90") + QChar(0x00B0) + QStringLiteral(" west")));
    }

    // A stored text with junk: the unknown step is listed but not editable, a value that is not
    // a choice is shown as it is (so the check's message matches the form), nothing crashes.
    void storedJunkIsShownAsItIs()
    {
        ui::ProcessingStepEditor editor;
        editor.setSteps(parseProcessingText(QStringLiteral("sharpen,amount=3|rebin,method=median,scale=0.5,zoom=2")));
        auto *list = editor.findChild<QListWidget *>();
        QVERIFY(list);
        QCOMPARE(list->count(), 2);
        QCOMPARE(list->item(0)->text(), QStringLiteral("sharpen"));
        list->setCurrentRow(1);
        auto *method = editor.findChild<QComboBox *>(QStringLiteral("method"));
        QVERIFY(method);
        QCOMPARE(method->currentData().toString(), QStringLiteral("median"));
        QVERIFY(!checkProcessingStep(editor.steps().at(1)).isEmpty());
        method->setCurrentIndex(method->findData(QStringLiteral("boxcar")));
        QCOMPARE(editor.steps().at(1).value(QStringLiteral("method")), QStringLiteral("boxcar"));
        list->setCurrentRow(0);
        QVERIFY(!editor.findChild<QComboBox *>(QStringLiteral("method")) || !editor.findChild<QComboBox *>(QStringLiteral("method"))->isVisible());
        editor.removeCurrentStep();
        QCOMPARE(editor.steps().size(), 1);
        QCOMPARE(editor.steps().first().name, QStringLiteral("rebin"));
        editor.setValue(7, QStringLiteral("scale"), QStringLiteral("1")); // out of range: ignored
        editor.setValue(-1, QStringLiteral("scale"), QStringLiteral("1"));
        QCOMPARE(editor.steps().first().value(QStringLiteral("scale")), QStringLiteral("0.5"));
    }
};

QTEST_MAIN(TestProcessingStepEditor)
#include "tst_processingstepeditor.moc"

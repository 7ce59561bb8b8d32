// The About box names the version that --version prints (issue 18): main() sets the application
// version from app/version, and the box shows that text, revision included, with no fallback of
// its own that could drift from CMake's.
#include "app/version/BuildVersion.h"
#include "ui/AboutDialog.h"

#include <QApplication>
#include <QLabel>
#include <QTest>

class TestAboutDialog final : public QObject
{
    Q_OBJECT

private slots:
    void showsTheVersionMainSets()
    {
        QApplication::setApplicationVersion(app::versionText()); // as browser_main.cpp does
        ui::AboutDialog dialog;
        const auto *title = dialog.findChild<QLabel *>(QStringLiteral("aboutTitle"));
        QVERIFY(title);
        QVERIFY2(title->text().contains(app::versionText().toHtmlEscaped()), qPrintable(title->text()));
    }

    void showsAnyVersionItIsGiven()
    {
        // Not a constant of its own: another application version, another title.
        QApplication::setApplicationVersion(QStringLiteral("9.8.7 (git 0123456789-dirty)"));
        ui::AboutDialog dialog;
        const auto *title = dialog.findChild<QLabel *>(QStringLiteral("aboutTitle"));
        QVERIFY(title);
        QVERIFY2(title->text().contains(QStringLiteral("9.8.7 (git 0123456789-dirty)")), qPrintable(title->text()));
        QVERIFY(!title->text().contains(app::projectVersion() + QLatin1Char('<')));
    }

    void versionTextStartsWithTheProjectVersion()
    {
        const QString text = app::versionText();
        QVERIFY(text == app::projectVersion() || text.startsWith(app::projectVersion() + QStringLiteral(" (git ")));
        QVERIFY(!app::projectVersion().isEmpty());
    }
};

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"

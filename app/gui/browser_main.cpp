#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

#include "app/gui/BrowserController.h"
#include "app/workflow/ServerAddress.h"
#include "model/common/LargeMemory.h"
#include "ui/MainWindow.h"

int main(int argc, char *argv[])
{
    jsoc::tuneAllocatorForLargeTables(); // before any thread starts
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("JSOC Browser")); // same QSettings as jsoc-cli
    QApplication::setApplicationName(QStringLiteral("jsoc-browser"));
    QApplication::setApplicationDisplayName(QStringLiteral("JSOC Browser"));
    QApplication::setApplicationVersion(QStringLiteral(JSOC_BROWSER_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("jsoc-browser"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/jsoc-browser.png")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Browse SDO data series held by JSOC."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          QStringLiteral("JSOC site root, e.g. http://jsoc.stanford.edu "
                                                         "(default: $JSOC_SERVER, then Preferences)."),
                                          QStringLiteral("url"));
    parser.addOption(serverOption);
    parser.process(app);

    const app::ServerAddress server = app::resolveServer(parser.value(serverOption));
    if (!server.error.isEmpty()) {
        std::fprintf(stderr, "jsoc-browser: %s\n", qPrintable(server.error));
        QMessageBox::critical(nullptr, QStringLiteral("JSOC Browser"),
                              QStringLiteral("Cannot start: %1").arg(server.error));
        return 2;
    }

    app::BrowserController controller(server.url);
    controller.window()->show();
    controller.start();
    return app.exec();
}

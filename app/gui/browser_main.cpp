#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

#include "app/gui/BrowserController.h"
#include "app/gui/TerminationSignal.h"
#include "app/version/BuildVersion.h"
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
    QApplication::setApplicationVersion(app::versionText()); // --version and the About box
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
    const QCommandLineOption openOption(QStringLiteral("open"),
                                        QStringLiteral("Open a record set in a record-set window at start, e.g. "
                                                       "'hmi.M_720s[2014.01.01_TAI/1d]{magnetogram}'."),
                                        QStringLiteral("recordset"));
    parser.addOption(openOption);
    const QCommandLineOption exportsOption(QStringLiteral("exports"),
                                           QStringLiteral("Show the exports and downloads window at start."));
    parser.addOption(exportsOption);
    parser.process(app);

    const app::ServerAddress server = app::resolveServer(parser.value(serverOption));
    if (!server.error.isEmpty()) {
        std::fprintf(stderr, "jsoc-browser: %s\n", qPrintable(server.error));
        QMessageBox::critical(nullptr, QStringLiteral("JSOC Browser"),
                              QStringLiteral("Cannot start: %1").arg(server.error));
        return 2;
    }

    app::BrowserController controller(server.url);
    // Quit (or closing the browser window) ends the process; SIGTERM/SIGINT quit the same way, unasked.
    QObject::connect(&controller, &app::BrowserController::quitting, &app, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    app::TerminationSignal termination;
    QObject::connect(&termination, &app::TerminationSignal::received, &controller, &app::BrowserController::quit);
    controller.window()->show();
    controller.start();
    if (parser.isSet(openOption))
        controller.openRecordSetText(parser.value(openOption));
    if (parser.isSet(exportsOption))
        controller.showExports();
    return app.exec();
}

// jsoc-cli-fits: jsoc-cli's FITS commands (preview, header, movie). jsoc-cli hands them over with exec,
// so it never loads Qt Gui or cfitsio (and their dozens of libraries) for the commands that
// talk to JSOC: tens of milliseconds of every `jsoc-cli query`. Run by hand it behaves the same.
#include "app/cli/fits/HeaderCommand.h"
#include "app/cli/fits/MovieCommand.h"
#include "app/cli/fits/PreviewCommand.h"
#include "app/cli/shared/ExitCode.h"
#include "app/cli/shared/TerminalText.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // Nothing from outside reaches the terminal raw (see TerminalText.h).
    cli::TerminalStreams terminal;
    QTextStream &out = terminal.out;
    QTextStream &err = terminal.err;

    QStringList args = app.arguments().mid(1);
    const QString command = args.isEmpty() ? QString() : args.takeFirst();
    if (command == u"preview")
        return runPreviewCommand(args, out, err);
    if (command == u"header")
        return runHeaderCommand(args, out, err);
    if (command == u"movie")
        return runMovieCommand(args, out, err);
    err << "usage: jsoc-cli preview FILE --out PNG ... | jsoc-cli header FILE [--hdu N] | jsoc-cli movie FILES... --out X\n";
    return cli::UsageError;
}

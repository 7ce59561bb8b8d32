// jsoc-cli: the command-line twin of JSOC Browser, on the same client and parsers.
#include "CliContext.h"
#include "ExportCommand.h"
#include "RecordLookCommand.h"
#include "app/cli/shared/TerminalText.h"
#include "DeadlineOption.h"

#include "app/version/BuildVersion.h"
#include "app/workflow/ServerAddress.h"
#include "model/common/LargeMemory.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <QFile>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include <unistd.h>

namespace {

constexpr auto kProgramUsage =
    "usage: jsoc-cli [--server URL] [--deadline SECONDS] [--quiet] COMMAND ...\n"
    "       jsoc-cli --version | --help | COMMAND --help\n"
    "  series [REGEX]                 one line per series: NAME<TAB>DESCRIPTION\n"
    "  info SERIES [--json]           prime keys, keywords, segments, links, interval\n"
    "  count RECORDSET                the record count\n"
    "  query RECORDSET [--keys K1,K2|**ALL**] [--segs S1,S2] [--limit N] [--format csv|tsv|json]\n"
    "        [-o FILE|-]\n"
    "  export RECORDSET --email E [--method M] [--protocol P] [--process CHAIN] [--stage-only]\n"
    "         [--out DIR] [--connections N] [--file-deadline SECONDS] ...\n"
    "                                 (jsoc-cli export --help prints every option)\n"
    "                                 submit, wait, download; one line per verified file;\n"
    "                                 --stage-only: JSOC prepares the files, prints the request id\n"
    "  download REQUESTID [--out DIR] ...  follow an export made elsewhere (or staged) and download it\n"
    "  exports [--cancel ID | --remove ID]  this server's export queue (shared with the GUI);\n"
    "                                 --cancel also asks JSOC to cancel a request it holds pending\n"
    "  preview FILE -o PNG|- [--scale linear|log|sqrt|asinh] [--clip minmax|99.5|zscale]\n"
    "          [--cmap auto|gray|NAME] [--size N] [--force]   FITS image to PNG (solar north up);\n"
    "                                 never over its input, over an existing file only with --force\n"
    "  header FILE [--hdu N]          the FITS header cards\n"
    "  movie FILES... --out X.mp4|X.gif|DIR/ [--diff running|base|ratio] [--base N] [--align] [--fps N]\n"
    "        [--size PX] [--cmap NAME] [--limits LO,HI]   frames as a movie (ffmpeg) or numbered PNGs\n"
    "  preview|header RECORDSET [--first] ...  the same for one record's segment, fetched from SUMS\n"
    "                                 without an export (header built from the record's keywords);\n"
    "                                 a set of several records only with --first\n"
    "--deadline SECONDS gives up on any one JSOC request after that long (default: 60 s for small\n"
    "replies, a few minutes for series and record lists).\n"
    "--quiet (-q) prints data and errors only: no progress, no notes on what a command is doing.\n"
    "Progress is drawn on stderr only when it is a terminal. jsoc-cli prints no colour (NO_COLOR holds).\n"
    "--server takes the site root (http://127.0.0.1:8080); default: $JSOC_SERVER, the saved\n"
    "preference, or http://jsoc.stanford.edu.\n"
    "Exit status: 0 ok, 1 JSOC reported an error or a local failure (bytes that do not verify, an\n"
    "unwritable folder or queue database), 2 usage error, 3 network failure.\n"
    "Control characters in anything printed (server texts, names, header cards) appear as escapes (\\x1b).\n";

// jsoc-cli-fits beside this executable (read from /proc/self/exe, as QCoreApplication does, so
// that no QCoreApplication is needed), or "" when that cannot be read.
QByteArray fitsHelperPath()
{
    char self[4096];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return {};
    QByteArray path(self, int(n));
    const int slash = path.lastIndexOf('/');
    return slash < 0 ? QByteArray() : path.left(slash + 1) + "jsoc-cli-fits";
}

// Replaces this process with jsoc-cli-fits, handing it `command` (the command and its arguments:
// the null-terminated tail of main's argv, the bytes as given rather than decoded and encoded
// again). Returns only when that cannot be done, with errno set.
void execFitsCommand(const QByteArray &helperPath, char **command)
{
    QByteArray helper = helperPath;
    std::vector<char *> argv{helper.data()};
    for (char **a = command; *a; ++a)
        argv.push_back(*a);
    argv.push_back(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    ::execv(helper.constData(), argv.data());
}

int runFitsCommand(char **command, QTextStream &err)
{
    const QByteArray helper = fitsHelperPath();
    if (!helper.isEmpty())
        execFitsCommand(helper, command);
    err << "jsoc-cli: cannot run " << QFile::decodeName(helper.isEmpty() ? QByteArray("jsoc-cli-fits") : helper) << ": "
        << QString::fromLocal8Bit(std::strerror(errno)) << Qt::endl;
    return cli::LocalFailure;
}

// A local-file FITS command (preview, header, movie of files, not of a record set) is handed to
// jsoc-cli-fits before QCoreApplication and the rest are built: jsoc-cli's own start is then only
// its libraries. Reads the leading options as main() does below; anything it does not know
// (--help, --version, a misspelt option) is left to main(), which says what is wrong.
void handOverFitsCommandEarly(int argc, char **argv)
{
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        const char *o = argv[i];
        if (!std::strcmp(o, "--quiet") || !std::strcmp(o, "-q") || !std::strncmp(o, "--server=", 9)
            || !std::strncmp(o, "--deadline=", 11)) {
            ++i;
        } else if ((!std::strcmp(o, "--server") || !std::strcmp(o, "--deadline")) && i + 1 < argc) {
            i += 2;
        } else {
            return;
        }
    }
    if (i >= argc)
        return;
    const char *command = argv[i];
    if (std::strcmp(command, "preview") && std::strcmp(command, "header") && std::strcmp(command, "movie"))
        return;
    QStringList rest;
    for (int k = i + 1; k < argc; ++k)
        rest << QString::fromLocal8Bit(argv[k]);
    if (cli::namesRecordSet(QString::fromLatin1(command), rest))
        return;
    const QByteArray helper = fitsHelperPath();
    if (!helper.isEmpty())
        execFitsCommand(helper, argv + i); // returns only on failure: main() tries again and says why
}

// Where --quiet sends the notes: nowhere.
class DiscardDevice final : public QIODevice
{
public:
    DiscardDevice() { open(QIODevice::WriteOnly); }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 size) override { return size; }
};

} // namespace

int main(int argc, char *argv[])
{
    handOverFitsCommandEarly(argc, argv);
    jsoc::tuneAllocatorForLargeTables(); // before any thread starts
    QCoreApplication app(argc, argv);
    // A failed request or download is already reported on stderr in the command's own words;
    // jsoc.network's warning line would say it twice. QT_LOGGING_RULES still turns it back on.
    QLoggingCategory::setFilterRules(QStringLiteral("jsoc.network.warning=false"));
    QCoreApplication::setOrganizationName(QStringLiteral("JSOC Browser"));
    QCoreApplication::setApplicationName(QStringLiteral("jsoc-browser"));
    QCoreApplication::setApplicationVersion(app::versionText()); // what --version prints

    // Nothing from outside reaches the terminal raw (see TerminalText.h).
    cli::TerminalStreams terminal;
    QTextStream &out = terminal.out;
    QTextStream &err = terminal.err;

    QStringList args = app.arguments().mid(1);
    QString serverText;
    QString deadlineText; // --deadline SECONDS: total time allowed per request (Helper D)
    bool quiet = false;
    while (!args.isEmpty() && args.first().startsWith(u"-")) {
        const QString option = args.takeFirst();
        if (option == u"--help" || option == u"-h") {
            out << kProgramUsage;
            return cli::Ok;
        }
        if (option == u"--version" || option == u"-V") {
            out << "jsoc-cli " << QCoreApplication::applicationVersion() << '\n';
            return cli::Ok;
        }
        if (option == u"--quiet" || option == u"-q") {
            quiet = true;
            continue;
        }
        if (option == u"--server" && !args.isEmpty()) {
            serverText = args.takeFirst();
        } else if (option.startsWith(u"--server=")) {
            serverText = option.mid(9);
        } else if (option == u"--deadline" && !args.isEmpty()) {
            deadlineText = args.takeFirst();
        } else if (option.startsWith(u"--deadline=")) {
            deadlineText = option.mid(11);
        } else {
            err << "jsoc-cli: unknown option " << option << '\n' << kProgramUsage;
            return cli::UsageError;
        }
    }
    if (args.isEmpty()) {
        err << kProgramUsage;
        return cli::UsageError;
    }

    // Local-file commands need no server, and are jsoc-cli-fits's (see fits/fits_main.cpp); a
    // record set is fetched first (RecordLookCommand.h), below.
    const bool fitsCommand = args.first() == u"preview" || args.first() == u"header" || args.first() == u"movie";
    if (fitsCommand && !cli::namesRecordSet(args.first(), args.mid(1)))
        return runFitsCommand(argv + (argc - args.size()), err); // args are argv's tail

    const app::ServerAddress server = app::resolveServer(serverText);
    if (!server.error.isEmpty()) {
        err << "jsoc-cli: " << server.error << Qt::endl;
        return cli::UsageError;
    }

    // --quiet is taken after the command too (`jsoc-cli export ... --quiet`).
    if (args.removeAll(QStringLiteral("--quiet")) + args.removeAll(QStringLiteral("-q")) > 0)
        quiet = true;

    jsoc::JsocClient client(server.url);
    if (!cli::configureDeadlines(client, deadlineText, err))
        return cli::UsageError;
    DiscardDevice discard;
    QTextStream discarded(&discard);
    const cli::CliContext ctx{client, out, err, quiet ? discarded : err, quiet};
    const QString command = args.takeFirst();
    if (command == u"series")
        return cli::runSeries(ctx, args);
    if (command == u"info")
        return cli::runInfo(ctx, args);
    if (command == u"count")
        return cli::runCount(ctx, args);
    if (command == u"query")
        return cli::runQuery(ctx, args);
    if (command == u"export")
        return cli::runExport(ctx, args);
    if (command == u"download")
        return cli::runDownload(ctx, args);
    if (command == u"exports")
        return cli::runExports(ctx, args);
    if (fitsCommand)
        return cli::runRecordLook(ctx, command, args);
    err << "jsoc-cli: unknown command \"" << command << "\"\n" << kProgramUsage;
    return cli::UsageError;
}

#include "app/cli/fits/HeaderCommand.h"

#include "model/fits/FitsHeaderCards.h"
#include "model/fitsfile/VisibleText.h"
#include "model/fits/FitsLoader.h"

#include "app/cli/shared/HelpOption.h"

#include <algorithm>

int runHeaderCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (cli::wantsHelp(args)) {
        out << "usage: jsoc-cli header FILE [--hdu N]\n"
               "Prints the header cards of every HDU of a FITS file (--hdu N: of HDU N only, 0 the primary).\n";
        out.flush();
        return 0;
    }
    QString file;
    int hdu = -1;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == QLatin1String("--hdu")) {
            bool ok = false;
            hdu = i + 1 < args.size() ? args[++i].toInt(&ok) : -1;
            if (!ok || hdu < 0) {
                err << "header: --hdu needs a number (0 is the primary HDU)\n";
                return 2;
            }
        } else if (a.startsWith(QLatin1String("--"))) {
            err << "header: unknown option " << a << "\nusage: jsoc-cli header FILE [--hdu N]\n";
            return 2;
        } else if (file.isEmpty()) {
            file = a;
        } else {
            err << "header: only one FILE may be given\n";
            return 2;
        }
    }
    if (file.isEmpty()) {
        err << "usage: jsoc-cli header FILE [--hdu N]\n";
        return 2;
    }
    QString error;
    fits::FitsHeaderListInfo list;
    const QVector<fits::FitsHduInfo> hdus = fits::FitsLoader::readHeaders(file, &error, &list);
    if (hdus.isEmpty()) {
        err << "header: " << file << ": " << error << '\n';
        return 1;
    }
    const int total = std::max<int>(list.totalHdus, int(hdus.size()));
    if (hdu >= total) {
        err << "header: " << file << ": HDU " << hdu << " does not exist; the file has " << total
            << " HDU(s), 0 to " << total - 1 << '\n';
        return 1;
    }
    if (hdu >= hdus.size()) {
        err << "header: " << file << ": HDU " << hdu << " is beyond the first " << hdus.size() << " of " << total
            << " HDUs, which are all that are read\n";
        return 1;
    }
    // A refused or damaged HDU: said once on stderr; the HDUs are still listed.
    if (!list.problem.isEmpty())
        err << "header: " << file << ": " << list.problem << '\n';
    if (hdu < 0 && total > hdus.size())
        out << "# showing the first " << hdus.size() << " of " << total << " HDUs\n";
    for (const fits::FitsHduInfo &h : hdus) {
        if (hdu >= 0 && h.index != hdu)
            continue;
        out << "# HDU " << h.index << ": " << h.kind << ", " << fits::visibleText(h.summary) << '\n';
        for (const fits::FitsCard &c : h.cards) {
            QString line = fits::visibleText(QString::fromLatin1(c.raw));
            while (line.endsWith(QLatin1Char(' ')))
                line.chop(1);
            out << line << '\n';
        }
        out << "END\n";
    }
    out.flush();
    return 0;
}

#pragma once

#include <QStringList>
#include <QTextStream>

// `jsoc-cli movie FILES... --out x.mp4|x.gif|DIR/ [--diff running|base|ratio] [--base N] [--align]
//   [--exptime] [--fps N] [--size PX] [--cmap NAME] [--limits LO,HI] [--clip C] [--scale S] [--force]`
// The frame player's Save movie / Save frames from scripts (FrameSequenceExport): FILES in time
// order, north up, one set of limits for every frame, mp4/gif through ffmpeg or numbered PNGs in
// DIR. Progress on stderr only when it is a terminal. Exit status: 0 written, 1 a file cannot be
// read or the movie cannot be written (ffmpeg missing: said so), 2 usage error.
int runMovieCommand(const QStringList &args, QTextStream &out, QTextStream &err);

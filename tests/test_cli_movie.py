#!/usr/bin/python3
"""jsoc-cli movie: FITS frames to mp4 / gif through ffmpeg, or to numbered PNGs.

Run by ctest as: test_cli_movie.py --sim JSOC_SIM --cli JSOC_CLI (the simulator is not needed).
Frames are written here with astropy: an AIA-like sequence in which a bright blob moves across a
fixed background, so the running difference is zero (mid grey in the gray map) wherever the blob
is not. ffprobe (from Debian's ffmpeg) checks frame count, size and codec of the movies.
"""
import argparse
import os
import pty
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

import numpy as np
from astropy.io import fits

failures = []
WIDTH, HEIGHT, FRAMES = 64, 48, 5


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def run(cli, *args, env=None):
    p = subprocess.run([cli, *args], capture_output=True, text=True, timeout=300, env=env)
    return p.returncode, p.stdout, p.stderr


def blob_centre(i):
    return 12 + 9 * i, 30


def write_frames(folder):
    """AIA 171-like frames 12 s apart; written in reverse name order so sorting by T_OBS matters."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    background = 200.0 + 2.0 * x + 1.0 * y
    paths = []
    for i in range(FRAMES):
        cx, cy = blob_centre(i)
        data = background + 3000.0 * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * 2.5 ** 2))
        header = fits.Header()
        header["TELESCOP"] = "SDO/AIA"
        header["INSTRUME"] = "AIA_3"
        header["WAVELNTH"] = 171
        header["T_OBS"] = "2011-02-15T00:00:%02d.34Z" % (12 * i)
        header["EXPTIME"] = 2.0
        header["CTYPE1"], header["CTYPE2"] = "HPLN-TAN", "HPLT-TAN"
        header["CUNIT1"], header["CUNIT2"] = "arcsec", "arcsec"
        header["CRPIX1"], header["CRPIX2"] = 32.5, 24.5
        header["CRVAL1"], header["CRVAL2"] = 0.0, 0.0
        header["CDELT1"], header["CDELT2"] = 0.6, 0.6
        header["CROTA2"] = 0.0
        path = os.path.join(folder, "aia.frame%d.fits" % (FRAMES - 1 - i))
        fits.PrimaryHDU(data.astype(np.float32), header).writeto(path)
        paths.append(path)
    return paths


def read_rgb_png(path):
    """(width, height, rows of (r, g, b)) of an 8-bit RGB PNG, decoded here (zlib + row filters)."""
    with open(path, "rb") as f:
        blob = f.read()
    assert blob[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(blob):
        length, kind = struct.unpack(">I4s", blob[pos:pos + 8])
        body = blob[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert depth == 8 and colour in (2, 6), f"depth {depth} colour type {colour}"
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for r in range(height):
        kind = raw[r * (stride + 1)]
        line = bytearray(raw[r * (stride + 1) + 1:(r + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return width, height, rows


def probe(path):
    """codec, width, height, frames of the first video stream, from ffprobe."""
    p = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                        "stream=codec_name,width,height,nb_read_frames", "-of", "default=noprint_wrappers=1", path],
                       capture_output=True, text=True, timeout=120)
    fields = dict(line.split("=", 1) for line in p.stdout.split() if "=" in line)
    return fields.get("codec_name"), int(fields.get("width", 0)), int(fields.get("height", 0)), \
        int(fields.get("nb_read_frames", 0) or 0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sim")
    parser.add_argument("--cli", required=True)
    cli = parser.parse_args().cli
    if not shutil.which("ffmpeg") or not shutil.which("ffprobe"):
        print("ffmpeg is not installed (scripts/install-deps.sh installs it)")
        return 1
    tmp = tempfile.mkdtemp(prefix="jsoc-movie-")
    try:
        paths = write_frames(tmp)

        code, out, err = run(cli, "movie", "--help")
        check(code == 0 and "--diff running" in out, f"--help: {code} {out!r}")
        code, out, err = run(cli, "movie", *paths, "--out", os.path.join(tmp, "x.mp4"), "--diff", "sideways")
        check(code == 2 and "running, base or ratio" in err, f"bad --diff: {code} {err!r}")
        code, out, err = run(cli, "movie", *paths)
        check(code == 2 and "--out" in err, f"no --out: {code} {err!r}")

        # mp4: every frame, full size, H.264 (this ffmpeg has libx264), nothing left as .part.
        mp4 = os.path.join(tmp, "sun.mp4")
        code, out, err = run(cli, "movie", *paths, "--out", mp4, "--fps", "5")
        check(code == 0, f"mp4: exit {code}: {err}")
        check(err == "", f"mp4: stderr is not a terminal, so no progress: {err!r}")
        check(f"{FRAMES} frames" in out and "libx264" in out, f"mp4 summary: {out!r}")
        codec, w, h, n = probe(mp4)
        check((codec, w, h, n) == ("h264", WIDTH, HEIGHT, FRAMES), f"mp4 probe: {(codec, w, h, n)}")
        check(not [f for f in os.listdir(tmp) if ".part" in f], f"part file left: {os.listdir(tmp)}")
        code, out, err = run(cli, "movie", *paths, "--out", mp4)
        check(code == 1 and "--force" in err, f"existing mp4 without --force: {code} {err!r}")

        # On a terminal the progress line is drawn on stderr and erased at the end.
        master, slave = pty.openpty()
        p = subprocess.run([cli, "movie", *paths, "--out", os.path.join(tmp, "tty") + "/"], stdout=subprocess.PIPE,
                           stderr=slave, timeout=300)
        os.close(slave)
        drawn = b""
        try:
            while True:
                chunk = os.read(master, 4096)
                if not chunk:
                    break
                drawn += chunk
        except OSError:
            pass  # the pty's other end is closed
        os.close(master)
        check(p.returncode == 0 and b"movie: frame 5 of 5" in drawn and drawn.endswith(b"\r\x1b[K"),
              f"progress on a terminal: {p.returncode} {drawn!r}")

        # gif of the running difference at half size: one frame fewer, 32 x 24.
        gif = os.path.join(tmp, "diff.gif")
        code, out, err = run(cli, "movie", *paths, "--out", gif, "--diff", "running", "--size", "32")
        check(code == 0, f"gif: exit {code}: {err}")
        codec, w, h, n = probe(gif)
        check((codec, w, h, n) == ("gif", 32, 24, FRAMES - 1), f"gif probe: {(codec, w, h, n)}")

        # Numbered PNGs of the running difference: mid grey where nothing changed, dark where the
        # blob was, bright where it is now.
        pngs = os.path.join(tmp, "frames") + "/"
        code, out, err = run(cli, "movie", *paths, "--out", pngs, "--diff", "running", "--cmap", "gray")
        check(code == 0, f"pngs: exit {code}: {err}")
        names = sorted(os.listdir(pngs))
        check(names == ["%04d.png" % (i + 1) for i in range(FRAMES - 1)], f"png names: {names}")
        for k, name in enumerate(names):
            w, h, rows = read_rgb_png(os.path.join(pngs, name))
            check((w, h) == (WIDTH, HEIGHT), f"{name} size {(w, h)}")
            quiet = rows[HEIGHT - 1 - 5][60]  # far from every blob position (FITS row 1 is the bottom)
            check(all(abs(c - 128) <= 2 for c in quiet), f"{name}: unchanged pixel is not mid grey: {quiet}")
            now_x, now_y = blob_centre(k + 1)
            was_x, was_y = blob_centre(k)
            now = rows[HEIGHT - 1 - now_y][now_x]
            was = rows[HEIGHT - 1 - was_y][was_x]
            check(now[0] > 220 and was[0] < 35, f"{name}: blob now {now}, before {was}")

        # Base difference against frame 3 with fixed limits: the base frame itself is all mid grey.
        base_dir = os.path.join(tmp, "base") + "/"
        code, out, err = run(cli, "movie", *paths, "--out", base_dir, "--diff", "base", "--base", "3",
                             "--limits", "-100,100", "--cmap", "gray")
        check(code == 0 and "limits [-100, 100]" in out, f"base pngs: {code} {out!r} {err!r}")
        w, h, rows = read_rgb_png(os.path.join(base_dir, "0003.png"))
        greys = {px for row in rows for px in row}
        check(all(abs(c - 128) <= 2 for px in greys for c in px), f"base frame minus itself: {sorted(greys)[:5]}")

        # Base difference against the first frame without --limits: the limits come from the frame
        # farthest from the base (the base minus itself would give no range at all).
        code, out, err = run(cli, "movie", *paths, "--out", os.path.join(tmp, "base1") + "/", "--diff", "base")
        limits = out.split("limits [")[1].split("]")[0].split(", ") if "limits [" in out else ["0", "0"]
        check(code == 0 and float(limits[1]) > 1000 and float(limits[0]) == -float(limits[1]),
              f"base difference limits: {out!r} {err!r}")

        # No ffmpeg on PATH: the words say how to get it, and nothing is written.
        env = dict(os.environ, PATH=os.path.join(tmp, "empty-path"))
        lost = os.path.join(tmp, "none.mp4")
        code, out, err = run(cli, "movie", *paths, "--out", lost, env=env)
        check(code == 1 and "Saving a movie needs ffmpeg: sudo apt install ffmpeg" in err,
              f"no ffmpeg: {code} {err!r}")
        check(not os.path.exists(lost) and not os.path.exists(os.path.join(tmp, "none.part.mp4")),
              "a file was written without ffmpeg")
        # PNGs need no ffmpeg.
        code, out, err = run(cli, "movie", *paths[:2], "--out", os.path.join(tmp, "nopath") + "/", env=env)
        check(code == 0, f"pngs without ffmpeg: {code} {err!r}")

        # A file that is not FITS: said in words, no movie under the final name.
        bad = os.path.join(tmp, "bad.fits")
        with open(bad, "wb") as f:
            f.write(b"not a FITS file at all" * 200)
        broken = os.path.join(tmp, "broken.mp4")
        code, out, err = run(cli, "movie", paths[0], bad, "--out", broken)
        check(code == 1 and "bad.fits" in err, f"unreadable frame: {code} {err!r}")
        check(not os.path.exists(broken) and not os.path.exists(os.path.join(tmp, "broken.part.mp4")),
              "half-written movie left behind")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("failures:", len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""jsoc-cli preview / header on real SDO samples and on hostile files.

Run by ctest as: test_fits_cli.py --sim JSOC_SIM --cli JSOC_CLI (the simulator is not needed).
The PNG is decoded here (zlib + PNG row filters) to check size and orientation independently
of Qt: FITS row 1 must be the bottom row of the picture.
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "fits-samples"))
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def run(cli, *args):
    p = subprocess.run([cli, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def card(text):
    return text.ljust(80)[:80].encode("ascii")


def fits_bytes(cards, data=b""):
    header = b"".join(card(c) for c in cards) + card("END")
    header += b" " * (-len(header) % 2880)
    return header + data + b"\0" * (-len(data) % 2880)


def read_png(path):
    """Returns (width, height, rows of palette indices or RGB tuples)."""
    with open(path, "rb") as f:
        blob = f.read()
    assert blob[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, palette = 8, b"", None
    while pos < len(blob):
        length, kind = struct.unpack(">I4s", blob[pos:pos + 8])
        chunk = blob[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
        elif kind == b"PLTE":
            palette = [tuple(chunk[i:i + 3]) for i in range(0, len(chunk), 3)]
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    bpp = {3: 1, 2: 3, 6: 4, 0: 1}[colour]
    assert depth == 8, f"bit depth {depth}"
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        filt = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if filt == 1:
                line[i] = (line[i] + a) & 255
            elif filt == 2:
                line[i] = (line[i] + b) & 255
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        if colour == 3:
            rows.append([palette[v] for v in line])
        elif colour == 0:
            rows.append([(v, v, v) for v in line])
        else:
            rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
    return width, height, rows


def compressed_bytes(ztile1="64", znaxis="2", naxis2="48", extra_hdu=False):
    """An empty primary and a hand-written Rice tile-compressed image header (its tile
    descriptors all empty): enough for cfitsio to set up the HDU, which is where ZTILE1 = 0
    divided by zero (SIGFPE) in cfitsio 4.2."""
    rows = int(naxis2)
    primary = fits_bytes(["SIMPLE  =                    T", "BITPIX  =                   16",
                          "NAXIS   =                    0", "EXTEND  =                    T"])
    table = fits_bytes(["XTENSION= 'BINTABLE'", "BITPIX  =                    8", "NAXIS   =                    2",
                        "NAXIS1  =                    8", f"NAXIS2  = {naxis2:>20}",
                        "PCOUNT  =                    0", "GCOUNT  =                    1",
                        "TFIELDS =                    1", "TTYPE1  = 'COMPRESSED_DATA'", "TFORM1  = '1PB(0)  '",
                        "ZIMAGE  =                    T", "ZBITPIX =                   16",
                        f"ZNAXIS  = {znaxis:>20}", "ZNAXIS1 =                   64", "ZNAXIS2 =                   48",
                        f"ZTILE1  = {ztile1:>20}", "ZTILE2  =                    1",
                        "ZCMPTYPE= 'RICE_1  '", "ZNAME1  = 'BLOCKSIZE'", "ZVAL1   =                   32"],
                       b"\0" * (8 * rows))
    image = fits_bytes(["XTENSION= 'IMAGE   '", "BITPIX  =                   16", "NAXIS   =                    2",
                        "NAXIS1  =                    4", "NAXIS2  =                    3",
                        "PCOUNT  =                    0", "GCOUNT  =                    1"], b"\0\1" * 12)
    return primary + table + (image if extra_hdu else b"")


def crash_safety(cli, tmp, aia, png):
    """Files that crashed cfitsio (and so jsoc-cli) are refused in words, exit 1."""
    cases = {
        "ztile1-0.fits": (compressed_bytes(ztile1="0"), "ZTILE1 = 0"),
        "ztile1-0-then-image.fits": (compressed_bytes(ztile1="0", extra_hdu=True), "ZTILE1 = 0"),
        "znaxis-0.fits": (compressed_bytes(znaxis="0"), "ZNAXIS = 0"),
        "ztile-huge.fits": (compressed_bytes(ztile1="100000"), "larger than ZNAXIS1"),
        "naxis2-0.fits": (compressed_bytes(naxis2="0"), "NAXIS2 = 0"),
    }
    for name, (blob, words) in cases.items():
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(blob)
        code, out, err = run(cli, "preview", path, "--out", os.path.join(tmp, name + ".png"))
        check(code == 1, f"{name}: preview exits 1, not a crash (got {code}: {err!r})")
        check(words in err and "cfitsio cannot read it" in err, f"{name}: preview says why: {err!r}")
        check(not os.path.exists(os.path.join(tmp, name + ".png")), f"{name}: no PNG left behind")
        code, out, err = run(cli, "header", path)
        check(code == 0, f"{name}: header exits 0 and lists what it can (got {code}: {err!r})")
        check("# HDU 0: image, no data" in out and "# HDU 1: compressed image, not read:" in out,
              f"{name}: header lists both HDUs: {out[:300]!r}")
        check("ZTILE1  =" in out and words in err, f"{name}: the refused HDU's raw cards and the reason: {err!r}")
    code, out, err = run(cli, "header", os.path.join(tmp, "ztile1-0-then-image.fits"))
    check("# HDU 2: image, not read: an earlier HDU cannot be read" in out, f"HDU after the refused one listed: {out[-400:]!r}")

    # 2001 HDUs: counted honestly (the old code stopped at 1000 and said so as if it were all).
    many = os.path.join(tmp, "many.fits")
    ext = fits_bytes(["XTENSION= 'IMAGE   '", "BITPIX  =                    8", "NAXIS   =                    0",
                      "PCOUNT  =                    0", "GCOUNT  =                    1"])
    with open(many, "wb") as f:
        f.write(fits_bytes(["SIMPLE  =                    T", "BITPIX  =                    8",
                            "NAXIS   =                    0", "EXTEND  =                    T"]) + ext * 2000)
    code, out, err = run(cli, "header", many)
    check(code == 0 and out.count("# HDU ") == 2001, f"2001 HDUs listed (got {out.count('# HDU ')}: {err!r})")
    code, out, err = run(cli, "header", many, "--hdu", "2000")
    check(code == 0 and "# HDU 2000: image" in out, f"--hdu 2000 of 2001 exists: {code} {err!r}")
    code, out, err = run(cli, "header", many, "--hdu", "2001")
    check(code == 1 and "2001 HDU(s)" in err, f"--hdu 2001 names the real count: {err!r}")

    # Control bytes in cards are printed as visible escapes.
    esc = os.path.join(tmp, "escape.fits")
    with open(esc, "wb") as f:
        f.write(fits_bytes(["SIMPLE  =                    T", "BITPIX  =                    8",
                            "NAXIS   =                    0", "OBJECT  = '\x1b]0;owned\x07' / \x1b[2J"]))
    code, out, err = run(cli, "header", esc)
    check(code == 0 and "\x1b" not in out and "\\x1b]0;owned\\x07" in out, f"escapes made visible: {out[:400]!r}")


def overwrite_protection(cli, tmp, fits_path):
    """--out never replaces the input, nor an existing file without --force."""
    with open(fits_path, "rb") as f:
        before = f.read()
    code, out, err = run(cli, "preview", fits_path, "--out", fits_path)
    with open(fits_path, "rb") as f:
        check(f.read() == before, "--out the input itself leaves the input untouched")
    check(code != 0 and "input file itself" in err, f"--out the input is refused: {code} {err!r}")
    code, out, err = run(cli, "preview", fits_path, "--out", fits_path, "--force")
    with open(fits_path, "rb") as f:
        check(f.read() == before and code != 0, "--force never writes over the input")
    link = os.path.join(tmp, "link.png")
    os.symlink(fits_path, link)
    code, out, err = run(cli, "preview", fits_path, "--out", link, "--force")
    with open(fits_path, "rb") as f:
        check(f.read() == before and code != 0, f"a symlink to the input is the input: {err!r}")
    existing = os.path.join(tmp, "existing.png")
    with open(existing, "wb") as f:
        f.write(b"keep me")
    code, out, err = run(cli, "preview", fits_path, "--out", existing)
    with open(existing, "rb") as f:
        check(f.read() == b"keep me", "an existing file is kept without --force")
    check(code == 1 and "existing.png exists; use --force to overwrite it" in err, f"words for an existing file: {err!r}")
    code, out, err = run(cli, "preview", fits_path, "--out", existing, "--force")
    with open(existing, "rb") as f:
        check(code == 0 and f.read()[:8] == b"\x89PNG\r\n\x1a\n", f"--force replaces it with a PNG: {err!r}")
    # A failed render leaves nothing behind (no PNG, no temporary file).
    listing = sorted(os.listdir(tmp))
    code, out, err = run(cli, "preview", os.path.join(tmp, "ztile1-0.fits"), "--out", os.path.join(tmp, "failed.png"))
    check(code == 1 and sorted(os.listdir(tmp)) == listing, "a failed run writes no file")


def fits_helper(cli, tmp, fits_path):
    """preview/header run in jsoc-cli-fits, which jsoc-cli execs: same words, same exit codes, with
    global options before the command; a jsoc-cli copied away from its helper says so."""
    code, out, err = run(cli, "--server", "http://127.0.0.1:9", "header", fits_path)
    check(code == 0 and out.startswith("# HDU 0"), f"global options before header still work: {code} {err!r}")
    lone = os.path.join(tmp, "lone")
    os.mkdir(lone)
    shutil.copy2(cli, os.path.join(lone, "jsoc-cli"))
    code, out, err = run(os.path.join(lone, "jsoc-cli"), "header", fits_path)
    check(code == 1 and "cannot run" in err and "jsoc-cli-fits" in err and out == "",
          f"no helper beside jsoc-cli: exit 1 in words (got {code}: {err!r})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim")
    ap.add_argument("--cli", required=True)
    args = ap.parse_args()
    cli = args.cli
    aia = os.path.join(SAMPLES, "aia_171_level1.fits")
    hmi = os.path.join(SAMPLES, "resampled_hmi.fits")

    code, out, err = run(cli, "preview")
    if "unknown command" in err:
        print("FAIL: jsoc-cli does not dispatch 'preview' (app/cli/main.cpp must call runPreviewCommand)")
        return 1
    check(code == 2, f"preview without arguments exits 2 (got {code})")

    with tempfile.TemporaryDirectory() as tmp:
        fits_helper(cli, tmp, aia)
        png = os.path.join(tmp, "aia.png")
        code, out, err = run(cli, "preview", aia, "--out", png, "--force")
        check(code == 0, f"preview aia exits 0 (got {code}: {err})")
        w, h, rows = read_png(png)
        check((w, h) == (128, 128), f"aia PNG is 128x128 (got {w}x{h})")
        check("aia171" in out, f"auto colour map is aia171: {out!r}")

        code, out, err = run(cli, "preview", hmi, "--out", png, "--force", "--size", "40", "--scale", "asinh",
                             "--clip", "zscale", "--cmap", "gray")
        check(code == 0, f"preview hmi exits 0 (got {code}: {err})")
        w, h, rows = read_png(png)
        check((w, h) == (40, 40), f"--size 40 gives 40x40 (got {w}x{h})")
        check(all(px[0] == px[1] == px[2] for row in rows for px in row), "gray map gives grey pixels")

        # Orientation and aspect: 6 x 3 int16, FITS row 1 = 0, rows 2 and 3 = 1000.
        data = struct.pack(">18h", *([0] * 6 + [1000] * 12))
        ramp = os.path.join(tmp, "rows.fits")
        with open(ramp, "wb") as f:
            f.write(fits_bytes(["SIMPLE  =                    T", "BITPIX  =                   16",
                                "NAXIS   =                    2", "NAXIS1  =                    6",
                                "NAXIS2  =                    3"], data))
        code, out, err = run(cli, "preview", ramp, "--out", png, "--force", "--clip", "minmax", "--cmap", "gray")
        check(code == 0, f"preview rows exits 0 (got {code}: {err})")
        w, h, rows = read_png(png)
        check((w, h) == (6, 3), f"6x3 kept (got {w}x{h})")
        check(rows[-1][0] == (0, 0, 0) and rows[0][0] == (255, 255, 255),
              f"FITS row 1 is the bottom row of the PNG (top {rows[0][0]}, bottom {rows[-1][0]})")
        code, out, err = run(cli, "preview", ramp, "--out", png, "--force", "--size", "2", "--clip", "minmax")
        w, h, rows = read_png(png)
        check((w, h) == (2, 1), f"--size 2 keeps the 2:1 aspect (got {w}x{h})")
        code, out, err = run(cli, "preview", ramp, "--out", png, "--force", "--clip", "minmax", "--invert", "--cmap", "gray")
        w, h, rows = read_png(png)
        check(rows[-1][0] == (255, 255, 255), "--invert swaps dark and bright")

        # Header command.
        code, out, err = run(cli, "header", aia)
        check(code == 0, f"header exits 0 (got {code}: {err})")
        check("# HDU 0: image, 128 × 128 float64" in out, "header names the HDU")
        check("TELESCOP= 'SDO/AIA '" in out and out.rstrip().endswith("END"), "header prints the cards")
        code, out, err = run(cli, "header", aia, "--hdu", "3")
        check(code == 1 and "HDU 3 does not exist" in err, f"header --hdu 3 fails clearly: {code} {err!r}")

        # Hostile inputs: exit 1 with a message, never a crash.
        bad = {
            "empty.fits": b"",
            "garbage.fits": bytes((i * 7919) % 251 for i in range(6000)),
            "truncated.fits": open(aia, "rb").read()[:60000],
            "huge.fits": fits_bytes(["SIMPLE  =                    T", "BITPIX  =                   16",
                                     "NAXIS   =                    2", "NAXIS1  =           2000000000",
                                     "NAXIS2  =           2000000000"]),
            "table.fits": fits_bytes(["SIMPLE  =                    T", "BITPIX  =                    8",
                                      "NAXIS   =                    0", "EXTEND  =                    T"])
            + fits_bytes(["XTENSION= 'BINTABLE'", "BITPIX  =                    8", "NAXIS   =                    2",
                          "NAXIS1  =                    8", "NAXIS2  =                    2",
                          "PCOUNT  =                    0", "GCOUNT  =                    1",
                          "TFIELDS =                    1", "TFORM1  = 'D       '", "TTYPE1  = 'TIME    '"],
                         struct.pack(">2d", 1.0, 2.0)),
        }
        for name, blob in bad.items():
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(blob)
        regressions = os.path.join(HERE, "fuzz", "regressions")
        paths = [os.path.join(tmp, n) for n in bad] + [os.path.join(regressions, n) for n in sorted(os.listdir(regressions))]
        for path in paths:
            code, out, err = run(cli, "preview", path, "--out", png, "--force")
            # A fuzz finding whose image is sound apart from the card that crashed a library
            # (wcs-unclosed-ctype-string.fits) is drawn; every other one is refused in words.
            drawn = os.path.dirname(path) == regressions and code == 0 and out.startswith("wrote")
            check(drawn or (code == 1 and err.strip() != ""), f"{os.path.basename(path)}: exit 1 with a message (got {code}: {err!r})")
            print(f"{os.path.basename(path)}: {err.strip()}")
        code, out, err = run(cli, "preview", os.path.join(tmp, "table.fits"), "--out", png, "--force")
        check("No image data" in err and "binary table" in err, f"table file explained: {err!r}")
        code, out, err = run(cli, "header", os.path.join(tmp, "table.fits"))
        check(code == 0 and "# HDU 1: binary table, 1 column × 2 rows" in out, f"header of a table file: {out[:200]!r}")
        code, out, err = run(cli, "preview", aia, "--out", png, "--force", "--scale", "cubic")
        check(code == 2 and "--scale" in err, "unknown --scale is a usage error")
        code, out, err = run(cli, "preview", aia, "--out", os.path.join(tmp, "no", "such", "dir.png"))
        check(code == 1 and "cannot write" in err, f"unwritable PNG path: {err!r}")

        crash_safety(cli, tmp, aia, png)
        overwrite_protection(cli, tmp, ramp)

    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

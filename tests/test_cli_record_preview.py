#!/usr/bin/python3
"""jsoc-cli preview/header of a RECORD SET (issue 16) against jsoc-sim serving bare SUMS files.

The expected header and picture are made here, independently of jsoc-cli: the segment file is
fetched with urllib from the path the simulator's rs_list gives, the row's keywords are added to
its header with astropy, and `jsoc-cli preview` of that local file must give the same PNG as
`jsoc-cli preview RECORDSET`. Offline records, sets of several records and series with several
segments are refused in words with the documented exit codes.
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

import numpy as np
from astropy.io import fits

results = []
MDI = "mdi.fd_M_96m_lev182"


def check(name, ok, detail=""):
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)[:2000]), flush=True)


def start_sim(sim):
    proc = subprocess.Popen([sim, "--host", "127.0.0.1", "--port", "0", "--bare-segment-files"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        proc.kill()
        raise SystemExit("jsoc-sim did not start: %r" % line)
    return proc, line[len("listening on "):]


def run(cli, url, *args):
    p = subprocess.run([cli, "--server", url] + list(args), capture_output=True, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def rs_list(url, ds, keys, seg):
    q = urllib.parse.urlencode({"op": "rs_list", "ds": ds, "key": keys, "seg": seg})
    with urllib.request.urlopen(url + "/cgi-bin/ajax/jsoc_info?" + q, timeout=120) as r:
        return json.loads(r.read().decode("latin-1"))


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def typed(value):
    """The FITS value of an rs_list string, by the rules RecordHeader documents (ints, 0x hex, reals, strings)."""
    v = value.strip()
    if v.lower().startswith("0x"):
        n = int(v, 16)
        return n - (1 << 32) if len(v) <= 10 and n >= (1 << 31) else n
    try:
        return int(v)
    except ValueError:
        pass
    try:
        return float(v)
    except ValueError:
        return v


def built_by_hand(url, record, seg, out_path):
    """The segment file with the row's keywords added by astropy: what jsoc-cli should have made."""
    o = rs_list(url, record, "**ALL**", seg)
    path = o["segments"][0]["values"][0]
    with urllib.request.urlopen(url + path, timeout=120) as r:
        raw = r.read()
    bare = out_path + ".bare.fits"
    with open(bare, "wb") as f:
        f.write(raw)
    with fits.open(bare, disable_image_compression=True) as h:
        hdr = h[1].header
        for k in o["keywords"]:
            name = k["name"].upper().replace("__", "-")
            value = k["values"][0]
            if len(name) > 8 or value in ("MISSING", "") or value.lower() == "nan" or name in hdr \
                    or name in ("HISTORY", "COMMENT", "BZERO", "BSCALE", "BLANK"):
                continue
            hdr[name] = typed(value)
        if "CHECKSUM" in hdr:
            del hdr["CHECKSUM"]
        h.writeto(out_path, overwrite=True, output_verify="silentfix")
    return o, path


def tests(cli, url, tmp):
    # Records found through rs_list: which are online is the simulator's business.
    o = rs_list(url, MDI + "[2010.10.01_00:00:00_TAI/30d]", "T_REC", "data")
    times = o["keywords"][0]["values"]
    paths = o["segments"][0]["values"]
    online = [t for t, p in zip(times, paths) if p.startswith("/SUM")]
    offline = [t for t, p in zip(times, paths) if p == "NoDataDirectory"]
    check("the simulator has online and offline MDI records", online and offline, (len(online), len(offline)))
    rec = "%s[%s]" % (MDI, online[0])

    # header RECORDSET: the note line, then the row's keywords in the image HDU.
    rc, out, err = run(cli, url, "header", rec + "{data}")
    check("header RECORDSET exits 0", rc == 0, err)
    lines = out.splitlines()
    check("header: first line says the header was built from the keywords",
          lines and lines[0].startswith("# " + rec) and "Header built from the record's keywords" in lines[0], lines[:2])
    row = rs_list(url, rec, "CRPIX1,CDELT1,T_OBS,QUALITY,RSUN_OBS", "data")
    kw = {k["name"]: k["values"][0] for k in row["keywords"]}
    crpix = [ln for ln in lines if ln.startswith("CRPIX1  =")]
    check("header: CRPIX1 is the row's", crpix and float(crpix[0].split("=")[1].split("/")[0]) == float(kw["CRPIX1"]), crpix)
    check("header: T_OBS is the row's", any(ln.startswith("T_OBS   = '%s'" % kw["T_OBS"]) for ln in lines), kw["T_OBS"])
    check("header: the COMMENT names where the keywords came from",
          any(ln.startswith("COMMENT Keywords below were added from the record's keywords") for ln in lines), "")

    # preview RECORDSET (no {segment}: the series' only one) == preview of the file built by hand.
    png_rs = os.path.join(tmp, "record.png")
    rc, out, err = run(cli, url, "preview", rec, "--out", png_rs, "--size", "512")
    check("preview RECORDSET exits 0 and writes a PNG", rc == 0 and png_size(png_rs) == (512, 512), (rc, err))
    hand = os.path.join(tmp, "by_hand.fits")
    built_by_hand(url, rec, "data", hand)
    png_hand = os.path.join(tmp, "by_hand.png")
    rc2, _, err2 = run(cli, url, "preview", hand, "--out", png_hand, "--size", "512")
    check("preview of the file built by hand exits 0", rc2 == 0, err2)
    same = rc == 0 and rc2 == 0 and open(png_rs, "rb").read() == open(png_hand, "rb").read()
    check("preview RECORDSET renders exactly what a local file with the row's keywords renders", same, "")

    # The example: an HMI magnetogram (4096², Rice) by record set with {segment}.
    png_hmi = os.path.join(tmp, "hmi.png")
    hmi = "hmi.M_45s[2014.01.01_00:00_TAI]{magnetogram}"
    o_hmi = rs_list(url, "hmi.M_45s[2014.01.01_00:00_TAI]", "T_REC", "magnetogram")
    if o_hmi["segments"][0]["values"][0].startswith("/SUM"):
        rc, out, err = run(cli, url, "preview", hmi, "--out", png_hmi, "--size", "256")
        check("preview of the issue's HMI example", rc == 0 and png_size(png_hmi) == (256, 256), err)
        # HMI is stored upside down (CROTA2 near 180): only the built header turns it north up, so
        # the bare file's picture differs and the hand-built one is the same.
        hand_hmi = os.path.join(tmp, "hmi_by_hand.fits")
        built_by_hand(url, "hmi.M_45s[2014.01.01_00:00_TAI]", "magnetogram", hand_hmi)
        pngs = {}
        for name, path in (("hand", hand_hmi), ("bare", hand_hmi + ".bare.fits")):
            pngs[name] = os.path.join(tmp, "hmi_%s.png" % name)
            run(cli, url, "preview", path, "--out", pngs[name], "--size", "256")
        read = lambda p: open(p, "rb").read() if os.path.exists(p) else b""
        check("HMI by record set == the file with the row's keywords added by hand", read(png_hmi) == read(pngs["hand"]), "")
        check("... and != the bare SUMS file (its header cannot turn it north up)", read(png_hmi) != read(pngs["bare"]), "")
    else:
        check("the issue's HMI example is offline here and says so", True)

    # More than one record: refused in words (usage, 2) unless --first.
    many = "%s[%s/1d]{data}" % (MDI, online[0])
    rc, out, err = run(cli, url, "preview", many, "--out", os.path.join(tmp, "many.png"))
    check("preview of several records exits 2 in words", rc == 2 and "more than one record" in err, (rc, err))
    check("... and writes nothing", not os.path.exists(os.path.join(tmp, "many.png")), "")
    rc, out, err = run(cli, url, "header", many, "--first")
    check("header --first takes the set's first record", rc == 0 and ("T_REC   = '%s'" % online[0]) in out, err)

    # Offline: export needed, in words (JSOC's answer: 1).
    rc, out, err = run(cli, url, "preview", "%s[%s]{data}" % (MDI, offline[0]), "--out", os.path.join(tmp, "off.png"))
    check("an offline record says an export is needed", rc == 1 and "Export needed" in err and "offline" in err, (rc, err))
    # Unknown segment.
    rc, out, err = run(cli, url, "header", "%s[%s]{nosuch}" % (MDI, online[0]))
    check("an unknown segment says so", rc == 1 and "InvalidSegName" in err, (rc, err))
    # A series with several segments and none named: the choices in words.
    rc, out, err = run(cli, url, "header", "hmi.sharp_720s[377][2011.02.15_00:00:00_TAI]")
    check("several segments and none named: usage, with the names", rc == 2 and "name one" in err, (rc, err))
    # A local file still goes straight to jsoc-cli-fits (no server needed).
    rc, out, err = run(cli, "http://127.0.0.1:9", "header", hand)
    check("a local file is still a local file", rc == 0 and out.startswith("# HDU 0"), (rc, err))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", required=True)
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    cache = tempfile.TemporaryDirectory(prefix="jsoc-cli-record-preview-")
    os.environ["XDG_CACHE_HOME"] = cache.name  # the record-look cache of this run, not the user's
    proc, url = start_sim(a.sim)
    try:
        tests(a.cli, url, cache.name)
    finally:
        proc.kill()
        proc.wait()
    passed = sum(1 for r in results if r)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 0 if passed == len(results) and results else 1


if __name__ == "__main__":
    sys.exit(main())

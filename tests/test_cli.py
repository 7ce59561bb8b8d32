#!/usr/bin/python3
"""jsoc-cli against jsoc-sim over loopback: each command, output formats, exit codes.

Expected values come from the real JSOC bodies in shared/jsoc-samples (what JSOC itself answered
for the same record sets) and from the simulator's own rs_list reply fetched here with urllib,
never from jsoc-cli itself.
"""
import argparse
import csv
import io
import json
import os
import socket
import subprocess
import sys
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("JSOC_SHARED_DIR") or os.path.join(HERE, "..", "..", "shared")
SAMPLES = os.path.join(SHARED, "jsoc-samples")

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + detail), flush=True)


def start_sim(sim):
    proc = subprocess.Popen([sim, "--host", "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        proc.kill()
        raise SystemExit("jsoc-sim did not start: %r" % line)
    return proc, line[len("listening on "):]


def run(cli, url, *args):
    p = subprocess.run([cli, "--server", url] + list(args), capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def rs_list(url, ds, keys):
    q = urllib.parse.urlencode({"op": "rs_list", "ds": ds, "key": ",".join(keys)})
    with urllib.request.urlopen(url + "/cgi-bin/ajax/jsoc_info?" + q, timeout=60) as r:
        return json.loads(r.read().decode("latin-1"))


def sample(name):
    with open(os.path.join(SAMPLES, name), encoding="latin-1") as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", required=True)
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    proc, url = start_sim(a.sim)
    try:
        tests(a.cli, url)
    finally:
        proc.kill()
        proc.wait()
    passed = sum(1 for r in results if r)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 0 if passed == len(results) and results else 1


def tests(cli, url):
    # series: NAME<TAB>DESCRIPTION, regex filter.
    rc, out, err = run(cli, url, "series", r"^hmi\.m_45s$")
    lines = out.splitlines()
    check("series exit 0", rc == 0, err)
    check("series regex picks hmi.M_45s", len(lines) == 1 and lines[0].split("\t")[0].lower() == "hmi.m_45s", out)
    catalog = {list(e.keys())[0]: list(e.values())[0]["description"]
               for e in sample("series_catalog_aia_hmi_mdi.json")["seriesList"]}
    rc, out, err = run(cli, url, "series", r"^aia\.")
    got = dict(l.split("\t", 1) for l in out.splitlines())
    want = {k: v for k, v in catalog.items() if k.startswith("aia.")}
    check("series aia.* names and descriptions match the real catalogue", got == want,
          "missing %s" % sorted(set(want) - set(got))[:5])
    rc, out, err = run(cli, url, "series")
    check("series lists the whole catalogue (~45,000)", rc == 0 and len(out.splitlines()) > 40000,
          "%d lines" % len(out.splitlines()))

    # info: prime keys and segments as the real series_struct says.
    real = sample("seriesstruct_hmi.m_45s.json")
    rc, out, err = run(cli, url, "info", "hmi.m_45s", "--json")
    check("info --json exit 0", rc == 0, err)
    info = json.loads(out) if rc == 0 else {}
    check("info prime keys", [p["name"] for p in info.get("prime_keys", [])] == real["primekeys"],
          str(info.get("prime_keys")))
    t_rec = (info.get("prime_keys") or [{}])[0]
    check("info T_REC slotted, 45 s step, 1993 epoch",
          t_rec.get("slotted") is True and float(t_rec.get("step", "0")) == 45.0
          and t_rec.get("epoch", "").startswith("1993.01.01_00:00:00"), str(t_rec))
    check("info keywords", [k["name"] for k in info.get("keywords", [])] == [k["name"] for k in real["keywords"]])
    check("info segments", [s["name"] for s in info.get("segments", [])] == [s["name"] for s in real["segments"]])
    rc, out, err = run(cli, url, "info", "hmi.m_45s")
    check("info text names prime keys and segments", rc == 0 and "T_REC" in out and "magnetogram" in out, out[:300])

    # count: slot arithmetic (45 s slots, one camera): 1 h = 80 records.
    rc, out, err = run(cli, url, "count", "hmi.M_45s[2012.01.01_00:00:00_TAI/1h]")
    check("count of one hour of hmi.M_45s is 80", rc == 0 and out.strip() == "80", out + err)

    # query: the same record sets JSOC answered in the real samples.
    for name, ds in [("rslist_hmi.M_45s_2rec.json", "hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:01:19_TAI]"),
                     ("rslist_hmi.M_45s_1rec.json", "hmi.M_45s[2012.01.01_01:01:10_TAI-2012.01.01_01:01:12_TAI]"),
                     ("rslist_hmi.M_45s_sample90s.json", "hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:02:04_TAI@90.0s]")]:
        real = sample(name)
        keys = [k["name"] for k in real["keywords"]]
        rc, out, err = run(cli, url, "query", ds, "--keys", ",".join(keys))
        rows = list(csv.reader(io.StringIO(out)))
        want = [keys] + [list(r) for r in zip(*[k["values"] for k in real["keywords"]])]
        check("query %s equals JSOC's own answer" % name, rc == 0 and rows == want, "%r vs %r" % (rows, want))

    # Default header = the prime keys; --limit.
    rc, out, err = run(cli, url, "query", "hmi.M_45s[2012.01.01_00:00:00_TAI/1h]", "--limit", "5")
    rows = list(csv.reader(io.StringIO(out)))
    check("query default header is the prime keys", rows[:1] == [["T_REC", "CAMERA"]], str(rows[:1]))
    check("query --limit 5 gives 5 rows", len(rows) == 6, str(len(rows)))

    # Every format against the simulator's raw reply: MISSING -> empty/null, other values verbatim.
    ds = "aia.lev1_euv_12s[2014.01.01_00:00:00_TAI/2m][304]"
    keys = ["T_REC", "T_OBS", "QUALITY", "EXPTIME", "DATAMEAN", "OSCNMEAN", "ROI_NWIN", "INSTRUME", "WAVELNTH"]
    raw = rs_list(url, ds, keys)
    cols = [next(k["values"] for k in raw["keywords"] if k["name"] == name) for name in keys]
    truth = list(zip(*cols))
    check("raw reply has records, some MISSING", len(truth) > 0 and any("MISSING" in r for r in truth), str(raw)[:200])
    rc, out, err = run(cli, url, "query", ds, "--keys", ",".join(keys), "--format", "json")
    js = json.loads(out) if rc == 0 else []
    ok = len(js) == len(truth) and all(
        [rec[k] for k in keys] == [None if v == "MISSING" else v for v in row] for rec, row in zip(js, truth))
    check("query --format json: MISSING is null, values verbatim", ok, out[:300])
    rc, out, err = run(cli, url, "query", ds, "--keys", ",".join(keys), "--format", "tsv")
    tsv = [l.split("\t") for l in out.splitlines()]
    ok = tsv[0] == keys and [tuple(r) for r in tsv[1:]] == [tuple("" if v == "MISSING" else v for v in row) for row in truth]
    check("query --format tsv", ok, out[:300])
    rc, out, err = run(cli, url, "query", ds, "--keys", ",".join(reversed(keys)))
    rows = list(csv.reader(io.StringIO(out)))
    check("query header keeps the order asked for", rows and rows[0] == list(reversed(keys)), str(rows[:1]))

    # A value with a comma is quoted (RFC 4180) and reads back intact.
    ds = "hmi.sharp_720s[][2014.01.01_00:00:00_TAI]"
    raw = rs_list(url, ds, ["**ALL**"])
    names = [k["name"] for k in raw.get("keywords", [])]
    values = [v for k in raw.get("keywords", []) for v in k["values"]]
    check("raw **ALL** reply has values with commas and MISSING",
          any("," in str(v) for v in values) and "MISSING" in values, str(raw)[:200])
    rc, out, err = run(cli, url, "query", ds, "--keys", "**ALL**")
    rows = list(csv.reader(io.StringIO(out)))
    want = [names] + [["" if v == "MISSING" else str(v) for v in r]
                      for r in zip(*[k["values"] for k in raw.get("keywords", [])])]
    check("query **ALL** header is the server's expansion, CSV round-trips", rc == 0 and rows == want,
          "%d vs %d rows" % (len(rows), len(want)))

    # Exit codes: usage 2, JSOC error 1, network 3.
    rc, out, err = run(cli, url, "query")
    check("usage error exits 2 with a message", rc == 2 and "record set" in err, err)
    rc, out, err = run(cli, url, "frobnicate")
    check("unknown command exits 2", rc == 2, err)
    rc, out, err = run(cli, url, "info", "hmi.m_72s")
    check("unknown series exits 1 naming the series", rc == 1 and "hmi.m_72s" in err.lower(), err)
    rc, out, err = run(cli, url, "count", "hmi.M_45s[2012.01.01_00:00:00_TAI/1h")
    check("bad record set exits 1 with JSOC's message", rc == 1 and "record" in err.lower(), err)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    dead = "http://127.0.0.1:%d" % s.getsockname()[1]
    s.close()
    rc, out, err = run(cli, dead, "count", "hmi.M_45s[$]")
    check("unreachable server exits 3", rc == 3 and err.strip() != "", err)


if __name__ == "__main__":
    sys.exit(main())

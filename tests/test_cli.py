#!/usr/bin/python3
"""jsoc-cli against jsoc-sim over loopback: each command, output formats, exit codes.

Expected values come from the real JSOC bodies in shared/jsoc-samples (what JSOC itself answered
for the same record sets) and from the simulator's own rs_list reply fetched here with urllib,
never from jsoc-cli itself.
"""
import argparse
import csv
import http.server
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
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
    # `jsoc-cli series` keeps the whole list as the offline catalogue: in a folder of this run's,
    # never the user's cache.
    cache = tempfile.TemporaryDirectory(prefix="jsoc-cli-test-cache-")
    os.environ["XDG_CACHE_HOME"] = cache.name
    proc, url = start_sim(a.sim)
    try:
        tests(a.cli, url)
    finally:
        proc.kill()
        proc.wait()
    hostile_tests(a.cli)
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

    # A value with a comma is quoted (RFC 4180) and reads back intact: near-real-time HARP 6314 holds
    # three NOAA regions ("12818,12820,12821", as the real body says), HARP 6311 none (MISSING).
    ds = "hmi.sharp_720s_nrt[][2021.05.01_05:12:00_TAI-2021.05.01_05:24:00_TAI]"
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


class HostileJsoc(http.server.BaseHTTPRequestHandler):
    """A fake JSOC whose answer for each request is chosen by the test (server.answer)."""
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def do_GET(self):
        kind, payload = self.server.answer
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if kind == "body":
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            elif kind == "drip":  # one byte every 0.1 s, for at most 30 s
                self.end_headers()
                for _ in range(300):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
            elif kind == "endless":  # `payload` first, then filler until the client goes away
                self.end_headers()
                self.wfile.write(payload)
                chunk = b"x" * 65536
                deadline = time.time() + 60
                while time.time() < deadline:
                    self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass


def start_hostile():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HostileJsoc)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d" % server.server_address[1]


def rs_list_body(columns, rows):
    kws = ",".join('{"name":"%s","values":[%s]}' % (c, ",".join('"%s%d"' % (c, r) for r in range(rows))) for c in columns)
    return ('{"keywords":[%s],"segments":[],"links":[],"count":%d,"runtime":0.01,"status":0}\n'
            % (kws, rows)).encode()


def timed_run(cli, url, *args):
    start = time.monotonic()
    rc, out, err = run(cli, url, *args)
    return rc, out, err, time.monotonic() - start


def hostile_tests(cli):
    """Issue 11: replies a real JSOC never sends must end in words, quickly, with memory bounded."""
    server, url = start_hostile()
    try:
        # Counts used to print -9223372036854775808 for 2^63-1, 1 for 1.5, and -5 as is.
        for text in ["9223372036854775807", "-5", "1.5", "1e19"]:
            server.answer = ("body", ('{"count":%s,"runtime":0.01,"status":0}\n' % text).encode())
            rc, out, err = run(cli, url, "count", "hmi.M_45s[$]")
            check("count %s is an error in words" % text,
                  rc == 1 and out == "" and "JSOC's reply has count" in err and "which is not a" in err, out + err)
        server.answer = ("body", b'{"count":"4","runtime":0.01,"status":"0"}\n')
        rc, out, err = run(cli, url, "count", "hmi.M_45s[$]")
        check("count 4 as a string still reads", rc == 0 and out.strip() == "4", out + err)
        server.answer = ("body", b'{"count":4,"runtime":0.01,"status":4294967296}\n')
        rc, out, err = run(cli, url, "count", "hmi.M_45s[$]")
        check("status 2^32 is not read as 0", rc == 1 and "status 4294967296, which is not a valid status" in err, out + err)

        # A slow drip: ends at --deadline, in words, instead of waiting forever.
        server.answer = ("drip", b"")
        rc, out, err, took = timed_run(cli, url, "--deadline", "1.5", "count", "hmi.M_45s[$]")
        check("slow drip ends at --deadline 1.5 in words",
              rc == 3 and "gave up" in err and "in 1.5 s" in err and "--deadline" in err and took < 10,
              "rc %d, %.1f s: %s" % (rc, took, err))
        rc, out, err = run(cli, url, "--deadline", "soon", "count", "hmi.M_45s[$]")
        check("--deadline takes seconds", rc == 2 and "--deadline" in err, err)

        # --limit 5 against a server that ignores n: refused, not printed.
        server.answer = ("body", rs_list_body(["T_REC"], 7))
        rc, out, err = run(cli, url, "query", "hmi.M_45s[$]", "--keys", "T_REC", "--limit", "5")
        check("rows beyond --limit are an error", rc == 1 and "7 records although only 5" in err, out[:200] + err)
        # ... and streams without end: stopped at the byte budget, quickly.
        server.answer = ("endless", b'{"keywords":[{"name":"T_REC","values":["')
        rc, out, err, took = timed_run(cli, url, "query", "hmi.M_45s[$]", "--keys", "T_REC", "--limit", "5")
        check("endless rs_list for --limit 5 stops in words",
              rc == 1 and "exceeded" in err and "far more than 5 records can take; stopped reading" in err and took < 30,
              "rc %d, %.1f s: %s" % (rc, took, err))

        # A reply whose keyword columns disagree on the record count.
        server.answer = ("body", b'{"keywords":[{"name":"T_REC","values":["a","b","c","d","e"]},'
                                 b'{"name":"QUALITY","values":["0","0","0"]}],"segments":[],"links":[],"count":5,"status":0}\n')
        rc, out, err = run(cli, url, "query", "hmi.M_45s[$]", "--keys", "T_REC,QUALITY", "--limit", "5")
        check("mismatched columns are an error in words",
              rc == 1 and "keyword T_REC has 5 values but keyword QUALITY has 3" in err, out[:200] + err)

        # **ALL** over 100,000 keywords used to take 21.7 s (a linear name lookup per column).
        names = ["K%d" % i for i in range(100000)]
        server.answer = ("body", rs_list_body(names, 1))
        rc, out, err, took = timed_run(cli, url, "query", "x.big[$]", "--keys", "**ALL**", "--limit", "1")
        rows = list(csv.reader(io.StringIO(out)))
        check("**ALL** over 100,000 keywords in under 3 s",
              rc == 0 and took < 10 and len(rows) == 2 and rows[0] == names and rows[1][99999] == "K999990",
              "rc %d, %.2f s, %d rows: %s" % (rc, took, len(rows), err[:200]))
        print("**ALL** x 100,000 keywords: %.2f s" % took)
    finally:
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())

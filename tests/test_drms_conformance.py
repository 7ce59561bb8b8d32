#!/usr/bin/python3
"""drms conformance: the real Python drms client (Debian python3-drms) against jsoc-sim.

Usage: test_drms_conformance.py --sim PATH/jsoc-sim --cli PATH/jsoc-cli

Starts jsoc-sim on a free loopback port, points a drms ServerConfig at it and runs series, info,
pkeys, keys, query (with MISSING coercion), check_email, and exports (quick as-is, queued fits,
url-tar, status-6-first) including downloads. Prints one PASS/FAIL line per check and
"N passed, M failed" at the end; exits non-zero on any failure. The simulator is always killed.
"""
import argparse
import json
import math
import os
import select
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from simulator_server import server_config  # noqa: E402  (drms's view of jsoc-sim, shared with the peer suites)

EMAIL = "jsoc@example.com"
HMI_1REC = "hmi.M_45s[2012.01.01_01:01:10_TAI-2012.01.01_01:01:12_TAI]"
HMI_2REC = "hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:01:19_TAI]"
AIA_ALLKEYS = "aia.lev1_euv_12s[2014.01.01_00:00:35_TAI-2014.01.01_00:02:35_TAI][304]"
AIA_TAR = "aia.lev1_euv_12s[2010.07.30_13:30:34_TAI-2010.07.30_13:31:10_TAI][193]"


def shared_dir():
    env = os.environ.get("JSOC_SHARED_DIR")
    if env:
        return env
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared"))


def load_sample(name):
    with open(os.path.join(shared_dir(), "jsoc-samples", name), "rb") as f:
        return json.loads(f.read().decode("latin1"))


class Simulator:
    """jsoc-sim as a child process; reads 'listening on http://HOST:PORT' from its first line."""

    def __init__(self, path, extra_args=()):
        # The simulator keeps generated files in a temporary directory that it only removes on a
        # clean exit; give it a TMPDIR of our own so nothing is left behind after terminate().
        self.tmp = tempfile.TemporaryDirectory(prefix="drms-conformance-")
        env = dict(os.environ, TMPDIR=self.tmp.name)
        # JSOC knows only registered addresses: ours, and one whose registration is still pending.
        registry = ["--register", EMAIL, "--pending", "pending.person@example.com"]
        self.proc = subprocess.Popen([path, "--port", "0", *registry, *extra_args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        ready, _, _ = select.select([self.proc.stdout], [], [], 30)
        if not ready:
            self.stop()
            raise RuntimeError("jsoc-sim printed nothing within 30 s")
        line = self.proc.stdout.readline().decode("utf-8", "replace").strip()
        prefix = "listening on "
        if not line.startswith(prefix):
            err = self.proc.stderr.read1(4096).decode("utf-8", "replace") if self.proc.poll() is not None else ""
            self.stop()
            raise RuntimeError(f"unexpected first line from jsoc-sim: {line!r} {err}")
        self.base = line[len(prefix):].rstrip("/")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.tmp.cleanup()


def make_client(drms, base, name):
    return drms.Client(server=server_config(drms, base, name), email=EMAIL)


def http_get(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.status, dict(r.headers), r.read()


class Runner:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, fn):
        try:
            fn()
        except AssertionError as e:
            self.failed += 1
            print(f"FAIL: {name}: {e}", flush=True)
        except Exception as e:  # an exception from drms is a failure with its own message
            self.failed += 1
            print(f"FAIL: {name}: {type(e).__name__}: {e}", flush=True)
            traceback.print_exc(limit=3)
        else:
            self.passed += 1
            print(f"PASS: {name}", flush=True)


def expect(cond, msg):
    if not cond:
        raise AssertionError(msg)


def fits_file_ok(path, expected_size=None):
    expect(os.path.isfile(path), f"{path} missing")
    with open(path, "rb") as f:
        head = f.read(30)
    expect(head.startswith(b"SIMPLE  ="), f"{path} does not start with 'SIMPLE  =': {head!r}")
    size = os.path.getsize(path)
    expect(size % 2880 == 0, f"{path}: size {size} is not a multiple of 2880")
    if expected_size is not None:
        expect(size == expected_size, f"{path}: {size} bytes, server says {expected_size}")


def run_checks(drms, sim_path, runner):
    sim = Simulator(sim_path, ["--export-queued-ms", "700", "--export-processing-ms", "700"])
    try:
        base = sim.base
        print(f"# jsoc-sim at {base}", flush=True)
        c = make_client(drms, base, "jsocsim")
        ss_hmi = load_sample("seriesstruct_hmi.m_45s.json")

        def series():
            names = c.series(r"hmi\.m_45s")
            expect("hmi.M_45s" in names, f"hmi.M_45s not in {names[:10]}")
            expect(all("m_45s" in n.lower() for n in names), f"regex not applied: {names[:10]}")
            aia = c.series(r"^aia\.lev1")
            expect("aia.lev1_euv_12s" in aia, f"aia.lev1_euv_12s not in {aia[:10]}")
            full = c.series(r"hmi\.m_45s", full=True)
            expect(list(full.columns) == ["name", "note"], f"full columns {list(full.columns)}")
            row = full[full.name == "hmi.M_45s"]
            expect(len(row) == 1 and row.note.iloc[0], "no note for hmi.M_45s")
        runner.check("series(regex)", series)

        def info():
            si = c.info("hmi.m_45s")
            expect(list(si.primekeys) == ss_hmi["primekeys"], f"primekeys {si.primekeys}")
            expect(si.note == ss_hmi["note"], f"note {si.note!r}")
            expect(si.retention == ss_hmi["retention"] and si.unitsize == ss_hmi["unitsize"], "retention/unitsize")
            expect(si.archive == ss_hmi["archive"] and si.tapegroup == ss_hmi["tapegroup"], "archive/tapegroup")
            names = [k["name"] for k in ss_hmi["keywords"]]
            expect(list(si.keywords.index) == names, f"keywords differ: {list(si.keywords.index)[:8]}...")
            for k in ss_hmi["keywords"]:
                row = si.keywords.loc[k["name"]]
                for field in ("type", "recscope", "defval", "units", "note"):
                    expect(row[field] == k[field], f"{k['name']}.{field}: {row[field]!r} != {k[field]!r}")
            expect(si.keywords.loc["T_REC"].is_time, "T_REC is not a time keyword")
            segs = [s["name"] for s in ss_hmi["segments"]]
            expect(list(si.segments.index) == segs, f"segments {list(si.segments.index)}")
            mag = si.segments.loc["magnetogram"]
            ref = ss_hmi["segments"][0]
            for field in ("type", "units", "protocol", "dims", "note"):
                expect(mag[field] == ref[field], f"magnetogram.{field}: {mag[field]!r} != {ref[field]!r}")
        runner.check("info(hmi.m_45s) matches the real series_struct", info)

        def pkeys_keys():
            expect(c.pkeys("hmi.M_45s") == ["T_REC", "CAMERA"], f"pkeys {c.pkeys('hmi.M_45s')}")
            expect(c.keys("hmi.M_45s") == [k["name"] for k in ss_hmi["keywords"]], "keys differ")
            aia = c.pkeys("aia.lev1_euv_12s")
            expect(aia == ["T_REC", "WAVELNTH"], f"aia pkeys {aia}")
        runner.check("pkeys/keys", pkeys_keys)

        def query_sample():
            ref = load_sample("rslist_hmi.M_45s_2rec.json")
            keys = [k["name"] for k in ref["keywords"]]
            df = c.query(HMI_2REC, key=",".join(keys))
            expect(len(df) == ref["count"], f"{len(df)} rows, expected {ref['count']}")
            for k in ref["keywords"]:
                for i, raw in enumerate(k["values"]):
                    got = df[k["name"]].iloc[i]
                    if k["name"] in ("WAVELNTH", "CAR_ROT"):
                        expect(float(got) == float(raw), f"{k['name']}[{i}] {got!r} != {raw}")
                    else:
                        expect(got == raw, f"{k['name']}[{i}] {got!r} != {raw!r}")
            # pkeys=True prepends the prime keys; seg= gives the segment paths.
            kdf, sdf = c.query(HMI_1REC, key="T_REC", seg="magnetogram", pkeys=True)
            expect(list(kdf.columns)[:2] == ["T_REC", "CAMERA"], f"columns {list(kdf.columns)}")
            expect(kdf.T_REC.iloc[0] == "2012.01.01_01:01:30_TAI", f"slot rounding: {kdf.T_REC.iloc[0]}")
            expect(sdf.magnetogram.iloc[0].startswith("/SUM"), f"segment path {sdf.magnetogram.iloc[0]}")
        runner.check("query values equal the real rs_list sample", query_sample)

        def query_missing():
            # Compare drms's converted frame with the raw rs_list the simulator sent.
            si = c.info("aia.lev1_euv_12s")
            url = base + "/cgi-bin/ajax/jsoc_info?" + urllib.parse.urlencode(
                {"op": "rs_list", "ds": AIA_ALLKEYS, "key": "**ALL**"})
            raw = json.loads(http_get(url)[2].decode("latin1"))
            expect(raw["status"] == 0 and raw["count"] > 0, f"raw rs_list: {str(raw)[:200]}")
            df = c.query(AIA_ALLKEYS, key="**ALL**")
            expect(len(df) == raw["count"], f"{len(df)} rows vs {raw['count']}")
            nmissing = nnumeric = 0
            for col in raw["keywords"]:
                name = col["name"]
                if name not in si.keywords.index:
                    continue
                kw = si.keywords.loc[name]
                values = col["values"]
                numeric = bool(kw.is_integer or kw.is_real)
                hexa = bool(kw.is_integer) and any(str(v).startswith("0x") for v in values)
                for i, v in enumerate(values):
                    got = df[name].iloc[i]
                    if numeric:
                        nnumeric += 1
                        if v == "MISSING":
                            nmissing += 1
                            expect(isinstance(got, float) and math.isnan(got), f"{name}[{i}]: MISSING gave {got!r}")
                        elif hexa:
                            expect(int(got) == int(v, 16), f"{name}[{i}]: {got!r} != {v}")
                        else:
                            want = float(v)
                            if math.isnan(want):
                                expect(math.isnan(float(got)), f"{name}[{i}]: {got!r} != nan")
                            else:
                                expect(float(got) == want, f"{name}[{i}]: {got!r} != {v}")
                    else:
                        expect(got == v, f"{name}[{i}]: {got!r} != {v!r}")
            expect(nnumeric > 100, f"only {nnumeric} numeric values compared")
            expect(nmissing > 0, "the simulator sent no MISSING numeric value for this set")
            print(f"#   compared {nnumeric} numeric values, {nmissing} MISSING -> NaN", flush=True)
        runner.check("query MISSING coercion (NaN exactly where MISSING)", query_missing)

        def check_email():
            expect(c.check_email(EMAIL) is True, "registered address rejected")
            expect(c.check_email("pending.person@example.com") is False, "pending address accepted")
            expect(c.check_email("unknown.person@example.com") is False, "unknown address accepted")
        runner.check("check_email", check_email)

        def export_quick():
            r = c.export(HMI_1REC, method="url_quick", protocol="as-is")
            expect(r.status == 0 and r.id is None, f"status {r.status} id {r.id}")
            expect(r.has_succeeded(), "quick export did not succeed")
            expect(len(r.data) == 1, f"{len(r.data)} rows")
            expect(r.data.record.iloc[0] == "hmi.M_45s[2012.01.01_01:01:30_TAI][2]{magnetogram}", r.data.record.iloc[0])
            url = r.urls.url.iloc[0]
            expect(url.startswith(base + "/SUM"), f"url {url}")
            status, headers, body = http_get(url)
            with tempfile.TemporaryDirectory() as d:
                res = r.download(d)
                path = res.download.iloc[0]
                expect(path is not None, "download failed")
                expect(os.path.basename(path) == "hmi.m_45s.20120101_010130_TAI.2.magnetogram.fits",
                       f"local name {os.path.basename(path)}")
                fits_file_ok(path, int(headers["Content-Length"]))
                with open(path, "rb") as f:
                    expect(f.read() == body, "downloaded bytes differ from a direct GET")
        runner.check("export url_quick as-is + download", export_quick)

        def export_queued():
            r = c.export(HMI_2REC, method="url", protocol="fits")
            expect(r.status == 2, f"status {r.status}")
            expect(r.id and r.id.startswith("JSOC_"), f"id {r.id}")
            expect(r.wait(timeout=60, sleep=0.3), "wait() timed out")
            expect(r.has_succeeded() and r.status == 0, f"status {r.status}")
            names = list(r.data.filename)
            expect(names == ["hmi.m_45s.20120101_000045_TAI.2.magnetogram.fits",
                             "hmi.m_45s.20120101_000130_TAI.2.magnetogram.fits"], f"filenames {names}")
            expect(r.keywords == "**IN FITS FILES**", f"keywords {r.keywords}")
            expect(r.request_url == base + r.dir, f"request_url {r.request_url}")
            again = c.export_from_id(r.id)
            expect(again.status == 0 and list(again.data.filename) == names, "export_from_id differs")
            with tempfile.TemporaryDirectory() as d:
                res = r.download(d)
                expect(len(res) == 2, f"{len(res)} downloads")
                for path, url in zip(res.download, res.url):
                    expect(path is not None, f"download of {url} failed")
                    expect(os.path.basename(path) in names, f"local name {path}")
                    _, headers, _ = http_get(url)
                    fits_file_ok(path, int(headers["Content-Length"]))
        runner.check("export url fits queued + wait + download", export_queued)

        def export_tar():
            r = c.export(AIA_TAR, method="url-tar", protocol="fits", n=2)
            expect(r.wait(timeout=60, sleep=0.3), "wait() timed out")
            expect(r.tarfile and r.tarfile.endswith(".tar"), f"tarfile {r.tarfile}")
            files = list(r.data.filename)
            expect(len(files) == 4, f"{len(files)} files for 2 AIA records x 2 segments")
            with tempfile.TemporaryDirectory() as d:
                res = r.download(d)
                expect(len(res) == 1 and res.download.iloc[0], "tar download failed")
                with tarfile.open(res.download.iloc[0]) as t:
                    members = t.getnames()
                    expect(all(f in members for f in files), f"tar members {members}")
                    data = t.extractfile(files[0]).read()
                    expect(data.startswith(b"SIMPLE  ="), "tar member is not FITS")
        runner.check("export url-tar (n=2) + tar download", export_tar)

        def export_failures():
            r = c.export("hmi.M_45s[not a time", method="url", protocol="fits")
            expect(r.has_failed(), f"bad record set: status {r.status}")
            expect(r.status == 4, f"status {r.status}")
            try:
                r.wait()
            except drms.DrmsExportError as e:
                expect("Bad record-set query" in str(e) or "does not exist" in str(e), str(e))
            else:
                raise AssertionError("wait() did not raise for a failed export")
            # export(email=...) does not run check_email; jsoc_fetch's notify check answers status 4.
            r = c.export(HMI_1REC, method="url", protocol="fits", email="pending.person@example.com")
            expect(r.status == 4 and r.has_failed(), f"pending notify address: status {r.status}")
            try:
                r.wait()
            except drms.DrmsExportError as e:
                expect("Cannot process your request. Email-address registration is pending" in str(e), str(e))
            else:
                raise AssertionError("wait() did not raise for a pending notify address")
        runner.check("export failures raise DrmsExportError", export_failures)
    finally:
        sim.stop()

    # Older servers answer status 6 on the first poll; drms must retry and succeed.
    sim6 = Simulator(sim_path, ["--export-queued-ms", "300", "--export-processing-ms", "300", "--export-status6-first"])
    try:
        c6 = make_client(drms, sim6.base, "jsocsim6")

        def status6():
            r = c6.export(HMI_1REC, method="url", protocol="fits")
            expect(r.status == 2, f"status {r.status}")
            expect(r.wait(timeout=60, sleep=0.2, retries_notfound=3), "wait() timed out")
            expect(r.has_succeeded(), f"status {r.status}")
        runner.check("export survives status 6 on the first poll", status6)
    finally:
        sim6.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sim", required=True)
    ap.add_argument("--cli", required=False)
    args = ap.parse_args()
    socket.setdefaulttimeout(60)  # drms 0.6.3 sets no timeout of its own
    runner = Runner()
    try:
        import drms  # noqa: F401
    except Exception as e:
        print(f"FAIL: import drms: cannot import the drms package ({e}); install python3-drms", flush=True)
        print("0 passed, 1 failed")
        return 1
    print(f"# drms {getattr(drms, '__version__', '?')} from {os.path.dirname(drms.__file__)}", flush=True)
    try:
        run_checks(drms, args.sim, runner)
    except Exception as e:
        runner.failed += 1
        print(f"FAIL: simulator: {type(e).__name__}: {e}", flush=True)
    print(f"{runner.passed} passed, {runner.failed} failed")
    return 0 if runner.failed == 0 and runner.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""The python3-drms side of bench_record_look: for each record, the way drms's tutorial looks at a
segment without an export: drms.Client(...).query(ds, key=**ALL**, seg=SEG), then the file from
server root + path with urllib, then astropy opens it and decompresses the image. Timed per record
from the query to the decoded array.

Usage: record_look_drms.py --url http://127.0.0.1:PORT --seg data RECORD [RECORD ...]
Prints one JSON line: {"ms": [per-record milliseconds], "shape": [ny, nx] of the last image}
"""
import argparse
import io
import json
import os
import sys
import time
import urllib.request

import drms
from astropy.io import fits

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
from simulator_server import server_config  # noqa: E402  (drms's view of jsoc-sim, one definition)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--seg", required=True)
    ap.add_argument("records", nargs="+")
    args = ap.parse_args()
    base = args.url.rstrip("/")
    client = drms.Client(server=server_config(drms, base))
    times = []
    shape = None
    for rec in args.records:
        start = time.perf_counter()
        keys, segs = client.query(rec, key="**ALL**", seg=args.seg)
        with urllib.request.urlopen(base + segs[args.seg].iloc[0], timeout=120) as r:
            raw = r.read()
        with fits.open(io.BytesIO(raw)) as h:
            data = h[1].data
            shape = list(data.shape)
        times.append((time.perf_counter() - start) * 1000.0)
        del keys
    print(json.dumps({"ms": times, "shape": shape}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

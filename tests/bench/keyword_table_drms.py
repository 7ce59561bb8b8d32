#!/usr/bin/python3
"""The python3-drms side of bench_keyword_table: one drms.Client(...).query(ds, key=...) against
the JSOC simulator, timed from the call to the filled DataFrame, with this process's peak RSS.

Usage: keyword_table_drms.py --url http://127.0.0.1:PORT --ds RECORDSET --keys K1,K2,...
Prints one JSON line: {"ms": query time, "rows": n, "cols": m,
                       "base_maxrss_kb": peak RSS after the imports, "maxrss_kb": peak RSS at the end}
"""
import argparse
import json
import resource
import sys
import os
import time

import drms

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
from simulator_server import server_config  # noqa: E402  (drms's view of jsoc-sim, one definition)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True, help="simulator site root, e.g. http://127.0.0.1:8080")
    ap.add_argument("--ds", required=True)
    ap.add_argument("--keys", required=True, help="comma-separated keyword names")
    args = ap.parse_args()

    base = args.url.rstrip("/")
    cfg = server_config(drms, base)
    client = drms.Client(server=cfg)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    frame = client.query(args.ds, key=args.keys)
    ms = (time.perf_counter() - start) * 1000.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"ms": ms, "rows": int(frame.shape[0]), "cols": int(frame.shape[1]),
                      "base_maxrss_kb": base_rss, "maxrss_kb": peak}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""The astropy side of bench_fits_render and bench_fits_speed: open a FITS file, read the image data
(as float: BSCALE/BZERO applied), take the central 99.5 % percentile limits, scale to 0..255 and
colour-map through a 256-entry table (an RGBA array ready to paint), as a Python user would. With
--no-map it stops after the scaling (open + float + percentile scaling: issue 17's reference).
Imports are outside the timing. Prints one JSON line with timings (every run's too) and memory.

Usage: /usr/bin/python3 fits_astropy.py FILE [--repeat N] [--no-map]
Exit 3 with a message when astropy is missing (Debian: apt-get install python3-astropy).
"""
import json
import sys
import time


def rss_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def main():
    if len(sys.argv) < 2:
        print("usage: fits_astropy.py FILE [--repeat N]", file=sys.stderr)
        return 2
    path = sys.argv[1]
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    colour_map = "--no-map" not in sys.argv
    try:
        import numpy as np
        import astropy
        from astropy.io import fits
        from astropy.visualization import PercentileInterval
    except ImportError as e:
        print(f"astropy is not installed ({e}); install it with: apt-get install python3-astropy", file=sys.stderr)
        return 3

    lut = np.zeros((256, 4), dtype=np.uint8)  # grey RGBA table: the cost is the same for any map
    lut[:, 0] = lut[:, 1] = lut[:, 2] = np.arange(256)
    lut[:, 3] = 255
    baseline = rss_kb("VmRSS")
    times = []
    cpu = []
    shape = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        c0 = time.process_time()
        with fits.open(path, memmap=False) as hdul:
            hdu = next(h for h in hdul if h.data is not None and getattr(h, "is_image", True) and h.data.ndim >= 2)
            data = hdu.data
            lo, hi = PercentileInterval(99.5).get_limits(data)
            scaled = np.clip((data - lo) / (hi - lo), 0.0, 1.0)
            index = np.nan_to_num(scaled * 255.0 + 0.5, nan=0.0).astype(np.uint8)
            rgba = lut[np.flipud(index)] if colour_map else index
            shape = rgba.shape
        times.append((time.perf_counter() - t0) * 1000.0)
        cpu.append((time.process_time() - c0) * 1000.0)
        del data, scaled, index, rgba
    times.sort()
    print(json.dumps({
        "astropy": astropy.__version__,
        "numpy": np.__version__,
        "best_ms": times[0],
        "median_ms": times[len(times) // 2],
        "times_ms": times,
        "best_cpu_ms": min(cpu),
        "colour_map": colour_map,
        "limits": [float(lo), float(hi)],
        "shape": list(shape),
        "baseline_rss_kb": baseline,
        "peak_rss_kb": rss_kb("VmHWM"),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())

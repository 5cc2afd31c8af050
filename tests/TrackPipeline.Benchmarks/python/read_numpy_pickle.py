#!/usr/bin/env python3
"""Reference read throughput: np.load + pickle.load of every track of a dataset, in one Python process.

The C# side of the comparison is `dotnet run -c Release --project tests/TrackPipeline.Benchmarks -- read DIR`.
Both read the same files; the best of --repeat passes is reported (warm page cache), as JSON on stdout.
"""
import argparse, glob, json, os, pickle, time

import numpy as np


def read_all(files):
    points = 0
    for npz, pkl in files:
        with np.load(npz) as f:
            r = f["r"]
            num_e = f["num_e"]
            points += r.shape[1]
            _ = num_e.sum()
        with open(pkl, "rb") as fh:
            pickle.load(fh)
    return points


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    npzs = sorted(glob.glob(os.path.join(a.root, "**", "TrackE*.npz"), recursive=True))
    files = [(n, n[: -len(".npz")] + ".pickle") for n in npzs]
    nbytes = sum(os.path.getsize(n) + os.path.getsize(p) for n, p in files)
    best = float("inf")
    for _ in range(a.repeat):
        t = time.perf_counter()
        points = read_all(files)
        best = min(best, time.perf_counter() - t)
    print(json.dumps({
        "reader": f"numpy {np.__version__} np.load + pickle.load",
        "tracks": len(files), "points": points, "bytes": nbytes,
        "best_seconds": round(best, 4),
        "points_per_second": round(points / best), "mb_per_second": round(nbytes / best / 1e6, 1),
    }))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Pools the per-pair rows of the reconstruction benchmark's set `stemjointphotons` over generator seeds.

Each run (`reconstruction ../shared/data/Tracks config OUT.md 120 stemjointphotons SEED`) prints one CSV row per pair photon on
stdout: stemjointphotons,seed,photon keV,index,stem,joint,joint with the fork >= 10 mm,two lines apart,joint with charge
energies,joint binned along the stem fit's direction (deg, nan where a fit had nothing). Usage: pool_stemjoint.py STDOUT_FILE...; prints the pooled median (68 %) per energy.
"""
import math, sys

COLUMNS = ["stem", "joint", "joint, fork >= 10 mm", "two lines apart", "joint, charge energies", "joint along the stem fit"]


def quantile(values, p):
    # The benchmark's own quantile: linear between order statistics.
    v = sorted(values)
    if not v:
        return float("nan")
    h = (len(v) - 1) * p
    lo = int(math.floor(h))
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (h - lo) * (v[hi] - v[lo])


def main(paths):
    rows = []
    for path in paths:
        with open(path) as f:
            for line in f:
                if line.startswith("stemjointphotons,"):
                    p = line.strip().split(",")
                    rows.append((int(p[1]), int(p[2]), [float(x) for x in p[4:]]))
    print("seeds", sorted({r[0] for r in rows}))
    for kev in sorted({r[1] for r in rows}):
        cells = []
        for k, name in enumerate(COLUMNS):
            v = [r[2][k] for r in rows if r[1] == kev and not math.isnan(r[2][k])]
            cells.append(f"{name} {quantile(v, 0.5):.2f} ({quantile(v, 0.68):.2f}) n={len(v)}")
        d = [r[2][1] < r[2][0] for r in rows if r[1] == kev and not math.isnan(r[2][0]) and not math.isnan(r[2][1])]
        print(f"{kev // 1000} MeV | " + " | ".join(cells) + f" | joint closer than stem in {sum(d)} of {len(d)}")


if __name__ == "__main__":
    main(sys.argv[1:])

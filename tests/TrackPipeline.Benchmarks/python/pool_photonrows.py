#!/usr/bin/env python3
"""Pools the per-photon rows ("photonrow,seed,E_keV,name,angle_deg") that `reconstruction ... photons SEED` prints on stdout,
for a shipped run and a candidate run over the same generator seeds, and reads them under issue 10 round 15's rule
(docs/reconstruction.md): pooled medians (68 %) per energy, per-seed medians, the mean of the per-seed paired differences of
the 50 MeV median (candidate - shipped) with its standard error (spread / sqrt(seeds)), and how many photons changed.
Usage: pool_photonrows.py SHIPPED.out [...] -- CANDIDATE.out [...]  (no NumPy needed)."""
import math
import sys


def read(paths):
    rows = {}
    for path in paths:
        with open(path) as f:
            for line in f:
                if not line.startswith("photonrow,"):
                    continue
                _, seed, e, name, angle = line.strip().split(",")
                rows[(seed, int(e), name)] = float(angle)
    return rows


def quantile(values, q):
    v = sorted(x for x in values if not math.isnan(x))
    if not v:
        return float("nan")
    pos = q * (len(v) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (pos - lo) * (v[hi] - v[lo])


def main(argv):
    cut = argv.index("--")
    base, cand = read(argv[:cut]), read(argv[cut + 1:])
    seeds = sorted({k[0] for k in base}, key=lambda s: int(s))
    print("| E (MeV) | photons | shipped median (68 %) | candidate median (68 %) | changed | candidate closer | per seed shipped -> candidate (" + " / ".join(seeds) + ") |")
    print("|---|---|---|---|---|---|---|")
    diffs50 = []
    for e in sorted({k[1] for k in base}):
        keys = [k for k in base if k[1] == e and k in cand]
        b = [base[k] for k in keys]
        c = [cand[k] for k in keys]
        changed = sum(1 for k in keys if base[k] != cand[k])
        closer = sum(1 for k in keys if cand[k] < base[k])
        per = []
        for s in seeds:
            bs = [base[k] for k in keys if k[0] == s]
            cs = [cand[k] for k in keys if k[0] == s]
            mb, mc = quantile(bs, 0.5), quantile(cs, 0.5)
            per.append(f"{mb:.2f} -> {mc:.2f}")
            if e == 50000:
                diffs50.append(mc - mb)
        print(f"| {e // 1000} | {len(keys)} | {quantile(b, 0.5):.2f} ({quantile(b, 0.68):.2f}) | {quantile(c, 0.5):.2f} ({quantile(c, 0.68):.2f}) | {changed} | {closer} of {changed} | {'; '.join(per)} |")
    if diffs50:
        mean = sum(diffs50) / len(diffs50)
        spread = math.sqrt(sum((d - mean) ** 2 for d in diffs50) / (len(diffs50) - 1)) if len(diffs50) > 1 else float("nan")
        se = spread / math.sqrt(len(diffs50))
        print()
        print(f"50 MeV per-seed median differences (candidate - shipped): {', '.join(f'{d:+.2f}' for d in diffs50)}; mean {mean:+.2f} deg, "
              f"standard error {se:.2f} deg (mean below zero by {(-mean / se if se > 0 else float('nan')):.1f} standard errors)")


if __name__ == "__main__":
    main(sys.argv[1:])

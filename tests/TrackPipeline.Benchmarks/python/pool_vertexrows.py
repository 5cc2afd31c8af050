#!/usr/bin/env python3
"""Pools the per-photon rows ("vertexrow,seed,E_keV,n,miss_mm,kind,lepton,s_mm,length_mm,angle_deg,soft_share,apex_end_mm,
apex_score,best_score,apex_rank,ends,apex_in_main,cluster,along_mm") that `reconstruction ... vertexcensus SEED` prints on stdout
(issue 10 round 18). One set of files: the census (kinds of the vertices > 1 mm off, per energy). Two sets separated by "--"
(shipped -- candidate, same generator seeds): round 18's rule, per energy the vertices within 1 mm, the pooled median (68 %)
photon angle at the vertex found, the per-seed medians and the mean of the per-seed paired differences (candidate - shipped)
with its standard error (spread / sqrt(seeds)). No NumPy needed.
Usage: pool_vertexrows.py RUN.out [...] [-- CANDIDATE.out [...]]"""
import math
import sys

KINDS = ["far end", "near apex", "mid-arm", "branch", "no deposit"]


def read(paths):
    rows = {}
    for path in paths:
        with open(path) as f:
            for line in f:
                if line.startswith("vertexrow,"):
                    p = line.strip().split(",")
                    rows[(p[1], int(p[2]), int(p[3]))] = p
    return rows


def quantile(values, q):
    v = sorted(x for x in values if not math.isnan(x))
    if not v:
        return float("nan")
    pos = q * (len(v) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (pos - lo) * (v[hi] - v[lo])


def census(rows):
    print("| E (MeV) | photons | within 1 mm | > 1 mm | " + " | ".join(KINDS) + " | far end on the soft / hard lepton | apex an end (<= 1 mm) among the > 1 mm | photon median at found (deg) |")
    print("|---|" + "---|" * (len(KINDS) + 7))
    for e in sorted({k[1] for k in rows}):
        r = [p for k, p in rows.items() if k[1] == e]
        miss = [float(p[4]) for p in r]
        off = [p for p in r if not float(p[4]) <= 1]
        kinds = [sum(1 for p in off if p[5] == k) for k in KINDS]
        soft = sum(1 for p in off if p[5] == "far end" and p[6] == "soft")
        hard = sum(1 for p in off if p[5] == "far end" and p[6] == "hard")
        apex = sum(1 for p in off if float(p[11]) <= 1)
        print(f"| {e // 1000} | {len(r)} | {sum(1 for m in miss if m <= 1)} | {len(off)} | " + " | ".join(map(str, kinds))
              + f" | {soft} / {hard} | {apex} | {quantile([float(p[9]) for p in r], 0.5):.2f} |")


def compare(base, cand):
    seeds = sorted({k[0] for k in base}, key=int)
    print("| E (MeV) | photons | within 1 mm: shipped -> candidate | median (68 %): shipped | candidate | vertices moved > 0.1 mm | per seed (" + " / ".join(seeds) + "): shipped -> candidate | paired difference mean +- s.e. (deg) |")
    print("|---|---|---|---|---|---|---|---|")
    for e in sorted({k[1] for k in base}):
        keys = [k for k in base if k[1] == e and k in cand]
        def within(rows):
            return sum(1 for k in keys if float(rows[k][4]) <= 1)
        def ang(rows, ks):
            return [float(rows[k][9]) for k in ks]
        moved = sum(1 for k in keys if abs(float(base[k][4]) - float(cand[k][4])) > 0.1 or (math.isnan(float(base[k][4])) != math.isnan(float(cand[k][4]))))
        per, diffs = [], []
        for s in seeds:
            ks = [k for k in keys if k[0] == s]
            a, b = quantile(ang(base, ks), 0.5), quantile(ang(cand, ks), 0.5)
            per.append(f"{a:.2f} -> {b:.2f}")
            diffs.append(b - a)
        mean = sum(diffs) / len(diffs)
        sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (len(diffs) - 1)) if len(diffs) > 1 else float("nan")
        print(f"| {e // 1000} | {len(keys)} | {within(base)} -> {within(cand)} | {quantile(ang(base, keys), 0.5):.2f} ({quantile(ang(base, keys), 0.68):.2f}) | "
              f"{quantile(ang(cand, keys), 0.5):.2f} ({quantile(ang(cand, keys), 0.68):.2f}) | {moved} | {'; '.join(per)} | {mean:+.2f} +- {sd / math.sqrt(len(diffs)):.2f} |")


def main(argv):
    if "--" in argv:
        cut = argv.index("--")
        compare(read(argv[:cut]), read(argv[cut + 1:]))
    else:
        census(read(argv))


if __name__ == "__main__":
    main(sys.argv[1:])

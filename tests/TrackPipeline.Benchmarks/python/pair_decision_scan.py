#!/usr/bin/env python3
"""The pair decision's operating point and a one-MIP-stem veto, scored without refit (docs/classification.md, round 13).

    python3 pair_decision_scan.py oof TABLE.csv OOF.csv       # a train --tracks-csv table and cv-quest's out-of-fold probabilities
    python3 pair_decision_scan.py sample DIR                  # evaluate --tracks-csv t<SEED>.csv tables of several run seeds

QuestCategory.Decide mirrored: the class probabilities summed per family (electron, pair, multi-site, single-site,
other), the pair family wins when P(symmetric) + P(weird) >= the operating point, else the most probable family. The
veto V(x): a pair decision whose two-track stem at the vertex reads pair_stem_mips in [0, x) (one MIP leaving the
vertex) falls to the most probable other family. Per candidate: photons >= 10 MeV "contains a pair" right and
electron vs photon (>= 1 MeV) right, paired against the shipped 0.20 (b / c = tracks right only with the candidate /
only with 0.20, z = (b - c) / sqrt(b + c)); on the sample, the per-seed means and the paired mean difference.
"""
import csv
import glob
import math
import os
import statistics
import sys

CLASSES = ["neat_electron", "brem_electron", "symmetric_pair", "weird_pair", "multi_site_compton", "single_site", "other"]
FAMILY = [0, 0, 1, 1, 2, 3, 4]
PAIR_FAMILY = 1
CANDIDATES = [("op 0.10", 0.10, None), ("op 0.15", 0.15, None), ("op 0.20 (shipped)", 0.20, None), ("op 0.25", 0.25, None),
              ("op 0.30", 0.30, None), ("op 0.20 + veto stem < 0.8 MIP", 0.20, 0.8), ("op 0.20 + veto stem < 1.0 MIP", 0.20, 1.0)]


def decide(p, op, stem, veto):
    fam = [0.0] * 5
    for i, x in enumerate(p):
        fam[FAMILY[i]] += x
    best = 0
    for f in range(1, 5):
        if fam[f] > fam[best]:
            best = f
    if fam[PAIR_FAMILY] >= op:
        best = PAIR_FAMILY
    if best == PAIR_FAMILY and veto is not None and 0 <= stem < veto:
        best = max((f for f in range(5) if f != PAIR_FAMILY), key=lambda f: fam[f])
    return best


def judge(rows, op, veto):
    pair, kind = {}, {}
    for name, particle, e_kev, pairs, stem, p in rows:
        fam = decide(p, op, stem, veto)
        if particle == "photon" and e_kev >= 10000 and pairs != "":
            pair[name] = (fam == PAIR_FAMILY) == (int(float(pairs)) >= 1)
        if e_kev >= 1000 and particle:
            kind[name] = (fam == 0) == (particle == "electron")
    return pair, kind


def paired(a, b):
    better = sum(1 for k in a if a[k] and not b[k])
    worse = sum(1 for k in a if b[k] and not a[k])
    return better, worse, (better - worse) / math.sqrt(better + worse) if better + worse else 0.0


def row(r, scores):
    return (r["track"], r["true_electron"], float(r["true_energy_kev"] or 0), r["true_pairs"], float(r["pair_stem_mips"] or -1), scores)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "oof":
        with open(sys.argv[3], newline="") as f:
            oof = {r["track"]: [float(r["oof_score_" + c]) for c in CLASSES] for r in csv.DictReader(f)}
        with open(sys.argv[2], newline="") as f:
            rows = [row(r, oof[r["track"]]) for r in csv.DictReader(f) if r["track"] in oof]
        shipped = judge(rows, 0.20, None)
        print(f"{len(rows)} tracks scored out of fold")
        for label, op, veto in CANDIDATES:
            pair, kind = judge(rows, op, veto)
            b1, c1, z1 = paired(pair, shipped[0])
            b2, c2, z2 = paired(kind, shipped[1])
            print(f"| {label} | {sum(pair.values())} / {len(pair)} | +{b1} / -{c1}, z {z1:+.1f} | {sum(kind.values())} / {len(kind)} | +{b2} / -{c2}, z {z2:+.1f} |")
    elif len(sys.argv) == 3 and sys.argv[1] == "sample":
        per = {label: ([], []) for label, _, _ in CANDIDATES}
        files = sorted(glob.glob(os.path.join(sys.argv[2], "t*.csv")))
        for path in files:
            with open(path, newline="") as f:
                rows = [row(r, [float(r["score_" + c] or 0) for c in CLASSES]) for r in csv.DictReader(f)]
            for label, op, veto in CANDIDATES:
                pair, kind = judge(rows, op, veto)
                per[label][0].append(sum(pair.values()))
                per[label][1].append(sum(kind.values()))
        base = per["op 0.20 (shipped)"]
        print(f"{len(files)} run seeds")
        for label, _, _ in CANDIDATES:
            d = [a - b for a, b in zip(per[label][0], base[0])]
            sem = statistics.stdev(d) / math.sqrt(len(d)) if len(d) > 1 else 0.0
            print(f"| {label} | {statistics.mean(per[label][0]):.2f} | {statistics.mean(d):+.2f} +- {sem:.2f} | {statistics.mean(per[label][1]):.2f} |")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()

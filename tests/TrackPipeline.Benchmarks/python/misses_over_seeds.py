#!/usr/bin/env python3
"""Which sample tracks the classifier misses, over run seeds (docs/classification.md, round 9).

Reads one `evaluate --tracks-csv t<SEED>.csv --report r<SEED>.md` pair per run seed from DIR and prints, per track,
the fraction of seeds at which it is missed (pair containment: photons >= 10 MeV; electron vs photon: >= 1 MeV),
with its median P(pair) = P(symmetric) + P(weird), split into persistent (missed at >= 15 of 20 seeds, scaled to the
number of seeds) and marginal misses; and per quest category, which wrong candidates take the top 3 and how often.
Plain Python (csv, statistics): no packages.

    python3 misses_over_seeds.py DIR [operating_point]
"""
import csv
import glob
import os
import re
import statistics
import sys
from collections import Counter, defaultdict

PAIR = {"symmetric_pair", "weird_pair"}
ELECTRON = {"neat_electron", "brem_electron"}


def main(folder, operating_point=0.2):
    seeds = sorted(re.search(r"t(\d+)\.csv$", p).group(1) for p in glob.glob(os.path.join(folder, "t*.csv")))
    n = len(seeds)
    persistent_at = round(15 * n / 20)
    pair_miss, kind_miss, p_pair, info = Counter(), Counter(), defaultdict(list), {}
    pair_set, kind_set = set(), set()
    predicted = defaultdict(Counter)
    for s in seeds:
        with open(os.path.join(folder, f"t{s}.csv"), newline="") as f:
            for row in csv.DictReader(f):
                name, e = row["track"], float(row["true_energy_kev"] or 0)
                pp = float(row["score_symmetric_pair"]) + float(row["score_weird_pair"])
                p_pair[name].append(pp)
                info[name] = (row["true_electron"], e, row["true_pairs"], row["true_class"])
                predicted[name][row["predicted_class"]] += 1
                if row["true_electron"] == "photon" and e >= 10000 and row["true_pairs"] != "":
                    pair_set.add(name)
                    if (row["predicted_class"] in PAIR) != (int(row["true_pairs"]) >= 1):
                        pair_miss[name] += 1
                if e >= 1000 and row["true_electron"]:
                    kind_set.add(name)
                    if (row["predicted_class"] in ELECTRON) != (row["true_electron"] == "electron"):
                        kind_miss[name] += 1

    def table(title, misses, tracks):
        print(f"\n## {title}: {len(tracks)} tracks, {n} run seeds; missed at >= {persistent_at} seeds = persistent\n")
        print("| track | truth | true class | missed / seeds | median P(pair) | P(pair) range | predicted (seeds) | kind |")
        print("|---|---|---|---|---|---|---|---|")
        total = 0
        for name in sorted(tracks, key=lambda t: (-misses[t], t)):
            m = misses[name]
            total += m
            if m == 0:
                continue
            electron, e, pairs, cls = info[name]
            ps = p_pair[name]
            near = sum(1 for p in ps if abs(p - operating_point) < 0.1)
            kind = "persistent" if m >= persistent_at else f"marginal ({near} seeds within 0.1 of {operating_point})"
            pred = ", ".join(f"{c} {k}" for c, k in predicted[name].most_common())
            print(f"| {name} | {electron} {e / 1000:g} MeV, pairs {pairs} | {cls} | {m} / {n} | {statistics.median(ps):.3f} | "
                  f"{min(ps):.3f}-{max(ps):.3f} | {pred} | {kind} |")
        never = sum(1 for t in tracks if misses[t] == 0)
        print(f"\nmean right per seed {len(tracks) - total / n:.2f} / {len(tracks)}; right at every seed {never}; "
              f"persistent misses {sum(1 for t in tracks if misses[t] >= persistent_at)} "
              f"(carry {sum(misses[t] for t in tracks if misses[t] >= persistent_at) / n:.2f} of the {total / n:.2f} missed per seed)")

    table("Pair containment (photons >= 10 MeV)", pair_miss, pair_set)
    table("Electron vs photon (>= 1 MeV)", kind_miss, kind_set)

    # The quest: which wrong tracks take the top 3, per category.
    wrong, right_slots = defaultdict(Counter), Counter()
    for s in seeds:
        with open(os.path.join(folder, f"r{s}.md")) as f:
            in_quest = False
            for line in f:
                in_quest = in_quest or line.startswith("Quest top")
                m = in_quest and re.match(r"\| (\w+) \| (\d) \| (\S+) \| ([\d.]+) \| (\**)(\w+)\**? \|", line)
                if not m:
                    continue
                category, rank, track, score, bold, truth = m.groups()
                if bold:
                    wrong[category][(track, truth.strip("*"))] += 1
                else:
                    right_slots[category] += 1
    print(f"\n## Quest top 3 over {n} seeds: right slots per category, and the wrong candidates (seeds at which in the top 3)\n")
    print("| category | right / slots | wrong candidates (true class: seeds) |")
    print("|---|---|---|")
    for category in ["neat_electron", "brem_electron", "symmetric_pair", "weird_pair"]:
        w = ", ".join(f"{t} ({c}: {k})" for (t, c), k in wrong[category].most_common())
        print(f"| {category} | {right_slots[category]} / {3 * n} | {w or '-'} |")


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.2)

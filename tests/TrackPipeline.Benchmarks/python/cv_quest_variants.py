#!/usr/bin/env python3
"""Quest key variants on generated tracks shaped like the sample, without refitting (docs/classification.md, round 12).

Reads a `train --tracks-csv` table (features and truth) and the out-of-fold probabilities that
`TrackPipeline.Benchmarks cv-quest TABLE analysis.json OUT.md 500 OOF.csv` wrote for it, draws DRAWS sets of 108 tracks like the
PENELOPE sample (6 of each particle at each of its energies), and counts per variant the top 3 of its category right by truth.
Every variant is scored on the same sets (paired): per variant the mean of 3, the sets with all 3 right, and against the shipped
key of its category the sets where it has more / fewer right, with z = (more - fewer) / sqrt(more + fewer). Keys follow
QuestRanking.cs with the limits of config/analysis.json of the repository this script is in. Plain Python.

    python3 cv_quest_variants.py TABLE.csv OOF.csv [draws] [seed]

OOF.csv `-` (round 13) scores the table's own probabilities: an `evaluate --seed S --tracks-csv` table of generated tracks the
shipped model never saw (a confirmation seed), with no refit.
"""
import csv, json, math, os, random, sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quest_variants import VARIANTS  # noqa: E402  (the same variants as on the sample)

table, oof = sys.argv[1], sys.argv[2]
draws = int(sys.argv[3]) if len(sys.argv) > 3 else 500
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 9001)
probs = ({r['track']: {'oof_score_' + k[len('score_'):]: v for k, v in r.items() if k.startswith('score_')} for r in csv.DictReader(open(table))}
         if oof == '-' else {r['track']: r for r in csv.DictReader(open(oof))})
rows = []
for r in csv.DictReader(open(table)):
    if not r['true_class'] or not r['true_energy_kev'] or r['track'] not in probs:
        continue
    for k, v in probs[r['track']].items():
        if k.startswith('oof_score_'):
            r['score_' + k[len('oof_score_'):]] = v   # the out-of-fold probability, where the keys read the score
    rows.append(r)
energies = [100, 300, 500, 1000, 3000, 5000, 10000, 20000, 50000]
pools = defaultdict(list)
for r in rows:
    pools[(r['true_electron'], int(float(r['true_energy_kev'])))].append(r)
for k in pools:
    pools[k].sort(key=lambda r: r['track'])
sets = [[r for e in energies for part in ('electron', 'photon') for r in rng.sample(pools[(part, e)], 6)] for _ in range(draws)]
keyed = [[(cat, name, {r['track']: key(r) for r in rows})] for cat, name, key in VARIANTS]


def top3_right(cat, keys, s):
    ranked = sorted(((keys[r['track']], r['track'], r) for r in s if keys[r['track']] > 0), key=lambda x: (-x[0], x[1]))[:3]
    return sum(1 for x in ranked if x[2]['true_class'] == cat)


per_set = [[top3_right(cat, keys, s) for s in sets] for ((cat, name, keys),) in keyed]
shipped = {cat: i for i, ((cat, name, _),) in enumerate(keyed) if name == 'shipped'}
print(f"{len(rows)} tracks of {table} with {'its own' if oof == '-' else 'out-of-fold'} probabilities; {draws} sets of 108 drawn like the PENELOPE sample")
print("| category | key | top-3 right (mean of 3) | sets with all 3 right | sets better / worse than shipped | z |\n|---|---|---|---|---|---|")
for i, ((cat, name, _),) in enumerate(keyed):
    base = per_set[shipped[cat]]
    better = sum(1 for a, b in zip(per_set[i], base) if a > b)
    worse = sum(1 for a, b in zip(per_set[i], base) if a < b)
    z = (better - worse) / math.sqrt(better + worse) if better + worse else 0.0
    print(f"| {cat} | {name} | {sum(per_set[i]) / draws:.3f} | {sum(1 for x in per_set[i] if x == 3)} / {draws} | {better} / {worse} | {z:+.1f} |")

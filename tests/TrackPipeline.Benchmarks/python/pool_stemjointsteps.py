#!/usr/bin/env python3
"""Pools the per-photon rows ("stemjointsteps,...") that `reconstruction ... stemjointsteps SEED` prints on stdout over generator
seeds (issue 10 round 17b, docs/reconstruction.md): pooled medians (68 %) per energy of the stem and the joint fit at the truth /
found vertex with the tag's / the fork finder's split, (a) truth + tag, (b) truth + finder, (c) found + tag, (d) found + finder;
the per-seed paired differences of the medians with their mean and standard error (spread / sqrt(seeds)); what the fork finder
found (none, a fork on one lepton, a fork on both leptons, a fork without a fit) and what each kind costs (the pooled median with
that kind's photons given the tag's answer instead); the tag variant with the true axis / energies (what round 16's bound knew
besides the tag); the medians by the pair's asymmetry; and the 50 MeV photons where (d) is much worse than (a).
Usage: pool_stemjointsteps.py RUN.out [...]  (no NumPy needed)."""
import math
import sys

STEPS = ["stem_t", "a", "b", "stem_f", "c", "d"]
FIELDS = ["stem", "tag", "run", "copy", "cls", "fork_f", "fork_t", "share_f", "share_t", "mis"]
CLASSES = ["no fork", "one lepton", "two leptons", "no fit"]


def read(paths):
    rows = []
    for path in paths:
        with open(path) as f:
            for line in f:
                if not line.startswith("stemjointsteps,"):
                    continue
                p = line.strip().split(",")
                if len(p) < 26:
                    continue
                r = {"seed": p[1], "e": int(p[2]), "n": int(p[3]), "miss": float(p[4]), "share": float(p[5])}
                for k, at in (("t", 6), ("f", 16)):
                    for i, name in enumerate(FIELDS):
                        r[f"{name}_{k}"] = float(p[at + i])
                r["stem_t"], r["a"], r["b"] = r["stem_t"], r["tag_t"], r["run_t"]
                r["stem_f"], r["c"], r["d"] = r["stem_f"], r["tag_f"], r["run_f"]
                if len(p) >= 32:  # the tag variant with the true axis / the true energies / both, at the truth then the found vertex
                    for i, name in enumerate(["a_axis", "a_energies", "a_both", "c_axis", "c_energies", "c_both"]):
                        r[name] = float(p[26 + i])
                rows.append(r)
    return rows


def q(values, p):
    v = sorted(x for x in values if not math.isnan(x))
    if not v:
        return float("nan")
    pos = p * (len(v) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (pos - lo) * (v[hi] - v[lo])


def mean_se(values):
    m = sum(values) / len(values)
    sd = math.sqrt(sum((x - m) ** 2 for x in values) / (len(values) - 1)) if len(values) > 1 else float("nan")
    return m, sd / math.sqrt(len(values))


def kind(r, k):
    """The finder's case at vertex k ('t' truth, 'f' found), with the fork on both leptons split by what went wrong."""
    c = int(r[f"cls_{k}"])
    if c < 0:
        return "no stem fit"
    if c != 2:
        return CLASSES[c]
    if math.isnan(r[f"fork_t_{k}"]) or r[f"fork_f_{k}"] - r[f"fork_t_{k}"] > 5:
        return "two leptons, fork > 5 mm late"
    if abs(r[f"share_f_{k}"] - r[f"share_t_{k}"]) > 0.1 or r[f"mis_{k}"] > 0.2:
        return "two leptons, split off (share > 0.1 or > 20 % charge)"
    return "two leptons, fork and split close"


def main(argv):
    rows = read(argv)
    seeds = sorted({r["seed"] for r in rows}, key=int)
    energies = sorted({r["e"] for r in rows})
    print(f"Seeds {' / '.join(seeds)}; median (68 %) angle to the photon, deg.")
    print()
    print("| E (MeV) | photons | vertex within 1 mm | stem at truth | (a) truth + tag | (b) truth + finder | stem at found | (c) found + tag | (d) found + finder | a / stem_t | d / stem_f | copy = stage |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for e in energies:
        g = [r for r in rows if r["e"] == e]
        med = {s: q([r[s] for r in g], 0.5) for s in STEPS}
        cells = " | ".join(f"{med[s]:.2f} ({q([r[s] for r in g], 0.68):.2f})" for s in STEPS)
        same = sum(1 for r in g for k in "tf" if not math.isnan(r[f"run_{k}"]) and abs(r[f"copy_{k}"] - r[f"run_{k}"]) < 1e-6)
        comp = sum(1 for r in g for k in "tf" if not math.isnan(r[f"run_{k}"]))
        near = sum(1 for r in g if r["miss"] <= 1)
        print(f"| {e // 1000} | {len(g)} | {near} | {cells} | {med['a'] / med['stem_t']:.2f} | {med['d'] / med['stem_f']:.2f} | {same} of {comp} |")
    if all("a_both" in r for r in rows):
        print()
        print("The tag variant (a) with what round 16's bound knew besides the tag: bins along the true photon, the true lepton energies, both; all photons, "
              "then without those whose truth vertex lies outside the main cluster (no stem fit there).")
        print()
        print("| E (MeV) | photons | stem at truth | (a) | (a) true axis | (a) true energies | (a) both | without the truth vertex outside the main cluster: photons, stem, (a), (a) both |")
        print("|---|---|---|---|---|---|---|---|")
        for e in energies:
            g = [r for r in rows if r["e"] == e]
            h = [r for r in g if int(r["cls_t"]) >= 0]
            cells = " | ".join(f"{q([r[s] for r in g], 0.5):.2f}" for s in ["stem_t", "a", "a_axis", "a_energies", "a_both"])
            print(f"| {e // 1000} | {len(g)} | {cells} | {len(h)}: {q([r['stem_t'] for r in h], 0.5):.2f}, {q([r['a'] for r in h], 0.5):.2f}, {q([r['a_both'] for r in h], 0.5):.2f} |")
    print()
    print("Per-seed paired differences of the medians (deg): mean +- standard error over the seeds, then the seeds' values.")
    print()
    pairs = [("b - a", "b", "a", "finder at truth"), ("d - c", "d", "c", "finder at found"), ("c - a", "c", "a", "vertex with tag"),
             ("d - b", "d", "b", "vertex with finder"), ("d - a", "d", "a", "all"), ("a - stem_t", "a", "stem_t", "tag joint vs stem, truth"),
             ("d - stem_f", "d", "stem_f", "the run vs stem, found")]
    print("| E (MeV) | " + " | ".join(f"{label} ({what})" for label, _, _, what in pairs) + " |")
    print("|---|" + "---|" * len(pairs))
    for e in energies:
        cells = []
        for _, x, y, _ in pairs:
            diffs = []
            for s in seeds:
                g = [r for r in rows if r["e"] == e and r["seed"] == s]
                diffs.append(q([r[x] for r in g], 0.5) - q([r[y] for r in g], 0.5))
            m, se = mean_se(diffs)
            cells.append(f"{m:+.2f} +- {se:.2f} ({' / '.join(f'{d:+.2f}' for d in diffs)})")
        print(f"| {e // 1000} | " + " | ".join(cells) + " |")
    print()
    for k, label, with_tag, with_finder in (("t", "truth vertex", "a", "b"), ("f", "found vertex", "c", "d")):
        print(f"The fork finder at the {label}: photons by case; median ({with_finder}) and ({with_tag}) in the case; the pooled median of ({with_finder}) "
              f"with that case's photons given ({with_tag}) instead (what fixing the case would recover); forks (mm, median) finder / tag; |share finder - tag| median.")
        print()
        print(f"| E (MeV) | case | photons | ({with_finder}) | ({with_tag}) | pooled ({with_finder}) if fixed | fork finder / tag | finder - tag fork | share error | charge on the wrong arm |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for e in energies:
            g = [r for r in rows if r["e"] == e]
            cases = sorted({kind(r, k) for r in g})
            base = q([r[with_finder] for r in g], 0.5)
            print(f"| {e // 1000} | all | {len(g)} | {base:.2f} | {q([r[with_tag] for r in g], 0.5):.2f} | | {q([r[f'fork_f_{k}'] for r in g], 0.5):.1f} / {q([r[f'fork_t_{k}'] for r in g], 0.5):.1f} | | | |")
            for c in cases:
                h = [r for r in g if kind(r, k) == c]
                fixed = q([r[with_tag] if kind(r, k) == c else r[with_finder] for r in g], 0.5)
                dfork = q([r[f"fork_f_{k}"] - r[f"fork_t_{k}"] for r in h], 0.5)
                share = q([abs(r[f"share_f_{k}"] - r[f"share_t_{k}"]) for r in h], 0.5)
                mis = q([r[f"mis_{k}"] for r in h], 0.5)
                print(f"| {e // 1000} | {c} | {len(h)} | {q([r[with_finder] for r in h], 0.5):.2f} | {q([r[with_tag] for r in h], 0.5):.2f} | {fixed:.2f} | "
                      f"{q([r[f'fork_f_{k}'] for r in h], 0.5):.1f} / {q([r[f'fork_t_{k}'] for r in h], 0.5):.1f} | {dfork:.1f} | {share:.3f} | {mis:.2f} |")
        print()
    print("By the pair's asymmetry (the softer lepton's share of the truth energy): photons, no fork found at the truth / found vertex, medians.")
    print()
    print("| E (MeV) | softer share | photons | no fork (truth / found) | stem_t | (a) | (b) | stem_f | (c) | (d) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for e in energies:
        for lo, hi in ((0, 0.15), (0.15, 0.3), (0.3, 0.51)):
            h = [r for r in rows if r["e"] == e and lo <= min(r["share"], 1 - r["share"]) < hi]
            nf = f"{sum(1 for r in h if kind(r, 't') == 'no fork')} / {sum(1 for r in h if kind(r, 'f') == 'no fork')}"
            print(f"| {e // 1000} | {lo:.2f}-{min(hi, 0.5):.2f} | {len(h)} | {nf} | " + " | ".join(f"{q([r[s] for r in h], 0.5):.2f}" for s in STEPS) + " |")
    print()
    print("50 MeV photons where (d) is worse than (a) by more than 5 deg (worst first):")
    print()
    print("| seed | n | vertex miss (mm) | e- share (truth) | stem_t | a | b | stem_f | c | d | finder at truth | at found | fork finder / tag at found (mm) | share finder / tag at found |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    bad = sorted((r for r in rows if r["e"] == 50000 and r["d"] - r["a"] > 5), key=lambda r: r["a"] - r["d"])
    for r in bad:
        print(f"| {r['seed']} | {r['n']} | {r['miss']:.1f} | {r['share']:.2f} | {r['stem_t']:.1f} | {r['a']:.1f} | {r['b']:.1f} | {r['stem_f']:.1f} | {r['c']:.1f} | {r['d']:.1f} | "
              f"{kind(r, 't')} | {kind(r, 'f')} | {r['fork_f_f']:.0f} / {r['fork_t_f']:.1f} | {r['share_f_f']:.2f} / {r['share_t_f']:.2f} |")
    print(f"\n{len(bad)} of {sum(1 for r in rows if r['e'] == 50000)} photons.")


if __name__ == "__main__":
    main(sys.argv[1:])

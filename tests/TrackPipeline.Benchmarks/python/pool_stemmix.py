#!/usr/bin/env python3
"""Pools the per-photon rows ("stemjointsteps,...") that `reconstruction ... stemjointsteps SEED` prints on stdout over generator
seeds for issue 10 round 19's rule (docs/reconstruction.md): the candidate `stemmix` (the leptons' split near the vertex as a
mixture of two rays, StemMixture.cs) at the truth vertex against the stem and round 16's tag fit (a), and at the vertex found
against the stem and `stemjoint` (d). Per energy: pooled median (68 %), per-seed medians, the paired differences of the per-seed
medians (mean +- spread / sqrt(seeds)); how often the mixture split (did not collapse to the stem), how many photons changed and
how many moved closer; the rays' own photon (not judged); the candidate by the pair's asymmetry (softer lepton's truth share).
Usage: pool_stemmix.py RUN.out [...]  (no NumPy needed)."""
import math
import sys


def read(paths):
    rows = []
    for path in paths:
        with open(path) as f:
            for line in f:
                if not line.startswith("stemjointsteps,"):
                    continue
                p = line.strip().split(",")
                if len(p) < 44:
                    continue
                f_ = [float(x) for x in p[4:]]
                r = {"seed": p[1], "e": int(p[2]), "n": int(p[3]), "miss": f_[0], "share": f_[1],
                     "stem_t": float(p[6]), "a": float(p[7]), "b": float(p[8]),
                     "stem_f": float(p[16]), "c": float(p[17]), "d": float(p[18])}
                for k, at in (("t", 32), ("f", 38)):
                    for i, name in enumerate(["mix", "mixcopy", "rays", "split", "mixshare", "mixmis"]):
                        r[f"{name}_{k}"] = float(p[at + i])
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


def med(g, col):
    return f"{q([r[col] for r in g], 0.5):.2f} ({q([r[col] for r in g], 0.68):.2f})"


def paired(rows, seeds, e, col, ref):
    diffs = []
    for s in seeds:
        g = [r for r in rows if r["e"] == e and r["seed"] == s]
        diffs.append(q([r[col] for r in g], 0.5) - q([r[ref] for r in g], 0.5))
    m, se = mean_se(diffs)
    return m, se, diffs


def main(argv):
    rows = read(argv)
    seeds = sorted({r["seed"] for r in rows}, key=int)
    energies = sorted({r["e"] for r in rows})
    print(f"Seeds {' / '.join(seeds)}; median (68 %) angle to the photon, deg.")
    print()
    print("| E (MeV) | photons | within 1 mm | stem at truth | (a) truth + tag | **candidate at truth** | gap stem->(a) closed | stem at found | (d) stemjoint | **candidate at found** | rays' own photon at truth / found | split (not collapsed) at truth / found | changed at found: closer / farther | copy = stage (truth, found) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for e in energies:
        g = [r for r in rows if r["e"] == e]
        near = sum(1 for r in g if r["miss"] <= 1)
        st, a, ct = q([r["stem_t"] for r in g], .5), q([r["a"] for r in g], .5), q([r["mix_t"] for r in g], .5)
        closed = (st - ct) / (st - a) if st != a else float("nan")
        ch = [r for r in g if abs(r["mix_f"] - r["stem_f"]) > 1e-9]
        closer = sum(1 for r in ch if r["mix_f"] < r["stem_f"])
        same = sum(1 for r in g for k in "tf" if not math.isnan(r[f"mix_{k}"]) and abs(r[f"mix_{k}"] - r[f"mixcopy_{k}"]) < 1e-6)
        cmp_ = sum(1 for r in g for k in "tf" if not math.isnan(r[f"mix_{k}"]))
        print(f"| {e // 1000} | {len(g)} | {near} | {med(g, 'stem_t')} | {med(g, 'a')} | {med(g, 'mix_t')} | {closed:.2f} | {med(g, 'stem_f')} | {med(g, 'd')} | {med(g, 'mix_f')} | {q([r['rays_t'] for r in g], .5):.2f} / {q([r['rays_f'] for r in g], .5):.2f} | {sum(int(r['split_t']) for r in g)} / {sum(int(r['split_f']) for r in g)} | {closer} / {len(ch) - closer} | {same} of {cmp_} |")
    print()
    print("Per seed medians and paired differences (candidate - reference), mean +- standard error (spread / sqrt(seeds)):")
    print()
    print("| E (MeV) | per seed: stem at truth; candidate at truth | cand - stem at truth | per seed: stem at found; stemjoint; candidate | cand - stem at found | cand - stemjoint at found |")
    print("|---|---|---|---|---|---|")
    for e in energies:
        def per(col):
            return " / ".join(f"{q([r[col] for r in rows if r['e'] == e and r['seed'] == s], .5):.2f}" for s in seeds)
        parts = []
        for col, ref in (("mix_t", "stem_t"), ("mix_f", "stem_f"), ("mix_f", "d")):
            m, se, diffs = paired(rows, seeds, e, col, ref)
            parts.append(f"{m:+.2f} +- {se:.2f} ({' / '.join(f'{x:+.2f}' for x in diffs)}; {m / se if se > 0 else float('nan'):+.1f} s.e.)")
        print(f"| {e // 1000} | {per('stem_t')}; {per('mix_t')} | {parts[0]} | {per('stem_f')}; {per('d')}; {per('mix_f')} | {parts[1]} | {parts[2]} |")
    print()
    print("By the pair's asymmetry (softer lepton's truth share), pooled medians: stem / (a) / candidate at truth; stem / (d) / candidate at found; mixture split at truth; e- share error of the mixture (median) and charge on the wrong ray (median) at truth:")
    print()
    print("| E (MeV) | softer share | photons | at truth | at found | split at truth | share error | wrong charge |")
    print("|---|---|---|---|---|---|---|---|")
    for e in energies:
        for lo, hi in ((0, 0.15), (0.15, 0.30), (0.30, 0.51)):
            g = [r for r in rows if r["e"] == e and lo <= min(r["share"], 1 - r["share"]) < hi]
            if not g:
                continue
            f = lambda c: f"{q([r[c] for r in g], .5):.2f}"
            sp = [r for r in g if r["split_t"] > 0]
            serr = q([abs(r["mixshare_t"] - r["share"]) for r in sp], .5)
            wrong = q([r["mixmis_t"] for r in sp], .5)
            print(f"| {e // 1000} | {lo:.2f}-{hi:.2f} | {len(g)} | {f('stem_t')} / {f('a')} / {f('mix_t')} | {f('stem_f')} / {f('d')} / {f('mix_f')} | {len(sp)} | {serr:.3f} | {wrong:.3f} |")


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Photons that Compton-scatter first and convert later: the generator against XCOM and PENELOPE (docs/classification.md, round 13).

    python3 compton_then_pair.py xcom PHOTON_XS.csv [N] [SEED]   # expectation from the XCOM table alone (independent photon-chain MC)
    python3 compton_then_pair.py count DATASET_ROOT               # what a dataset's pickles hold (generated sample or PENELOPE)

`xcom`: a photon of 10, 20, 50 MeV in infinite LAr (the generator's and PENELOPE's 10 m worlds are ~34 attenuation
lengths), interaction drawn from the incoherent, photoelectric and pair (nuclear + electron) coefficients, Klein-Nishina
energy after a Compton scatter (Kahn's sampler, not the generator's), followed until it converts, is absorbed or falls
below 1.022 MeV. Counts the first interaction and "Compton first, and the scattered photon converts later". Only the
photon chain: a pair from a brem photon of the recoil electron is not in it (`count` separates the two).
`count`: per photon energy folder, the pickles' first interaction, and Compton-first tracks with a pair (truth
`energy_pair`), split into the chain photon converting (a pair energy equal to E0 minus the recoils so far, within 1 %)
and another photon converting (a brem or fluorescence photon). Plain Python: the pickles' numpy arrays are decoded from
their raw bytes (float64 / float32), no numpy needed.
"""
import bisect
import csv
import glob
import math
import os
import pickle
import random
import struct
import sys

ENERGIES_MEV = (10, 20, 50)
PAIR_THRESHOLD_MEV = 2 * 0.51099895


def load_xcom(path):
    rows = list(csv.DictReader(r for r in open(path) if not r.startswith("#")))
    e = [float(r["energy_MeV"]) for r in rows]
    col = lambda k: [float(r[k]) for r in rows]
    pair = [a + b for a, b in zip(col("pair_nuclear"), col("pair_electron"))]
    return e, col("incoherent"), col("photoelectric"), pair


def log_interp(x, y, e):
    i = min(max(bisect.bisect_left(x, e), 1), len(x) - 1)
    x0, x1, y0, y1 = x[i - 1], x[i], y[i - 1], y[i]
    if y0 <= 0 or y1 <= 0:
        return y0 + (y1 - y0) * (e - x0) / (x1 - x0)
    return math.exp(math.log(y0) + math.log(e / x0) / math.log(x1 / x0) * math.log(y1 / y0))


def klein_nishina_eps(e, rng):
    k = e / 0.51099895
    emin = 1 / (1 + 2 * k)
    a1 = math.log(1 / emin)
    a2 = (1 - emin * emin) / 2
    while True:
        eps = emin ** rng.random() if rng.random() < a1 / (a1 + a2) else math.sqrt(emin * emin + rng.random() * (1 - emin * emin))
        cos_t = 1 - (1 - eps) / (eps * k)
        if rng.random() < 1 - eps * (1 - cos_t * cos_t) / (1 + eps * eps):
            return eps


def xcom(path, n, seed):
    x, inc, pho, pair = load_xcom(path)
    rng = random.Random(seed)
    print(f"XCOM photon chain, {n} photons per energy (seed {seed}):")
    for e0 in ENERGIES_MEV:
        first_compton = then_pair = 0
        for _ in range(n):
            e, first = e0, True
            while e > PAIR_THRESHOLD_MEV:
                c, p, q = log_interp(x, inc, e), log_interp(x, pho, e), log_interp(x, pair, e)
                u = rng.random() * (c + p + q)
                if u < c:
                    first_compton += first
                    e *= klein_nishina_eps(e, rng)
                    first = False
                    continue
                if u >= c + p and not first:
                    then_pair += 1
                break
        f, t = first_compton / n, then_pair / n
        print(f"  {e0} MeV: P(first Compton) {f:.3f}, P(Compton first, the scattered photon converts) {t:.4f}"
              f" (+- {math.sqrt(t * (1 - t) / n):.4f}); of 200 photons {200 * t:.1f}, of 6 {6 * t:.2f}")


class _Array:
    def __init__(self, *a, **k):
        self.args, self.state = a, None

    def __setstate__(self, state):
        self.state = state


class _NoNumpy(pickle.Unpickler):
    def find_class(self, module, name):
        return _Array if module.startswith("numpy") else super().find_class(module, name)


def values(o):
    if not isinstance(o, _Array) or o.state is None:
        return o if isinstance(o, list) else []
    _, shape, dtype, _, raw = o.state
    raw = raw.encode("latin1") if isinstance(raw, str) else raw
    n = math.prod(shape)
    code = dtype.args[0]
    if code == "f8":
        return list(struct.unpack(f"<{n}d", raw[:8 * n]))
    if code == "f4":
        return list(struct.unpack(f"<{n}f", raw[:4 * n]))
    raise ValueError(f"unexpected dtype {code}")


def count(root):
    for e0 in ENERGIES_MEV:
        files = sorted(glob.glob(os.path.join(root, "**", "photons", f"E{e0 * 1000:07d}", "*.pickle"), recursive=True))
        if not files:
            continue
        first, chain, other = {}, [], []
        for f in files:
            with open(f, "rb") as fh:
                t = _NoNumpy(fh).load()["truth"]
            fi = t["first_interaction"]
            first[fi] = first.get(fi, 0) + 1
            pairs = values(t["energy_pair"])
            if fi != "compton" or not pairs:
                continue
            e_kev = t["track_energy"]
            scale = 1e-3 if max(pairs) > 1.01 * e_kev else 1.0  # PENELOPE's pickles hold eV, the generator's keV
            recoils, left, is_chain = values(t["energy_compton"]), e_kev, False
            for r in recoils:
                left -= r * scale
                is_chain |= any(abs(p * scale - left) < 0.01 * e_kev for p in pairs)
            (chain if is_chain else other).append(os.path.basename(f)[:-7])
        print(f"  {e0} MeV: {len(files)} photons, first interaction {first}; Compton first then a pair: {len(chain) + len(other)}"
              f" (the scattered photon converts {len(chain)}, another photon {len(other)})"
              + (f" {chain + other}" if len(files) < 20 else ""))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "xcom":
        xcom(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 200_000, int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    elif len(sys.argv) == 3 and sys.argv[1] == "count":
        count(sys.argv[2])
    else:
        sys.exit(__doc__)

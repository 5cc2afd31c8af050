#!/usr/bin/env python3
"""Quest key variants on the PENELOPE sample over run seeds (docs/classification.md, round 11).

Reads the `evaluate --tracks-csv t<SEED>.csv` tables of DIR (as misses_over_seeds.py does), recomputes each quest category's
key from the model's probabilities and the features in the table (the round-10 keys: QuestRanking.cs, limits from
config/analysis.json of the repository this script is in), and for each variant counts the top-3 candidates right by truth
per seed, with the wrong ones. The variants with the stem MIPs are the round-11 rule and its alternatives. Plain Python.

    python3 quest_variants.py DIR

Round 12 adds the shipped keys (round 11's, with the stem factor) as "shipped" and the round-12 candidates (a narrower or sharper
opening limit for the symmetric pair; the weird pair without a fitted V by its stem); cv_quest_variants.py imports VARIANTS to
score the same keys on generated tracks.

Round 13 ships W3: the weird pair's "shipped" key is P(weird) alone; round 12's split-weighted key is kept as a variant.
"""
import csv, glob, json, math, os, sys
from collections import defaultdict
def Phi(x): return 0.5*(1+math.erf(x/math.sqrt(2)))
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..')
C = json.load(open(os.path.join(ROOT, 'config', 'analysis.json')))['Classifier']
SPLIT_MIN, SIG, MAXOPEN, OPENSIG = C['QuestSymmetricMinSplit'], C['QuestSplitSigma'], C['QuestMaxOpeningDeg'], C['QuestOpeningSigmaDeg']
STEM_MIN, STEM_SIG = C['QuestStemMinMips'], C['QuestStemMipsSigma']
def f(r,c): return float(r[c])
def shipped(cat, r):
    """The round-10 key (without round 11's stem factor, which the variants add)."""
    p = f(r,'score_'+cat); split = f(r,'reco_energy_split')
    if cat=='brem_electron':
        return p*max(0,f(r,'detached_mean_cosine'))*(1-min(1,max(0,f(r,'score_symmetric_pair')+f(r,'score_weird_pair'))))
    if cat=='symmetric_pair':
        return p*Phi((split-SPLIT_MIN)/SIG)*Phi((MAXOPEN-f(r,'reco_opening_angle_deg'))/OPENSIG) if split>=0 else 0
    if cat=='weird_pair':
        return p*Phi((SPLIT_MIN-split)/SIG) if split>=0 else p
    return p
def twomips(r, frm):
    m = f(r,'pair_stem_mips'); return 0.5 if m<0 else Phi((m-frm)/0.25)
def stem(r):
    m = f(r,'pair_stem_mips'); return 0.5 if m<0 else Phi((m-STEM_MIN)/STEM_SIG)
def symmetric(r, maxopen, opensig):
    """The shipped symmetric key (round 11) with the opening limit and softness given."""
    split = f(r,'reco_energy_split')
    return f(r,'score_symmetric_pair')*Phi((split-SPLIT_MIN)/SIG)*Phi((maxopen-f(r,'reco_opening_angle_deg'))/opensig)*stem(r) if split>=0 else 0
def weird_no_v(r, weight):
    """The shipped weird key; without a fitted V, times 1 - weight x Phi((stem MIPs - 1.5) / 0.25) (round 12 candidates)."""
    if f(r,'reco_energy_split')>=0: return shipped('weird_pair', r)
    m = f(r,'pair_stem_mips')
    return f(r,'score_weird_pair')*(1-weight*(Phi((m-STEM_MIN)/STEM_SIG) if m>=0 else 0))
VARIANTS = [('neat_electron','shipped',lambda r: shipped('neat_electron',r)), ('brem_electron','shipped',lambda r: shipped('brem_electron',r)),
            ('symmetric_pair','shipped',lambda r: symmetric(r, MAXOPEN, OPENSIG)), ('weird_pair','shipped',lambda r: f(r,'score_weird_pair')),
            ('symmetric_pair','S1: shipped, opening limit 60 deg',lambda r: symmetric(r, 60.0, OPENSIG)),
            ('symmetric_pair','S2: shipped, opening softness 10 deg',lambda r: symmetric(r, MAXOPEN, 10.0)),
            ('symmetric_pair','S3: softness 10 deg where the topology vertex has < 2 prongs',lambda r: symmetric(r, MAXOPEN, 10.0 if f(r,'vertex_n_prongs')<2 else OPENSIG)),
            ('symmetric_pair','S4: x 0.5 where the topology vertex has < 2 prongs and the V is wider than 90 deg',lambda r: symmetric(r, MAXOPEN, OPENSIG)*(0.5 if f(r,'vertex_n_prongs')<2 and f(r,'reco_opening_angle_deg')>MAXOPEN else 1)),
            ('weird_pair','round 12 (shipped until round 13): P(weird) x Phi((0.5 - split)/0.08)',lambda r: shipped('weird_pair',r)),
            ('weird_pair','W1: no V: P(weird) x (1 - 0.5 Phi((stem MIPs - 1.5)/0.25))',lambda r: weird_no_v(r, 0.5)),
            ('weird_pair','W2: no V: P(weird) x (1 - Phi((stem MIPs - 1.5)/0.25))',lambda r: weird_no_v(r, 1.0)),
            ('weird_pair','round 11: half without a fitted V',lambda r: shipped('weird_pair',r) if f(r,'reco_energy_split')>=0 else 0.5*f(r,'score_weird_pair'))]
variants = [(c,'round-10 key',(lambda c: lambda r: shipped(c,r))(c)) for c in ['neat_electron','brem_electron','symmetric_pair','weird_pair']]
for frm in (1.0,1.5):
    for c in ['symmetric_pair','weird_pair']:
        variants.append((c, f'round-10 key x Phi((stem MIPs - {frm})/0.25)', (lambda c,frm: lambda r: shipped(c,r)*twomips(r,frm))(c,frm)))
variants.append(('symmetric_pair','P(sym) x Phi(split) x Phi((60-open)/20)', lambda r: f(r,'score_symmetric_pair')*Phi((f(r,'reco_energy_split')-SPLIT_MIN)/SIG)*Phi((60-f(r,'reco_opening_angle_deg'))/20) if f(r,'reco_energy_split')>=0 else 0))
variants.append(('weird_pair','round-10 key, half without a fitted V', lambda r: shipped('weird_pair',r) if f(r,'reco_energy_split')>=0 else 0.5*f(r,'score_weird_pair')))
variants = VARIANTS + [v for v in variants if v[1] != 'round-10 key' or v[0] == 'symmetric_pair']


def main(folder):
    files = sorted(glob.glob(os.path.join(folder,'t*.csv')))
    right = defaultdict(list); wrong = defaultdict(lambda: defaultdict(int))
    for fn in files:
        rows = list(csv.DictReader(open(fn)))
        for i,(c,name,key) in enumerate(variants):
            ranked = sorted(((key(r), r['track'], r) for r in rows), key=lambda x:(-x[0], x[1]))
            top = [x for x in ranked if x[0]>0][:3]
            right[i].append(sum(1 for x in top if x[2]['true_class']==c))
            for x in top:
                if x[2]['true_class']!=c: wrong[i][x[1][-11:]+' ('+x[2]['true_class']+')'] += 1
    n=len(files)
    shipped_of = {c: i for i,(c,name,_) in enumerate(variants) if name == 'shipped'}
    print(f"{n} run seeds; top-3 right of {3*n} slots per category; paired per seed against the category's shipped key (mean +- sd of the mean)")
    print("| category | key | right / slots | paired difference per seed | wrong candidates (seeds) |\n|---|---|---|---|---|")
    for i,(c,name,_) in enumerate(variants):
        d = [a-b for a,b in zip(right[i], right[shipped_of[c]])]
        mean = sum(d)/n; sem = math.sqrt(sum((x-mean)**2 for x in d)/(n-1)/n) if n > 1 else 0.0
        w = ', '.join(f"{k}: {v}" for k,v in sorted(wrong[i].items(), key=lambda kv:-kv[1]))
        print(f"| {c} | {name} | {sum(right[i])} / {3*n} | {mean:+.2f} +- {sem:.2f} | {w} |")


if __name__ == '__main__':
    main(sys.argv[1])

#!/usr/bin/env python3
"""Quest key variants on the PENELOPE sample over run seeds (docs/classification.md, round 11).

Reads the `evaluate --tracks-csv t<SEED>.csv` tables of DIR (as misses_over_seeds.py does), recomputes each quest category's
key from the model's probabilities and the features in the table (the round-10 keys: QuestRanking.cs, limits from
config/analysis.json of the repository this script is in), and for each variant counts the top-3 candidates right by truth
per seed, with the wrong ones. The variants with the stem MIPs are the round-11 rule and its alternatives. Plain Python.

    python3 quest_variants.py DIR
"""
import csv, glob, json, math, os, sys
from collections import defaultdict
folder = sys.argv[1]
def Phi(x): return 0.5*(1+math.erf(x/math.sqrt(2)))
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..')
C = json.load(open(os.path.join(ROOT, 'config', 'analysis.json')))['Classifier']
SPLIT_MIN, SIG, MAXOPEN, OPENSIG = C['QuestSymmetricMinSplit'], C['QuestSplitSigma'], C['QuestMaxOpeningDeg'], C['QuestOpeningSigmaDeg']
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
variants = [(c,'round-10 key',(lambda c: lambda r: shipped(c,r))(c)) for c in ['neat_electron','brem_electron','symmetric_pair','weird_pair']]
for frm in (1.0,1.5):
    for c in ['symmetric_pair','weird_pair']:
        variants.append((c, f'round-10 key x Phi((stem MIPs - {frm})/0.25)', (lambda c,frm: lambda r: shipped(c,r)*twomips(r,frm))(c,frm)))
variants.append(('symmetric_pair','P(sym) x Phi(split) x Phi((60-open)/20)', lambda r: f(r,'score_symmetric_pair')*Phi((f(r,'reco_energy_split')-SPLIT_MIN)/SIG)*Phi((60-f(r,'reco_opening_angle_deg'))/20) if f(r,'reco_energy_split')>=0 else 0))
variants.append(('weird_pair','round-10 key, half without a fitted V', lambda r: shipped('weird_pair',r) if f(r,'reco_energy_split')>=0 else 0.5*f(r,'score_weird_pair')))
files = sorted(glob.glob(os.path.join(folder,'t*.csv')))
right = defaultdict(int); wrong = defaultdict(lambda: defaultdict(int))
for fn in files:
    rows = list(csv.DictReader(open(fn)))
    for i,(c,name,key) in enumerate(variants):
        ranked = sorted(((key(r), r['track'], r) for r in rows), key=lambda x:(-x[0], x[1]))
        top = [x for x in ranked if x[0]>0][:3]
        right[i] += sum(1 for x in top if x[2]['true_class']==c)
        for x in top:
            if x[2]['true_class']!=c: wrong[i][x[1][-11:]+' ('+x[2]['true_class']+')'] += 1
n=len(files)
print(f"{n} run seeds; top-3 right of {3*n} slots per category")
print("| category | key | right / slots | wrong candidates (seeds) |\n|---|---|---|---|")
for i,(c,name,_) in enumerate(variants):
    w = ', '.join(f"{k}: {v}" for k,v in sorted(wrong[i].items(), key=lambda kv:-kv[1]))
    print(f"| {c} | {name} | {right[i]} / {3*n} | {w} |")

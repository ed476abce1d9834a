#!/usr/bin/env python3
"""Which hyperband layout suits a space, from the curves of a random search (issue #18).

Reads the full-length records of random-3e in the output directories given (bench/adaptive_efficiency.sh
with KEEP=dir keeps them in dir/adaptive-<seed>), prints how well the validation accuracy at epochs
1, 3 and 9 ranks the final one (Spearman, over all runs and within the best fifth), then simulates
bracket layouts on those curves: random configurations in cohorts, the cohort's best ceil(n / eta)
kept at each band, survivors to epoch 27, until 702 epochs; 3000 searches per layout, drawing
curves with replacement. Prints the mean best final accuracy, the full runs and how often the best
reaches 0.9805 (random search's best with 3E on sweep seed 1).

Usage: bench/hyperband_layouts.py dir/adaptive-1 [more output directories]
"""
import json, glob, math, random, sys
from statistics import mean
curves = []
for path in sys.argv[1:]:
    for f in glob.glob(path + "/runs/random-3e/[0-9a-f]*.json"):
        r = json.load(open(f))
        ep = r.get("epochs", [])
        if len(ep) == 27:
            curves.append([e["metrics"].get("val_accuracy", 0.0) for e in ep])
print("curves", len(curves))
def ranks(xs):
    o = sorted(range(len(xs)), key=lambda i: xs[i]); r = [0]*len(xs)
    for k, i in enumerate(o): r[i] = k
    return r
def spearman(a, b):
    ra, rb = ranks(a), ranks(b); ma, mb = mean(ra), mean(rb)
    num = sum((x-ma)*(y-mb) for x, y in zip(ra, rb))
    return num / math.sqrt(sum((x-ma)**2 for x in ra) * sum((y-mb)**2 for y in rb))
final = [c[-1] for c in curves]
top = sorted(range(len(curves)), key=lambda i: -final[i])[:len(curves)//5]
for b in (1, 3, 9):
    at = [c[b-1] for c in curves]
    print(f"band {b}: spearman all {spearman(at, final):.3f}, among the best fifth {spearman([at[i] for i in top], [final[i] for i in top]):.3f}")
def simulate(n, bands, eta=3, budget=702, trials=3000, rng=random.Random(0)):
    bests, fulls = [], []
    for _ in range(trials):
        pool = [rng.choice(curves) for _ in range(400)]; spent = 0; best = 0; full = 0; i = 0
        while spent < budget and i + n <= len(pool):
            cohort = pool[i:i+n]; i += n; reached = 0
            alive = cohort
            for b in bands:
                spent += len(alive) * (b - reached); reached = b
                keep = math.ceil(len(alive) / eta)
                alive = sorted(alive, key=lambda c: -c[b-1])[:keep]
            spent += len(alive) * (27 - reached); full += len(alive)
            best = max([best] + [c[-1] for c in alive])
        bests.append(best); fulls.append(full)
    return mean(bests), mean(fulls), sum(b >= 0.9805 for b in bests) / trials
for name, n, bands in [("no hyperband", 1, []), ("9 @1,3,9", 9, [1, 3, 9]), ("3 @1,3,9", 3, [1, 3, 9]),
                       ("9 @3,9", 9, [3, 9]), ("3 @3,9", 3, [3, 9]), ("9 @9", 9, [9]), ("3 @9", 3, [9]), ("3 @3", 3, [3]), ("3 @1", 3, [1]), ("2 @1 eta2", 2, [1])]:
    eta = 2 if "eta2" in name else 3
    m, f, p = simulate(n, bands, eta)
    print(f"{name:14s} mean best {m:.4f}  full runs {f:5.1f}  P(best>=0.9805) {p:.2f}")

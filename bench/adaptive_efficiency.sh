#!/usr/bin/env bash
# The adaptive-search efficiency check of issue #18: experiments/adaptive-search.yaml (random with
# 3E epochs, bayes and bayes + hyperband with E) run once per sweep seed, then the best validation
# accuracy and the epochs each search trained. With --peer, the Optuna TPE + HyperbandPruner peer
# (../shared/bench/peer_search.py, same space) runs beside the hyperband search, same trial count.
#
# Usage: bench/adaptive_efficiency.sh [--peer] [seeds...]   (default seeds: 1 2 3)
# Needs a release build: GRADBOOK names the binary (default .build/release/gradbook). KEEP=dir keeps
# each seed's output (records with curves) in dir/adaptive-<seed>. The peer needs PEER_PYTHON with
# torch and optuna.
set -euo pipefail
cd "$(dirname "$0")/.."
peer=false
if [[ "${1:-}" == "--peer" ]]; then peer=true; shift; fi
seeds=("${@:-1 2 3}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
binary=${GRADBOOK:-.build/release/gradbook}
out=${KEEP:-$work/out}
for seed in ${seeds[*]}; do
    sed "s/sweep_seed: 1/sweep_seed: $seed/" experiments/adaptive-search.yaml > "$work/adaptive-$seed.yaml"
    /usr/bin/time -f "seed $seed: gradbook wall %e s, CPU %U+%S s" "$binary" run "$work/adaptive-$seed.yaml" --out "$out" > /dev/null
    python3 - "$out/adaptive-$seed/results.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for experiment in dict.fromkeys(r["experiment"] for r in rows):
    runs = [r for r in rows if r["experiment"] == experiment]
    finished = [float(r["val_accuracy"]) for r in runs if r["status"] in ("ok", "early_stopped") and r["val_accuracy"]]
    epochs = sum(int(r["epochs"]) for r in runs)
    print(f"  {experiment:20s} runs={len(runs):4d} epochs={epochs:5d} best val_accuracy={max(finished):.4f}")
PY
done
if $peer; then
    trials=$(awk '/name: bayes-hyperband-e/{f=1} f && /count:/{print $2; exit}' experiments/adaptive-search.yaml)
    # CPU seconds beside the wall time: on a loaded machine the wall clock says little.
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/time -f "peer: wall %e s, CPU %U+%S s" \
        "${PEER_PYTHON:-python3}" ../shared/bench/peer_search.py "$trials" 0 | tail -1
fi

#!/usr/bin/env bash
# One interleaved round of gradbook's benchmarks and the peers' on this machine, each side right
# after the other so both meet the same neighbours on a shared machine: W1/W2/W3 (best of 3)
# against PyTorch and scikit-learn, W2 on two threads, W3 against PyTorch, and the digits-grid
# notebook end to end against GridSearchCV. Run it three or more times and compare within a round.
#
# Usage: bench/side_by_side.sh ROUND [OUT]   (OUT default /tmp/gradbook-side-by-side)
# Needs a release build (GRADBOOK names the binary) and the peers' Python (PEER_PYTHON, default
# /tmp/peers/bin/python, from ../shared/bench/setup-peers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
round=${1:?usage: bench/side_by_side.sh ROUND [OUT]}
out=${2:-/tmp/gradbook-side-by-side}
gradbook=$(realpath "${GRADBOOK:-.build/release/gradbook}")
python=${PEER_PYTHON:-/tmp/peers/bin/python}
peers=../shared/bench
# OpenBLAS's own kernel choice for the peers, in this benchmark only (never in tests or CI).
bench=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
mkdir -p "$out"
echo "round $round $(date +%T), load $(cut -d' ' -f1 /proc/loadavg)"
"${bench[@]}" "$gradbook" bench --workload all --repeats 3 > "$out/gradbook-all-$round.txt"
"${bench[@]}" "$python" "$peers/peers_mlp.py" > "$out/peers-mlp-$round.txt"
"${bench[@]}" "$gradbook" bench --workload W2 --threads 2 --repeats 3 > "$out/gradbook-w2-threads2-$round.txt"
"${bench[@]}" "$python" bench/peers/w3_torch.py 3 > "$out/peers-w3-$round.txt"
rm -rf "$out/digits-grid-$round"
TIMEFORMAT="gradbook digits-grid --jobs 2: %R s"
{ time "${bench[@]}" "$gradbook" run experiments/digits-grid.yaml --out "$out/digits-grid-$round" --jobs 2 \
    --no-progress --quiet > /dev/null; } 2> "$out/gradbook-digits-grid-$round.txt"
"${bench[@]}" "$python" "$peers/peer_sweep.py" 2 > "$out/peers-sweep-$round.txt"
cat "$out"/*-"$round".txt

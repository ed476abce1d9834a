#!/usr/bin/env bash
# Builds the libFuzzer harnesses (release, with AddressSanitizer) and runs each for a fixed time:
#   Fuzz/run.sh [seconds per target, default 300] [targets..., default: notebook csv idx]
# Not part of CI (CI replays the committed corpus in `swift test`, FuzzReplayTests). A crash, a
# hang (-timeout), or a runaway allocation (-rss_limit_mb / -malloc_limit_mb) is a finding: its
# input is saved under .build-fuzz/findings/<target>/; fix the loader, then copy the input to
# Fuzz/regressions/<target>/ so the replay test keeps it fixed. New coverage goes to
# .build-fuzz/corpus/<target>/ (the committed seeds in Fuzz/corpus/ are only read).
# PARALLEL=1 runs the targets side by side; NICE (default 10) is the niceness.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift || true
if [ $# -gt 0 ]; then targets=("$@"); else targets=(notebook csv idx); fi
scratch=.build-fuzz

echo "fuzz: building the harnesses (release, -sanitize=fuzzer,address)"
# SwiftPM keeps a path dependency's file list in the build plan: drop the plan so files added to
# the main package since the last build are compiled (without this, they are missing).
rm -f "$scratch"/*/release/description.json
nice -n "${NICE:-10}" swift build --package-path Fuzz --scratch-path "$scratch" -c release \
    -Xswiftc -sanitize=fuzzer,address || exit 1
bin="$scratch/release"

max_len() { case $1 in notebook) echo 8192 ;; *) echo 4096 ;; esac; }

run_one() {
    local target=$1 work="$scratch/corpus/$1" findings="$scratch/findings/$1/" log="$scratch/fuzz-$1.log"
    mkdir -p "$work" "$findings"
    local dict=()
    [ -f "Fuzz/$target.dict" ] && dict=(-dict="Fuzz/$target.dict")
    # -timeout: one input taking 30 s (wall: generous, the machine may be loaded) is a hang;
    # -rss_limit_mb / -malloc_limit_mb: a loader that allocates hundreds of MB for an input of a
    # few KB trusts a size it read.
    ASAN_OPTIONS=detect_leaks=0 nice -n "${NICE:-10}" "$bin/fuzz-$target" "$work" "Fuzz/corpus/$target" \
        "${dict[@]}" -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=30 \
        -rss_limit_mb=2048 -malloc_limit_mb=512 -artifact_prefix="$findings" -print_final_stats=1 \
        >"$log" 2>&1
    echo "fuzz: $target exited with status $?"
}

summary() {
    local target=$1 log="$scratch/fuzz-$1.log"
    local last execs findings
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    # crash-, leak-, timeout-, oom- files are findings; slow-unit- files (over 10 s) are only worth a look.
    findings=$(find "$scratch/findings/$target" -type f ! -name 'slow-unit-*' | wc -l)
    slow=$(find "$scratch/findings/$target" -type f -name 'slow-unit-*' | wc -l)
    printf '%-9s execs %-10s %s | corpus %s files | findings %s, slow units %s (%s)\n' "$target" "${execs:-?}" \
        "$(echo "$last" | grep -oE 'cov: [0-9]+ ft: [0-9]+')" "$(find "$scratch/corpus/$target" -type f | wc -l)" \
        "$findings" "$slow" "$scratch/findings/$target"
}

if [ "${PARALLEL:-0}" = 1 ]; then
    for target in "${targets[@]}"; do run_one "$target" & done
    wait
else
    for target in "${targets[@]}"; do run_one "$target"; done
fi
echo "fuzz: ${seconds}s per target on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for target in "${targets[@]}"; do summary "$target"; done

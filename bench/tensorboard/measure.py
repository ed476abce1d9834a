"""What the TensorBoard export adds to `gradbook report` on a 2,000-run sweep.

    swift build -c release
    .build/release/gradbook run bench/tensorboard/sweep2000.yaml --out /tmp/tb-bench --quiet
    python3 bench/tensorboard/measure.py .build/release/gradbook /tmp/tb-bench

Interleaves `gradbook report` without and with `--tensorboard` (the log deleted before each, so
every event file is encoded and written anew), 3 times each, and prints the best of each side in
CPU-seconds (user + system of the child, getrusage) and in wall seconds, and the ratio."""

import os
import resource
import shutil
import subprocess
import sys
import time

gradbook, out = sys.argv[1], sys.argv[2]
notebook = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sweep2000.yaml")
log = os.path.join(out, "sweep2000", "tensorboard")


def timed(arguments):
    shutil.rmtree(log, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([gradbook, "report", notebook, "--out", out] + arguments, check=True, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


plain, export = [], []
for _ in range(3):
    plain.append(timed([]))
    export.append(timed(["--tensorboard"]))
files = sum(len(names) for _, _, names in os.walk(log))
size = sum(os.path.getsize(os.path.join(folder, name)) for folder, _, names in os.walk(log) for name in names)
for name, index in (("CPU-seconds", 0), ("wall seconds", 1)):
    base, withlog = min(run[index] for run in plain), min(run[index] for run in export)
    print(f"{name}: report {base:.3f}, report --tensorboard {withlog:.3f}: +{100 * (withlog / base - 1):.1f}%")
print(f"tensorboard/: {files} files, {size / 1e6:.2f} MB")

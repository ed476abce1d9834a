"""Optuna's fANOVA parameter importance on the runs of a gradbook report, beside gradbook's own.

Usage: /tmp/peers/bin/python bench/peers/importance_optuna.py REPORT_DIR [EXPERIMENT] [--seeds N] [--log-space]

Reads REPORT_DIR/results.json (the sweep's parameters, metric and gradbook's `importance`) and
REPORT_DIR/results.csv (one row per run), turns every run into an Optuna trial with
optuna.trial.create_trial (categorical, log-scale and integer parameters as Optuna's
distributions), treats failed and diverged runs as gradbook does (the worst finite value of the
experiment; timed-out runs left out) and prints Optuna's FanovaImportanceEvaluator importances for
N evaluator seeds (they differ from seed to seed: optuna#1199) next to gradbook's main effects,
renormalised to sum to 1 as Optuna's are.

Optuna's fANOVA measures a log-distributed parameter on its raw scale (its search-space transform
keeps logs untransformed), gradbook in log space, the scale it was swept on. `--log-space` gives
Optuna the log10 of such parameters instead, so both decompose the same function on the same measure.
"""
import csv
import json
import math
import statistics
import sys

import optuna


def number(text):
    value = float(text)
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value


LOG_SPACE = "--log-space" in sys.argv


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    seeds = int(sys.argv[sys.argv.index("--seeds") + 1]) if "--seeds" in sys.argv else 5
    if "--seeds" in sys.argv:
        args.remove(str(seeds))
    folder = args[0]
    results = json.load(open(f"{folder}/results.json"))
    experiments = results["experiments"]
    wanted = args[1] if len(args) > 1 else None
    rows = list(csv.DictReader(open(f"{folder}/results.csv", newline="")))
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    for experiment in experiments:
        if wanted and experiment["name"] != wanted:
            continue
        compare(experiment, [r for r in rows if r["experiment"] == experiment["name"]], seeds)


def compare(experiment, rows, seeds):
    metric = experiment["metric"]["name"]
    maximize = experiment["metric"].get("goal", "minimize") == "maximize"
    sweeps = [s for s in experiment["parameters"]]
    counted = [r for r in rows if r["status"] in ("ok", "early_stopped") and r[metric] not in ("", "nan")
               and math.isfinite(float(r[metric]))]
    if not counted:
        return
    worst = (min if maximize else max)(float(r[metric]) for r in counted)
    distributions = {}
    logged = set()
    for sweep in sweeps:
        name = sweep["name"]
        values = [r[name] for r in rows if r[name] != ""]
        if sweep["categorical"] or not all(is_number(v) for v in values):
            distributions[name] = optuna.distributions.CategoricalDistribution(sorted(set(values)))
            continue
        numbers = [number(v) for v in values]
        low, high = min(numbers), max(numbers)
        if low == high:
            continue
        log = sweep["log_scale"] and low > 0
        if log and LOG_SPACE:
            distributions[name] = optuna.distributions.FloatDistribution(math.log10(low), math.log10(high))
            logged.add(name)
        elif all(isinstance(v, int) for v in numbers):
            distributions[name] = optuna.distributions.IntDistribution(int(low), int(high), log=log)
        else:
            distributions[name] = optuna.distributions.FloatDistribution(float(low), float(high), log=log)
    trials = []
    for r in rows:
        if r["status"] in ("ok", "early_stopped") and r in counted:
            value = float(r[metric])
        elif r["status"] in ("diverged", "failed", "ok", "early_stopped"):
            value = worst
        else:
            continue
        params = {}
        for name, distribution in distributions.items():
            text = r[name]
            if isinstance(distribution, optuna.distributions.CategoricalDistribution):
                params[name] = text
            elif isinstance(distribution, optuna.distributions.IntDistribution):
                params[name] = int(float(text))
            else:
                params[name] = math.log10(float(text)) if name in logged else float(text)
        trials.append(optuna.trial.create_trial(params=params, distributions=distributions, value=value))
    study = optuna.create_study(direction="maximize" if maximize else "minimize")
    study.add_trials(trials)
    runs = {name: [] for name in distributions}
    for seed in range(seeds):
        evaluator = optuna.importance.FanovaImportanceEvaluator(seed=seed)
        importances = optuna.importance.get_param_importances(study, evaluator=evaluator, normalize=True)
        for name in distributions:
            runs[name].append(importances.get(name, 0.0))
    ours = experiment.get("importance") or {}
    mains = {name: ours.get(name, 0.0) for name in distributions}
    total = sum(mains.values()) or 1.0
    print(f"experiment {experiment['name']} ({experiment['method']}, {len(trials)} trials, metric {metric}, "
          f"log parameters {'in log space' if LOG_SPACE else 'on their raw scale'}; "
          f"gradbook: {experiment.get('importance_method')}, seed_noise {ours.get('seed_noise', float('nan')):.3f}, "
          f"interactions {ours.get('interactions', float('nan')):.3f})")
    print(f"  {'parameter':32} {'gradbook':>9} {'optuna mean':>12} {'optuna min':>11} {'optuna max':>11}")
    for name in sorted(distributions, key=lambda n: -statistics.mean(runs[n])):
        values = runs[name]
        print(f"  {name:32} {mains[name] / total:9.3f} {statistics.mean(values):12.3f} {min(values):11.3f} {max(values):11.3f}")
    ours_rank = sorted(distributions, key=lambda n: -mains[n])
    optuna_rank = sorted(distributions, key=lambda n: -statistics.mean(runs[n]))
    print(f"  ranking {'agrees' if ours_rank == optuna_rank else 'differs'}: gradbook {ours_rank}, optuna {optuna_rank}")


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


if __name__ == "__main__":
    main()

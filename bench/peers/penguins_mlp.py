"""scikit-learn's MLPClassifier behind SimpleImputer on the split gradbook draws for
experiments/penguins.yaml (dataset.seed 0, validation 0.25, stratified), for the issue-17 peer
comparison. Not a test: CI has no scikit-learn. Run with a Python that has scikit-learn:

    python bench/peers/penguins_mlp.py [experiments/data/penguins.csv]

Needs scikit-learn only (the CSV is read with the standard library). The split is gradbook's own (Core.SeededGenerator: xoshiro256** seeded by SplitMix64 from the
seed xor the FNV-1a hash of "split"; Fisher-Yates with Lemire's bounded draws; per class, the
first round(n * validation) rows of its permutation are held out). It prints the held-out rows'
checksum, which Tests/DatasetsTests/PenguinsTests.swift pins, so both sides use the same rows.
"""
import csv
import sys

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

MASK = (1 << 64) - 1


class SeededGenerator:
    def __init__(self, seed, stream):
        h = 0xCBF29CE484222325
        for byte in stream.encode():
            h ^= byte
            h = (h * 0x100000001B3) & MASK
        s = seed ^ h
        state = []
        for _ in range(4):
            s = (s + 0x9E3779B97F4A7C15) & MASK
            z = s
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            state.append(z ^ (z >> 31))
        self.s = state

    def next(self):
        s = self.s
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & MASK
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def next_int(self, bound):
        product = self.next() * bound
        low = product & MASK
        if low < bound:
            threshold = ((1 << 64) - bound) % bound
            while low < threshold:
                product = self.next() * bound
                low = product & MASK
        return product >> 64

    def permutation(self, n):
        values = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.next_int(i + 1)
            values[i], values[j] = values[j], values[i]
        return values


def gradbook_split(labels, validation, seed):
    """Row indices (train, validation) as DatasetSplitter.split draws them (no test split)."""
    random = SeededGenerator(seed, "split")
    held = set()
    for label in sorted(set(labels)):
        group = [row for row, value in enumerate(labels) if value == label]
        order = [group[i] for i in random.permutation(len(group))]
        count = int(np.floor(len(group) * validation + 0.5))  # Swift's rounded(): half away from zero
        count = min(count, len(group) - 1)
        held.update(order[:count])
    train = [row for row in range(len(labels)) if row not in held]
    return train, sorted(held)


NA = {"", "na", "n/a", "nan", "null", "none", "?", "-"}  # gradbook's default na_values


def features(rows, train, impute_text):
    """gradbook's encoding: numbers as they are, island and sex one-hot (sorted categories),
    missing cells filled from the training rows only, then every column standardised."""
    numeric = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "year"]
    x_num = np.array([[np.nan if r[c].strip().lower() in NA else float(r[c]) for c in numeric] for r in rows])
    x_num = SimpleImputer(strategy="mean").fit(x_num[train]).transform(x_num)
    blocks = []
    for column in ["island", "sex"]:
        values = np.array([[None if r[column].strip().lower() in NA else r[column]] for r in rows], dtype=object)
        if impute_text == "category":
            values[values == None] = "(missing)"  # noqa: E711
        else:
            values[values == None] = np.nan  # noqa: E711
            values = SimpleImputer(strategy="most_frequent").fit(values[train]).transform(values)
        values = values[:, 0]
        cats = sorted(set(values), key=lambda c: (c == "(missing)", c))
        blocks.append(np.stack([(values == c).astype(float) for c in cats], axis=1))
    # gradbook's column order: island one-hot, four measurements, sex one-hot, year.
    x = np.concatenate([blocks[0], x_num[:, :4], blocks[1], x_num[:, 4:]], axis=1)
    scaler = StandardScaler().fit(x[train])
    return scaler.transform(x)


def run(rows, name, impute_text, seeds=(1, 2, 3, 4, 5)):
    labels = [r["species"] for r in rows]
    train, held = gradbook_split(labels, 0.25, 0)
    x = features(rows, train, impute_text)
    y = np.array(labels)
    scores = []
    for seed in seeds:
        model = MLPClassifier(hidden_layer_sizes=(16,), activation="relu", solver="adam", learning_rate_init=0.01,
                              batch_size=32, max_iter=60, alpha=0.0, n_iter_no_change=1000, random_state=seed)
        model.fit(x[train], y[train])
        scores.append(model.score(x[held], y[held]))
    print(f"{name:22s} rows {len(rows):3d}  train {len(train)}  val {len(held)}  "
          f"held-out checksum {sum(held)} first {held[:5]}  "
          f"val_accuracy {np.mean(scores):.4f} +- {np.std(scores, ddof=1):.4f}  {['%.4f' % s for s in scores]}")


if __name__ == "__main__":
    import warnings
    warnings.filterwarnings("ignore")
    path = sys.argv[1] if len(sys.argv) > 1 else "experiments/data/penguins.csv"
    with open(path, newline="") as file:
        raw = list(csv.DictReader(file))
    complete = [r for r in raw if not any(v.strip().lower() in NA for v in r.values())]
    run(complete, "drop", "most_frequent")
    run(raw, "impute most_frequent", "most_frequent")
    run(raw, "impute category", "category")

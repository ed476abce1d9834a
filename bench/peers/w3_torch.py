# W3 "digits+bn+drop" in PyTorch, as gradbook's `bench --workload W3` trains it, beside W1 (the same
# model without the new layers) for the ratio: scikit-learn digits (1797x64, 10 classes),
# standardised with the training split's statistics, 80/20 split; MLP 64-128-64-10 where each
# hidden layer is Linear -> BatchNorm1d -> ReLU -> Dropout(0.2) (W3) or Linear -> ReLU (W1);
# softmax cross-entropy, Adam lr 1e-3, batch 32, 30 epochs, reshuffled each epoch; one thread.
# Timed: the training loop only (train mode), as CPU seconds of this process (time.process_time)
# and wall seconds; best of `repeats` (argument, default 3). Prints one JSON line per workload.
import json, sys, time
import numpy as np
import torch
from torch import nn

def digits():
    from sklearn.datasets import load_digits
    X, y = load_digits(return_X_y=True)
    X = X.astype(np.float32)
    order = np.random.default_rng(0).permutation(len(X))
    X, y = X[order], y[order]
    n = int(0.8 * len(X))
    X = (X - X[:n].mean(0)) / (X[:n].std(0) + 1e-8)
    return X[:n], y[:n], X[n:], y[n:]

def model(blocks):
    layers, sizes = [], [64, 128, 64]
    for a, b in zip(sizes, sizes[1:]):
        layers += [nn.Linear(a, b), nn.BatchNorm1d(b), nn.ReLU(), nn.Dropout(0.2)] if blocks else [nn.Linear(a, b), nn.ReLU()]
    return nn.Sequential(*layers, nn.Linear(64, 10))

def train(blocks, data):
    torch.manual_seed(0)
    Xtr, ytr, Xva, yva = (torch.from_numpy(a) for a in (data[0], data[1].astype(np.int64), data[2], data[3].astype(np.int64)))
    net = model(blocks).train()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss = nn.CrossEntropyLoss()
    n, batch = len(Xtr), 32
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(30):
        order = torch.randperm(n)
        for i in range(0, n, batch):
            rows = order[i:i + batch]
            if blocks and len(rows) == 1:  # BatchNorm1d raises on one row; gradbook skips it too
                continue
            optimizer.zero_grad()
            loss(net(Xtr[rows]), ytr[rows]).backward()
            optimizer.step()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    with torch.no_grad():
        accuracy = (net.eval()(Xva).argmax(1) == yva).float().mean().item()
    return cpu, wall, n * 30, accuracy

if __name__ == "__main__":
    torch.set_num_threads(1)
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    data = digits()
    for name, blocks in (("W1", False), ("W3", True)):
        runs = [train(blocks, data) for _ in range(repeats)]
        cpu = min(r[0] for r in runs)
        wall = min(r[1] for r in runs)
        samples = runs[0][2]
        print(json.dumps({"workload": name, "peer": f"torch {torch.__version__}", "best_cpu_seconds": round(cpu, 3),
                          "best_wall_seconds": round(wall, 3), "samples_per_cpu_second": round(samples / cpu),
                          "val_accuracy": round(runs[0][3], 4)}))

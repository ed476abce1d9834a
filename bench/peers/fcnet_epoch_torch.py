"""Seconds per epoch of one network of the adaptive-search space (experiments/adaptive-search.yaml) in
PyTorch, one thread, as peer_search.py trains it: digits standardised, stratified 80/20 split (seed 0),
Adam, dropout and L2 weight decay, validation accuracy after every epoch (part of the timing, as in
gradbook's epochs). Compare with the `seconds` of the same network in a gradbook run divided by its epochs.

Usage: fcnet_epoch_torch.py [batch=16] [width=256] [depth=3] [activation=relu] [epochs=27] [repeats=3]
Prints the best of `repeats` runs: seconds per epoch and the final validation accuracy.
"""
import sys, time
import torch, torch.nn as nn, torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

args = sys.argv[1:] + [None] * 6
batch = int(args[0] or 16); width = int(args[1] or 256); depth = int(args[2] or 3)
activation = args[3] or "relu"; epochs = int(args[4] or 27); repeats = int(args[5] or 3)
torch.set_num_threads(1)
X, y = load_digits(return_X_y=True)
Xtr, Xva, ytr, yva = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
scaler = StandardScaler().fit(Xtr)
Xtr = torch.tensor(scaler.transform(Xtr), dtype=torch.float32); Xva = torch.tensor(scaler.transform(Xva), dtype=torch.float32)
ytr = torch.tensor(ytr); yva = torch.tensor(yva)
act = {"relu": nn.ReLU, "tanh": nn.Tanh}[activation]

def train_once(seed):
    torch.manual_seed(seed)
    layers, fan_in = [], 64
    for _ in range(depth):
        layers += [nn.Linear(fan_in, width), act()]
        fan_in = width
    model = nn.Sequential(*layers, nn.Linear(fan_in, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    start = time.perf_counter()
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(Xtr))
        for i in range(0, len(Xtr), batch):
            idx = order[i:i + batch]
            opt.zero_grad()
            F.cross_entropy(model(Xtr[idx]), ytr[idx]).backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            accuracy = (model(Xva).argmax(1) == yva).float().mean().item()
    return (time.perf_counter() - start) / epochs, accuracy

best = min(train_once(seed) for seed in range(repeats))
print(f"torch batch={batch} width={width} depth={depth} {activation}: {best[0] * 1e3:.2f} ms per epoch, val_accuracy={best[1]:.4f}")

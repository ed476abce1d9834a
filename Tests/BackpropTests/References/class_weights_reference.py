"""PyTorch references for Tests/BackpropTests/ClassWeightTorchAgreementTests.swift.

The 3-4-4-K tanh MLP of losses_reference.py (parameter k of gradbook's flat layout is
0.5 sin(0.7 k + 0.3), input (j, c) is sin(1 + 3 j + c), 5 samples) trained on
torch.nn.CrossEntropyLoss(weight=w, label_smoothing=s): PyTorch's weighted mean divides the
weighted sum by the sum of the weights of the batch's targets, and its smoothing term weighs each
class by its own weight. The single sigmoid unit of a two-class head is the two-class softmax on
logits [0, z]. "balanced" weights are scikit-learn's compute_class_weight("balanced") of the labels.
For each case prints the loss, the gradient in gradbook's layout order (per layer: weight
[out, in], then bias) and the unweighted, unsmoothed cross-entropy gradbook reports beside it.
Run: /tmp/peers/bin/python Tests/BackpropTests/References/class_weights_reference.py
"""
import math
import numpy as np
import torch
import torch.nn.functional as F
from sklearn.utils.class_weight import compute_class_weight

torch.set_default_dtype(torch.float32)
x = torch.tensor([[math.sin(1 + 3 * j + c) for c in range(3)] for j in range(5)])
labels3 = torch.tensor([0, 2, 1, 2, 0])
labels2 = torch.tensor([0, 1, 1, 0, 1])
balanced3 = compute_class_weight("balanced", classes=np.arange(3), y=labels3.numpy())


def mlp(outputs):
    layers = [torch.nn.Linear(a, b) for a, b in zip([3, 4, 4], [4, 4, outputs])]
    k = 0
    with torch.no_grad():
        for layer in layers:
            for tensor in (layer.weight, layer.bias):
                flat = tensor.view(-1)
                for i in range(flat.numel()):
                    flat[i] = 0.5 * math.sin(0.7 * k + 0.3)
                    k += 1
    return layers


def forward(layers):
    h = x
    for layer in layers[:-1]:
        h = torch.tanh(layer(h))
    return layers[-1](h)


def binary_logits(z):
    return torch.cat([torch.zeros_like(z), z], dim=1)


def weighted(weights, smoothing, labels, logits_of=lambda z: z):
    w = torch.tensor(weights, dtype=torch.float32)
    return lambda z: torch.nn.CrossEntropyLoss(weight=w, label_smoothing=smoothing)(logits_of(z), labels)


cases = {
    "softmax_weighted": (3, weighted([0.5, 2.0, 1.25], 0.0, labels3), labels3, None),
    "softmax_weighted_smoothing": (3, weighted([0.5, 2.0, 1.25], 0.1, labels3), labels3, None),
    "softmax_balanced": (3, weighted(list(balanced3), 0.0, labels3), labels3, None),
    "binary_weighted": (1, weighted([0.7, 1.6], 0.0, labels2, binary_logits), labels2, binary_logits),
    "binary_weighted_smoothing": (1, weighted([0.7, 1.6], 0.2, labels2, binary_logits), labels2, binary_logits),
}

print(f"// balanced weights of [0, 2, 1, 2, 0]: {', '.join(f'{v:.9g}' for v in balanced3)}")
for name, (outputs, loss_of, labels, logits_of) in cases.items():
    layers = mlp(outputs)
    z = forward(layers)
    loss = loss_of(z)
    loss.backward()
    gradient = [g for layer in layers for t in (layer.weight, layer.bias) for g in t.grad.view(-1).tolist()]
    ce = F.cross_entropy(logits_of(z) if logits_of else z, labels).item()
    print(f'"{name}": (loss: {loss.item():.9g}, crossEntropy: {ce:.9g}, gradient: [{", ".join(f"{g:.9g}" for g in gradient)}]),')

"""PyTorch references for Tests/BackpropTests/LossTorchAgreementTests.swift.

A 3-4-4-K tanh MLP (no norm, no skips) on 5 fixed samples; parameter k of gradbook's flat layout
is 0.5 sin(0.7 k + 0.3) and input (j, c) is sin(1 + 3 j + c), as in blocks_reference.py. For each
loss x head, prints the loss, the gradient in gradbook's layout order (per layer: weight [out, in],
then bias) and, for classification, the unsmoothed cross-entropy of the head's probabilities
(what gradbook reports as *_cross_entropy). Each loss is torch.nn's own module:
  softmax: CrossEntropyLoss(label_smoothing=), or MSELoss / HuberLoss(delta=) / L1Loss on
           softmax(z) against one-hot targets;
  sigmoid: binary cross-entropy with smoothing, taken as CrossEntropyLoss(label_smoothing=) on the
           two logits [0, z] (the two-class softmax a single sigmoid unit is), and MSELoss on
           sigmoid(z);
  linear:  HuberLoss(delta=) and L1Loss on z against real targets.
Run: /tmp/peers/bin/python Tests/BackpropTests/References/losses_reference.py
"""
import math
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float32)
x = torch.tensor([[math.sin(1 + 3 * j + c) for c in range(3)] for j in range(5)])
labels3 = torch.tensor([0, 2, 1, 2, 0])
labels2 = torch.tensor([0, 1, 1, 0, 1])
real = torch.tensor([[1.5, -0.3], [0.2, 2.0], [-1.1, 0.4], [0.0, 0.8], [0.3, -0.6]])


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


cases = {
    "softmax_ce_smoothing": (3, lambda z: torch.nn.CrossEntropyLoss(label_smoothing=0.1)(z, labels3),
                             lambda z: F.cross_entropy(z, labels3)),
    "softmax_mse": (3, lambda z: torch.nn.MSELoss()(F.softmax(z, 1), F.one_hot(labels3, 3).float()),
                    lambda z: F.cross_entropy(z, labels3)),
    "softmax_huber": (3, lambda z: torch.nn.HuberLoss(delta=0.3)(F.softmax(z, 1), F.one_hot(labels3, 3).float()),
                      lambda z: F.cross_entropy(z, labels3)),
    "softmax_l1": (3, lambda z: torch.nn.L1Loss()(F.softmax(z, 1), F.one_hot(labels3, 3).float()),
                   lambda z: F.cross_entropy(z, labels3)),
    "binary_ce_smoothing": (1, lambda z: torch.nn.CrossEntropyLoss(label_smoothing=0.1)(binary_logits(z), labels2),
                            lambda z: F.cross_entropy(binary_logits(z), labels2)),
    "binary_mse": (1, lambda z: torch.nn.MSELoss()(torch.sigmoid(z)[:, 0], labels2.float()),
                   lambda z: F.binary_cross_entropy_with_logits(z[:, 0], labels2.float())),
    "sigmoid_mse": (3, lambda z: torch.nn.MSELoss()(torch.sigmoid(z), F.one_hot(labels3, 3).float()),
                    lambda z: F.binary_cross_entropy_with_logits(z, F.one_hot(labels3, 3).float())),
    "linear_huber": (2, lambda z: torch.nn.HuberLoss(delta=0.5)(z, real), None),
    "linear_l1": (2, lambda z: torch.nn.L1Loss()(z, real), None),
}

for name, (outputs, loss_of, cross_entropy_of) in cases.items():
    layers = mlp(outputs)
    z = forward(layers)
    loss = loss_of(z)
    loss.backward()
    gradient = [g for layer in layers for t in (layer.weight, layer.bias) for g in t.grad.view(-1).tolist()]
    ce = f"{cross_entropy_of(z).item():.9g}" if cross_entropy_of else "nil"
    print(f'"{name}": (loss: {loss.item():.9g}, crossEntropy: {ce}, gradient: [{", ".join(f"{g:.9g}" for g in gradient)}]),')

"""PyTorch autograd references for Tests/BackpropTests/TorchAgreementTests.swift.

A 3-4-4-3 tanh MLP with softmax cross-entropy on 5 fixed samples; parameters and inputs come from
closed formulas both sides evaluate (parameter k of gradbook's flat layout is 0.5 sin(0.7 k + 0.3),
input (j, c) is sin(1 + 3 j + c)). For each norm in (none, batch, layer), with residual skips on,
prints the train-mode loss, the gradient in gradbook's layout order (per layer: weight [out, in],
bias, then the norm's weight and bias) and batch norm's running statistics after the forward pass.
Run: /tmp/peers/bin/python Tests/BackpropTests/References/blocks_reference.py
"""
import math
import torch

torch.set_default_dtype(torch.float32)
widths = [3, 4, 4, 3]
x = torch.tensor([[math.sin(1 + 3 * j + c) for c in range(3)] for j in range(5)])
labels = torch.tensor([0, 2, 1, 2, 0])


class MLP(torch.nn.Module):
    def __init__(self, norm):
        super().__init__()
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(widths, widths[1:]))
        make = {"batch": torch.nn.BatchNorm1d, "layer": torch.nn.LayerNorm}.get(norm)
        self.norms = torch.nn.ModuleList(make(w) for w in widths[1:-1]) if make else None

    def forward(self, h):
        for i, layer in enumerate(self.layers[:-1]):
            z = layer(h)
            if self.norms is not None:
                z = self.norms[i](z)
            a = torch.tanh(z)
            h = h + a if layer.in_features == layer.out_features else a
        return self.layers[-1](h)

    def flat(self):
        out = []
        for i, layer in enumerate(self.layers):
            out += [layer.weight, layer.bias]
            if self.norms is not None and i < len(self.norms):
                out += [self.norms[i].weight, self.norms[i].bias]
        return out


for norm in ["none", "batch", "layer"]:
    model = MLP(norm)
    k = 0
    with torch.no_grad():
        for tensor in model.flat():
            flat = tensor.view(-1)
            for i in range(flat.numel()):
                flat[i] = 0.5 * math.sin(0.7 * k + 0.3)
                k += 1
    model.train()
    loss = torch.nn.functional.cross_entropy(model(x), labels)
    loss.backward()
    gradient = torch.cat([t.grad.view(-1) for t in model.flat()]).tolist()
    print(f'"{norm}": (loss: {loss.item():.9g}, gradient: [{", ".join(f"{g:.9g}" for g in gradient)}]', end="")
    if norm == "batch":
        running = [v for n in model.norms for v in n.running_mean.tolist() + n.running_var.tolist()]
        print(f', running: [{", ".join(f"{v:.9g}" for v in running)}]', end="")
    print("),")

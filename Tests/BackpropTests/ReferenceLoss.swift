@testable import Backprop
import Core

/// The losses after the first release in Double, written from torch.nn's definitions (softmax or
/// sigmoid probabilities, then `MSELoss` / `HuberLoss` / `L1Loss`, or `CrossEntropyLoss` with
/// `label_smoothing`), with their gradients by the chain rule through the head. The first
/// release's fused heads stay in `ReferenceMLP.loss(head:)`, used unchanged for the default spec.
enum ReferenceLoss {
    static func loss(_ spec: LossSpec, head: OutputHead, logits: [[Double]], targets: Targets) -> (Double, [[Double]]) {
        if spec == LossSpec() { return ReferenceMLP.loss(head: head, logits: logits, targets: targets) }
        let n = Double(logits.count), width = logits[0].count
        let s = spec.labelSmoothing
        let function = spec.function(for: head)
        func target(_ j: Int, _ i: Int) -> Double {
            switch targets {
            case .classes(let labels, _): return width == 1 ? Double(labels[j]) : (Int(labels[j]) == i ? 1 : 0)
            case .values(let matrix): return Double(matrix[j, i])
            }
        }
        func error(_ d: Double) -> (value: Double, slope: Double) {
            switch function {
            case .mse: return (d * d, 2 * d)
            case .l1: return (abs(d), d > 0 ? 1 : d < 0 ? -1 : 0)
            case .huber:
                let delta = spec.huberDelta
                return abs(d) < delta ? (0.5 * d * d, d) : (delta * (abs(d) - 0.5 * delta), d > 0 ? delta : -delta)
            case .cross_entropy: preconditionFailure("not an elementwise error")
            }
        }
        var total = 0.0
        var gradient = logits.map { $0.map { _ in 0.0 } }
        for (j, z) in logits.enumerated() {
            switch head {
            case .softmax:
                let largest = z.max()!
                let exps = z.map { _exp($0 - largest) }
                let sum = exps.reduce(0, +)
                let p = exps.map { $0 / sum }
                if function == .cross_entropy {
                    let smoothed = (0..<width).map { (1 - s) * target(j, $0) + s / Double(width) }
                    let mass = smoothed.reduce(0, +)
                    for i in 0..<width {
                        total -= smoothed[i] * _log(p[i])
                        gradient[j][i] = (p[i] * mass - smoothed[i]) / n
                    }
                } else {
                    let slopes = (0..<width).map { i -> Double in
                        let e = error(p[i] - target(j, i))
                        total += e.value / Double(width)
                        return e.slope / (n * Double(width))
                    }
                    let weighted = zip(p, slopes).map(*).reduce(0, +)
                    for i in 0..<width { gradient[j][i] = p[i] * (slopes[i] - weighted) }
                }
            case .sigmoid:
                for i in 0..<width {
                    let p = 1 / (1 + _exp(-z[i])), y = target(j, i)
                    if function == .cross_entropy {
                        let smoothed = (1 - s) * y + s / 2
                        total -= (smoothed * _log(p) + (1 - smoothed) * _log(1 - p)) / Double(width)
                        gradient[j][i] = (p - smoothed) / (n * Double(width))
                    } else {
                        let e = error(p - y)
                        total += e.value / Double(width)
                        gradient[j][i] = e.slope * p * (1 - p) / (n * Double(width))
                    }
                }
            case .linear:
                for i in 0..<width {
                    let e = error(z[i] - target(j, i))
                    total += e.value / Double(width)
                    gradient[j][i] = e.slope / (n * Double(width))
                }
            }
        }
        return (total / n, gradient)
    }
}

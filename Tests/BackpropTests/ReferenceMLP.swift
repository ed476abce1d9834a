@testable import Backprop
import Core

/// A naive Double-precision MLP over batch-major arrays: the definition the fast fp32 engine is
/// checked against (llm.c's `*_naive` pattern). Its arithmetic is its own; where each parameter
/// lives comes from the same `ParameterLayout` as `Network`'s (one definition of the offsets).
struct ReferenceMLP {
    let spec: NetworkSpec
    let layout: ParameterLayout
    var parameters: [Double]
    /// Batch norm's running mean and variance (read in evaluation mode only).
    var buffers: [Double]
    /// Dropout masks per hidden layer, [sample][feature] (0 or 1 / (1 - p)); nil: no dropout.
    var masks: [[[Double]]]?
    /// Training mode: batch norm uses the batch's statistics; evaluation: the running ones, and
    /// no dropout.
    var training = true

    init(_ network: Network) {
        spec = network.spec
        layout = network.layout
        parameters = network.parameters.map(Double.init)
        buffers = network.buffers.map(Double.init)
    }

    /// norm(z) for one hidden layer's pre-activations [sample][feature], as PyTorch defines it.
    func normalize(_ z: [[Double]], slots: ParameterLayout.NormSlots) -> [[Double]] {
        let eps = 1e-5
        let features = z[0].count, n = z.count
        let gamma = { parameters[slots.scale.lowerBound + $0] }, beta = { parameters[slots.shift.lowerBound + $0] }
        switch spec.norm {
        case .none: return z
        case .layer:
            return z.map { row in
                let mean = row.reduce(0, +) / Double(features)
                let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(features)
                return row.indices.map { i in gamma(i) * (row[i] - mean) / (variance + eps).squareRoot() + beta(i) }
            }
        case .batch:
            var result = z
            for i in 0..<features {
                let column = z.map { $0[i] }
                let mean: Double, variance: Double
                if training {
                    mean = column.reduce(0, +) / Double(n)
                    variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
                } else {
                    mean = buffers[slots.runningMean!.lowerBound + i]
                    variance = buffers[slots.runningVariance!.lowerBound + i]
                }
                for j in 0..<n { result[j][i] = gamma(i) * (z[j][i] - mean) / (variance + eps).squareRoot() + beta(i) }
            }
            return result
        }
    }

    /// Logits per sample (rows) plus, per layer, the inputs and pre-activations (for backward).
    func forward(_ inputs: [[Double]]) -> (logits: [[Double]], layerInputs: [[[Double]]], pre: [[[Double]]]) {
        var x = inputs
        var layerInputs: [[[Double]]] = []
        var pre: [[[Double]]] = []
        let layers = layout.layerCount
        for l in 0..<layers {
            let slots = layout.layers[l]
            let (fanIn, fanOut) = (slots.fanIn, slots.fanOut)
            let (weights, bias) = (slots.weights.lowerBound, slots.bias.lowerBound)
            layerInputs.append(x)
            let z = x.map { row in
                (0..<fanOut).map { o in
                    var sum = parameters[bias + o]
                    for i in 0..<fanIn { sum += parameters[weights + o * fanIn + i] * row[i] }
                    return sum
                }
            }
            pre.append(z)
            guard l + 1 < layers else { x = z; continue }
            let y = slots.norm.map { normalize(z, slots: $0) } ?? z
            var a = y.map { $0.map { spec.activation.value($0) } }
            if training, let mask = masks?[l] {
                a = a.indices.map { j in a[j].indices.map { i in a[j][i] * mask[j][i] } }
            }
            if spec.blocks[l].residual {
                a = a.indices.map { j in a[j].indices.map { i in x[j][i] + a[j][i] } }
            }
            x = a
        }
        return (x, layerInputs, pre)
    }

    /// Mean loss and d loss / d logits per sample, for each head exactly as LossKind documents.
    static func loss(head: OutputHead, logits: [[Double]], targets: Targets) -> (Double, [[Double]]) {
        let n = Double(logits.count)
        let width = logits[0].count
        func target(_ j: Int, _ i: Int) -> Double {
            switch targets {
            case .classes(let labels, _): return Int(labels[j]) == i ? 1 : 0
            case .values(let matrix): return Double(matrix[j, i])
            }
        }
        var total = 0.0
        var gradient = logits.map { $0.map { _ in 0.0 } }
        for (j, z) in logits.enumerated() {
            switch head {
            case .softmax:
                let largest = z.max()!
                let logTotal = _log(z.map { _exp($0 - largest) }.reduce(0, +)) + largest
                for i in 0..<width {
                    total -= target(j, i) * (z[i] - logTotal)
                    gradient[j][i] = (_exp(z[i] - logTotal) - target(j, i)) / n
                }
            case .sigmoid:
                let binary = width == 1
                for i in 0..<width {
                    let y = binary ? target(j, 1) : target(j, i)
                    let p = 1 / (1 + _exp(-z[i]))
                    total -= (y * _log(p) + (1 - y) * _log(1 - p)) / Double(width)
                    gradient[j][i] = (p - y) / (n * Double(width))
                }
            case .linear:
                for i in 0..<width {
                    let d = z[i] - target(j, i)
                    total += d * d / Double(width)
                    gradient[j][i] = 2 * d / (n * Double(width))
                }
            }
        }
        return (total / n, gradient)
    }

    func loss(_ inputs: [[Double]], _ targets: Targets) -> Double {
        ReferenceLoss.loss(spec.loss, head: spec.head, logits: forward(inputs).logits, targets: targets).0
    }

    /// Central differences of `loss` (step h) for every parameter: the gradient of any block the
    /// forward pass defines, without a second, hand-derived backward to get wrong.
    func numericGradient(_ inputs: [[Double]], _ targets: Targets, h: Double = 1e-6) -> [Double] {
        parameters.indices.map { index in
            var plus = self, minus = self
            plus.parameters[index] += h
            minus.parameters[index] -= h
            return (plus.loss(inputs, targets) - minus.loss(inputs, targets)) / (2 * h)
        }
    }

    /// Analytic gradient by the chain rule, layer by layer (plain networks: no norm, dropout or skip).
    func gradient(_ inputs: [[Double]], _ targets: Targets) -> [Double] {
        let (logits, layerInputs, pre) = forward(inputs)
        var delta = ReferenceLoss.loss(spec.loss, head: spec.head, logits: logits, targets: targets).1
        var result = [Double](repeating: 0, count: parameters.count)
        for l in stride(from: layout.layerCount - 1, through: 0, by: -1) {
            let slots = layout.layers[l]
            let (fanIn, fanOut) = (slots.fanIn, slots.fanOut)
            let (weights, bias) = (slots.weights.lowerBound, slots.bias.lowerBound)
            for (j, row) in layerInputs[l].enumerated() {
                for o in 0..<fanOut {
                    result[bias + o] += delta[j][o]
                    for i in 0..<fanIn { result[weights + o * fanIn + i] += delta[j][o] * row[i] }
                }
            }
            if l > 0 {
                delta = delta.enumerated().map { j, d in
                    (0..<fanIn).map { i in
                        var sum = 0.0
                        for o in 0..<fanOut { sum += parameters[weights + o * fanIn + i] * d[o] }
                        return sum * spec.activation.derivative(pre[l - 1][j][i])
                    }
                }
            }
        }
        return result
    }
}

@testable import Backprop
import Core

/// A naive Double-precision MLP over batch-major arrays: the definition the fast fp32 engine is
/// checked against (llm.c's `*_naive` pattern). Its arithmetic is its own; where each parameter
/// lives comes from the same `ParameterLayout` as `Network`'s (one definition of the offsets).
struct ReferenceMLP {
    let spec: NetworkSpec
    let layout: ParameterLayout
    var parameters: [Double]

    init(_ network: Network) {
        spec = network.spec
        layout = network.layout
        parameters = network.parameters.map(Double.init)
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
            x = l + 1 < layers ? z.map { $0.map { spec.activation.value($0) } } : z
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
        Self.loss(head: spec.head, logits: forward(inputs).logits, targets: targets).0
    }

    /// Analytic gradient by the chain rule, layer by layer.
    func gradient(_ inputs: [[Double]], _ targets: Targets) -> [Double] {
        let (logits, layerInputs, pre) = forward(inputs)
        var delta = Self.loss(head: spec.head, logits: logits, targets: targets).1
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

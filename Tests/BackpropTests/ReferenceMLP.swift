@testable import Backprop
import Core

/// A naive Double-precision MLP over batch-major arrays: the definition the fast fp32 engine is
/// checked against (llm.c's `*_naive` pattern). Same parameter layout as `Network`.
struct ReferenceMLP {
    let spec: NetworkSpec
    var parameters: [Double]

    init(_ network: Network) {
        spec = network.spec
        parameters = network.parameters.map(Double.init)
    }

    private func offset(_ layer: Int) -> Int {
        var offset = 0
        for l in 0..<layer { offset += spec.widths[l] * spec.widths[l + 1] + spec.widths[l + 1] }
        return offset
    }

    /// Logits per sample (rows) plus, per layer, the inputs and pre-activations (for backward).
    func forward(_ inputs: [[Double]]) -> (logits: [[Double]], layerInputs: [[[Double]]], pre: [[[Double]]]) {
        var x = inputs
        var layerInputs: [[[Double]]] = []
        var pre: [[[Double]]] = []
        let layers = spec.widths.count - 1
        for l in 0..<layers {
            let (fanIn, fanOut) = (spec.widths[l], spec.widths[l + 1])
            let base = offset(l)
            layerInputs.append(x)
            let z = x.map { row in
                (0..<fanOut).map { o in
                    var sum = parameters[base + fanIn * fanOut + o]
                    for i in 0..<fanIn { sum += parameters[base + o * fanIn + i] * row[i] }
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
        for l in stride(from: spec.widths.count - 2, through: 0, by: -1) {
            let (fanIn, fanOut) = (spec.widths[l], spec.widths[l + 1])
            let base = offset(l)
            for (j, row) in layerInputs[l].enumerated() {
                for o in 0..<fanOut {
                    result[base + fanIn * fanOut + o] += delta[j][o]
                    for i in 0..<fanIn { result[base + o * fanIn + i] += delta[j][o] * row[i] }
                }
            }
            if l > 0 {
                delta = delta.enumerated().map { j, d in
                    (0..<fanIn).map { i in
                        var sum = 0.0
                        for o in 0..<fanOut { sum += parameters[base + o * fanIn + i] * d[o] }
                        return sum * spec.activation.derivative(pre[l - 1][j][i])
                    }
                }
            }
        }
        return result
    }
}

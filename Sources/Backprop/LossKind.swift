/// The output head fused with its loss, resolved from the head, the output width and the targets.
/// Losses are PyTorch's defaults: the mean over the batch (and over outputs for the elementwise
/// losses, as `BCEWithLogitsLoss` and `MSELoss` average over all elements).
enum LossKind: Sendable {
    /// Softmax + cross-entropy over class labels (or over soft target rows), log-sum-exp stable.
    case softmaxCrossEntropy
    /// One logit, sigmoid + binary cross-entropy against labels 0/1 (two-class sigmoid head).
    case binaryCrossEntropy
    /// Sigmoid + binary cross-entropy per output (one-hot labels or targets in [0, 1]).
    case sigmoidCrossEntropy
    /// Linear + mean squared error (one-hot labels or real targets).
    case meanSquaredError

    static func resolve(head: OutputHead, outputSize: Int, targets: Targets) -> LossKind {
        switch targets {
        case .classes(let labels, let classCount):
            if let bad = labels.first(where: { $0 < 0 || Int($0) >= classCount }) {
                preconditionFailure("label \(bad) outside 0..<\(classCount)")
            }
            switch head {
            case .softmax:
                precondition(outputSize == classCount, "softmax head needs \(classCount) outputs, has \(outputSize)")
                return .softmaxCrossEntropy
            case .sigmoid:
                if outputSize == 1 && classCount == 2 { return .binaryCrossEntropy }
                precondition(outputSize == classCount, "sigmoid head needs 1 output (2 classes) or \(classCount), has \(outputSize)")
                return .sigmoidCrossEntropy
            case .linear:
                precondition(outputSize == classCount, "linear head on \(classCount) classes needs \(classCount) outputs, has \(outputSize)")
                return .meanSquaredError
            }
        case .values(let matrix):
            precondition(outputSize == matrix.columns, "\(matrix.columns) target columns but \(outputSize) outputs")
            switch head {
            case .softmax: return .softmaxCrossEntropy
            case .sigmoid: return .sigmoidCrossEntropy
            case .linear: return .meanSquaredError
            }
        }
    }

    /// Reads the logits `[outputs, batch]` of the batch staged in `ws`, adds the batch to `tally`
    /// and, when `gradient` is given, writes d mean-loss / d logits there (same layout).
    func apply(logits z: UnsafePointer<Float>, outputs: Int, batch: Int, workspace ws: Workspace,
               usesLabels: Bool, gradient: UnsafeMutablePointer<Float>?, tally: inout MetricTally) {
        let labels = ws.labels, dense = ws.targets
        @inline(__always) func target(_ i: Int, _ j: Int) -> Float {
            usesLabels ? (Int(labels[j]) == i ? 1 : 0) : dense[j * outputs + i]
        }
        let n = Float(batch)
        switch self {
        case .softmaxCrossEntropy:
            for j in 0..<batch {
                var largest = z[j]
                for i in 1..<max(outputs, 1) { largest = max(largest, z[i * batch + j]) }
                // exp(z - max) once per logit: kept in the gradient buffer (when there is one) for
                // the probabilities below.
                var total: Float = 0
                if let g = gradient {
                    for i in 0..<outputs {
                        let e = _expf(z[i * batch + j] - largest)
                        g[i * batch + j] = e
                        total += e
                    }
                } else {
                    for i in 0..<outputs { total += _expf(z[i * batch + j] - largest) }
                }
                let logTotal = _logf(total) + largest
                var loss: Double = 0, targetMass: Float = 0
                for i in 0..<outputs {
                    let y = target(i, j)
                    if y != 0 { loss += Double(y) * Double(logTotal - z[i * batch + j]) }
                    targetMass += y
                }
                if let g = gradient {
                    let scale = targetMass / (total * n)
                    for i in 0..<outputs { g[i * batch + j] = g[i * batch + j] * scale - target(i, j) / n }
                }
                tally.addLoss(loss)
                if usesLabels { tally.addClassification(predicted: argmax(z, j, outputs, batch), label: Int(labels[j])) }
                else {
                    for i in 0..<outputs { tally.addResidual(output: i, prediction: Double(_expf(z[i * batch + j] - logTotal)), target: Double(dense[j * outputs + i])) }
                }
            }
        case .binaryCrossEntropy:
            for j in 0..<batch {
                let x = z[j], y: Float = labels[j] == 1 ? 1 : 0
                tally.addLoss(Double(max(x, 0) - x * y + _log1pf(_expf(-abs(x)))))
                if let g = gradient { g[j] = (1 / (1 + _expf(-x)) - y) / n }
                tally.addClassification(predicted: x > 0 ? 1 : 0, label: Int(labels[j]))
            }
        case .sigmoidCrossEntropy:
            let scale = n * Float(outputs)
            for j in 0..<batch {
                var loss: Double = 0
                for i in 0..<outputs {
                    let x = z[i * batch + j], y = target(i, j)
                    loss += Double(max(x, 0) - x * y + _log1pf(_expf(-abs(x))))
                    let p = 1 / (1 + _expf(-x))
                    if let g = gradient { g[i * batch + j] = (p - y) / scale }
                    if !usesLabels { tally.addResidual(output: i, prediction: Double(p), target: Double(y)) }
                }
                tally.addLoss(loss / Double(outputs))
                if usesLabels { tally.addClassification(predicted: argmax(z, j, outputs, batch), label: Int(labels[j])) }
            }
        case .meanSquaredError:
            let scale = n * Float(outputs)
            for j in 0..<batch {
                var loss: Double = 0
                for i in 0..<outputs {
                    let x = z[i * batch + j], y = target(i, j)
                    let difference = x - y
                    loss += Double(difference) * Double(difference)
                    if let g = gradient { g[i * batch + j] = 2 * difference / scale }
                    if !usesLabels { tally.addResidual(output: i, prediction: Double(x), target: Double(y)) }
                }
                tally.addLoss(loss / Double(outputs))
                if usesLabels { tally.addClassification(predicted: argmax(z, j, outputs, batch), label: Int(labels[j])) }
            }
        }
    }

    /// Head output (probabilities, or values for the linear head) from one logit.
    func output(_ x: Float) -> Float {
        switch self {
        case .binaryCrossEntropy, .sigmoidCrossEntropy: return 1 / (1 + _expf(-x))
        case .meanSquaredError, .softmaxCrossEntropy: return x
        }
    }
}

@inline(__always)
private func argmax(_ z: UnsafePointer<Float>, _ j: Int, _ outputs: Int, _ batch: Int) -> Int {
    var best = 0
    var bestValue = z[j]
    for i in 1..<max(outputs, 1) where z[i * batch + j] > bestValue {
        best = i
        bestValue = z[i * batch + j]
    }
    return best
}

import CKernels
import Core

/// The output head fused with its loss, resolved from the head, the output width, the targets and
/// the `LossSpec`. Losses are PyTorch's defaults: the mean over the batch (and over outputs for the
/// elementwise losses, as `BCEWithLogitsLoss`, `MSELoss`, `HuberLoss` and `L1Loss` average over all
/// elements). The first four cases are the fused heads of the first release; their arithmetic is
/// pinned by tests, so the new losses live beside them (`LossKind+Errors.swift`) rather than in them.
enum LossKind: Sendable {
    /// Softmax + cross-entropy over class labels (or over soft target rows), log-sum-exp stable;
    /// targets smoothed to `(1 - s) y + s / K` as `CrossEntropyLoss(label_smoothing: s)`.
    case softmaxCrossEntropy(smoothing: Float)
    /// One logit, sigmoid + binary cross-entropy against labels 0/1 (two-class sigmoid head), the
    /// label smoothed to `(1 - s) y + s / 2` (the two-class softmax cross-entropy's smoothing).
    case binaryCrossEntropy(smoothing: Float)
    /// Sigmoid + binary cross-entropy per output (one-hot labels or targets in [0, 1]).
    case sigmoidCrossEntropy(smoothing: Float)
    /// Linear + mean squared error (one-hot labels or real targets).
    case meanSquaredError
    /// Softmax probabilities against one-hot (or dense) targets by an elementwise error.
    case softmaxError(ElementError)
    /// Sigmoid probabilities (one per output; one unit for two classes) by an elementwise error.
    case sigmoidError(ElementError)
    /// Linear outputs by Huber's or the absolute error (squared error is `meanSquaredError`).
    case linearError(ElementError)

    static func resolve(head: OutputHead, outputSize: Int, targets: Targets, loss: LossSpec = LossSpec()) -> LossKind {
        let function = loss.function(for: head)
        precondition(function.pairs(with: head), "loss \(function) does not pair with a \(head) head")
        precondition(loss.labelSmoothing == 0 || function == .cross_entropy, "label smoothing needs cross-entropy")
        precondition(loss.classWeights == nil || function == .cross_entropy, "class weights need cross-entropy")
        let smoothing = Float(loss.labelSmoothing)
        let error: ElementError? = {
            switch function {
            case .cross_entropy: return nil
            case .mse: return .squared
            case .huber: return .huber(delta: Float(loss.huberDelta))
            case .l1: return .absolute
            }
        }()
        switch targets {
        case .classes(let labels, let classCount):
            if let bad = labels.first(where: { $0 < 0 || Int($0) >= classCount }) {
                preconditionFailure("label \(bad) outside 0..<\(classCount)")
            }
            switch head {
            case .softmax:
                precondition(outputSize == classCount, "softmax head needs \(classCount) outputs, has \(outputSize)")
                return error.map(LossKind.softmaxError) ?? .softmaxCrossEntropy(smoothing: smoothing)
            case .sigmoid:
                precondition(outputSize == classCount || (outputSize == 1 && classCount == 2),
                             "sigmoid head needs 1 output (2 classes) or \(classCount), has \(outputSize)")
                if let error { return .sigmoidError(error) }
                return outputSize == 1 && classCount == 2 ? .binaryCrossEntropy(smoothing: smoothing) : .sigmoidCrossEntropy(smoothing: smoothing)
            case .linear:
                precondition(outputSize == classCount, "linear head on \(classCount) classes needs \(classCount) outputs, has \(outputSize)")
                return error == .squared ? .meanSquaredError : .linearError(error!)
            }
        case .values(let matrix):
            precondition(outputSize == matrix.columns, "\(matrix.columns) target columns but \(outputSize) outputs")
            switch head {
            case .softmax: return error.map(LossKind.softmaxError) ?? .softmaxCrossEntropy(smoothing: smoothing)
            case .sigmoid: return error.map(LossKind.sigmoidError) ?? .sigmoidCrossEntropy(smoothing: smoothing)
            case .linear: return error == .squared ? .meanSquaredError : .linearError(error!)
            }
        }
    }

    /// Reads the logits `[outputs, batch]` of the batch staged in `ws`, adds the batch to `tally`
    /// and, when `gradient` is given, writes d mean-loss / d logits there (same layout).
    func apply(logits z: UnsafePointer<Float>, outputs: Int, batch: Int, workspace ws: Workspace,
               usesLabels: Bool, classWeights: [Float]? = nil, gradient: UnsafeMutablePointer<Float>?,
               tally: inout MetricTally) {
        if let classWeights {
            precondition(usesLabels, "class weights need class labels")
            applyWeighted(classWeights, logits: z, outputs: outputs, batch: batch, workspace: ws, gradient: gradient, tally: &tally)
            return
        }
        let labels = ws.labels, dense = ws.targets
        @inline(__always) func target(_ i: Int, _ j: Int) -> Float {
            usesLabels ? (Int(labels[j]) == i ? 1 : 0) : dense[j * outputs + i]
        }
        let n = Float(batch)
        switch self {
        case .softmaxCrossEntropy(let smoothing) where smoothing > 0:
            applySmoothedSoftmax(smoothing, logits: z, outputs: outputs, batch: batch, workspace: ws, usesLabels: usesLabels,
                                 gradient: gradient, tally: &tally)
        case .softmaxCrossEntropy:
            // Column-wise max, exp(z - max), sums and log-sum-exp in CKernels (vectorised over
            // the batch); exp(z - max) lands in the gradient buffer when there is one.
            let exponentials = gradient ?? ws.headExponentials
            let largest = ws.headColumns, totals = largest + ws.capacity, logTotals = totals + ws.capacity
            gb_softmax_columns(outputs, batch, z, exponentials, largest, totals, logTotals)
            for j in 0..<batch {
                let logTotal = logTotals[j]
                var loss: Double = 0, targetMass: Float = 0
                if usesLabels {
                    loss = Double(logTotal - z[Int(labels[j]) * batch + j])
                    targetMass = 1
                } else {
                    for i in 0..<outputs {
                        let y = dense[j * outputs + i]
                        if y != 0 { loss += Double(y) * Double(logTotal - z[i * batch + j]) }
                        targetMass += y
                    }
                }
                largest[j] = targetMass / (totals[j] * n) // from here on: the gradient's scale
                tally.addLoss(loss)
                if usesLabels {
                    tally.addCrossEntropy(loss)
                    tally.addClassification(predicted: argmax(z, j, outputs, batch), label: Int(labels[j]))
                } else {
                    for i in 0..<outputs { tally.addResidual(output: i, prediction: Double(gb_expf(z[i * batch + j] - logTotal)), target: Double(dense[j * outputs + i])) }
                }
            }
            if let g = gradient {
                // g = p * mass - y / n, row by row so the inner loop runs over the batch.
                let scale = largest
                if usesLabels {
                    for i in 0..<outputs {
                        let row = g + i * batch
                        for j in 0..<batch { row[j] = row[j] * scale[j] }
                    }
                    for j in 0..<batch { g[Int(labels[j]) * batch + j] -= 1 / n }
                } else {
                    for i in 0..<outputs {
                        let row = g + i * batch
                        for j in 0..<batch { row[j] = row[j] * scale[j] - dense[j * outputs + i] / n }
                    }
                }
            }
        case .binaryCrossEntropy(let smoothing):
            // (1 - 0) y + 0 / 2 is y exactly: without smoothing the bits are the first release's.
            for j in 0..<batch {
                let x = z[j], label: Float = labels[j] == 1 ? 1 : 0, y = (1 - smoothing) * label + smoothing / 2
                let softplus = gb_softplusf(-abs(x))
                tally.addLoss(Double(max(x, 0) - x * y + softplus))
                tally.addCrossEntropy(Double(max(x, 0) - x * label + softplus))
                if let g = gradient { g[j] = (gb_sigmoidf(x) - y) / n }
                tally.addClassification(predicted: x > 0 ? 1 : 0, label: Int(labels[j]))
            }
        case .sigmoidCrossEntropy(let smoothing):
            let scale = n * Float(outputs)
            for j in 0..<batch {
                var loss: Double = 0, crossEntropy: Double = 0
                for i in 0..<outputs {
                    let x = z[i * batch + j], raw = target(i, j), y = (1 - smoothing) * raw + smoothing / 2
                    let softplus = gb_softplusf(-abs(x))
                    loss += Double(max(x, 0) - x * y + softplus)
                    crossEntropy += Double(max(x, 0) - x * raw + softplus)
                    let p = gb_sigmoidf(x)
                    if let g = gradient { g[i * batch + j] = (p - y) / scale }
                    if !usesLabels { tally.addResidual(output: i, prediction: Double(p), target: Double(y)) }
                }
                tally.addLoss(loss / Double(outputs))
                if usesLabels {
                    tally.addCrossEntropy(crossEntropy / Double(outputs))
                    tally.addClassification(predicted: argmax(z, j, outputs, batch), label: Int(labels[j]))
                }
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
        case .softmaxError(let error):
            applySoftmaxError(error, logits: z, outputs: outputs, batch: batch, workspace: ws, usesLabels: usesLabels,
                              gradient: gradient, tally: &tally)
        case .sigmoidError(let error):
            applySigmoidError(error, logits: z, outputs: outputs, batch: batch, workspace: ws, usesLabels: usesLabels,
                              gradient: gradient, tally: &tally)
        case .linearError(let error):
            applyLinearError(error, logits: z, outputs: outputs, batch: batch, workspace: ws, usesLabels: usesLabels,
                             gradient: gradient, tally: &tally)
        }
    }

    /// Head output (probabilities, or values for the linear head) from one logit.
    func output(_ x: Float) -> Float {
        switch self {
        case .binaryCrossEntropy, .sigmoidCrossEntropy, .sigmoidError: return gb_sigmoidf(x)
        case .meanSquaredError, .softmaxCrossEntropy, .softmaxError, .linearError: return x
        }
    }
}

@inline(__always)
func argmax(_ z: UnsafePointer<Float>, _ j: Int, _ outputs: Int, _ batch: Int) -> Int {
    var best = 0
    var bestValue = z[j]
    for i in 1..<max(outputs, 1) where z[i * batch + j] > bestValue {
        best = i
        bestValue = z[i * batch + j]
    }
    return best
}

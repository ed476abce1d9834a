import CKernels
import Core

// The losses added after the first release: label-smoothed softmax cross-entropy and the
// elementwise errors on probabilities or linear outputs. Every one also tallies the unsmoothed
// cross-entropy of classification heads that have probabilities, so runs trained with different
// losses compare on one number (`val_cross_entropy`).
extension LossKind {
    /// Softmax cross-entropy against `(1 - s) y + s / K`; the tally's cross-entropy uses `y`.
    func applySmoothedSoftmax(_ s: Float, logits z: UnsafePointer<Float>, outputs: Int, batch: Int, workspace ws: Workspace,
                              usesLabels: Bool, gradient: UnsafeMutablePointer<Float>?, tally: inout MetricTally) {
        let labels = ws.labels, dense = ws.targets, n = Float(batch)
        let exponentials = gradient ?? ws.headExponentials
        let largest = ws.headColumns, totals = largest + ws.capacity, logTotals = totals + ws.capacity
        gb_softmax_columns(outputs, batch, z, exponentials, largest, totals, logTotals)
        let uniform = s / Float(outputs)
        @inline(__always) func raw(_ i: Int, _ j: Int) -> Float {
            usesLabels ? (Int(labels[j]) == i ? 1 : 0) : dense[j * outputs + i]
        }
        for j in 0..<batch {
            let logTotal = logTotals[j]
            var loss: Double = 0, crossEntropy: Double = 0, mass: Float = 0
            for i in 0..<outputs {
                let y = raw(i, j), smoothed = (1 - s) * y + uniform, negativeLog = Double(logTotal - z[i * batch + j])
                loss += Double(smoothed) * negativeLog
                crossEntropy += Double(y) * negativeLog
                mass += smoothed
            }
            tally.addLoss(loss)
            if usesLabels {
                tally.addCrossEntropy(crossEntropy)
                tally.addClassification(predicted: argmax(z, j, outputs, batch), label: Int(labels[j]))
            }
            if let g = gradient {
                // d loss / d z_i = (p_i mass - smoothed_i) / n, with p_i = exp(z_i - max) / total.
                for i in 0..<outputs {
                    let index = i * batch + j, smoothed = (1 - s) * raw(i, j) + uniform
                    g[index] = (g[index] / totals[j] * mass - smoothed) / n
                }
            }
            if !usesLabels {
                for i in 0..<outputs {
                    tally.addResidual(output: i, prediction: Double(gb_expf(z[i * batch + j] - logTotal)), target: Double(raw(i, j)))
                }
            }
        }
    }

    /// `error(softmax(z) - y)` averaged over outputs and batch (MSE on softmax probabilities against
    /// one-hot targets); the gradient goes back through the softmax's Jacobian,
    /// d/dz_k = p_k (e'_k - sum_i p_i e'_i) / (n K).
    func applySoftmaxError(_ error: ElementError, logits z: UnsafePointer<Float>, outputs: Int, batch: Int, workspace ws: Workspace,
                           usesLabels: Bool, gradient: UnsafeMutablePointer<Float>?, tally: inout MetricTally) {
        let labels = ws.labels, dense = ws.targets
        let exponentials = gradient ?? ws.headExponentials
        let largest = ws.headColumns, totals = largest + ws.capacity, logTotals = totals + ws.capacity
        gb_softmax_columns(outputs, batch, z, exponentials, largest, totals, logTotals)
        let scale = Float(batch) * Float(outputs)
        for j in 0..<batch {
            var loss: Double = 0, weighted: Float = 0
            for i in 0..<outputs {
                let p = exponentials[i * batch + j] / totals[j]
                let y: Float = usesLabels ? (Int(labels[j]) == i ? 1 : 0) : dense[j * outputs + i]
                loss += error.value(p - y)
                weighted += p * error.derivative(p - y)
                if !usesLabels { tally.addResidual(output: i, prediction: Double(p), target: Double(y)) }
            }
            tally.addLoss(loss / Double(outputs))
            if usesLabels {
                tally.addCrossEntropy(Double(logTotals[j] - z[Int(labels[j]) * batch + j]))
                tally.addClassification(predicted: argmax(z, j, outputs, batch), label: Int(labels[j]))
            }
            if let g = gradient {
                for i in 0..<outputs {
                    let index = i * batch + j, p = g[index] / totals[j]
                    let y: Float = usesLabels ? (Int(labels[j]) == i ? 1 : 0) : dense[j * outputs + i]
                    g[index] = p * (error.derivative(p - y) - weighted) / scale
                }
            }
        }
    }

    /// `error(sigmoid(z) - y)` per output; one unit of a two-class head compares with the label.
    func applySigmoidError(_ error: ElementError, logits z: UnsafePointer<Float>, outputs: Int, batch: Int, workspace ws: Workspace,
                           usesLabels: Bool, gradient: UnsafeMutablePointer<Float>?, tally: inout MetricTally) {
        let labels = ws.labels, dense = ws.targets
        let binary = usesLabels && outputs == 1
        let scale = Float(batch) * Float(outputs)
        for j in 0..<batch {
            var loss: Double = 0, crossEntropy: Double = 0
            for i in 0..<outputs {
                let x = z[i * batch + j], p = gb_sigmoidf(x)
                let y: Float = binary ? Float(labels[j]) : usesLabels ? (Int(labels[j]) == i ? 1 : 0) : dense[j * outputs + i]
                loss += error.value(p - y)
                crossEntropy += Double(max(x, 0) - x * y + gb_softplusf(-abs(x)))
                if let g = gradient { g[i * batch + j] = error.derivative(p - y) * p * (1 - p) / scale }
                if !usesLabels { tally.addResidual(output: i, prediction: Double(p), target: Double(y)) }
            }
            tally.addLoss(loss / Double(outputs))
            if usesLabels {
                tally.addCrossEntropy(crossEntropy / Double(outputs))
                let predicted = binary ? (z[j] > 0 ? 1 : 0) : argmax(z, j, outputs, batch)
                tally.addClassification(predicted: predicted, label: Int(labels[j]))
            }
        }
    }

    /// `error(z - y)` per output of a linear head (Huber, absolute); no probabilities, so no
    /// cross-entropy to tally.
    func applyLinearError(_ error: ElementError, logits z: UnsafePointer<Float>, outputs: Int, batch: Int, workspace ws: Workspace,
                          usesLabels: Bool, gradient: UnsafeMutablePointer<Float>?, tally: inout MetricTally) {
        let labels = ws.labels, dense = ws.targets
        let scale = Float(batch) * Float(outputs)
        for j in 0..<batch {
            var loss: Double = 0
            for i in 0..<outputs {
                let x = z[i * batch + j]
                let y: Float = usesLabels ? (Int(labels[j]) == i ? 1 : 0) : dense[j * outputs + i]
                loss += error.value(x - y)
                if let g = gradient { g[i * batch + j] = error.derivative(x - y) / scale }
                if !usesLabels { tally.addResidual(output: i, prediction: Double(x), target: Double(y)) }
            }
            tally.addLoss(loss / Double(outputs))
            if usesLabels { tally.addClassification(predicted: argmax(z, j, outputs, batch), label: Int(labels[j])) }
        }
    }
}

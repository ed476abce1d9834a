import CKernels
import Core

// Class weights, as torch.nn.CrossEntropyLoss(weight=w) defines them: sample j of class y_j counts
// w[y_j] times, and a batch's loss is the weighted sum divided by the sum of the weights of the
// batch's targets (PyTorch's weighted mean), so a batch of one class has that class's unweighted
// loss. With label smoothing, as PyTorch, the smoothing term weighs each class c by w[c]:
//   loss_j = (1 - s) w[y] (-log p_y) + (s / K) sum_c w[c] (-log p_c),  batch loss = sum_j loss_j / sum_j w[y_j].
// The single sigmoid unit of a two-class head is the two-class softmax on logits [0, z], so it
// follows the same formula with K = 2. A sigmoid head with one unit per class (BCE per output)
// weighs each sample's mean BCE by w[y]. Elementwise losses (mse, huber, l1) take no class weights:
// the notebook refuses the pairing. `val_loss` is this weighted loss; `*_cross_entropy` stays the
// plain, unweighted cross-entropy so runs with and without weights compare.
extension LossKind {
    /// Whether `resolve`'s kind can take class weights.
    var acceptsClassWeights: Bool {
        switch self {
        case .softmaxCrossEntropy, .binaryCrossEntropy, .sigmoidCrossEntropy: return true
        case .meanSquaredError, .softmaxError, .sigmoidError, .linearError: return false
        }
    }

    func applyWeighted(_ w: [Float], logits z: UnsafePointer<Float>, outputs: Int, batch: Int, workspace ws: Workspace,
                       gradient: UnsafeMutablePointer<Float>?, tally: inout MetricTally) {
        let labels = ws.labels
        var batchWeight: Float = 0
        for j in 0..<batch { batchWeight += w[Int(labels[j])] }
        switch self {
        case .softmaxCrossEntropy(let s):
            let exponentials = gradient ?? ws.headExponentials
            let largest = ws.headColumns, totals = largest + ws.capacity, logTotals = totals + ws.capacity
            gb_softmax_columns(outputs, batch, z, exponentials, largest, totals, logTotals)
            let uniform = s / Float(outputs)
            var weightSum: Float = 0
            for c in 0..<outputs { weightSum += w[c] }
            for j in 0..<batch {
                let y = Int(labels[j]), logTotal = logTotals[j]
                var loss = Double((1 - s) * w[y]) * Double(logTotal - z[y * batch + j])
                if s > 0 {
                    for c in 0..<outputs { loss += Double(uniform * w[c]) * Double(logTotal - z[c * batch + j]) }
                }
                tally.addLoss(loss, weight: Double(w[y]))
                tally.addCrossEntropy(Double(logTotal - z[y * batch + j]))
                tally.addClassification(predicted: argmax(z, j, outputs, batch), label: y)
                if let g = gradient {
                    // d loss_j / d z_i = p_i ((1 - s) w_y + (s / K) sum_c w_c) - ((1 - s) w_y [i = y] + (s / K) w_i).
                    let mass = (1 - s) * w[y] + uniform * weightSum
                    for i in 0..<outputs {
                        let index = i * batch + j
                        let target = (i == y ? (1 - s) * w[y] : 0) + uniform * w[i]
                        g[index] = (g[index] / totals[j] * mass - target) / batchWeight
                    }
                }
            }
        case .binaryCrossEntropy(let s):
            for j in 0..<batch {
                let x = z[j], y = Int(labels[j]), softplus = gb_softplusf(-abs(x))
                // -log p_1 = softplus(-x), -log p_0 = softplus(x), both from the stable form.
                let negativeLogs = (zero: max(x, 0) + softplus, one: max(x, 0) - x + softplus)
                let own = y == 1 ? negativeLogs.one : negativeLogs.zero
                var loss = Double((1 - s) * w[y]) * Double(own)
                if s > 0 { loss += Double(s / 2) * (Double(w[0]) * Double(negativeLogs.zero) + Double(w[1]) * Double(negativeLogs.one)) }
                tally.addLoss(loss, weight: Double(w[y]))
                tally.addCrossEntropy(Double(own))
                tally.addClassification(predicted: x > 0 ? 1 : 0, label: y)
                if let g = gradient {
                    let p = gb_sigmoidf(x), label: Float = y == 1 ? 1 : 0
                    g[j] = ((1 - s) * w[y] * (p - label) + s / 2 * (w[0] * p + w[1] * (p - 1))) / batchWeight
                }
            }
        case .sigmoidCrossEntropy(let s):
            let scale = batchWeight * Float(outputs)
            for j in 0..<batch {
                let label = Int(labels[j])
                var loss: Double = 0, crossEntropy: Double = 0
                for i in 0..<outputs {
                    let x = z[i * batch + j], raw: Float = i == label ? 1 : 0, y = (1 - s) * raw + s / 2
                    let softplus = gb_softplusf(-abs(x))
                    loss += Double(max(x, 0) - x * y + softplus)
                    crossEntropy += Double(max(x, 0) - x * raw + softplus)
                    if let g = gradient { g[i * batch + j] = w[label] * (gb_sigmoidf(x) - y) / scale }
                }
                tally.addLoss(Double(w[label]) * loss / Double(outputs), weight: Double(w[label]))
                tally.addCrossEntropy(crossEntropy / Double(outputs))
                tally.addClassification(predicted: argmax(z, j, outputs, batch), label: label)
            }
        case .meanSquaredError, .softmaxError, .sigmoidError, .linearError:
            preconditionFailure("class weights apply to cross-entropy losses only")
        }
    }
}

/// Running sums from which a split's metrics follow: the mean loss, accuracy for classification,
/// the unsmoothed cross-entropy of classification heads with probabilities (whatever the training
/// loss, so runs compare), and mse / mae / r2 for regression (r2 averaged over outputs, as scikit-learn's r2_score).
struct MetricTally: Sendable {
    private(set) var count = 0
    private(set) var lossSum: Double = 0
    private(set) var correct = 0
    private(set) var crossEntropySum: Double = 0
    private(set) var crossEntropyCount = 0
    private(set) var absoluteErrorSum: Double = 0
    private(set) var squaredErrorSum: Double = 0
    private(set) var residualSquares: [Double]
    private(set) var targetSums: [Double]
    private(set) var targetSquares: [Double]
    private(set) var residualCount = 0

    init(outputs: Int) {
        residualSquares = [Double](repeating: 0, count: outputs)
        targetSums = residualSquares
        targetSquares = residualSquares
    }

    /// Sets every sum from `MetricTally.snapshot`'s order (sizes checked by the caller).
    mutating func restore(doubles: [Double], counts: [Int]) {
        let n = residualSquares.count
        (lossSum, crossEntropySum, absoluteErrorSum, squaredErrorSum) = (doubles[0], doubles[1], doubles[2], doubles[3])
        residualSquares = Array(doubles[4..<(4 + n)])
        targetSums = Array(doubles[(4 + n)..<(4 + 2 * n)])
        targetSquares = Array(doubles[(4 + 2 * n)...])
        (count, correct, crossEntropyCount, residualCount) = (counts[0], counts[1], counts[2], counts[3])
    }

    mutating func reset() {
        count = 0; lossSum = 0; correct = 0; crossEntropySum = 0; crossEntropyCount = 0; absoluteErrorSum = 0; squaredErrorSum = 0; residualCount = 0
        for i in residualSquares.indices { residualSquares[i] = 0; targetSums[i] = 0; targetSquares[i] = 0 }
    }

    @inline(__always) mutating func addLoss(_ loss: Double) {
        count += 1
        lossSum += loss
    }

    @inline(__always) mutating func addCrossEntropy(_ loss: Double) {
        crossEntropyCount += 1
        crossEntropySum += loss
    }

    @inline(__always) mutating func addClassification(predicted: Int, label: Int) {
        if predicted == label { correct += 1 }
    }

    @inline(__always) mutating func addResidual(output: Int, prediction: Double, target: Double) {
        let difference = prediction - target
        absoluteErrorSum += abs(difference)
        squaredErrorSum += difference * difference
        residualSquares[output] += difference * difference
        targetSums[output] += target
        targetSquares[output] += target * target
        residualCount += 1
    }

    var meanLoss: Double { count > 0 ? lossSum / Double(count) : .nan }

    /// Metric name -> value with `prefix` ("train_", "val_", "test_", or "").
    func metrics(classification: Bool, prefix: String) -> [String: Double] {
        var result: [String: Double] = [prefix + "loss": meanLoss]
        if classification {
            result[prefix + "accuracy"] = count > 0 ? Double(correct) / Double(count) : .nan
            if crossEntropyCount > 0 { result[prefix + "cross_entropy"] = crossEntropySum / Double(crossEntropyCount) }
            return result
        }
        guard residualCount > 0 else { return result }
        result[prefix + "mse"] = squaredErrorSum / Double(residualCount)
        result[prefix + "mae"] = absoluteErrorSum / Double(residualCount)
        var r2Sum: Double = 0
        for i in residualSquares.indices {
            let n = Double(count)
            let total = targetSquares[i] - targetSums[i] * targetSums[i] / n
            if total > 1e-12 * max(targetSquares[i], 1e-300) {
                r2Sum += 1 - residualSquares[i] / total
            } else {
                r2Sum += residualSquares[i] == 0 ? 1 : 0
            }
        }
        result[prefix + "r2"] = r2Sum / Double(max(residualSquares.count, 1))
        return result
    }
}

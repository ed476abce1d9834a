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
    /// Class-weighted losses: the sum of the samples' weights, the weighted mean's divisor.
    private(set) var weightSum: Double = 0
    private(set) var weighted = false
    /// Per class index: rows of that class, and rows of it predicted right (recall's parts).
    private(set) var support: [Int]
    private(set) var hits: [Int]

    /// `classes` is the class count of class targets (0 for real-valued ones).
    init(outputs: Int, classes: Int = 0) {
        residualSquares = [Double](repeating: 0, count: outputs)
        targetSums = residualSquares
        targetSquares = residualSquares
        support = [Int](repeating: 0, count: classes)
        hits = support
    }

    init(outputs: Int, targets: Targets) {
        if case .classes(_, let classCount) = targets { self.init(outputs: outputs, classes: classCount) } else { self.init(outputs: outputs) }
    }

    /// Sets every sum from `MetricTally.snapshot`'s order (sizes checked by the caller).
    mutating func restore(doubles: [Double], counts: [Int]) {
        let n = residualSquares.count, classes = support.count
        (lossSum, crossEntropySum, absoluteErrorSum, squaredErrorSum, weightSum) = (doubles[0], doubles[1], doubles[2], doubles[3], doubles[4])
        residualSquares = Array(doubles[5..<(5 + n)])
        targetSums = Array(doubles[(5 + n)..<(5 + 2 * n)])
        targetSquares = Array(doubles[(5 + 2 * n)...])
        (count, correct, crossEntropyCount, residualCount) = (counts[0], counts[1], counts[2], counts[3])
        weighted = counts[4] != 0
        support = Array(counts[6..<(6 + classes)])
        hits = Array(counts[(6 + classes)...])
    }

    mutating func reset() {
        count = 0; lossSum = 0; correct = 0; crossEntropySum = 0; crossEntropyCount = 0; absoluteErrorSum = 0; squaredErrorSum = 0; residualCount = 0
        weightSum = 0
        for i in residualSquares.indices { residualSquares[i] = 0; targetSums[i] = 0; targetSquares[i] = 0 }
        for c in support.indices { support[c] = 0; hits[c] = 0 }
    }

    /// A class-weighted sample: `loss` is already multiplied by its weight.
    @inline(__always) mutating func addLoss(_ loss: Double, weight: Double) {
        count += 1
        lossSum += loss
        weightSum += weight
        weighted = true
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
        let right = predicted == label
        if right { correct += 1 }
        if label < support.count {
            support[label] += 1
            if right { hits[label] += 1 }
        }
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

    /// The mean loss, or with class weights the weighted mean (sum of weighted losses over the
    /// sum of the weights, as PyTorch's weighted cross-entropy over the whole split).
    var meanLoss: Double {
        if weighted { return weightSum > 0 ? lossSum / weightSum : .nan }
        return count > 0 ? lossSum / Double(count) : .nan
    }

    /// Recall of each class index (nil for a class with no rows in the split).
    var classRecalls: [Double?] {
        support.indices.map { support[$0] > 0 ? Double(hits[$0]) / Double(support[$0]) : nil }
    }

    /// The mean of the per-class recalls over the classes present, as scikit-learn's
    /// `balanced_accuracy_score` (without its `adjusted` option).
    var balancedAccuracy: Double {
        let recalls = classRecalls.compactMap { $0 }
        return recalls.isEmpty ? .nan : recalls.reduce(0, +) / Double(recalls.count)
    }

    /// `<prefix>recall[<class index>]` for each class with rows in the split; the runner names the
    /// classes (`val_recall[Adelie]`). Final metrics only: per epoch they would only repeat.
    func recallMetrics(prefix: String) -> [String: Double] {
        var result: [String: Double] = [:]
        for (c, recall) in classRecalls.enumerated() { if let recall { result["\(prefix)recall[\(c)]"] = recall } }
        return result
    }

    /// Metric name -> value with `prefix` ("train_", "val_", "test_", or "").
    func metrics(classification: Bool, prefix: String) -> [String: Double] {
        var result: [String: Double] = [prefix + "loss": meanLoss]
        if classification {
            result[prefix + "accuracy"] = count > 0 ? Double(correct) / Double(count) : .nan
            if !support.isEmpty { result[prefix + "balanced_accuracy"] = balancedAccuracy }
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

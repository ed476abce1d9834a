// How each stateful part of a training session gives its state to a checkpoint and takes it back.

extension MetricTally {
    /// The running sums as (doubles, counts), in a fixed order `restoring` reads.
    /// (Class weights' divisor and per-class recall counts included: a resumed epoch's weighted
    /// loss and balanced accuracy continue the same sums.)
    var snapshot: (doubles: [Double], counts: [Int]) {
        ([lossSum, crossEntropySum, absoluteErrorSum, squaredErrorSum, weightSum] + residualSquares + targetSums + targetSquares,
         [count, correct, crossEntropyCount, residualCount, weighted ? 1 : 0, support.count] + support + hits)
    }

    /// A tally of `outputs` with the sums of `snapshot`; nil when the sizes do not fit.
    init?(outputs: Int, doubles: [Double], counts: [Int]) {
        guard doubles.count == 5 + 3 * outputs, counts.count >= 6 else { return nil }
        let classes = counts[5]
        guard classes >= 0, counts.count == 6 + 2 * classes else { return nil }
        self.init(outputs: outputs, classes: classes)
        restore(doubles: doubles, counts: counts)
    }
}

extension LayerStatisticsAccumulator {
    var snapshot: (sums: [Double], steps: Int) { (gradientRMSSums + updateRatioSums, steps) }

    /// Nil when the sums do not fit `layout`'s rows: a checkpoint of a network with norms taken
    /// before norm rows existed lacks their sums (and its epochs their rows), so it is not resumed.
    init?(layout: ParameterLayout, sums: [Double], steps: Int) {
        self.init(layout: layout)
        let rows = rowCount
        guard sums.count == 2 * rows, steps >= 0 else { return nil }
        gradientRMSSums = Array(sums[0..<rows])
        updateRatioSums = Array(sums[rows...])
        self.steps = steps
    }
}

extension Optimizer {
    var snapshot: TrainingCheckpoint.OptimizerState {
        TrainingCheckpoint.OptimizerState(step: step, muProduct: muProduct,
                                          first: first.map { Array(UnsafeBufferPointer(start: $0, count: parameterCount)) },
                                          second: second.map { Array(UnsafeBufferPointer(start: $0, count: parameterCount)) })
    }

    /// Takes the step number and moment buffers of `state`; false when they do not fit this optimizer.
    func restore(_ state: TrainingCheckpoint.OptimizerState) -> Bool {
        guard state.step >= 0, (first == nil) == (state.first == nil), (second == nil) == (state.second == nil),
              state.first.map({ $0.count == parameterCount }) ?? true,
              state.second.map({ $0.count == parameterCount }) ?? true else { return false }
        step = state.step
        muProduct = state.muProduct
        if let first, let values = state.first { values.withUnsafeBufferPointer { first.update(from: $0.baseAddress!, count: parameterCount) } }
        if let second, let values = state.second { values.withUnsafeBufferPointer { second.update(from: $0.baseAddress!, count: parameterCount) } }
        return true
    }
}

/// Gathers `LayerStatistics` over an epoch's steps from the sums of squares the optimizer returns
/// for each layer's weights (biases do not count). The gradient is the one the optimizer applied
/// (after clipping, when clipping is on).
///
/// Epochs of more than `sampledStepsPerEpoch` steps are sampled: every k-th step from the first,
/// k = steps / sampledStepsPerEpoch (rounded down), so the averages cover 8 to 15 evenly spaced
/// steps; shorter epochs use every step.
import Core
struct LayerStatisticsAccumulator {
    static let sampledStepsPerEpoch = 8

    var gradientRMSSums: [Double]
    var updateRatioSums: [Double]
    var steps = 0

    init(layerCount: Int) {
        gradientRMSSums = [Double](repeating: 0, count: layerCount)
        updateRatioSums = gradientRMSSums
    }

    mutating func reset() {
        steps = 0
        for l in gradientRMSSums.indices { gradientRMSSums[l] = 0; updateRatioSums[l] = 0 }
    }

    mutating func beginStep() { steps += 1 }

    /// Adds one step's sums for layer `layer`'s `count` weights.
    mutating func record(layer: Int, count: Int, sums: StepSums) {
        gradientRMSSums[layer] += (sums.gradient / Double(count)).squareRoot()
        if sums.weight > 0 { updateRatioSums[layer] += (sums.update / sums.weight).squareRoot() }
    }

    func statistics(parameters p: UnsafePointer<Float>, layout: ParameterLayout) -> [LayerStatistics] {
        let n = Double(max(steps, 1))
        return layout.layers.enumerated().map { l, slots in
            let count = slots.weights.count
            let weightRMS = (sumOfSquares(p + slots.weights.lowerBound, count: count) / Double(count)).squareRoot()
            return LayerStatistics(gradientRMS: gradientRMSSums[l] / n, weightRMS: weightRMS,
                                   updateRatio: updateRatioSums[l] / n)
        }
    }
}

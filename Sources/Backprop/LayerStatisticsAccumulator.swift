/// Gathers `LayerStatistics` over an epoch's steps from the sums of squares the optimizer returns
/// for each statistics row: every dense layer's weights (biases do not count), then every norm's
/// scale and shift, each a row of its own. The gradient is the one the optimizer applied (after
/// clipping, when clipping is on).
///
/// Epochs of more than `sampledStepsPerEpoch` steps are sampled: every k-th step from the first,
/// k = steps / sampledStepsPerEpoch (rounded down), so the averages cover 8 to 15 evenly spaced
/// steps; shorter epochs use every step.
import Core
struct LayerStatisticsAccumulator {
    static let sampledStepsPerEpoch = 8

    /// Row r's sums; rows 0..<layerCount are the dense layers' weights, then per norm (in layer
    /// order) its scale and its shift. A network without norms has exactly the rows (and the
    /// checkpoint sums) it had before norm rows existed.
    var gradientRMSSums: [Double]
    var updateRatioSums: [Double]
    var steps = 0
    /// normRows[l]: the row of layer l's norm scale (its shift is the next row), -1 without a norm.
    let normRows: [Int]

    init(layout: ParameterLayout) {
        var next = layout.layerCount
        normRows = layout.layers.map { slots in
            guard slots.norm != nil else { return -1 }
            defer { next += 2 }
            return next
        }
        gradientRMSSums = [Double](repeating: 0, count: next)
        updateRatioSums = gradientRMSSums
    }

    var rowCount: Int { gradientRMSSums.count }

    mutating func reset() {
        steps = 0
        for r in gradientRMSSums.indices { gradientRMSSums[r] = 0; updateRatioSums[r] = 0 }
    }

    mutating func beginStep() { steps += 1 }

    /// The row of layer `layer`'s trainable range number `index` (`LayerSlots.trainable`: weights,
    /// bias, norm scale, norm shift); nil for the bias, which has no row.
    func row(layer: Int, trainable index: Int) -> Int? {
        switch index {
        case 0: return layer
        case 2, 3: return normRows[layer] < 0 ? nil : normRows[layer] + index - 2
        default: return nil
        }
    }

    /// Adds one step's sums for row `row`'s `count` parameters.
    mutating func record(row: Int, count: Int, sums: StepSums) {
        gradientRMSSums[row] += (sums.gradient / Double(count)).squareRoot()
        if sums.weight > 0 { updateRatioSums[row] += (sums.update / sums.weight).squareRoot() }
    }

    func statistics(parameters p: UnsafePointer<Float>, layout: ParameterLayout) -> (layers: [LayerStatistics], norms: [NormStatistics]) {
        let n = Double(max(steps, 1))
        func row(_ r: Int, _ range: Range<Int>) -> LayerStatistics {
            let count = range.count
            let weightRMS = (sumOfSquares(p + range.lowerBound, count: count) / Double(count)).squareRoot()
            return LayerStatistics(gradientRMS: gradientRMSSums[r] / n, weightRMS: weightRMS, updateRatio: updateRatioSums[r] / n)
        }
        let layers = layout.layers.enumerated().map { l, slots in row(l, slots.weights) }
        let norms = layout.layers.enumerated().compactMap { l, slots in
            slots.norm.map { NormStatistics(weight: row(normRows[l], $0.scale), bias: row(normRows[l] + 1, $0.shift)) }
        }
        return (layers, norms)
    }
}

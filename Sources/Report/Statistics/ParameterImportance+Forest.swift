import Core
import Foundation
import Notebook

extension ParameterImportance {
    typealias Estimate = (shares: [Share], interactions: Double, seedNoise: Double, runs: Int)

    /// The forest estimate (see the type's comment); nil when the forest cannot say how much it
    /// explains (too few runs out of bag). With a `cache`, an input estimated by the folder's
    /// last report is not fitted again (`ImportanceCache`).
    static func estimate(_ all: [Observation], parameters: [String], results: ExperimentResults,
                         cache: ImportanceCache? = nil) -> Estimate? {
        let observations = subsample(all)
        let encodings = parameters.map { name in
            FeatureEncoding(name: name, values: observations.compactMap { $0.parameters[name] },
                            sweep: results.sweep(named: name),
                            order: results.distinctValues(of: name).map(\.canonical))
        }
        let x = observations.map { observation in
            encodings.map { $0.coordinate(of: observation.parameters[$0.name]) }
        }
        let y = observations.map(\.value)
        let features = encodings.map(\.feature)
        let axes = representativeAxes(encodings)
        guard let cache else { return fit(x: x, y: y, features: features, axes: axes, parameters: parameters) }
        let input = forestInput(x: x, y: y, features: features, axes: axes, parameters: parameters)
        return cache.estimate(input: input) { fit(x: x, y: y, features: features, axes: axes, parameters: parameters) }
    }

    /// Representative points per feature: levels for categories, bin midpoints for numbers,
    /// within a budget of grid cells the trees are evaluated on.
    static func representativeAxes(_ encodings: [FeatureEncoding]) -> [[Double]] {
        let fixed = encodings.compactMap(\.fixedCount).reduce(1, *)
        let free = encodings.filter { $0.fixedCount == nil }.count
        let perNumeric = free == 0 ? 1
            : max(2, min(32, Int(pow(Double(max(1, representativeBudget / max(1, fixed))), 1 / Double(free)))))
        return encodings.map { $0.representatives(count: perNumeric) }
    }

    /// Everything `fit` reads, as text (numbers by their bits): the key of `ImportanceCache`.
    static func forestInput(x: [[Double]], y: [Double], features: [RegressionForest.Feature], axes: [[Double]],
                            parameters: [String]) -> String {
        func bits(_ values: [Double]) -> String { values.map { String($0.bitPattern, radix: 16) }.joined(separator: " ") }
        var lines = ["forest \(RegressionForest.defaultTrees) trees, seed \(forestSeed)", "parameters " + parameters.joined(separator: " ")]
        lines += features.map { feature in
            switch feature {
            case .numeric: return "numeric"
            case .categorical(let levels): return "categorical \(levels)"
            }
        }
        lines += axes.map { "axis " + bits($0) }
        for (row, target) in zip(x, y) { lines.append(bits(row) + " -> " + bits([target])) }
        return lines.joined(separator: "\n")
    }

    /// Fits the forest to `x`, `y` and decomposes its trees on the grid of `axes`.
    static func fit(x: [[Double]], y: [Double], features: [RegressionForest.Feature], axes: [[Double]],
                    parameters: [String]) -> Estimate? {
        let forest = RegressionForest(x: x, y: y, features: features, seed: forestSeed)
        guard let r2 = forest.outOfBagR2 else { return nil }
        let explained = min(max(r2, 0), 1)

        let levels = axes.map(\.count)
        let cellCount = levels.reduce(1, *)
        var points: [[Double]] = []
        points.reserveCapacity(cellCount)
        for cell in 0..<cellCount {
            var rest = cell
            var point = [Double](repeating: 0, count: axes.count)
            for factor in axes.indices.reversed() {
                point[factor] = axes[factor][rest % levels[factor]]
                rest /= levels[factor]
            }
            points.append(point)
        }

        var main = [Double](repeating: 0, count: parameters.count)
        var pairs = Array(repeating: [Double](repeating: 0, count: parameters.count), count: parameters.count)
        var higher = 0.0, counted = 0
        for tree in forest.trees {
            let cells = points.map { RegressionForest.predict(tree, features: forest.features, $0) }
            let anova = FunctionalANOVA(cells: cells, levels: levels)
            guard anova.total > 0 else { continue }
            counted += 1
            for i in main.indices {
                main[i] += anova.main[i] / anova.total
                for j in main.indices where j > i { pairs[i][j] += anova.pairs[i][j] / anova.total }
            }
            higher += anova.higher / anova.total
        }
        guard counted > 0 else { return nil }
        var averaged = FunctionalANOVA(cells: [0], levels: [1])
        averaged.main = main
        averaged.pairs = pairs
        let scale = explained / Double(counted)
        let parts = parts(averaged, parameters: parameters, scale: scale,
                          interactions: higher * scale, seedNoise: 1 - explained)
        return (parts.shares, parts.interactions, parts.seedNoise, x.count)
    }

    /// Every observation up to `maximumRuns`, else a seeded sample of that many, in their order.
    static func subsample(_ observations: [Observation]) -> [Observation] {
        guard observations.count > maximumRuns else { return observations }
        var generator = SeededGenerator(seed: forestSeed, stream: "importance-subsample")
        var indices = Array(observations.indices)
        for k in 0..<maximumRuns {
            let pick = k + generator.nextInt(below: indices.count - k)
            indices.swapAt(k, pick)
        }
        return indices.prefix(maximumRuns).sorted().map { observations[$0] }
    }
}

/// How the forest sees one parameter: categories as level indices (split one against the rest),
/// log-swept numbers as log10, integers as numbers whose representatives are the integers
/// themselves when there are few enough, other numbers on their observed range.
struct FeatureEncoding {
    var name: String
    var feature: RegressionForest.Feature
    var levels: [String] = []
    var logScale = false
    var integral = false
    var low = 0.0, high = 0.0

    init(name: String, values: [ConfigValue], sweep: ParameterSweep?, order: [String]) {
        self.name = name
        let numbers = values.compactMap(\.doubleValue)
        if (sweep?.isCategorical ?? false) || numbers.count != values.count || numbers.isEmpty {
            let present = Set(values.map(\.canonical))
            levels = order.filter(present.contains) + present.subtracting(order).sorted()
            feature = .categorical(levels: levels.count)
            return
        }
        feature = .numeric
        logScale = (sweep?.isLogScale ?? false) && numbers.allSatisfy { $0 > 0 }
        integral = values.allSatisfy { if case .int = $0 { return true } else { return false } }
        let coordinates = numbers.map { logScale ? log10($0) : $0 }
        low = coordinates.min()!
        high = coordinates.max()!
    }

    func coordinate(of value: ConfigValue?) -> Double {
        guard let value else { return 0 }
        if case .categorical = feature { return Double(levels.firstIndex(of: value.canonical) ?? 0) }
        let number = value.doubleValue ?? 0
        return logScale ? log10(number) : number
    }

    /// The number of representatives when it does not depend on the budget.
    var fixedCount: Int? {
        if case .categorical(let count) = feature { return count }
        if integral, high - low + 1 <= 32 { return Int(high - low) + 1 }
        return nil
    }

    func representatives(count: Int) -> [Double] {
        if case .categorical(let levels) = feature { return (0..<levels).map(Double.init) }
        if integral, high - low + 1 <= 32 { return (0...Int(high - low)).map { low + Double($0) } }
        guard high > low else { return [low] }
        return (0..<count).map { low + (high - low) * (Double($0) + 0.5) / Double(count) }
    }
}

import Core
import Foundation
import Notebook
import Records

/// How much of the variance of an experiment's metric each swept parameter, each pair of them,
/// the higher-order interactions and the seeds account for; the shares sum to 1.
///
/// - A full grid (every combination of the swept values has a run) is decomposed exactly: the
///   functional ANOVA of the per-cell means (each cell weighted equally), plus `seedNoise`, the
///   mean within-cell variance over seeds (population variance; zero with one seed).
/// - Anything else (random and adaptive searches, a grid with holes) is estimated: a seeded
///   random forest fitted to the runs (a deterministic subsample of `maximumRuns` beyond that),
///   whose prediction is decomposed on a grid of representative points and averaged per tree, as
///   Optuna's fANOVA does. The shares are scaled by the forest's out-of-bag R², the share of the
///   variance the model explains; `seedNoise` is then the rest: seed noise plus what the forest misses.
/// - Runs that diverged or failed count as the worst finite value any run of the experiment
///   reached, as the adaptive search counts them (the region taught us it is bad); timed-out runs
///   are left out (they say nothing about the configuration).
struct ParameterImportance: Sendable {
    enum Method: Sendable, Equatable {
        case exact
        case forest(trees: Int, runs: Int)
    }

    /// One parameter or a pair of them, and its share of the variance.
    struct Share: Sendable, Equatable {
        var parameters: [String]
        var share: Double
        /// `training.learning_rate`, or `training.learning_rate:model.activation` for a pair.
        var key: String { parameters.joined(separator: ":") }
    }

    static let maximumRuns = 3000
    static let representativeBudget = 4096
    static let forestSeed: UInt64 = 19

    var method: Method
    /// Mains then pairs, largest first (ties in declaration order).
    var shares: [Share]
    var interactions: Double
    var seedNoise: Double
    /// Runs that entered with the worst finite value in place of their own.
    var substituted: Int
    var worstValue: Double?
    /// Runs left out: timed out, or cut at a hyperband band (`terminated`, counted apart: a cut
    /// run's metric is its value at the band, not a result of the configuration).
    var excluded: Int
    var terminated: Int
    var runs: Int

    /// What the parameters together account for (everything but `seedNoise`).
    var explained: Double { 1 - seedNoise }
    var mains: [Share] { shares.filter { $0.parameters.count == 1 } }

    func share(of parameter: String) -> Double? { shares.first { $0.parameters == [parameter] }?.share }

    /// Nil when no parameter varies, fewer than two runs have a value, or the metric does not vary.
    /// `cache` keeps forest estimates across re-renders of one folder (`ImportanceCache`).
    init?(_ results: ExperimentResults, cache: ImportanceCache? = nil) {
        let metric = results.metric
        let finite = results.records.filter(\.status.counts).compactMap { $0.finalMetrics[metric.name] }.filter(\.isFinite)
        guard let worst = metric.maximize ? finite.min() : finite.max() else { return nil }
        var observations: [(record: RunRecord, value: Double)] = []
        var substituted = 0, excluded = 0, terminated = 0
        // Sorted by what identifies a run, so the estimate does not depend on the order records were read.
        for record in results.records.sorted(by: { ($0.variant, $0.seed) < ($1.variant, $1.seed) }) {
            if record.status.counts, let value = record.finalMetrics[metric.name], value.isFinite {
                observations.append((record, value))
            } else if record.status == .diverged || record.status == .failed || record.status.counts {
                observations.append((record, worst))
                substituted += 1
            } else {
                excluded += 1
                if record.status == .terminated { terminated += 1 }
            }
        }
        let parameters = results.experiment.parameters.map(\.name).filter { name in
            Set(observations.compactMap { $0.record.parameters[name]?.canonical }).count > 1
        }
        guard !parameters.isEmpty, observations.count >= 2 else { return nil }
        self.substituted = substituted
        self.excluded = excluded
        self.terminated = terminated
        self.worstValue = substituted > 0 ? worst : nil
        self.runs = observations.count
        let levels = parameters.map { name in
            results.distinctValues(of: name).map(\.canonical)
        }
        let exact = Self.exact(observations.map { ($0.record.parameters, $0.value) }, parameters: parameters, levels: levels)
        if let exact {
            self.method = .exact
            (shares, interactions, seedNoise) = exact
        } else {
            guard let estimate = Self.estimate(observations.map { ($0.record.parameters, $0.value) },
                                               parameters: parameters, results: results, cache: cache) else { return nil }
            self.method = .forest(trees: RegressionForest.defaultTrees, runs: estimate.runs)
            (shares, interactions, seedNoise) = (estimate.shares, estimate.interactions, estimate.seedNoise)
        }
    }

    typealias Observation = (parameters: [String: ConfigValue], value: Double)
    typealias Parts = (shares: [Share], interactions: Double, seedNoise: Double)

    /// The exact decomposition, or nil when some combination of values has no run.
    static func exact(_ observations: [Observation], parameters: [String], levels: [[String]]) -> Parts? {
        let counts = levels.map(\.count)
        let cellCount = counts.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        guard cellCount <= 100_000 else { return nil }
        let index = levels.map { Dictionary($0.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) }
        var cells = Array(repeating: [Double](), count: cellCount)
        for observation in observations {
            var cell = 0
            for (factor, name) in parameters.enumerated() {
                guard let key = observation.parameters[name]?.canonical, let level = index[factor][key] else { return nil }
                cell = cell * counts[factor] + level
            }
            cells[cell].append(observation.value)
        }
        guard cells.allSatisfy({ !$0.isEmpty }) else { return nil }
        let means = cells.map { $0.reduce(0, +) / Double($0.count) }
        let noise = zip(cells, means).reduce(0.0) { sum, pair in
            sum + pair.0.reduce(0) { $0 + ($1 - pair.1) * ($1 - pair.1) } / Double(pair.0.count)
        } / Double(cellCount)
        let anova = FunctionalANOVA(cells: means, levels: counts)
        let total = anova.total + noise
        guard total > 0 else { return nil }
        return parts(anova, parameters: parameters, scale: 1 / total, interactions: anova.higher / total, seedNoise: noise / total)
    }

    static func parts(_ anova: FunctionalANOVA, parameters: [String], scale: Double,
                      interactions: Double, seedNoise: Double) -> Parts {
        var shares: [Share] = parameters.indices.map { Share(parameters: [parameters[$0]], share: anova.main[$0] * scale) }
        for i in parameters.indices {
            for j in parameters.indices where j > i {
                shares.append(Share(parameters: [parameters[i], parameters[j]], share: anova.pairs[i][j] * scale))
            }
        }
        // Stable: equal shares keep mains before pairs, in declaration order.
        let ranked = shares.enumerated().sorted { a, b in
            a.element.share != b.element.share ? a.element.share > b.element.share : a.offset < b.offset
        }.map(\.element)
        return (ranked, interactions, seedNoise)
    }
}

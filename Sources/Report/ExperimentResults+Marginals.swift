import Core
import Notebook

/// One row of a marginal-effects table: how the metric behaves at one value of one parameter,
/// across every value of the other parameters.
struct MarginalRow: Sendable {
    var value: String
    /// Mean over the points' seed means, each point weighted equally.
    var mean: Double?
    var best: Double?
    var points: Int
    var failedRuns: Int
    var runs: Int
}

extension ExperimentResults {
    /// The distinct values of a swept parameter: numbers ascending, others as declared.
    func distinctValues(of parameter: String) -> [ConfigValue] {
        distinctValueMemo.values(of: parameter) {
            ValueBuckets.distinctValues(parameter: parameter, variants: experiment.variants, groups: groups)
        }
    }

    func buckets(for parameter: String) -> [ValueBucket] {
        ValueBuckets.make(distinct: distinctValues(of: parameter), logScale: sweep(named: parameter)?.isLogScale ?? false)
    }

    func marginals(for parameter: String) -> [MarginalRow] {
        buckets(for: parameter).map { bucket in
            let members = groups.filter { group in group.value(of: parameter).map(bucket.contains) ?? false }
            let means = members.compactMap { $0.stats?.mean }
            let best = metric.maximize ? means.max() : means.min()
            let runs = members.flatMap(\.records)
            return MarginalRow(value: bucket.label,
                               mean: means.isEmpty ? nil : means.reduce(0, +) / Double(means.count),
                               best: best, points: members.count,
                               failedRuns: runs.filter { $0.status.isFailure }.count, runs: runs.count)
        }
    }
}

import Core
import Foundation
import Notebook
import Records

/// The statistics the report states about one experiment beyond its ranking: what matters
/// (importance), how sure the ranking is (intervals, best against runner-up) and what to try next.
/// Computed once and read by the Markdown, the notebook, the charts and results.json alike.
struct ExperimentInsight: Sendable {
    /// The best variant against the runner-up, over their seeds.
    struct Comparison: Sendable {
        var best: String
        var runnerUp: String
        var bestSeeds: Int
        var runnerUpSeeds: Int
        /// Nil when either has a single seed.
        var test: WelchTest?
    }

    var importance: ParameterImportance?
    /// 95% t interval of each ranked variant's mean, by group key; absent with a single seed.
    var intervals: [String: (low: Double, high: Double)] = [:]
    var comparison: Comparison?
    var advice: [String] = []

    init(_ results: ExperimentResults, importanceCache: ImportanceCache? = nil) {
        importance = ParameterImportance(results, cache: importanceCache)
        for group in results.ranked {
            guard let stats = group.stats, let interval = SeedInterval.ci95(mean: stats.mean, std: stats.std, n: stats.n) else { continue }
            intervals[group.key] = interval
        }
        if let best = results.best, let second = results.runnerUp {
            let (a, b) = (best.metricValues(results.metric.name), second.metricValues(results.metric.name))
            comparison = Comparison(best: best.label, runnerUp: second.label, bestSeeds: a.count, runnerUpSeeds: b.count,
                                    test: WelchTest(a, b))
        }
        advice = Advice.sentences(results, importance: importance)
    }

    /// `indistinguishable with 3 seeds, p = 0.41; about 12 seeds per variant would separate a
    /// difference this size`, the words the summary and the experiment's section share.
    var comparisonWords: String? {
        guard let comparison else { return nil }
        let seeds = comparison.bestSeeds == comparison.runnerUpSeeds ? "\(comparison.bestSeeds) seeds"
            : "\(comparison.bestSeeds) and \(comparison.runnerUpSeeds) seeds"
        guard let test = comparison.test else {
            return "single seed: no test"
        }
        guard !test.pValue.isNaN else { return "identical on every seed (\(seeds))" }
        let p = Self.pText(test.pValue)
        if test.pValue < WelchTest.alpha { return "distinct with \(seeds), \(p)" }
        var words = "indistinguishable with \(seeds), \(p)"
        if let needed = test.seedsNeeded {
            words += needed > WelchTest.maximumSeeds
                ? "; more than \(WelchTest.maximumSeeds) seeds per variant would be needed to separate a difference this size"
                : "; about \(needed) seeds per variant would separate a difference this size"
        }
        return words
    }

    /// `p = 0.41`, `p = 0.047`, `p < 0.001`.
    static func pText(_ p: Double) -> String {
        p < 0.001 ? "p < 0.001" : "p = \(ReadableNumber.format(p, significant: 2))"
    }
}

extension RunGroup {
    /// The finite values of a final metric over the runs that rank the variant (those `stats` averages).
    func metricValues(_ metric: String) -> [Double] {
        records.filter(\.status.counts).compactMap { $0.finalMetrics[metric] }.filter(\.isFinite)
    }
}

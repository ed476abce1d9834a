import Core
import Foundation
import Notebook

/// The report's statistical sections: best against runner-up, what matters, what to try next.
extension ReportBuilder {
    static let maxImportanceRows = 12

    /// After the results table: the top two's intervals and Welch's test, in words.
    func comparisonSentence(_ result: ExperimentResults) -> String? {
        guard let insight = insights[result.experiment.name], let comparison = insight.comparison,
              let best = result.best, let second = result.runnerUp, let words = insight.comparisonWords else { return nil }
        guard comparison.test != nil else {
            let which = comparison.bestSeeds < 2 && comparison.runnerUpSeeds < 2 ? "either" : (comparison.bestSeeds < 2 ? "the best" : "the runner-up")
            return "**Best against runner-up:** \(which == "either" ? "neither" : which) has \(which == "either" ? "more than one" : "only one") "
                + "finished seed, so there is no test; add seeds to tell \(best.label) and \(second.label) apart."
        }
        func described(_ group: RunGroup) -> String {
            let mean = group.stats.map { ReadableNumber.format($0.mean) } ?? "–"
            guard let interval = insight.intervals[group.key] else { return "\(group.label) (\(mean))" }
            return "\(group.label) (\(mean), 95% CI \(Self.interval(interval)))"
        }
        var text = "**Best against runner-up:** \(described(best)) and \(described(second)) are \(words)"
        text += " (Welch's t test, two-sided"
        if let test = comparison.test, test.pValue >= WelchTest.alpha, test.seedsNeeded != nil { text += "; 80% power at α = 0.05" }
        return text + ")."
    }

    static func interval(_ interval: (low: Double, high: Double)) -> String {
        "[\(ReadableNumber.format(interval.low)), \(ReadableNumber.format(interval.high))]"
    }

    /// The importance table and how it was obtained.
    func importanceSection(_ result: ExperimentResults) -> String? {
        guard let importance = insights[result.experiment.name]?.importance else { return nil }
        let shortNames = Dictionary(result.parameterNames.map { ($0.name, $0.short) }, uniquingKeysWith: { a, _ in a })
        var table = MarkdownTable(headers: ["rank", "parameter", "share of variance"], alignments: [.right, .left, .right])
        for (index, share) in importance.shares.prefix(Self.maxImportanceRows).enumerated() {
            let name = share.parameters.map { "`\(shortNames[$0] ?? $0)`" }.joined(separator: " × ")
            table.append([String(index + 1), name, Advice.percent(share.share)])
        }
        let exact = importance.method == .exact
        if result.parameterNames.count > 2 { table.append(["", "higher-order interactions", Advice.percent(importance.interactions)]) }
        table.append(["", exact ? "seed noise" : "unexplained (seed noise and model error)", Advice.percent(importance.seedNoise)])
        var text = table.rendered
        if importance.shares.count > Self.maxImportanceRows {
            text += "\n\nThe \(importance.shares.count - Self.maxImportanceRows) smaller shares are in results.json."
        }
        let metric = result.metric.name
        switch importance.method {
        case .exact:
            text += "\n\nExact functional ANOVA of the grid's per-variant means of \(metric) (every variant weighted equally)"
                + " plus the variance between seeds: the parameters explain \(Advice.percent(importance.explained)) of the variance"
            text += result.experiment.seeds.count > 1 ? ", seed noise \(Advice.percent(importance.seedNoise))."
                : " (with one seed, seed noise cannot be measured)."
        case .forest(let trees, let runs):
            text += "\n\nEstimated: a seeded random forest (\(trees) trees) fitted to \(runs) runs"
                + (runs < importance.runs ? " (a fixed sample of the \(importance.runs))" : "")
                + ", its prediction decomposed by functional ANOVA as Optuna's fANOVA does; the forest explains "
                + "\(Advice.percent(importance.explained)) of the variance of \(metric) on runs it did not see (out-of-bag R²), "
                + "and the shares are of the whole variance."
        }
        if importance.substituted > 0, let worst = importance.worstValue {
            text += " \(importance.substituted) diverged or failed \(importance.substituted == 1 ? "run counts" : "runs count") as the worst"
                + " finite \(metric) of the experiment, \(ReadableNumber.format(worst))."
        }
        let timedOut = importance.excluded - importance.terminated
        let leftOut = [timedOut > 0 ? "\(timedOut) timed-out \(timedOut == 1 ? "run" : "runs")" : nil,
                       importance.terminated > 0 ? "\(importance.terminated) \(importance.terminated == 1 ? "run" : "runs") cut at a hyperband band" : nil]
            .compactMap { $0 }
        if !leftOut.isEmpty {
            text += " \(leftOut.joined(separator: " and ")) \(importance.excluded == 1 ? "is" : "are") left out."
        }
        return text
    }

    func adviceSection(_ result: ExperimentResults) -> String? {
        guard let advice = insights[result.experiment.name]?.advice, !advice.isEmpty else { return nil }
        return "#### What to try next\n\n" + advice.map { "- " + $0 }.joined(separator: "\n")
    }
}

import Core
import Foundation
import Notebook
import Records

/// "What to try next": sentences that each quote the numbers they rest on.
/// - a best value at the edge of its swept range (the best variant and the best per-value mean
///   both sit at the smallest or largest value tried): widen the range past it;
/// - a parameter whose main effect explains under 1% of the variance: it barely matters;
/// - the divergence boundary (FailureBoundary's sentence): runs beyond it are wasted;
/// - a validation loss still falling at the last epoch among the top three: train longer.
enum Advice {
    static let negligibleShare = 0.01
    /// A curve "still falls" when its last epoch is its lowest and it fell by at least this
    /// fraction over the last tenth of the epochs (at least the last two).
    static let stillFalling = 0.005
    static let topCount = 3

    static func sentences(_ results: ExperimentResults, importance: ParameterImportance?) -> [String] {
        var sentences: [String] = []
        sentences += rangeEdges(results, importance: importance)
        sentences += negligible(results, importance: importance)
        sentences += divergence(results)
        if let falling = stillFalling(results) { sentences.append(falling) }
        return sentences
    }

    static func rangeEdges(_ results: ExperimentResults, importance: ParameterImportance?) -> [String] {
        guard let best = results.best, results.ranked.count >= 3 else { return [] }
        let metric = results.metric
        var sentences: [String] = []
        for (name, short) in results.parameterNames {
            guard let sweep = results.sweep(named: name), !sweep.isCategorical,
                  let value = best.value(of: name)?.doubleValue else { continue }
            // A parameter that barely matters has no edge worth moving.
            if let importance, let share = involvement(of: name, importance), share < negligibleShare { continue }
            let buckets = results.buckets(for: name)
            let rows = results.marginals(for: name)
            guard buckets.count >= 3, rows.count == buckets.count else { continue }
            let means = rows.map(\.mean)
            guard let bestMean = (metric.maximize ? means.compactMap { $0 }.max() : means.compactMap { $0 }.min()) else { continue }
            for (edge, neighbour, word, direction) in [(buckets.count - 1, buckets.count - 2, "largest", "above"), (0, 1, "smallest", "below")] {
                guard buckets[edge].contains(.double(value)), means[edge] == bestMean, let next = means[neighbour] else { continue }
                let values = results.distinctValues(of: name).compactMap(\.doubleValue)
                guard let limit = direction == "above" ? values.max() : values.min() else { continue }
                sentences.append("**\(short)** was best at the \(word) value tried (\(buckets[edge].label): mean \(metric.name) "
                    + "\(ReadableNumber.format(bestMean)) against \(ReadableNumber.format(next)) at \(buckets[neighbour].label), "
                    + "and the best variant, \(best.label), uses it): widen \(short) \(direction) \(ReadableNumber.parameter(limit)).")
            }
        }
        return sentences
    }

    static func negligible(_ results: ExperimentResults, importance: ParameterImportance?) -> [String] {
        guard let importance else { return [] }
        return results.parameterNames.compactMap { name, short in
            guard let share = involvement(of: name, importance), share < negligibleShare else { return nil }
            return "**\(short)** barely matters here: alone and in its pairs it explains \(percent(share)) of the variance of "
                + "\(results.metric.name) (see What matters); fix it and spend the runs elsewhere."
        }
    }

    /// A parameter's main effect plus every pair it is part of; nil when it did not vary.
    static func involvement(of name: String, _ importance: ParameterImportance) -> Double? {
        guard importance.share(of: name) != nil else { return nil }
        return importance.shares.filter { $0.parameters.contains(name) }.map(\.share).reduce(0, +)
    }

    static func divergence(_ results: ExperimentResults) -> [String] {
        let categorical = Set(results.experiment.parameters.filter(\.isCategorical).map(\.name))
        let boundary = FailureBoundary.sentences(records: results.records.filter { $0.status != .timed_out && $0.status != .failed },
                                                 parameters: results.parameterNames, categorical: categorical)
        // Boundaries only: "with optimizer = adam, no run diverged" is not advice.
        return boundary.filter { $0.contains("diverged") && !$0.contains("no run diverged") }.map {
            "Runs past the divergence boundary are wasted: " + $0.prefix(1).lowercased() + $0.dropFirst()
        }
    }

    /// Among the top three ranked variants, those whose mean validation loss over the seeds that
    /// trained to the end was still falling at the last epoch.
    static func stillFalling(_ results: ExperimentResults) -> String? {
        var falling: [(label: String, drop: Double, epochs: Int, window: Int)] = []
        let top = results.ranked.prefix(topCount)
        for group in top {
            let finished = group.records.filter { $0.status == .ok }
            guard !finished.isEmpty else { continue }
            let curve = SeedCurve(finished, metric: "val_loss").mean
            guard curve.count >= 3, let last = curve.last, last.isFinite, last == curve.min() else { continue }
            let window = max(2, curve.count / 10)
            guard window < curve.count else { continue }
            let before = curve[curve.count - 1 - window]
            guard before > 0, (before - last) / before >= stillFalling else { continue }
            falling.append((group.label, (before - last) / before, curve.count, window))
        }
        guard !falling.isEmpty else { return nil }
        let who: String
        if results.ranked.count == 1 { who = "this variant" }
        else if falling.count == top.count { who = "the top \(top.count == 2 ? "two" : "three")" }
        else { who = falling.map(\.label).joined(separator: ", ") }
        let numbers = falling.map { "\($0.label): -\(percent($0.drop)) over the last \($0.window) of \($0.epochs) epochs" }
        return "The validation loss was still falling at the last epoch (\(numbers.joined(separator: "; "))): "
            + "more epochs would help \(who)."
    }

    /// `62%`, `4.1%`, `0.3%`, `<0.1%`: shares as the importance table prints them.
    static func percent(_ share: Double) -> String {
        let value = share * 100
        // 99.7% is not "100%": a share short of everything keeps a decimal.
        if value >= 10 && (value < 99.5 || value >= 100) { return "\(Int(value.rounded()))%" }
        if value >= 0.1 { return String(format: "%.1f%%", value) }
        return value > 0 ? "<0.1%" : "0%"
    }
}

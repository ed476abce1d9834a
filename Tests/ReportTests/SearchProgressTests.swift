import Core
import Records
import Testing
@testable import Notebook
@testable import Report

/// The search-progress data: best-so-far in proposal order (goal-aware) and the random-order
/// expectation, checked against every order of a small set of runs.
@Suite struct SearchProgressTests {
    static let values: [Double?] = [0.6, 0.9, nil, 0.7, 0.8]

    static func sweep(goal: Goal) -> (SyntheticSweep, [[ConfigValue]]) {
        var sweep = SyntheticSweep(parameters: [("training.learning_rate", [], false, false)])
        sweep.seeds = [1]
        sweep.metric = RunConfig.Metric(name: "val_accuracy", goal: goal)
        return (sweep, values.indices.map { [.int($0)] })
    }

    static func value(_ point: [ConfigValue], _ seed: Int) -> Double? {
        guard case .int(let index) = point[0] else { return nil }
        return values[index]
    }

    @Test(arguments: [Goal.maximize, Goal.minimize])
    func bestSoFarFollowsProposalOrderAndTheExpectationIsExact(goal: Goal) {
        let (sweep, points) = Self.sweep(goal: goal)
        let summary = SearchProgressSummary(results: sweep.results(points: points, value: Self.value))
        let better: (Double, Double) -> Bool = goal == .maximize ? { $0 > $1 } : { $0 < $1 }
        // Each run trains sweep.epochs = 3 epochs.
        #expect(summary.runs.map(\.cumulativeEpochs) == [3, 6, 9, 12, 15])
        var best: Double?
        for (run, value) in zip(summary.runs, Self.values) {
            if let value, best.map({ better(value, $0) }) ?? true { best = value }
            #expect(run.bestSoFar == best)
            #expect(run.metric == value)
        }
        // Brute force over all 120 orders; the diverged run counts as the worst value seen.
        let worst = goal == .maximize ? 0.6 : 0.9
        let filled = Self.values.map { $0 ?? worst }
        let orders = permutations(Array(filled.indices))
        #expect(summary.expectation.count == filled.count)
        for (j, point) in summary.expectation.enumerated() {
            let mean = orders.map { order in order.prefix(j + 1).map { filled[$0] }.reduce(filled[order[0]]) { better($1, $0) ? $1 : $0 } }
                .reduce(0, +) / Double(orders.count)
            #expect(abs(point.best - mean) < 1e-12, "after \(j + 1) runs")
            #expect(point.epochs == Double(3 * (j + 1)))
        }
    }

    @Test func theSentenceSaysWhereTheBestCameAndWhatChanceGaveByThen() {
        let (sweep, points) = Self.sweep(goal: .maximize)
        let results = sweep.results(points: points, value: Self.value)
        let sentence = SearchProgressSummary(results: results).sentence(metric: results.metric)
        #expect(sentence?.hasPrefix("The best val_accuracy, 0.9, came at run 2 of 5 in proposal order, after 6 of the 15 training epochs spent.") == true,
                "\(sentence ?? "nil")")
        // After 2 random runs of [0.6, 0.9, 0.6, 0.7, 0.8] the expected best is 0.8.
        #expect(sentence?.contains("would have found 0.8 by then") == true, "\(sentence ?? "nil")")
    }

    func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[Int]] in
            var rest = items
            let head = rest.remove(at: index)
            return permutations(rest).map { [head] + $0 }
        }
    }
}

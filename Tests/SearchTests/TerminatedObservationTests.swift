import Core
import Foundation
import Notebook
import Records
@testable import Search
import Testing

/// How bayes learns from runs hyperband cut at a band: by how far they got and their value there
/// (Optuna's order for pruned trials), not as the worst value observed.
@Suite struct TerminatedObservationTests {
    @Test func endedRunsRankFirstThenLaterBandsThenFailed() {
        let ranks: [ObservationRank] = [
            .failed,
            .terminated(band: 3, loss: -0.99),
            .terminated(band: 9, loss: -0.2),
            .ended(loss: -0.5),
            .terminated(band: 9, loss: -0.3),
            .ended(loss: -0.9),
            .terminated(band: 9, loss: .nan),
        ]
        let sorted = ranks.sorted()
        #expect(sorted[0] == .ended(loss: -0.9))
        #expect(sorted[1] == .ended(loss: -0.5))
        #expect(sorted[2] == .terminated(band: 9, loss: -0.3))
        #expect(sorted[3] == .terminated(band: 9, loss: -0.2))
        #expect(sorted[4].band == 9 && sorted[4].loss.isNaN, "no value at the band: last of its band")
        #expect(sorted[5] == .terminated(band: 3, loss: -0.99), "a later band beats any value at an earlier one")
        #expect(sorted[6] == .failed)
        // The split keeps the best tenth (at least one) whatever the tiers.
        let split = BayesSearch.split(ranks)
        #expect(split.good == [5])
    }

    /// Every run terminated at `band(index)` with the objective's value there.
    static func driveTerminated(_ experiment: Experiment, value: (Variant) -> Double, band: (Variant) -> Int) throws -> [[Variant]] {
        var search = ExperimentSearch(experiment: experiment)
        var rounds: [[Variant]] = []
        while case .variants(let round) = try search.ask() {
            rounds.append(round)
            for variant in round {
                var outcome = RunOutcome(status: .terminated)
                outcome.termination = Termination(band: band(variant), value: value(variant), cutoff: 1, kept: 1, configurations: 8)
                search.tell(RunRecord(experiment: variant.experiment, variant: variant.id, label: variant.label, seed: variant.seed,
                                      parameters: Dictionary(uniqueKeysWithValues: variant.parameters.map { ($0.name, $0.value) }),
                                      config: variant.resolved, outcome: outcome, finishedAt: "2025-01-01T00:00:00Z"))
            }
        }
        return rounds
    }

    @Test func aSearchOfTerminatedRunsLearnsFromTheirValuesAtTheBand() throws {
        // Before, a terminated run counted as the worst ended value: with no run ended there was
        // none, so nothing was observed and every round stayed random.
        let experiment = try BayesSearchTests.experiment(count: 64)
        let rounds = try Self.driveTerminated(experiment, value: BayesSearchTests.objective, band: { _ in 3 })
        func mean(_ variants: [Variant]) -> Double { variants.map(BayesSearchTests.objective).reduce(0, +) / Double(variants.count) }
        let start = mean(Array(rounds.prefix(2).joined()))
        let late = mean(Array(rounds.suffix(3).joined()))
        #expect(late > start + 0.1, "start \(start), late \(late)")
        // The same values at the band, other proposals when the values differ: they are used.
        let flat = try Self.driveTerminated(experiment, value: { _ in 0.5 }, band: { _ in 3 })
        #expect(flat.joined().map(\.id) != rounds.joined().map(\.id))
        #expect(Array(flat.joined().prefix(16)).map(\.id) == Array(rounds.joined().prefix(16)).map(\.id), "the random start does not learn")
    }

    @Test func theBandOutranksTheValue() throws {
        // Runs cut later rank above runs cut earlier whatever their values: when the worse points
        // are the ones that got further, the search follows them.
        let experiment = try BayesSearchTests.experiment(count: 64)
        func mean(_ variants: [Variant]) -> Double { variants.map(BayesSearchTests.objective).reduce(0, +) / Double(variants.count) }
        let byValue = try Self.driveTerminated(experiment, value: BayesSearchTests.objective, band: { _ in 3 })
        let worseGotFurther = try Self.driveTerminated(experiment, value: BayesSearchTests.objective,
                                                       band: { BayesSearchTests.objective($0) < 0.6 ? 9 : 3 })
        #expect(mean(Array(worseGotFurther.suffix(3).joined())) < mean(Array(byValue.suffix(3).joined())) - 0.1)
    }
}

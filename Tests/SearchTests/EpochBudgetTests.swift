import Core
import Testing
@testable import Notebook
@testable import Search
import Records

/// The epoch budget's rule, alone: a run starts when what the runs before it trained plus its own
/// full `training.epochs` fit; it waits while an unfinished run before it could tip the balance.
@Suite struct EpochBudgetTests {
    typealias Entry = EpochBudget.Entry

    @Test func aRunThatFitsStartsEvenWhileEarlierRunsTrain() {
        let before = [Entry(planned: 10, trained: 4), Entry(planned: 10, trained: nil)]
        #expect(EpochBudget.decide(before: before, planned: 10, limit: 24) == .fits)
    }

    @Test func aRunThatMightNotFitWaitsForTheRunsBeforeIt() {
        let before = [Entry(planned: 10, trained: 4), Entry(planned: 10, trained: nil)]
        #expect(EpochBudget.decide(before: before, planned: 10, limit: 23) == .undecided)
        // Once the unfinished run stopped early at 3 epochs: 4 + 3 + 10 fits in 23.
        let ended = [Entry(planned: 10, trained: 4), Entry(planned: 10, trained: 3)]
        #expect(EpochBudget.decide(before: ended, planned: 10, limit: 23) == .fits)
        // Had it trained all 10: 24 > 23, the search ends after 14 epochs.
        let full = [Entry(planned: 10, trained: 4), Entry(planned: 10, trained: 10)]
        #expect(EpochBudget.decide(before: full, planned: 10, limit: 23) == .exceeds(trained: 14))
    }

    @Test func theFirstRunThatDoesNotFitEndsTheSearchEvenIfALaterOneWould() throws {
        // Epochs 5, 5, 8, 2 (the last would fit after the third is refused): the cut is at 2 runs.
        let variants = [5, 5, 8, 2].enumerated().map { index, epochs in variant("v\(index)", epochs: epochs) }
        var experiment = Experiment(name: "e", method: .grid, parameters: [], seeds: [1], metric: RunConfig.Metric(),
                                    variants: variants, line: 1)
        experiment.budget = SearchBudget(epochs: 12)
        let records = Dictionary(uniqueKeysWithValues: variants.prefix(2).map { v in
            (RunKey(experiment: "e", variant: v.id), record(v.id, epochs: v.config.training.epochs))
        })
        let cut = try #require(EpochBudget.cut(of: experiment, records: records))
        #expect(cut.runs == 2)
        #expect(cut.trained == 10)
        // Without the records of the runs before the cut, it is not decided yet.
        #expect(EpochBudget.cut(of: experiment, records: [:]) == nil)
    }

    func variant(_ id: String, epochs: Int) -> Variant {
        var config = RunConfig()
        config.training.epochs = epochs
        return Variant(id: id, experiment: "e", label: id, seed: 1, parameters: [], config: config, resolved: .map([]), cost: 1)
    }

    func record(_ id: String, epochs: Int) -> RunRecord {
        RunRecord(experiment: "e", variant: id, label: id, seed: 1, parameters: [:], config: .map([]), status: .ok,
                  epochs: (1...epochs).map { EpochRecord(epoch: $0, learningRate: 0.01, metrics: [:], layers: []) },
                  finalMetrics: [:], seconds: 1, finishedAt: "2026-12-01T00:00:00Z")
    }
}

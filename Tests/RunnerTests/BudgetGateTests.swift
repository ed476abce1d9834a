import Core
import Records
import Testing
@testable import Notebook
@testable import Runner

/// The budget gate on a fake clock and recorded seconds (no timing in the test): runs start in
/// proposal order while the cost model says they fit, the first that does not ends the search
/// (a cheaper later run is not tried), and an epoch budget waits for the runs before a run that
/// might not fit.
@Suite struct BudgetGateTests {
    final class FakeClock: @unchecked Sendable {
        var now = 100.0
    }

    static func variant(_ id: String, cost: Double, epochs: Int = 2) -> Variant {
        var made = TestVariants.variant(id, cost: cost, experiment: "e")
        made.config.training.epochs = epochs
        return made
    }

    static func run(_ variant: Variant) -> ScheduledRun {
        ScheduledRun(variant: variant, job: WorkerJob(experiment: variant.experiment, variant: variant.id, label: variant.label,
                                                      seed: 1, config: variant.config, weightsPath: nil),
                     timeoutSeconds: nil)
    }

    static func record(_ variant: Variant, seconds: Double, epochs: Int? = nil, status: RunStatus = .ok) -> RunRecord {
        var record = TestVariants.record(variant.id, experiment: "e", status: status)
        record.outcome.seconds = seconds
        let trained = epochs ?? variant.config.training.epochs
        record.outcome.epochs = (1...max(1, trained)).map { EpochRecord(epoch: $0, learningRate: 0.01, metrics: [:], layers: []) }
        if trained == 0 { record.outcome.epochs = [] }
        return record
    }

    static func document(_ variants: [Variant], epochBudget: Int? = nil) -> NotebookDocument {
        var experiment = Experiment(name: "e", method: .grid, parameters: [], seeds: [1], metric: RunConfig.Metric(),
                                    variants: variants, line: 1)
        experiment.budget = epochBudget.map { SearchBudget(epochs: $0) }
        return NotebookDocument(path: "n.yaml", stem: "n", title: "n", description: nil, cells: [.experiment(experiment)], contentHash: "")
    }

    @Test func theFirstRunPredictedNotToFinishInTimeEndsTheSearch() {
        // Calibrated on a stored run: 10 s for a work of 1, so seconds = 10 x work.
        let variants = [Self.variant("v0", cost: 1), Self.variant("v1", cost: 1), Self.variant("v2", cost: 1),
                        Self.variant("v3", cost: 1), Self.variant("v4", cost: 0.1)]
        let clock = FakeClock()
        let gate = BudgetGate(timeSeconds: 25, clock: { clock.now })
        let runs = variants.dropFirst().map(Self.run)
        gate.plan(Self.document(variants), records: [Self.record(variants[0], seconds: 10)], scheduled: Array(runs))
        #expect(gate.admit(runs[0]) == .start)              // 10 s of 25 left
        clock.now += 10
        gate.ended(Self.record(variants[1], seconds: 10), variant: variants[1])
        #expect(gate.admit(runs[1]) == .start)              // 10 s of 15 left
        clock.now += 10
        #expect(gate.admit(runs[2]) == .skip)               // 10 s of 5 left: the search ends here
        #expect(gate.admit(runs[3]) == .skip, "a cheaper later run (1 s) is not tried")
        #expect(gate.isClosed("e"))
        #expect(gate.timeStops == [SearchStop(experiment: "e", reason: .time, runs: 3, budget: "25s")])
    }

    @Test func beforeAnyRunFinishedThePriorPredicts() {
        let small = Self.variant("small", cost: 1e6), huge = Self.variant("huge", cost: 1e12)
        let gate = BudgetGate(timeSeconds: 60, clock: { 0 })
        gate.plan(Self.document([small, huge]), records: [], scheduled: [Self.run(small), Self.run(huge)])
        // The prior: 4e-9 s per unit of work plus 10 ms.
        #expect(gate.admit(Self.run(small)) == .start)
        #expect(gate.admit(Self.run(huge)) == .skip)
    }

    @Test func anEpochBudgetWaitsForEarlierRunsThenEndsAtTheFirstThatDoesNotFit() {
        let variants = (0..<5).map { Self.variant("v\($0)", cost: 1, epochs: 4) }
        let gate = BudgetGate(timeSeconds: nil)
        let runs = variants.map(Self.run)
        gate.plan(Self.document(variants, epochBudget: 10), records: [], scheduled: runs)
        #expect(gate.admit(runs[0]) == .start)      // 4 <= 10
        #expect(gate.admit(runs[1]) == .start)      // 4 + 4 <= 10 whatever v0 trains
        #expect(gate.admit(runs[2]) == .wait)       // 12 > 10 if both train all 4 epochs
        gate.ended(Self.record(variants[0], seconds: 1, epochs: 1), variant: variants[0])
        #expect(gate.admit(runs[2]) == .start)      // 1 + 4 + 4 <= 10
        gate.ended(Self.record(variants[1], seconds: 1, epochs: 4), variant: variants[1])
        gate.ended(Self.record(variants[2], seconds: 1, epochs: 4), variant: variants[2])
        #expect(gate.admit(runs[3]) == .skip)       // 9 + 4 > 10
        #expect(gate.stops["e"] == SearchStop(experiment: "e", reason: .epochs, runs: 3, budget: "10 epochs", trainedEpochs: 9))
        #expect(gate.timeStops.isEmpty, "epoch stops are derived, not written")
    }

    @Test func runsOfAnotherShardCountOnceTheirRecordsAppear() {
        let variants = (0..<3).map { Self.variant("v\($0)", cost: 1, epochs: 4) }
        var stored: [RunKey: RunRecord] = [:]
        let gate = BudgetGate(timeSeconds: nil, lookup: { stored[$0] })
        // This shard trains v2 only; v0 and v1 belong to another.
        let mine = [Self.run(variants[2])]
        gate.plan(Self.document(variants, epochBudget: 9), records: [], scheduled: mine)
        #expect(gate.admit(mine[0]) == .wait)
        stored[RunKey(variants[0])] = Self.record(variants[0], seconds: 1, epochs: 2)
        stored[RunKey(variants[1])] = Self.record(variants[1], seconds: 1, epochs: 3)
        #expect(gate.admit(mine[0]) == .start)      // 2 + 3 + 4 <= 9
    }

    @Test func aRunPastAnotherShardsCutIsSkippedNotKeptWaiting() {
        // v0 (another shard) trained 4, v1 (another shard) does not fit and never runs, v2 is mine.
        let variants = (0..<3).map { Self.variant("v\($0)", cost: 1, epochs: 4) }
        let stored = [RunKey(variants[0]): Self.record(variants[0], seconds: 1, epochs: 4)]
        let gate = BudgetGate(timeSeconds: nil, lookup: { stored[$0] })
        let mine = [Self.run(variants[2])]
        gate.plan(Self.document(variants, epochBudget: 7), records: [], scheduled: mine)
        #expect(gate.admit(mine[0]) == .skip)
        #expect(gate.stops["e"]?.runs == 1)
    }
}

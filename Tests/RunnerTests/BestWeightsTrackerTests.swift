import Notebook
import Records
@testable import Runner
import Testing

struct BestWeightsTrackerTests {
    let scores: [String: Double] = ["a": 0.7, "b": 0.9, "c": 0.9, "d": 0.4]

    func scheduled(_ id: String) -> ScheduledRun {
        var variant = TestVariants.variant(id, cost: 1)
        variant.config.training.save = .best
        return ScheduledRun(variant: variant,
                            job: WorkerJob(experiment: "grid", variant: id, label: variant.label, seed: 1,
                                           config: variant.config, weightsPath: "/unused/\(id).safetensors"),
                            timeoutSeconds: nil)
    }

    /// Plays runs ending in `order`; returns which ids end up holding weights on disk, and the
    /// last pointer written.
    func play(_ order: [String]) -> (onDisk: Set<String>, pointer: String?) {
        let runs = order.map(scheduled)
        let tracker = BestWeightsTracker(runs: runs, kept: [], hasWeights: { _ in false })
        var onDisk: Set<String> = []
        var pointer: String?
        for id in order {
            // The worker saves only when it beats the bar it was sent (sent just before it ends here).
            let bar = tracker.bar(for: scheduled(id))
            let rank = BestRun(value: scores[id]!, label: "v=\(id)", variant: id)
            let saved = bar.map { rank.beats($0, goal: .maximize) } ?? true
            if saved { onDisk.insert(id) }
            let decision = tracker.settle(TestVariants.record(id, metrics: ["val_accuracy": scores[id]!]), wroteWeights: saved)
            if decision.removeOwnWeights { onDisk.remove(id) }
            if let displaced = decision.displaced { onDisk.remove(displaced.variant) }
            if let new = decision.pointer { pointer = new.variant }
        }
        return (onDisk, pointer)
    }

    @Test(arguments: [["a", "b", "c", "d"], ["d", "c", "b", "a"], ["c", "a", "d", "b"], ["b", "d", "a", "c"]])
    func oneFileForTheSameWinnerWhateverTheOrder(order: [String]) {
        // b and c tie at 0.9; the smaller label (v=b) wins, as the report ranks them.
        let result = play(order)
        #expect(result.onDisk == ["b"])
        #expect(result.pointer == "b")
    }

    @Test func keptRecordsWithWeightsOnDiskSetTheBarOnResume() {
        let kept = [TestVariants.record("b", metrics: ["val_accuracy": 0.9]),
                    TestVariants.record("c", metrics: ["val_accuracy": 0.95])]
        // c is better but its file is gone (it was displaced in an earlier session): b holds.
        let tracker = BestWeightsTracker(runs: [scheduled("a")], kept: kept, hasWeights: { $0.variant == "b" })
        #expect(tracker.bar(for: scheduled("a")) == BestRun(value: 0.9, label: "v=b", variant: "b"))
        let better = tracker.settle(TestVariants.record("a", metrics: ["val_accuracy": 0.96]), wroteWeights: true)
        #expect(better == .init(removeOwnWeights: false, displaced: RunKey(experiment: "grid", variant: "b"),
                                pointer: BestWeightsPointer(experiment: "grid", variant: "a", label: "v=a",
                                                            metric: "val_accuracy", value: 0.96)))
    }

    @Test func aRunThatWroteNoWeightsChangesNothing() {
        let tracker = BestWeightsTracker(runs: [scheduled("a")], kept: [], hasWeights: { _ in true })
        #expect(tracker.settle(TestVariants.record("a", metrics: ["val_accuracy": 0.9]), wroteWeights: false) == .init())
    }
}

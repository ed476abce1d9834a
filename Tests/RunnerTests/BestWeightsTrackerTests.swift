import Notebook
@testable import Runner
import Testing

struct BestWeightsTrackerTests {
    let scores: [String: Double] = ["a": 0.7, "b": 0.9, "c": 0.9, "d": 0.4]

    func scheduled(_ id: String) -> ScheduledRun {
        let variant = TestVariants.variant(id, cost: 1)
        return ScheduledRun(variant: variant,
                            job: WorkerJob(experiment: "grid", variant: id, label: variant.label, seed: 1,
                                           config: variant.config, weightsPath: "/unused/\(id).safetensors"),
                            timeoutSeconds: nil)
    }

    /// Plays runs ending in `order`; returns which ids end up holding weights on disk.
    func play(_ order: [String]) -> Set<String> {
        let runs = order.map(scheduled)
        let tracker = BestWeightsTracker(runs: runs, kept: [])
        var onDisk: Set<String> = []
        for id in order {
            // The worker saves only when it beats the bar it was sent (sent just before it ends here).
            let bar = tracker.bar(for: scheduled(id))
            let rank = BestRun(value: scores[id]!, label: "v=\(id)", variant: id)
            let saved = bar.map { rank.beats($0, goal: .maximize) } ?? true
            let record = TestVariants.record(id, metrics: ["val_accuracy": scores[id]!], weights: saved ? "\(id).safetensors" : nil)
            if saved { onDisk.insert(id) }
            let settled = tracker.settle(record)
            if settled.record.weightsFile == nil { onDisk.remove(id) }
            if let displaced = settled.displaced { onDisk.remove(displaced.variant) }
        }
        return onDisk
    }

    @Test(arguments: [["a", "b", "c", "d"], ["d", "c", "b", "a"], ["c", "a", "d", "b"], ["b", "d", "a", "c"]])
    func oneFileForTheSameWinnerWhateverTheOrder(order: [String]) {
        // b and c tie at 0.9; the smaller label (v=b) wins, as the report ranks them.
        #expect(play(order) == ["b"])
    }

    @Test func keptRecordsSetTheBarOnResume() {
        let kept = [TestVariants.record("b", metrics: ["val_accuracy": 0.9], weights: "b.safetensors")]
        let tracker = BestWeightsTracker(runs: [scheduled("a")], kept: kept)
        #expect(tracker.bar(for: scheduled("a")) == BestRun(value: 0.9, label: "v=b", variant: "b"))
        let better = tracker.settle(TestVariants.record("a", metrics: ["val_accuracy": 0.95], weights: "a.safetensors"))
        #expect(better.record.weightsFile == "a.safetensors")
        #expect(better.displaced?.variant == "b")
    }
}

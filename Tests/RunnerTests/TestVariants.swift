import Records
import Core
@testable import Notebook

/// Variants built by hand for planner and store tests (the Notebook loader is tested elsewhere).
enum TestVariants {
    static func variant(_ id: String, cost: Double, experiment: String = "grid", hidden: [Int] = [4]) -> Variant {
        var config = RunConfig()
        config.model.hidden = hidden
        return Variant(id: id, experiment: experiment, label: "v=\(id)", seed: 1,
                       parameters: [SweptValue(name: "model.hidden", value: .list(hidden.map { .int($0) }))],
                       config: config, resolved: .map([ConfigEntry(key: "model", value: .map([
                           ConfigEntry(key: "hidden", value: .list(hidden.map { .int($0) }))]))]),
                       cost: cost)
    }

    static func record(_ id: String, experiment: String = "grid", status: RunStatus = .ok,
                       metrics: [String: Double] = ["val_accuracy": 0.5], weights: String? = nil) -> RunRecord {
        RunRecord(gradbookVersion: GradbookVersion.current, experiment: experiment, variant: id, label: "v=\(id)",
                  seed: 1, parameters: ["model.hidden": .list([.int(4)])], config: .map([]), status: status,
                  epochs: [EpochRecord(epoch: 1, learningRate: 0.01, metrics: metrics,
                                      layers: [LayerStatistics(gradientRMS: 0.1, weightRMS: 0.2, updateRatio: 0.001)])],
                  finalMetrics: metrics, seconds: 0.25, finishedAt: "2026-11-29T04:00:00Z", weightsFile: weights)
    }
}

import Core
import Foundation
@testable import Notebook
import Records
@testable import Report

/// Run records made up from a formula, for statistics whose answer is known by construction.
struct SyntheticSweep {
    var name = "synthetic"
    var method = SearchMethodKind.grid
    /// Swept parameters with their values (for a grid) and how the report treats them.
    var parameters: [(name: String, values: [ConfigValue], logScale: Bool, categorical: Bool)]
    var seeds = [1, 2, 3]
    var metric = RunConfig.Metric(name: "val_accuracy", goal: .maximize)
    var epochs = 3

    /// Every point of the grid, each seed once.
    var gridPoints: [[ConfigValue]] {
        parameters.reduce([[]]) { points, parameter in points.flatMap { point in parameter.values.map { point + [$0] } } }
    }

    func variant(_ point: [ConfigValue], seed: Int) -> Variant {
        let swept = zip(parameters, point).map { SweptValue(name: $0.0.name, value: $0.1) }
        let label = zip(parameters, point).map { "\($0.0.name.split(separator: ".").last!)=\($0.1.display)" }.joined(separator: " ")
            + " seed=\(seed)"
        return Variant(id: String(format: "%08x", abs(label.hashValueStable)), experiment: name, label: label, seed: seed,
                       parameters: swept, config: RunConfig(), resolved: .map([]), cost: 1)
    }

    func experiment(points: [[ConfigValue]]) -> Experiment {
        Experiment(name: name, method: method,
                   parameters: parameters.map { ParameterSweep(name: $0.name, summary: "values", isLogScale: $0.logScale,
                                                               isCategorical: $0.categorical) },
                   seeds: seeds, metric: metric,
                   variants: points.flatMap { point in seeds.map { variant(point, seed: $0) } }, line: 1)
    }

    /// Records of every point and seed; `value` gives the final metric (nil: the run diverged),
    /// `curve` the validation loss per epoch.
    func records(points: [[ConfigValue]], value: ([ConfigValue], Int) -> Double?,
                 curve: (([ConfigValue], Int) -> [Double])? = nil) -> [RunRecord] {
        points.flatMap { point in
            seeds.map { seed in
                let variant = variant(point, seed: seed)
                let final = value(point, seed)
                let offset: Double = 1 - (final ?? 0)
                let standard: [Double] = (1...epochs).map { (epoch: Int) -> Double in 1 / Double(epoch) + offset }
                let losses: [Double] = curve?(point, seed) ?? standard
                let epochRecords = losses.enumerated().map { index, loss in
                    EpochRecord(epoch: index + 1, learningRate: 0.01,
                                metrics: ["val_loss": final == nil ? .nan : loss, metric.name: final ?? .nan], layers: [])
                }
                return RunRecord(experiment: name, variant: variant.id, label: variant.label, seed: seed,
                                 parameters: Dictionary(uniqueKeysWithValues: variant.parameters.map { ($0.name, $0.value) }),
                                 config: .map([]), status: final == nil ? .diverged : .ok,
                                 divergedEpoch: final == nil ? 1 : nil, epochs: epochRecords,
                                 finalMetrics: final.map { [metric.name: $0, "val_loss": losses.last!] } ?? ["val_loss": .nan],
                                 seconds: 1, finishedAt: "2026-12-01T00:00:00Z")
            }
        }
    }

    func results(points: [[ConfigValue]], value: ([ConfigValue], Int) -> Double?,
                 curve: (([ConfigValue], Int) -> [Double])? = nil) -> ExperimentResults {
        ExperimentResults(experiment: experiment(points: points), records: records(points: points, value: value, curve: curve))
    }

    /// A small deterministic noise in [-1, 1] per point and seed.
    static func noise(_ point: [ConfigValue], _ seed: Int) -> Double {
        let key = point.map(\.canonical).joined(separator: ",") + "#\(seed)"
        return Double(key.hashValueStable % 2001) / 1000 - 1
    }
}

import Records
import Core
import Foundation
@testable import Notebook
@testable import Report

/// Hand-made run records of a small notebook: a learning-rate x activation grid with diverged,
/// failed, timed-out and missing runs, and an experiment with nothing swept.
enum ReportFixture {
    static let learningRates = [0.01, 0.1, 0.3]
    static let activations = ["relu", "sigmoid"]
    static let seeds = [1, 2]

    static func variant(_ rate: Double, _ activation: String, seed: Int) -> Variant {
        var config = RunConfig()
        config.training.learningRate = rate
        config.model.activation = Activation(rawValue: activation)!
        config.training.seed = seed
        let label = "lr=\(ReadableNumber.parameter(rate)) act=\(activation) seed=\(seed)"
        let id = String(format: "%08x", abs(label.hashValueStable))
        return Variant(id: id, experiment: "lr", label: label, seed: seed,
                       parameters: [SweptValue(name: "training.learning_rate", value: .double(rate)),
                                    SweptValue(name: "model.activation", value: .string(activation))],
                       config: config, resolved: .map([]), cost: 1)
    }

    static var lrExperiment: Experiment {
        Experiment(name: "lr", method: .grid,
                   parameters: [ParameterSweep(name: "training.learning_rate", summary: "values [0.01, 0.1, 0.3]",
                                               isLogScale: false, isCategorical: false),
                                ParameterSweep(name: "model.activation", summary: "values [relu, sigmoid]",
                                               isLogScale: false, isCategorical: true)],
                   seeds: seeds, metric: RunConfig.Metric(name: "val_accuracy", goal: .maximize),
                   variants: learningRates.flatMap { rate in activations.flatMap { act in seeds.map { variant(rate, act, seed: $0) } } },
                   line: 12)
    }

    static var baselineVariant: Variant {
        Variant(id: "0000base", experiment: "baseline", label: "seed=1", seed: 1, parameters: [],
                config: RunConfig(), resolved: .map([]), cost: 1)
    }

    static var baselineExperiment: Experiment {
        Experiment(name: "baseline", method: .grid, parameters: [], seeds: [1],
                   metric: RunConfig.Metric(name: "val_loss", goal: .minimize), variants: [baselineVariant], line: 30)
    }

    static var notebook: NotebookDocument {
        NotebookDocument(path: "experiments/lr-study.yaml", stem: "lr-study", title: "Learning rate | activation study",
                         description: "Which **learning rate** trains a small MLP on digits?\n",
                         cells: [.markdown("## 1. Step size\n\nToo small is slow; too large diverges.\n"),
                                 .experiment(lrExperiment),
                                 .markdown("## 2. A baseline\n"),
                                 .experiment(baselineExperiment)],
                         contentHash: String(repeating: "ab", count: 32))
    }

    /// Layers of the first epoch: sigmoid loses the signal (first/last = 1/1000), relu keeps a third.
    static func layers(_ activation: String, epoch: Int) -> [LayerStatistics] {
        let last = 0.2 / Double(epoch)
        let first = activation == "sigmoid" ? last / 1000 : last / 3
        return [first, (first * last).squareRoot(), last].map {
            LayerStatistics(gradientRMS: $0, weightRMS: 0.5, updateRatio: $0 / 0.5 * 0.01)
        }
    }

    static func record(_ variant: Variant, status: RunStatus = .ok, epochs count: Int = 3, reason: String? = nil,
                       divergedEpoch: Int? = nil) -> RunRecord {
        let rate = variant.config.training.learningRate
        let activation = variant.config.model.activation.rawValue
        let quality = (activation == "relu" ? 0.9 : 0.8) - abs(rate - 0.1) + Double(variant.seed) * 0.01
        let epochs = (1...count).map { epoch -> EpochRecord in
            let diverging = divergedEpoch.map { epoch >= $0 } ?? false
            let loss = diverging ? Double.nan : 1.0 / Double(epoch) + (1 - quality)
            return EpochRecord(epoch: epoch, learningRate: rate,
                              metrics: ["train_loss": loss * 0.9, "val_loss": loss,
                                        "train_accuracy": quality + 0.02, "val_accuracy": quality * Double(epoch) / Double(count)],
                              layers: layers(activation, epoch: epoch))
        }
        var final = epochs.last?.metrics ?? [:]
        if status == .diverged { final = ["train_loss": .nan, "val_loss": .nan] }
        if status == .failed { final = [:] }
        return RunRecord(gradbookVersion: "0.1.0", experiment: variant.experiment, variant: variant.id, label: variant.label,
                         seed: variant.seed, parameters: Dictionary(uniqueKeysWithValues: variant.parameters.map { ($0.name, $0.value) }),
                         config: variant.resolved, status: status, reason: reason, divergedEpoch: divergedEpoch,
                         epochs: epochs, finalMetrics: final, seconds: 1.5 + rate * 10,
                         finishedAt: "2026-11-29T04:00:00Z")
    }

    /// Every planned run except (0.01, sigmoid, seed 2), which the interrupted sweep never reached.
    static var records: [RunRecord] {
        var records: [RunRecord] = []
        for variant in lrExperiment.variants {
            let rate = variant.config.training.learningRate
            let activation = variant.config.model.activation.rawValue
            switch (rate, activation, variant.seed) {
            case (0.01, "sigmoid", 2): continue
            case (0.3, _, _):
                records.append(record(variant, status: .diverged, epochs: 2, reason: "loss became NaN at epoch 2", divergedEpoch: 2))
            case (0.1, "sigmoid", 2):
                records.append(record(variant, status: .failed, epochs: 1,
                                      reason: "worker killed by signal 9 | stderr:\nout of memory, \"batch\" too big"))
            case (0.01, "relu", 2):
                records.append(record(variant, status: .timed_out, epochs: 2, reason: "exceeded timeout of 10 s"))
            default:
                records.append(record(variant))
            }
        }
        var baseline = record(baselineVariant)
        baseline.epochs = baseline.epochs.map { var entry = $0; entry.layers = []; return entry }
        records.append(baseline)
        return records
    }

    static var missing: [(variant: Variant, owner: String?)] {
        [(variant(0.01, "sigmoid", seed: 2), "array task 2")]
    }

    static var context: ReportContext {
        ReportContext(command: "gradbook run experiments/lr-study.yaml", jobs: 2, cores: 2, wallSeconds: 192.4,
                      date: "2026-11-29T04:00:00Z", incomplete: true, missing: missing)
    }

    /// A real 1x1 PNG, so exports can embed and link something without the Charts module.
    static let tinyPNG: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
        0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xFF, 0xFF, 0x3F,
        0x00, 0x05, 0xFE, 0x02, 0xFE, 0xA7, 0x35, 0x81, 0x84, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
        0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    static let fixedCharts: ChartRendering = {
        var charts = ChartRendering(loss: { _ in tinyPNG }, metric: { _ in tinyPNG }, heatmap: { _ in tinyPNG },
                                    gradients: { _ in tinyPNG }, depthProfile: { _ in tinyPNG },
                                    importance: { _ in tinyPNG }, parallel: { _ in tinyPNG }, costQuality: { _ in tinyPNG },
                                    cellPlot: { _ in tinyPNG })
        charts.heatmapPanels = { _ in tinyPNG }
        charts.searchProgress = { _ in tinyPNG }
        return charts
    }()

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

extension String {
    /// FNV-1a: a hash that is the same in every process (String.hashValue is seeded per run).
    var hashValueStable: Int {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: hash & 0x7fffffff)
    }
}

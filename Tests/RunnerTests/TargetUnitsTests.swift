import Core
import Backprop
import Datasets
import Foundation
import Notebook
@testable import Runner
import Testing

/// A regression CSV with targets around 1e5 learns (the worker standardises the targets) and its
/// records and saved weights speak the data's units.
struct TargetUnitsTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-targets-\(UUID().uuidString)")

    /// 160 rows: y = 1e5 * (4 + 2a - 1.5b), a and b spread over [0, 1) by fixed strides.
    func writeCSV() throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var text = "a;b;price\n"
        for row in 0..<160 {
            let a = Double((row * 37) % 160) / 160, b = Double((row * 61) % 160) / 160
            text += "\(a);\(b);\(Int((1e5 * (4 + 2 * a - 1.5 * b)).rounded()))\n"
        }
        let path = folder.appendingPathComponent("prices.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func job(csv: String, normalize: Normalization = .standard) -> WorkerJob {
        var config = RunConfig()
        config.dataset.csv = csv
        config.dataset.target = "price"
        config.dataset.validation = 0.25
        config.dataset.normalize = normalize
        config.model.hidden = [8]
        config.training.epochs = 25
        config.training.learningRate = 0.01
        config.training.batchSize = 16
        config.training.save = .all
        config.metric.name = "val_r2"
        return WorkerJob(experiment: "prices", variant: "v1", label: "lr=0.01", seed: 1, config: config,
                         weightsPath: folder.appendingPathComponent("v1.safetensors").path)
    }

    @Test func largeTargetsLearnAndReportOriginalUnits() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = try writeCSV()
        var cache = DatasetCache(limit: 2)
        nonisolated(unsafe) var epochs: [EpochRecord] = []
        let run = try #require(WorkerLoop.train(job(csv: csv), cache: &cache) { message in
            if let entry = message.epoch { epochs.append(entry) }
        }.outcome)
        #expect(run.status == .ok)
        let r2 = try #require(run.finalMetrics["val_r2"])
        #expect(r2 > 0.9)
        #expect(epochs.count == 25 && epochs.last?.metrics["val_r2"] == r2)

        // val_r2 = 1 - val_mse / variance of the validation targets, in the original units.
        let raw = try DatasetLoader.load(EngineMapping.datasetSpec(job(csv: csv, normalize: .none).config.dataset))
        guard case .values(let targets) = try #require(raw.validation).targets else {
            Issue.record("expected value targets")
            return
        }
        let y = targets.storage.map(Double.init)
        let mean = y.reduce(0, +) / Double(y.count)
        let variance = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)
        let mse = try #require(run.finalMetrics["val_mse"])
        #expect(abs((1 - mse / variance) - r2) < 1e-4)
        let loss = try #require(run.finalMetrics["val_loss"])
        #expect(mse > 1e6 && abs(loss - mse) <= 1e-3 * mse)
        #expect(try #require(run.finalMetrics["val_mae"]) > 100)

        // The saved weights say how to invert the predictions.
        let bytes = try Data(contentsOf: folder.appendingPathComponent("v1.safetensors"))
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try #require(try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + headerLength))) as? [String: Any])
        let metadata = try #require(header["__metadata__"] as? [String: String])
        let fitted = try #require(cache.load(EngineMapping.datasetSpec(job(csv: csv).config.dataset,
                                                                       model: job(csv: csv).config.model)).targetScaling)
        #expect(metadata["target_mean"].flatMap(Float.init) == fitted.shift[0])
        #expect(metadata["target_std"].flatMap(Float.init) == fitted.scale[0])
    }

    @Test func rawTargetsWithNormalizeNoneAndForNonLinearHeads() throws {
        let dataset = RunConfig.Dataset()
        var model = RunConfig.Model()
        #expect(EngineMapping.datasetSpec(dataset, model: model).standardizeTargets)
        model.output = .sigmoid
        #expect(try !EngineMapping.datasetSpec(dataset, model: model).standardizeTargets)
        #expect(WorkerLoop.targetMetadata(nil).isEmpty)
        let metadata = WorkerLoop.targetMetadata(FeatureScaling(method: .standard, shift: [400000, 2.5], scale: [150000, 1]))
        #expect(metadata == ["target_mean": "400000.0,2.5", "target_std": "150000.0,1.0"])
    }
}

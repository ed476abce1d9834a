import Backprop
import Datasets
import Foundation
import Notebook

extension LayerEntry {
    public init(_ statistics: LayerStatistics) {
        self.init(gradientRMS: statistics.gradientRMS, weightRMS: statistics.weightRMS,
                  updateRatio: statistics.updateRatio)
    }
}

extension EpochEntry {
    public init(_ record: EpochRecord) {
        self.init(epoch: record.epoch, learningRate: record.learningRate, metrics: record.metrics,
                  layers: record.layers.map(LayerEntry.init))
    }
}

extension TrainedRun {
    /// The worker's summary of an engine result. `bestEpoch` is the epoch early stopping kept, or
    /// else the epoch with the best value of `metric` (nil when no epoch reports it).
    public init(_ result: TrainingResult, metric: RunConfig.Metric, seconds: Double, weightsFile: String?) {
        let epochs = result.epochs.map(EpochEntry.init)
        var status = RunStatus.ok
        var reason: String?
        var divergedEpoch: Int?
        var bestEpoch = TrainedRun.bestEpoch(of: epochs, metric: metric)
        switch result.outcome {
        case .completed:
            break
        case .earlyStopped(let kept):
            status = .early_stopped
            bestEpoch = kept
        case .diverged(let epoch, let why):
            status = .diverged
            divergedEpoch = epoch
            reason = why
        }
        self.init(status: status, reason: reason, divergedEpoch: divergedEpoch, bestEpoch: bestEpoch,
                  epochs: epochs, finalMetrics: result.finalMetrics, seconds: seconds, weightsFile: weightsFile)
    }

    /// The epoch with the best finite value of `metric` (earliest on ties).
    public static func bestEpoch(of epochs: [EpochEntry], metric: RunConfig.Metric) -> Int? {
        var best: (epoch: Int, value: Double)?
        for entry in epochs {
            guard let value = entry.metrics[metric.name], value.isFinite else { continue }
            if let current = best {
                let better = metric.maximize ? value > current.value : value < current.value
                if better { best = (entry.epoch, value) }
            } else {
                best = (entry.epoch, value)
            }
        }
        return best?.epoch
    }
}

extension RunRecord {
    /// The record of `variant` from what its worker reported.
    public init(variant: Variant, run: TrainedRun, shard: Shard?, finishedAt: Date = Date()) {
        self.init(gradbookVersion: GradbookVersion.current, experiment: variant.experiment,
                  variant: variant.id, label: variant.label, seed: variant.seed,
                  parameters: Dictionary(variant.parameters.map { ($0.name, $0.value) },
                                         uniquingKeysWith: { _, last in last }),
                  config: variant.resolved, status: run.status, reason: run.reason,
                  divergedEpoch: run.divergedEpoch, bestEpoch: run.bestEpoch, epochs: run.epochs,
                  finalMetrics: run.finalMetrics, seconds: run.seconds,
                  finishedAt: RunRecord.timestamp(finishedAt), shard: shard?.description,
                  weightsFile: run.weightsFile)
    }

    /// ISO 8601 in UTC with seconds, as records and reports state times.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

extension EpochRecord {
    /// This epoch's metrics in the data's units when the engine learned standardised targets.
    public func inOriginalUnits(_ scaling: FeatureScaling?) -> EpochRecord {
        guard let scaling else { return self }
        var record = self
        record.metrics = scaling.metricsInOriginalUnits(metrics)
        return record
    }
}

extension TrainingResult {
    /// Every epoch's and the final metrics in the data's units (see `EpochRecord.inOriginalUnits`).
    public func inOriginalUnits(_ scaling: FeatureScaling?) -> TrainingResult {
        guard let scaling else { return self }
        var result = self
        result.epochs = epochs.map { $0.inOriginalUnits(scaling) }
        result.finalMetrics = scaling.metricsInOriginalUnits(finalMetrics)
        return result
    }
}

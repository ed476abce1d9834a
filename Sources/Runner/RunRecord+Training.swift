import Backprop
import Core
import Datasets
import Foundation
import Notebook
import Records

extension RunOutcome {
    /// The worker's summary of an engine result. `bestEpoch` is the epoch early stopping kept, or
    /// else the epoch with the best value of `metric` (nil when no epoch reports it).
    public init(_ result: TrainingResult, metric: RunConfig.Metric, seconds: Double, weightsFile: String?) {
        var status = RunStatus.ok
        var reason: String?
        var divergedEpoch: Int?
        var bestEpoch = RunOutcome.bestEpoch(of: result.epochs, metric: metric.name, goal: metric.goal)
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
                  epochs: result.epochs, finalMetrics: result.finalMetrics, seconds: seconds, weightsFile: weightsFile,
                  numerics: Numerics.version)
    }
}

extension RunRecord {
    /// The record of `variant` from what its worker reported.
    public init(variant: Variant, outcome: RunOutcome, shard: Shard?, finishedAt: Date = Date()) {
        self.init(experiment: variant.experiment, variant: variant.id, label: variant.label, seed: variant.seed,
                  parameters: Dictionary(variant.parameters.map { ($0.name, $0.value) },
                                         uniquingKeysWith: { _, last in last }),
                  config: variant.resolved, outcome: outcome,
                  finishedAt: RunRecord.timestamp(finishedAt), shard: shard?.description)
        fold = variant.fold
    }
}

extension EpochRecord {
    /// This epoch's metrics in the data's units when the engine learned standardised targets.
    public func inOriginalUnits(_ scaling: FeatureScaling?, loss: LossFunction = .mse) -> EpochRecord {
        guard let scaling else { return self }
        var record = self
        record.metrics = scaling.metricsInOriginalUnits(metrics, loss: loss)
        return record
    }
}

extension TrainingResult {
    /// Every epoch's and the final metrics in the data's units (see `EpochRecord.inOriginalUnits`).
    public func inOriginalUnits(_ scaling: FeatureScaling?) -> TrainingResult {
        guard let scaling else { return self }
        var result = self
        let loss = network.spec.loss.function(for: network.spec.head)
        result.epochs = epochs.map { $0.inOriginalUnits(scaling, loss: loss) }
        result.finalMetrics = scaling.metricsInOriginalUnits(finalMetrics, loss: loss)
        return result
    }
}

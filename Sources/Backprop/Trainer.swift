import Core

public struct TrainingResult: Sendable {
    public var outcome: TrainingOutcome
    /// One record per epoch that ran.
    public var epochs: [EpochRecord]
    /// Metrics of the weights that were kept (the best epoch's when early stopping restored them):
    /// train_* and val_* as in EpochRecord, plus test_* when a test split was given.
    public var finalMetrics: [String: Double]
    public var network: Network

    public init(outcome: TrainingOutcome, epochs: [EpochRecord], finalMetrics: [String: Double], network: Network) {
        self.outcome = outcome
        self.epochs = epochs
        self.finalMetrics = finalMetrics
        self.network = network
    }
}

public enum Trainer {
    /// Trains a fresh network of `network` shape on `data` by `training`.
    /// `onEpoch` is called after every epoch; returning false stops training early (the outcome is
    /// then `.completed` with the epochs so far) - the runner uses it for cancellation.
    ///
    /// Per-epoch `train_*` metrics are running means over the epoch's mini-batches (computed on the
    /// forward pass before each update, as PyTorch loops and scikit-learn's loss curve do);
    /// `val_*` are a full pass after the epoch. `finalMetrics` are full passes over every split with
    /// the kept weights. Non-finite metric values are left out of the dictionaries (so they always
    /// encode as JSON); a missing `train_loss` therefore means the loss was not finite.
    ///
    /// Training runs with flush-to-zero / denormals-are-zero on in the calling thread (and in the
    /// gemm threads of `training.threads`), restored on return: `Numerics.version` 2.
    public static func train(network: NetworkSpec, training: TrainingSpec, data: LabeledData,
                             validation: LabeledData?, test: LabeledData? = nil,
                             onEpoch: (EpochRecord) -> Bool = { _ in true }) -> TrainingResult {
        // Nothing pauses an uninterrupted run, so it always finishes.
        try! train(network: network, training: training, data: data, validation: validation, test: test,
                   from: nil, control: .uninterrupted, onEpoch: onEpoch).result!
    }

    /// Trains as above, steered by `control` (checkpoints, pauses), continuing from `checkpoint`
    /// when one is given (its epochs are not passed to `onEpoch` again). The run's numbers are the
    /// same bits however often it was checkpointed, paused and resumed. Throws `CheckpointError`
    /// (before training anything) when `checkpoint` does not belong to this network, training and data.
    public static func train(network: NetworkSpec, training: TrainingSpec, data: LabeledData,
                             validation: LabeledData?, test: LabeledData? = nil, from checkpoint: TrainingCheckpoint?,
                             control: TrainingControl,
                             onEpoch: (EpochRecord) -> Bool = { _ in true }) throws -> TrainingProgress {
        let session = TrainingSession(spec: network, training: training, data: data)
        if let checkpoint { try session.restore(checkpoint) }
        return Numerics.with(flushingDenormals: training.flushDenormals) {
            session.run(validation: validation, test: test, control: control, onEpoch: onEpoch)
        }
    }
}

/// When a run counts as diverged (checked after every epoch on the training loss): the loss is
/// not finite (NaN or infinite; a non-finite batch also ends the epoch at once), or it exceeds
/// both `explosionFactor` x the first epoch's training loss and `explosionFloor`.
public enum DivergenceRule {
    public static let explosionFactor: Double = 1e3
    public static let explosionFloor: Double = 1e4

    /// The reason `loss` counts as divergence, or nil.
    public static func reason(loss: Double, firstLoss: Double?) -> String? {
        if loss.isNaN { return "training loss became NaN" }
        if !loss.isFinite { return "training loss became infinite" }
        if let first = firstLoss, first.isFinite, loss > explosionFactor * first, loss > explosionFloor {
            return "training loss \(readable(loss)) exceeds \(Int(explosionFactor))x the first epoch's \(readable(first))"
        }
        return nil
    }

    /// Four significant digits, so a reason reads "9.830e4", not "98300.27976953669".
    static func readable(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return "\(value)" }
        let exponent = Int(_log10(abs(value)).rounded(.down))
        if (-2...4).contains(exponent) {
            // Scale by exact powers of ten in the direction that keeps the rounding exact.
            let text: String
            if exponent >= 3 {
                let factor = _pow(10, Double(exponent - 3))
                text = "\((value / factor).rounded() * factor)"
            } else {
                let scale = _pow(10, Double(3 - exponent))
                text = "\((value * scale).rounded() / scale)"
            }
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        let mantissa = (value / _pow(10, Double(exponent)) * 1000).rounded() / 1000
        return "\(mantissa)e\(exponent)"
    }
}

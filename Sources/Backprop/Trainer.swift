// PUBLIC API CONTRACT (other modules compile against these signatures; the engine fills them in).

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
    public static func train(network: NetworkSpec, training: TrainingSpec, data: LabeledData,
                             validation: LabeledData?, test: LabeledData? = nil,
                             onEpoch: (EpochRecord) -> Bool = { _ in true }) -> TrainingResult {
        let session = TrainingSession(spec: network, training: training, data: data)
        return session.run(validation: validation, test: test, onEpoch: onEpoch)
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
        if !loss.isFinite { return "training loss is \(loss)" }
        if let first = firstLoss, first.isFinite, loss > explosionFactor * first, loss > explosionFloor {
            return "training loss \(loss) exceeds \(Int(explosionFactor))x the first epoch's \(first)"
        }
        return nil
    }
}

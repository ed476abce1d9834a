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
    public static func train(network: NetworkSpec, training: TrainingSpec, data: LabeledData,
                             validation: LabeledData?, test: LabeledData? = nil,
                             onEpoch: (EpochRecord) -> Bool = { _ in true }) -> TrainingResult {
        fatalError("engine not implemented yet")
    }
}

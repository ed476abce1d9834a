public enum TrainingOutcome: Sendable, Equatable {
    case completed
    /// Early stopping fired; `bestEpoch` is the epoch whose weights were kept (if restored).
    case earlyStopped(bestEpoch: Int)
    /// A non-finite or exploding loss at `epoch`.
    case diverged(epoch: Int, reason: String)
}

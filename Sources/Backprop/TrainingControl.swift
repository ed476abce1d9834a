/// How a caller steers a run between steps: when to checkpoint, when to pause. The one mechanism
/// behind time-based checkpoints, stop signals and adaptive search's pauses at an epoch (a
/// hyperband rung: `pauseAfterEpoch`, then `Trainer.train(..., from: checkpoint)` when promoted).
///
/// The session asks `atBoundary` after every training step that leaves rows of the epoch to go,
/// and after every epoch that leaves epochs to go (never after the run's last step: the run then
/// ends). Asking costs a closure call; a checkpoint is only built when one is asked for.
public struct TrainingControl {
    public enum Action: Sendable, Equatable {
        /// Keep training.
        case proceed
        /// Hand `save` a checkpoint of this boundary, then keep training.
        case checkpoint
        /// Stop here and return the checkpoint (`TrainingProgress.paused`).
        case pause
    }

    public var atBoundary: () -> Action
    /// Receives each checkpoint of a `.checkpoint` answer (the caller writes it somewhere).
    public var save: (TrainingCheckpoint) -> Void
    /// Pause at the end of this epoch (1-based) when the run has not ended by then.
    public var pauseAfterEpoch: Int?

    public init(atBoundary: @escaping () -> Action = { .proceed }, save: @escaping (TrainingCheckpoint) -> Void = { _ in },
                pauseAfterEpoch: Int? = nil) {
        self.atBoundary = atBoundary
        self.save = save
        self.pauseAfterEpoch = pauseAfterEpoch
    }

    /// Never checkpoints, never pauses: a run from start to end.
    public static var uninterrupted: TrainingControl { TrainingControl() }
}

/// Where a run stands when `Trainer.train` returns.
public enum TrainingProgress: Sendable {
    /// The run ended (completed, early stopped or diverged).
    case finished(TrainingResult)
    /// The run stopped at a boundary on request; train again `from:` this checkpoint to continue.
    case paused(TrainingCheckpoint)

    public var result: TrainingResult? {
        if case .finished(let result) = self { return result }
        return nil
    }
}

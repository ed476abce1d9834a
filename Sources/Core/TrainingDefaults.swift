/// The default of every training setting, stated once: the notebook's `RunConfig` and the
/// engine's `TrainingSpec` (which Swift users of the library build directly) both start here.
public enum TrainingDefaults {
    public static let optimizer = OptimizerKind.adam
    public static let learningRate = 0.001
    public static let momentum = 0.9
    public static let batchSize = 32
    public static let epochs = 30
    public static let weightDecay = 0.0
    public static let schedule = ScheduleKind.constant
    public static let stepEpochs = 10
    public static let gamma = 0.1
    public static let minimumLearningRate = 0.0
    public static let warmupEpochs = 0
    public static let seed = 1
    public static let patience = 5
    public static let minDelta = 0.0
    public static let restoreBest = true
    /// `training.checkpoint`: a minute of training between mid-run checkpoints.
    public static let checkpointSeconds: Double? = 60
}

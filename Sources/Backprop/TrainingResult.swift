/// Per-layer view of backpropagation in one epoch (layer 0 is the first hidden layer). The
/// per-step values are averaged over the epoch's steps, sampled evenly when an epoch has more than
/// 8 steps (every k-th step, k = steps / 8 rounded down; see `LayerStatisticsAccumulator`).
public struct LayerStatistics: Sendable, Equatable, Codable {
    /// RMS of the layer's weight gradients (as applied, after clipping), averaged over the steps.
    public var gradientRMS: Double
    /// RMS of the layer's weights at the end of the epoch.
    public var weightRMS: Double
    /// RMS of the epoch's weight updates divided by the weight RMS (averaged over steps).
    public var updateRatio: Double

    public init(gradientRMS: Double, weightRMS: Double, updateRatio: Double) {
        self.gradientRMS = gradientRMS
        self.weightRMS = weightRMS
        self.updateRatio = updateRatio
    }
}

public struct EpochRecord: Sendable, Equatable, Codable {
    /// 1-based epoch number.
    public var epoch: Int
    public var learningRate: Double
    /// Metric name -> value for this epoch: `train_loss`, `val_loss`, `train_accuracy`,
    /// `val_accuracy` (classification) or `train_mse`, `val_mse`, `val_mae`, `val_r2` (regression).
    public var metrics: [String: Double]
    public var layers: [LayerStatistics]

    public init(epoch: Int, learningRate: Double, metrics: [String: Double], layers: [LayerStatistics]) {
        self.epoch = epoch
        self.learningRate = learningRate
        self.metrics = metrics
        self.layers = layers
    }
}

public enum TrainingOutcome: Sendable, Equatable {
    case completed
    /// Early stopping fired; `bestEpoch` is the epoch whose weights were kept (if restored).
    case earlyStopped(bestEpoch: Int)
    /// A non-finite or exploding loss at `epoch`.
    case diverged(epoch: Int, reason: String)
}

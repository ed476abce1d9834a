/// Per-layer view of backpropagation in one epoch (layer 0 is the first hidden layer). The
/// per-step values are averaged over the epoch's steps, sampled evenly when an epoch has more than
/// 8 steps (every k-th step, k = steps / 8 rounded down; see `LayerStatisticsAccumulator`).
///
/// The engine produces it, the worker sends it, the record stores it and the report reads it:
/// one type with one JSON spelling (snake_case) all the way.
public struct LayerStatistics: Sendable, Hashable, Codable {
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

    enum CodingKeys: String, CodingKey {
        case gradientRMS = "gradient_rms", weightRMS = "weight_rms", updateRatio = "update_ratio"
    }
}

/// One epoch of a run, as the engine reports it and every later stage keeps it.
public struct EpochRecord: Sendable, Hashable, Codable {
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

    enum CodingKeys: String, CodingKey {
        case epoch, learningRate = "learning_rate", metrics, layers
    }
}

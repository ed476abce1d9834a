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

/// The statistics of the normalisation after one hidden layer: its scale (gamma) and its shift
/// (beta), each a row of its own, named as the weights export names them (`norms.{i}.weight`,
/// `norms.{i}.bias`). Same averaging as `LayerStatistics`; the update ratio of a shift whose
/// values are all zero (its initial value) counts as 0 for that step.
public struct NormStatistics: Sendable, Hashable, Codable {
    public var weight: LayerStatistics
    public var bias: LayerStatistics

    public init(weight: LayerStatistics, bias: LayerStatistics) {
        self.weight = weight
        self.bias = bias
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
    /// norms[i]: the normalisation after hidden layer i; empty when the network has none.
    public var norms: [NormStatistics]

    public init(epoch: Int, learningRate: Double, metrics: [String: Double], layers: [LayerStatistics],
                norms: [NormStatistics] = []) {
        self.epoch = epoch
        self.learningRate = learningRate
        self.metrics = metrics
        self.layers = layers
        self.norms = norms
    }

    enum CodingKeys: String, CodingKey {
        case epoch, learningRate = "learning_rate", metrics, layers, norms
    }

    // `norms` is written only when there are some, so a record of a network without norms keeps
    // the bytes it had before they existed, and read as empty when absent (records written
    // before norm rows existed load unchanged).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        epoch = try container.decode(Int.self, forKey: .epoch)
        learningRate = try container.decode(Double.self, forKey: .learningRate)
        metrics = try container.decode([String: Double].self, forKey: .metrics)
        layers = try container.decode([LayerStatistics].self, forKey: .layers)
        norms = try container.decodeIfPresent([NormStatistics].self, forKey: .norms) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(learningRate, forKey: .learningRate)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(layers, forKey: .layers)
        if !norms.isEmpty { try container.encode(norms, forKey: .norms) }
    }
}

import Foundation

public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case ok, early_stopped, diverged, timed_out, failed

    /// Finished runs are kept on resume; failed and timed-out ones run again.
    public var isFinished: Bool { self == .ok || self == .early_stopped || self == .diverged }
}

/// Per-layer gradient flow of one epoch, as stored in run records.
public struct LayerEntry: Sendable, Hashable, Codable {
    public var gradientRMS: Double
    public var weightRMS: Double
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

public struct EpochEntry: Sendable, Hashable, Codable {
    public var epoch: Int
    public var learningRate: Double
    /// `train_loss`, `val_loss`, `train_accuracy`, `val_accuracy`, `val_mse`, ...
    public var metrics: [String: Double]
    public var layers: [LayerEntry]

    public init(epoch: Int, learningRate: Double, metrics: [String: Double], layers: [LayerEntry]) {
        self.epoch = epoch
        self.learningRate = learningRate
        self.metrics = metrics
        self.layers = layers
    }

    enum CodingKeys: String, CodingKey {
        case epoch, learningRate = "learning_rate", metrics, layers
    }
}

/// Everything known about one finished (or failed) run: `runs/<experiment>/<variant id>.json`.
public struct RunRecord: Sendable, Codable {
    public var formatVersion: Int = 1
    public var gradbookVersion: String
    public var experiment: String
    public var variant: String
    public var label: String
    public var seed: Int
    /// Swept parameter values by dotted name.
    public var parameters: [String: ConfigValue]
    /// The resolved configuration, nested as in the notebook.
    public var config: ConfigValue
    public var status: RunStatus
    /// Why a run failed, timed out or diverged (signal, exit code, stderr tail, loss value, ...).
    public var reason: String?
    public var divergedEpoch: Int?
    public var bestEpoch: Int?
    public var epochs: [EpochEntry]
    public var finalMetrics: [String: Double]
    /// Wall-clock seconds of training.
    public var seconds: Double
    /// ISO 8601 time the run ended.
    public var finishedAt: String
    /// `I/N` when the run came from a shard of the plan.
    public var shard: String?
    /// File name of saved weights beside the record, if any.
    public var weightsFile: String?

    public init(gradbookVersion: String, experiment: String, variant: String, label: String, seed: Int,
                parameters: [String: ConfigValue], config: ConfigValue, status: RunStatus,
                reason: String? = nil, divergedEpoch: Int? = nil, bestEpoch: Int? = nil,
                epochs: [EpochEntry], finalMetrics: [String: Double], seconds: Double,
                finishedAt: String, shard: String? = nil, weightsFile: String? = nil) {
        self.gradbookVersion = gradbookVersion
        self.experiment = experiment
        self.variant = variant
        self.label = label
        self.seed = seed
        self.parameters = parameters
        self.config = config
        self.status = status
        self.reason = reason
        self.divergedEpoch = divergedEpoch
        self.bestEpoch = bestEpoch
        self.epochs = epochs
        self.finalMetrics = finalMetrics
        self.seconds = seconds
        self.finishedAt = finishedAt
        self.shard = shard
        self.weightsFile = weightsFile
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", gradbookVersion = "gradbook_version", experiment, variant,
             label, seed, parameters, config, status, reason, divergedEpoch = "diverged_epoch",
             bestEpoch = "best_epoch", epochs, finalMetrics = "final_metrics", seconds,
             finishedAt = "finished_at", shard, weightsFile = "weights_file"
    }
}

public enum GradbookVersion {
    public static let current = "0.1.0"
}

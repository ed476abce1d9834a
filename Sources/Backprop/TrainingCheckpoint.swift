import Core

/// Everything a training run needs to continue exactly where it stopped, taken at a batch
/// boundary: resuming from it gives the same bits, epoch for epoch, as never stopping.
///
/// What a run's future depends on, and where it is kept here: the parameters and the
/// non-trainable buffers (batch norm's running statistics, `ParameterLayout`'s buffer region)
/// with their batch count; the optimizer's step number, NAdam's momentum product and its moment
/// buffers; the position of each random stream (shuffle and dropout: initialisation is done);
/// the epoch, its shuffled order and the next row of it, with the epoch's running metric sums and
/// layer statistics so far; divergence's first loss; early stopping's best epoch, value, weights
/// and patience count; and the epoch records so far. Gradients and the workspace are rewritten by
/// every step, so they are not part of it.
///
/// `fingerprint` names the network, training and data shape it belongs to; `TrainingSession`
/// refuses a checkpoint of anything else. `trainingSeconds` is the caller's: the time trained
/// before this checkpoint (over every earlier resume), for timeouts that span resumes.
public struct TrainingCheckpoint: Sendable, Equatable {
    public struct OptimizerState: Sendable, Equatable {
        public var step: Int
        public var muProduct: Double
        public var first: [Float]?
        public var second: [Float]?
    }

    /// Early stopping's best epoch so far (1-based), its monitored value, and its weights and
    /// running statistics (weights only with `restore_best`).
    public struct Best: Sendable, Equatable {
        public var epoch: Int
        public var value: Double
        public var parameters: [Float]?
        public var buffers: [Float]
    }

    /// Where in the run: `epoch` is 0-based; `nextRow` is the first row of `order` not yet
    /// trained in that epoch. `inEpoch` false means the epoch has not started (its order is not
    /// shuffled yet, its sums are empty): an epoch boundary.
    public struct Position: Sendable, Equatable {
        public var epoch: Int
        public var inEpoch: Bool
        public var nextRow: Int
        public var stepIndex: Int
    }

    public var fingerprint: String
    public var position: Position
    public var parameters: [Float]
    public var buffers: [Float]
    public var batchesTracked: Int
    public var optimizer: OptimizerState
    public var shuffle: [UInt64]
    public var dropout: [UInt64]
    public var order: [Int]
    /// The epoch's running sums (`MetricTally`, `LayerStatisticsAccumulator`) as flat numbers.
    public var tally: [Double]
    public var tallyCounts: [Int]
    public var layerSums: [Double]
    public var layerSteps: Int
    public var firstLoss: Double?
    public var best: Best?
    public var epochsWithoutImprovement: Int
    /// Epoch records so far (in the engine's units, as `onEpoch` received them).
    public var epochs: [EpochRecord]
    public var trainingSeconds: Double

    /// Epochs completed.
    public var completedEpochs: Int { epochs.count }
}

extension TrainingCheckpoint {
    /// What a checkpoint must match to continue a run: the network, every training setting that
    /// changes a number (not `threads`), the numerics version and the data's size and shape.
    public static func fingerprint(network: NetworkSpec, training: TrainingSpec, data: LabeledData) -> String {
        var settings = training
        settings.threads = 1
        let encoder = JSONCoding.encoder(pretty: false)
        let networkBytes = (try? encoder.encode(network)).map(Array.init) ?? []
        let trainingBytes = (try? encoder.encode(settings)).map(Array.init) ?? []
        let shape = Array("numerics \(Numerics.version) rows \(data.count) features \(data.featureCount)".utf8)
        return SHA256.hexDigest(networkBytes + [0] + trainingBytes + [0] + shape)
    }
}

/// The architecture of a multilayer perceptron: input -> hidden blocks -> output head. Each hidden
/// block is `linear -> norm -> activation -> dropout`, wrapped as `h + block(h)` when `residual`
/// is set and its input and output widths are equal (see `HiddenBlock`).
import Core
public struct NetworkSpec: Sendable, Equatable, Codable {
    public var inputSize: Int
    public var hidden: [Int]
    public var outputSize: Int
    public var activation: Activation
    public var head: OutputHead
    public var initScheme: InitScheme
    /// Dropout probability after each hidden activation, one per hidden layer; empty = none.
    public var dropout: [Double]
    /// The normalisation after each hidden linear layer.
    public var norm: NormKind
    /// Identity skips around hidden blocks whose input and output widths are equal.
    public var residual: Bool
    /// The loss the head is trained (and evaluated) with.
    public var loss: LossSpec

    public init(inputSize: Int, hidden: [Int], outputSize: Int, activation: Activation,
                head: OutputHead, initScheme: InitScheme? = nil, dropout: [Double] = [], norm: NormKind = .none,
                residual: Bool = false, loss: LossSpec = LossSpec()) {
        precondition(dropout.isEmpty || dropout.count == hidden.count,
                     "\(dropout.count) dropout probabilities for \(hidden.count) hidden layers")
        precondition(dropout.allSatisfy { $0 >= 0 && $0 < 1 }, "dropout probabilities lie in [0, 1)")
        self.inputSize = inputSize
        self.hidden = hidden
        self.outputSize = outputSize
        self.activation = activation
        self.head = head
        self.initScheme = initScheme ?? (activation.isReluLike ? .he : .glorot)
        self.dropout = dropout
        self.norm = norm
        self.residual = residual
        precondition(loss.function(for: head).pairs(with: head), "loss \(loss.function(for: head)) does not pair with a \(head) head")
        self.loss = loss
    }

    /// Specs encoded before dropout, norm, residual and the loss existed decode as networks without them.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(inputSize: try c.decode(Int.self, forKey: .inputSize), hidden: try c.decode([Int].self, forKey: .hidden),
                  outputSize: try c.decode(Int.self, forKey: .outputSize),
                  activation: try c.decode(Activation.self, forKey: .activation),
                  head: try c.decode(OutputHead.self, forKey: .head),
                  initScheme: try c.decode(InitScheme.self, forKey: .initScheme),
                  dropout: try c.decodeIfPresent([Double].self, forKey: .dropout) ?? [],
                  norm: try c.decodeIfPresent(NormKind.self, forKey: .norm) ?? .none,
                  residual: try c.decodeIfPresent(Bool.self, forKey: .residual) ?? false,
                  loss: try c.decodeIfPresent(LossSpec.self, forKey: .loss) ?? LossSpec())
    }

    /// Layer widths including input and output: [in, h1, ..., out].
    public var widths: [Int] { [inputSize] + hidden + [outputSize] }
    /// Where each layer's parameters live in the flat buffers (computed on each call: keep it when
    /// reading it more than once, as `Network` and the training session do).
    public var layout: ParameterLayout { ParameterLayout(spec: self) }
    /// Trainable parameters, as the layout counts them.
    public var parameterCount: Int { layout.parameterCount }
    /// What surrounds each hidden layer's linear map, one entry per hidden layer.
    public var blocks: [HiddenBlock] {
        let skips = ResidualSkips.fit(inputSize: inputSize, hidden: hidden)
        return hidden.indices.map { l in
            HiddenBlock(norm: norm, dropout: dropout.isEmpty ? 0 : dropout[l], residual: residual && skips[l])
        }
    }
    /// Hidden layers wrapped in a skip connection (residual set and equal widths).
    public var residualBlockCount: Int { blocks.filter(\.residual).count }
}

/// Hidden layer l as a block: `z = W h + b`, `y = norm(z)`, `a = act(y)`, `d = dropout(a)`, and the
/// block's output `h' = residual ? h + d : d` (PyTorch's order; dropout is the identity in eval mode).
public struct HiddenBlock: Sendable, Equatable {
    public var norm: NormKind
    public var dropout: Double
    public var residual: Bool

    /// A block that is only `act(W h + b)`: the passes keep their original fast path for it.
    public var isPlain: Bool { norm == .none && dropout == 0 && !residual }
}

public struct ScheduleSpec: Sendable, Equatable, Codable {
    public var kind: ScheduleKind
    /// step: multiply by `gamma` every `stepEpochs`; exponential: multiply by `gamma` every epoch;
    /// cosine: anneal to `minimumRate` over the run. `warmupEpochs` ramps linearly up first.
    public var stepEpochs: Int
    public var gamma: Double
    public var minimumRate: Double
    public var warmupEpochs: Int

    public init(kind: ScheduleKind = TrainingDefaults.schedule, stepEpochs: Int = TrainingDefaults.stepEpochs,
                gamma: Double = TrainingDefaults.gamma, minimumRate: Double = TrainingDefaults.minimumLearningRate,
                warmupEpochs: Int = TrainingDefaults.warmupEpochs) {
        self.kind = kind
        self.stepEpochs = stepEpochs
        self.gamma = gamma
        self.minimumRate = minimumRate
        self.warmupEpochs = warmupEpochs
    }
}

public struct EarlyStoppingSpec: Sendable, Equatable, Codable {
    public var patience: Int
    public var minDelta: Double
    public var restoreBest: Bool

    public init(patience: Int = TrainingDefaults.patience, minDelta: Double = TrainingDefaults.minDelta,
                restoreBest: Bool = TrainingDefaults.restoreBest) {
        self.patience = patience
        self.minDelta = minDelta
        self.restoreBest = restoreBest
    }
}

public struct TrainingSpec: Sendable, Equatable, Codable {
    public var optimizer: OptimizerKind
    public var learningRate: Double
    /// Momentum coefficient for momentum / nesterov (and rmsprop's alpha is `rmspropAlpha`).
    public var momentum: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var rmspropAlpha: Double
    public var weightDecay: Double
    /// Clip the global gradient norm to this value before the step; nil = no clipping.
    public var clipNorm: Double?
    public var batchSize: Int
    /// The rows of a full mini-batch on `samples` training rows: a batch larger than the data is
    /// the whole data, and never less than one row.
    public func batchRows(samples: Int) -> Int { max(1, min(batchSize, samples)) }
    public var epochs: Int
    public var schedule: ScheduleSpec
    public var earlyStopping: EarlyStoppingSpec?
    /// Seed for initialisation and shuffling.
    public var seed: UInt64
    /// Threads the matrix products of one step split over (operational: the results are the
    /// same bits for any value).
    public var threads: Int = 1
    /// Flush-to-zero / denormals-are-zero while training (`Numerics.version` 2). Always on in
    /// runs; `gradbook bench --flush-denormals off` clears it to measure what subnormals cost.
    public var flushDenormals: Bool = true

    public init(optimizer: OptimizerKind = TrainingDefaults.optimizer, learningRate: Double = TrainingDefaults.learningRate,
                momentum: Double = TrainingDefaults.momentum, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, rmspropAlpha: Double = 0.99, weightDecay: Double = TrainingDefaults.weightDecay,
                clipNorm: Double? = nil, batchSize: Int = TrainingDefaults.batchSize, epochs: Int = TrainingDefaults.epochs,
                schedule: ScheduleSpec = ScheduleSpec(), earlyStopping: EarlyStoppingSpec? = nil,
                seed: UInt64 = UInt64(TrainingDefaults.seed), threads: Int = 1) {
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.momentum = momentum
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.rmspropAlpha = rmspropAlpha
        self.weightDecay = weightDecay
        self.clipNorm = clipNorm
        self.batchSize = batchSize
        self.epochs = epochs
        self.schedule = schedule
        self.earlyStopping = earlyStopping
        self.seed = seed
        self.threads = threads
    }
}

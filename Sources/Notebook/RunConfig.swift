/// The typed, validated configuration of one run. Names of activations, optimizers, ... are the
/// notebook's words, checked against the injected `Vocabulary`; the Runner maps them to the engine.
public struct RunConfig: Sendable, Hashable, Codable {
    public struct Dataset: Sendable, Hashable, Codable {
        /// A built-in or shipped data set (`moons`, `digits`, ...); nil when `csv` or `idx` is used.
        public var name: String?
        /// Absolute path of a CSV file (resolved relative to the notebook).
        public var csv: String?
        /// Absolute paths of MNIST-style IDX files.
        public var idxImages: String?
        public var idxLabels: String?
        public var target: String?
        public var features: [String]?
        /// auto | classification | regression
        public var task: String = "auto"
        public var validation: Double = 0.2
        public var test: Double = 0
        /// standard | minmax | none
        public var normalize: String = "standard"
        public var seed: Int = 0
        /// Generator options (built-in synthetic sets only).
        public var n: Int?
        public var noise: Double?
        public var classes: Int?
        public var dimensions: Int?

        public init() {}
    }

    public struct Model: Sendable, Hashable, Codable {
        public var hidden: [Int] = [64]
        public var activation: String = "relu"
        /// auto | softmax | sigmoid | linear
        public var output: String = "auto"
        /// auto | he | glorot | lecun
        public var initScheme: String = "auto"

        public init() {}
    }

    public struct EarlyStopping: Sendable, Hashable, Codable {
        public var patience: Int = 5
        public var minDelta: Double = 0
        public var restoreBest: Bool = true

        public init() {}
    }

    public struct Training: Sendable, Hashable, Codable {
        public var optimizer: String = "adam"
        public var learningRate: Double = 0.001
        public var momentum: Double = 0.9
        public var batchSize: Int = 32
        public var epochs: Int = 30
        public var weightDecay: Double = 0
        public var clipNorm: Double?
        /// constant | step | exponential | cosine
        public var schedule: String = "constant"
        public var stepEpochs: Int = 10
        public var gamma: Double = 0.1
        public var minLearningRate: Double = 0
        public var warmupEpochs: Int = 0
        public var earlyStopping: EarlyStopping?
        /// Per-run wall-clock limit in seconds.
        public var timeoutSeconds: Double?
        public var seed: Int = 1
        /// none | best | all
        public var save: String = "best"

        public init() {}
    }

    public struct Metric: Sendable, Hashable, Codable {
        public var name: String = "val_accuracy"
        /// maximize | minimize
        public var goal: String = "maximize"

        public init() {}
        public init(name: String, goal: String) {
            self.name = name
            self.goal = goal
        }

        public var maximize: Bool { goal == "maximize" }
    }

    public var dataset = Dataset()
    public var model = Model()
    public var training = Training()
    public var metric = Metric()

    public init() {}
}

import Core

/// The typed, validated configuration of one run: closed sets are `Core` enums from the notebook
/// edge on (`auto` is nil), so nothing downstream re-checks a word. Its JSON (the worker wire)
/// uses the notebook's snake_case key names, as the resolved tree in run records does.
public struct RunConfig: Sendable, Hashable, Codable {
    public struct IDXFiles: Sendable, Hashable, Codable {
        /// An images file and its labels file.
        public struct Pair: Sendable, Hashable, Codable {
            public var images: String
            public var labels: String

            public init(images: String, labels: String) {
                self.images = images
                self.labels = labels
            }
        }

        /// Absolute paths of MNIST-style IDX files.
        public var images: String
        public var labels: String
        /// Fixed held-out files (`idx: {..., validation: {images, labels}, test: {...}}`).
        public var validation: Pair?
        public var test: Pair?

        public init(images: String, labels: String, validation: Pair? = nil, test: Pair? = nil) {
            self.images = images
            self.labels = labels
            self.validation = validation
            self.test = test
        }
    }

    public struct Dataset: Sendable, Hashable, Codable {
        /// A built-in or shipped data set (`moons`, `digits`, ...); nil when `csv` or `idx` is used.
        public var name: String?
        /// Absolute path of a CSV file (resolved relative to the notebook).
        public var csv: String?
        public var idx: IDXFiles?
        public var target: String?
        public var features: [String]?
        /// nil is `auto`: from the target column or the built-in set's catalogue entry.
        public var task: LearningTask?
        public var validation: Double = 0.2
        public var test: Double = 0
        public var normalize: Normalization = .standard
        public var seed: Int = 0
        /// Generator options (built-in synthetic sets only).
        public var n: Int?
        public var noise: Double?
        public var classes: Int?
        public var dimensions: Int?
        /// CSV only: what missing cells do, and how features are filled under `impute`.
        public var missing: MissingPolicy = .error
        public var impute: NumericImputation = .mean
        public var imputeText: TextImputation = .most_frequent
        public var naValues: [String] = MissingPolicy.defaultSpellings
        /// CSV feature columns one-hot encoded whatever their values.
        public var categorical: [String] = []
        /// `dataset.folds`: k-fold cross-validation over the rows outside the test split.
        public var folds: Int?
        /// The fold (1-based) this run validates on: set by the variant factory, one variant per
        /// fold, never written in a notebook. Part of the variant id (see `identity`).
        public var fold: Int?
        /// Absolute paths of fixed held-out CSV files with the training file's columns.
        public var validationCSV: String?
        public var testCSV: String?

        public init() {}

        /// The validation split comes from its own file rather than a fraction of the training data.
        public var hasValidationFile: Bool { validationCSV != nil || idx?.validation != nil }
        public var hasTestFile: Bool { testCSV != nil || idx?.test != nil }

        enum CodingKeys: String, CodingKey {
            case name, csv, idx, target, features, task, validation, test, normalize, seed, n, noise, classes,
                 dimensions, missing, impute, imputeText = "impute_text", naValues = "na_values", categorical,
                 folds, fold, validationCSV = "validation_csv", testCSV = "test_csv"
        }
    }

    public struct Model: Sendable, Hashable, Codable {
        public var hidden: [Int] = [64]
        public var activation: Activation = .relu
        /// nil is `auto`: softmax for several classes, sigmoid for two, linear for regression.
        public var output: OutputHead?
        /// nil is `auto`: He for relu-like activations, Glorot otherwise.
        public var initScheme: InitScheme?
        /// Dropout after each hidden activation: one probability for every hidden layer, or one per layer.
        public var dropout: [Double] = [0]
        public var norm: NormKind = .none
        public var residual: Bool = false
        /// `model.width` / `model.depth` as written: the builder turns them into `hidden` (the
        /// only form that travels, is stored and is hashed), so they are not coded.
        public var width: Int?
        public var depth: Int?

        public init() {}

        /// The per-layer dropout probabilities the engine takes (empty when there is none).
        public var dropoutPerLayer: [Double] {
            if dropout.allSatisfy({ $0 == 0 }) { return [] }
            return dropout.count == 1 ? [Double](repeating: dropout[0], count: hidden.count) : dropout
        }

        enum CodingKeys: String, CodingKey {
            case hidden, activation, output, initScheme = "init", dropout, norm, residual
        }

        /// Configurations written before dropout, norm and residual existed decode with their defaults.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            hidden = try c.decode([Int].self, forKey: .hidden)
            activation = try c.decode(Activation.self, forKey: .activation)
            output = try c.decodeIfPresent(OutputHead.self, forKey: .output)
            initScheme = try c.decodeIfPresent(InitScheme.self, forKey: .initScheme)
            dropout = try c.decodeIfPresent([Double].self, forKey: .dropout) ?? [0]
            norm = try c.decodeIfPresent(NormKind.self, forKey: .norm) ?? .none
            residual = try c.decodeIfPresent(Bool.self, forKey: .residual) ?? false
        }
    }

    public struct EarlyStopping: Sendable, Hashable, Codable {
        public var patience: Int = TrainingDefaults.patience
        public var minDelta: Double = TrainingDefaults.minDelta
        public var restoreBest: Bool = TrainingDefaults.restoreBest

        public init() {}

        enum CodingKeys: String, CodingKey {
            case patience, minDelta = "min_delta", restoreBest = "restore_best"
        }
    }

    public struct Training: Sendable, Hashable, Codable {
        public var optimizer: OptimizerKind = TrainingDefaults.optimizer
        public var learningRate: Double = TrainingDefaults.learningRate
        public var momentum: Double = TrainingDefaults.momentum
        public var batchSize: Int = TrainingDefaults.batchSize
        public var epochs: Int = TrainingDefaults.epochs
        public var weightDecay: Double = TrainingDefaults.weightDecay
        public var clipNorm: Double?
        public var schedule: ScheduleKind = TrainingDefaults.schedule
        public var stepEpochs: Int = TrainingDefaults.stepEpochs
        public var gamma: Double = TrainingDefaults.gamma
        public var minLearningRate: Double = TrainingDefaults.minimumLearningRate
        public var warmupEpochs: Int = TrainingDefaults.warmupEpochs
        /// nil is `auto`: cross-entropy for softmax and sigmoid heads, mse for a linear head.
        public var loss: LossFunction?
        public var huberDelta: Double = 1
        public var labelSmoothing: Double = 0
        public var classWeight: ClassWeighting = .none
        public var earlyStopping: EarlyStopping?
        /// Per-run wall-clock limit in seconds.
        public var timeoutSeconds: Double?
        /// Training seconds between mid-run checkpoints (0: at every step); nil is `none`.
        public var checkpointSeconds: Double? = TrainingDefaults.checkpointSeconds
        public var seed: Int = TrainingDefaults.seed
        public var save: SaveMode = .best
        /// Threads one run's matrix products split over; operational (bit-identical results).
        public var threads: Int = 1

        public init() {}

        enum CodingKeys: String, CodingKey {
            case optimizer, learningRate = "learning_rate", momentum, batchSize = "batch_size", epochs,
                 weightDecay = "weight_decay", clipNorm = "clip_norm", schedule, stepEpochs = "step_epochs",
                 gamma, minLearningRate = "min_learning_rate", warmupEpochs = "warmup",
                 loss, huberDelta = "huber_delta", labelSmoothing = "label_smoothing", classWeight = "class_weight",
                 earlyStopping = "early_stopping", timeoutSeconds = "timeout", checkpointSeconds = "checkpoint", seed, save,
                 threads
        }
    }

    public struct Metric: Sendable, Hashable, Codable {
        public var name: String = "val_accuracy"
        public var goal: Goal = .maximize
        /// `metric.target`: an adaptive search proposes no round after one in which some
        /// configuration's mean over seeds reached it. Operational, like the whole metric.
        public var target: Double?

        public init() {}
        public init(name: String, goal: Goal, target: Double? = nil) {
            self.name = name
            self.goal = goal
            self.target = target
        }

        /// True when `value` is at least as good as the target.
        public func reaches(_ value: Double) -> Bool {
            guard let target else { return false }
            return goal == .maximize ? value >= target : value <= target
        }

        public var maximize: Bool { goal == .maximize }
    }

    /// Boxed: the variants of a sweep mostly share their data set (~0.3 kB), and the variant
    /// factory gives equal ones one box (coded as the plain value: JSON bytes unchanged).
    @SharedValue public var dataset = Dataset()
    public var model = Model()
    public var training = Training()
    public var metric = Metric()

    public init() {}
}
